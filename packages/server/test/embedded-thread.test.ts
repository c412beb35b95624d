// PGlite (the embedded default) runs in a worker thread of its own (store/db.ts): a long
// statement does not hold the thread that serves requests, the worker does not keep a process
// alive that is done, and a worker that dies fails the statements waiting on it instead of
// leaving them hanging.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDb } from '../src/store/db.js';

// Opening PGlite takes seconds on a busy machine: each test has a minute.
describe('PGlite in its own thread', () => {
  it('answers other work while a long statement runs', async () => {
    const db = await openDb({ dataDir: 'memory://' });
    try {
      // Timer turns during a statement of about a second: their longest gap is a small part of it.
      let last = performance.now();
      let longest = 0;
      const timer = setInterval(() => {
        const now = performance.now();
        longest = Math.max(longest, now - last);
        last = now;
      }, 5);
      const started = performance.now();
      const { rows } = await db.query<{ n: string }>('SELECT count(*)::text AS n FROM generate_series(1, 3000000) g WHERE g % 7 = 0');
      const took = performance.now() - started;
      clearInterval(timer);
      expect(rows[0]!.n).toBe('428571');
      expect(longest).toBeLessThan(took / 4);
    } finally {
      await db.close();
    }
  }, 60_000);

  it('runs statements and transactions in the order they come, one connection', async () => {
    const db = await openDb({ dataDir: 'memory://' });
    try {
      await db.query('CREATE TABLE t (n int)');
      // Many at once, mixed with transactions: each transaction whole, the rest in order.
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          i % 4 === 0
            ? db.transaction(async (tx) => {
                await tx.query('INSERT INTO t VALUES ($1)', [i]);
                await tx.query('INSERT INTO t VALUES ($1)', [1000 + i]);
              })
            : db.query('INSERT INTO t VALUES ($1)', [i]),
        ),
      );
      const { rows } = await db.query<{ n: number }>('SELECT n FROM t');
      const order = rows.map((r) => r.n);
      expect(order).toHaveLength(50);
      for (let i = 0; i < 40; i += 4) expect(order.indexOf(1000 + i)).toBe(order.indexOf(i) + 1);
      expect(order.filter((n) => n < 1000)).toEqual(Array.from({ length: 40 }, (_, i) => i));
      // A failed statement in a transaction rolls it back; the connection goes on.
      await expect(db.transaction(async (tx) => {
        await tx.query('INSERT INTO t VALUES (7777)');
        await tx.query('SELECT no_such_column FROM t');
      })).rejects.toMatchObject({ code: '42703' });
      expect((await db.query('SELECT count(*)::int AS n FROM t WHERE n = 7777')).rows).toEqual([{ n: 0 }]);
    } finally {
      await db.close();
    }
  }, 60_000);

  it('lets a process that is done exit without closing it', () => {
    const db = fileURLToPath(new URL('../dist/store/db.js', import.meta.url));
    const script = `const { openDb } = await import(${JSON.stringify(db)}); const d = await openDb({ dataDir: 'memory://' }); console.log((await d.query('SELECT 41 + 1 AS n')).rows[0].n);`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('42');
    expect(run.status).toBe(0);
  }, 90_000);
});
