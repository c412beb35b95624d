import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { checkPlan } from '../src/checks/plan.js';
import type { Finding } from '../src/findings.js';
import { Plan } from '../src/schemas/plan.js';
import { describeIssues, firstProblem, validate } from '../src/validate.js';

type PlanInput = z.input<typeof Plan>;
type InterventionInput = NonNullable<PlanInput['interventions']>[number];

/** A valid plan around the given sub-goals and interventions. */
function plan(over: Partial<PlanInput> = {}) {
  return Plan.parse({ citizenWishes: 'Jeg vil klare mig selv.', overallGoal: { kind: 'employment' }, ...over });
}

/** An intervention titled by its id, linked to sub-goal `g1` unless told otherwise. */
function iv(id: string, extra: Partial<InterventionInput> = {}): InterventionInput {
  return { id, title: id, department: 'jobcenter', subGoals: ['g1'], ...extra };
}

const g1 = { id: 'g1', title: 'Kan tage bussen alene', criterion: 'Tager bussen alene tre gange' };

const ofCode = (findings: Finding[], code: string) => findings.filter((f) => f.code === code);
const codes = (findings: Finding[]) => findings.map((f) => f.code);

function examplePlan(): unknown {
  return JSON.parse(readFileSync(new URL('../../../examples/data/plan.json', import.meta.url), 'utf8'));
}

describe('checkPlan: sub-goals and links', () => {
  it('warns about a sub-goal without a measurable criterion', () => {
    const found = checkPlan(plan({ subGoals: [g1, { id: 'g2', title: 'Praktik', criterion: '   ' }] }));
    expect(found).toEqual([
      {
        code: 'plan.sub-goal-not-measurable',
        severity: 'warning',
        message: {
          da: 'Delmålet »Praktik« har intet målbart kriterium.',
          en: 'The sub-goal “Praktik” has no measurable criterion.',
        },
        path: 'subGoals[1].criterion',
        subject: 'g2',
      },
    ]);
  });

  it('warns about an intervention linked to no sub-goal', () => {
    const found = checkPlan(plan({ subGoals: [g1], interventions: [iv('A'), iv('B'), iv('C', { subGoals: [] })] }));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      code: 'plan.intervention-unlinked',
      severity: 'warning',
      path: 'interventions[2].subGoals',
      subject: 'C',
      message: { da: 'Indsatsen »C« er ikke knyttet til et delmål.', en: 'The intervention “C” is not linked to a sub-goal.' },
    });
  });

  it('reports a link to a sub-goal that does not exist', () => {
    const found = checkPlan(plan({ subGoals: [g1], interventions: [iv('A'), iv('B', { subGoals: ['g1', 'g-ghost'] })] }));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      code: 'plan.unknown-sub-goal',
      severity: 'error',
      path: 'interventions[1].subGoals[1]',
      subject: 'B',
      data: { subGoal: 'g-ghost' },
    });
    expect(found[0]!.message.en).toBe('The intervention “B” refers to a sub-goal that does not exist: g-ghost.');
    expect(found[0]!.message.da).toBe('Indsatsen »B« henviser til et delmål, der ikke findes: g-ghost.');
  });

  it('reports a dependency on an intervention that does not exist', () => {
    const found = checkPlan(plan({ subGoals: [g1], interventions: [iv('A', { dependsOn: ['ghost'] })] }));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      code: 'plan.unknown-dependency',
      severity: 'error',
      path: 'interventions[0].dependsOn[0]',
      subject: 'A',
      data: { dependency: 'ghost' },
    });
    expect(found[0]!.message.en).toContain('does not exist: ghost');
    expect(found[0]!.message.da).toContain('der ikke findes: ghost');
  });

  it('reports ids used twice, for sub-goals and interventions', () => {
    const found = checkPlan(
      plan({
        subGoals: [g1, { ...g1, title: 'Igen' }],
        interventions: [iv('A'), iv('B'), iv('A', { title: 'Anden A' })],
      }),
    );
    expect(ofCode(found, 'plan.duplicate-id')).toEqual([
      {
        code: 'plan.duplicate-id',
        severity: 'error',
        message: { da: "Id'et g1 er brugt mere end én gang.", en: 'The id g1 is used more than once.' },
        path: 'subGoals[1].id',
        subject: 'g1',
      },
      {
        code: 'plan.duplicate-id',
        severity: 'error',
        message: { da: "Id'et A er brugt mere end én gang.", en: 'The id A is used more than once.' },
        path: 'interventions[2].id',
        subject: 'A',
      },
    ]);
    expect(found).toHaveLength(2);
  });
});

describe('checkPlan: dates and sequence', () => {
  it('reports an intervention that ends before it starts, but not one that starts and ends the same day', () => {
    const found = checkPlan(
      plan({
        subGoals: [g1],
        interventions: [iv('A', { start: '2026-12-02', end: '2026-12-01' }), iv('B', { start: '2026-12-01', end: '2026-12-01' })],
      }),
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      code: 'plan.dates-out-of-order',
      severity: 'error',
      path: 'interventions[0].end',
      subject: 'A',
      data: { start: '2026-12-02', end: '2026-12-01' },
    });
    expect(found[0]!.message.en).toBe('The intervention “A” ends (2026-12-01) before it starts (2026-12-02).');
    expect(found[0]!.message.da).toBe('Indsatsen »A« slutter (2026-12-01) før den starter (2026-12-02).');
  });

  it('warns when an intervention starts before the one it waits for ends', () => {
    const found = checkPlan(
      plan({
        subGoals: [g1],
        interventions: [
          iv('A', { start: '2026-11-02', end: '2026-12-31' }),
          iv('B', { start: '2026-12-01', dependsOn: ['A'] }),
          iv('C', { start: '2026-12-31', dependsOn: ['A'] }), // same day: fine
          iv('D', { start: '2027-01-04', dependsOn: ['A'] }),
        ],
      }),
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      code: 'plan.sequence-out-of-order',
      severity: 'warning',
      path: 'interventions[1].start',
      subject: 'B',
      data: { dependency: 'A' },
    });
    expect(found[0]!.message.en).toBe('The intervention “B” starts 2026-12-01, before “A”, which it waits for, ends 2026-12-31.');
    expect(found[0]!.message.da).toBe('Indsatsen »B« starter 2026-12-01, før »A«, som den venter på, slutter 2026-12-31.');
  });

  it('warns when an intervention starts after its sub-goal is due', () => {
    const goal = { ...g1, targetDate: '2026-12-31' };
    const found = checkPlan(
      plan({
        subGoals: [goal],
        interventions: [iv('A', { start: '2026-12-31' }), iv('B', { start: '2027-01-01' })],
      }),
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      code: 'plan.starts-after-target-date',
      severity: 'warning',
      path: 'interventions[1].start',
      subject: 'B',
      data: { subGoal: 'g1' },
    });
    expect(found[0]!.message.en).toBe('The intervention “B” starts 2027-01-01, after the sub-goal “Kan tage bussen alene” is due (2026-12-31).');
  });
});

describe('checkPlan: dependency cycles', () => {
  const cycleFindings = (interventions: InterventionInput[]) =>
    ofCode(checkPlan(plan({ subGoals: [g1], interventions })), 'plan.dependency-cycle');

  it('names the cycle in order, from its first member in plan order back to itself', () => {
    const found = cycleFindings([iv('A', { dependsOn: ['B'] }), iv('B', { dependsOn: ['C'] }), iv('C', { dependsOn: ['A'] })]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      severity: 'error',
      path: 'interventions[0].dependsOn',
      subject: 'A',
      data: { cycle: ['A', 'B', 'C'] },
    });
    expect(found[0]!.message.da).toBe('Indsatserne venter på hinanden i ring: »A« → »B« → »C« → »A«.');
    expect(found[0]!.message.en).toBe('The interventions wait for each other in a cycle: “A” → “B” → “C” → “A”.');
  });

  it('starts from the first member in plan order even when the search enters the cycle elsewhere', () => {
    // X is outside the cycle and leads into it at C.
    const found = cycleFindings([
      iv('X', { dependsOn: ['C'] }),
      iv('A', { dependsOn: ['B'] }),
      iv('B', { dependsOn: ['C'] }),
      iv('C', { dependsOn: ['A'] }),
    ]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ path: 'interventions[1].dependsOn', subject: 'A', data: { cycle: ['A', 'B', 'C'] } });
    expect(found[0]!.message.da).toContain('»A« → »B« → »C« → »A«');
  });

  it('reports a self-dependency', () => {
    const found = cycleFindings([iv('A'), iv('B', { dependsOn: ['B'] })]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ path: 'interventions[1].dependsOn', subject: 'B', data: { cycle: ['B'] } });
    expect(found[0]!.message.da).toBe('Indsatserne venter på hinanden i ring: »B« → »B«.');
    expect(found[0]!.message.en).toBe('The interventions wait for each other in a cycle: “B” → “B”.');
  });

  it('reports one shortest cycle per tangle, and separate tangles in plan order', () => {
    const found = cycleFindings([
      iv('A', { dependsOn: ['C', 'B'] }),
      iv('B', { dependsOn: ['A'] }),
      iv('C', { dependsOn: ['D'] }),
      iv('D', { dependsOn: ['C'] }),
    ]);
    expect(found.map((f) => f.data?.cycle)).toEqual([['A', 'B'], ['C', 'D']]);

    const shortest = cycleFindings([iv('A', { dependsOn: ['B', 'C'] }), iv('B', { dependsOn: ['C'] }), iv('C', { dependsOn: ['A'] })]);
    expect(shortest).toHaveLength(1);
    expect(shortest[0]!.message.en).toContain('“A” → “C” → “A”');
  });

  it('finds no cycle in a chain', () => {
    expect(cycleFindings([iv('A'), iv('B', { dependsOn: ['A'] }), iv('C', { dependsOn: ['A', 'B'] })])).toEqual([]);
  });
});

describe('checkPlan: budget', () => {
  it('sums each department and the total exactly, in øre', () => {
    const found = checkPlan(
      plan({
        subGoals: [g1],
        interventions: [
          iv('A', { department: 'familie', budgetDkk: 0.1 }),
          iv('B', { department: 'familie', budgetDkk: 0.2 }),
          iv('C', { department: 'jobcenter', budgetDkk: 1234567.5 }),
          iv('D', { department: 'psykiatri' }), // no budget: not listed
        ],
      }),
    );
    expect(found).toEqual([
      {
        code: 'plan.budget-department',
        severity: 'info',
        message: { da: 'Budget for familie: 0,30 kr.', en: 'Budget for familie: DKK 0.30' },
        subject: 'familie',
        data: { department: 'familie', amountDkk: 0.3 },
      },
      {
        code: 'plan.budget-department',
        severity: 'info',
        message: { da: 'Budget for jobcenter: 1.234.567,50 kr.', en: 'Budget for jobcenter: DKK 1,234,567.50' },
        subject: 'jobcenter',
        data: { department: 'jobcenter', amountDkk: 1234567.5 },
      },
      {
        code: 'plan.budget-total',
        severity: 'info',
        message: {
          da: 'Samlet budget: 1.234.567,80 kr. (familie og jobcenter)',
          en: 'Total budget: DKK 1,234,567.80 (familie and jobcenter)',
        },
        data: { amountDkk: 1234567.8 },
      },
    ]);
    // 0.1 + 0.2 in floating point is 0.30000000000000004; the check must not be.
    expect(found[0]!.data!.amountDkk).toBe(0.3);
  });

  it('does not drift where amounts × 100 are not whole (0.01 + 0.14)', () => {
    const found = checkPlan(
      plan({ subGoals: [g1], interventions: [iv('A', { budgetDkk: 0.01 }), iv('B', { budgetDkk: 0.14 })] }),
    );
    expect(found.map((f) => f.data?.amountDkk)).toEqual([0.15, 0.15]);
    expect(found[1]!.message).toEqual({ da: 'Samlet budget: 0,15 kr. (jobcenter)', en: 'Total budget: DKK 0.15 (jobcenter)' });
  });

  it('sums any amounts in whole øre exactly (property)', () => {
    const budget = fc.record({ department: fc.constantFrom('familie', 'jobcenter', 'psykiatri'), oere: fc.integer({ min: 0, max: 1e9 }) });
    fc.assert(
      fc.property(fc.array(budget, { minLength: 1, maxLength: 12 }), (budgets) => {
        const found = checkPlan(
          plan({
            subGoals: [g1],
            interventions: budgets.map((b, i) => iv(`iv-${i}`, { department: b.department, budgetDkk: b.oere / 100 })),
          }),
        );
        const perDepartment = new Map<string, number>();
        for (const b of budgets) perDepartment.set(b.department, (perDepartment.get(b.department) ?? 0) + b.oere);
        const total = budgets.reduce((sum, b) => sum + b.oere, 0);
        expect(found.map((f) => f.data)).toEqual([
          ...[...perDepartment].map(([department, oere]) => ({ department, amountDkk: oere / 100 })),
          { amountDkk: total / 100 },
        ]);
      }),
      { numRuns: 300 },
    );
  });

  it('uses department names when given', () => {
    const found = checkPlan(
      plan({ subGoals: [g1], interventions: [iv('A', { department: 'familie', budgetDkk: 1000 }), iv('B', { budgetDkk: 19.99 })] }),
      { departmentNames: { familie: 'Familieafdelingen', jobcenter: 'Jobcentret' } },
    );
    expect(found.map((f) => f.message.da)).toEqual([
      'Budget for Familieafdelingen: 1.000 kr.',
      'Budget for Jobcentret: 19,99 kr.',
      'Samlet budget: 1.019,99 kr. (Familieafdelingen og Jobcentret)',
    ]);
    expect(found[2]!.message.en).toBe('Total budget: DKK 1,019.99 (Familieafdelingen and Jobcentret)');
    expect(found[2]!.data).toEqual({ amountDkk: 1019.99 });
  });

  it('falls back to the department id for names not given, even ids like "toString"', () => {
    const found = checkPlan(plan({ subGoals: [g1], interventions: [iv('A', { department: 'toString', budgetDkk: 5 })] }), {
      departmentNames: { jobcenter: 'Jobcentret' },
    });
    expect(found.map((f) => f.message.en)).toEqual(['Budget for toString: DKK 5', 'Total budget: DKK 5 (toString)']);
  });

  it('gives no budget findings when nothing is budgeted', () => {
    expect(checkPlan(plan({ subGoals: [g1], interventions: [iv('A')] }))).toEqual([]);
  });
});

describe('checkPlan: whole plans', () => {
  it('yields exactly the expected findings for the example plan', () => {
    const found = checkPlan(Plan.parse(examplePlan()));
    expect(found.map((f) => [f.code, f.path ?? null, f.subject ?? null, f.data ?? null])).toEqual([
      ['plan.sub-goal-not-measurable', 'subGoals[2].criterion', 'sg-internship', null],
      ['plan.budget-department', null, 'familie', { department: 'familie', amountDkk: 48000 }],
      ['plan.budget-department', null, 'psykiatri', { department: 'psykiatri', amountDkk: 22500 }],
      ['plan.budget-department', null, 'jobcenter', { department: 'jobcenter', amountDkk: 9500 }],
      ['plan.budget-total', null, null, { amountDkk: 80000 }],
    ]);
    expect(found[0]!.message.da).toBe('Delmålet »Virksomhedspraktik i en dyreklinik« har intet målbart kriterium.');
    expect(found[4]!.message).toEqual({
      da: 'Samlet budget: 80.000 kr. (familie, psykiatri og jobcenter)',
      en: 'Total budget: DKK 80,000 (familie, psykiatri and jobcenter)',
    });
  });

  it('yields only budget information for a clean plan', () => {
    const found = checkPlan(
      plan({
        subGoals: [
          { ...g1, targetDate: '2027-06-30' },
          { id: 'g2', title: 'Praktik', criterion: 'Gennemfører otte ugers praktik', targetDate: '2027-12-31' },
        ],
        interventions: [
          iv('A', { start: '2027-01-04', end: '2027-03-31', budgetDkk: 5000 }),
          iv('B', { department: 'familie', start: '2027-04-01', end: '2027-06-30', subGoals: ['g1', 'g2'], dependsOn: ['A'], budgetDkk: 7500.25 }),
        ],
      }),
    );
    expect(codes(found)).toEqual(['plan.budget-department', 'plan.budget-department', 'plan.budget-total']);
    expect(found.every((f) => f.severity === 'info')).toBe(true);
    expect(found[2]!.data).toEqual({ amountDkk: 12500.25 });
  });

  it('writes every message in Danish and English', () => {
    const found = checkPlan(
      plan({
        subGoals: [
          { id: 'g1', title: 'Mål', targetDate: '2026-12-31' },
          { id: 'g2', title: 'Andet mål', criterion: 'x' },
          { id: 'g2', title: 'Andet mål igen', criterion: 'x' },
        ],
        interventions: [
          iv('A', { start: '2027-02-01', end: '2027-01-01', budgetDkk: 10 }),
          iv('B', { subGoals: ['nope'], dependsOn: ['A', 'ghost'], start: '2026-12-01' }),
          iv('C', { subGoals: [], dependsOn: ['C'] }),
          iv('C'),
        ],
      }),
    );
    expect(new Set(codes(found))).toEqual(
      new Set([
        'plan.duplicate-id',
        'plan.sub-goal-not-measurable',
        'plan.intervention-unlinked',
        'plan.unknown-sub-goal',
        'plan.unknown-dependency',
        'plan.dates-out-of-order',
        'plan.sequence-out-of-order',
        'plan.starts-after-target-date',
        'plan.dependency-cycle',
        'plan.budget-department',
        'plan.budget-total',
      ]),
    );
    for (const f of found) {
      expect(f.message.da.length, f.code).toBeGreaterThan(0);
      expect(f.message.en.length, f.code).toBeGreaterThan(0);
      expect(f.message.da, f.code).not.toBe(f.message.en);
    }
  });
});

describe('validate(Plan, …)', () => {
  it('locates a missing field by path and never throws', () => {
    const bad = { citizenWishes: 'Jeg vil klare mig selv.', overallGoal: { kind: 'employment' }, interventions: [{ id: 'A', title: 'A' }] };
    const result = validate(Plan, bad);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({ path: 'interventions[0].department', pathSegments: ['interventions', 0, 'department'] });
    expect(describeIssues(result.issues)).toMatch(/^interventions\[0\]\.department: /);
  });

  it('refuses a CPR number in an id', () => {
    const result = validate(Plan, { ...(examplePlan() as object), caseReference: 'SAG 010190-1234' });
    expect(result).toMatchObject({ ok: false, issues: [{ path: 'caseReference', message: 'must not contain a CPR number' }] });
  });

  it('names the root for input that is not an object', () => {
    const result = validate(Plan, 'not a plan');
    expect(result).toMatchObject({ ok: false, issues: [{ path: '', pathSegments: [] }] });
    if (!result.ok) expect(describeIssues(result.issues)).toMatch(/^\(root\): /);
  });

  it('accepts the example plan and fills in defaults', () => {
    const result = validate(Plan, examplePlan());
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.interventions[0]!.dependsOn).toEqual([]);
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        const result = validate(Plan, input);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
    const circular: Record<string, unknown> = { citizenWishes: 'x', overallGoal: { kind: 'other' } };
    circular.interventions = [circular];
    expect(() => validate(Plan, circular)).not.toThrow();
    expect(() => validate(Plan, undefined)).not.toThrow();
  });
});

describe('firstProblem(Plan, …)', () => {
  it('agrees with validate: the value when valid, else the path of the first problem', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.constant(examplePlan())), (input) => {
        const full = validate(Plan, input);
        const first = firstProblem(Plan, input);
        if (full.ok) expect(first).toEqual({ ok: true, value: full.value });
        else expect(first).toEqual({ ok: false, path: full.issues[0]!.path });
      }),
      { numRuns: 300 },
    );
    const hostile = Object.defineProperty({}, 'citizenWishes', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    expect(firstProblem(Plan, hostile)).toEqual({ ok: false, path: '' });
    const bad = { citizenWishes: 'Jeg vil klare mig selv.', overallGoal: { kind: 'employment' }, interventions: [{ id: 'A', title: 'A' }] };
    expect(firstProblem(Plan, bad)).toEqual({ ok: false, path: 'interventions[0].department' });
  });
});

describe('plan.legal-basis-missing', () => {
  it('finds an active intervention without a legal basis, and only an active one', () => {
    const found = checkPlan(plan({ subGoals: [g1], interventions: [iv('A', { status: 'active' }), iv('B', { status: 'active', legalBasis: 'LAB § 30 b' }), iv('C')] }));
    expect(ofCode(found, 'plan.legal-basis-missing')).toEqual([
      {
        code: 'plan.legal-basis-missing',
        severity: 'warning',
        message: { da: 'Den aktive indsats »A« har ingen hjemmel (fx SEL § 52).', en: 'The active intervention “A” states no legal basis (e.g. SEL § 52).' },
        path: 'interventions[0].legalBasis',
        subject: 'A',
      },
    ]);
  });

  it('takes a short reference to the law, bounded and without a CPR number', () => {
    const raw = (legalBasis: string) => ({ citizenWishes: 'Jeg vil klare mig selv.', overallGoal: { kind: 'employment' }, interventions: [iv('A', { legalBasis })] });
    const basis = (legalBasis: string) => validate(Plan, raw(legalBasis));
    for (const ok of ['SEL § 52', 'LAB § 30 b', 'BL § 32, stk. 1', 'Sundhedsloven § 140']) expect(basis(ok).ok, ok).toBe(true);
    for (const bad of ['§ 52', 'S', 'SEL § 52 <script>', 'SEL § 52 '.repeat(5), 'SEL 010190-1234']) expect(basis(bad).ok, bad).toBe(false);
    expect(Plan.parse(raw('  SEL § 52 ')).interventions[0]!.legalBasis).toBe('SEL § 52');
  });
});
