// Slack as it behaves under load: rate limits per method tier with Retry-After, calls
// that fail once, a server error, a dropped connection, two people pressing at once, a
// service that stops between two steps of opening a coordination, and a burst of
// coordinations within one (shortened) minute. The real service and Bolt app against
// the fake Slack, on PGlite in a folder (so it survives a restart) and on PostgreSQL.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findThread, startService, type RunningService, memoryLog } from '@samspil/server';
import { createTestDatabase, postgresReachable, waiter } from '@samspil/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackAdapter } from '../src/index.js';
import { FakeSlack, type Json } from './fakes/slack-api.js';
import { postSigned, slashCommand } from './fakes/sign.js';

const SECRET = 'test-signing-secret-0123456789abcdef';
const TOKEN = 'xoxb-samspil-behaviour';
const TEAM = 'T0BEHAVE';
/** Slack's minute, shortened for the tests; the app's pacing and the fake's limits share it. */
const WINDOW_MS = 6_000;
const USERS = {
  maja: { id: 'U0MAJA', email: 'p-job-1@demokommune.example.dk', name: 'maja' },
  anders: { id: 'U0ANDERS', email: 'p-job-2@demokommune.example.dk', name: 'anders' },
};

const stores = [
  { kind: 'pglite', create: async () => ({ options: { dataDir: join(mkdtempSync(join(tmpdir(), 'samspil-slack-')), 'data') }, drop: async () => {} }) },
  ...((await postgresReachable()) ? [{ kind: 'postgres', create: async () => createTestDatabase().then((d) => ({ options: { databaseUrl: d.url }, drop: d.drop })) }] : []),
];

describe.each(stores)('Slack under platform behaviour on $kind', (store) => {
  let storage: { options: { dataDir?: string; databaseUrl?: string }; drop(): Promise<void> };
  let fake: FakeSlack;
  let service: RunningService;
  let clock = Date.parse('2026-11-24T09:30:00+01:00');
  // The service's log (JSON lines), kept for the assertions and a timeout's message.
  const { log, lines: logs } = memoryLog();
  let apiKey = '';

  const start = async () => {
    service = await startService({
      port: 0,
      ...storage.options,
      tokenSecret: 'a-test-secret-of-at-least-32-characters',
      demo: { examples: new URL('../../../examples', import.meta.url).pathname },
      schedulerIntervalMs: 3_600_000,
      senderIntervalMs: 3_600_000,
      now: () => new Date(clock),
      log,
      adapters: [slackAdapter({ signingSecret: SECRET, botToken: TOKEN, apiUrl: fake.url, tenant: 'demo', pacingWindowMs: WINDOW_MS })],
    });
    apiKey = service.demoKey!;
  };
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${service.url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${apiKey}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const newCase = async (reference: string) =>
    expect((await api('PUT', `/cases/${reference}`, { departments: ['jobcenter'], participants: [{ person: 'p-job-1', department: 'jobcenter', role: 'caseworker' }, { person: 'p-job-2', department: 'jobcenter', role: 'caseworker' }] })).status).toBe(201);
  const waitFor = waiter(logs, 30_000);
  /** A `/samspil` command as Slack sends it: how long its acknowledgement took, and its answers at the response_url. */
  const command = async (user: keyof typeof USERS, text: string, triggerId = fake.triggerId()) => {
    const responseUrl = fake.responseUrl();
    const body = slashCommand({ team_id: TEAM, user_id: USERS[user].id, user_name: USERS[user].name, text, response_url: responseUrl, trigger_id: triggerId });
    const sent = Date.now();
    const res = await postSigned(`${service.url}/slack/events`, body, 'form', { secret: SECRET });
    return { status: res.status, ackMs: Date.now() - sent, responseUrl, body, final: () => waitFor(() => fake.responses(responseUrl).find((r) => /<#|er allerede åben/.test(JSON.stringify(r.body)))?.body, `the link for "${text}"`, 60_000) };
  };
  const succeeded = (method: string) => fake.callsTo(method).filter((c) => (c.response as Json | undefined)?.ok === true);

  beforeAll(async () => {
    storage = await store.create();
    fake = await FakeSlack.start({ token: TOKEN, teamId: TEAM });
    for (const u of Object.values(USERS)) fake.addUser(u);
    await start();
  }, 60_000);
  afterAll(async () => {
    await service?.stop();
    await storage?.drop();
    await fake?.close();
  });

  it('two people coordinating one case at once, and a replay of one of them, get one channel', async () => {
    await newCase('SAG-2026-5001');
    fake.calls.length = 0;
    fake.slow('conversations.create', 300);
    const trigger = fake.triggerId();
    const [a, b, replay] = await Promise.all([command('maja', 'coordinate SAG-2026-5001', trigger), command('anders', 'coordinate SAG-2026-5001'), command('maja', 'coordinate SAG-2026-5001', trigger)]);
    fake.slow('conversations.create', 0);
    expect([a.status, b.status, replay.status]).toEqual([200, 200, 200]);
    const answers = [JSON.stringify(await a.final()), JSON.stringify(await b.final())];
    expect(answers.filter((t) => t.includes('er åbnet'))).toHaveLength(1);
    expect(answers.filter((t) => t.includes('allerede åben'))).toHaveLength(1);
    expect(succeeded('conversations.create')).toHaveLength(1);
    expect(fake.responses(replay.responseUrl)).toHaveLength(0);
    expect(await findThread(service.db, 'demo', 'slack', 'SAG-2026-5001')).toMatchObject({ state: 'open', steps: ['invited', 'pinned'] });
  });

  it('a 429, a 5xx or a dropped connection on each step of opening is waited out; every step is done once', async () => {
    await newCase('SAG-2026-5002');
    fake.calls.length = 0;
    fake.failNext('conversations.create', { status: 429, retryAfter: 1 });
    fake.failNext('conversations.invite', { status: 503 });
    fake.failNext('chat.postMessage', 'network');
    fake.failNext('pins.add', { status: 429, retryAfter: 1 });
    const c = await command('maja', 'coordinate SAG-2026-5002');
    expect(JSON.stringify(await c.final())).toContain('er åbnet');
    for (const method of ['conversations.create', 'conversations.invite', 'chat.postMessage', 'pins.add']) {
      expect(fake.callsTo(method).length, method).toBe(2);
      expect(succeeded(method).length, method).toBeLessThanOrEqual(1);
    }
    const channel = fake.channel('samspil-sag-2026-5002')!;
    expect(channel.messages).toHaveLength(1);
    expect(channel.pins.size).toBe(1);
    expect([...channel.members]).toEqual(expect.arrayContaining([USERS.maja.id, USERS.anders.id]));
  });

  it('a service that stops between two steps leaves a place the next start finishes, nothing twice', async () => {
    await newCase('SAG-2026-5003');
    fake.calls.length = 0;
    fake.hold('pins.add');
    await command('maja', 'coordinate SAG-2026-5003');
    await waitFor(() => fake.callsTo('pins.add').length > 0, 'the pin in flight');
    expect(await findThread(service.db, 'demo', 'slack', 'SAG-2026-5003')).toMatchObject({ state: 'opening', steps: ['invited'] });
    await service.stop();
    fake.release('pins.add');
    // The next start, after the dead claimant's lease: its sweep finishes the opening.
    clock += 180_000;
    await start();
    await waitFor(async () => (await findThread(service.db, 'demo', 'slack', 'SAG-2026-5003'))?.state === 'open', 'the opening finished');
    expect(succeeded('conversations.create')).toHaveLength(1);
    const channel = fake.channel('samspil-sag-2026-5003')!;
    expect(channel.messages).toHaveLength(1);
    expect(channel.pins.size).toBe(1);
  }, 60_000);

  it('60 coordinations requested within one minute against Tier 2 limits: each opened once, each acknowledged within 3 s, none lost', async () => {
    const references = Array.from({ length: 60 }, (_, i) => `SAG-2027-${String(6000 + i)}`);
    for (const r of references) await newCase(r);
    fake.calls.length = 0;
    fake.rateLimited = 0;
    fake.rateLimit(WINDOW_MS, { 'conversations.create': 20, 'conversations.invite': 20, 'pins.add': 20 });
    const began = Date.now();
    const commands = await Promise.all(
      references.map(async (r, i) => {
        await new Promise((go) => setTimeout(go, (i * WINDOW_MS) / references.length));
        return command(i % 2 ? 'maja' : 'anders', `coordinate ${r}`);
      }),
    );
    const acks = commands.map((c) => c.ackMs);
    expect(commands.every((c) => c.status === 200)).toBe(true);
    expect(Math.max(...acks)).toBeLessThan(3_000);
    const answers = await Promise.all(commands.map((c) => c.final()));
    const lastOpened = Date.now() - began;
    expect(answers.every((a) => JSON.stringify(a).includes('er åbnet'))).toBe(true);
    expect(succeeded('conversations.create')).toHaveLength(60);
    expect(new Set(succeeded('conversations.create').map((c) => c.args.name)).size).toBe(60);
    for (const r of references) expect((await findThread(service.db, 'demo', 'slack', r))?.state, r).toBe('open');
    fake.rateLimit(WINDOW_MS, {});
    console.log(`slack burst on ${store.kind}: 60 coordinations in one ${WINDOW_MS / 1000} s "minute": last opened after ${(lastOpened / 1000).toFixed(1)} s (${((lastOpened / WINDOW_MS) * 60).toFixed(0)} s at Slack's minute), highest acknowledgement ${Math.max(...acks)} ms, ${fake.rateLimited} calls refused by the tier limits`);
  }, 120_000);
});
