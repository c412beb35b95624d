// Every input validated the same way at the edge: malformed text, ids beyond what the
// database holds, unknown fields and parameters, odd URLs and content types, sent to every
// route of the route table. No 5xx; every error is problem+json.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/http/app.js';
import { memoryLog } from '../src/log.js';
import type { Db } from '../src/store/db.js';
import { createApiKey, createTenant } from '../src/store/tenants.js';
import { databases } from './databases.js';
import plan from '../../../examples/data/plan.json' with { type: 'json' };

describe.each(databases)('the edge on $kind', ({ open }) => {
  let db: Db;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let key = '';

  beforeAll(async () => {
    ({ db, drop } = await open());
    await createTenant(db, { id: 'aarhus', name: 'Aarhus' });
    key = await createApiKey(db, 'aarhus');
    app = await buildApp({ db, tokenSecret: 's'.repeat(32), rateLimit: 100_000, log: memoryLog().log });
    const put = (url: string, payload: object, headers: Record<string, string> = {}) => app.inject({ method: 'PUT', url, headers: { authorization: `Bearer ${key}`, ...headers }, payload });
    expect((await put('/api/v1/cases/SAG-1', { departments: ['jobcenter'] })).statusCode).toBe(201);
    expect((await put('/api/v1/cases/SAG-1/plan', plan)).statusCode).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  const send = (method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${key}`, ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) });
  const routes = () =>
    [...new Map(app.routeTable.filter((r) => r.url.startsWith('/api/v1/') && r.access !== 'public' && !['HEAD', 'OPTIONS'].includes(String(r.method))).map((r) => [`${r.method} ${r.url}`, r])).values()];
  const fill = (url: string, reference = 'SAG-1', id = '1') => url.replace(':reference', reference).replace(':id', id);
  const expectProblem = (res: { statusCode: number; headers: Record<string, unknown> }, what: string) => {
    expect(res.statusCode, what).toBeLessThan(500);
    expect(res.statusCode, what).toBeGreaterThanOrEqual(400);
    expect(String(res.headers['content-type']), what).toContain('application/problem+json');
  };

  it('answers malformed text anywhere, on every route, with 422 naming where, and never 5xx', async () => {
    const list = routes();
    expect(list.length).toBeGreaterThan(20);
    for (const r of list) {
      const method = String(r.method);
      const url = fill(r.url);
      const what = `${method} ${r.url}`;
      // In the path.
      if (r.url.includes(':reference')) {
        const res = await send(method, fill(r.url, 'a%00b'), method === 'GET' ? undefined : {});
        expectProblem(res, `${what} NUL in path`);
        expect(res.statusCode, what).toBe(422);
      }
      // In a query value.
      expectProblem(await send(method, `${url}?coordinator=%00`, method === 'GET' ? undefined : {}), `${what} NUL in query`);
      // In a JSON body, as NUL and as a lone surrogate.
      if (method !== 'GET' && !r.url.includes('rc-surveys')) {
        for (const bad of ['x\u0000y', 'x\ud800y']) {
          const res = await app.inject({ method: method as 'PUT', url, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'if-match': '"1"' }, payload: `{"name":${JSON.stringify(bad)},"citizenWishes":${JSON.stringify(bad)}}`.replace('\\ud800', '\\ud800') });
          expectProblem(res, `${what} ${JSON.stringify(bad)} in body`);
        }
      }
    }
    const wishes = await app.inject({ method: 'PUT', url: '/api/v1/cases/SAG-1/plan', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'if-match': '"1"' }, payload: JSON.stringify({ ...plan, citizenWishes: 'Vil gerne\u0000 arbejde' }) });
    expect(wishes.statusCode).toBe(422);
    expect(wishes.json().detail).toBe('body citizenWishes: not well-formed text (a control character or a lone surrogate)');
    const surrogate = await app.inject({ method: 'PUT', url: '/api/v1/cases/SAG-1/plan', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'if-match': '"1"' }, payload: `${JSON.stringify({ ...plan, citizenWishes: 'x' }).replace('"citizenWishes":"x"', '"citizenWishes":"a\\ud800b"')}` });
    expect(surrogate.statusCode).toBe(422);
    // Tabs and line breaks are text.
    const fine = await app.inject({ method: 'PUT', url: '/api/v1/cases/SAG-1/plan', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'if-match': '"1"' }, payload: JSON.stringify({ ...plan, citizenWishes: 'Første linje\n\tanden linje' }) });
    expect(fine.statusCode).toBe(200);
  });

  it('bounds ids and versions to what the database holds (422), and refuses parameters a route does not take', async () => {
    for (const url of ['/api/v1/nudges/99999999999999999999999/acknowledge', '/api/v1/nudges/0/snooze', '/api/v1/nudges/abc/acknowledge']) {
      const res = await send('POST', url, {});
      expect(res.statusCode, url).toBe(422);
    }
    for (const url of ['/api/v1/rc-surveys/9223372036854775808/results', '/api/v1/rc-surveys/-1', '/api/v1/rc-surveys/1e3/compare?from=a&to=b']) expect((await send('GET', url)).statusCode, url).toBe(422);
    expect((await send('GET', '/api/v1/rc-surveys/123456789012345678')).statusCode).toBe(404);
    const big = await send('PUT', '/api/v1/cases/SAG-1/plan', plan, { 'if-match': '"2147483648"' });
    expect(big.statusCode).toBe(422);
    const audit = await send('GET', '/api/v1/cases/SAG-1/audit?limit=abc');
    expect(audit.statusCode).toBe(422);
    expect(audit.json().detail).toContain('query limit');
  });

  it('refuses unknown fields everywhere, nested ones and consent\'s included', async () => {
    const consent = await send('PUT', '/api/v1/cases/SAG-1/consent', { basis: 'consent', givenAt: '2026-11-01T09:00:00+01:00', departments: ['jobcenter'], diagnosis: 'x' });
    expect(consent.statusCode).toBe(422);
    expect(consent.json().detail).toContain('diagnosis');
    const nested = await send('PUT', '/api/v1/cases/SAG-1/participants', [{ person: 'p1', department: 'jobcenter', role: 'caseworker', note: 'x' }]);
    expect(nested.statusCode).toBe(422);
    expect(nested.json().detail).toBe('body [0].note: unknown field');
    const goal = await send('PUT', '/api/v1/cases/SAG-1/plan', { ...plan, overallGoal: { ...plan.overallGoal, secret: 'x' } }, { 'if-match': '"2"' });
    expect(goal.statusCode).toBe(422);
    expect(goal.json().detail).toBe('body overallGoal.secret: unknown field');
    const chat = await send('PUT', '/api/v1/people/p1', { name: 'P', email: 'p@example.dk', department: 'jobcenter', chat: { slack: { teamId: 'T', userId: 'U', extra: 1 } } });
    expect(chat.statusCode).toBe(422);
  });

  it('answers odd URLs and content types in problem+json: an empty reference, a long one, a bad %-encoding, JSON as text/plain', async () => {
    expect((await send('PUT', '/api/v1/cases/', { status: 'active' })).statusCode).toBeGreaterThanOrEqual(400);
    expect((await db.query<{ n: number }>("SELECT count(*)::int AS n FROM cases WHERE reference = ''")).rows[0]!.n).toBe(0);
    const ref150 = `SAG-${'x'.repeat(146)}`;
    expect((await send('PUT', `/api/v1/cases/${ref150}`, { status: 'active' })).statusCode).toBe(201);
    const ref201 = await send('PUT', `/api/v1/cases/SAG-${'x'.repeat(197)}`, { status: 'active' });
    expectProblem(ref201, 'a 201-character reference');
    expectProblem(await send('GET', '/api/v1/cases/%E0%A4%A'), 'a bad %-encoding');
    const text = await app.inject({ method: 'PUT', url: '/api/v1/cases/SAG-1', headers: { authorization: `Bearer ${key}`, 'content-type': 'text/plain' }, payload: '{"status":"active"}' });
    expect(text.statusCode).toBe(415);
    expectProblem(text, 'JSON as text/plain');
  });

  it('reads a survey with a NUL in a name or no text at all into a 422 naming line and column', async () => {
    const csv = (payload: string) => app.inject({ method: 'POST', url: '/api/v1/rc-surveys?name=x', headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' }, payload });
    const nul = await csv('respondent,group,target,frequent,timely,accurate,problem_solving,shared_goals,shared_knowledge,mutual_respect\nr1,A\u0000B,C,3,3,3,3,3,3,3\n');
    expect(nul.statusCode).toBe(422);
    expect(nul.json().detail).toBe('line 2, column 2 (group): holds a NUL character');
    const empty = await csv('');
    expect(empty.statusCode).toBe(422);
    expect(empty.json().detail).toBe('line 1, column 1: the file is empty; a header row is required');
  });
});
