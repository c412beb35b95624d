// Teams as it behaves under load: the Bot Connector's 429 with Retry-After and its 5xx,
// two people pressing at once, and a burst of coordinations against its throttling. The
// real service and Teams SDK app against the fake connector, on PGlite and PostgreSQL.
import { findThread, startService, type RunningService, memoryLog } from '@samspil/server';
import { serviceDatabases } from '@samspil/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teamsAdapter } from '../src/index.js';
import { FakeConnector, type Json } from './fakes/connector.js';

const APP = '6c0e5a9d-1d3b-4f0b-9a55-5a3a1f2b7c10';
const ENTRA = '8f4d2c1e-7a6b-4e3d-9c2b-1a0f9e8d7c6b';
const TEAM = '19:behaviour-team@thread.tacv2';
const user = (key: string, person: string, name: string) => ({ id: `29:${key}`, aadObjectId: `aad-${key}`, name, email: `${person}@demokommune.example.dk` });
const USERS = { maja: user('maja', 'p-job-1', 'Maja Holm'), anders: user('anders', 'p-job-2', 'Anders Lund') };
const CREATE = 'POST /v3/conversations';
const POST = 'POST /v3/conversations/:id/activities';

describe.each(await serviceDatabases())('Teams under platform behaviour on $kind', (database) => {
  let storage: Awaited<ReturnType<typeof database.create>> | undefined;
  let connector: FakeConnector;
  let service: RunningService;
  let apiKey = '';
  // The service's log (JSON lines), kept for the assertions and a timeout's message.
  const { log, lines: logs } = memoryLog();

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${service.url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${apiKey}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const newCase = async (reference: string) =>
    expect((await api('PUT', `/cases/${reference}`, { departments: ['jobcenter'], participants: [{ person: 'p-job-1', department: 'jobcenter', role: 'caseworker' }, { person: 'p-job-2', department: 'jobcenter', role: 'caseworker' }] })).status).toBe(201);
  const say = async (from: keyof typeof USERS, text: string) => {
    const sent = Date.now();
    const res = await connector.activityTo(service.url, connector.message({ text, from: USERS[from].id }));
    return { status: res.status, ms: Date.now() - sent };
  };
  const texts = (key: keyof typeof USERS) => (connector.conversation(connector.personalConversationId(USERS[key].id))?.sent ?? []).map((a) => String(a.text ?? ''));
  const groupCreates = () => connector.callsTo(CREATE).filter((c) => (c.body as Json).isGroup === true);

  beforeAll(async () => {
    storage = await database.create();
    connector = await FakeConnector.start({ appId: APP, tenantId: ENTRA });
    for (const u of Object.values(USERS)) connector.addUser(u);
    connector.addTeam({ id: TEAM, members: Object.values(USERS).map((u) => u.id) });
    service = await startService({
      port: 0,
      ...storage.options,
      tokenSecret: 'a-test-secret-of-at-least-32-characters',
      demo: { examples: new URL('../../../examples', import.meta.url).pathname },
      schedulerIntervalMs: 3_600_000,
      senderIntervalMs: 3_600_000,
      log,
      adapters: [teamsAdapter({ clientId: APP, clientSecret: connector.appSecret, tenantId: ENTRA, tenant: 'demo', openIdMetadataUrl: connector.openIdMetadataUrl, loginUrl: connector.loginUrl, serviceHosts: ['127.0.0.1'] })],
    });
    apiKey = service.demoKey!;
    expect((await connector.activityTo(service.url, connector.installationUpdate({ action: 'add', scope: 'team', from: USERS.maja.id, team: TEAM }))).status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await service?.stop();
    await storage?.drop();
    await connector?.close();
  });

  it('two people coordinating one case at once get one conversation', async () => {
    await newCase('SAG-2026-7001');
    connector.calls.length = 0;
    connector.slow(CREATE, 300);
    const [a, b] = await Promise.all([say('maja', 'coordinate SAG-2026-7001'), say('anders', 'coordinate SAG-2026-7001')]);
    connector.slow(CREATE, 0);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(groupCreates()).toHaveLength(1);
    // Both answers, however the two requests interleaved under load.
    const both = () => [...texts('maja'), ...texts('anders')].filter((t) => t.includes('SAG-2026-7001'));
    for (const until = Date.now() + 15_000; both().length < 2 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 50));
    const answers = both();
    expect(answers.filter((t) => t.includes('er åbnet'))).toHaveLength(1);
    expect(answers.filter((t) => t.includes('allerede åben')), JSON.stringify(answers)).toHaveLength(1);
    expect(await findThread(service.db, 'demo', 'teams', 'SAG-2026-7001')).toMatchObject({ state: 'open' });
  });

  it('the connector\'s 429 and 5xx while opening are waited out; the conversation is created once', async () => {
    await newCase('SAG-2026-7002');
    connector.calls.length = 0;
    connector.failNext(CREATE, { status: 429, retryAfter: 1 });
    connector.failNext(POST, { status: 502 });
    await say('maja', 'coordinate SAG-2026-7002');
    expect(texts('maja').at(-1)).toContain('er åbnet');
    expect(connector.callsTo(CREATE).filter((c) => (c.body as Json).isGroup === true)).toHaveLength(2);
    const thread = (await findThread(service.db, 'demo', 'teams', 'SAG-2026-7002'))!;
    expect(thread).toMatchObject({ state: 'open', steps: ['invited', 'pinned'] });
    const mentions = connector.conversation(thread.channel!)!.sent.filter((a) => Array.isArray(a.entities));
    expect(mentions).toHaveLength(1);
  });

  it('a 403 (the app removed) ends in a message that says what to do, not a retry', async () => {
    await newCase('SAG-2026-7003');
    connector.calls.length = 0;
    connector.failNext(CREATE, { status: 403, code: 'BotNotInConversationRoster' });
    await say('maja', 'coordinate SAG-2026-7003');
    expect(texts('maja').at(-1)).toContain('det hjælper ikke at prøve igen (HTTP 403)');
    expect(groupCreates()).toHaveLength(1);
  });

  it('60 coordinations within a minute against the connector\'s throttling: each opened once, none lost', async () => {
    const references = Array.from({ length: 60 }, (_, i) => `SAG-2027-${String(7100 + i)}`);
    for (const r of references) await newCase(r);
    connector.calls.length = 0;
    connector.rateLimited = 0;
    connector.rateLimit(2_000, { [CREATE]: 15, [POST]: 30 });
    const began = Date.now();
    const answered = await Promise.all(
      references.map(async (r, i) => {
        await new Promise((go) => setTimeout(go, i * 50));
        return say(i % 2 ? 'maja' : 'anders', `coordinate ${r}`);
      }),
    );
    const lastOpened = Date.now() - began;
    connector.rateLimit(2_000, {});
    expect(answered.map((a) => a.status).filter((s) => s !== 200), logs.slice(-5).join('\n')).toEqual([]);
    expect(groupCreates().length - connector.rateLimited).toBeLessThanOrEqual(60);
    for (const r of references) expect((await findThread(service.db, 'demo', 'teams', r))?.state, r).toBe('open');
    const opened = [...texts('maja'), ...texts('anders')].filter((t) => t.includes('er åbnet') && t.includes('SAG-2027-71'));
    expect(opened).toHaveLength(60);
    console.log(`teams burst on ${database.kind}: 60 coordinations, last opened after ${(lastOpened / 1000).toFixed(1)} s, slowest answer ${Math.max(...answered.map((a) => a.ms))} ms, ${connector.rateLimited} calls answered 429 and waited out`);
  }, 120_000);
});
