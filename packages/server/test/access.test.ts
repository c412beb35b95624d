// Need to know over HTTP: every route declares its access rule, the one hook applies it;
// widget tokens reach their case with their scope only; CPR-like references go nowhere;
// failed sign-ins are limited per address; a revoked key stops working.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/http/app.js';
import { memoryLog } from '../src/log.js';
import { openDb, type Db } from '../src/store/db.js';
import { createApiKey, createTenant, revokeApiKey } from '../src/store/tenants.js';
import { databases } from './databases.js';
import plan from '../../../examples/data/plan.json' with { type: 'json' };

const SECRET = 'test-secret-test-secret-test-secret-0123';
const CASE = {
  departments: ['jobcenter', 'familie'],
  participants: [
    { person: 'p-job-1', department: 'jobcenter', role: 'caseworker' },
    { person: 'p-fam-1', department: 'familie', role: 'caseworker' },
  ],
};
/** The CPR number in the forms people type, as a path reference would carry it. */
const CPR_FORMS = ['010190-1234', '0101901234', '010190 1234', '010190–1234', '01.01.90-1234', 'SAG-010190-1234'];

describe.each(databases)('access on $kind', ({ open }) => {
  let db: Db;
  let url: string | undefined;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let key: string;
  const { log, lines: logs } = memoryLog();
  let clock = new Date('2026-11-23T09:00:00Z');

  beforeAll(async () => {
    ({ db, url, drop } = await open());
    await createTenant(db, { id: 'aarhus', name: 'Aarhus Kommune' });
    key = await createApiKey(db, 'aarhus');
    app = await buildApp({ db, tokenSecret: SECRET, now: () => clock, rateLimit: 10_000, log });
    expect((await call('PUT', '/api/v1/cases/SAG-1', key, CASE)).statusCode).toBe(201);
    expect((await call('PUT', '/api/v1/cases/SAG-2', key, CASE)).statusCode).toBe(201);
    expect((await call('PUT', '/api/v1/cases/SAG-1/plan', key, plan)).statusCode).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  const call = (method: 'GET' | 'PUT' | 'POST', path: string, bearer: string | undefined, body?: unknown, headers: Record<string, string> = {}, ip = '127.0.0.1') =>
    app.inject({ method, url: path, remoteAddress: ip, headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...headers }, ...(body === undefined ? {} : { payload: body as object }) });
  const token = async (scope: string, caseReference = 'SAG-1', user = 'sagsbehandler-17') => (await call('POST', '/api/v1/widget-tokens', key, { caseReference, user, scope })).json().token as string;

  it('every route under /api/v1 declares an access rule, and the public ones are only health and the OpenAPI document', () => {
    const api = app.routeTable.filter((r) => r.url.startsWith('/api/v1') && r.method !== 'OPTIONS' && r.method !== 'HEAD');
    expect(api.length).toBeGreaterThan(20);
    expect(api.filter((r) => !r.access).map((r) => `${r.method} ${r.url}`)).toEqual([]);
    expect([...new Set(app.routeTable.filter((r) => r.access === 'public').map((r) => r.url))]).toEqual(['/healthz', '/readyz', '/api/v1/openapi.json']);
  });

  it('a widget token reaches its own case with its scope only: each scope against each route', async () => {
    const read = await token('read');
    const planScope = await token('plan');
    const legacy = await token('write'); // issued as `plan`
    const etag = (await call('GET', '/api/v1/cases/SAG-1/plan', key)).headers.etag as string;
    const routes: [string, 'GET' | 'PUT' | 'POST', string, unknown, { read: number; plan: number }][] = [
      ['read the case', 'GET', '/api/v1/cases/SAG-1', undefined, { read: 200, plan: 200 }],
      ['read the plan', 'GET', '/api/v1/cases/SAG-1/plan', undefined, { read: 200, plan: 200 }],
      ['read the matrix', 'GET', '/api/v1/cases/SAG-1/matrix', undefined, { read: 404, plan: 404 }],
      ['suggest a coordinator', 'GET', '/api/v1/cases/SAG-1/coordinator/suggestion?requester=p-job-1', undefined, { read: 200, plan: 200 }],
      ['record a follow-up held', 'POST', '/api/v1/cases/SAG-1/activities', { kind: 'meeting-held' }, { read: 403, plan: 201 }],
      ['request a decision', 'POST', '/api/v1/cases/SAG-1/activities', { kind: 'decision-requested', decision: { id: 'd1', department: 'jobcenter' } }, { read: 403, plan: 403 }],
      ['change the caseworker', 'POST', '/api/v1/cases/SAG-1/activities', { kind: 'caseworker-changed', participant: { person: 'x', department: 'jobcenter', role: 'caseworker' } }, { read: 403, plan: 403 }],
      ['update the case', 'PUT', '/api/v1/cases/SAG-1', { status: 'active' }, { read: 403, plan: 403 }],
      ['create another case', 'PUT', '/api/v1/cases/SAG-NEW', { status: 'active' }, { read: 403, plan: 403 }],
      ['record consent', 'PUT', '/api/v1/cases/SAG-1/consent', { basis: 'consent', givenAt: '2026-11-01T09:00:00+01:00', departments: ['jobcenter', 'familie'] }, { read: 403, plan: 403 }],
      ['withdraw consent', 'POST', '/api/v1/cases/SAG-1/consent/withdraw', {}, { read: 403, plan: 403 }],
      ['replace participants', 'PUT', '/api/v1/cases/SAG-1/participants', [], { read: 403, plan: 403 }],
      ['assign the coordinator', 'PUT', '/api/v1/cases/SAG-1/coordinator', { person: 'p-job-1' }, { read: 403, plan: 403 }],
      ['open the coordination', 'POST', '/api/v1/cases/SAG-1/coordination', {}, { read: 403, plan: 403 }],
      ['read the audit trail', 'GET', '/api/v1/cases/SAG-1/audit', undefined, { read: 403, plan: 403 }],
      ['list cases', 'GET', '/api/v1/cases', undefined, { read: 403, plan: 403 }],
      ['stalled cases', 'GET', '/api/v1/stalled', undefined, { read: 403, plan: 403 }],
      ['nudges', 'GET', '/api/v1/nudges', undefined, { read: 403, plan: 403 }],
      ['the outbox', 'GET', '/api/v1/outbox', undefined, { read: 403, plan: 403 }],
      ['a token of its own', 'POST', '/api/v1/widget-tokens', { caseReference: 'SAG-1', user: 'u', scope: 'read' }, { read: 403, plan: 403 }],
      ['the organisation', 'PUT', '/api/v1/people/p-x', { name: 'X', email: 'x@example.dk', department: 'jobcenter' }, { read: 403, plan: 403 }],
      ['RC surveys', 'GET', '/api/v1/rc-surveys/1', undefined, { read: 403, plan: 403 }],
      ['another case', 'GET', '/api/v1/cases/SAG-2', undefined, { read: 403, plan: 403 }],
      ['another case\'s plan', 'PUT', '/api/v1/cases/SAG-2/plan', plan, { read: 403, plan: 403 }],
    ];
    for (const [what, method, path, body, expected] of routes) {
      expect((await call(method, path, read, body)).statusCode, `read: ${what}`).toBe(expected.read);
      expect((await call(method, path, planScope, body)).statusCode, `plan: ${what}`).toBe(expected.plan);
    }
    // Replacing the plan: read-only refused, plan and the old `write` allowed.
    expect((await call('PUT', '/api/v1/cases/SAG-1/plan', read, plan, { 'if-match': etag })).statusCode).toBe(403);
    const replaced = await call('PUT', '/api/v1/cases/SAG-1/plan', planScope, plan, { 'if-match': etag });
    expect(replaced.statusCode).toBe(200);
    expect((await call('PUT', '/api/v1/cases/SAG-1/plan', legacy, plan, { 'if-match': replaced.headers.etag as string })).statusCode).toBe(200);
    expect((await call('PUT', '/api/v1/cases/SAG-1/matrix', read, { columns: [], rows: [] })).statusCode).toBe(403);
    // Each refusal is audited: who, which reference, which gesture.
    const denied = await db.query<{ actor: string; case_reference: string | null; detail: { gesture: string } }>("SELECT actor, case_reference, detail FROM audit_log WHERE action = 'access.denied' AND actor_kind = 'widget'");
    expect(denied.rows.length).toBeGreaterThan(20);
    expect(denied.rows).toContainEqual({ actor: 'sagsbehandler-17', case_reference: 'SAG-2', detail: { gesture: 'GET /api/v1/cases/:reference' } });
    // A token never created a case.
    expect((await call('GET', '/api/v1/cases/SAG-NEW', key)).statusCode).toBe(404);
  });

  it('issues a token only for a case that exists, to a bounded user without a CPR number', async () => {
    expect((await call('POST', '/api/v1/widget-tokens', key, { caseReference: 'SAG-NONE', user: 'u', scope: 'read' })).statusCode).toBe(404);
    expect((await call('POST', '/api/v1/widget-tokens', key, { caseReference: 'SAG-1', user: 'u'.repeat(201), scope: 'read' })).statusCode).toBe(422);
    const cpr = await call('POST', '/api/v1/widget-tokens', key, { caseReference: 'SAG-1', user: 'bruger 010190-1234', scope: 'read' });
    expect(cpr.statusCode).toBe(422);
    expect(cpr.json().detail).toBe('body user: must not contain a CPR number');
    expect((await call('POST', '/api/v1/widget-tokens', key, { caseReference: 'SAG-1', user: 'u', scope: 'admin' })).statusCode).toBe(422);
    const issued = (await call('POST', '/api/v1/widget-tokens', key, { caseReference: 'SAG-1', user: 'u', scope: 'write' })).json();
    expect(issued.scope).toBe('plan');
  });

  it('refuses a token with anything appended, prepended or changed, rather than verifying its first parts', async () => {
    const t = await token('read');
    expect((await call('GET', '/api/v1/cases/SAG-1', t)).statusCode).toBe(200);
    for (const forged of [`${t}.x`, `${t}x`, `${t}.`, `x${t}`, t.replace('.', '..'), t.slice(0, -1)]) {
      expect((await call('GET', '/api/v1/cases/SAG-1', forged, undefined, {}, '10.9.9.1')).statusCode, forged.slice(-12)).toBe(401);
    }
  });

  it('refuses a CPR-like reference in the path with 422 before anything is stored or logged', async () => {
    const read = await token('read');
    const before = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')).rows[0]!.n;
    for (const reference of CPR_FORMS) {
      const path = `/api/v1/cases/${encodeURIComponent(reference)}`;
      for (const [method, suffix, body] of [['PUT', '', { status: 'active' }], ['GET', '', undefined], ['PUT', '/plan', plan], ['GET', '/audit', undefined], ['POST', '/activities', { kind: 'meeting-held' }]] as const) {
        const res = await call(method, path + suffix, key, body);
        expect(res.statusCode, `${method} ${reference}${suffix}`).toBe(422);
        expect(res.json().detail).toBe('path reference: must not contain a CPR number');
      }
      expect((await call('GET', path, read)).statusCode).toBe(422);
    }
    const { rows } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM cases WHERE reference ~ '\\d{6}'");
    expect(rows[0]!.n).toBe(0);
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')).rows[0]!.n).toBe(before);
    const stored = JSON.stringify((await db.query('SELECT * FROM audit_log')).rows);
    for (const reference of CPR_FORMS) expect(stored).not.toContain(reference.slice(0, 6));
    // A reference like the vendors' own is no CPR number.
    expect((await call('PUT', '/api/v1/cases/SAG-2026-0412', key, CASE)).statusCode).toBe(201);
  });

  it('refuses an activity dated more than 5 minutes ahead (422), allows clock skew within them', async () => {
    const ahead = (ms: number) => new Date(clock.getTime() + ms).toISOString();
    const far = await call('POST', '/api/v1/cases/SAG-1/activities', key, { kind: 'meeting-held', occurredAt: ahead(6 * 60_000) });
    expect(far.statusCode).toBe(422);
    expect(far.json().detail).toContain('occurredAt');
    expect((await call('POST', '/api/v1/cases/SAG-1/activities', key, { kind: 'meeting-held', occurredAt: ahead(4 * 60_000) })).statusCode).toBe(201);
  });

  it('limits failed sign-ins per address: 429 with Retry-After after 20 a minute, the secret never logged', async () => {
    const ip = '10.1.2.3';
    const guess = `ssk_000000000000_${'x'.repeat(43)}`;
    const codes: number[] = [];
    for (let i = 0; i < 21; i++) codes.push((await call('GET', '/api/v1/cases', i % 2 ? guess : `swt_forged${i}.${'y'.repeat(43)}`, undefined, {}, ip)).statusCode);
    expect(codes.slice(0, 20).every((c) => c === 401)).toBe(true);
    expect(codes[20]).toBe(429);
    // Past the limit the address waits, even with a good key; other addresses do not.
    const blocked = await call('GET', '/api/v1/cases', key, undefined, {}, ip);
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.headers['content-type']).toContain('application/problem+json');
    expect((await call('GET', '/api/v1/cases', key, undefined, {}, '10.1.2.4')).statusCode).toBe(200);
    clock = new Date(clock.getTime() + 61_000);
    expect((await call('GET', '/api/v1/cases', key, undefined, {}, ip)).statusCode).toBe(200);
    expect(logs.some((l) => l.includes('authentication refused') && l.includes(ip))).toBe(true);
    expect(logs.join('\n')).not.toContain('x'.repeat(43));
    expect(logs.join('\n')).not.toContain('y'.repeat(43));
    expect(logs.join('\n')).not.toContain(key.slice(-20));
  });

  it('a revoked key stops working at once on this instance, and within 5 s on another', async () => {
    const k = await createApiKey(db, 'aarhus', 'to revoke');
    expect((await call('GET', '/api/v1/cases', k)).statusCode).toBe(200);
    // Another instance: its own connection and key cache, on PostgreSQL (PGlite is one process's).
    const other = url ? await openDb({ url }) : undefined;
    const otherApp = other ? await buildApp({ db: other, tokenSecret: SECRET, now: () => clock, log: memoryLog().log }) : undefined;
    const viaOther = () => otherApp!.inject({ method: 'GET', url: '/api/v1/cases', remoteAddress: '10.7.7.7', headers: { authorization: `Bearer ${k}` } });
    try {
      if (otherApp) expect((await viaOther()).statusCode).toBe(200);
      expect(await revokeApiKey(db, k.slice(4, 16), clock)).toBe(true);
      expect((await call('GET', '/api/v1/cases', k)).statusCode).toBe(401);
      if (otherApp) {
        clock = new Date(clock.getTime() + 5_000);
        expect((await viaOther()).statusCode).toBe(401);
      }
    } finally {
      await otherApp?.close();
      await other?.close();
    }
  });
});
