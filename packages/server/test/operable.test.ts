// Operable: liveness without the database, readiness that names what is not ready, and a
// graceful stop under load that loses nothing acknowledged and leaves no row claimed.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/http/app.js';
import { memoryLog } from '../src/log.js';
import type { ChatPort, OutboxMessage } from '../src/outbox.js';
import { startService, type ServiceOptions } from '../src/service.js';
import { openDb } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { createApiKey, createTenant } from '../src/store/tenants.js';
import { createTestDatabase, postgresReachable } from '../src/testing.js';

/** A chat platform that takes its time: a delivery is under way when the service is stopped. */
class SlowPort implements ChatPort {
  readonly name = 'slow';
  readonly delivered: string[] = [];
  async deliver(m: OutboxMessage): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 25));
    this.delivered.push(m.id);
  }
}

const databases: { kind: string; create(): Promise<{ options: Pick<ServiceOptions, 'databaseUrl' | 'dataDir'>; drop(): Promise<void> }> }[] = [
  { kind: 'pglite', create: async () => ({ options: { dataDir: join(mkdtempSync(join(tmpdir(), 'samspil-operable-')), 'data') }, drop: async () => {} }) },
  ...((await postgresReachable()) ? [{ kind: 'postgres', create: async () => createTestDatabase().then((d) => ({ options: { databaseUrl: d.url }, drop: d.drop })) }] : []),
];

describe.each(databases)('operating the service on $kind', ({ create }) => {
  it('answers /healthz without the database and /readyz only when every part is ready, naming what is not', async () => {
    const { options, drop } = await create();
    const db = await openDb({ url: options.databaseUrl, dataDir: options.dataDir });
    try {
      // Not migrated yet: ready it is not, and it says why.
      let parts: Record<string, string> = { scheduler: 'ok', sender: 'stopped' };
      const app = await buildApp({ db, tokenSecret: 's'.repeat(32), log: memoryLog().log, readiness: () => parts });
      const unmigrated = await app.inject({ method: 'GET', url: '/readyz' });
      expect(unmigrated.statusCode).toBe(503);
      expect(unmigrated.headers['content-type']).toContain('application/problem+json');
      expect(unmigrated.json().checks).toMatchObject({ database: 'ok', migrations: expect.stringContaining('pending: 001_init.sql'), sender: 'stopped' });
      await migrate(db);
      expect((await app.inject({ method: 'GET', url: '/readyz' })).json().checks.migrations).toBe('ok');
      parts = { scheduler: 'ok', sender: 'ok' };
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'ok', scheduler: 'ok', sender: 'ok' } });
      parts = { scheduler: 'failing', sender: 'ok' };
      expect((await app.inject({ method: 'GET', url: '/readyz' })).json().detail).toContain('scheduler failing');
      parts = { scheduler: 'ok', sender: 'ok' };
      // The database gone: liveness still answers (a restart would not help), readiness does not.
      await db.close();
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      const down = await app.inject({ method: 'GET', url: '/readyz' });
      expect(down.statusCode).toBe(503);
      expect(down.json().checks.database).toContain('not answering');
      await app.close();
    } finally {
      await db.close().catch(() => {});
      await drop();
    }
  }, 60_000);

  it('stops gracefully under load: every acknowledged write is kept, no outbox row stays claimed', async () => {
    const { options, drop } = await create();
    const seed = await openDb({ url: options.databaseUrl, dataDir: options.dataDir });
    await migrate(seed);
    await createTenant(seed, { id: 'aarhus', name: 'Aarhus' });
    const key = await createApiKey(seed, 'aarhus');
    for (let i = 0; i < 60; i++) {
      await seed.query("INSERT INTO outbox (tenant_id, kind, recipient, payload, dedupe_key, next_attempt_at) VALUES ('aarhus', 'digest', 'lead', $1, $2, now() - interval '1 minute')", [
        JSON.stringify({ date: '2026-12-04', items: [] }),
        `graceful-${i}`,
      ]);
    }
    await seed.close();
    const port = new SlowPort();
    const service = await startService({ ...options, port: 0, tokenSecret: 's'.repeat(32), chatPort: port, senderIntervalMs: 20, schedulerIntervalMs: 60_000, log: memoryLog('warn').log });
    const put = await fetch(`${service.url}/api/v1/cases/SAG-1`, { method: 'PUT', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ departments: ['jobcenter'] }) });
    expect(put.status).toBe(201);
    // Writes keep coming while the service is told to stop.
    const writes: Promise<number>[] = [];
    const sending = setInterval(() => {
      for (let i = 0; i < 4; i++)
        writes.push(
          fetch(`${service.url}/api/v1/cases/SAG-1/activities`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'meeting-held' }) }).then(
            (r) => r.status,
            () => 0,
          ),
        );
    }, 5);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await service.stop();
    clearInterval(sending);
    const statuses = await Promise.all(writes);
    const acknowledged = statuses.filter((s) => s === 201).length;
    expect(acknowledged).toBeGreaterThan(10);

    const after = await openDb({ url: options.databaseUrl, dataDir: options.dataDir });
    try {
      const { rows: activities } = await after.query<{ n: number }>("SELECT count(*)::int AS n FROM activities WHERE kind = 'meeting-held'");
      expect(activities[0]!.n).toBe(acknowledged);
      const { rows: outbox } = await after.query<{ status: string; n: number }>("SELECT status, count(*)::int AS n FROM outbox WHERE dedupe_key LIKE 'graceful-%' GROUP BY status ORDER BY status");
      expect(outbox.find((r) => r.status === 'sending')).toBeUndefined();
      // What the platform took is recorded as sent; the rest waits, pending, for the next start.
      expect(outbox.find((r) => r.status === 'sent')?.n ?? 0).toBe(port.delivered.length);
      expect(port.delivered.length).toBeGreaterThan(0);
      expect(port.delivered.length).toBeLessThan(60);
      const { rows: attempts } = await after.query<{ n: number }>("SELECT count(*)::int AS n FROM outbox WHERE status = 'pending' AND attempts > 0");
      expect(attempts[0]!.n).toBe(0);
    } finally {
      await after.close();
      await drop();
    }
  }, 60_000);
});
