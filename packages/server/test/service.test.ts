import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryLog } from '../src/log.js';
import { startService } from '../src/service.js';

const examples = new URL('../../../examples', import.meta.url).pathname;

describe('the service (npm start)', () => {
  it('migrates, loads the demo municipality, serves API, demo tokens and health, and stops cleanly', async () => {
    const { log, lines } = memoryLog();
    const service = await startService({ port: 0, dataDir: 'memory://', tokenSecret: 's'.repeat(32), demo: { examples }, schedulerIntervalMs: 60_000, senderIntervalMs: 60_000, log });
    try {
      expect(lines.map((l) => JSON.parse(l).msg)).toContain('loaded the demo municipality (fictional data)');
      expect(await (await fetch(`${service.url}/healthz`)).json()).toEqual({ status: 'ok' });
      // The example pages are the composition root's (packages/service), not the server's.
      expect((await fetch(`${service.url}/examples/host-vanilla/index.html`)).status).toBe(404);
      // The page gets a widget token from the stand-in for the vendor's backend: read-only (no one logged in).
      const { token } = await (await fetch(`${service.url}/demo/widget-token?case=SAG-2026-0412`)).json();
      const plan = await fetch(`${service.url}/api/v1/cases/SAG-2026-0412/plan`, { headers: { authorization: `Bearer ${token}` } });
      expect(plan.status).toBe(200);
      const version = plan.headers.get('etag');
      const body = await plan.json();
      const put = await fetch(`${service.url}/api/v1/cases/SAG-2026-0412/plan`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'if-match': version! },
        body: JSON.stringify({ ...body, citizenWishes: 'Opdateret' }),
      });
      expect(put.status).toBe(403);
      expect((await fetch(`${service.url}/demo/widget-token?case=SAG-NOT-THERE`)).status).toBe(404);
      expect((await fetch(`${service.url}/demo/widget-token?case=010190-1234`)).status).toBe(422);
      // The heatmap's page: the latest RC survey with its waves and a token that reads its results only.
      const rc = await (await fetch(`${service.url}/demo/widget-token?survey=latest`)).json();
      expect(rc.survey).toMatchObject({ waves: ['2024-04', '2025-04'] });
      const read = (path: string) => fetch(`${service.url}/api/v1${path}`, { headers: { authorization: `Bearer ${rc.token}` } });
      expect((await read(`/rc-surveys/${rc.survey.id}/results?wave=2024-04`)).status).toBe(200);
      expect((await read(`/rc-surveys/${rc.survey.id}`)).status).toBe(403);
      expect((await read('/cases/SAG-2026-0412/plan')).status).toBe(403);
      expect((await fetch(`${service.url}/demo/widget-token?survey=999`)).status).toBe(404);
      expect((await fetch(`${service.url}/demo/widget-token`)).status).toBe(422);
      const stalled = await (await fetch(`${service.url}/api/v1/stalled`, { headers: { authorization: `Bearer ${service.demoKey}` } })).json();
      expect(stalled.cases.map((c: { reference: string }) => c.reference)).toContain('SAG-2026-0977');
    } finally {
      await service.stop();
    }
    await expect(fetch(`${service.url}/healthz`)).rejects.toThrow();
  }, 60_000);

  it('the demo is off unless asked for, and a restart reuses its one key', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'samspil-demo-')), 'data');
    const options = { port: 0, dataDir, tokenSecret: 's'.repeat(32), schedulerIntervalMs: 60_000, senderIntervalMs: 60_000, log: memoryLog().log };
    const off = await startService(options);
    try {
      expect(off.demoKey).toBeUndefined();
      expect((await fetch(`${off.url}/demo/widget-token?case=SAG-2026-0412`)).status).toBe(404);
    } finally {
      await off.stop();
    }
    const keys: string[] = [];
    for (let i = 0; i < 2; i++) {
      const on = await startService({ ...options, demo: { examples } });
      try {
        keys.push(on.demoKey!);
        expect((await fetch(`${on.url}/api/v1/cases`, { headers: { authorization: `Bearer ${on.demoKey}` } })).status).toBe(200);
        const live = await on.db.query<{ n: number }>("SELECT count(*)::int AS n FROM api_keys WHERE tenant_id = 'demo' AND revoked_at IS NULL");
        expect(live.rows[0]!.n).toBe(1);
      } finally {
        await on.stop();
      }
    }
    expect(keys[1]).toBe(keys[0]);
  }, 60_000);

  it('`samspil migrate` applies the migrations once', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'samspil-migrate-')), 'data');
    const run = () => spawnSync(process.execPath, [new URL('../bin/samspil.mjs', import.meta.url).pathname, 'migrate'], { encoding: 'utf8', env: { ...process.env, SAMSPIL_DATA_DIR: dir, DATABASE_URL: '' } });
    const first = run();
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('applied 001_init.sql, 002_nudge_steps.sql, 003_chat.sql, 004_coordination_places.sql, 005_operator.sql, 006_lifecycle.sql, 007_installations.sql, 008_rc_waves.sql, 009_outbox_sent.sql, 010_tenant_settings.sql, 011_meetings.sql');
    expect(run().stdout).toContain('up to date (pglite)');
  }, 60_000);
});
