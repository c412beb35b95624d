// What promises linear time stays linear (issue 22: the survey import went quadratic
// unseen): `samspil rc score` as a whole process and the survey upload route, each
// timed at n and 8n rows in this process and compared as a ratio, never a time.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/http/app.js';
import { createApiKey, createTenant } from '../src/store/tenants.js';
import { asciiSurvey } from '../bench/data.mjs';
import { LINEAR_RATIO, scaling, scalingMessage } from '../../core/test/scaling.js';
import { databases } from './databases.js';

const bin = fileURLToPath(new URL('../bin/samspil.mjs', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'samspil-linear-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The benchmark's plain ASCII export (the shape of the file that took 480 s), `rows` ratings, on disk. */
const files = new Map<number, string>();
async function surveyFile(rows: number): Promise<string> {
  if (!files.has(rows)) {
    const path = join(tmp, `survey-${rows}.csv`);
    const out = createWriteStream(path);
    for (const piece of asciiSurvey(rows) as Iterable<string>) if (!out.write(piece)) await once(out, 'drain');
    out.end();
    await once(out, 'close');
    files.set(rows, path);
  }
  return files.get(rows)!;
}

describe('samspil rc score is linear as a whole process', () => {
  // The process costs its start too, so n is large enough for the reading to show (1 MiB chunks, as the CLI reads).
  it('on a plain ASCII export, n against 8n rows', async () => {
    const run = async (rows: number, budget: number) => {
      const file = await surveyFile(rows);
      const started = performance.now();
      const child = spawn(process.execPath, [bin, 'rc', 'score', file, '--json'], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const timer = Number.isFinite(budget) ? setTimeout(() => child.kill('SIGKILL'), budget) : undefined;
      const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
      clearTimeout(timer);
      if (signal === 'SIGKILL') return Infinity;
      expect(code, stderr).toBe(0);
      return performance.now() - started;
    };
    const s = await scaling(run, 100_000, 3);
    console.log(scalingMessage('samspil rc score', s));
    expect(s.ratio, scalingMessage('samspil rc score', s)).toBeLessThan(LINEAR_RATIO);
  }, 180_000);
});

describe.each(databases)('the survey upload route is linear on $kind', ({ open }) => {
  let app: FastifyInstance;
  let url = '';
  let key = '';
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const opened = await open();
    drop = opened.drop;
    await createTenant(opened.db, { id: 'aarhus', name: 'Aarhus' });
    key = await createApiKey(opened.db, 'aarhus');
    app = await buildApp({ db: opened.db, tokenSecret: 's'.repeat(32), surveyLimit: 64 << 20, rateLimit: 100_000 });
    url = await app.listen({ port: 0, host: '127.0.0.1' });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  it('n against 8n rows, from the request to the stored survey', async () => {
    const bodies = new Map<number, Uint8Array>();
    const bodyOf = (rows: number) => bodies.get(rows) ?? (bodies.set(rows, new TextEncoder().encode([...(asciiSurvey(rows) as Iterable<string>)].join(''))), bodies.get(rows)!);
    let uploads = 0;
    const run = async (rows: number, budget: number) => {
      const body = bodyOf(rows);
      const started = performance.now();
      const res = await fetch(`${url}/api/v1/rc-surveys?name=Linear-${uploads++}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
        body,
        signal: AbortSignal.timeout(Number.isFinite(budget) ? Math.ceil(budget) : 600_000),
      }).catch((error: Error) => (error.name === 'TimeoutError' ? undefined : Promise.reject(error)));
      if (!res) return Infinity;
      expect(res.status, await res.clone().text()).toBe(201);
      expect(((await res.json()) as { ratings: number }).ratings).toBe(rows);
      return performance.now() - started;
    };
    const s = await scaling(run, 100_000, 3);
    console.log(scalingMessage('POST /rc-surveys', s));
    expect(s.ratio, scalingMessage('POST /rc-surveys', s)).toBeLessThan(LINEAR_RATIO);
  }, 300_000);
});
