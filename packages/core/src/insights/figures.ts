/**
 * The leaders' overview (issue 27): figures over a municipality's cases, computed from what the
 * service keeps of them (their stall episodes, decisions, coordinator assignments, handovers and
 * everyone who ever had a part). Pure: the service loads the rows, this counts them.
 *
 * Weeks are local calendar weeks (Monday 00:00 in the municipality's time zone). A week's "now"
 * figures (open coordinations, stalled cases) are taken at the week's end, or at `now` for the week
 * running. Any count from 1 up to k - 1 is shown as "under k" (`{ under: k }`): a small count could
 * single out a citizen or a person. Nothing here carries a name; a case is its reference.
 */
import { BusinessCalendar, isoOfDay, weekday } from '../calendar.js';

const DAY_MS = 86_400_000;

/** A count, or `{ under: k }` where it was from 1 to k - 1. */
export type SuppressedCount = number | { under: number };

/** The default k: counts from 1 to 2 are shown as "under 3". */
export const INSIGHTS_K = 3;

/** A count as it may be shown: 0 and counts from k up as they are, 1 to k - 1 as `{ under: k }`. */
export function suppress(n: number, k: number = INSIGHTS_K): SuppressedCount {
  return n > 0 && n < k ? { under: k } : n;
}

/** Whether a count was suppressed. */
export const isSuppressed = (c: SuppressedCount): c is { under: number } => typeof c === 'object';

/** A stall episode: one reason a case was stalled (a nudge), from `since` until `resolvedAt`. */
export interface InsightStall {
  reason: string;
  since: string;
  resolvedAt?: string | null | undefined;
  /** When its reminder was acknowledged. */
  acknowledgedAt?: string | null | undefined;
  /** Whether its reminder climbed the ladder (to the team lead or the head). */
  escalated?: boolean | undefined;
}

/** A decision requested of one or several departments; `awaiting` the departments that have not taken it yet. */
export interface InsightDecision {
  departments: readonly string[];
  requestedAt: string;
  decidedAt?: string | null | undefined;
  /** The owners still to confirm it (all of them while it is not taken, by default). */
  awaiting?: readonly string[] | undefined;
}

/** One case as the overview sees it. */
export interface InsightCase {
  reference: string;
  caseSystemUrl?: string | null | undefined;
  status: 'active' | 'paused' | 'closed';
  /** Every department that took part (the case's and its participants', ever). */
  departments: readonly string[];
  openedAt: string;
  closedAt?: string | null | undefined;
  /** The plan coordinator now. */
  coordinator?: string | null | undefined;
  /** The first coordinator assignment's start. */
  firstCoordinatorAt?: string | null | undefined;
  /** When the case first had a plan. */
  firstPlanAt?: string | null | undefined;
  /** The professionals who ever had a part (current and former participants, coordinators), each once. */
  professionals: number;
  decisions: readonly InsightDecision[];
  stalls: readonly InsightStall[];
  /** The instants of its changes of caseworker. */
  handovers: readonly string[];
}

export interface InsightsOptions {
  now: number | string;
  /** Weeks in the trend, the running one last (12). */
  weeks?: number | undefined;
  k?: number | undefined;
  /** Only cases in which one of these departments takes part; every case when absent. */
  departments?: readonly string[] | undefined;
  /** The references the viewer may see one by one (the drill-down); every case when absent. */
  visible?: ReadonlySet<string> | undefined;
  /** The municipality's calendar, for its time zone (Copenhagen by default). */
  calendar?: BusinessCalendar | undefined;
}

/** The reasons counted as absences (someone carrying a responsibility away, nobody covering). */
export const ABSENCE_REASONS = ['stall.coordinator-unavailable', 'stall.responsible-absent'] as const;

/** A median and 90th percentile in days (one decimal), over `n` durations; null where `n` is under k. */
export interface DurationFigure {
  n: SuppressedCount;
  medianDays: number | null;
  p90Days: number | null;
  /** Still waiting at `now` (not counted in the percentiles). */
  waiting: SuppressedCount;
}

export interface WeekFigures {
  /** The week's Monday, `YYYY-MM-DD`. */
  week: string;
  openCoordinations: SuppressedCount;
  stalled: SuppressedCount;
  stalledByReason: Record<string, SuppressedCount>;
  stalledByDepartment: Record<string, SuppressedCount>;
  episodesStarted: SuppressedCount;
  episodesResolved: SuppressedCount;
  handovers: SuppressedCount;
  absences: SuppressedCount;
  remindersSent: SuppressedCount;
  remindersAcknowledged: SuppressedCount;
  remindersEscalated: SuppressedCount;
}

export interface StalledCaseRef {
  reference: string;
  caseSystemUrl: string | null;
  reasons: string[];
  /** When its oldest reason began. */
  since: string;
}

export interface InsightsFigures {
  period: { from: string; to: string; weeks: number };
  k: number;
  departments: string[] | null;
  openCoordinations: SuppressedCount;
  stalled: {
    total: SuppressedCount;
    byReason: Record<string, SuppressedCount>;
    byDepartment: Record<string, { total: SuppressedCount; byReason: Record<string, SuppressedCount> }>;
  };
  episodes: { started: SuppressedCount; resolved: SuppressedCount };
  timeToCoordinator: DurationFigure;
  timeToFirstPlan: DurationFigure;
  decisionTime: DurationFigure;
  decisionsAwaited: Record<string, SuppressedCount>;
  handovers: SuppressedCount;
  absences: SuppressedCount;
  caseload: { coordinators: SuppressedCount; median: number | null; max: number | null; byCoordinator: { coordinator: string; cases: SuppressedCount }[] };
  professionalsPerCitizen: { cases: SuppressedCount; median: number | null; max: number | null };
  reminders: { sent: SuppressedCount; acknowledged: SuppressedCount; escalated: SuppressedCount };
  trend: WeekFigures[];
  /** The stalled cases now, by reference, that the viewer may see (the drill-down). */
  stalledCases: StalledCaseRef[];
}

const ms = (iso: string | null | undefined): number | undefined => (iso ? Date.parse(iso) : undefined);

/** The value at quantile q (0..1) of sorted numbers, by linear interpolation between the closest ranks. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

const oneDecimal = (x: number | null): number | null => (x === null ? null : Math.round(x * 10) / 10);

function durations(values: number[], waiting: number, k: number): DurationFigure {
  const sorted = values.sort((a, b) => a - b).map((v) => v / DAY_MS);
  const shown = sorted.length >= k;
  return {
    n: suppress(sorted.length, k),
    medianDays: shown ? oneDecimal(quantile(sorted, 0.5)) : null,
    p90Days: shown ? oneDecimal(quantile(sorted, 0.9)) : null,
    waiting: suppress(waiting, k),
  };
}

/** Whether an interval [from, to) holds the instant `at`. */
const holds = (from: number, to: number | undefined, at: number) => from <= at && (to === undefined || at < to);
const inWindow = (t: number | undefined, from: number, to: number) => t !== undefined && t >= from && t < to;

function counts(map: Map<string, number>, k: number): Record<string, SuppressedCount> {
  return Object.fromEntries([...map].sort(([a], [b]) => a.localeCompare(b)).map(([key, n]) => [key, suppress(n, k)]));
}
const bump = (map: Map<string, number>, key: string, by = 1) => map.set(key, (map.get(key) ?? 0) + by);

/** The cases in scope: those in which one of the departments takes part. */
export function casesInScope(cases: readonly InsightCase[], departments?: readonly string[]): InsightCase[] {
  if (!departments) return [...cases];
  const scope = new Set(departments);
  return cases.filter((c) => c.departments.some((d) => scope.has(d)));
}

/** The local Monday (day number) of the week holding an instant. */
export function weekStartDay(at: number, calendar: BusinessCalendar): number {
  const day = calendar.localDay(at);
  return day - ((weekday(day) + 6) % 7);
}

/** A case's instants parsed once (the figures look at each many times), its departments in scope each once. */
interface ParsedCase {
  c: InsightCase;
  opened: number;
  closed: number | undefined;
  departments: string[];
  stalls: { reason: string; since: number; resolved: number | undefined; acknowledged: number | undefined; escalated: boolean }[];
}

function parseCase(c: InsightCase, inScope: (d: string) => boolean): ParsedCase {
  return {
    c,
    opened: Date.parse(c.openedAt),
    closed: ms(c.closedAt),
    departments: [...new Set(c.departments)].filter(inScope),
    stalls: c.stalls.map((s) => ({ reason: s.reason, since: Date.parse(s.since), resolved: ms(s.resolvedAt), acknowledged: ms(s.acknowledgedAt), escalated: s.escalated === true })),
  };
}

/** The stall episodes in force at `at`. */
const stallsAt = (p: ParsedCase, at: number) => p.stalls.filter((s) => holds(s.since, s.resolved, at));

/**
 * The overview's figures for the cases in scope (see `InsightsOptions.departments`), over the last
 * `weeks` calendar weeks up to `now`. Stalled cases count in each department taking part in them;
 * decisions awaited in each department still to take them.
 */
export function insightsFigures(allCases: readonly InsightCase[], options: InsightsOptions): InsightsFigures {
  const now = typeof options.now === 'number' ? options.now : Date.parse(options.now);
  const weeks = options.weeks ?? 12;
  const k = options.k ?? INSIGHTS_K;
  const cal = options.calendar ?? new BusinessCalendar();
  const scope = options.departments ? new Set(options.departments) : undefined;
  const inScope = (d: string) => !scope || scope.has(d);
  const parsed = casesInScope(allCases, options.departments).map((c) => parseCase(c, inScope));

  const firstMonday = weekStartDay(now, cal) - 7 * (weeks - 1);
  const from = cal.startOfDay(firstMonday);
  const starts = Array.from({ length: weeks }, (_, i) => cal.startOfDay(firstMonday + 7 * i));
  const ends = starts.map((s, i) => (i + 1 < weeks ? starts[i + 1]! : cal.startOfDay(firstMonday + 7 * weeks)));

  // Now.
  const stalledNow = new Map<string, number>();
  const stalledByDept = new Map<string, { total: number; byReason: Map<string, number> }>();
  let stalledTotal = 0;
  const stalledCases: StalledCaseRef[] = [];
  const decisionsAwaited = new Map<string, number>();
  const caseload = new Map<string, number>();
  let open = 0;
  for (const p of parsed) {
    const c = p.c;
    if (!holds(p.opened, p.closed, now) || c.status === 'closed') continue;
    open++;
    if (c.coordinator) bump(caseload, c.coordinator);
    const inForce = stallsAt(p, now);
    const reasons = [...new Set(inForce.map((s) => s.reason))].sort();
    if (reasons.length > 0) {
      stalledTotal++;
      for (const r of reasons) bump(stalledNow, r);
      for (const d of p.departments) {
        const entry = stalledByDept.get(d) ?? { total: 0, byReason: new Map() };
        entry.total++;
        for (const r of reasons) bump(entry.byReason, r);
        stalledByDept.set(d, entry);
      }
      if (!options.visible || options.visible.has(c.reference)) {
        const since = Math.min(...inForce.map((s) => s.since));
        stalledCases.push({ reference: c.reference, caseSystemUrl: c.caseSystemUrl ?? null, reasons, since: new Date(since).toISOString() });
      }
    }
    for (const d of c.decisions) {
      if (d.decidedAt && Date.parse(d.decidedAt) <= now) continue;
      for (const dept of new Set(d.awaiting ?? d.departments)) if (inScope(dept)) bump(decisionsAwaited, dept);
    }
  }
  stalledCases.sort((a, b) => a.since.localeCompare(b.since) || a.reference.localeCompare(b.reference));

  // Over the period: durations, episodes, reminders, handovers, absences; and each week's.
  const toCoordinator: number[] = [];
  const toPlan: number[] = [];
  const toDecision: number[] = [];
  let waitingCoordinator = 0;
  let waitingPlan = 0;
  let waitingDecision = 0;
  const week = (t: number | undefined) => {
    if (t === undefined || t < from || t >= now) return -1;
    const i = Math.floor((cal.localDay(t) - firstMonday) / 7);
    return i >= 0 && i < weeks ? i : -1;
  };
  const perWeek = () => new Array<number>(weeks).fill(0);
  const started = perWeek();
  const resolved = perWeek();
  const handovers = perWeek();
  const absences = perWeek();
  const sent = perWeek();
  const acknowledged = perWeek();
  const escalated = perWeek();
  const professionals: number[] = [];
  for (const p of parsed) {
    const { c, opened } = p;
    if (opened <= now && (c.status !== 'closed' || (p.closed ?? now) >= from)) professionals.push(c.professionals);
    if (opened >= from && opened < now) {
      const coordinated = ms(c.firstCoordinatorAt);
      if (coordinated !== undefined && coordinated <= now) toCoordinator.push(Math.max(0, coordinated - opened));
      else if (c.status !== 'closed') waitingCoordinator++;
      const planned = ms(c.firstPlanAt);
      if (planned !== undefined && planned <= now) toPlan.push(Math.max(0, planned - opened));
      else if (c.status !== 'closed') waitingPlan++;
    }
    for (const d of c.decisions) {
      const requested = Date.parse(d.requestedAt);
      const decided = ms(d.decidedAt);
      if (decided !== undefined && decided >= from && decided < now) toDecision.push(Math.max(0, decided - requested));
      else if (decided === undefined && requested < now && c.status !== 'closed') waitingDecision++;
    }
    for (const s of p.stalls) {
      const w = week(s.since);
      if (w >= 0) {
        started[w]!++;
        sent[w]!++;
        if (s.escalated) escalated[w]!++;
        if ((ABSENCE_REASONS as readonly string[]).includes(s.reason)) absences[w]!++;
      }
      const r = week(s.resolved);
      if (r >= 0) resolved[r]!++;
      const a = week(s.acknowledged);
      if (a >= 0) acknowledged[a]!++;
    }
    for (const h of c.handovers) {
      const w = week(Date.parse(h));
      if (w >= 0) handovers[w]!++;
    }
  }

  const trend: WeekFigures[] = starts.map((_, i) => {
    const at = Math.min(ends[i]! - 1, now);
    let openThen = 0;
    let stalledThen = 0;
    const byReason = new Map<string, number>();
    const byDepartment = new Map<string, number>();
    for (const p of parsed) {
      if (!holds(p.opened, p.closed, at)) continue;
      openThen++;
      const reasons = new Set<string>();
      for (const st of p.stalls) if (holds(st.since, st.resolved, at)) reasons.add(st.reason);
      if (reasons.size === 0) continue;
      stalledThen++;
      for (const r of reasons) bump(byReason, r);
      for (const d of p.departments) bump(byDepartment, d);
    }
    return {
      week: isoOfDay(firstMonday + 7 * i),
      openCoordinations: suppress(openThen, k),
      stalled: suppress(stalledThen, k),
      stalledByReason: counts(byReason, k),
      stalledByDepartment: counts(byDepartment, k),
      episodesStarted: suppress(started[i]!, k),
      episodesResolved: suppress(resolved[i]!, k),
      handovers: suppress(handovers[i]!, k),
      absences: suppress(absences[i]!, k),
      remindersSent: suppress(sent[i]!, k),
      remindersAcknowledged: suppress(acknowledged[i]!, k),
      remindersEscalated: suppress(escalated[i]!, k),
    };
  });

  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const loads = [...caseload.values()].sort((a, b) => a - b);
  const pros = professionals.sort((a, b) => a - b);
  const enough = (n: number) => n >= k;
  return {
    period: { from: new Date(from).toISOString(), to: new Date(now).toISOString(), weeks },
    k,
    departments: options.departments ? [...options.departments] : null,
    openCoordinations: suppress(open, k),
    stalled: {
      total: suppress(stalledTotal, k),
      byReason: counts(stalledNow, k),
      byDepartment: Object.fromEntries(
        [...stalledByDept].sort(([a], [b]) => a.localeCompare(b)).map(([d, e]) => [d, { total: suppress(e.total, k), byReason: counts(e.byReason, k) }]),
      ),
    },
    episodes: { started: suppress(sum(started), k), resolved: suppress(sum(resolved), k) },
    timeToCoordinator: durations(toCoordinator, waitingCoordinator, k),
    timeToFirstPlan: durations(toPlan, waitingPlan, k),
    decisionTime: durations(toDecision, waitingDecision, k),
    decisionsAwaited: counts(decisionsAwaited, k),
    handovers: suppress(sum(handovers), k),
    absences: suppress(sum(absences), k),
    caseload: {
      coordinators: suppress(loads.length, k),
      median: enough(loads.length) ? quantile(loads, 0.5) : null,
      max: enough(loads.length) ? loads[loads.length - 1]! : null,
      byCoordinator: [...caseload].sort(([a, x], [b, y]) => y - x || a.localeCompare(b)).map(([coordinator, n]) => ({ coordinator, cases: suppress(n, k) })),
    },
    professionalsPerCitizen: { cases: suppress(pros.length, k), median: enough(pros.length) ? quantile(pros, 0.5) : null, max: enough(pros.length) ? pros[pros.length - 1]! : null },
    reminders: { sent: suppress(sum(sent), k), acknowledged: suppress(sum(acknowledged), k), escalated: suppress(sum(escalated), k) },
    trend,
    stalledCases,
  };
}
