import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermanentDeliveryError } from '../src/errors.js';
import { OutboxSender, type ChatPort, type OutboxMessage } from '../src/outbox.js';
import { StallScheduler } from '../src/scheduler.js';
import { upsertCase, recordConsent, assignCoordinator } from '../src/store/cases.js';
import type { Db } from '../src/store/db.js';
import { upsertPerson } from '../src/store/organisation.js';
import { createTenant } from '../src/store/tenants.js';
import { UseCases } from '../src/usecases/index.js';
import { databases } from './databases.js';

/** A chat service stand-in that remembers what it was given, and can fail on demand. */
class RecordingPort implements ChatPort {
  readonly name = 'recording';
  readonly delivered: OutboxMessage[] = [];
  failures = 0;
  constructor(private readonly keys = new Set<string>()) {}
  async deliver(m: OutboxMessage): Promise<void> {
    if (this.failures > 0) {
      this.failures--;
      throw new Error('429 rate limited');
    }
    // Like a chat API that drops a repeat of the same idempotency key.
    if (this.keys.has(m.dedupeKey)) return;
    this.keys.add(m.dedupeKey);
    this.delivered.push(m);
  }
}

const TENANT = 'aarhus';
const actor = { tenant: TENANT, kind: 'api-key' as const, id: 'test' };

async function seed(db: Db, reference: string, lastActivity: Date) {
  await createTenant(db, { id: TENANT, name: 'Aarhus', closingDays: ['2026-12-24'] });
  await db.query("INSERT INTO departments (tenant_id, id, name, kind, head) VALUES ($1, 'jobcenter', 'Jobcenter', 'jobcentre', 'p-head') ON CONFLICT DO NOTHING", [TENANT]);
  const person = (id: string, extra: object = {}) => upsertPerson(db, TENANT, { id, name: id, email: `${id}@example.dk`, department: 'jobcenter', chat: {}, availability: { status: 'active' }, ...extra });
  await person('p-coord', { teamLead: 'p-lead' });
  await person('p-lead');
  await person('p-head');
  await person('p-fam', { department: 'familie' });
  const { id } = await upsertCase(db, TENANT, reference, {
    departments: ['jobcenter', 'familie'],
    participants: [
      { person: 'p-coord', department: 'jobcenter', role: 'caseworker' },
      { person: 'p-fam', department: 'familie', role: 'caseworker' },
    ],
    openedAt: '2026-10-01T08:00:00Z',
  }, lastActivity);
  await recordConsent(db, id, { basis: 'consent', givenAt: '2026-10-01T08:00:00Z', departments: ['jobcenter', 'familie'] });
  await assignCoordinator(db, id, 'p-coord', new Date('2026-10-01T09:00:00Z'));
  await db.query('UPDATE cases SET last_activity_at = $2, next_check_at = $2 WHERE id = $1', [id, lastActivity]);
  return id;
}

describe.each(databases)('stall scheduler and outbox on $kind', ({ open }) => {
  let db: Db;
  let drop: () => Promise<void>;
  let clock = new Date('2026-11-23T09:00:00Z'); // Monday 10:00 in Copenhagen
  const now = () => clock;

  beforeAll(async () => {
    ({ db, drop } = await open());
    await seed(db, 'SAG-1', new Date('2026-11-02T13:00:00Z'));
  }, 60_000);
  afterAll(async () => drop?.());

  const nudges = async () => (await db.query<{ id: string; reason: string; step: number; status: string; recipient: string }>('SELECT id::text AS id, reason, step, status, recipient FROM nudges ORDER BY id')).rows;
  const outbox = async () => (await db.query<{ kind: string; recipient: string; dedupe_key: string; status: string; next_attempt_at: Date }>('SELECT kind, recipient, dedupe_key, status, next_attempt_at FROM outbox ORDER BY id')).rows;

  it('nudges the coordinator once per stall, however often it runs', async () => {
    const scheduler = new StallScheduler({ db, now });
    const first = await scheduler.tick();
    expect(first).toMatchObject({ checked: 1, nudges: 1 });
    expect(await nudges()).toMatchObject([{ reason: 'stall.no-activity', step: 0, status: 'open', recipient: 'p-coord' }]);
    const out = (await outbox()).filter((o) => o.kind === 'nudge');
    expect(out).toMatchObject([{ kind: 'nudge', recipient: 'p-coord', status: 'pending' }]);
    expect(new Date(out[0]!.next_attempt_at).toISOString()).toBe(clock.toISOString());
    await db.query('UPDATE cases SET next_check_at = $1', [clock]);
    expect((await scheduler.tick()).nudges).toBe(0);
    expect(await nudges()).toHaveLength(1);
  });

  it('escalates an unacknowledged nudge to the team lead, then to the head of department', async () => {
    const scheduler = new StallScheduler({ db, now, escalateAfterBusinessDays: 2 });
    clock = new Date('2026-11-24T15:00:00Z'); // Tuesday, one business day on: not yet
    expect((await scheduler.tick()).escalations).toBe(0);
    clock = new Date('2026-11-26T09:00:00Z'); // Thursday: two whole business days after Monday
    expect((await scheduler.tick()).escalations).toBe(1);
    expect((await nudges())[0]).toMatchObject({ step: 1, recipient: 'p-lead' });
    clock = new Date('2026-12-01T09:00:00Z');
    expect((await scheduler.tick()).escalations).toBe(1);
    expect((await nudges())[0]).toMatchObject({ step: 2, recipient: 'p-head' });
    const messages = (await outbox()).filter((o) => o.kind !== 'digest' && o.kind !== 'weekly-digest');
    expect(messages.map((o) => [o.kind, o.recipient, o.dedupe_key.replace(/\d+/, 'N')])).toEqual([
      ['nudge', 'p-coord', 'nudge:N:0'],
      ['escalation', 'p-lead', 'nudge:N:1'],
      ['escalation', 'p-head', 'nudge:N:2'],
    ]);
  });

  it('sends one digest per team lead a business day, from 08:00', async () => {
    const scheduler = new StallScheduler({ db, now });
    const digests = async () => (await outbox()).filter((o) => o.kind === 'digest');
    const before = (await digests()).length;
    clock = new Date('2026-12-02T06:30:00Z'); // 07:30 local: too early
    expect((await scheduler.tick()).digests).toBe(0);
    clock = new Date('2026-12-02T07:05:00Z'); // 08:05 local
    expect((await scheduler.tick()).digests).toBe(1);
    expect((await scheduler.tick()).digests).toBe(0);
    const d = (await digests()).at(-1)!;
    expect(d).toMatchObject({ recipient: 'p-lead', dedupe_key: 'digest:aarhus:p-lead:2026-12-02' });
    expect((await digests()).length).toBe(before + 1);
    clock = new Date('2026-12-05T09:00:00Z'); // Saturday: no digest
    expect((await scheduler.tick()).digests).toBe(0);
  });

  it('holds messages outside working hours until 08:00 on the next business day', async () => {
    await db.query('UPDATE nudges SET status = $1', ['closed']);
    clock = new Date('2026-12-23T16:30:00Z'); // Wednesday 17:30; 24 December is a closing day
    await db.query("UPDATE cases SET next_check_at = $1, last_activity_at = '2026-12-01T09:00:00Z'", [clock]);
    await new StallScheduler({ db, now }).tick();
    const last = (await outbox()).filter((o) => o.kind === 'nudge').at(-1)!;
    expect(new Date(last.next_attempt_at).toISOString()).toBe('2026-12-28T07:00:00.000Z'); // Monday 08:00 (25th, 26th holidays; 27th Sunday)
  });

  it('acknowledging or snoozing stops the ladder for that reason', async () => {
    const scheduler = new StallScheduler({ db, now });
    const open = (await nudges()).filter((n) => n.status === 'open');
    expect(open).toHaveLength(1);
    const useCases = new UseCases(db, now);
    const snoozed = await useCases.snoozeNudge(actor, open[0]!.id, 3);
    expect(snoozed.ok && snoozed.nudge.snoozedUntil).toBe('2026-12-30T07:00:00.000Z');
    clock = new Date('2026-12-29T12:00:00Z');
    expect((await scheduler.tick()).escalations).toBe(0);
    clock = new Date('2027-01-04T09:00:00Z');
    await scheduler.tick(); // the snooze has run out: open again, ladder restarted
    expect((await nudges()).find((n) => n.id === open[0]!.id)).toMatchObject({ status: 'open', step: 0 });
    const acked = await useCases.acknowledgeNudge(actor, open[0]!.id);
    expect(acked.ok).toBe(true);
    clock = new Date('2027-01-15T09:00:00Z');
    await scheduler.tick();
    expect((await nudges()).find((n) => n.id === open[0]!.id)).toMatchObject({ status: 'acknowledged', step: 0 });
  });

  it('delivers the outbox with retries and backoff, and dead-letters what cannot be delivered', async () => {
    const port = new RecordingPort();
    const sender = new OutboxSender({ db, port, now, baseDelayMs: 1000, maxAttempts: 3 });
    clock = new Date('2027-02-01T09:00:00Z');
    port.failures = 1;
    const pending = (await outbox()).filter((o) => o.status === 'pending').length;
    expect(await sender.tick()).toBe(pending - 1); // the first attempt of the first message failed
    const failed = (await db.query<{ attempts: number; next_attempt_at: Date; last_error: string }>("SELECT attempts, next_attempt_at, last_error FROM outbox WHERE status = 'pending'")).rows;
    expect(failed).toHaveLength(1);
    expect(failed[0]!.last_error).toContain('429');
    expect(new Date(failed[0]!.next_attempt_at).getTime()).toBe(clock.getTime() + 1000);
    expect(await sender.tick()).toBe(0); // not due yet
    clock = new Date(clock.getTime() + 1000);
    expect(await sender.tick()).toBe(1);
    expect(port.delivered).toHaveLength(pending);

    await db.query("INSERT INTO outbox (tenant_id, kind, recipient, payload, dedupe_key) VALUES ('aarhus', 'digest', 'nobody', '{\"date\":\"2026-11-23\",\"items\":[]}', 'x1'), ('aarhus', 'digest', 'p-lead', '{\"date\":\"2026-11-23\",\"items\":[]}', 'x2')");
    const refusing: ChatPort = { name: 'refusing', deliver: async (m) => { if (m.recipient === 'nobody') throw new PermanentDeliveryError('no such user'); throw new Error('503'); } };
    const stubborn = new OutboxSender({ db, port: refusing, now, baseDelayMs: 10, maxAttempts: 3 });
    for (let i = 0; i < 4; i++) {
      await stubborn.tick();
      clock = new Date(clock.getTime() + 1000);
    }
    const rows = (await db.query<{ dedupe_key: string; status: string; attempts: number }>("SELECT dedupe_key, status, attempts FROM outbox WHERE dedupe_key IN ('x1', 'x2') ORDER BY dedupe_key")).rows;
    expect(rows).toEqual([
      { dedupe_key: 'x1', status: 'dead', attempts: 1 },
      { dedupe_key: 'x2', status: 'dead', attempts: 3 },
    ]);
  });

  it('dead-letters at once a row whose payload does not fit its kind, and never hands it to a port', async () => {
    await db.query("INSERT INTO outbox (tenant_id, kind, recipient, payload, dedupe_key, next_attempt_at) VALUES ('aarhus', 'nudge', 'p-lead', '{\"caseReference\": 7}', 'bad-1', $1), ('aarhus', 'telegram', 'p-lead', '{}', 'bad-2', $1)", [clock]);
    const port = new RecordingPort();
    await new OutboxSender({ db, port, now }).tick();
    expect(port.delivered.map((m) => m.dedupeKey)).not.toContain('bad-1');
    const { rows } = await db.query<{ dedupe_key: string; status: string; last_error: string }>("SELECT dedupe_key, status, last_error FROM outbox WHERE dedupe_key LIKE 'bad-%' ORDER BY dedupe_key");
    expect(rows).toEqual([
      { dedupe_key: 'bad-1', status: 'dead', last_error: 'the payload does not fit the kind "nudge"' },
      { dedupe_key: 'bad-2', status: 'dead', last_error: 'the payload does not fit the kind "telegram"' },
    ]);
  });

  it('survives a restart: what one sender left pending, the next one delivers', async () => {
    await db.query("INSERT INTO outbox (tenant_id, kind, recipient, payload, dedupe_key, next_attempt_at) VALUES ('aarhus', 'digest', 'p-lead', '{\"date\":\"2026-11-23\",\"items\":[]}', 'restart-1', $1)", [clock]);
    const before = new OutboxSender({ db, port: new RecordingPort(), now });
    await before.stop(); // stopped before it ever ran: the process went down
    const port = new RecordingPort();
    await new OutboxSender({ db, port, now }).tick();
    expect(port.delivered.map((m) => m.dedupeKey)).toContain('restart-1');
  });

  it('withdrawing consent closes the coordination and stops its nudges', async () => {
    await db.query("UPDATE nudges SET status = 'open' WHERE reason = 'stall.no-activity'");
    const r = await new UseCases(db, now).withdrawConsent(actor, 'SAG-1');
    expect(r.ok).toBe(true);
    expect((await nudges()).every((n) => n.status !== 'open')).toBe(true);
  });
});

describe.each(databases.filter((d) => d.kind === 'postgres'))('several instances on $kind', ({ open }) => {
  it('creates every nudge once and delivers it once with two schedulers and two senders, one dying mid-delivery', async () => {
    const { db, url, drop } = await open();
    const { openDb } = await import('../src/store/db.js');
    const second = await openDb({ url });
    try {
      let clock = new Date('2026-11-23T09:00:00Z');
      const now = () => clock;
      await seed(db, 'SAG-0', new Date('2026-11-02T13:00:00Z'));
      for (let i = 1; i < 60; i++) {
        const { id } = await upsertCase(db, TENANT, `SAG-${i}`, { departments: ['jobcenter'], participants: [{ person: 'p-coord', department: 'jobcenter', role: 'caseworker' }], openedAt: '2026-10-01T08:00:00Z' }, new Date('2026-11-02T13:00:00Z'));
        await assignCoordinator(db, id, 'p-coord', new Date('2026-10-01T09:00:00Z'));
      }
      await db.query("UPDATE cases SET last_activity_at = '2026-11-02T13:00:00Z', next_check_at = '2026-11-23T00:00:00Z'");
      const a = new StallScheduler({ db, now, batch: 7 });
      const b = new StallScheduler({ db: second, now, batch: 7 });
      await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
      const counts = (await db.query<{ n: string; distinct_cases: string }>("SELECT count(*) AS n, count(DISTINCT case_id) AS distinct_cases FROM nudges WHERE reason = 'stall.no-activity'")).rows[0]!;
      expect(Number(counts.n)).toBe(60);
      expect(Number(counts.distinct_cases)).toBe(60);

      // Sender A claims a batch and dies before delivering; B takes the rest, then A's rows once its lease runs out.
      const keys = new Set<string>();
      const portA = new RecordingPort(keys);
      const portB = new RecordingPort(keys);
      const dying = new OutboxSender({ db, port: portA, now, batch: 10, leaseMs: 30_000 });
      const claimedByTheDead = await dying.claim();
      expect(claimedByTheDead).toHaveLength(10);
      const alive = new OutboxSender({ db: second, port: portB, now, batch: 10, leaseMs: 30_000 });
      const other = new OutboxSender({ db, port: portA, now, batch: 10, leaseMs: 30_000 });
      await Promise.all([alive.tick(), other.tick(), alive.tick(), other.tick(), alive.tick(), other.tick(), alive.tick()]);
      const total = Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM outbox')).rows[0]!.n);
      expect(total).toBe(62); // 60 nudges, the team lead's digest and, on this Monday, the head of department's weekly digest
      // Four turns of two instances racing wrote the weekly digest once.
      expect((await db.query<{ dedupe_key: string }>("SELECT dedupe_key FROM outbox WHERE kind = 'weekly-digest'")).rows.map((r) => r.dedupe_key)).toEqual(['weekly-digest:aarhus:p-head:2026-11-23']);
      expect(portA.delivered.length + portB.delivered.length).toBe(total - 10);
      clock = new Date(clock.getTime() + 31_000);
      await Promise.all([alive.tick(), other.tick()]);
      const all = [...portA.delivered, ...portB.delivered];
      expect(all).toHaveLength(total);
      expect(new Set(all.map((m) => m.dedupeKey)).size).toBe(total);
      expect(all.filter((m) => m.kind === 'nudge')).toHaveLength(60);
      const statuses = (await db.query<{ status: string; n: string }>('SELECT status, count(*) AS n FROM outbox GROUP BY status')).rows;
      expect(statuses).toEqual([{ status: 'sent', n: String(total) }]);
    } finally {
      await second.close();
      await drop();
    }
  }, 60_000);
});
