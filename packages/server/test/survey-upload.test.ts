// RC survey uploads over real HTTP: bounded while they stream, a record too long refused
// as soon as it is seen, two at a time per municipality, and read off the event loop.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { RC_ITEMS } from '@samspil/core';
import { buildApp } from '../src/http/app.js';
import type { Db } from '../src/store/db.js';
import { createApiKey, createTenant } from '../src/store/tenants.js';
import { databases } from './databases.js';

const HEADER = `respondent,group,target,${RC_ITEMS.join(',')}\n`;
const MB = 1024 * 1024;

/** A survey body streamed in 64 KB pieces as the server asks for them; `pulled` counts what it took. */
function body(pieces: () => Generator<string>) {
  const counter = { pulled: 0 };
  const encoder = new TextEncoder();
  const iterator = pieces();
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = iterator.next();
      if (next.done) return controller.close();
      const bytes = encoder.encode(next.value);
      counter.pulled += bytes.byteLength;
      controller.enqueue(bytes);
    },
  });
  return { stream, counter };
}
function* rows(count: number, from = 0) {
  yield HEADER;
  let lines: string[] = [];
  for (let i = from; i < from + count; i++) {
    lines.push(`R${i >> 5},Gruppe ${(i >> 5) % 32},Gruppe ${i % 32},3,4,,5,2,1,3`);
    if (lines.length === 1500) {
      yield lines.join('\n') + '\n';
      lines = [];
    }
  }
  if (lines.length) yield lines.join('\n') + '\n';
}
function* endless(line: string) {
  yield HEADER;
  for (;;) yield line;
}

describe.each(databases)('survey uploads on $kind', ({ open }) => {
  let db: Db;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let url = '';
  let keyA = '';
  let keyB = '';

  beforeAll(async () => {
    ({ db, drop } = await open());
    await createTenant(db, { id: 'aarhus', name: 'Aarhus' });
    await createTenant(db, { id: 'odense', name: 'Odense' });
    keyA = await createApiKey(db, 'aarhus');
    keyB = await createApiKey(db, 'odense');
    app = await buildApp({ db, tokenSecret: 's'.repeat(32), surveyLimit: 8 * MB, rateLimit: 10_000 });
    url = await app.listen({ port: 0, host: '127.0.0.1' });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  const upload = (key: string, stream: ReadableStream<Uint8Array>, name = 'Måling') =>
    fetch(`${url}/api/v1/rc-surveys?name=${encodeURIComponent(name)}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' }, body: stream, duplex: 'half' } as RequestInit);

  it('stores a streamed survey read off the event loop, which stays free meanwhile', async () => {
    const { stream } = body(() => rows(120_000));
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const health: number[] = [];
    let uploading = true;
    const probing = (async () => {
      while (uploading) {
        const t = performance.now();
        await fetch(`${url}/healthz`);
        health.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const res = await upload(keyA, stream);
    uploading = false;
    await probing;
    delay.disable();
    expect(res.status).toBe(201);
    expect((await res.json()) as { ratings: number }).toMatchObject({ ratings: 120_000 });
    // Generous bounds: reading 120,000 rows on the event loop held it for far longer.
    expect(delay.percentile(99) / 1e6).toBeLessThan(200);
    expect(Math.max(...health)).toBeLessThan(500);
  }, 60_000);

  it('answers 413 the moment a streamed upload passes the limit, without reading the rest', async () => {
    const { stream, counter } = body(() => rows(10_000_000));
    const res = await upload(keyA, stream);
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(counter.pulled).toBeLessThan(16 * MB);
    expect((await db.query<{ n: number }>("SELECT count(*)::int AS n FROM rc_surveys WHERE name = 'Måling' AND ratings > 120000")).rows[0]!.n).toBe(0);
  }, 60_000);

  it('refuses a record longer than 1 MB with 422 naming its line, as soon as it is seen', async () => {
    const { stream, counter } = body(() => endless('x'.repeat(65_536)));
    const res = await upload(keyA, stream);
    expect(res.status).toBe(422);
    const problem = (await res.json()) as { detail: string };
    expect(problem.detail).toContain('line 2');
    expect(problem.detail).toContain('longer than 1,048,576 characters');
    expect(counter.pulled).toBeLessThan(16 * MB); // an endless body: what the connection had buffered, then nothing more
  }, 60_000);

  it('names the first bad byte of a survey that is not UTF-8', async () => {
    const latin1 = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode(HEADER + 'r1,Gruppe 1,Gruppe 2,3,3,3,3,3,3,3\nr2,'));
        c.enqueue(new Uint8Array([0xc6, 0x62, 0x6c, 0x65, 0x0a])); // "Æble" in Windows-1252
        c.close();
      },
    });
    const res = await upload(keyA, latin1);
    expect(res.status).toBe(422);
    expect(((await res.json()) as { detail: string }).detail).toContain(`offset ${HEADER.length + 38}`);
  });

  it('runs at most two uploads at once per municipality (429 with Retry-After for a third); another municipality is not held up', async () => {
    // Two slow uploads that wait to be finished.
    const gates: (() => void)[] = [];
    const slow = () =>
      new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(new TextEncoder().encode(HEADER));
          gates.push(() => c.close());
        },
      });
    const first = upload(keyA, slow());
    const second = upload(keyA, slow());
    for (const end = Date.now() + 10_000; gates.length < 2 && Date.now() < end; ) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 200));
    const third = await upload(keyA, body(() => rows(10)).stream);
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    const other = await upload(keyB, body(() => rows(10)).stream);
    expect(other.status).toBe(201);
    gates.forEach((close) => close());
    expect([(await first).status, (await second).status]).toEqual([201, 201]);
    const again = await upload(keyA, body(() => rows(10)).stream);
    expect(again.status).toBe(201);
  }, 60_000);
});
