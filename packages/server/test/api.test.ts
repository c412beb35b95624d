import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/http/app.js';
import type { Db } from '../src/store/db.js';
import { createApiKey, createTenant } from '../src/store/tenants.js';
import { databases } from './databases.js';
import plan from '../../../examples/data/plan.json' with { type: 'json' };

const SECRET = 'test-secret-test-secret-test-secret-0123';

describe.each(databases)('REST API on $kind', ({ open }) => {
  let db: Db;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let keyA: string;
  let keyB: string;
  let clock = new Date('2026-11-23T09:00:00Z');

  beforeAll(async () => {
    ({ db, drop } = await open());
    await createTenant(db, { id: 'aarhus', name: 'Aarhus Kommune' });
    await createTenant(db, { id: 'odense', name: 'Odense Kommune' });
    keyA = await createApiKey(db, 'aarhus');
    keyB = await createApiKey(db, 'odense');
    app = await buildApp({ db, tokenSecret: SECRET, now: () => clock, rateLimit: 1000, corsOrigins: ['https://sag.example.dk'] });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  const call = (method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, key: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${key}`, ...headers }, ...(body === undefined ? {} : { payload: body as object }) });
  const CASE = {
    departments: ['jobcenter', 'familie'],
    participants: [
      { person: 'p-job-1', department: 'jobcenter', role: 'caseworker' },
      { person: 'p-fam-1', department: 'familie', role: 'caseworker' },
    ],
    caseSystemUrl: 'https://sag.example.dk/sager/SAG-1',
  };

  it('upserts a case by the vendor reference and reads it back in core\'s shape', async () => {
    const created = await call('PUT', '/api/v1/cases/SAG-1', keyA, CASE);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ reference: 'SAG-1', tenant: 'aarhus', status: 'active', departments: ['jobcenter', 'familie'], consent: null });
    const updated = await call('PUT', '/api/v1/cases/SAG-1', keyA, { status: 'active' });
    expect(updated.statusCode).toBe(200);
    expect(updated.json().participants).toHaveLength(2);
    const read = await call('GET', '/api/v1/cases/SAG-1', keyA);
    expect(read.statusCode).toBe(200);
    expect(read.json().caseSystemUrl).toBe('https://sag.example.dk/sager/SAG-1');
  });

  it('keeps tenants apart: B can neither read nor change A\'s case', async () => {
    expect((await call('GET', '/api/v1/cases/SAG-1', keyB)).statusCode).toBe(404);
    expect((await call('PUT', '/api/v1/cases/SAG-1/plan', keyB, plan)).statusCode).toBe(404);
    expect((await call('GET', '/api/v1/cases', keyB)).json().cases).toEqual([]);
    // B's own case of the same reference is a different case.
    expect((await call('PUT', '/api/v1/cases/SAG-1', keyB, { departments: ['sundhed'] })).statusCode).toBe(201);
    expect((await call('GET', '/api/v1/cases/SAG-1', keyA)).json().departments).toEqual(['jobcenter', 'familie']);
  });

  it('puts a plan with optimistic concurrency: If-Match on the version, 409 on a conflict, nothing overwritten', async () => {
    const first = await call('PUT', '/api/v1/cases/SAG-1/plan', keyA, plan);
    expect(first.statusCode).toBe(201);
    expect(first.headers.etag).toBe('"1"');
    const noMatch = await call('PUT', '/api/v1/cases/SAG-1/plan', keyA, plan);
    expect(noMatch.statusCode).toBe(428);
    const second = await call('PUT', '/api/v1/cases/SAG-1/plan', keyA, { ...plan, citizenWishes: 'Nye ønsker' }, { 'if-match': '"1"' });
    expect(second.statusCode).toBe(200);
    expect(second.headers.etag).toBe('"2"');
    const stale = await call('PUT', '/api/v1/cases/SAG-1/plan', keyA, { ...plan, citizenWishes: 'Forældet' }, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(409);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    expect(stale.json()).toMatchObject({ status: 409, currentVersion: 2 });
    const read = await call('GET', '/api/v1/cases/SAG-1/plan', keyA);
    expect(read.json()).toMatchObject({ citizenWishes: 'Nye ønsker', version: 2 });
    expect(read.headers.etag).toBe('"2"');
  });

  it('answers bad input with problem+json naming the field, and never crashes', async () => {
    const bad = await call('PUT', '/api/v1/cases/SAG-1/plan', keyA, { ...plan, interventions: [{ id: 'x', title: 'y', department: 7 }] }, { 'if-match': '"2"' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().detail).toBe('body interventions[0].department: expected string, received number');
    const unknown = await call('PUT', '/api/v1/cases/SAG-2', keyA, { departments: [], diagnosis: 'x' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().detail).toContain('diagnosis');
    const malformed = await app.inject({ method: 'PUT', url: '/api/v1/cases/SAG-2', headers: { authorization: `Bearer ${keyA}`, 'content-type': 'application/json' }, payload: '{"departments": [' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().title).toBe('Bad Request');
    const huge = await app.inject({ method: 'PUT', url: '/api/v1/cases/SAG-2', headers: { authorization: `Bearer ${keyA}`, 'content-type': 'application/json' }, payload: `{"x":"${'a'.repeat(10 * 1024 * 1024)}"}` });
    expect(huge.statusCode).toBe(413);
    const text = await app.inject({ method: 'PUT', url: '/api/v1/cases/SAG-2', headers: { authorization: `Bearer ${keyA}`, 'content-type': 'application/xml' }, payload: '<case/>' });
    expect(text.statusCode).toBe(415);
    expect((await call('GET', '/api/v1/cases/SAG-2', keyA)).statusCode).toBe(404);
    expect((await call('GET', '/api/v1/cases/SAG-1', keyA)).statusCode).toBe(200);
  });

  it('refuses missing or wrong credentials with 401', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/cases/SAG-1' })).statusCode).toBe(401);
    expect((await call('GET', '/api/v1/cases/SAG-1', 'ssk_000000000000_' + 'x'.repeat(43))).statusCode).toBe(401);
    expect((await call('GET', '/api/v1/cases/SAG-1', keyA.slice(0, -1) + (keyA.endsWith('A') ? 'B' : 'A'))).statusCode).toBe(401);
  });

  it('exchanges the API key for a widget token scoped to one case and one user', async () => {
    const issued = await call('POST', '/api/v1/widget-tokens', keyA, { caseReference: 'SAG-1', user: 'sagsbehandler-17', scope: 'read', ttlSeconds: 300 });
    expect(issued.statusCode).toBe(201);
    const { token } = issued.json();
    expect((await call('GET', '/api/v1/cases/SAG-1/plan', token)).statusCode).toBe(200);
    expect((await call('PUT', '/api/v1/cases/SAG-1/plan', token, plan, { 'if-match': '"2"' })).statusCode).toBe(403);
    expect((await call('GET', '/api/v1/cases/SAG-9', token)).statusCode).toBe(403);
    expect((await call('GET', '/api/v1/cases', token)).statusCode).toBe(403);
    const tampered = token.slice(0, 10) + (token[10] === 'a' ? 'b' : 'a') + token.slice(11);
    expect((await call('GET', '/api/v1/cases/SAG-1', tampered)).statusCode).toBe(401);
    clock = new Date(clock.getTime() + 301_000);
    const expired = await call('GET', '/api/v1/cases/SAG-1', token);
    expect(expired.statusCode).toBe(401);
    expect(expired.json().detail).toContain('expired');
    // The widget user is who the audit log names.
    const trail = (await call('GET', '/api/v1/cases/SAG-1/audit', keyA)).json().entries;
    expect(trail.some((e: { actorKind: string; actor: string; action: string }) => e.actorKind === 'widget' && e.actor === 'sagsbehandler-17' && e.action === 'plan.read')).toBe(true);
  });

  it('audits every read and write of case data', async () => {
    const trail = (await call('GET', '/api/v1/cases/SAG-1/audit', keyA)).json().entries as { action: string; actorKind: string }[];
    const actions = trail.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['case.create', 'case.update', 'case.read', 'plan.write', 'plan.read', 'widget-token.issue']));
    expect(trail.every((e) => e.actorKind === 'api-key' || e.actorKind === 'widget')).toBe(true);
  });

  it('records consent, assigns the coordinator with history, and withdraws consent', async () => {
    const consent = { basis: 'consent', givenAt: '2026-11-20T10:00:00+01:00', departments: ['jobcenter', 'familie'] };
    expect((await call('PUT', '/api/v1/cases/SAG-1/consent', keyA, consent)).json().consent).toMatchObject({ basis: 'consent' });
    await call('PUT', '/api/v1/cases/SAG-1/coordinator', keyA, { person: 'p-job-1', reason: 'Jobcentret ejer målet' });
    const moved = (await call('PUT', '/api/v1/cases/SAG-1/coordinator', keyA, { person: 'p-fam-1' })).json();
    expect(moved.coordinator.current).toBe('p-fam-1');
    expect(moved.coordinator.history).toHaveLength(2);
    expect(moved.coordinator.history[0]).toMatchObject({ person: 'p-job-1', reason: 'Jobcentret ejer målet' });
    expect(moved.coordinator.history[0].to).toBeDefined();
    const withdrawn = (await call('POST', '/api/v1/cases/SAG-1/consent/withdraw', keyA, {})).json();
    expect(withdrawn.consent.withdrawnAt).toBeDefined();
    expect((await call('GET', '/api/v1/cases?coordinator=p-fam-1', keyA)).json().cases.map((c: { reference: string }) => c.reference)).toEqual(['SAG-1']);
  });

  it('records the vendor system\'s activities and moves the stall clock', async () => {
    clock = new Date('2026-11-24T09:00:00Z');
    const r = await call('POST', '/api/v1/cases/SAG-1/activities', keyA, { kind: 'decision-requested', decision: { id: 'd-1', department: 'familie' }, occurredAt: '2026-11-24T10:00:00+01:00' });
    expect(r.statusCode).toBe(201);
    expect((await call('GET', '/api/v1/cases/SAG-1', keyA)).json().lastActivityAt).toBe('2026-11-24T09:00:00.000Z');
    const unknownKind = await call('POST', '/api/v1/cases/SAG-1/activities', keyA, { kind: 'case-note', text: 'x' });
    expect(unknownKind.statusCode).toBe(422);
  });

  it('opens the coordination once consent covers the departments, and suggests a coordinator', async () => {
    await call('PUT', '/api/v1/cases/SAG-3', keyA, CASE);
    const refused = await call('POST', '/api/v1/cases/SAG-3/coordination', keyA, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ reason: 'consent-missing', missing: ['jobcenter', 'familie'] });
    await call('PUT', '/api/v1/cases/SAG-3/consent', keyA, { basis: 'consent', givenAt: '2026-11-20T10:00:00+01:00', departments: ['jobcenter', 'familie'] });
    const opened = await call('POST', '/api/v1/cases/SAG-3/coordination', keyA, {});
    expect(opened.statusCode).toBe(201);
    const again = await call('POST', '/api/v1/cases/SAG-3/coordination', keyA, {});
    expect(again.statusCode).toBe(200);
    expect(again.json().opened).toBe(false);
    expect((await call('GET', '/api/v1/cases/SAG-3/coordinator/suggestion?requester=p-x', keyA)).json()).toEqual({ person: 'p-x', department: null, basis: 'requester' });
    await call('PUT', '/api/v1/cases/SAG-3/plan', keyA, plan);
    // The example plan's overall goal belongs to the jobcentre.
    expect((await call('GET', '/api/v1/cases/SAG-3/coordinator/suggestion?requester=p-x', keyA)).json()).toEqual({ person: 'p-job-1', department: 'jobcenter', basis: 'goal-owner' });
  });

  it('takes an RC survey as CSV and serves each wave\'s result and the comparison', async () => {
    const csv = readFileSync(new URL('../../../examples/data/survey.csv', import.meta.url), 'utf8');
    const up = await app.inject({ method: 'POST', url: '/api/v1/rc-surveys?name=Måling', headers: { authorization: `Bearer ${keyA}`, 'content-type': 'text/csv' }, payload: csv });
    expect(up.statusCode).toBe(201);
    const { id, waves, ratings } = up.json();
    expect(waves).toEqual(['2024-04', '2025-04']);
    expect(ratings).toBe(260);
    const result = (await call('GET', `/api/v1/rc-surveys/${id}/results?wave=2024-04`, keyA)).json();
    expect(result).toEqual(JSON.parse(readFileSync(new URL('../../../examples/data/rc-2024-04.json', import.meta.url), 'utf8')));
    const compare = (await call('GET', `/api/v1/rc-surveys/${id}/compare?from=2024-04&to=2025-04`, keyA)).json();
    expect(compare.overall.delta).toBeCloseTo(0.3667, 3);
    expect((await call('GET', `/api/v1/rc-surveys/${id}/results`, keyB)).statusCode).toBe(404);
    const bad = await app.inject({ method: 'POST', url: '/api/v1/rc-surveys?name=x', headers: { authorization: `Bearer ${keyA}`, 'content-type': 'text/csv' }, payload: 'respondent,group,target,frequent,timely,accurate,problem_solving,shared_goals,shared_knowledge,mutual_respect\nr1,A,B,3,3,9,3,3,3,3\n' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().detail).toBe('line 2, column 6 (accurate): "9" is not an integer from 1 to 5 (or empty)');
  });

  it('takes the organisation: departments, teams and people, with the API key only', async () => {
    expect((await call('PUT', '/api/v1/departments/jobcenter', keyA, { name: 'Jobcenter', kind: 'jobcentre', head: 'p-head' })).statusCode).toBe(200);
    expect((await call('PUT', '/api/v1/teams/team-1', keyA, { name: 'Team 1', department: 'jobcenter', lead: 'p-lead' })).statusCode).toBe(200);
    const person = await call('PUT', '/api/v1/people/p-job-1', keyA, { name: 'Maja Holm', email: 'maja@example.dk', department: 'jobcenter', team: 'team-1', teamLead: 'p-lead', availability: { status: 'absent', since: '2026-11-20T08:00:00+01:00' } });
    expect(person.statusCode).toBe(200);
    expect(person.json()).toMatchObject({ id: 'p-job-1', chat: {}, availability: { status: 'absent' } });
    const mismatch = await call('PUT', '/api/v1/people/p-x', keyA, { id: 'p-y', name: 'X', email: 'x@example.dk', department: 'jobcenter' });
    expect(mismatch.statusCode).toBe(422);
    const badEmail = await call('PUT', '/api/v1/people/p-x', keyA, { name: 'X', email: 'not-an-email', department: 'jobcenter' });
    expect(badEmail.statusCode).toBe(422);
    expect(badEmail.json().detail).toContain('email');
    const { token } = (await call('POST', '/api/v1/widget-tokens', keyA, { caseReference: 'SAG-1', user: 'u', scope: 'write' })).json();
    expect((await call('PUT', '/api/v1/teams/team-1', token, { name: 'T', department: 'jobcenter', lead: 'p-lead' })).statusCode).toBe(403);
    // B's organisation is B's own.
    expect((await db.query("SELECT count(*)::int AS n FROM people WHERE tenant_id = 'odense'")).rows[0]).toEqual({ n: 0 });
  });

  it('replaces participants and filters the case list by stalled', async () => {
    const replaced = await call('PUT', '/api/v1/cases/SAG-3/participants', keyA, [{ person: 'p-sund-1', department: 'sundhed', role: 'specialist' }]);
    expect(replaced.json().participants).toEqual([{ person: 'p-sund-1', department: 'sundhed', role: 'specialist' }]);
    const caseId = (await db.query<{ id: string }>("SELECT id::text AS id FROM cases WHERE tenant_id = 'aarhus' AND reference = 'SAG-3'")).rows[0]!.id;
    await db.query("INSERT INTO nudges (tenant_id, case_id, reason, period, since) VALUES ('aarhus', $1, 'stall.no-activity', 'x', now())", [caseId]);
    const stalled = (await call('GET', '/api/v1/cases?stalled=true', keyA)).json().cases.map((c: { reference: string }) => c.reference);
    expect(stalled).toEqual(['SAG-3']);
    expect((await call('GET', '/api/v1/cases?stalled=false', keyA)).json().cases.map((c: { reference: string }) => c.reference)).not.toContain('SAG-3');
  });

  it('shows the outbox with the messages that gave up', async () => {
    await db.query("INSERT INTO outbox (tenant_id, kind, recipient, payload, dedupe_key, status, attempts, last_error) VALUES ('aarhus', 'nudge', 'p-x', '{}', 'dead-1', 'dead', 8, 'slack: user_not_found')");
    const dead = (await call('GET', '/api/v1/outbox?status=dead', keyA)).json().messages;
    expect(dead).toMatchObject([{ kind: 'nudge', recipient: 'p-x', status: 'dead', attempts: 8, lastError: 'slack: user_not_found' }]);
    expect((await call('GET', '/api/v1/outbox?status=dead', keyB)).json().messages).toEqual([]);
  });

  it('publishes an OpenAPI 3.1 document generated from the schemas', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/cases/{reference}/plan'].put).toBeDefined();
    expect(doc.components.schemas.Plan.properties.citizenWishes).toBeDefined();
    expect(doc.components.schemas.CaseUpsertBody.additionalProperties).toBe(false);
  });

  it('lets configured origins call the API from a browser', async () => {
    const preflight = await app.inject({ method: 'OPTIONS', url: '/api/v1/cases/SAG-1/plan', headers: { origin: 'https://sag.example.dk', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization,if-match,content-type' } });
    expect(preflight.headers['access-control-allow-origin']).toBe('https://sag.example.dk');
    const other = await app.inject({ method: 'OPTIONS', url: '/api/v1/cases/SAG-1/plan', headers: { origin: 'https://evil.example', 'access-control-request-method': 'PUT' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('rate limit', () => {
  it('takes a key\'s own limit when the operator gave it one', async () => {
    const { db, drop } = await databases[0]!.open();
    await createTenant(db, { id: 't', name: 'T' });
    const limited = await createApiKey(db, 't', 'integration', 2);
    const other = await createApiKey(db, 't');
    const app = await buildApp({ db, tokenSecret: SECRET, rateLimit: 100 });
    try {
      const get = async (key: string) => (await app.inject({ method: 'GET', url: '/api/v1/cases', headers: { authorization: `Bearer ${key}` } })).statusCode;
      expect([await get(limited), await get(limited), await get(limited)]).toEqual([200, 200, 429]);
      expect([await get(other), await get(other), await get(other)]).toEqual([200, 200, 200]);
    } finally {
      await app.close();
      await drop();
    }
  }, 60_000);

  it('answers 429 with Retry-After once a key exceeds its limit', async () => {
    const { open } = databases[0]!;
    const { db, drop } = await open();
    await createTenant(db, { id: 't', name: 'T' });
    const key = await createApiKey(db, 't');
    const app = await buildApp({ db, tokenSecret: SECRET, rateLimit: 3 });
    try {
      const codes = [];
      for (let i = 0; i < 4; i++) codes.push((await app.inject({ method: 'GET', url: '/api/v1/cases', headers: { authorization: `Bearer ${key}` } })).statusCode);
      expect(codes).toEqual([200, 200, 200, 429]);
      const limited = await app.inject({ method: 'GET', url: '/api/v1/cases', headers: { authorization: `Bearer ${key}` } });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited.headers['content-type']).toContain('application/problem+json');
    } finally {
      await app.close();
      await drop();
    }
  });
});
