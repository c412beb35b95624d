// Every input bounded, every answer discreet: sign-in failures counted per real address and
// per key id, answers and logs that name the rule but never repeat the refused value, path
// references taken exactly as sent, JSON bodies checked for UTF-8 and depth, and the HTTP
// parser's own refusals and aborted uploads handled like every other answer.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/http/app.js';
import { memoryLog } from '../src/log.js';
import type { Db } from '../src/store/db.js';
import { createApiKey, createTenant } from '../src/store/tenants.js';
import { waiter } from '../src/testing.js';
import { databases } from './databases.js';
import plan from '../../../examples/data/plan.json' with { type: 'json' };

const SECRET = 's'.repeat(32);
const CPR = '010190-1234';
/**
 * A text without what the service makes itself, which may hold any run of digits: its clock and
 * timings in the log (`"responseTime":1.99694300000010`) and the request ids it draws (UUIDs). A
 * CPR number can be neither, so what is left must not hold one of its parts.
 */
const withoutOwnNumbers = (text: string) => text.replace(/"(time|responseTime)":[\d.e+-]+/g, '').replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<request id>');
const HEADER = 'respondent,group,target,frequent,timely,accurate,problem_solving,shared_goals,shared_knowledge,mutual_respect';

interface Line {
  msg: string;
  reqId?: string;
  ip?: string;
  keyId?: string;
}

describe.each(databases)('bounded inputs and discreet answers on $kind', ({ open }) => {
  let db: Db;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let key = '';
  let clock = new Date('2026-12-07T09:00:00Z');
  const { log, lines } = memoryLog('info');
  const entries = () => lines.map((l) => JSON.parse(l) as Line);

  beforeAll(async () => {
    ({ db, drop } = await open());
    await createTenant(db, { id: 'aarhus', name: 'Aarhus' });
    key = await createApiKey(db, 'aarhus');
    app = await buildApp({ db, tokenSecret: SECRET, rateLimit: 100_000, now: () => clock, log });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  const send = (method: string, url: string, options: { payload?: unknown; headers?: Record<string, string>; ip?: string; auth?: string } = {}) =>
    app.inject({
      method: method as 'GET',
      url,
      remoteAddress: options.ip ?? '127.0.0.1',
      headers: { authorization: `Bearer ${options.auth ?? key}`, ...options.headers },
      ...(options.payload === undefined ? {} : { payload: options.payload as string }),
    });
  const nextMinute = () => (clock = new Date(clock.getTime() + 61_000));

  describe('failed sign-ins', () => {
    it('are counted per connection address: a new X-Forwarded-For per request is still locked out, and the socket\'s address is logged', async () => {
      const guess = `ssk_000000000000_${'x'.repeat(43)}`;
      const codes: number[] = [];
      for (let i = 0; i < 22; i++) {
        // A new spoofed address each time, alone or before the real one.
        const forwarded = i % 2 ? `198.51.100.${i}` : `198.51.100.${i}, 10.9.9.9`;
        codes.push((await send('GET', '/api/v1/cases', { auth: i % 3 ? guess : `swt_forged${i}.${'y'.repeat(43)}`, ip: '10.9.9.9', headers: { 'x-forwarded-for': forwarded } })).statusCode);
      }
      expect(codes.slice(0, 20).every((c) => c === 401)).toBe(true);
      expect(codes.slice(20)).toEqual([429, 429]);
      const refused = entries().filter((e) => e.msg === 'authentication refused');
      expect(refused.length).toBeGreaterThanOrEqual(20);
      expect(refused.every((e) => e.ip === '10.9.9.9')).toBe(true);
      expect(lines.join('\n')).not.toContain('198.51.100.');
      nextMinute();
    });

    it('are counted per key id whatever the address: past the limit the key waits, the right secret too; another key does not', async () => {
      const keyId = key.slice(4, 16);
      const wrong = `ssk_${keyId}_${'w'.repeat(43)}`;
      const codes: number[] = [];
      for (let i = 0; i < 21; i++) codes.push((await send('GET', '/api/v1/cases', { auth: wrong, ip: `10.20.0.${i + 1}` })).statusCode);
      expect(codes.slice(0, 20).every((c) => c === 401)).toBe(true);
      expect(codes[20]).toBe(429);
      const locked = await send('GET', '/api/v1/cases', { ip: '10.20.1.1' });
      expect(locked.statusCode).toBe(429);
      expect(locked.json().detail).toContain('with this key');
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
      expect(entries().some((e) => e.msg === 'authentication refused' && e.keyId === keyId)).toBe(true);
      const other = await createApiKey(db, 'aarhus', 'another');
      expect((await send('GET', '/api/v1/cases', { auth: other, ip: '10.20.1.2' })).statusCode).toBe(200);
      nextMinute();
      expect((await send('GET', '/api/v1/cases', { ip: '10.20.1.1' })).statusCode).toBe(200);
      expect(lines.join('\n')).not.toContain('w'.repeat(43));
    });

    it('take a trusted proxy\'s X-Forwarded-For as the client: each client behind it counted on its own', async () => {
      const { log: proxiedLog, lines: proxiedLines } = memoryLog('info');
      const proxied = await buildApp({ db, tokenSecret: SECRET, now: () => clock, log: proxiedLog, trustedProxies: ['10.0.0.0/24'] });
      try {
        const via = (client: string, auth: string, proxy = '10.0.0.7') =>
          proxied.inject({ method: 'GET', url: '/api/v1/cases', remoteAddress: proxy, headers: { authorization: `Bearer ${auth}`, 'x-forwarded-for': `${client}` } });
        const guess = `swt_forged.${'z'.repeat(43)}`;
        for (let i = 0; i < 20; i++) expect((await via('203.0.113.5', guess)).statusCode).toBe(401);
        expect((await via('203.0.113.5', key)).statusCode).toBe(429);
        // Another client behind the same proxy is not held up.
        expect((await via('203.0.113.6', key)).statusCode).toBe(200);
        const refused = proxiedLines.map((l) => JSON.parse(l) as Line).filter((e) => e.msg === 'authentication refused');
        expect(refused.every((e) => e.ip === '203.0.113.5')).toBe(true);
        // A proxy outside the list is not believed: its client is the proxy.
        for (let i = 0; i < 20; i++) await via(`203.0.113.${100 + i}`, guess, '192.0.2.1');
        expect((await via('203.0.113.200', key, '192.0.2.1')).statusCode).toBe(429);
      } finally {
        await proxied.close();
      }
      nextMinute();
    });
  });

  describe('answers and logs', () => {
    it('never hold a CPR number sent in the path, the query or a body; instance is the route pattern or the request id', async () => {
      const before = lines.length;
      const inPath = await send('GET', `/api/v1/cases/${CPR}?x=${CPR}`);
      expect(inPath.statusCode).toBe(422);
      expect(inPath.json()).toMatchObject({ instance: '/api/v1/cases/{reference}', detail: 'path reference: must not contain a CPR number' });
      const inQuery = await send('GET', `/api/v1/cases?coordinator=${CPR}`);
      expect(inQuery.statusCode).toBe(422);
      expect(inQuery.json()).toMatchObject({ instance: '/api/v1/cases', detail: 'query coordinator: must not contain a CPR number' });
      const inBody = await send('PUT', '/api/v1/cases/SAG-1', { payload: { departments: [`jobcenter ${CPR}`] } });
      expect(inBody.statusCode).toBe(422);
      expect(inBody.json().detail).toBe('body departments[0]: must not contain a CPR number');
      // A field's name is the caller's text too.
      const asKey = await send('PUT', '/api/v1/cases/SAG-1', { payload: { departments: ['jobcenter'], [CPR]: 1 } });
      expect(asKey.statusCode).toBe(422);
      const noRoute = await send('GET', `/api/v1/nowhere/${CPR}?q=${CPR}`, { headers: { 'x-request-id': 'trace-404' } });
      expect(noRoute.statusCode).toBe(404);
      expect(noRoute.json().instance).toBe('trace-404');
      const badUrl = await send('GET', `/api/v1/cases/${CPR}%E0%A4%A`);
      expect(badUrl.statusCode).toBe(400);
      expect(badUrl.json().detail).toBe('the URL is not valid: a %-encoding that does not decode');
      const long = await send('GET', `/api/v1/cases/${CPR}${'x'.repeat(200)}`);
      expect(long.json().detail).toBe('the URL is not valid: a path segment is longer than 200 characters');
      // A value refused further in: a wave that is not there, an If-Match that is no version, a body id that differs.
      const survey = await send('POST', '/api/v1/rc-surveys?name=small', { payload: `${HEADER}\nr1,A,B,3,3,3,3,3,3,3\n`, headers: { 'content-type': 'text/csv' } });
      expect(survey.statusCode).toBe(201);
      const wave = await send('GET', `/api/v1/rc-surveys/${survey.json().id}/results?wave=${CPR}`);
      expect(wave.statusCode).toBe(404);
      const waves = await send('GET', `/api/v1/rc-surveys/${survey.json().id}/compare?from=${CPR}&to=x`);
      expect(waves.statusCode).toBe(404);
      expect((await send('PUT', '/api/v1/cases/SAG-1', { payload: { departments: ['jobcenter'] } })).statusCode).toBe(201);
      const ifMatch = await send('PUT', '/api/v1/cases/SAG-1/plan', { payload: plan, headers: { 'if-match': CPR } });
      expect(ifMatch.statusCode).toBe(400);
      expect(ifMatch.json().detail).toBe('header If-Match: must be the document\'s version, e.g. "3"');
      const bodyId = await send('PUT', '/api/v1/departments/d1', { payload: { id: 'd2', name: 'D', kind: 'other' } });
      expect(bodyId.statusCode).toBe(422);
      expect(bodyId.body).not.toContain('d2');
      for (const res of [inPath, inQuery, inBody, asKey, noRoute, badUrl, long, wave, waves, ifMatch]) {
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(withoutOwnNumbers(res.body)).not.toContain('0101');
        expect(res.body).not.toContain('/api/v1/cases/0');
      }
      expect(withoutOwnNumbers(lines.slice(before).join('\n'))).not.toContain('0101');
    });

    it('replace an X-Request-Id that is long, odd, a CPR number or a key, and keep a plain one', async () => {
      const ids = [CPR, '0101901234', 'a'.repeat(65), 'vendor trace', 'spor-ø', key, `x${key}`, 'a/b'];
      for (const id of ids) {
        const before = lines.length;
        const res = await send('GET', '/api/v1/cases/SAG-404', { headers: { 'x-request-id': id } });
        expect(res.statusCode).toBe(404);
        const ours = lines.slice(before).map((l) => JSON.parse(l) as Line);
        expect(ours.length).toBeGreaterThan(0);
        for (const e of ours) expect(e.reqId, id).toMatch(/^[0-9a-f-]{36}$/);
        expect(lines.slice(before).join('\n')).not.toContain(id);
      }
      const before = lines.length;
      await send('GET', '/api/v1/cases/SAG-404', { headers: { 'x-request-id': 'Vendor.trace_42-a' } });
      expect(entries().slice(before).every((e) => e.reqId === 'Vendor.trace_42-a')).toBe(true);
    });

    it('answer a survey with a 100 KB bad cell briefly: line, column and a short, CPR-masked excerpt', async () => {
      const huge = `${CPR} ${'x'.repeat(100_000)}`;
      const rows = [HEADER, `r1,A,B,${huge},3,3,3,3,3,3`, ...Array.from({ length: 30 }, (_, i) => `r${i + 2},A,B,"${huge}",3,3,3,3,3,3`)];
      const res = await send('POST', '/api/v1/rc-surveys?name=big', { payload: `${rows.join('\n')}\n`, headers: { 'content-type': 'text/csv' } });
      expect(res.statusCode).toBe(422);
      expect(res.body.length).toBeLessThan(4_000);
      const problem = res.json();
      expect(problem.detail).toMatch(/^line 2, column 4 \(frequent\): "[^"]{1,17}" is not an integer from 1 to 5/);
      expect(problem.problemCount).toBe(31);
      expect(problem.problems.length).toBeLessThanOrEqual(20);
      expect(res.body).not.toContain('x'.repeat(17));
      expect(withoutOwnNumbers(res.body)).not.toContain('0101');
    });

    it('samspil rc score says the line and column of a 100 KB bad cell briefly too', () => {
      const dir = mkdtempSync(join(tmpdir(), 'samspil-bounded-'));
      const file = join(dir, 'big.csv');
      writeFileSync(file, `${HEADER}\nr1,A,B,3,"${CPR} ${'x'.repeat(100_000)}",3,3,3,3,3\n`);
      const bin = fileURLToPath(new URL('../bin/samspil.mjs', import.meta.url));
      const r = spawnSync(process.execPath, [bin, 'rc', 'score', file], { encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('line 2, column 5 (timely): "');
      expect(r.stderr.length).toBeLessThan(1_000);
      expect(r.stderr).not.toContain('0101');
    });
  });

  describe('references and bodies', () => {
    it('takes a path reference exactly as sent: one with whitespace around it is refused and erases nothing', async () => {
      expect((await send('PUT', '/api/v1/cases/SAG-2026-0412', { payload: { departments: ['jobcenter'] } })).statusCode).toBe(201);
      for (const url of ['/api/v1/cases/SAG-2026-0412%20', '/api/v1/cases/%20SAG-2026-0412', '/api/v1/cases/SAG-2026-0412%09']) {
        const res = await send('DELETE', url);
        expect(res.statusCode, url).toBe(422);
        expect(res.json().detail).toBe('path reference: must not begin or end with whitespace');
        expect((await send('PUT', url, { payload: { status: 'closed' } })).statusCode, url).toBe(422);
      }
      const kept = await send('GET', '/api/v1/cases/SAG-2026-0412');
      expect(kept.statusCode).toBe(200);
      expect(kept.json().status).not.toBe('closed');
      expect((await send('PUT', '/api/v1/departments/%20jobcenter', { payload: { name: 'Jobcenter', kind: 'jobcentre' } })).statusCode).toBe(422);
    });

    it('refuses a JSON body that is not UTF-8, naming the offset of the first bad byte; nothing is stored', async () => {
      const latin1 = Buffer.from('{"name":"Ældre øst","kind":"adult-social"}', 'latin1');
      const res = await send('PUT', '/api/v1/departments/aeldre', { payload: latin1 as unknown as string, headers: { 'content-type': 'application/json' } });
      expect(res.statusCode).toBe(400);
      expect(res.json().detail).toBe('malformed JSON: not UTF-8; the first bad byte is at offset 9');
      // A sequence cut off at the end, and an encoded surrogate, are not UTF-8 either.
      const cut = await send('PUT', '/api/v1/departments/aeldre', { payload: Buffer.concat([Buffer.from('{"name":"x"}'), Buffer.from([0xc3])]) as unknown as string, headers: { 'content-type': 'application/json' } });
      expect(cut.json().detail).toContain('offset 12');
      const surrogate = await send('PUT', '/api/v1/departments/aeldre', { payload: Buffer.from([...Buffer.from('{"name":"'), 0xed, 0xa0, 0x80, ...Buffer.from('"}')]) as unknown as string, headers: { 'content-type': 'application/json' } });
      expect(surrogate.json().detail).toContain('offset 9');
      expect((await db.query<{ n: number }>("SELECT count(*)::int AS n FROM departments WHERE id = 'aeldre'")).rows[0]!.n).toBe(0);
      const utf8 = await send('PUT', '/api/v1/departments/aeldre', { payload: Buffer.from('{"name":"Ældre øst","kind":"adult-social"}') as unknown as string, headers: { 'content-type': 'application/json' } });
      expect(utf8.statusCode).toBeLessThan(300);
    });

    it('refuses JSON nested deeper than 100 levels with 400 naming the limit', async () => {
      const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
      const res = await send('PUT', '/api/v1/cases/SAG-1/participants', { payload: deep(10_000), headers: { 'content-type': 'application/json' } });
      expect(res.statusCode).toBe(400);
      expect(res.json().detail).toBe('malformed JSON: nested deeper than 100 levels');
      // Brackets inside strings are text, and 100 levels are read (and refused by the schema).
      const inString = await send('PUT', '/api/v1/cases/SAG-1', { payload: JSON.stringify({ departments: ['[{'.repeat(500)] }), headers: { 'content-type': 'application/json' } });
      expect(inString.json().detail).not.toContain('nested');
      const hundred = await send('PUT', '/api/v1/cases/SAG-1/participants', { payload: deep(100), headers: { 'content-type': 'application/json' } });
      expect(hundred.statusCode).toBe(422);
    });
  });

  describe('over a socket', () => {
    let url: URL;
    beforeAll(async () => {
      url = new URL(await app.listen({ port: 0, host: '127.0.0.1' }));
    });

    /** Sends raw bytes; resolves with what came back once the server closed the connection. */
    const raw = (bytes: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(Number(url.port), url.hostname, () => socket.write(bytes));
        let answer = '';
        socket.on('data', (chunk) => (answer += chunk));
        socket.on('end', () => resolve(answer));
        socket.on('error', reject);
        socket.setTimeout(5_000, () => reject(new Error(`the connection stayed open: ${answer}`)));
      });

    it('answers a header too large with 431 problem+json and closes the connection; a malformed request with 400', async () => {
      const big = await raw(`GET /api/v1/cases HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`);
      expect(big).toMatch(/^HTTP\/1\.1 431 /);
      expect(big).toContain('Content-Type: application/problem+json');
      expect(big).toContain('Connection: close');
      expect(JSON.parse(big.slice(big.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 431, title: 'Request Header Fields Too Large' });
      const bad = await raw('NOT HTTP AT ALL\r\n\r\n');
      expect(bad).toMatch(/^HTTP\/1\.1 400 /);
      expect(bad).toContain('application/problem+json');
    });

    it('logs an upload the client aborts as aborted, not as an unexpected error', async () => {
      const before = lines.length;
      const waitFor = waiter(lines);
      const upload = httpRequest(new URL('/api/v1/rc-surveys?name=aborted', url), { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv', 'transfer-encoding': 'chunked' } });
      upload.on('error', () => {});
      upload.write(`${HEADER}\n${'r1,A,B,3,3,3,3,3,3,3\n'.repeat(1_000)}`);
      await waitFor(() => entries().slice(before).some((e) => e.msg === 'incoming request'), 'the upload to arrive');
      await new Promise((resolve) => setTimeout(resolve, 200));
      upload.destroy();
      await waitFor(() => entries().slice(before).some((e) => e.msg === 'upload aborted by the client'), 'the abort to be logged');
      expect(entries().slice(before).some((e) => e.msg === 'unexpected error')).toBe(false);
    });
  });
});
