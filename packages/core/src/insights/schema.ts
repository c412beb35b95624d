// The overview's answer (GET /api/v1/insights/overview, the `data` of <samspil-coordination-overview>):
// core's figures and department pairs, the RC results beside them, the departments' names and whose
// view it is. One schema for the API's document and the widget's check.
import * as z from 'zod/mini';

/** A count, or `{ under: k }` where it was from 1 to k - 1 (it could single out a citizen or a person). */
export const InsightCount = z.union([/* @__PURE__ */ z.int().check(z.nonnegative()), z.object({ under: z.int() })]);
const Counts = /* @__PURE__ */ z.record(z.string(), InsightCount);
const Days = z.nullable(z.number());
const Duration = z.object({ n: InsightCount, medianDays: Days, p90Days: Days, waiting: InsightCount });
const Week = z.object({
  week: z.iso.date(),
  openCoordinations: InsightCount,
  stalled: InsightCount,
  stalledByReason: Counts,
  stalledByDepartment: Counts,
  episodesStarted: InsightCount,
  episodesResolved: InsightCount,
  handovers: InsightCount,
  absences: InsightCount,
  remindersSent: InsightCount,
  remindersAcknowledged: InsightCount,
  remindersEscalated: InsightCount,
});
const PairTie = z.nullable(
  z.object({ score: z.nullable(z.number()), band: z.nullable(z.enum(['strong', 'moderate', 'weak'])), previous: z.nullable(z.number()), change: z.nullable(z.number()), changePercent: z.nullable(z.number()) }),
);

export const InsightsOverview = z.object({
  figures: z.object({
    period: z.object({ from: z.string(), to: z.string(), weeks: z.int() }),
    k: z.int(),
    departments: z.nullable(z.array(z.string())),
    openCoordinations: InsightCount,
    stalled: z.object({ total: InsightCount, byReason: Counts, byDepartment: z.record(z.string(), z.object({ total: InsightCount, byReason: Counts })) }),
    episodes: z.object({ started: InsightCount, resolved: InsightCount }),
    timeToCoordinator: Duration,
    timeToFirstPlan: Duration,
    decisionTime: Duration,
    decisionsAwaited: Counts,
    handovers: InsightCount,
    absences: InsightCount,
    caseload: z.object({ coordinators: InsightCount, median: Days, max: Days, byCoordinator: z.array(z.object({ coordinator: z.string(), cases: InsightCount })) }),
    professionalsPerCitizen: z.object({ cases: InsightCount, median: Days, max: Days }),
    reminders: z.object({ sent: InsightCount, acknowledged: InsightCount, escalated: InsightCount }),
    trend: z.array(Week),
    stalledCases: z.array(z.object({ reference: z.string(), caseSystemUrl: z.nullable(z.string()), reasons: z.array(z.string()), since: z.string() })),
  }),
  pairs: z.array(
    z.object({ a: z.string(), b: z.string(), sharedCases: InsightCount, episodes: InsightCount, episodesPerCase: z.nullable(z.number()), decisionsAwaited: InsightCount, rc: z.object({ aToB: PairTie, bToA: PairTie }) }),
  ),
  rc: z.object({ latest: z.nullable(z.string()), previous: z.nullable(z.string()), survey: z.nullable(z.string()) }),
  departmentNames: z.array(z.object({ id: z.string(), name: z.string() })),
  viewer: z.union([z.object({ kind: z.literal('municipality') }), z.object({ kind: z.literal('person'), person: z.string(), departments: z.array(z.string()) })]),
});
export type InsightsOverview = z.infer<typeof InsightsOverview>;
