// One logger: JSON lines through Fastify's (pino), each request with its id and route
// pattern; never a secret or case data, even when a request carries them or fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/http/app.js';
import { memoryLog } from '../src/log.js';
import type { Db } from '../src/store/db.js';
import { createApiKey, createTenant } from '../src/store/tenants.js';
import { databases } from './databases.js';
import plan from '../../../examples/data/plan.json' with { type: 'json' };

describe.each(databases)('the log on $kind', ({ open }) => {
  let db: Db;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let key = '';
  const { log, lines } = memoryLog('info');

  beforeAll(async () => {
    ({ db, drop } = await open());
    await createTenant(db, { id: 'aarhus', name: 'Aarhus' });
    key = await createApiKey(db, 'aarhus');
    app = await buildApp({ db, tokenSecret: 's'.repeat(32), log });
  });
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  const WORDS = 'Karen Testborger vil gerne tilbage i arbejde';
  const CPR = '010190-1234';

  it('logs each request by id and route pattern, never the URL, the body, a key or a token', async () => {
    const send = (method: string, url: string, payload?: object, auth = key, headers: Record<string, string> = {}) =>
      app.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${auth}`, 'x-request-id': 'vendor-trace-1', ...headers }, ...(payload ? { payload } : {}) });
    expect((await send('PUT', '/api/v1/cases/SAG-1', { departments: ['jobcenter'] })).statusCode).toBe(201);
    expect((await send('PUT', '/api/v1/cases/SAG-1/plan', { ...plan, citizenWishes: WORDS })).statusCode).toBe(201);
    const token = (await send('POST', '/api/v1/widget-tokens', { caseReference: 'SAG-1', user: 'sagsbehandler-1', scope: 'read' })).json().token as string;
    expect((await send('GET', '/api/v1/cases/SAG-1/plan', undefined, token)).statusCode).toBe(200);
    // A CPR number where a reference goes, in a query and in a body: refused, and not logged.
    expect((await send('GET', `/api/v1/cases/${CPR}`)).statusCode).toBe(422);
    expect((await send('GET', `/api/v1/cases?coordinator=${CPR}`)).statusCode).toBe(422);
    expect((await send('PUT', '/api/v1/cases/SAG-1/plan', { ...plan, citizenWishes: `${WORDS} ${CPR}` }, key, { 'if-match': '"1"' })).statusCode).toBeLessThan(500);
    // A guessed key and a forged token.
    expect((await send('GET', '/api/v1/cases', undefined, `ssk_000000000000_${'g'.repeat(43)}`)).statusCode).toBe(401);
    expect((await send('GET', '/api/v1/cases', undefined, `swt_forged.${'f'.repeat(43)}`)).statusCode).toBe(401);

    const text = lines.join('');
    for (const secret of [WORDS, 'Karen', CPR, key, key.slice(-20), token, token.slice(-20), 'g'.repeat(43), 'f'.repeat(43)]) expect(text, secret.slice(0, 12)).not.toContain(secret);
    const entries = lines.map((l) => JSON.parse(l) as { reqId?: string; msg: string; req?: { method: string; route: string }; res?: { statusCode: number } });
    const incoming = entries.filter((e) => e.msg === 'incoming request');
    expect(incoming.length).toBe(9);
    // The vendor's request id is kept; each line of a request carries it.
    expect(entries.filter((e) => e.reqId === 'vendor-trace-1').length).toBeGreaterThanOrEqual(18);
    expect(incoming.map((e) => e.req!.route)).toContain('/api/v1/cases/:reference/plan');
    expect(entries.filter((e) => e.msg === 'request completed').map((e) => e.res!.statusCode)).toContain(422);
    expect(entries.some((e) => e.msg === 'authentication refused')).toBe(true);
  });

  it('logs an unexpected error by route, type and code, never its message or the statement\'s parameters', async () => {
    const { log: errors, lines: errorLines } = memoryLog('warn');
    const { db: broken, drop: dropBroken } = await open();
    await createTenant(broken, { id: 'aarhus', name: 'Aarhus' });
    const k = await createApiKey(broken, 'aarhus');
    const failing = await buildApp({ db: broken, tokenSecret: 's'.repeat(32), log: errors });
    try {
      // The database fails under the route (a table gone): a 500 whose error names the statement.
      await broken.query('DROP TABLE activities CASCADE');
      const res = await failing.inject({ method: 'PUT', url: '/api/v1/cases/SAG-7', headers: { authorization: `Bearer ${k}` }, payload: { departments: ['jobcenter'], caseSystemUrl: `https://sag.example.dk/${WORDS.replaceAll(' ', '-')}` } });
      expect(res.statusCode).toBe(500);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const line = errorLines.map((l) => JSON.parse(l)).find((e) => e.msg === 'unexpected error');
      expect(line).toMatchObject({ level: 50, route: '/api/v1/cases/:reference', err: { type: expect.any(String) } });
      expect(line.reqId).toBeTruthy();
      expect(errorLines.join('')).not.toContain('Karen');
      expect(errorLines.join('')).not.toContain('activities');
    } finally {
      await failing.close();
      await dropBroken();
    }
  }, 60_000);
});
