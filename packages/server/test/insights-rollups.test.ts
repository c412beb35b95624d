// Issue 27, item 5: the overview's per-case rows (insight_cases, migration 015) are kept by
// triggers in the writes' transactions. After a series of writes through the store (a case opened,
// a coordinator, a plan, a change of caseworker, a participant leaving, a decision taken, a nudge
// closed, a case closed, two coordinations joined; and writes that are the last to touch their case) they agree with a recount from the tables they
// summarise, and the overview counts the writes as by hand; on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessPolicy } from '../src/access.js';
import { assignCoordinator, changeCaseworker, recordActivity, requestDecision, takeDecision, upsertCase } from '../src/store/cases.js';
import type { Db } from '../src/store/db.js';
import { closeNudgesNoLongerHeld, createNudge } from '../src/store/nudges.js';
import { mergeCoordinations } from '../src/store/references.js';
import { createTenant, storeTenantSettings } from '../src/store/tenants.js';
import { overview } from '../src/usecases/insights.js';
import { databases } from './databases.js';

const TENANT = 'rollups';
const OTHER = 'rollups-other';
const NOW = new Date('2026-12-02T12:00:00Z');
const at = (iso: string) => new Date(iso);

/** insight_cases' rows as the tables they summarise give them, recounted in one pass. */
const RECOUNT = `
  SELECT c.id::text AS case_id, c.tenant_id,
         ARRAY(SELECT DISTINCT d FROM unnest(c.departments || coalesce(p.departments, '{}')) AS d ORDER BY d) AS departments,
         c.opened_at, CASE WHEN c.status = 'closed' THEN coalesce(c.closed_at, c.updated_at) END AS closed_at,
         a.first_from AS first_coordinator_at, ac.first_plan AS first_plan_at, coalesce(p.professionals, 0) AS professionals, coalesce(ac.handovers, '{}') AS handovers
    FROM cases c
    LEFT JOIN (SELECT case_id, array_agg(DISTINCT department) FILTER (WHERE department <> '') AS departments, count(DISTINCT person)::int AS professionals
                 FROM case_professionals GROUP BY case_id) p ON p.case_id = c.id
    LEFT JOIN (SELECT case_id, min(from_at) AS first_from FROM coordinator_assignments GROUP BY case_id) a ON a.case_id = c.id
    LEFT JOIN (SELECT case_id, min(occurred_at) FILTER (WHERE kind = 'plan-changed') AS first_plan,
                      array_agg(occurred_at ORDER BY occurred_at) FILTER (WHERE kind = 'caseworker-changed') AS handovers
                 FROM activities GROUP BY case_id) ac ON ac.case_id = c.id
   WHERE c.tenant_id = $1 ORDER BY c.id`;
const KEPT = `SELECT case_id::text AS case_id, tenant_id, departments, opened_at, closed_at, first_coordinator_at, first_plan_at, professionals, handovers
                FROM insight_cases i WHERE tenant_id = $1 ORDER BY i.case_id`;

describe.each(databases)('issue 27 the overview’s rollups on $kind', ({ open }) => {
  let db: Db;
  let drop: () => Promise<void>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ({ db, drop } = await open());
    await createTenant(db, { id: TENANT, name: 'Rollups' });
    await storeTenantSettings(db, TENANT, { minRespondents: 1 });
    const caseworker = (person: string, department: string) => ({ person, department, role: 'caseworker' as const });
    const seed = async (reference: string, departments: string[], participants: ReturnType<typeof caseworker>[], openedAt: string) =>
      (ids[reference] = (await upsertCase(db, TENANT, reference, { departments, participants, openedAt }, at(openedAt))).id);

    // A: a coordinator after a day, a plan after three; fam's caseworker changes (c2 leaves, c3 comes); a decision taken after five days, stalled meanwhile.
    const a = await seed('A', ['job'], [caseworker('c1', 'job'), caseworker('c2', 'fam')], '2026-11-16T09:00:00+01:00');
    await assignCoordinator(db, a, 'c1', at('2026-11-17T09:00:00+01:00'));
    await recordActivity(db, a, 'plan-changed', at('2026-11-19T09:00:00+01:00'), 'api-key:x', { version: 1 });
    await db.transaction(async (tx) => {
      await changeCaseworker(tx, a, caseworker('c3', 'fam'), 'c2');
      await recordActivity(tx, a, 'caseworker-changed', at('2026-11-20T10:00:00+01:00'), 'api-key:x');
    });
    await requestDecision(db, a, { id: 'd1', departments: ['fam'] }, at('2026-11-18T10:00:00+01:00'));
    await createNudge(db, { tenant: TENANT, caseId: a, reason: 'stall.decision-awaited', subject: 'd1', since: '2026-11-18T10:00:00+01:00', recipient: null, at: at('2026-11-18T10:00:00+01:00') });
    await db.transaction(async (tx) => {
      await takeDecision(tx, a, 'd1', at('2026-11-23T10:00:00+01:00'));
      await closeNudgesNoLongerHeld(tx, a, [], at('2026-11-23T10:00:00+01:00'));
    });
    // B: psy, with job's c5 who leaves (still counted); a coordinator after six hours; closed on the 25th.
    const b = await seed('B', ['psy'], [caseworker('c4', 'psy'), caseworker('c5', 'job')], '2026-11-17T09:00:00+01:00');
    await upsertCase(db, TENANT, 'B', { participants: [caseworker('c4', 'psy')] }, at('2026-11-18T09:00:00+01:00'));
    await assignCoordinator(db, b, 'c4', at('2026-11-17T15:00:00+01:00'));
    await upsertCase(db, TENANT, 'B', { status: 'closed' }, at('2026-11-25T12:00:00+01:00'));
    // C: job, no coordinator, stalled since the 24th; D (psy's c6) joins it on 1 December.
    const c = await seed('C', ['job'], [caseworker('c1', 'job')], '2026-11-24T09:00:00+01:00');
    await createNudge(db, { tenant: TENANT, caseId: c, reason: 'stall.no-coordinator', subject: '', since: '2026-11-24T09:00:00+01:00', recipient: null, at: at('2026-11-24T09:00:00+01:00') });
    const d = await seed('D', ['psy'], [caseworker('c6', 'psy')], '2026-11-24T09:00:00+01:00');
    await db.transaction((tx) => mergeCoordinations(tx, c, d, at('2026-12-01T10:00:00+01:00'), 'api-key:x', { from: 'D' }));
    // Elsewhere, writes that are the last to touch their case: a participant joining (E), a coordinator (F), a change of caseworker (G).
    await createTenant(db, { id: OTHER, name: 'Andre' });
    const e = (await upsertCase(db, OTHER, 'E', { departments: ['job'], participants: [caseworker('c7', 'job')], openedAt: '2026-11-25T09:00:00+01:00' }, at('2026-11-25T09:00:00+01:00'))).id;
    await upsertCase(db, OTHER, 'E', { participants: [caseworker('c7', 'job'), caseworker('c8', 'fam')] }, at('2026-11-26T09:00:00+01:00'));
    const f = (await upsertCase(db, OTHER, 'F', { departments: ['fam'], openedAt: '2026-11-25T09:00:00+01:00' }, at('2026-11-25T09:00:00+01:00'))).id;
    await assignCoordinator(db, f, 'c9', at('2026-11-27T09:00:00+01:00'));
    const g = (await upsertCase(db, OTHER, 'G', { departments: ['psy'], openedAt: '2026-11-25T09:00:00+01:00' }, at('2026-11-25T09:00:00+01:00'))).id;
    await recordActivity(db, g, 'caseworker-changed', at('2026-11-28T09:00:00+01:00'), 'api-key:x');
    ids.E = e;
  }, 60_000);
  afterAll(async () => {
    await drop?.();
  });

  it('keeps each case’s row equal to a recount from the tables it summarises', async () => {
    const kept = (await db.query(KEPT, [TENANT])).rows;
    expect(kept).toHaveLength(4);
    expect(kept).toEqual((await db.query(RECOUNT, [TENANT])).rows);
    const row = (reference: string) => kept.find((r) => r.case_id === ids[reference]) as { departments: string[]; professionals: number; closed_at: unknown };
    expect(row('A')).toMatchObject({ departments: ['fam', 'job'], professionals: 3 }); // c1, c2 (left), c3
    expect(row('B')).toMatchObject({ departments: ['job', 'psy'], professionals: 2 }); // c5 left, still counted
    expect(row('C')).toMatchObject({ departments: ['job', 'psy'], professionals: 2 }); // D's c6 came over
    expect(row('D').closed_at).not.toBeNull();
    const other = (await db.query(KEPT, [OTHER])).rows;
    expect(other).toEqual((await db.query(RECOUNT, [OTHER])).rows);
    expect(other.map((r) => [r.departments, r.professionals, r.first_coordinator_at === null, r.handovers.length])).toEqual([
      [['fam', 'job'], 2, true, 0],
      [['fam'], 1, false, 0],
      [['psy'], 0, true, 1],
    ]);
  });

  it('counts the writes in the overview as by hand (k = 1)', async () => {
    const r = await overview({ db, now: () => NOW, policy: new AccessPolicy(db) }, { tenant: TENANT, kind: 'api-key', id: 'test' }, { kind: 'municipality' }, { weeks: 3 });
    if (!r.ok) throw new Error(r.detail);
    const f = r.overview.figures;
    expect(f.openCoordinations).toBe(2); // A, C: B closed, D joined C
    expect(f.timeToCoordinator).toEqual({ n: 2, medianDays: 0.6, p90Days: 0.9, waiting: 1 }); // B 0.25, A 1; C waits
    expect(f.timeToFirstPlan).toEqual({ n: 1, medianDays: 3, p90Days: 3, waiting: 1 });
    expect(f.decisionTime).toEqual({ n: 1, medianDays: 5, p90Days: 5, waiting: 0 });
    expect(f.decisionsAwaited).toEqual({});
    expect(f.episodes).toEqual({ started: 2, resolved: 1 });
    expect(f.handovers).toBe(1);
    expect(f.professionalsPerCitizen).toEqual({ cases: 4, median: 2, max: 3 });
    expect(f.stalledCases.map((s) => s.reference)).toEqual(['C']);
    // psy took part in B and, through D, in C.
    const psy = await overview({ db, now: () => NOW, policy: new AccessPolicy(db) }, { tenant: TENANT, kind: 'api-key', id: 'test' }, { kind: 'municipality' }, { departments: ['psy'], weeks: 3 });
    if (!psy.ok) throw new Error(psy.detail);
    expect(psy.overview.figures.openCoordinations).toBe(1);
    expect(psy.overview.figures.professionalsPerCitizen.cases).toBe(3); // B, C, D
  });

  it('leaves no row behind when a case is erased', async () => {
    await db.query('DELETE FROM cases WHERE id = $1', [ids.B]);
    expect((await db.query('SELECT 1 FROM insight_cases WHERE case_id = $1', [ids.B])).rows).toHaveLength(0);
    expect((await db.query(KEPT, [TENANT])).rows).toEqual((await db.query(RECOUNT, [TENANT])).rows);
  });
});
