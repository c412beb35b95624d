// The Teams flows end to end: the real service (PGlite) with the real Teams SDK
// app on its HTTP server, Microsoft's side played by a protocol-faithful fake of
// the Bot Connector on loopback, reached through the activities' serviceUrl.
// Inbound activities carry Bot Framework tokens signed by the fake's published
// keys, which the SDK checks; the assertions are on the connector calls and the
// stored state, and every card is checked as an Adaptive Card 1.5.
import { personalDataIn, personalDataOf, withPlantedPersonalData } from '@samspil/chat';
import type { Plan } from '@samspil/core';
import { auditTrail, createInvitation, createTenant, findThread, findWorkspace, startService, type RunningService, memoryLog } from '@samspil/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessDenials, serviceDatabases } from '@samspil/server/testing';
import { teamsAdapter } from '../src/index.js';
import { cardProblems } from './card-check.js';
import { FakeConnector, type Json } from './fakes/connector.js';

const APP = '6c0e5a9d-1d3b-4f0b-9a55-5a3a1f2b7c10';
const ENTRA = '8f4d2c1e-7a6b-4e3d-9c2b-1a0f9e8d7c6b';
const TEAM = '19:demo-team@thread.tacv2';
const CHANNEL = '19:koordinering@thread.tacv2';

const user = (key: string, person: string, name: string) => ({ id: `29:${key}`, aadObjectId: `aad-${key}`, name, email: `${person}@demokommune.example.dk` });
const USERS = {
  maja: user('maja', 'p-job-1', 'Maja Holm'),
  anders: user('anders', 'p-job-2', 'Anders Lund'),
  sofie: user('sofie', 'p-fam-1', 'Sofie Krag'),
  jonas: user('jonas', 'p-fam-2', 'Jonas Bech'),
  line: user('line', 'p-psyk-1', 'Line Dahl'),
  lead: user('lead', 'leder-jobcenter', 'Leder, Jobcenter'),
  // A professional of the municipality in a department that takes no part in the demo case.
  outsider: user('outsider', 'p-bs-1', 'Bo Service'),
};

// The whole flow runs on each database: PGlite always, PostgreSQL when reachable (CI requires it).
describe.each(await serviceDatabases())('Teams on $kind', (database) => {
  let storage: Awaited<ReturnType<typeof database.create>> | undefined;
  let connector: FakeConnector;
  let service: RunningService;
  let clock = Date.parse('2026-11-24T09:30:00+01:00');
  // The service's log (JSON lines), kept for the assertions and a timeout's message.
  const { log, lines: logs } = memoryLog();
  let apiKey = '';
  /** Keys the Bot Framework publishes for another channel only, and for none. */
  let webchatKey = '';
  let unendorsedKey = '';
  /** Every card the bot showed: sent through the connector or returned from an invoke. */
  const invokeCards: unknown[] = [];

  const bot = () => service.url;
  const channel = { type: 'channel' as const, teamId: TEAM, channelId: CHANNEL };

  async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${service.url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${apiKey}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers }, ...(body ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, etag: res.headers.get('etag'), body: (await res.json()) as Json };
  }

  async function say(from: keyof typeof USERS, text: string, where: 'personal' | typeof channel = 'personal', mentions: string[] = []) {
    const res = await connector.activityTo(bot(), connector.message({ text, from: USERS[from].id, conversation: where, mentions }));
    expect(res.status).toBe(200);
    return res;
  }

  async function invoke(from: keyof typeof USERS, verb: string, data: Json, replyToId = '1') {
    const res = await connector.activityTo(bot(), connector.invokeAction({ verb, data, from: USERS[from].id, replyToId }));
    const body = res.body as { statusCode: number; type: string; value: unknown };
    if (body?.type === 'application/vnd.microsoft.card.adaptive') invokeCards.push(body.value);
    return { status: res.status, body };
  }

  const lastTextTo = (conversationId: string) => [...(connector.conversation(conversationId)?.sent ?? [])].reverse().find((a) => typeof a.text === 'string')?.text as string | undefined;
  const cardsIn = (activities: Json[]) => activities.flatMap((a) => ((a.attachments ?? []) as Json[]).filter((x) => x.contentType === 'application/vnd.microsoft.card.adaptive').map((x) => x.content as Json));
  const personal = (key: keyof typeof USERS) => connector.personalConversationId(USERS[key].id);

  beforeAll(async () => {
    storage = await database.create();
    connector = await FakeConnector.start({ appId: APP, tenantId: ENTRA });
    for (const u of Object.values(USERS)) connector.addUser(u);
    connector.addTeam({ id: TEAM, name: 'Tværfagligt team', channels: [{ id: TEAM, name: 'General' }, { id: CHANNEL, name: 'Koordinering' }], members: Object.values(USERS).map((u) => u.id) });
    webchatKey = connector.addSigningKey(['webchat']);
    unendorsedKey = connector.addSigningKey();
    service = await startService({
      port: 0,
      ...storage!.options,
      tokenSecret: 'a-test-secret-of-at-least-32-characters',
      demo: { examples: new URL('../../../examples', import.meta.url).pathname },
      schedulerIntervalMs: 3_600_000,
      senderIntervalMs: 3_600_000,
      now: () => new Date(clock),
      log,
      adapters: [
        teamsAdapter({
          clientId: APP,
          tenantId: ENTRA,
          tenant: 'demo',
          coordinationChannel: CHANNEL,
          openIdMetadataUrl: connector.openIdMetadataUrl,
          loginUrl: connector.loginUrl,
          clientSecret: connector.appSecret,
          serviceHosts: ['127.0.0.1'],
        }),
      ],
    });
    apiKey = service.demoKey!;
    const plan = await api('GET', '/cases/SAG-2026-0412/plan');
    const planted = withPlantedPersonalData(plan.body as unknown as Plan);
    expect((await api('PUT', '/cases/SAG-2026-0412/plan', planted, { 'if-match': plan.etag! })).status).toBe(200);
    // The app is installed in the team: the bot learns the team's serviceUrl and roster from it.
    expect((await connector.activityTo(bot(), connector.installationUpdate({ action: 'add', scope: 'team', from: USERS.maja.id, team: TEAM }))).status).toBe(200);
  }, 60_000);

  afterAll(async () => {
    await service?.stop();
    await storage?.drop();
    await connector?.close();
  });

  describe('requests from Teams', () => {
    it('refuses an activity without a valid Bot Framework token with 401', async () => {
      const activity = () => connector.message({ text: 'help', from: USERS.maja.id });
      expect((await connector.activityTo(bot(), activity(), null)).status).toBe(401);
      expect((await connector.activityTo(bot(), activity(), connector.channelToken({ forged: true }))).status).toBe(401);
      expect((await connector.activityTo(bot(), activity(), connector.channelToken({ expired: true }))).status).toBe(401);
      expect((await connector.activityTo(bot(), activity(), connector.channelToken({ audience: 'another-bot' }))).status).toBe(401);
      expect((await connector.activityTo(bot(), activity())).status).toBe(200);
    });

    it('refuses an activity from Teams signed with a key endorsed only for another channel, and stores and answers nothing', async () => {
      const deliveries = async () => (await service.db.query<{ n: number }>('SELECT count(*)::int AS n FROM chat_deliveries')).rows[0]!.n;
      const before = { deliveries: await deliveries(), sent: connector.sent().length };
      connector.calls.length = 0;
      const activity = connector.message({ text: 'help', from: USERS.maja.id });
      expect(activity.channelId).toBe('msteams');
      expect((await connector.activityTo(bot(), activity, connector.channelToken({ kid: webchatKey }))).status).toBe(401);
      expect(logs.some((l) => l.includes(`key ${webchatKey} does not endorse channel msteams`))).toBe(true);
      // A key that endorses no channel vouches for none.
      expect((await connector.activityTo(bot(), connector.message({ text: 'help', from: USERS.maja.id }), connector.channelToken({ kid: unendorsedKey }))).status).toBe(401);
      expect(connector.calls).toEqual([]);
      expect(connector.sent()).toHaveLength(before.sent);
      expect(await deliveries()).toBe(before.deliveries);
      // The same activity signed with the key endorsed for msteams is taken.
      expect((await connector.activityTo(bot(), activity)).status).toBe(200);
      expect(connector.sent().length).toBeGreaterThan(before.sent);
    });

    it('takes the keys from where the OpenID document\'s jwks_uri says, once for all the activities so far', () => {
      expect(new URL(connector.jwksUri).pathname).not.toBe('/v1/.well-known/keys');
      expect(connector.keyRequests).toEqual(['/v1/.well-known/openidconfiguration', new URL(connector.jwksUri).pathname]);
    });

    it('takes a key published since, asking for the keys again at most every five minutes', async () => {
      const rotated = connector.addSigningKey(['msteams']);
      const fetched = connector.keyRequests.length;
      const help = () => connector.activityTo(bot(), connector.message({ text: 'help', from: USERS.maja.id }), connector.channelToken({ kid: rotated }));
      // Tokens are anyone's to make up: a key not known so soon after the last fetch is refused without asking.
      expect((await help()).status).toBe(401);
      expect(connector.keyRequests).toHaveLength(fetched);
      clock += 5 * 60_000 + 1_000;
      expect((await help()).status).toBe(200);
      expect(connector.keyRequests.slice(fetched)).toEqual(['/v1/.well-known/openidconfiguration', new URL(connector.jwksUri).pathname]);
    });

    it('answers help with a card in Danish', async () => {
      connector.calls.length = 0;
      await say('maja', 'help');
      const [card] = cardsIn(connector.conversation(personal('maja'))!.sent.slice(-1));
      expect(JSON.stringify(card)).toContain('coordinate SAGSNR');
      expect(JSON.stringify(card)).toContain('Skriv aldrig personoplysninger');
    });

    it('handles a redelivered activity once', async () => {
      const activity = connector.message({ text: 'help', from: USERS.sofie.id });
      await connector.activityTo(bot(), activity);
      await connector.activityTo(bot(), activity);
      expect(connector.conversation(personal('sofie'))!.sent).toHaveLength(1);
    });

    it('answers a status delivered twice at once only once, and records the delivery', async () => {
      const before = connector.conversation(personal('sofie'))!.sent.length;
      const activity = connector.message({ text: 'status SAG-2026-0412', from: USERS.sofie.id });
      const answers = await Promise.all([connector.activityTo(bot(), activity), connector.activityTo(bot(), activity)]);
      expect(answers.map((a) => a.status)).toEqual([200, 200]);
      const sent = connector.conversation(personal('sofie'))!.sent.slice(before);
      expect(sent).toHaveLength(1);
      expect(JSON.stringify(cardsIn(sent))).toContain('SAG-2026-0412');
      const recorded = await service.db.query("SELECT 1 FROM chat_deliveries WHERE platform = 'teams' AND key = $1", [`activity:${activity.id}`]);
      expect(recorded.rows).toHaveLength(1);
    });

    it('does nothing for an activity another instance or an earlier run handled (its delivery record), a read as a write', async () => {
      // This process never saw these activities: only the delivery record knows them.
      const status = connector.message({ text: 'status SAG-2026-0412', from: USERS.sofie.id });
      const coordinate = connector.message({ text: 'coordinate SAG-2026-0412', from: USERS.sofie.id });
      for (const a of [status, coordinate]) await service.db.query("INSERT INTO chat_deliveries (platform, key) VALUES ('teams', $1)", [`activity:${a.id}`]);
      connector.calls.length = 0;
      const before = connector.conversation(personal('sofie'))!.sent.length;
      expect((await connector.activityTo(bot(), status)).status).toBe(200);
      expect((await connector.activityTo(bot(), coordinate)).status).toBe(200);
      expect(connector.conversation(personal('sofie'))!.sent.length).toBe(before);
      expect(connector.callsTo('POST /v3/conversations')).toHaveLength(0);
      expect(await findThread(service.db, 'demo', 'teams', 'SAG-2026-0412')).toBeUndefined();
    });
  });

  describe('coordinate', () => {
    it('opens a new conversation in the coordination channel with the card, mentioning the participants it found', async () => {
      connector.calls.length = 0;
      await say('maja', 'coordinate SAG-2026-0412', channel);
      const create = connector.callsTo('POST /v3/conversations')[0]!;
      expect(create.body).toMatchObject({ isGroup: true, channelData: { channel: { id: CHANNEL } } });
      const thread = await findThread(service.db, 'demo', 'teams', 'SAG-2026-0412');
      expect(thread?.channel).toContain(CHANNEL);
      const sent = connector.conversation(thread!.channel)!.sent;
      const [card] = cardsIn(sent);
      expect(JSON.stringify(card)).toContain('SAG-2026-0412');
      expect(JSON.stringify(card)).toContain('Indsats 1, Familieafdelingen: aktiv');
      expect(card!.refresh).toMatchObject({ action: { verb: 'plan.refresh' } });
      const mention = sent.find((a) => Array.isArray(a.entities) && (a.entities as Json[]).some((e) => e.type === 'mention'))!;
      const mentioned = (mention.entities as { mentioned: { id: string } }[]).map((e) => e.mentioned.id).sort();
      expect(mentioned).toEqual([USERS.anders.id, USERS.jonas.id, USERS.line.id, USERS.maja.id, USERS.sofie.id].sort());
      expect(String(mention.text)).toContain('<at>Maja Holm</at>');
      const reply = connector.sent().reverse().find((a) => String(a.text ?? '').includes('er åbnet'));
      expect(String(reply?.text)).toContain('Emil Friis'); // not in the team: listed, not mentioned
    });

    it('returns the open coordination instead of opening a second', async () => {
      connector.calls.length = 0;
      await say('anders', 'coordinate SAG-2026-0412');
      expect(connector.callsTo('POST /v3/conversations').filter((c) => (c.body as Json).isGroup)).toHaveLength(0);
      expect(lastTextTo(personal('anders'))).toContain('allerede åben');
    });

    it('refuses without consent across two departments, naming what is missing', async () => {
      connector.calls.length = 0;
      await say('maja', 'coordinate SAG-2026-0977');
      expect(lastTextTo(personal('maja'))).toContain('samtykket dækker ikke Jobcenter, Sundhed og forebyggelse');
      expect(connector.callsTo('POST /v3/conversations').filter((c) => (c.body as Json).isGroup)).toHaveLength(0);
    });
  });

  describe('the plan coordinator', () => {
    it('`coordinator` with a mention assigns, and the card is updated in place', async () => {
      const thread = (await findThread(service.db, 'demo', 'teams', 'SAG-2026-0412'))!;
      connector.calls.length = 0;
      await say('maja', 'coordinator SAG-2026-0412', channel, [USERS.anders.id]);
      const update = connector.callsTo('PUT /v3/conversations/:id/activities/:activityId').find((c) => c.activityId === thread.card);
      expect(update).toBeDefined();
      expect(JSON.stringify(update!.body)).toContain('Anders Lund');
      expect(((await api('GET', '/cases/SAG-2026-0412')).body.coordinator as Json).current).toBe('p-job-2');
    });

    it('the card\'s Action.Execute assigns and answers with the fresh card for the clicker', async () => {
      connector.calls.length = 0;
      const r = await invoke('sofie', 'plan.assign', { reference: 'SAG-2026-0412', coordinator: 'p-job-1' });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
      expect(JSON.stringify(r.body.value)).toContain('Maja Holm');
      expect(connector.callsTo('PUT /v3/conversations/:id/activities/:activityId').length).toBeGreaterThan(0);
      expect(((await api('GET', '/cases/SAG-2026-0412')).body.coordinator as Json).current).toBe('p-job-1');
      expect((await auditTrail(service.db, 'demo', 'SAG-2026-0412')).some((e) => e.action === 'coordinator.assign' && e.actorKind === 'chat' && e.actor === 'p-fam-1')).toBe(true);
    });

    it('refreshes the card for a viewer', async () => {
      const r = await invoke('line', 'plan.refresh', { reference: 'SAG-2026-0412' });
      expect(r.body.type).toBe('application/vnd.microsoft.card.adaptive');
      expect((r.body.value as Json).refresh).toMatchObject({ userIds: [USERS.line.id] });
    });

    it('a plan changed through the API redraws the card through the outbox', async () => {
      const plan = await api('GET', '/cases/SAG-2026-0412/plan');
      const interventions = (plan.body.interventions as Json[]).map((iv, i) => (i === 0 ? { ...iv, status: 'done' } : iv));
      expect((await api('PUT', '/cases/SAG-2026-0412/plan', { ...plan.body, interventions }, { 'if-match': plan.etag! })).status).toBe(200);
      connector.calls.length = 0;
      await service.sender.tick();
      const update = connector.callsTo('PUT /v3/conversations/:id/activities/:activityId')[0];
      expect(JSON.stringify(update?.body)).toContain('Indsats 1, Familieafdelingen: afsluttet');
    });
  });

  describe('status, stalled, reminders', () => {
    it('`status` in a channel goes to the caller\'s 1:1 chat; in the 1:1 chat it comes right back', async () => {
      await say('jonas', 'status SAG-2026-0412', channel);
      const [card] = cardsIn(connector.conversation(personal('jonas'))!.sent);
      expect(JSON.stringify(card)).toContain('Plankoordinator');
      expect(JSON.stringify(card)).not.toContain('plan.assign');
      await say('jonas', 'status SAG-2026-0412');
      expect(cardsIn(connector.conversation(personal('jonas'))!.sent)).toHaveLength(2);
    });

    it('reminders reach the team lead as proactive 1:1 cards with Acknowledge, Snooze, Reassign, Open plan', async () => {
      // A personal install: the conversation reference is kept for proactive messages.
      await connector.activityTo(bot(), connector.installationUpdate({ action: 'add', scope: 'personal', from: USERS.lead.id }));
      await service.scheduler.tick();
      // If the service's first tick ran before the team install, its reminders wait an hour.
      clock += 3_600_000;
      await service.sender.tick();
      const cards = cardsIn(connector.conversation(personal('lead'))?.sent ?? []);
      const nudge = cards.find((c) => JSON.stringify(c).includes('Sagen SAG-2026-0977 er gået i stå'));
      expect(nudge).toBeDefined();
      for (const verb of ['nudge.ack', 'nudge.snooze', 'nudge.reassign']) expect(JSON.stringify(nudge)).toContain(verb);
    });

    it('Acknowledge and Snooze call the use cases and answer with the settled card', async () => {
      const nudges = ((await api('GET', '/nudges?status=open')).body.nudges as Json[]).filter((n) => n.caseReference === 'SAG-2026-0977');
      expect(nudges.length).toBeGreaterThanOrEqual(2);
      const ack = await invoke('lead', 'nudge.ack', { nudgeId: String(nudges[0]!.id), reference: 'SAG-2026-0977', title: 'x', detail: 'y' });
      expect(JSON.stringify(ack.body.value)).toContain('Kvitteret af Leder, Jobcenter');
      expect(JSON.stringify(ack.body.value)).not.toContain('nudge.ack');
      const snooze = await invoke('lead', 'nudge.snooze', { nudgeId: String(nudges[1]!.id), reference: 'SAG-2026-0977', title: 'x', detail: 'y' });
      expect(JSON.stringify(snooze.body.value)).toContain('Udsat til 2026-11-27');
      const statuses = ((await api('GET', '/nudges')).body.nudges as Json[]).map((n) => n.status);
      expect(statuses).toContain('acknowledged');
      expect(statuses).toContain('snoozed');
    });

    it('`stalled` lists the team\'s stalled cases', async () => {
      await say('lead', 'stalled');
      const cards = cardsIn(connector.conversation(personal('lead'))!.sent);
      expect(JSON.stringify(cards.at(-1))).toContain('SAG-2026-0977');
    });

    it('a 429 from the connector waits as Retry-After says; nothing is lost', async () => {
      await api('PUT', '/cases/SAG-2026-1003', { departments: ['jobcenter'], participants: [{ person: 'p-job-2', department: 'jobcenter', role: 'caseworker' }] });
      await api('PUT', '/cases/SAG-2026-1003/coordinator', { person: 'p-job-2' });
      clock = Date.parse('2026-12-16T10:00:00+01:00');
      await service.scheduler.tick();
      connector.failNext('POST /v3/conversations/:id/activities', { status: 429, retryAfter: 7 }, 1);
      await service.sender.tick();
      const waiting = ((await api('GET', '/outbox?status=pending')).body.messages as Json[]).find((m) => String(m.lastError).includes('429'));
      expect(waiting).toBeDefined();
      expect(Date.parse(String(waiting!.nextAttemptAt)) - clock).toBe(7_000);
      clock += 7_000;
      await service.sender.tick();
      expect(((await api('GET', '/outbox?status=pending')).body.messages as Json[]).filter((m) => String(m.lastError).includes('429'))).toHaveLength(0);
    });

    it('a card whose message is gone (404) is dead-lettered; a refused token (401) is retried', async () => {
      connector.failNext('PUT /v3/conversations/:id/activities/:activityId', { status: 404, code: 'ActivityNotFoundInConversation' });
      await api('PUT', '/cases/SAG-2026-0412/coordinator', { person: 'p-fam-1' });
      connector.failNext('POST /v3/conversations/:id/activities', { status: 401, code: 'Unauthorized' });
      await api('PUT', '/cases/SAG-2026-3001', { departments: ['jobcenter'], participants: [{ person: 'p-job-1', department: 'jobcenter', role: 'caseworker' }], openedAt: '2026-11-01T09:00:00+01:00' });
      await api('PUT', '/cases/SAG-2026-3001/coordinator', { person: 'p-job-1' });
      clock += 30 * 86_400_000;
      await service.scheduler.tick();
      await service.sender.tick();
      const outbox = (await api('GET', '/outbox')).body.messages as Json[];
      expect(outbox.some((m) => m.kind === 'thread-card' && m.status === 'dead' && String(m.lastError).includes('404'))).toBe(true);
      expect(outbox.some((m) => m.status === 'pending' && String(m.lastError).includes('401'))).toBe(true);
    });

    it('a user who blocked the bot (403) is dead-lettered, not retried', async () => {
      connector.blockBot(USERS.sofie.id);
      await api('PUT', '/cases/SAG-2026-2002', { departments: ['familie'], participants: [{ person: 'p-fam-1', department: 'familie', role: 'caseworker' }], openedAt: '2026-11-01T09:00:00+01:00' });
      await api('PUT', '/cases/SAG-2026-2002/coordinator', { person: 'p-fam-1' });
      clock += 35 * 86_400_000; // past Christmas and New Year: enough business days without activity
      await service.scheduler.tick();
      await service.sender.tick();
      const dead = (await api('GET', '/outbox?status=dead')).body.messages as Json[];
      expect(dead.some((m) => m.recipient === 'p-fam-1' && String(m.lastError).includes('403'))).toBe(true);
    });
  });

  describe('need to know', () => {
    const denials = (person: string) => accessDenials(service.db, person);

    beforeAll(async () => {
      expect((await api('PUT', '/departments/borgerservice', { name: 'Borgerservice', kind: 'other' })).status).toBe(200);
      expect((await api('PUT', '/people/p-bs-1', { name: 'Bo Service', email: USERS.outsider.email, department: 'borgerservice' })).status).toBe(200);
    });

    it('someone outside the case gets a neutral refusal and no card', async () => {
      const before = cardsIn(connector.conversation(personal('outsider'))?.sent ?? []).length;
      await say('outsider', 'status SAG-2026-0412');
      expect(lastTextTo(personal('outsider'))).toBe('Du har ikke adgang til SAG-2026-0412 eller sagen findes ikke.');
      await say('outsider', 'status SAG-2026-9999');
      expect(lastTextTo(personal('outsider'))).toBe('Du har ikke adgang til SAG-2026-9999 eller sagen findes ikke.');
      expect(cardsIn(connector.conversation(personal('outsider'))?.sent ?? [])).toHaveLength(before);
      expect(await denials('p-bs-1')).toContainEqual({ case_reference: 'SAG-2026-0412', detail: { gesture: 'status' } });
      // Asked in a channel, the refusal is private: the 1:1 chat has it, the channel only hears that an answer was sent.
      connector.calls.length = 0;
      await say('outsider', 'coordinate SAG-2026-0412', channel);
      expect(lastTextTo(personal('outsider'))).toBe('Du har ikke adgang til SAG-2026-0412 eller sagen findes ikke.');
      const inChannel = connector.calls.filter((c) => !String(c.conversationId ?? '').includes(personal('outsider'))).map((c) => JSON.stringify(c.body));
      expect(inChannel.join('\n')).not.toContain('adgang');
      expect(inChannel.join('\n')).toContain('Svaret er sendt til dig i en privat chat');
    });

    it('a forged Action.Execute naming a case the clicker has no part in is refused, never trusted', async () => {
      const refresh = await invoke('outsider', 'plan.refresh', { reference: 'SAG-2026-0412' });
      expect(refresh.body.type).toBe('application/vnd.microsoft.activity.message');
      expect(String(refresh.body.value)).toContain('Du har ikke adgang til SAG-2026-0412');
      const assign = await invoke('sofie', 'plan.assign', { reference: 'SAG-2026-0977', coordinator: 'p-fam-1' });
      expect(String(assign.body.value)).toContain('Du har ikke adgang til SAG-2026-0977');
      expect(((await api('GET', '/cases/SAG-2026-0977')).body.coordinator as Json).current).toBeNull();
      // A participant may assign, but only someone with a part in the case.
      const outsiderAsCoordinator = await invoke('maja', 'plan.assign', { reference: 'SAG-2026-0412', coordinator: 'p-bs-1' });
      expect(String(outsiderAsCoordinator.body.value)).toContain('har ikke en rolle i sagen');
      expect(((await api('GET', '/cases/SAG-2026-0412')).body.coordinator as Json).current).not.toBe('p-bs-1');
    });

    it('a reminder\'s Action.Execute works only for its ladder and its own case', async () => {
      const nudge = ((await api('GET', '/nudges')).body.nudges as Json[]).find((n) => n.caseReference === 'SAG-2026-0977' && n.status === 'open')!;
      expect(nudge).toBeDefined();
      const anders = await invoke('anders', 'nudge.ack', { nudgeId: String(nudge.id), reference: 'SAG-2026-0977', title: 'x', detail: 'y' });
      expect(JSON.stringify(anders.body.value)).toContain('Du har ikke adgang');
      const otherCase = await invoke('lead', 'nudge.ack', { nudgeId: String(nudge.id), reference: 'SAG-2026-0412', title: 'x', detail: 'y' });
      expect(JSON.stringify(otherCase.body.value)).toContain('Du har ikke adgang til SAG-2026-0412');
      expect(((await api('GET', '/nudges')).body.nudges as Json[]).find((n) => n.id === nudge.id)!.status).toBe('open');
    });

    it('a CPR number in a message is refused and not echoed', async () => {
      await say('maja', 'status 010190-1234');
      expect(lastTextTo(personal('maja'))).toBe('Det er ikke en sagsreference. Skriv aldrig personoplysninger som CPR-numre i chatten.');
      await say('maja', 'coordinate 01.01.90 1234', channel);
      expect(JSON.stringify(connector.sent())).not.toMatch(/010190|01\.01\.90/);
    });

    it('takes a serviceUrl only from Microsoft\'s Bot Connector hosts', async () => {
      connector.calls.length = 0;
      const evil = 'https://collector.example.com/';
      const activity = { ...connector.message({ text: 'status SAG-2026-0412', from: USERS.maja.id }), serviceUrl: evil };
      const res = await connector.activityTo(bot(), activity, connector.channelToken({ serviceUrl: evil }));
      expect(res.status).toBe(403);
      expect(connector.calls).toHaveLength(0);
    });

    it('coordinations stay in the team that installed the app first; another team\'s installation is ignored and logged', async () => {
      const other = '19:another-team@thread.tacv2';
      expect((await connector.activityTo(bot(), connector.installationUpdate({ action: 'add', scope: 'team', from: USERS.sofie.id, team: other }))).status).toBe(200);
      const settings = (await service.db.query<{ settings: Json }>("SELECT settings FROM chat_workspaces WHERE platform = 'teams'")).rows[0]!.settings;
      expect(settings.teamId).toBe(TEAM);
      expect(logs.some((l) => l.includes(other) && l.includes('ignored'))).toBe(true);
    });
  });

  describe('another Entra tenant', () => {
    const OTHER = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
    /** A 1:1 message from a person of another organisation. */
    async function fromOther(text: string) {
      const activity = connector.message({ text, from: USERS.line.id }) as Json & { conversation: Json; channelData?: Json };
      activity.conversation = { ...activity.conversation, tenantId: OTHER };
      activity.channelData = { ...(activity.channelData ?? {}), tenant: { id: OTHER } };
      const res = await connector.activityTo(bot(), activity);
      expect(res.status, JSON.stringify(res.body) + logs.slice(-3).join('')).toBe(200);
      return lastTextTo(personal('line'));
    }

    it('is answered once, politely, and nothing is stored, until an operator\'s code links it to its municipality', async () => {
      const deliveries = async () => (await service.db.query<{ n: number }>('SELECT count(*)::int AS n FROM chat_deliveries')).rows[0]!.n;
      const before = await deliveries();
      expect(await fromOther('help')).toBe('Samspil er ikke sat op for jeres organisation.');
      expect(await fromOther('link inv_made-up-made-up-made-up-made')).toContain('Koden virker ikke');
      expect(await deliveries()).toBe(before);
      expect(await findWorkspace(service.db, 'teams', OTHER)).toBeUndefined();

      await createTenant(service.db, { id: 'odense', name: 'Odense' });
      const code = await createInvitation(service.db, 'teams', 'odense', new Date(clock + 86_400_000));
      expect(await fromOther(`link ${code}`)).toBe('Samspil er nu sat op for jeres organisation og knyttet til jeres kommune.');
      expect((await findWorkspace(service.db, 'teams', OTHER))?.tenant).toBe('odense');
      // The organisation is Odense's now: its people are Odense's (Line is not one of them), never the demo's.
      const answer = await fromOther('stalled');
      expect(answer).not.toBe('Samspil er ikke sat op for jeres organisation.');
      expect(answer).not.toContain('SAG-2026');
      expect(logs.join('')).not.toContain(code);
    });
  });

  describe('consent withdrawn', () => {
    it('posts a notice in the thread, closes the card and the thread', async () => {
      const thread = (await findThread(service.db, 'demo', 'teams', 'SAG-2026-0412'))!;
      expect((await api('POST', '/cases/SAG-2026-0412/consent/withdraw', {})).status).toBe(200);
      await service.sender.tick();
      const sent = connector.conversation(thread.channel)!.sent;
      expect(sent.some((a) => String(a.text ?? '').includes('Samtykket i SAG-2026-0412 er trukket tilbage'))).toBe(true);
      const card = connector.conversation(thread.channel)!.activities.find((a) => a.id === thread.card)!.current;
      expect(JSON.stringify(card)).toContain('trukket tilbage');
      expect(JSON.stringify(card)).not.toContain('plan.assign');
      expect((await findThread(service.db, 'demo', 'teams', 'SAG-2026-0412'))?.closed).toBe(true);
    });
  });

  describe('a change of caseworker (issue 24)', () => {
    it('`skift`/`handover` with a mention by the plan coordinator replaces the department\'s caseworker; `overtag`/`takeover` by the new one ends the handover', async () => {
      const ref = 'SAG-2026-3002';
      expect((await api('PUT', `/cases/${ref}`, { departments: ['jobcenter', 'psykiatri'], participants: [{ person: 'p-job-2', department: 'jobcenter', role: 'caseworker' }, { person: 'p-psyk-1', department: 'psykiatri', role: 'caseworker' }] })).status).toBe(201);
      expect((await api('PUT', `/cases/${ref}/coordinator`, { person: 'p-psyk-1' })).status).toBe(200);
      await say('anders', `skift ${ref}`, 'personal', [USERS.maja.id]);
      expect(lastTextTo(personal('anders'))).toBe('Kun plankoordinatoren kan skifte sagsbehandler.');
      await say('line', `handover ${ref}`);
      expect(lastTextTo(personal('line'))).toBe('Brug: handover SAGSNR @person');
      await say('line', `handover ${ref}`, 'personal', [USERS.maja.id]);
      expect(lastTextTo(personal('line'))).toBe(`Sagsbehandleren på ${ref} er skiftet; den nye sagsbehandler skal overtage sagen.`);
      expect(((await api('GET', `/cases/${ref}`)).body.participants as Json[]).map((p) => p.person).sort()).toEqual(['p-job-1', 'p-psyk-1']);
      // The new caseworker gets a card with a take-over button (Action.Execute handover.take).
      await service.sender.tick();
      const handover = cardsIn(connector.conversation(personal('maja'))?.sent ?? []).find((c) => JSON.stringify(c).includes('handover.take'));
      expect(JSON.stringify(handover)).toContain(`Du er ny sagsbehandler på ${ref}`);
      await say('anders', `overtag ${ref}`);
      expect(lastTextTo(personal('anders'))).toBe(`Du har ikke adgang til ${ref} eller sagen findes ikke.`);
      const refused = await invoke('anders', 'handover.take', { reference: ref });
      expect(JSON.stringify(refused.body.value)).toContain(`Du har ikke adgang til ${ref}`);
      const taken = await invoke('maja', 'handover.take', { reference: ref, title: `Du er ny sagsbehandler på ${ref}`, detail: '' });
      expect(taken.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
      expect(JSON.stringify(taken.body.value)).toContain(`Du har overtaget ${ref}.`);
      await say('maja', `takeover ${ref}`);
      expect(lastTextTo(personal('maja'))).toBe(`Du har overtaget ${ref}.`);
      expect((await auditTrail(service.db, 'demo', ref)).filter((e) => e.action === 'activity.record' && e.actorKind === 'chat').map((e) => e.actor)).toEqual(['p-psyk-1', 'p-job-1', 'p-job-1']);
      // Who covers for someone away, in either word.
      await say('line', `dæk ${ref}`, 'personal', [USERS.maja.id, USERS.line.id]);
      expect(lastTextTo(personal('line'))).toBe(`Dækningen på ${ref} er registreret.`);
      await say('line', `cover ${ref}`, 'personal', [USERS.maja.id]);
      expect(lastTextTo(personal('line'))).toBe('Brug: cover SAGSNR @fraværende @dækker');
      expect((await auditTrail(service.db, 'demo', ref)).filter((e) => e.action === 'cover.record').map((e) => e.actor)).toEqual(['p-psyk-1']);
    }, 30_000);

    it("the team lead's reminder about someone away asks who covers; the choice records the cover", async () => {
      const ref = 'SAG-2026-3004';
      // Anders (p-job-2) is away and owns the case's active intervention; Maja coordinates, her team lead gets the reminder.
      const anders = { name: 'Anders Lund', email: USERS.anders.email, department: 'jobcenter', team: 'team-jobcenter', teamLead: 'leder-jobcenter' };
      expect((await api('PUT', '/people/p-job-2', { ...anders, availability: { status: 'absent', since: '2026-11-20T08:00:00Z' } })).status).toBe(200);
      expect((await api('PUT', `/cases/${ref}`, { departments: ['jobcenter', 'familie'], participants: [{ person: 'p-job-1', department: 'jobcenter', role: 'caseworker' }, { person: 'p-job-2', department: 'jobcenter', role: 'specialist' }, { person: 'p-fam-1', department: 'familie', role: 'caseworker' }] })).status).toBe(201);
      expect((await api('PUT', `/cases/${ref}/coordinator`, { person: 'p-job-1' })).status).toBe(200);
      expect((await api('PUT', `/cases/${ref}/consent`, { basis: 'consent', givenAt: '2026-11-20T09:00:00Z', departments: ['jobcenter', 'familie'] })).status).toBe(200);
      const template = (await api('GET', '/cases/SAG-2026-0412/plan')).body as Json & { interventions: Json[] };
      const interventions = [{ ...template.interventions[0]!, id: 'iv-away', owner: 'p-job-2', department: 'jobcenter', status: 'active' }];
      expect((await api('PUT', `/cases/${ref}/plan`, { ...template, caseReference: ref, interventions, followUps: [] })).status).toBe(201);
      clock += 60_000;
      await service.scheduler.tick();
      const nudge = ((await api('GET', '/nudges')).body.nudges as Json[]).find((n) => n.caseReference === ref && n.reason === 'stall.responsible-absent')!;
      expect(nudge).toMatchObject({ recipient: 'leder-jobcenter', subject: 'iv-away', status: 'open' });
      await service.sender.tick();
      // The card asks who covers for Anders, with a choice of the case's people and a button carrying the person away.
      const card = cardsIn(connector.conversation(personal('lead'))?.sent ?? []).find((c) => JSON.stringify(c).includes('nudge.cover'))!;
      expect(JSON.stringify(card)).toContain('Hvem dækker for Anders Lund?');
      const button = ((card.actions ?? []) as Json[]).find((a) => a.verb === 'nudge.cover')!;
      expect(button.data).toMatchObject({ nudgeId: nudge.id, reference: ref, away: 'p-job-2', input: 'cover0' });
      const press = (who: keyof typeof USERS, covering: string) => invoke(who, 'nudge.cover', { ...(button.data as Json), cover0: covering });
      // Not on the case: refused; the person away as their own cover: refused; a forged input name: nothing done.
      expect(JSON.stringify((await press('line', 'p-job-1')).body.value)).toContain(`Du har ikke adgang til ${ref}`);
      expect(JSON.stringify((await press('lead', 'p-job-2')).body.value)).toContain('Den, der dækker, skal være en anden end den fraværende.');
      expect(JSON.stringify((await invoke('lead', 'nudge.cover', { ...(button.data as Json), input: 'nudgeId' })).body)).not.toContain('registreret');
      const covers = async () => (await service.db.query<{ person: string; covered_by: string }>('SELECT v.person, v.covered_by FROM covers v JOIN cases c ON c.id = v.case_id WHERE c.reference = $1', [ref])).rows;
      expect(await covers()).toEqual([]);
      const done = await press('lead', 'p-job-1');
      expect(JSON.stringify(done.body.value)).toContain(`Dækningen på ${ref} er registreret.`);
      expect(JSON.stringify(done.body.value)).not.toContain('nudge.cover');
      expect(await covers()).toEqual([{ person: 'p-job-2', covered_by: 'p-job-1' }]);
      expect((await auditTrail(service.db, 'demo', ref)).filter((e) => e.action === 'cover.record').map((e) => e.actor)).toEqual(['leder-jobcenter']);
      expect((await api('PUT', '/people/p-job-2', anders)).status).toBe(200);
    }, 30_000);
  });

  describe('what the bot sent', () => {
    it('every card is a valid Adaptive Card 1.5', () => {
      const cards = [...cardsIn(connector.sent()), ...cardsIn(connector.calls.map((c) => ((c.body as Json)?.activity ?? c.body) as Json).filter(Boolean)), ...invokeCards];
      expect(cards.length).toBeGreaterThan(10);
      for (const card of cards) expect(cardProblems(card), JSON.stringify(card).slice(0, 300)).toEqual([]);
    });

    it('reaches the Bot Connector under the serviceUrl\'s path, never through an empty segment', async () => {
      // Teams' serviceUrl ends in '/' (…/emea/): joined naively, every call would go to …/emea//v3/….
      expect(connector.url).toMatch(/\/emea\/$/);
      const calls = connector.calls.filter((c) => c.route.includes('/v3/'));
      expect(calls.length).toBeGreaterThan(0);
      expect(calls.filter((c) => !c.path.startsWith('/emea/v3/') || c.path.includes('//'))).toEqual([]);
      // The fake refuses such a path, as a check that can fail.
      const doubled = await fetch(`${connector.url}/v3/conversations`, { method: 'POST', headers: { authorization: `Bearer ${connector.botToken()}`, 'content-type': 'application/json' }, body: '{}' });
      expect(doubled.status).toBe(404);
    });

    it('the card check can fail', () => {
      expect(cardProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlok', text: 'x' }] }).length).toBeGreaterThan(0);
      expect(cardProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'x', size: 'gigantic' }] }).length).toBeGreaterThan(0);
      expect(cardProblems({ type: 'AdaptiveCard', version: '1.5', body: [], actions: [{ type: 'Action.Execute', verb: 'x', colour: 'red' }] }).length).toBeGreaterThan(0);
    });

    it('carries no CPR number, citizen\'s name, words or caseworkers\' notes', async () => {
      const plan = (await api('GET', '/cases/SAG-2026-0412/plan')).body as Json & { subGoals: Json[]; interventions: Json[] };
      const forbidden = personalDataOf(plan as unknown as Plan);
      const sent = [...connector.calls.filter((c) => c.method !== 'GET').map((c) => c.body), ...connector.sent(), ...invokeCards];
      expect(personalDataIn(sent, forbidden)).toEqual([]);
      expect(personalDataIn([plan], forbidden).length).toBeGreaterThan(3);
    });
  });
});
