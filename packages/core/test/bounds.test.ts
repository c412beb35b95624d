import { describe, expect, it } from 'vitest';
import { IsoDate, IsoDateTime, LIMITS, Person, Plan, RcRating, ResponsibilityMatrix, validate, Version } from '../src/index.js';

const refusal = (schema: Parameters<typeof validate>[0], value: unknown) => {
  const r = validate(schema, value);
  return r.ok ? undefined : r.issues[0]!.message;
};

describe('dates and instants', () => {
  it('refuses instants outside 1900-2200, offsets beyond ±14:00, days that do not exist and sub-millisecond precision', () => {
    for (const bad of [
      '0000-01-01T00:00:00Z',
      '0001-01-01T00:00:00+14:00',
      '0049-06-01T12:00:00Z',
      '1899-12-31T23:59:59Z',
      '2201-01-01T00:00:00Z',
      '2026-03-02T09:15:00-23:59',
      '2026-03-02T09:15:00+14:01',
      '9999-12-31T23:59:59-15:00',
      '2026-02-30T10:00:00Z',
      '2026-03-02T24:00:00Z',
      '2026-03-02T09:15:00.0001Z',
      '+010000-01-01T00:00:00Z',
    ]) {
      const message = refusal(IsoDateTime, bad);
      expect(message, bad).toBeDefined();
      expect(message, bad).not.toContain(bad);
    }
  });

  it('takes the instants in range as given, to the millisecond', () => {
    for (const good of ['1900-01-01T00:00:00Z', '2200-12-31T23:59:59.999Z', '2026-03-02T09:15:00+14:00', '2026-03-02T09:15:00-14:00', '2026-03-02T09:15:00.120000Z', '2024-02-29T12:00:00+01:00']) {
      const r = validate(IsoDateTime, good);
      expect(r, good).toMatchObject({ ok: true, value: good });
    }
  });

  it('dates from 1900 to 2200 that exist', () => {
    for (const bad of ['0000-01-01', '0049-01-01', '1899-12-31', '2201-01-01', '2026-02-30', '2025-02-29']) expect(refusal(IsoDate, bad), bad).toBeDefined();
    for (const good of ['1900-01-01', '2200-12-31', '2024-02-29']) expect(validate(IsoDate, good).ok, good).toBe(true);
  });
});

describe('sizes', () => {
  it('a version fits an integer column', () => {
    expect(refusal(Version, 2_147_483_648)).toBe('must be at most 2147483647');
    expect(validate(Version, 2_147_483_647).ok).toBe(true);
  });

  it('a plan holds at most 500 interventions, a matrix 500 rows and 10,000 cells', () => {
    const intervention = (i: number) => ({ id: `iv${i}`, title: 'Indsats', department: 'job' });
    const plan = (n: number) => ({ citizenWishes: 'Arbejde', overallGoal: { kind: 'employment' }, interventions: Array.from({ length: n }, (_, i) => intervention(i)) });
    expect(validate(Plan, plan(LIMITS.interventions)).ok).toBe(true);
    expect(validate(Plan, plan(LIMITS.interventions + 1))).toMatchObject({ ok: false, issues: [{ path: 'interventions', message: 'must be at most 500 items' }] });

    const columns = Array.from({ length: 30 }, (_, c) => ({ id: `c${c}`, kind: 'person', label: `Kolonne ${c}` }));
    const matrix = (rows: number) => ({ columns, rows: Array.from({ length: rows }, (_, r) => ({ id: `r${r}`, kind: 'task', label: 'Opgave', cells: Object.fromEntries(columns.map((c) => [c.id, 'R'])) })) });
    expect(validate(ResponsibilityMatrix, matrix(200)).ok).toBe(true); // the widgets' benchmark
    expect(validate(ResponsibilityMatrix, matrix(334))).toMatchObject({ ok: false, issues: [{ path: 'rows', message: 'must have at most 10000 cells in all' }] });
    expect(validate(ResponsibilityMatrix, matrix(501))).toMatchObject({ ok: false, issues: [{ path: 'rows', message: 'must be at most 500 items' }] });
  });

  it('keeps CPR numbers out of matrix cell keys and column labels', () => {
    const m = { columns: [{ id: 'c1', kind: 'person', label: 'Anne 01-01-90-1234' }], rows: [{ id: 'r1', kind: 'task', label: 'Opgave', cells: { '010190-1234': 'R' } }] };
    const r = validate(ResponsibilityMatrix, m);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => [i.path, i.message])).toEqual([
      ['columns[0].label', 'must not contain a CPR number'],
      ['rows[0].cells', 'a column id must not contain a CPR number'],
    ]);
  });

  it('keeps CPR numbers out of a person\'s e-mail and an RC rating\'s names, not its items', () => {
    const person = { id: 'p1', name: 'Anne', email: 'anne.01-01-90-1234@example.dk', department: 'job' };
    expect(validate(Person, person)).toMatchObject({ ok: false, issues: [{ path: 'email', message: 'must not contain a CPR number' }] });
    expect(validate(Person, { ...person, email: 'anne@example.dk' }).ok).toBe(true);
    const items = { frequent: 1, timely: 2, accurate: 3, problem_solving: 4, shared_goals: 5, shared_knowledge: 1, mutual_respect: 2 };
    expect(validate(RcRating, { respondent: '٠١٠١٩٠-١٢٣٤', group: 'A', target: 'B', items })).toMatchObject({ ok: false, issues: [{ path: 'respondent', message: 'must not contain a CPR number' }] });
    expect(validate(RcRating, { respondent: 'r1', group: 'A', target: 'B', items }).ok).toBe(true);
  });
});
