import { describe, expect, it } from 'vitest';
import { BusinessCalendar } from '../src/calendar.js';
import { departmentPairs, departmentTie, type RcSource } from '../src/insights/pairs.js';
import { insightsFigures, quantile, suppress, weekStartDay, type InsightCase } from '../src/insights/figures.js';
import type { RcResult } from '../src/schemas/rc.js';

// A small municipality, counted by hand in the comments. Three weeks: Mondays 16, 23 and 30
// November 2026; now is Wednesday 2 December, 13:00 in Copenhagen.
const NOW = '2026-12-02T12:00:00Z';
const FROM = '2026-11-16T00:00:00+01:00';

const base = (c: Partial<InsightCase> & Pick<InsightCase, 'reference' | 'departments' | 'openedAt'>): InsightCase => ({
  status: 'active',
  professionals: 1,
  decisions: [],
  stalls: [],
  handovers: [],
  ...c,
});

const CASES: InsightCase[] = [
  base({
    reference: 'C1',
    caseSystemUrl: 'https://sag.example/C1',
    departments: ['job', 'fam'],
    openedAt: '2026-11-16T09:00:00+01:00',
    coordinator: 'p1',
    firstCoordinatorAt: '2026-11-18T09:00:00+01:00', // 2 days
    firstPlanAt: '2026-11-20T09:00:00+01:00', // 4 days
    professionals: 4,
    stalls: [{ reason: 'stall.no-activity', since: '2026-11-24T10:00:00+01:00', acknowledgedAt: '2026-11-25T10:00:00+01:00', escalated: true }],
    decisions: [{ departments: ['job'], requestedAt: '2026-11-17T10:00:00+01:00' }],
    handovers: ['2026-11-23T10:00:00+01:00'],
  }),
  base({
    reference: 'C2',
    departments: ['fam', 'job'],
    openedAt: '2026-11-17T09:00:00+01:00',
    coordinator: 'p1',
    firstCoordinatorAt: '2026-11-21T09:00:00+01:00', // 4 days
    professionals: 6,
    stalls: [{ reason: 'stall.decision-awaited', since: '2026-11-20T10:00:00+01:00', resolvedAt: '2026-11-26T10:00:00+01:00' }],
    decisions: [{ departments: ['fam'], requestedAt: '2026-11-18T10:00:00+01:00', decidedAt: '2026-11-26T10:00:00+01:00' }], // 8 days
  }),
  base({
    reference: 'C3',
    departments: ['job', 'psy'],
    openedAt: '2026-11-23T09:00:00+01:00',
    professionals: 2,
    stalls: [
      { reason: 'stall.no-coordinator', since: '2026-11-23T09:00:00+01:00' },
      { reason: 'stall.responsible-absent', since: '2026-12-01T09:00:00+01:00' },
    ],
  }),
  base({
    reference: 'C4',
    status: 'closed',
    departments: ['fam'],
    openedAt: '2026-10-01T09:00:00+02:00',
    closedAt: '2026-11-20T12:00:00+01:00',
    coordinator: 'p2',
    firstCoordinatorAt: '2026-10-02T09:00:00+02:00',
    professionals: 3,
    decisions: [{ departments: ['fam'], requestedAt: '2026-10-05T10:00:00+02:00', decidedAt: '2026-11-19T10:00:00+01:00' }], // 45 days and an hour
  }),
  base({
    reference: 'C5',
    departments: ['job', 'fam'],
    openedAt: '2026-11-16T09:00:00+01:00',
    coordinator: 'p2',
    firstCoordinatorAt: '2026-11-16T15:00:00+01:00', // 0.25 days
    firstPlanAt: '2026-11-17T09:00:00+01:00', // 1 day
    professionals: 5,
    stalls: [{ reason: 'stall.follow-up-passed', since: '2026-11-18T10:00:00+01:00', resolvedAt: '2026-11-19T10:00:00+01:00' }],
  }),
];

describe('insights figures', () => {
  const f = insightsFigures(CASES, { now: NOW, weeks: 3, k: 1 });

  it('starts the period on the Monday two weeks back, in local time', () => {
    expect(f.period).toEqual({ from: new Date(FROM).toISOString(), to: new Date(NOW).toISOString(), weeks: 3 });
    expect(f.trend.map((w) => w.week)).toEqual(['2026-11-16', '2026-11-23', '2026-11-30']);
    expect(weekStartDay(Date.parse('2026-11-29T23:30:00Z'), new BusinessCalendar())).toBe(Date.UTC(2026, 10, 30) / 86_400_000); // Monday 00:30 in Copenhagen
  });

  it('counts now: open coordinations, stalled cases by reason and by department, decisions awaited, caseload', () => {
    expect(f.openCoordinations).toBe(4); // C1, C2, C3, C5 (C4 closed)
    expect(f.stalled.total).toBe(2); // C1, C3
    expect(f.stalled.byReason).toEqual({ 'stall.no-activity': 1, 'stall.no-coordinator': 1, 'stall.responsible-absent': 1 });
    expect(f.stalled.byDepartment).toEqual({
      fam: { total: 1, byReason: { 'stall.no-activity': 1 } },
      job: { total: 2, byReason: { 'stall.no-activity': 1, 'stall.no-coordinator': 1, 'stall.responsible-absent': 1 } },
      psy: { total: 1, byReason: { 'stall.no-coordinator': 1, 'stall.responsible-absent': 1 } },
    });
    expect(f.decisionsAwaited).toEqual({ job: 1 });
    expect(f.caseload).toEqual({ coordinators: 2, median: 1.5, max: 2, byCoordinator: [{ coordinator: 'p1', cases: 2 }, { coordinator: 'p2', cases: 1 }] });
    expect(f.stalledCases).toEqual([
      { reference: 'C3', caseSystemUrl: null, reasons: ['stall.no-coordinator', 'stall.responsible-absent'], since: '2026-11-23T08:00:00.000Z' },
      { reference: 'C1', caseSystemUrl: 'https://sag.example/C1', reasons: ['stall.no-activity'], since: '2026-11-24T09:00:00.000Z' },
    ]);
  });

  it('counts the period: episodes, durations, handovers, absences, professionals, reminders', () => {
    expect(f.episodes).toEqual({ started: 5, resolved: 2 });
    expect(f.timeToCoordinator).toEqual({ n: 3, medianDays: 2, p90Days: 3.6, waiting: 1 }); // [0.25, 2, 4]; C3 waits
    expect(f.timeToFirstPlan).toEqual({ n: 2, medianDays: 2.5, p90Days: 3.7, waiting: 2 }); // [1, 4]; C2 and C3 wait
    expect(f.decisionTime).toEqual({ n: 2, medianDays: 26.5, p90Days: 41.3, waiting: 1 }); // [8, 45.04]; C1's waits
    expect(f.handovers).toBe(1);
    expect(f.absences).toBe(1);
    expect(f.professionalsPerCitizen).toEqual({ cases: 5, median: 4, max: 6 }); // [2, 3, 4, 5, 6]: C4 was open in the period
    expect(f.reminders).toEqual({ sent: 5, acknowledged: 1, escalated: 1 });
  });

  it('gives each week its figures', () => {
    const pick = (i: number) => {
      const w = f.trend[i]!;
      return [w.openCoordinations, w.stalled, w.episodesStarted, w.episodesResolved, w.handovers, w.absences];
    };
    expect(pick(0)).toEqual([3, 1, 2, 1, 0, 0]); // C1 C2 C5 open (C4 closed on the 20th); C2 stalled; C2 and C5 started; C5 resolved
    expect(pick(1)).toEqual([4, 2, 2, 1, 1, 0]); // + C3; C1 and C3 stalled; C1 and C3 started; C2 resolved; C1's handover
    expect(pick(2)).toEqual([4, 2, 1, 0, 0, 1]); // C3's absence
    expect(f.trend[0]!.stalledByReason).toEqual({ 'stall.decision-awaited': 1 });
    expect(f.trend[1]!.stalledByDepartment).toEqual({ fam: 1, job: 2, psy: 1 });
  });

  it('keeps to the departments asked for, and drills down only to the cases the viewer may see', () => {
    const psy = insightsFigures(CASES, { now: NOW, weeks: 3, k: 1, departments: ['psy'], visible: new Set(['C1']) });
    expect(psy.openCoordinations).toBe(1);
    expect(psy.stalled.byDepartment).toEqual({ psy: { total: 1, byReason: { 'stall.no-coordinator': 1, 'stall.responsible-absent': 1 } } });
    expect(psy.decisionsAwaited).toEqual({});
    expect(psy.stalledCases).toEqual([]);
  });

  it('shows counts from 1 to k - 1 as "under k", and no percentile over fewer than k', () => {
    const s = insightsFigures(CASES, { now: NOW, weeks: 3 });
    expect(s.k).toBe(3);
    expect(s.openCoordinations).toBe(4);
    expect(s.stalled.total).toEqual({ under: 3 });
    expect(s.stalled.byReason['stall.no-activity']).toEqual({ under: 3 });
    expect(s.timeToCoordinator.n).toBe(3);
    expect(s.timeToFirstPlan).toEqual({ n: { under: 3 }, medianDays: null, p90Days: null, waiting: { under: 3 } });
    expect(s.caseload).toMatchObject({ coordinators: { under: 3 }, median: null, max: null });
    expect(s.caseload.byCoordinator).toEqual([{ coordinator: 'p1', cases: { under: 3 } }, { coordinator: 'p2', cases: { under: 3 } }]);
    expect(s.trend[2]!.handovers).toBe(0);
    expect(suppress(0)).toBe(0);
    expect(suppress(2, 5)).toEqual({ under: 5 });
    expect(suppress(5, 5)).toBe(5);
    expect(JSON.stringify(s)).not.toMatch(/"(?:stalled|started|resolved|sent)":[12][,}]/);
  });

  it('interpolates quantiles between the closest ranks', () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([7], 0.9)).toBe(7);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([0, 10], 0.9)).toBe(9);
  });
});

const tie = (from: string, to: string, score: number | null, n: number, suppressed = false) => ({
  from,
  to,
  n,
  score,
  band: score === null ? null : score > 4 ? ('strong' as const) : score < 3.5 ? ('weak' as const) : ('moderate' as const),
  suppressed,
  dimensions: null,
});
const result = (ties: ReturnType<typeof tie>[]): RcResult => ({ groups: ['Jobcenter', 'Familie', 'Psykiatri'], ties, overall: null, asymmetries: [], ratings: { total: 0, counted: 0, excluded: 0 } });
const MAP = { Jobcenter: 'job', Familie: 'fam' };
const LATEST: RcSource = { name: 'Forår 2027', departmentOf: MAP, result: result([tie('Jobcenter', 'Familie', 3.2, 5), tie('Familie', 'Jobcenter', 4.2, 4), tie('Psykiatri', 'Jobcenter', null, 2, true)]) };
const PREVIOUS: RcSource = { name: 'Efterår 2026', departmentOf: MAP, result: result([tie('Jobcenter', 'Familie', 2.8, 5)]) };

describe('department pairs', () => {
  it('counts shared cases, stall episodes and awaited decisions per pair, worst first, beside RC both ways', () => {
    const pairs = departmentPairs(CASES, { now: NOW, from: FROM, k: 1, latest: LATEST, previous: PREVIOUS });
    expect(pairs.map((p) => [p.a, p.b, p.sharedCases, p.episodes, p.episodesPerCase, p.decisionsAwaited])).toEqual([
      ['job', 'psy', 1, 2, 2, 0], // C3: two episodes
      ['fam', 'job', 3, 3, 1, 1], // C1, C2, C5: one episode each; C1's decision awaited
    ]);
    const famJob = pairs[1]!.rc;
    expect(famJob.aToB).toEqual({ score: 4.2, band: 'strong', previous: null, change: null, changePercent: null });
    expect(famJob.bToA!.score).toBe(3.2);
    expect(famJob.bToA!.band).toBe('weak');
    expect(famJob.bToA!.previous).toBe(2.8);
    expect(famJob.bToA!.change).toBeCloseTo(0.4, 6);
    expect(famJob.bToA!.changePercent).toBeCloseTo(14.2857, 3);
    expect(pairs[0]!.rc).toEqual({ aToB: null, bToA: null }); // Psykiatri unmapped; its tie suppressed anyway
  });

  it('suppresses small counts and their rate', () => {
    const pairs = departmentPairs(CASES, { now: NOW, from: FROM });
    expect(pairs[0]).toMatchObject({ a: 'job', b: 'psy', sharedCases: { under: 3 }, episodes: { under: 3 }, episodesPerCase: null });
    expect(pairs[1]).toMatchObject({ a: 'fam', b: 'job', sharedCases: 3, episodes: 3, episodesPerCase: 1, decisionsAwaited: { under: 3 } });
  });

  it('breaks a tie in episodes per shared case by the lower RC score', () => {
    const two = (ref: string, departments: string[]) => base({ reference: ref, departments, openedAt: FROM, stalls: [{ reason: 'stall.no-activity', since: '2026-11-20T10:00:00+01:00' }] });
    const cases = [two('A', ['job', 'fam']), two('B', ['job', 'psy'])];
    const rc: RcSource = { name: 'w', departmentOf: { Jobcenter: 'job', Familie: 'fam', Psykiatri: 'psy' }, result: result([tie('Jobcenter', 'Familie', 3.9, 5), tie('Psykiatri', 'Jobcenter', 3.1, 5)]) };
    expect(departmentPairs(cases, { now: NOW, from: FROM, k: 1, latest: rc }).map((p) => `${p.a}-${p.b}`)).toEqual(['job-psy', 'fam-job']);
    expect(departmentPairs(cases, { now: NOW, from: FROM, k: 1 }).map((p) => `${p.a}-${p.b}`)).toEqual(['fam-job', 'job-psy']); // without RC: by name
  });

  it('weights several groups of one department by their respondents', () => {
    const src: RcSource = { name: 'w', departmentOf: { A1: 'a', A2: 'a', B: 'b' }, result: result([tie('A1', 'B', 3, 3), tie('A2', 'B', 4, 1)]) };
    expect(departmentTie(src, 'a', 'b')).toEqual({ score: 3.25, band: null });
    expect(departmentTie(src, 'b', 'a')).toBeNull();
  });
});
