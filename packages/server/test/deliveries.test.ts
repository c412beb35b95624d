// A chat platform's deliveries (Teams' activities): each handled once, whichever instance
// or life of the process it reaches. This process's memory answers a repeat it saw; the
// rows answer the rest, inserted together when several arrive at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Deliveries, firstDeliveries } from '../src/store/chat.js';
import type { Db } from '../src/store/db.js';
import { databases } from './databases.js';

describe.each(databases)('deliveries on $kind', ({ open }) => {
  let db: Db;
  let drop: () => Promise<void>;
  const now = Date.parse('2026-12-07T10:00:00Z');

  beforeAll(async () => {
    ({ db, drop } = await open());
  }, 60_000);
  afterAll(async () => drop?.());

  const rows = async () => (await db.query<{ key: string }>("SELECT key FROM chat_deliveries WHERE platform = 'teams' ORDER BY key")).rows.map((r) => r.key);

  it('says which keys are new, in one statement', async () => {
    expect([...(await firstDeliveries(db, 'teams', ['a', 'b']))].sort()).toEqual(['a', 'b']);
    expect([...(await firstDeliveries(db, 'teams', ['b', 'c']))]).toEqual(['c']);
    expect(await rows()).toEqual(['a', 'b', 'c']);
  });

  it('answers a repeat seen here at once, one another instance or life saw by its row, and inserts keys that arrive together at once', async () => {
    const statements: string[] = [];
    const counted: Db = { ...db, query: (sql, params) => (statements.push(sql), db.query(sql, params)) };
    const deliveries = new Deliveries(counted, 'teams');
    // 'c' has a row already (handled elsewhere); the rest are new.
    const claims = ['d', 'e', 'c', 'f'].map((key) => deliveries.claim(key, now));
    expect(await Promise.all(claims)).toEqual([true, true, false, true]);
    // The first went alone; the three that came while it was under way, together.
    expect(statements).toHaveLength(2);
    expect(deliveries.claim('d', now)).toBe(false);
    expect(deliveries.claim('c', now)).toBe(false);
    expect(statements).toHaveLength(2);
    // Another instance (its own memory) is told by the rows.
    expect(await new Deliveries(db, 'teams').claim('e', now)).toBe(false);
    expect(await rows()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('forgets a claim whose insert failed, so the retry is tried again', async () => {
    const deliveries = new Deliveries(db, 'teams');
    // A NUL character is no text PostgreSQL stores: the insert fails.
    const bad = 'nul\u0000key';
    await expect(deliveries.claim(bad, now)).rejects.toThrow();
    const again = deliveries.claim(bad, now);
    expect(again).not.toBe(false);
    await expect(again).rejects.toThrow();
  });

  it('remembers keys for a while, then leaves them to the rows', async () => {
    const deliveries = new Deliveries(db, 'teams', 60_000, 3);
    expect(await deliveries.claim('g', now)).toBe(true);
    expect(deliveries.claim('g', now + 59_000)).toBe(false);
    // Past the time kept, the memory lets go and the row answers.
    expect(await deliveries.claim('h', now + 61_000)).toBe(true);
    expect(await deliveries.claim('g', now + 61_000)).toBe(false);
  });
});
