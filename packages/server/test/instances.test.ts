// Two service instances on one PostgreSQL database, one killed (SIGKILL) in the middle of
// delivering a batch of nudges: the other delivers the rest once the dead one's lease has
// run out, and every nudge reaches the platform exactly once.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { createTenant } from '../src/store/tenants.js';
import { createTestDatabase, postgresReachable } from '../src/testing.js';

const instance = new URL('./fixtures/outbox-instance.mjs', import.meta.url).pathname;

describe.runIf(await postgresReachable())('service instances that die', () => {
  const children: ChildProcess[] = [];
  afterAll(() => children.forEach((c) => c.kill('SIGKILL')));

  it('a sender killed mid-batch leaves its nudges to the other instance: each delivered exactly once', async () => {
    const database = await createTestDatabase();
    const db = await openDb({ url: database.url });
    await migrate(db);
    await createTenant(db, { id: 'aarhus', name: 'Aarhus' });
    const keys = Array.from({ length: 20 }, (_, i) => `nudge:${i + 1}:0`);
    for (const key of keys) await db.query("INSERT INTO outbox (tenant_id, kind, recipient, payload, dedupe_key) VALUES ('aarhus', 'nudge', 'p-1', '{\"nudgeId\":\"1\",\"caseReference\":\"SAG-1\",\"reason\":\"stall.no-activity\",\"since\":\"2026-11-20T08:00:00.000Z\",\"step\":0}', $1)", [key]);

    // The platform: it takes each message once it has answered; the sixth is held unanswered.
    const delivered: { key: string; pid: number }[] = [];
    const held: ServerResponse[] = [];
    let received = 0;
    const platform = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d)).on('end', () => {
        if (++received === 6) return void held.push(res);
        delivered.push(JSON.parse(body) as { key: string; pid: number });
        res.end('{}');
      });
    });
    await new Promise<void>((r) => platform.listen(0, '127.0.0.1', r));
    const sink = `http://127.0.0.1:${(platform.address() as AddressInfo).port}/`;
    const start = () =>
      new Promise<ChildProcess>((resolve, reject) => {
        const child = spawn(process.execPath, [instance, database.url, sink, '3000', '200'], { stdio: ['ignore', 'pipe', 'inherit'] });
        children.push(child);
        child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve(child));
        child.on('exit', (code) => code !== null && reject(new Error(`instance exited with ${code}`)));
      });
    const until = async (probe: () => boolean, what: string, ms = 20_000) => {
      for (const end = Date.now() + ms; !probe(); ) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };

    try {
      const first = await start();
      await until(() => held.length === 1, 'the first instance in the middle of its batch');
      const second = await start();
      first.kill('SIGKILL');
      await new Promise((r) => first.once('exit', r));
      await until(() => delivered.length >= keys.length, 'every nudge delivered');
      await new Promise((r) => setTimeout(r, 600)); // a few more ticks: nothing comes twice
      expect(delivered.map((d) => d.key).sort()).toEqual([...keys].sort());
      expect(delivered.filter((d) => d.pid === first.pid).map((d) => d.key)).toEqual(keys.slice(0, 5));
      expect(delivered.filter((d) => d.pid === second.pid)).toHaveLength(15);
      const { rows } = await db.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM outbox GROUP BY status');
      expect(rows).toEqual([{ status: 'sent', n: 20 }]);
      second.kill('SIGKILL');
    } finally {
      held.forEach((r) => r.destroy());
      platform.close();
      await db.close();
      await database.drop();
    }
  }, 60_000);
});
