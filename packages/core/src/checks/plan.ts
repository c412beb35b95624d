import { finding, listOf, type Finding } from '../findings.js';
import { both, formatDkk, quoted } from '../format.js';
import { duplicateId } from './common.js';
import type { Intervention, Plan } from '../schemas/plan.js';

export interface PlanCheckOptions {
  /** Department id → display name, for messages. */
  departmentNames?: Record<string, string>;
}

/**
 * Checks a (validated) plan: links, measurable sub-goals, the sequence of
 * interventions, dates, and the budget per department. Never throws.
 */
export function checkPlan(plan: Plan, options: PlanCheckOptions = {}): Finding[] {
  const out: Finding[] = [];
  const names = options.departmentNames ?? {};
  const dept = (id: string) => (Object.hasOwn(names, id) ? names[id]! : id);
  const subGoalIds = new Set<string>();
  const byId = new Map<string, Intervention>();

  plan.subGoals.forEach((g, i) => {
    if (subGoalIds.has(g.id)) out.push(duplicateId('plan', `subGoals[${i}].id`, g.id));
    subGoalIds.add(g.id);
    if (!g.criterion) {
      out.push(
        finding(
          'plan.sub-goal-not-measurable',
          'warning',
          both((l) =>
            l === 'da'
              ? `Delmålet ${quoted(g.title, l)} har intet målbart kriterium.`
              : `The sub-goal ${quoted(g.title, l)} has no measurable criterion.`,
          ),
          { path: `subGoals[${i}].criterion`, subject: g.id },
        ),
      );
    }
  });

  plan.interventions.forEach((iv, i) => {
    if (byId.has(iv.id)) out.push(duplicateId('plan', `interventions[${i}].id`, iv.id));
    else byId.set(iv.id, iv);
  });

  // The first of two sub-goals with the same id wins, as everywhere else.
  const targetOf = new Map(plan.subGoals.toReversed().map((g) => [g.id, g]));
  plan.interventions.forEach((iv, i) => {
    const name = (l: 'da' | 'en') => quoted(iv.title, l);
    if (iv.subGoals.length === 0) {
      out.push(
        finding(
          'plan.intervention-unlinked',
          'warning',
          both((l) =>
            l === 'da'
              ? `Indsatsen ${name(l)} er ikke knyttet til et delmål.`
              : `The intervention ${name(l)} is not linked to a sub-goal.`,
          ),
          { path: `interventions[${i}].subGoals`, subject: iv.id },
        ),
      );
    }
    iv.subGoals.forEach((ref, j) => {
      if (!subGoalIds.has(ref)) {
        out.push(
          finding(
            'plan.unknown-sub-goal',
            'error',
            both((l) =>
              l === 'da'
                ? `Indsatsen ${name(l)} henviser til et delmål, der ikke findes: ${ref}.`
                : `The intervention ${name(l)} refers to a sub-goal that does not exist: ${ref}.`,
            ),
            { path: `interventions[${i}].subGoals[${j}]`, subject: iv.id, data: { subGoal: ref } },
          ),
        );
      }
    });
    iv.dependsOn.forEach((ref, j) => {
      if (!byId.has(ref)) {
        out.push(
          finding(
            'plan.unknown-dependency',
            'error',
            both((l) =>
              l === 'da'
                ? `Indsatsen ${name(l)} venter på en indsats, der ikke findes: ${ref}.`
                : `The intervention ${name(l)} waits for an intervention that does not exist: ${ref}.`,
            ),
            { path: `interventions[${i}].dependsOn[${j}]`, subject: iv.id, data: { dependency: ref } },
          ),
        );
      }
    });
    if (iv.status === 'active' && !iv.legalBasis) {
      out.push(
        finding(
          'plan.legal-basis-missing',
          'warning',
          both((l) =>
            l === 'da'
              ? `Den aktive indsats ${name(l)} har ingen hjemmel (fx SEL § 52).`
              : `The active intervention ${name(l)} states no legal basis (e.g. SEL § 52).`,
          ),
          { path: `interventions[${i}].legalBasis`, subject: iv.id },
        ),
      );
    }
    if (iv.start && iv.end && iv.start > iv.end) {
      out.push(
        finding(
          'plan.dates-out-of-order',
          'error',
          both((l) =>
            l === 'da'
              ? `Indsatsen ${name(l)} slutter (${iv.end}) før den starter (${iv.start}).`
              : `The intervention ${name(l)} ends (${iv.end}) before it starts (${iv.start}).`,
          ),
          { path: `interventions[${i}].end`, subject: iv.id, data: { start: iv.start, end: iv.end } },
        ),
      );
    }
    for (const ref of iv.dependsOn) {
      const before = byId.get(ref);
      if (before?.end && iv.start && iv.start < before.end) {
        out.push(
          finding(
            'plan.sequence-out-of-order',
            'warning',
            both((l) =>
              l === 'da'
                ? `Indsatsen ${name(l)} starter ${iv.start}, før ${quoted(before.title, l)}, som den venter på, slutter ${before.end}.`
                : `The intervention ${name(l)} starts ${iv.start}, before ${quoted(before.title, l)}, which it waits for, ends ${before.end}.`,
            ),
            { path: `interventions[${i}].start`, subject: iv.id, data: { dependency: ref } },
          ),
        );
      }
    }
    for (const ref of iv.subGoals) {
      const goal = targetOf.get(ref);
      if (goal?.targetDate && iv.start && iv.start > goal.targetDate) {
        out.push(
          finding(
            'plan.starts-after-target-date',
            'warning',
            both((l) =>
              l === 'da'
                ? `Indsatsen ${name(l)} starter ${iv.start}, efter delmålet ${quoted(goal.title, l)} skal være nået (${goal.targetDate}).`
                : `The intervention ${name(l)} starts ${iv.start}, after the sub-goal ${quoted(goal.title, l)} is due (${goal.targetDate}).`,
            ),
            { path: `interventions[${i}].start`, subject: iv.id, data: { subGoal: ref } },
          ),
        );
      }
    }
  });

  for (const cycle of dependencyCycles(plan.interventions, byId)) {
    const titles = (l: 'da' | 'en') => [...cycle, cycle[0]!].map((id) => quoted(byId.get(id)!.title, l)).join(' → ');
    out.push(
      finding(
        'plan.dependency-cycle',
        'error',
        both((l) =>
          l === 'da'
            ? `Indsatserne venter på hinanden i ring: ${titles(l)}.`
            : `The interventions wait for each other in a cycle: ${titles(l)}.`,
        ),
        { path: `interventions[${plan.interventions.findIndex((iv) => iv.id === cycle[0])}].dependsOn`, subject: cycle[0], data: { cycle } },
      ),
    );
  }

  out.push(...budgetFindings(plan, dept));
  return out;
}

/** One cycle per strongly connected component that has one (Tarjan), each named from its first member in plan order. */
function dependencyCycles(interventions: readonly Intervention[], byId: Map<string, Intervention>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;

  const connect = (id: string) => {
    index.set(id, counter);
    low.set(id, counter++);
    stack.push(id);
    onStack.add(id);
    for (const dep of byId.get(id)!.dependsOn) {
      if (!byId.has(dep)) continue;
      if (!index.has(dep)) {
        connect(dep);
        low.set(id, Math.min(low.get(id)!, low.get(dep)!));
      } else if (onStack.has(dep)) low.set(id, Math.min(low.get(id)!, index.get(dep)!));
    }
    if (low.get(id) === index.get(id)) {
      const component: string[] = [];
      let top: string;
      do {
        top = stack.pop()!;
        onStack.delete(top);
        component.push(top);
      } while (top !== id);
      const selfLoop = component.length === 1 && byId.get(id)!.dependsOn.includes(id);
      if (component.length > 1 || selfLoop) components.push(component);
    }
  };
  for (const iv of byId.values()) if (!index.has(iv.id)) connect(iv.id);

  const order = new Map(interventions.map((iv, i) => [iv.id, i]));
  return components
    .map((members) => {
      // Walk the component from its first member in plan order back to itself.
      const inside = new Set(members);
      const start = members.reduce((a, b) => (order.get(a)! <= order.get(b)! ? a : b));
      return shortestCycle(start, inside, byId);
    })
    .sort((a, b) => order.get(a[0]!)! - order.get(b[0]!)!);
}

function shortestCycle(start: string, inside: Set<string>, byId: Map<string, Intervention>): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  for (let q = 0; q < queue.length; q++) {
    const id = queue[q]!;
    for (const dep of byId.get(id)!.dependsOn) {
      if (!inside.has(dep)) continue;
      if (dep === start) {
        const path = [id];
        while (path[0] !== start) path.unshift(previous.get(path[0]!)!);
        return path;
      }
      if (!previous.has(dep)) {
        previous.set(dep, id);
        queue.push(dep);
      }
    }
  }
  return [start];
}

function budgetFindings(plan: Plan, dept: (id: string) => string): Finding[] {
  const perDepartment = new Map<string, number>();
  for (const iv of plan.interventions) {
    if (iv.budgetDkk === undefined) continue;
    perDepartment.set(iv.department, (perDepartment.get(iv.department) ?? 0) + Math.round(iv.budgetDkk * 100));
  }
  const out = [...perDepartment].map(([department, oere]) =>
    finding(
      'plan.budget-department',
      'info',
      both((l) => (l === 'da' ? `Budget for ${dept(department)}: ${formatDkk(oere, l)}` : `Budget for ${dept(department)}: ${formatDkk(oere, l)}`)),
      { subject: department, data: { department, amountDkk: oere / 100 } },
    ),
  );
  if (perDepartment.size > 0) {
    const total = [...perDepartment.values()].reduce((a, b) => a + b, 0);
    const departments = [...perDepartment.keys()].map(dept);
    out.push(
      finding(
        'plan.budget-total',
        'info',
        both((l) =>
          l === 'da'
            ? `Samlet budget: ${formatDkk(total, l)} (${listOf(departments, l)})`
            : `Total budget: ${formatDkk(total, l)} (${listOf(departments, l)})`,
        ),
        { data: { amountDkk: total / 100 } },
      ),
    );
  }
  return out;
}
