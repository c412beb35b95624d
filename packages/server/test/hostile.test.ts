// Issue 30's sweep: every hostile input it names, and its family, sent to every route of the
// route table (path, query, each body field, headers, the body itself). On any route: never a
// 5xx; a refusal is problem+json; no CPR number or refused value comes back in the answer or
// reaches the log; and the service still answers afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { hasCpr } from '@samspil/core';
import { buildApp } from '../src/http/app.js';
import type { RouteEntry } from '../src/http/route.js';
import { memoryLog } from '../src/log.js';
import type { Db } from '../src/store/db.js';
import { createApiKey, createTenant } from '../src/store/tenants.js';
import { databases } from './databases.js';
import plan from '../../../examples/data/plan.json' with { type: 'json' };

/** A CPR number in the forms people type and the scripts digits come in. */
const CPRS = ['010190-1234', '0101901234', '010190 1234', '01-01-90-1234', '01/01/90-1234', '01.01.90-1234', '010190\u20131234', '０１０１９０-１２３４', '٠١٠١٩٠-١٢٣٤', '01 01 90 1234'];
/** Instants outside what the service stores exactly, and offsets no clock has. */
const DATES = ['0001-01-01T00:00:00+14:00', '0000-01-01T00:00:00Z', '0049-06-01T00:00:00Z', '1899-12-31T23:59:59Z', '2201-01-01T00:00:00Z', '2026-01-01T00:00:00-23:59', '2026-01-01T00:00:00+14:01', '9999-12-31T23:59:59-15:00', '2026-02-30', '0049-06-01'];
/** Numbers past what a column holds. */
const NUMBERS = [2147483648, -2147483649, 9007199254740993, 1e308, -1];
/** A value a field's text must hold as it is, or be refused for: it must never come back changed into another. */
const SPACED = [' SAG-2026-0412', 'SAG-2026-0412 ', 'SAG-2026-0412%20'];
/** An array past every stated limit (500 participants, interventions, rows). */
const LONG = Array.from({ length: 1001 }, (_, i) => `x${i}`);

const SECRET = 's'.repeat(32);

describe.each(databases)('hostile inputs on every route on $kind', ({ open }) => {
  let db: Db;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let key = '';
  let otherKey = '';
  const { log, lines } = memoryLog('info');

  beforeAll(async () => {
    ({ db, drop } = await open());
    await createTenant(db, { id: 'aarhus', name: 'Aarhus' });
    await createTenant(db, { id: 'odense', name: 'Odense' });
    key = await createApiKey(db, 'aarhus');
    otherKey = await createApiKey(db, 'odense');
    app = await buildApp({ db, tokenSecret: SECRET, rateLimit: 1_000_000, log });
    const put = (url: string, payload: object, k = key) => app.inject({ method: 'PUT', url, headers: { authorization: `Bearer ${k}` }, payload });
    expect((await put('/api/v1/cases/SAG-2026-0412', { departments: ['jobcenter'] })).statusCode).toBe(201);
    expect((await put('/api/v1/cases/SAG-2026-0412/plan', plan)).statusCode).toBe(201);
    expect((await put('/api/v1/cases/SAG-9', { departments: ['jobcenter'] }, otherKey)).statusCode).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  const routes = () =>
    [...new Map(app.routeTable.filter((r) => r.url.startsWith('/api/v1/') && r.access !== 'public' && !['HEAD', 'OPTIONS'].includes(String(r.method))).map((r) => [`${r.method} ${r.url}`, r])).values()];
  const params = (url: string) => [...url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  const fill = (url: string, value: string, only?: string) =>
    url.replace(/:(\w+)/g, (_, name: string) => (only === undefined || only === name ? encodeURIComponent(value) : name === 'reference' ? 'SAG-PROBE' : name === 'platform' ? 'slack' : '1'));
  const fields = (r: RouteEntry) => Object.keys((r.schema.body as { shape?: Record<string, unknown> } | undefined)?.shape ?? {});
  const queries = (r: RouteEntry) => Object.keys((r.schema.querystring as { shape?: Record<string, unknown> } | undefined)?.shape ?? {});
  const isCsv = (r: RouteEntry) => r.url.includes('rc-surveys') && r.method === 'POST';

  /** Sends one request and checks what every answer must be; `refused` is the hostile value, which must not come back in a refusal. */
  async function probe(what: string, request: { method: string; url: string; payload?: string | Buffer; headers?: Record<string, string> }, refused: string) {
    const before = lines.length;
    const res = await app.inject({
      method: request.method as 'GET',
      url: request.url,
      headers: { authorization: `Bearer ${key}`, 'if-match': '"1"', ...(request.payload !== undefined ? { 'content-type': 'application/json' } : {}), ...request.headers },
      ...(request.payload !== undefined ? { payload: request.payload } : {}),
    });
    expect.soft(res.statusCode, `${what}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
    const logged = lines.slice(before).join('\n');
    expect.soft(hasCpr(logged), `${what}: the log holds a CPR number`).toBe(false);
    if (res.statusCode >= 400) {
      expect.soft(String(res.headers['content-type']), what).toContain('application/problem+json');
      expect.soft(hasCpr(res.body), `${what}: the answer holds a CPR number: ${res.body.slice(0, 300)}`).toBe(false);
      if (refused.length > 3) expect.soft(res.body.includes(refused) || res.body.includes(JSON.stringify(refused).slice(1, -1)), `${what}: the refusal repeats the value: ${res.body.slice(0, 300)}`).toBe(false);
      expect.soft(res.body.length, `${what}: a long answer`).toBeLessThan(8_000);
    }
    return res;
  }

  it('takes a CPR number in every path parameter and query parameter without a 5xx or an echo', async () => {
    const list = routes();
    expect(list.length).toBeGreaterThan(25);
    for (const r of list) {
      const body = ['PUT', 'POST', 'PATCH'].includes(String(r.method)) && !isCsv(r) ? '{}' : undefined;
      for (const cpr of CPRS) {
        for (const name of params(r.url)) await probe(`${r.method} ${r.url} :${name}=${cpr}`, { method: String(r.method), url: fill(r.url, cpr, name), ...(body ? { payload: body } : {}) }, cpr);
        for (const q of queries(r)) await probe(`${r.method} ${r.url} ?${q}=${cpr}`, { method: String(r.method), url: `${fill(r.url, 'SAG-PROBE', 'reference')}?${q}=${encodeURIComponent(cpr)}`, ...(body ? { payload: body } : {}) }, cpr);
      }
    }
  }, 300_000);

  it('takes a path reference exactly as sent: with spaces around it, it is refused and finds no other case', async () => {
    for (const r of routes().filter((r) => r.url.includes(':reference'))) {
      for (const spaced of [' SAG-2026-0412', 'SAG-2026-0412 ', 'SAG-2026-0412\t']) {
        const body = ['PUT', 'POST', 'PATCH'].includes(String(r.method)) ? '{}' : undefined;
        const res = await probe(`${r.method} ${r.url} ${JSON.stringify(spaced)}`, { method: String(r.method), url: fill(r.url, spaced, 'reference'), ...(body ? { payload: body } : {}) }, spaced);
        expect.soft(res.statusCode, `${r.method} ${r.url} ${JSON.stringify(spaced)}`).toBe(422);
      }
    }
    expect((await app.inject({ method: 'GET', url: '/api/v1/cases/SAG-2026-0412', headers: { authorization: `Bearer ${key}` } })).statusCode).toBe(200);
  });

  it('puts every hostile value in every field of every body without a 5xx or an echo', async () => {
    for (const r of routes().filter((r) => ['PUT', 'POST', 'PATCH'].includes(String(r.method)) && !isCsv(r))) {
      const url = fill(r.url, 'SAG-PROBE', 'reference').replace(/:(\w+)/g, (_, n: string) => (n === 'platform' ? 'slack' : '1'));
      for (const field of fields(r)) {
        const values: [unknown, string][] = [...CPRS, ...DATES, ...SPACED].map((v) => [v, v]);
        for (const n of NUMBERS) values.push([n, String(n)]);
        values.push([LONG, 'x1000'], [{ nested: CPRS[0] }, CPRS[0]!], [[CPRS[0]], CPRS[0]!]);
        for (const [value, refused] of values) await probe(`${r.method} ${r.url} body.${field}=${JSON.stringify(value).slice(0, 40)}`, { method: String(r.method), url, payload: JSON.stringify({ [field]: value }) }, refused);
      }
    }
  }, 300_000);

  it('refuses a body nested 10,000 deep, not UTF-8, or an array of 1,001 where a list is limited, on every route that takes JSON', async () => {
    for (const r of routes().filter((r) => ['PUT', 'POST', 'PATCH'].includes(String(r.method)) && !isCsv(r))) {
      const url = fill(r.url, 'SAG-PROBE', 'reference').replace(/:(\w+)/g, (_, n: string) => (n === 'platform' ? 'slack' : '1'));
      const deep = await probe(`${r.method} ${r.url} deep`, { method: String(r.method), url, payload: `${'['.repeat(10_000)}${']'.repeat(10_000)}` }, '[[[[');
      expect(deep.statusCode, `${r.method} ${r.url} deep`).toBe(400);
      const latin1 = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc6, 0x6c, 0x64, 0x72, 0x65]), Buffer.from('"}')]);
      const bad = await probe(`${r.method} ${r.url} Latin-1`, { method: String(r.method), url, payload: latin1 }, '\ufffd');
      expect(bad.statusCode, `${r.method} ${r.url} Latin-1`).toBe(400);
      await probe(`${r.method} ${r.url} a long array`, { method: String(r.method), url, payload: JSON.stringify(LONG) }, 'x1000');
    }
  }, 120_000);

  it('never logs a request id that holds a CPR number, a key or free text, on any route', async () => {
    for (const r of routes()) {
      for (const id of [CPRS[0]!, CPRS[8]!, key, 'Karen Hansen har depression', 'x'.repeat(65)]) {
        const before = lines.length;
        await probe(`${r.method} ${r.url} request id`, { method: String(r.method), url: fill(r.url, 'SAG-PROBE', 'reference').replace(/:(\w+)/g, '1'), headers: { 'x-request-id': id } }, id);
        expect(lines.slice(before).some((l) => l.includes(id)), `${r.method} ${r.url}: the request id ${id.slice(0, 20)} logged`).toBe(false);
      }
    }
  }, 120_000);

  it('has changed nothing it refused: the case, its plan and the other municipality are as they were, and the service answers', async () => {
    const own = await app.inject({ method: 'GET', url: '/api/v1/cases/SAG-2026-0412', headers: { authorization: `Bearer ${key}` } });
    expect(own.statusCode).toBe(200);
    const cases = await app.inject({ method: 'GET', url: '/api/v1/cases', headers: { authorization: `Bearer ${key}` } });
    expect(cases.statusCode).toBe(200);
    expect(hasCpr(cases.body)).toBe(false);
    const other = await app.inject({ method: 'GET', url: '/api/v1/cases/SAG-9', headers: { authorization: `Bearer ${otherKey}` } });
    expect(other.statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    // No case was made or found by a reference trimmed or decoded into another.
    const { rows } = await db.query<{ reference: string }>('SELECT reference FROM cases ORDER BY reference');
    expect(rows.filter((r) => r.reference !== r.reference.trim() || hasCpr(r.reference))).toEqual([]);
  });
});
