// Issue 27: the leaders' overview on a small seeded municipality, counted by hand: the figures,
// the department pairs beside RC, k-suppression, and need to know per role (an API key, a head,
// a team lead, a caseworker, widget tokens of other scopes), on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { RcResult } from '@samspil/core';
import { buildApp } from '../src/http/app.js';
import { assignCoordinator, recordActivity, upsertCase } from '../src/store/cases.js';
import type { Db } from '../src/store/db.js';
import { closeNudgesNoLongerHeld } from '../src/store/nudges.js';
import { upsertDepartment, upsertPerson, upsertTeam } from '../src/store/organisation.js';
import { saveSurvey } from '../src/store/surveys.js';
import { createApiKey, createTenant, storeTenantSettings } from '../src/store/tenants.js';
import { databases } from './databases.js';

const SECRET = 'test-secret-test-secret-test-secret-0123';
const TENANT = 'odense';
// Three weeks: Mondays 16, 23 and 30 November 2026; now is Wednesday 2 December, 13:00 in Copenhagen.
const NOW = new Date('2026-12-02T12:00:00Z');

const tie = (from: string, to: string, score: number, n = 5) => ({ from, to, n, score, band: score > 4 ? ('strong' as const) : score < 3.5 ? ('weak' as const) : ('moderate' as const), suppressed: false, dimensions: null });
const rc = (ties: ReturnType<typeof tie>[]): RcResult => ({ groups: ['Jobcentret', 'Familie', 'Psykiatrien'], ties, overall: null, asymmetries: [], ratings: { total: 30, counted: 30, excluded: 0 } });

describe.each(databases)('issue 27 the leaders overview on $kind', ({ open }) => {
  let db: Db;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let key: string;
  let survey: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ({ db, drop } = await open());
    await createTenant(db, { id: TENANT, name: 'Odense' });
    key = await createApiKey(db, TENANT);
    await upsertDepartment(db, TENANT, { id: 'job', name: 'Jobcentret', kind: 'jobcentre', head: 'h-job' });
    await upsertDepartment(db, TENANT, { id: 'fam', name: 'Familie', kind: 'family', head: 'h-fam' });
    await upsertDepartment(db, TENANT, { id: 'psy', name: 'Psykiatrien', kind: 'psychiatry', head: 'h-psy' });
    await upsertTeam(db, TENANT, { id: 't-job', name: 'Team Vest', department: 'job', lead: 'l-job' });
    const person = (id: string, department: string, extra: object = {}) =>
      upsertPerson(db, TENANT, { id, name: id, email: `${id}@example.dk`, department, chat: {}, availability: { status: 'active' }, ...extra });
    await person('c1', 'job', { team: 't-job', teamLead: 'l-job' });
    await person('c2', 'fam');
    await person('c3', 'psy');
    await person('c9', 'fam');
    await person('nobody', 'job');
    for (const [id, d] of [['l-job', 'job'], ['h-job', 'job'], ['h-fam', 'fam'], ['h-psy', 'psy']] as const) await person(id, d);

    const at = (iso: string) => new Date(iso);
    const seed = async (reference: string, departments: string[], participants: [string, string][], openedAt: string, extra: { status?: 'closed'; closedAt?: string } = {}) => {
      const { id } = await upsertCase(db, TENANT, reference, { departments, participants: participants.map(([p, department]) => ({ person: p, department, role: 'caseworker' })), openedAt, caseSystemUrl: `https://sag.example/${reference}`, ...(extra.status ? { status: extra.status } : {}) }, at(extra.closedAt ?? openedAt));
      ids[reference] = id;
      return id;
    };
    const nudge = (caseId: string, reason: string, since: string, more: { status?: string; closedAt?: string; step?: number; acknowledgedAt?: string } = {}) =>
      db.query('INSERT INTO nudges (tenant_id, case_id, reason, period, since, status, closed_at, step, acknowledged_at) VALUES ($1, $2, $3, $4, $9, $5, $6, $7, $8)', [
        TENANT, caseId, reason, since, more.status ?? 'open', more.closedAt ?? null, more.step ?? 0, more.acknowledgedAt ?? null, since,
      ]);
    const decision = (caseId: string, id: string, department: string, requestedAt: string, decidedAt: string | null = null) =>
      db.query('INSERT INTO decisions (case_id, id, department, requested_at, decided_at) VALUES ($1, $2, $3, $4, $5)', [caseId, id, department, requestedAt, decidedAt]);

    // S1: job and fam; coordinator after 2 days, a plan after 4; stalled (no activity) since the 24th, escalated and acknowledged; a job decision awaited; a change of caseworker.
    const s1 = await seed('S1', ['job', 'fam'], [['c1', 'job'], ['c2', 'fam']], '2026-11-16T09:00:00+01:00');
    await assignCoordinator(db, s1, 'c1', at('2026-11-18T09:00:00+01:00'));
    await recordActivity(db, s1, 'plan-changed', at('2026-11-20T09:00:00+01:00'), 'api-key:x', { version: 1 });
    await recordActivity(db, s1, 'caseworker-changed', at('2026-11-23T10:00:00+01:00'), 'api-key:x');
    await nudge(s1, 'stall.no-activity', '2026-11-24T10:00:00+01:00', { step: 1, acknowledgedAt: '2026-11-25T10:00:00+01:00', status: 'acknowledged' });
    await decision(s1, 'd1', 'job', '2026-11-17T10:00:00+01:00');
    // S2: job and fam; c9 took part and left (still counted); coordinator after 4 days; a fam decision taken after 8 days, stalled meanwhile.
    const s2 = await seed('S2', ['job', 'fam'], [['c1', 'job'], ['c2', 'fam'], ['c9', 'fam']], '2026-11-17T09:00:00+01:00');
    await upsertCase(db, TENANT, 'S2', { participants: [{ person: 'c1', department: 'job', role: 'caseworker' }, { person: 'c2', department: 'fam', role: 'caseworker' }], openedAt: '2026-11-17T09:00:00+01:00' }, at('2026-11-19T09:00:00+01:00'));
    await assignCoordinator(db, s2, 'c2', at('2026-11-21T09:00:00+01:00'));
    await nudge(s2, 'stall.decision-awaited', '2026-11-20T10:00:00+01:00', { status: 'closed', closedAt: '2026-11-26T10:00:00+01:00' });
    await decision(s2, 'd2', 'fam', '2026-11-18T10:00:00+01:00', '2026-11-26T10:00:00+01:00');
    // S3: job and psy; no coordinator; two reasons now.
    const s3 = await seed('S3', ['job', 'psy'], [['c3', 'psy'], ['nobody', 'job']], '2026-11-23T09:00:00+01:00');
    await nudge(s3, 'stall.no-coordinator', '2026-11-23T09:00:00+01:00');
    await nudge(s3, 'stall.responsible-absent', '2026-12-01T09:00:00+01:00');
    // S4: fam only, closed on the 20th.
    await seed('S4', ['fam'], [['c2', 'fam']], '2026-10-01T09:00:00+02:00', { status: 'closed', closedAt: '2026-11-20T12:00:00+01:00' });
    // S5: job and fam; a coordinator after six hours, a plan after a day; a follow-up missed for a day.
    const s5 = await seed('S5', ['job', 'fam'], [['c1', 'job'], ['c2', 'fam']], '2026-11-16T09:00:00+01:00');
    await assignCoordinator(db, s5, 'c1', at('2026-11-16T15:00:00+01:00'));
    await recordActivity(db, s5, 'plan-changed', at('2026-11-17T09:00:00+01:00'), 'api-key:x', { version: 1 });
    await nudge(s5, 'stall.follow-up-passed', '2026-11-18T10:00:00+01:00', { status: 'closed', closedAt: '2026-11-19T10:00:00+01:00' });

    // RC: a CSV survey of two waves; its groups mapped to departments through the API below.
    survey = (await saveSurvey(db, TENANT, 'RC Odense', {
      waves: ['forår', 'efterår'],
      ratings: 60,
      results: [
        { wave: 'forår', result: rc([tie('Jobcentret', 'Familie', 2.8)]) },
        { wave: 'efterår', result: rc([tie('Jobcentret', 'Familie', 3.2), tie('Familie', 'Jobcentret', 4.2, 4), tie('Psykiatrien', 'Jobcentret', 3.0)]) },
      ],
    })).id;
    app = await buildApp({ db, tokenSecret: SECRET, now: () => NOW, rateLimit: 1000 });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  const get = (url: string, token = key) => app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` } });
  const send = (method: 'POST' | 'PUT', url: string, body: unknown) => app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${key}` }, payload: body as object });
  const tokenFor = async (person: string) => {
    const r = await send('POST', '/insights/widget-tokens', { person, user: 'vendor-user-1' });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().token as string;
  };

  it('maps a CSV survey’s groups to departments (API), refusing a group or department it does not have', async () => {
    const before = (await get(`/rc-surveys/${survey}/departments`)).json();
    expect(before.groups).toEqual([
      { group: 'Jobcentret', department: null, source: null },
      { group: 'Familie', department: null, source: null },
      { group: 'Psykiatrien', department: null, source: null },
    ]);
    const bad = await send('PUT', `/rc-surveys/${survey}/departments`, { groups: [{ group: 'Ukendt', department: 'job' }] });
    expect(bad.statusCode).toBe(422);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.json().detail).toMatch(/groups\[0\]\.group/);
    expect((await send('PUT', `/rc-surveys/${survey}/departments`, { groups: [{ group: 'Familie', department: 'nope' }] })).statusCode).toBe(422);
    const put = await send('PUT', `/rc-surveys/${survey}/departments`, { groups: [{ group: 'Jobcentret', department: 'job' }, { group: 'Familie', department: 'fam' }] });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().groups).toEqual([
      { group: 'Jobcentret', department: 'job', source: 'mapping' },
      { group: 'Familie', department: 'fam', source: 'mapping' },
      { group: 'Psykiatrien', department: null, source: null }, // left out of the pairs
    ]);
    expect((await get('/rc-surveys/999999/departments')).statusCode).toBe(404);
  });

  it('gives an API key the municipality’s figures, counted by hand (k = 1)', async () => {
    await storeTenantSettings(db, TENANT, { minRespondents: 1 });
    const r = await get('/insights/overview?weeks=3');
    expect(r.statusCode, r.body).toBe(200);
    const { figures: f, pairs, rc: sources, viewer } = r.json();
    expect(viewer).toEqual({ kind: 'municipality' });
    expect(f.k).toBe(1);
    expect(f.period.from).toBe('2026-11-15T23:00:00.000Z');
    expect(f.openCoordinations).toBe(4); // S1 S2 S3 S5
    expect(f.stalled.total).toBe(2); // S1 S3
    expect(f.stalled.byReason).toEqual({ 'stall.no-activity': 1, 'stall.no-coordinator': 1, 'stall.responsible-absent': 1 });
    expect(Object.fromEntries(Object.entries(f.stalled.byDepartment).map(([d, v]) => [d, (v as { total: number }).total]))).toEqual({ fam: 1, job: 2, psy: 1 });
    expect(f.episodes).toEqual({ started: 5, resolved: 2 });
    expect(f.timeToCoordinator).toEqual({ n: 3, medianDays: 2, p90Days: 3.6, waiting: 1 }); // 0.25, 2, 4; S3 waits
    expect(f.timeToFirstPlan).toEqual({ n: 2, medianDays: 2.5, p90Days: 3.7, waiting: 2 }); // 1, 4; S2 S3 wait
    expect(f.decisionTime).toEqual({ n: 1, medianDays: 8, p90Days: 8, waiting: 1 });
    expect(f.decisionsAwaited).toEqual({ job: 1 });
    expect(f.handovers).toBe(1);
    expect(f.absences).toBe(1);
    expect(f.caseload).toEqual({ coordinators: 2, median: 1.5, max: 2, byCoordinator: [{ coordinator: 'c1', cases: 2 }, { coordinator: 'c2', cases: 1 }] });
    // Everyone who ever had a part: S1 c1 c2; S2 c1 c2 c9 (who left); S3 c3 nobody; S4 c2; S5 c1 c2.
    expect(f.professionalsPerCitizen).toEqual({ cases: 5, median: 2, max: 3 });
    expect(f.reminders).toEqual({ sent: 5, acknowledged: 1, escalated: 1 });
    expect(f.trend.map((w: { openCoordinations: number; stalled: number }) => [w.openCoordinations, w.stalled])).toEqual([[3, 1], [4, 2], [4, 2]]);
    expect(f.stalledCases).toEqual([
      { reference: 'S3', caseSystemUrl: 'https://sag.example/S3', reasons: ['stall.no-coordinator', 'stall.responsible-absent'], since: '2026-11-23T08:00:00.000Z' },
      { reference: 'S1', caseSystemUrl: 'https://sag.example/S1', reasons: ['stall.no-activity'], since: '2026-11-24T09:00:00.000Z' },
    ]);
    // Pairs, worst first, beside RC from the latest wave with the change since the one before.
    expect(pairs.map((p: { a: string; b: string; sharedCases: number; episodes: number; episodesPerCase: number; decisionsAwaited: number }) => [p.a, p.b, p.sharedCases, p.episodes, p.episodesPerCase, p.decisionsAwaited])).toEqual([
      ['job', 'psy', 1, 2, 2, 0],
      ['fam', 'job', 3, 3, 1, 1],
    ]);
    expect(pairs[0].rc).toEqual({ aToB: null, bToA: null }); // Psykiatrien is not mapped
    expect(pairs[1].rc.aToB).toEqual({ score: 4.2, band: 'strong', previous: null, change: null, changePercent: null });
    expect(pairs[1].rc.bToA).toMatchObject({ score: 3.2, band: 'weak', previous: 2.8 });
    expect(pairs[1].rc.bToA.change).toBeCloseTo(0.4, 6);
    expect(sources).toEqual({ latest: 'RC Odense: efterår', previous: 'RC Odense: forår', survey });
    const audited = await db.query<{ action: string; actor_kind: string }>("SELECT action, actor_kind FROM audit_log WHERE tenant_id = $1 AND action = 'insights.read'", [TENANT]);
    expect(audited.rows).toEqual([{ action: 'insights.read', actor_kind: 'api-key' }]);
  });

  it('shows counts under k as "under k" by default (k = 3)', async () => {
    await storeTenantSettings(db, TENANT, {});
    const { figures: f, pairs } = (await get('/insights/overview?weeks=3')).json();
    expect(f.k).toBe(3);
    expect(f.openCoordinations).toBe(4);
    expect(f.stalled.total).toEqual({ under: 3 });
    expect(f.stalled.byDepartment.job.total).toEqual({ under: 3 });
    expect(f.episodes).toEqual({ started: 5, resolved: { under: 3 } });
    expect(f.timeToFirstPlan).toEqual({ n: { under: 3 }, medianDays: null, p90Days: null, waiting: { under: 3 } });
    expect(f.decisionTime.medianDays).toBeNull();
    expect(f.caseload.byCoordinator).toEqual([{ coordinator: 'c1', cases: { under: 3 } }, { coordinator: 'c2', cases: { under: 3 } }]);
    expect(pairs[0]).toMatchObject({ a: 'job', b: 'psy', sharedCases: { under: 3 }, episodes: { under: 3 }, episodesPerCase: null });
    expect(pairs[1]).toMatchObject({ sharedCases: 3, episodes: 3, episodesPerCase: 1, decisionsAwaited: { under: 3 } });
    // No 1 or 2 anywhere among the counts.
    expect(JSON.stringify(f)).not.toMatch(/"(?:total|stalled|started|resolved|sent|acknowledged|escalated|handovers|absences|n|waiting|cases)":[12][,}]/);
  });

  it('gives a head of department their department, with the drill-down to its stalled cases', async () => {
    await storeTenantSettings(db, TENANT, { minRespondents: 1 });
    const token = await tokenFor('h-psy');
    const r = await get('/insights/overview?weeks=3', token);
    expect(r.statusCode, r.body).toBe(200);
    const { figures: f, pairs, viewer } = r.json();
    expect(viewer).toEqual({ kind: 'person', person: 'h-psy', departments: ['psy'] });
    expect(f.departments).toEqual(['psy']);
    expect(f.openCoordinations).toBe(1); // S3
    expect(Object.keys(f.stalled.byDepartment)).toEqual(['psy']);
    expect(f.stalledCases.map((c: { reference: string }) => c.reference)).toEqual(['S3']);
    expect(pairs.map((p: { a: string; b: string }) => `${p.a}-${p.b}`)).toEqual(['job-psy']);
    const audited = await db.query<{ actor_kind: string; detail: { as?: string } }>("SELECT actor_kind, detail FROM audit_log WHERE tenant_id = $1 AND action = 'insights.read' AND actor_kind = 'widget'", [TENANT]);
    expect(audited.rows.map((a) => a.detail.as)).toEqual(['h-psy']);
  });

  it('gives a team lead the departments they lead, the drill-down to the cases they have a part in, and no other department', async () => {
    const token = await tokenFor('l-job');
    const { figures: f, viewer } = (await get('/insights/overview?weeks=3', token)).json();
    expect(viewer.departments).toEqual(['job']);
    expect(f.openCoordinations).toBe(4); // S1 S2 S3 S5 all have job
    expect(f.stalledCases.map((c: { reference: string }) => c.reference)).toEqual(['S3', 'S1']);
    const other = await get('/insights/overview?departments=fam', token);
    expect(other.statusCode).toBe(403);
    expect(other.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('refuses a person who leads nothing, other widget tokens, and an overview token anywhere else; each refusal audited', async () => {
    const caseworker = await tokenFor('c1');
    expect((await get('/insights/overview', caseworker)).statusCode).toBe(403);
    const overviewToken = await tokenFor('h-job');
    expect((await get('/cases/S1', overviewToken)).statusCode).toBe(403);
    expect((await get(`/rc-surveys/${survey}/results`, overviewToken)).statusCode).toBe(403);
    const caseToken = (await send('POST', '/widget-tokens', { caseReference: 'S1', user: 'u', scope: 'read' })).json().token;
    expect((await get('/insights/overview', caseToken)).statusCode).toBe(403);
    expect((await send('POST', '/insights/widget-tokens', { person: 'ghost', user: 'u' })).statusCode).toBe(404);
    const denied = await db.query<{ actor: string; detail: { gesture: string } }>("SELECT actor, detail FROM audit_log WHERE tenant_id = $1 AND action = 'access.denied' ORDER BY id", [TENANT]);
    expect(denied.rows.map((d) => d.detail.gesture)).toEqual(['insights.read', 'insights.read', 'GET /api/v1/cases/:reference', 'GET /api/v1/rc-surveys/:id/results', 'GET /api/v1/insights/overview']);
    // An API key narrowed to one department.
    expect((await get('/insights/overview?departments=psy')).json().figures.openCoordinations).toBe(1);
  });

  it('keeps an episode’s end at the scheduler’s time, and everyone who had a part after they leave', async () => {
    const id = ids.S3!;
    await closeNudgesNoLongerHeld(db, id, [], new Date('2026-12-02T09:00:00Z'));
    const closed = await db.query<{ closed_at: Date }>('SELECT closed_at FROM nudges WHERE case_id = $1', [id]);
    expect(closed.rows.map((r) => new Date(r.closed_at).toISOString())).toEqual(['2026-12-02T09:00:00.000Z', '2026-12-02T09:00:00.000Z']);
    // Any other close gets the transaction's time; reopening clears it.
    await db.query("UPDATE nudges SET status = 'open' WHERE case_id = $1", [id]);
    expect((await db.query('SELECT 1 FROM nudges WHERE case_id = $1 AND closed_at IS NULL', [id])).rows).toHaveLength(2);
    await db.query("UPDATE nudges SET status = 'closed' WHERE case_id = $1", [id]);
    expect((await db.query('SELECT 1 FROM nudges WHERE case_id = $1 AND closed_at IS NOT NULL', [id])).rows).toHaveLength(2);
    const people = await db.query<{ person: string }>('SELECT person FROM case_professionals WHERE case_id = $1 ORDER BY person', [ids.S2]);
    expect(people.rows.map((r) => r.person)).toEqual(['c1', 'c2', 'c9']);
    expect((await db.query('SELECT 1 FROM participants WHERE case_id = $1', [ids.S2])).rows).toHaveLength(2);
  });

  it('declares the routes in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(doc.paths['/insights/overview'].get['x-samspil-access']).toBe('insights');
    expect(doc.paths['/rc-surveys/{id}/departments'].put).toBeDefined();
  });
});

describe("issue 27 the demo's leader's page", () => {
  it("hands the leader's page a token of scope insights for a demo leader, and the overview shows RC beside the demo's department pairs", async () => {
    const { startService } = await import('../src/service.js');
    const { memoryLog } = await import('../src/log.js');
    const examples = new URL('../../../examples', import.meta.url).pathname;
    const service = await startService({ port: 0, dataDir: 'memory://', tokenSecret: 's'.repeat(32), demo: { examples, history: true }, schedulerIntervalMs: 3_600_000, senderIntervalMs: 3_600_000, log: memoryLog().log });
    try {
      const answer = await fetch(`${service.url}/demo/widget-token?insights=leder-jobcenter`);
      expect(answer.status).toBe(200);
      const { token } = await answer.json();
      const overview = await (await fetch(`${service.url}/api/v1/insights/overview?weeks=12`, { headers: { authorization: `Bearer ${token}` } })).json();
      expect(overview.viewer).toEqual({ kind: 'person', person: 'leder-jobcenter', departments: ['jobcenter'] });
      expect(overview.figures.trend).toHaveLength(12);
      expect(overview.rc).toMatchObject({ latest: 'Relationel koordinering, demo: 2025-04', previous: 'Relationel koordinering, demo: 2024-04' });
      expect(overview.pairs.length).toBeGreaterThan(1);
      expect(overview.pairs.some((p: { rc: { aToB: unknown } }) => p.rc.aToB !== null)).toBe(true);
      expect((await fetch(`${service.url}/demo/widget-token?insights=leder-ingen`)).status).toBe(404);
      expect((await fetch(`${service.url}/demo/widget-token?insights=p-job-1`)).status).toBe(422);
    } finally {
      await service.stop();
    }
  }, 120_000);
});
