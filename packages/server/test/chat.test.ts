// The service's side of the chat adapters: which platform a message goes to, what a
// chat thread hears of a change, and the workspace lookup kept between requests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermanentDeliveryError, RetryLaterError } from '../src/errors.js';
import { OutboxSender, PlatformRouter, type ChatPort, type OutboxMessage } from '../src/outbox.js';
import { cachedWorkspace, claimThread, finishThread, findThread, linkWorkspace, recordThread } from '../src/store/chat.js';
import { upsertCase } from '../src/store/cases.js';
import type { Db } from '../src/store/db.js';
import { createTenant } from '../src/store/tenants.js';
import { UseCases } from '../src/usecases/index.js';
import { databases } from './databases.js';

/** A platform's port that records what reached it and can fail as the platform would. */
class PlatformPort implements ChatPort {
  readonly delivered: OutboxMessage[] = [];
  fail: Error | undefined;
  constructor(readonly name: string) {}
  async deliver(m: OutboxMessage): Promise<void> {
    if (this.fail) throw this.fail;
    this.delivered.push(m);
  }
}

const message = (recipient: string, tenant = 'aarhus'): OutboxMessage => ({ id: '1', tenant, kind: 'nudge', recipient, dedupeKey: 'k', attempts: 1, payload: {} });

describe.each(databases)('chat routing on $kind', (database) => {
  let db: Db;
  let drop: () => Promise<void>;
  const slack = new PlatformPort('slack');
  const teams = new PlatformPort('teams');

  beforeAll(async () => {
    ({ db, drop } = await database.open());
    await createTenant(db, { id: 'aarhus', name: 'Aarhus' });
    await createTenant(db, { id: 'odense', name: 'Odense' });
    await createTenant(db, { id: 'vejle', name: 'Vejle' });
    await linkWorkspace(db, { platform: 'slack', workspaceId: 'T1', tenant: 'aarhus', settings: {} });
    await linkWorkspace(db, { platform: 'teams', workspaceId: 'entra-1', tenant: 'odense', settings: {} });
  });
  afterAll(() => drop());

  it('sends a person\'s message to the platform of their tenant\'s workspace, and a thread\'s to its platform', async () => {
    const router = new PlatformRouter(db, [slack, teams]);
    await router.deliver(message('p-1', 'aarhus'));
    await router.deliver(message('p-2', 'odense'));
    await router.deliver(message('thread:teams', 'aarhus'));
    expect(slack.delivered.map((m) => m.recipient)).toEqual(['p-1']);
    expect(teams.delivered.map((m) => m.recipient)).toEqual(['p-2', 'thread:teams']);
  });

  it('logs a message for a tenant without a chat workspace, and gives up on a thread of an unconfigured platform', async () => {
    const fallback = new PlatformPort('log');
    const router = new PlatformRouter(db, [slack], fallback);
    await router.deliver(message('p-3', 'vejle'));
    expect(fallback.delivered).toHaveLength(1);
    await expect(router.deliver(message('thread:teams'))).rejects.toBeInstanceOf(PermanentDeliveryError);
  });

  it('names the platform in the outbox\'s last error, and waits as the platform said', async () => {
    const now = new Date('2026-11-24T10:00:00Z');
    await db.query("INSERT INTO outbox (tenant_id, kind, recipient, payload, dedupe_key, next_attempt_at) VALUES ('aarhus', 'nudge', 'p-9', '{\"nudgeId\":\"1\",\"caseReference\":\"SAG-1\",\"reason\":\"stall.no-activity\",\"since\":\"2026-11-20T08:00:00.000Z\",\"step\":0}', 'route-test', $1)", [now]);
    slack.fail = new RetryLaterError('ratelimited', 9_000);
    const sender = new OutboxSender({ db, port: new PlatformRouter(db, [slack, teams]), now: () => now });
    await sender.tick();
    slack.fail = undefined;
    const { rows } = await db.query<{ status: string; last_error: string; next_attempt_at: Date }>("SELECT status, last_error, next_attempt_at FROM outbox WHERE dedupe_key = 'route-test'");
    expect(rows[0]).toMatchObject({ status: 'pending', last_error: 'slack: ratelimited' });
    expect(new Date(rows[0]!.next_attempt_at).getTime() - now.getTime()).toBe(9_000);
  });

  it('tells the open chat threads of a case when its coordinator changes, through the outbox', async () => {
    await upsertCase(db, 'aarhus', 'SAG-1', { departments: ['jobcenter'] }, new Date());
    await claimThread(db, 'aarhus', 'slack', 'SAG-1', new Date(), 60_000);
    await recordThread(db, 'aarhus', 'slack', 'SAG-1', { channel: 'C1', card: '1.2' }, new Date());
    await finishThread(db, 'aarhus', 'slack', 'SAG-1');
    await new UseCases(db).assignCoordinator({ tenant: 'aarhus', kind: 'api-key', id: 'k' }, 'SAG-1', 'p-1');
    const { rows } = await db.query<{ kind: string; recipient: string; payload: { caseReference: string } }>("SELECT kind, recipient, payload FROM outbox WHERE kind = 'thread-card'");
    expect(rows).toEqual([{ kind: 'thread-card', recipient: 'thread:slack', payload: { caseReference: 'SAG-1' } }]);
  });

  it('keeps a workspace lookup, and forgets it when the workspace is linked anew', async () => {
    const now = Date.parse('2026-11-24T10:00:00Z');
    expect((await cachedWorkspace(db, 'slack', 'T1', now))?.tenant).toBe('aarhus');
    await db.query("UPDATE chat_workspaces SET tenant_id = 'vejle' WHERE workspace_id = 'T1'");
    expect((await cachedWorkspace(db, 'slack', 'T1', now + 1_000))?.tenant).toBe('aarhus'); // kept
    await linkWorkspace(db, { platform: 'slack', workspaceId: 'T1', tenant: 'odense', settings: {} });
    expect((await cachedWorkspace(db, 'slack', 'T1', now + 2_000))?.tenant).toBe('odense');
    expect((await cachedWorkspace(db, 'slack', 'T1', now + 31_000))?.tenant).toBe('odense');
  });

  it('replaces a workspace\'s settings, or merges into them', async () => {
    await linkWorkspace(db, { platform: 'teams', workspaceId: 'entra-2', tenant: 'odense', settings: { serviceUrl: 'https://smba.example/', teamId: '19:t' } });
    await linkWorkspace(db, { platform: 'teams', workspaceId: 'entra-2', tenant: 'odense', settings: { coordinationChannel: '19:c' } }, 'merge');
    expect((await cachedWorkspace(db, 'teams', 'entra-2', Date.now()))?.settings).toEqual({ serviceUrl: 'https://smba.example/', teamId: '19:t', coordinationChannel: '19:c' });
    await linkWorkspace(db, { platform: 'teams', workspaceId: 'entra-2', tenant: 'odense', settings: { teamId: '19:u' } });
    expect((await cachedWorkspace(db, 'teams', 'entra-2', Date.now()))?.settings).toEqual({ teamId: '19:u' });
  });

  it('claims a case\'s place once, however many ask at once; a claimant that died is taken over with its steps', async () => {
    await upsertCase(db, 'aarhus', 'SAG-CLAIM', { departments: ['jobcenter'] }, new Date());
    const t0 = new Date('2026-11-24T09:00:00Z');
    const claims = await Promise.all(Array.from({ length: 8 }, () => claimThread(db, 'aarhus', 'teams', 'SAG-CLAIM', t0, 60_000)));
    expect(claims.filter((c) => c?.claimed)).toHaveLength(1);
    expect(claims.every((c) => c?.thread.state === 'opening')).toBe(true);
    await recordThread(db, 'aarhus', 'teams', 'SAG-CLAIM', { channel: '19:c', thread: 'r', card: 'r' }, new Date(t0.getTime() + 60_000));
    await recordThread(db, 'aarhus', 'teams', 'SAG-CLAIM', { step: 'invited' }, new Date(t0.getTime() + 60_000));
    // Within the lease nobody else gets it; after it, the next one does, with what was recorded.
    expect((await claimThread(db, 'aarhus', 'teams', 'SAG-CLAIM', new Date(t0.getTime() + 30_000), 60_000))?.claimed).toBe(false);
    const taken = await claimThread(db, 'aarhus', 'teams', 'SAG-CLAIM', new Date(t0.getTime() + 61_000), 60_000);
    expect(taken).toMatchObject({ claimed: true, thread: { channel: '19:c', card: 'r', steps: ['invited'], state: 'opening' } });
    await finishThread(db, 'aarhus', 'teams', 'SAG-CLAIM');
    expect((await claimThread(db, 'aarhus', 'teams', 'SAG-CLAIM', new Date(t0.getTime() + 999_000), 60_000))).toMatchObject({ claimed: false, thread: { state: 'open' } });
    expect(await claimThread(db, 'aarhus', 'teams', 'SAG-NONE', t0, 60_000)).toBeUndefined();
    expect((await findThread(db, 'aarhus', 'teams', 'SAG-CLAIM'))?.state).toBe('open');
  });
});
