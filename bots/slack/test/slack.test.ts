// The Slack flows end to end: the real service (PGlite) with the real Bolt app on
// its HTTP server, Slack's side played by a protocol-faithful fake on loopback.
// Requests are signed as Slack signs them; the assertions are on the Web API
// calls the app made and on the stored state.
import { personalDataIn, personalDataOf, PLANTED, withPlantedPersonalData } from '@samspil/chat';
import type { Plan } from '@samspil/core';
import { auditTrail, findThread, linkWorkspace, startService, type RunningService, memoryLog } from '@samspil/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessDenials, serviceDatabases, waiter } from '@samspil/server/testing';
import { channelName, slackAdapter } from '../src/index.js';
import { FakeSlack, type Json } from './fakes/slack-api.js';
import { eventCallback, interactivity, postSigned, slashCommand, urlVerification } from './fakes/sign.js';
import { demoUsers } from './harness.js';

const SECRET = 'test-signing-secret-0123456789abcdef';
const TOKEN = 'xoxb-samspil-test';
const TEAM = 'T0SAMSPIL';

const USERS = demoUsers('maja', 'anders', 'sofie', 'jonas', 'line', 'lead', 'stranger', 'outsider', 'colleague', 'head');

// What must never reach Slack: the citizen's words, the caseworkers' free text
// (sub-goal and intervention titles and criteria, which name a diagnosis), a
// citizen's name and CPR number planted in the plan.

// The whole flow runs on each database: PGlite always, PostgreSQL when reachable (CI requires it).
describe.each(await serviceDatabases())('Slack on $kind', (database) => {
  let storage: Awaited<ReturnType<typeof database.create>> | undefined;
  let fake: FakeSlack;
  let service: RunningService;
  let clock = Date.parse('2026-11-24T09:30:00+01:00'); // a Tuesday, within working hours
  // The service's log (JSON lines), kept for the assertions and a timeout's message.
  const { log, lines: logs } = memoryLog();
  let apiKey = '';
  const acks: string[] = [];

  /** Everything the app sent to Slack, kept across the tests for the privacy check. */
  const sentLog: Json[] = [];
  function clearCalls() {
    sentLog.push(...fake.calls.map((c) => c.args));
    fake.calls.length = 0;
  }

  const url = () => `${service.url}/slack/events`;
  const waitFor = waiter(logs);

  async function command(user: keyof typeof USERS, text: string, extra: { triggerId?: string; retryNum?: number; team?: string } = {}) {
    const responseUrl = fake.responseUrl();
    const body = slashCommand({ team_id: extra.team ?? TEAM, user_id: USERS[user].id, user_name: USERS[user].name, text, response_url: responseUrl, trigger_id: extra.triggerId ?? fake.triggerId() });
    const res = await postSigned(url(), body, 'form', { secret: SECRET, ...(extra.retryNum ? { retryNum: extra.retryNum, retryReason: 'http_timeout' } : {}) });
    acks.push(res.text);
    return { res, responseUrl, reply: () => waitFor(() => fake.responses(responseUrl)[0]?.body, `a reply to "/samspil ${text}"`) };
  }

  async function interact(payload: Json) {
    const res = await postSigned(url(), interactivity({ team: { id: TEAM, domain: 'samspil' }, api_app_id: 'A0FAKEAPP1', token: 'x', trigger_id: fake.triggerId(), ...payload }), 'form', { secret: SECRET });
    acks.push(res.text);
    return res;
  }

  /** A button pressed in the app's DM with `who`: the answer the app wrote into that message. */
  async function pressInDm(who: keyof typeof USERS, actionId: string, blockId: string, value: string) {
    clearCalls();
    const dm = fake.channel(USERS[who].id) ?? { id: `D0${who.toUpperCase()}` };
    await interact({
      type: 'block_actions',
      user: { id: USERS[who].id, username: who, team_id: TEAM },
      channel: { id: dm.id, name: 'directmessage' },
      container: { type: 'message', message_ts: '9.9', channel_id: dm.id },
      message: { type: 'message', ts: '9.9', text: 'x', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x' } }] },
      response_url: fake.responseUrl(),
      actions: [{ type: 'button', action_id: actionId, block_id: blockId, value, action_ts: '1' }],
    });
    return textOf((await waitFor(() => fake.callsTo('chat.update')[0], 'the answer in the message')).args);
  }

  async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${service.url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${apiKey}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers }, ...(body ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, etag: res.headers.get('etag'), body: (res.status === 204 ? {} : await res.json()) as Json };
  }

  /** The text of every block and field in a message, joined: what a person would read. */
  const textOf = (value: unknown): string => JSON.stringify(value);

  beforeAll(async () => {
    storage = await database.create();
    fake = await FakeSlack.start({ token: TOKEN, teamId: TEAM });
    for (const u of Object.values(USERS)) fake.addUser(u);
    service = await startService({
      port: 0,
      ...storage!.options,
      tokenSecret: 'a-test-secret-of-at-least-32-characters',
      demo: { examples: new URL('../../../examples', import.meta.url).pathname },
      schedulerIntervalMs: 3_600_000,
      senderIntervalMs: 3_600_000,
      now: () => new Date(clock),
      log,
      // Slack's minute shortened to 6 s for the pacing, so a test's bursts do not wait a real minute.
      adapters: [slackAdapter({ signingSecret: SECRET, botToken: TOKEN, apiUrl: fake.url, tenant: 'demo', pacingWindowMs: 6_000 })],
    });
    apiKey = service.demoKey!;
    // Plant personal data in the plan, where a careless card would pick it up.
    const plan = await api('GET', '/cases/SAG-2026-0412/plan');
    const planted = withPlantedPersonalData(plan.body as unknown as Plan);
    const put = await api('PUT', '/cases/SAG-2026-0412/plan', planted, { 'if-match': plan.etag! });
    expect(put.status).toBe(200);
  }, 60_000);

  afterAll(async () => {
    await service?.stop();
    await storage?.drop();
    await fake?.close();
  });

  describe('requests from Slack', () => {
    it('answers the URL verification and refuses a bad signature, an old or a future timestamp with 401', async () => {
      const ok = await postSigned(url(), urlVerification('c-123'), 'json', { secret: SECRET });
      expect(ok.status).toBe(200);
      expect(ok.json()).toEqual({ challenge: 'c-123' });

      const forged = await postSigned(url(), slashCommand({ team_id: TEAM, text: 'help' }), 'form', { secret: 'not-the-secret' });
      expect(forged.status).toBe(401);
      expect(forged.headers.get('content-type')).toContain('application/problem+json');
      const old = await postSigned(url(), slashCommand({ team_id: TEAM, text: 'help' }), 'form', { secret: SECRET, timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
      expect(old.status).toBe(401);
      const future = await postSigned(url(), slashCommand({ team_id: TEAM, text: 'help' }), 'form', { secret: SECRET, timestamp: Math.floor(Date.now() / 1000) + 6 * 60 });
      expect(future.status).toBe(401);
      const unsigned = await fetch(url(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: urlVerification('x') });
      expect(unsigned.status).toBe(401);
    });

    it('refuses a workspace that is not linked to a municipality', async () => {
      const { res } = await command('maja', 'status SAG-2026-0412', { team: 'T0OTHER' });
      expect(res.status).toBe(401);
    });

    it('answers help in the acknowledgement itself, in Danish', async () => {
      const { res } = await command('maja', 'help');
      expect(res.status).toBe(200);
      expect(res.json()).toMatchObject({ response_type: 'ephemeral' });
      expect(res.text).toContain('/samspil coordinate');
      expect(res.text).toContain('Skriv aldrig personoplysninger');
    });

    it('tells a Slack user who is not a professional of the municipality so', async () => {
      const { reply } = await command('stranger', 'status SAG-2026-0412');
      expect(textOf(await reply())).toContain('ikke knyttet til en medarbejder');
    });
  });

  describe('/samspil coordinate', () => {
    it('opens a private channel named from the case reference, invites the participants found, pins the card', async () => {
      // Someone already has the natural name: Slack answers name_taken and the app takes the next.
      fake.addChannel({ name: 'samspil-sag-2026-0412', isPrivate: true, withBot: false });
      clearCalls();
      const { res, reply } = await command('maja', 'coordinate SAG-2026-0412');
      expect(res.status).toBe(200);
      expect(res.text).toBe(''); // acknowledged at once; the work follows
      const answer = textOf(await reply());
      expect(answer).toContain('Koordineringen af SAG-2026-0412 er åbnet');
      expect(answer).toContain('Emil Friis'); // not in Slack: listed, not invited

      const creates = fake.callsTo('conversations.create');
      expect(creates.map((c) => c.args.name)).toEqual(['samspil-sag-2026-0412', 'samspil-sag-2026-0412-2']);
      expect(creates[0]!.response).toMatchObject({ ok: false, error: 'name_taken' });
      expect(creates[1]!.args.is_private).toBe('true');
      const channel = fake.channel('samspil-sag-2026-0412-2')!;
      expect([...channel.members].sort()).toEqual([USERS.anders.id, USERS.jonas.id, USERS.line.id, USERS.maja.id, USERS.sofie.id, fake.botUserId].sort());
      const card = channel.messages[0]!;
      expect(channel.pins.has(card.ts)).toBe(true);
      const cardText = textOf(card);
      expect(cardText).toContain('SAG-2026-0412');
      expect(cardText).toContain('Beskæftigelse'); // the goal's kind
      expect(cardText).toContain('Indsats 1, Familieafdelingen: aktiv');
      expect(cardText).toContain('coordinator.assign');

      const thread = await findThread(service.db, 'demo', 'slack', 'SAG-2026-0412');
      expect(thread).toMatchObject({ channel: channel.id, card: card.ts, closed: false });
      expect((await auditTrail(service.db, 'demo', 'SAG-2026-0412')).some((e) => e.action === 'coordination.open' || e.action === 'case.read')).toBe(true);
    });

    it('returns the open coordination instead of opening a second', async () => {
      clearCalls();
      const { reply } = await command('anders', 'coordinate SAG-2026-0412');
      expect(textOf(await reply())).toContain('allerede åben');
      expect(fake.callsTo('conversations.create')).toHaveLength(0);
    });

    it('refuses to open without consent when two departments take part, privately, naming what is missing', async () => {
      clearCalls();
      const { reply } = await command('maja', 'coordinate SAG-2026-0977');
      const r = (await reply()) as Json;
      expect(r.response_type).toBe('ephemeral');
      expect(String(r.text)).toContain('samtykket dækker ikke Jobcenter, Sundhed og forebyggelse');
      expect(fake.callsTo('conversations.create')).toHaveLength(0);
    });

    it('creates nothing twice when Slack retries a delivery with the same trigger', async () => {
      await api('PUT', '/cases/SAG-2026-1003', { departments: ['jobcenter'], participants: [{ person: 'p-job-2', department: 'jobcenter', role: 'caseworker' }] });
      clearCalls();
      const trigger = fake.triggerId();
      const first = await command('anders', 'coordinate SAG-2026-1003', { triggerId: trigger });
      await first.reply();
      const retry = await command('anders', 'coordinate SAG-2026-1003', { triggerId: trigger, retryNum: 1 });
      expect(retry.res.status).toBe(200);
      await new Promise((r) => setTimeout(r, 200));
      expect(fake.callsTo('conversations.create')).toHaveLength(1);
      expect(fake.responses(retry.responseUrl)).toHaveLength(0);
    });

    it('opens a thread in the team channel when the workspace is set up that way', async () => {
      const team = fake.addChannel({ name: 'koordinering', members: [USERS.maja.id, USERS.anders.id] });
      await linkWorkspace(service.db, { platform: 'slack', workspaceId: TEAM, tenant: 'demo', settings: { coordinationChannel: team.id } });
      await api('PUT', '/cases/SAG-2026-1100', { departments: ['jobcenter'], participants: [{ person: 'p-job-1', department: 'jobcenter', role: 'caseworker' }] });
      clearCalls();
      try {
        const { reply } = await command('maja', 'coordinate SAG-2026-1100');
        expect(textOf(await reply())).toContain(`<#${team.id}> (tråd)`);
      } finally {
        await linkWorkspace(service.db, { platform: 'slack', workspaceId: TEAM, tenant: 'demo', settings: {} });
      }
      expect(fake.callsTo('conversations.create')).toHaveLength(0);
      const [root, mention] = team.messages;
      expect(textOf(root)).toContain('SAG-2026-1100');
      expect(mention).toMatchObject({ thread_ts: root!.ts, text: `<@${USERS.maja.id}>` });
      expect(await findThread(service.db, 'demo', 'slack', 'SAG-2026-1100')).toMatchObject({ channel: team.id, thread: root!.ts, card: root!.ts });
    });

    it('names channels from the case reference only, within Slack\'s rules', async () => {
      expect(channelName('SAG/2026 0412 Æblegård')).toBe('samspil-sag-2026-0412-bleg-rd');
      expect(channelName('x'.repeat(200))).toHaveLength(80);
      expect(channelName('x'.repeat(200), 3)).toMatch(/-4$/);
      expect(channelName('x'.repeat(200), 3)).toHaveLength(80);
    });
  });

  describe('the plan coordinator', () => {
    it('`coordinator` assigns and the pinned card is updated in place, not reposted', async () => {
      const channel = fake.channel('samspil-sag-2026-0412-2')!;
      const before = channel.messages.length;
      clearCalls();
      const { reply } = await command('maja', `coordinator SAG-2026-0412 <@${USERS.anders.id}|anders>`);
      expect(textOf(await reply())).toContain(`<@${USERS.anders.id}> er nu plankoordinator`);
      const update = fake.callsTo('chat.update').find((c) => c.args.ts === channel.messages[0]!.ts);
      expect(update).toBeDefined();
      expect(textOf(update!.args.blocks)).toContain(`<@${USERS.anders.id}>`);
      expect(channel.messages.length).toBe(before);
      const c = await api('GET', '/cases/SAG-2026-0412');
      expect((c.body.coordinator as Json).current).toBe('p-job-2');

      // The outbox also carries the change to the card (for changes made outside Slack): idempotent.
      clearCalls();
      await service.sender.tick();
      expect(fake.callsTo('chat.update').filter((c) => c.args.ts === channel.messages[0]!.ts).length).toBeGreaterThanOrEqual(1);
      expect(fake.callsTo('chat.postMessage').filter((c) => c.args.channel === channel.id)).toHaveLength(0);
    });

    it('the card\'s user select assigns too', async () => {
      const channel = fake.channel('samspil-sag-2026-0412-2')!;
      const card = channel.messages[0]!;
      clearCalls();
      const res = await interact({
        type: 'block_actions',
        user: { id: USERS.maja.id, username: 'maja', team_id: TEAM },
        channel: { id: channel.id, name: channel.name },
        container: { type: 'message', message_ts: card.ts, channel_id: channel.id },
        message: card,
        response_url: fake.responseUrl(),
        actions: [{ type: 'users_select', action_id: 'coordinator.assign', block_id: 'plan:SAG-2026-0412', selected_user: USERS.maja.id, action_ts: '1' }],
      });
      expect(res.status).toBe(200);
      await waitFor(() => fake.callsTo('chat.update').length > 0, 'the card update');
      expect(textOf(fake.callsTo('chat.update')[0]!.args.blocks)).toContain(`<@${USERS.maja.id}>`);
      expect(((await api('GET', '/cases/SAG-2026-0412')).body.coordinator as Json).current).toBe('p-job-1');
    });

    it('a plan changed through the API redraws the card through the outbox', async () => {
      const plan = await api('GET', '/cases/SAG-2026-0412/plan');
      const interventions = (plan.body.interventions as Json[]).map((iv, i) => (i === 0 ? { ...iv, status: 'done' } : iv));
      expect((await api('PUT', '/cases/SAG-2026-0412/plan', { ...plan.body, interventions }, { 'if-match': plan.etag! })).status).toBe(200);
      clearCalls();
      await service.sender.tick();
      const update = fake.callsTo('chat.update')[0];
      expect(textOf(update?.args.blocks)).toContain('Indsats 1, Familieafdelingen: afsluttet');
    });
  });

  describe('status, stalled and App Home', () => {
    it('`status` shows the plan summary to the caller only', async () => {
      const { reply } = await command('sofie', 'status SAG-2026-0412');
      const r = (await reply()) as Json;
      expect(r.response_type).toBe('ephemeral');
      expect(textOf(r.blocks)).toContain('Plankoordinator');
      expect(textOf(r.blocks)).not.toContain('coordinator.assign');
    });

    it('`status` of an unknown case says so', async () => {
      const { reply } = await command('sofie', 'status SAG-0000');
      expect(textOf(await reply())).toContain('Du har ikke adgang til SAG-0000 eller sagen findes ikke');
    });

    it('the scheduler\'s nudges reach the coordinator or team lead as DMs with buttons', async () => {
      clearCalls();
      // The service's scheduler ran once at start; a tick now finds nothing new, or the rest.
      await service.scheduler.tick();
      expect(((await api('GET', '/nudges?status=open')).body.nudges as Json[]).some((n) => n.caseReference === 'SAG-2026-0977')).toBe(true);
      await service.sender.tick();
      // The lead's DM with the app (the service's own first ticks may have sent them already).
      const toLead = fake.channel(USERS.lead.id)?.messages.find((m) => textOf(m).includes('SAG-2026-0977'));
      expect(toLead).toBeDefined();
      const text = textOf(toLead!.blocks);
      expect(text).toContain('Sagen SAG-2026-0977 er gået i stå');
      for (const action of ['nudge.ack', 'nudge.snooze', 'nudge.reassign']) expect(text).toContain(action);
    });

    it('Acknowledge and Snooze call the use cases and update the message', async () => {
      const dm = fake.channel(USERS.lead.id)!;
      const [first, second] = dm.messages.filter((m) => textOf(m).includes('nudge.ack'));
      expect(first && second).toBeTruthy();
      const click = (message: Json, actionId: string) => {
        const actions = (message.blocks as Json[]).find((b) => b.type === 'actions')!;
        const button = (actions.elements as Json[]).find((e) => e.action_id === actionId)!;
        return interact({
          type: 'block_actions',
          user: { id: USERS.lead.id, username: 'leder', team_id: TEAM },
          channel: { id: dm.id, name: 'directmessage' },
          container: { type: 'message', message_ts: message.ts, channel_id: dm.id },
          message,
          response_url: fake.responseUrl(),
          actions: [{ type: 'button', action_id: actionId, block_id: actions.block_id, value: button.value, action_ts: '1' }],
        });
      };
      clearCalls();
      await click(first!, 'nudge.ack');
      await waitFor(() => fake.callsTo('chat.update').length === 1, 'the acknowledged message');
      expect(textOf(fake.callsTo('chat.update')[0]!.args)).toContain(`Kvitteret af <@${USERS.lead.id}>`);
      expect(textOf(fake.callsTo('chat.update')[0]!.args.blocks)).not.toContain('nudge.ack');
      await click(second!, 'nudge.snooze');
      await waitFor(() => fake.callsTo('chat.update').length === 2, 'the snoozed message');
      expect(textOf(fake.callsTo('chat.update')[1]!.args)).toContain('Udsat til 2026-11-27');
      const nudges = await api('GET', '/nudges');
      const statuses = (nudges.body.nudges as Json[]).map((n) => n.status);
      expect(statuses).toContain('acknowledged');
      expect(statuses).toContain('snoozed');
    });

    it('`stalled` lists the caller\'s team\'s stalled cases with reasons, to the caller only', async () => {
      const { reply } = await command('lead', 'stalled');
      const r = (await reply()) as Json;
      expect(r.response_type).toBe('ephemeral');
      expect(textOf(r.blocks)).toContain('SAG-2026-0977');
      expect(textOf(r.blocks)).toContain('samtykke mangler');
      // The card of a stalled case says why, from the same overview.
      const status = (await (await command('lead', 'status SAG-2026-0977')).reply()) as Json;
      expect(textOf(status.blocks)).toMatch(/Gået i stå: .*samtykke mangler \(siden \d{4}-\d{2}-\d{2}\)/);
    });

    it('App Home shows my cases, and a team lead their team\'s stalled cases; a retried event publishes once', async () => {
      clearCalls();
      const body = eventCallback({ type: 'app_home_opened', user: USERS.lead.id, channel: 'D0LEAD', tab: 'home' }, { teamId: TEAM, eventId: 'Ev0HOME1' });
      expect((await postSigned(url(), body, 'json', { secret: SECRET })).status).toBe(200);
      await waitFor(() => fake.publishedHome(USERS.lead.id), 'the lead\'s home');
      expect((await postSigned(url(), body, 'json', { secret: SECRET, retryNum: 1, retryReason: 'http_timeout' })).status).toBe(200);
      await new Promise((r) => setTimeout(r, 200));
      expect(fake.callsTo('views.publish')).toHaveLength(1);
      const home = textOf(fake.publishedHome(USERS.lead.id));
      expect(home).toContain('Dit teams sager, der er gået i stå');
      expect(home).toContain('SAG-2026-0977');

      await postSigned(url(), eventCallback({ type: 'app_home_opened', user: USERS.maja.id, channel: 'D0MAJA', tab: 'home' }, { teamId: TEAM }), 'json', { secret: SECRET });
      const mine = textOf(await waitFor(() => fake.publishedHome(USERS.maja.id), 'maja\'s home'));
      expect(mine).toContain('SAG-2026-0412');
      expect(mine).not.toContain('Dit teams sager');
    });

    it('the daily digest goes to each team lead', async () => {
      clock = Date.parse('2026-11-25T08:05:00+01:00');
      clearCalls();
      const tick = await service.scheduler.tick();
      expect(tick.digests).toBeGreaterThan(0);
      await service.sender.tick();
      const digest = fake.callsTo('chat.postMessage').find((c) => textOf(c.args).includes('Sager i dit team, der er gået i stå (2026-11-25)'));
      expect(digest).toBeDefined();
      expect(textOf(digest!.args.blocks)).toMatch(/SAG-2026-0977\*? \(\d+ dage\)/);
    });
  });

  describe('reliability', () => {
    it('a rate limit during a command is waited out as Retry-After says; past 3 s the person hears it is under way, then gets the link', async () => {
      await api('PUT', '/cases/SAG-2026-1200', { departments: ['jobcenter'], participants: [{ person: 'p-job-1', department: 'jobcenter', role: 'caseworker' }] });
      clearCalls();
      fake.failNext('conversations.create', { status: 429, retryAfter: 4 });
      const first = await command('maja', 'coordinate SAG-2026-1200');
      const replies = await waitFor(() => fake.responses(first.responseUrl).length >= 2 && fake.responses(first.responseUrl), 'two answers', 15_000);
      expect(textOf(replies[0]!.body)).toContain('Det tager lidt længere');
      expect(textOf(replies[1]!.body)).toContain('<#');
      const creates = fake.callsTo('conversations.create');
      expect(creates.map((c) => (c.response as Json).ok)).toEqual([false, true]);
      expect(creates[1]!.at - creates[0]!.at).toBeGreaterThanOrEqual(3_900);
      expect(await findThread(service.db, 'demo', 'slack', 'SAG-2026-1200')).toMatchObject({ state: 'open' });
    });

    it('an error retrying cannot mend says what to do; the next attempt resumes where it stopped, nothing twice', async () => {
      await api('PUT', '/cases/SAG-2026-1210', { departments: ['jobcenter'], participants: [{ person: 'p-job-1', department: 'jobcenter', role: 'caseworker' }] });
      clearCalls();
      fake.failNext('pins.add', 'not_in_channel');
      const first = await command('maja', 'coordinate SAG-2026-1210');
      expect(textOf(await first.reply())).toContain('det hjælper ikke at prøve igen (not_in_channel)');
      expect(await findThread(service.db, 'demo', 'slack', 'SAG-2026-1210')).toMatchObject({ state: 'opening', steps: ['invited'] });
      // A second try after the claimant's lease: the channel, invitations and card stay; only the pin is done.
      clock += 180_000;
      const again = await command('maja', 'coordinate SAG-2026-1210');
      expect(textOf(await again.reply())).toContain('<#');
      expect(fake.callsTo('conversations.create')).toHaveLength(1);
      expect(fake.callsTo('chat.postMessage').filter((c) => String(c.args.channel) === fake.channel('samspil-sag-2026-1210')!.id)).toHaveLength(1);
      expect(fake.callsTo('pins.add').map((c) => (c.response as Json).ok)).toEqual([false, true]);
      expect(await findThread(service.db, 'demo', 'slack', 'SAG-2026-1210')).toMatchObject({ state: 'open', steps: ['invited', 'pinned'] });
    });

    it('a rate-limited delivery waits as Slack says and is delivered later, nothing lost', async () => {
      // A new nudge: Anders coordinates the third case, which goes quiet for weeks.
      await api('PUT', '/cases/SAG-2026-1003/coordinator', { person: 'p-job-2' });
      clock = Date.parse('2026-12-16T10:00:00+01:00');
      await service.scheduler.tick();
      clearCalls();
      fake.failNext('chat.postMessage', { status: 429, retryAfter: 7 });
      await service.sender.tick();
      const outbox = await api('GET', '/outbox?status=pending');
      const waiting = (outbox.body.messages as Json[]).find((m) => String(m.lastError).includes('ratelimited'));
      expect(waiting).toBeDefined();
      expect(Date.parse(String(waiting!.nextAttemptAt)) - clock).toBe(7_000);
      clock += 7_000;
      clearCalls();
      expect(await service.sender.tick()).toBeGreaterThan(0);
      expect(fake.callsTo('chat.postMessage').length).toBeGreaterThan(0);
      const after = await api('GET', '/outbox?status=pending');
      expect((after.body.messages as Json[]).filter((m) => String(m.lastError).includes('ratelimited'))).toHaveLength(0);
    });

    it('a refused invitation in the batch (already_in_channel) falls back to one at a time; nobody is left out', async () => {
      await api('PUT', '/cases/SAG-2026-1300', { departments: ['familie'], participants: [{ person: 'p-fam-1', department: 'familie', role: 'caseworker' }, { person: 'p-fam-2', department: 'familie', role: 'caseworker' }] });
      fake.failNext('conversations.invite', 'already_in_channel');
      clearCalls();
      const { reply } = await command('sofie', 'coordinate SAG-2026-1300');
      expect(textOf(await reply())).toContain('er åbnet');
      const invites = fake.callsTo('conversations.invite');
      expect(invites[0]!.response).toMatchObject({ ok: false, error: 'already_in_channel' });
      expect(invites.slice(1).map((c) => c.args.users).sort()).toEqual([USERS.jonas.id, USERS.sofie.id].sort());
      expect([...fake.channel('samspil-sag-2026-1300')!.members]).toEqual(expect.arrayContaining([USERS.sofie.id, USERS.jonas.id]));
    });

    it('a card whose channel is gone (channel_not_found) is dead-lettered, not retried', async () => {
      fake.failNext('chat.update', 'channel_not_found');
      await api('PUT', '/cases/SAG-2026-1300/coordinator', { person: 'p-fam-2' });
      await service.sender.tick();
      const dead = (await api('GET', '/outbox?status=dead')).body.messages as Json[];
      expect(dead.some((m) => m.kind === 'thread-card' && String(m.lastError).includes('channel_not_found'))).toBe(true);
    });

    it('a message to someone who is not in Slack is dead-lettered, not retried forever', async () => {
      // Emil Friis (not in Slack) coordinates a case that stalls.
      await api('PUT', '/cases/SAG-2026-2001', { departments: ['sundhed'], participants: [{ person: 'p-sund-1', department: 'sundhed', role: 'caseworker' }], openedAt: '2026-11-01T09:00:00+01:00' });
      await api('PUT', '/cases/SAG-2026-2001/coordinator', { person: 'p-sund-1' });
      clock += 30 * 86_400_000;
      await service.scheduler.tick();
      await service.sender.tick();
      const dead = await api('GET', '/outbox?status=dead');
      expect((dead.body.messages as Json[]).some((m) => m.recipient === 'p-sund-1' && /no slack user/i.test(String(m.lastError)))).toBe(true);
    });
  });

  describe('need to know', () => {
    const denials = (person: string) => accessDenials(service.db, person);

    beforeAll(async () => {
      // A department that takes no part in the demo case, with a caseworker; a jobcentre colleague
      // on the same team as the case's caseworkers but not on the case; a head of a department taking part.
      expect((await api('PUT', '/departments/borgerservice', { name: 'Borgerservice', kind: 'other' })).status).toBe(200);
      expect((await api('PUT', '/people/p-bs-1', { name: 'Bo Service', email: USERS.outsider.email, department: 'borgerservice' })).status).toBe(200);
      expect((await api('PUT', '/people/p-job-3', { name: 'Kim Kollega', email: USERS.colleague.email, department: 'jobcenter', team: 'team-jobcenter', teamLead: 'leder-jobcenter' })).status).toBe(200);
      expect((await api('PUT', '/people/chef-psykiatri', { name: 'Chef for psykiatrien', email: USERS.head.email, department: 'psykiatri' })).status).toBe(200);
      expect((await api('PUT', '/departments/psykiatri', { name: 'Social- og psykiatriafdelingen', kind: 'adult-social', head: 'chef-psykiatri' })).status).toBe(200);
    });

    it('a caseworker outside the case gets a neutral refusal, private, that does not say whether the case exists', async () => {
      for (const who of ['outsider', 'colleague'] as const) {
        const existing = (await (await command(who, 'status SAG-2026-0412')).reply()) as Json;
        expect(existing.response_type).toBe('ephemeral');
        expect(existing.text).toBe('Du har ikke adgang til SAG-2026-0412 eller sagen findes ikke.');
        expect(existing.blocks).toBeUndefined();
        const missing = (await (await command(who, 'status SAG-2026-9999')).reply()) as Json;
        expect(missing.text).toBe(String(existing.text).replace('0412', '9999'));
      }
      expect(await denials('p-bs-1')).toContainEqual({ case_reference: 'SAG-2026-0412', detail: { gesture: 'status' } });
      expect(await denials('p-job-3')).toContainEqual({ case_reference: 'SAG-2026-9999', detail: { gesture: 'status' } });
    });

    it('a team lead and a head of a department taking part see the case', async () => {
      for (const who of ['lead', 'head'] as const) {
        const r = (await (await command(who, 'status SAG-2026-0412')).reply()) as Json;
        expect(textOf(r.blocks), who).toContain('Plankoordinator');
      }
    });

    it('`coordinate` by someone outside the case opens nothing and invites no one', async () => {
      clearCalls();
      const r = (await (await command('colleague', 'coordinate SAG-2026-0977')).reply()) as Json;
      expect(r.text).toBe('Du har ikke adgang til SAG-2026-0977 eller sagen findes ikke.');
      expect(fake.callsTo('conversations.create')).toHaveLength(0);
      expect(fake.callsTo('conversations.invite')).toHaveLength(0);
      expect(await denials('p-job-3')).toContainEqual({ case_reference: 'SAG-2026-0977', detail: { gesture: 'coordinate' } });
    });

    it('`coordinator … @person` accepts only a person with a part in the case', async () => {
      const before = ((await api('GET', '/cases/SAG-2026-0412')).body.coordinator as Json).current;
      const r = (await (await command('maja', `coordinator SAG-2026-0412 <@${USERS.outsider.id}|outsider>`)).reply()) as Json;
      expect(r.text).toContain('har ikke en rolle i sagen');
      expect(((await api('GET', '/cases/SAG-2026-0412')).body.coordinator as Json).current).toBe(before);
      const lead = (await (await command('maja', `coordinator SAG-2026-0412 <@${USERS.lead.id}|leder>`)).reply()) as Json;
      expect(lead.text).toContain('er nu plankoordinator');
      await command('maja', `coordinator SAG-2026-0412 <@${USERS.maja.id}|maja>`).then((c) => c.reply());
    });

    it('a forged card button naming another case is refused, never trusted', async () => {
      clearCalls();
      const responseUrl = fake.responseUrl();
      await interact({
        type: 'block_actions',
        user: { id: USERS.sofie.id, username: 'sofie', team_id: TEAM },
        channel: { id: 'C0GENERAL', name: 'general' },
        response_url: responseUrl,
        actions: [{ type: 'users_select', action_id: 'coordinator.assign', block_id: 'plan:SAG-2026-0977', selected_user: USERS.sofie.id, action_ts: '1' }],
      });
      const reply = await waitFor(() => fake.responses(responseUrl)[0]?.body, 'the refusal');
      expect(textOf(reply)).toContain('Du har ikke adgang til SAG-2026-0977');
      expect(((await api('GET', '/cases/SAG-2026-0977')).body.coordinator as Json).current).toBeNull();
      expect(await denials('p-fam-1')).toContainEqual({ case_reference: 'SAG-2026-0977', detail: { gesture: 'coordinator' } });
    });

    it('a reminder\'s buttons work only for its recipient and its ladder, and only for its own case', async () => {
      const nudge = ((await api('GET', '/nudges')).body.nudges as Json[]).find((n) => n.caseReference === 'SAG-2026-0977' && n.status === 'open')!;
      expect(nudge).toBeDefined();
      const press = (who: keyof typeof USERS, blockId: string) => pressInDm(who, 'nudge.ack', blockId, 'ack');
      // Sofie has no part in SAG-2026-0977; Anders has, but is not on the reminder's ladder.
      expect(await press('sofie', `nudge:${nudge.id}:SAG-2026-0977`)).toContain('Du har ikke adgang til SAG-2026-0977');
      expect(await press('anders', `nudge:${nudge.id}:SAG-2026-0977`)).toContain('Du har ikke adgang');
      // The lead is on its ladder, but the payload names another case.
      expect(await press('lead', `nudge:${nudge.id}:SAG-2026-0412`)).toContain('Du har ikke adgang til SAG-2026-0412');
      const still = ((await api('GET', '/nudges')).body.nudges as Json[]).find((n) => n.id === nudge.id)!;
      expect(still.status).toBe('open');
      expect(await denials('p-job-2')).toContainEqual({ case_reference: 'SAG-2026-0977', detail: { gesture: 'nudge.acknowledge' } });
    });

    it('`stalled` and App Home list only the cases the person has a part in', async () => {
      const stalled = (await (await command('colleague', 'stalled')).reply()) as Json;
      expect(textOf(stalled)).not.toContain('SAG-2026-0977');
      expect(textOf(stalled)).toContain('Ingen af dit teams sager');
      clearCalls();
      await postSigned(url(), eventCallback({ type: 'app_home_opened', user: USERS.colleague.id, channel: 'D0COLLEAGUE', tab: 'home' }, { teamId: TEAM, eventId: 'Ev0HOMECOLLEAGUE' }), 'json', { secret: SECRET });
      const home = await waitFor(() => fake.callsTo('views.publish')[0], 'the home view');
      expect(textOf(home.args)).not.toContain('SAG-2026');
    });

    it('a CPR number in a command is refused, never echoed, and never becomes a channel', async () => {
      clearCalls();
      for (const text of ['status 010190-1234', 'coordinate 010190 1234', 'coordinate 01.01.90-1234', 'coordinator 0101901234 @x']) {
        const r = (await (await command('maja', text)).reply()) as Json;
        expect(r.text).toBe('Det er ikke en sagsreference. Skriv aldrig personoplysninger som CPR-numre i chatten.');
        expect(textOf(r)).not.toContain('0101');
      }
      expect(fake.callsTo('conversations.create')).toHaveLength(0);
      const denied = await denials('p-job-1');
      expect(denied.filter((d) => d.case_reference === null).length).toBeGreaterThanOrEqual(4);
      expect(JSON.stringify((await service.db.query('SELECT * FROM audit_log')).rows)).not.toMatch(/010190|01\.01\.90/);
    });

    it('a request replayed inside the five minutes, without X-Slack-Retry-Num, does nothing twice', async () => {
      const trigger = fake.triggerId();
      const first = await command('maja', 'status SAG-2026-0412', { triggerId: trigger });
      await first.reply();
      const replay = await command('maja', 'status SAG-2026-0412', { triggerId: trigger });
      expect(replay.res.status).toBe(200);
      await new Promise((r) => setTimeout(r, 200));
      expect(fake.responses(replay.responseUrl)).toHaveLength(0);
    });
  });

  describe('request coordination (message shortcut)', () => {
    it('opens a modal, refuses a note with a CPR number in the field, and opens the coordination', async () => {
      clearCalls();
      await interact({ type: 'message_action', callback_id: 'coordination.request', user: { id: USERS.sofie.id, username: 'sofie', team_id: TEAM }, channel: { id: 'C0GENERAL', name: 'general' }, message: { type: 'message', ts: '1.2', text: 'Kan vi samle SAG-2026-1003 på tværs?' }, response_url: fake.responseUrl() });
      const open = await waitFor(() => fake.callsTo('views.open')[0], 'the modal');
      const view = open.args.view as Json;
      expect(textOf(view)).toContain('Skriv ikke personoplysninger');
      expect(textOf(view)).toContain('SAG-2026-1003');

      const submit = (note: string, by: 'sofie' | 'anders' = 'anders') =>
        interact({
          type: 'view_submission',
          user: { id: USERS[by].id, username: by, team_id: TEAM },
          view: { id: 'V1', callback_id: 'coordination.request', private_metadata: '', type: 'modal', state: { values: { case: { reference: { type: 'plain_text_input', value: 'SAG-2026-1003' } }, departments: { departments: { type: 'multi_static_select', selected_options: [{ value: 'jobcenter' }] } }, note: { note: { type: 'plain_text_input', value: note } } } } },
        });
      const refused = await submit(`Borger med CPR ${PLANTED.cpr}`);
      expect(refused.status).toBe(200);
      expect(refused.json()).toMatchObject({ response_action: 'errors', errors: { note: expect.stringContaining('CPR') } });

      // Sofie has no part in SAG-2026-1003: the request is refused without saying whether it exists.
      expect((await submit('Familieafdelingen vil gerne med', 'sofie')).text).toBe('');
      const toSofie = await waitFor(() => fake.callsTo('chat.postMessage').find((c) => fake.channel(String(c.args.channel))?.user === USERS.sofie.id), 'the answer to Sofie');
      expect(textOf(toSofie.args)).toContain('Du har ikke adgang til SAG-2026-1003 eller sagen findes ikke');

      const accepted = await submit('Jobcentret vil gerne samle indsatsen');
      expect(accepted.text).toBe('');
      const dm = await waitFor(() => fake.callsTo('chat.postMessage').find((c) => fake.channel(String(c.args.channel))?.user === USERS.anders.id), 'the answer to Anders');
      expect(textOf(dm.args)).toContain('SAG-2026-1003');
      const trail = await auditTrail(service.db, 'demo', 'SAG-2026-1003');
      expect(trail.some((e) => e.action === 'coordination.request')).toBe(true);
    });
  });

  describe('consent withdrawn', () => {
    it('posts a notice, archives the channel and stops the nudges', async () => {
      const channel = fake.channel('samspil-sag-2026-0412-2')!;
      expect((await api('POST', '/cases/SAG-2026-0412/consent/withdraw', {})).status).toBe(200);
      clearCalls();
      await service.sender.tick();
      expect(channel.messages.some((m) => textOf(m).includes('Samtykket i SAG-2026-0412 er trukket tilbage'))).toBe(true);
      expect(fake.callsTo('conversations.archive')[0]?.args.channel).toBe(channel.id);
      expect(channel.archived).toBe(true);
      expect((await findThread(service.db, 'demo', 'slack', 'SAG-2026-0412'))?.closed).toBe(true);
      const open = await api('GET', '/nudges?status=open');
      expect((open.body.nudges as Json[]).filter((n) => n.caseReference === 'SAG-2026-0412')).toHaveLength(0);
    });

    it('a case erased: its channel gets a notice that does not name it, and is archived', async () => {
      await api('PUT', '/cases/SAG-2026-2001', { departments: ['jobcenter'], participants: [{ person: 'p-job-2', department: 'jobcenter', role: 'caseworker' }] });
      await (await command('anders', 'coordinate SAG-2026-2001')).reply();
      const channel = fake.channel('samspil-sag-2026-2001')!;
      expect(channel.archived).toBeFalsy();
      expect((await api('DELETE', '/cases/SAG-2026-2001')).status).toBe(204);
      clearCalls();
      await service.sender.tick();
      const notice = channel.messages.at(-1)!;
      expect(textOf(notice)).toContain('sagens oplysninger er slettet i Samspil');
      expect(textOf(notice)).not.toContain('SAG-2026-2001');
      expect(channel.archived).toBe(true);
      expect(await findThread(service.db, 'demo', 'slack', 'SAG-2026-2001')).toBeUndefined();
    });
  });

  describe('a change of caseworker (issue 24)', () => {
    it('`skift`/`handover` by the plan coordinator replaces the department\'s caseworker; `overtag`/`takeover` by the new one ends the handover', async () => {
      const ref = 'SAG-2026-3001';
      expect((await api('PUT', '/people/p-job-3', { name: 'Kim Kollega', email: USERS.colleague.email, department: 'jobcenter', team: 'team-jobcenter', teamLead: 'leder-jobcenter' })).status).toBe(200);
      expect((await api('PUT', `/cases/${ref}`, { departments: ['jobcenter', 'familie'], participants: [{ person: 'p-job-1', department: 'jobcenter', role: 'caseworker' }, { person: 'p-fam-1', department: 'familie', role: 'caseworker' }] })).status).toBe(201);
      expect((await api('PUT', `/cases/${ref}/coordinator`, { person: 'p-fam-1' })).status).toBe(200);
      expect((await api('PUT', `/cases/${ref}/consent`, { basis: 'consent', givenAt: '2026-11-20T09:00:00Z', departments: ['jobcenter', 'familie'] })).status).toBe(200);
      expect(textOf(await (await command('sofie', `coordinate ${ref}`)).reply())).toContain(ref);
      // Only the plan coordinator hands over; a command without its person gets its usage.
      expect(textOf(await (await command('maja', `skift ${ref} <@${USERS.colleague.id}|colleague>`)).reply())).toContain('Kun plankoordinatoren kan skifte sagsbehandler.');
      expect(textOf(await (await command('sofie', `handover ${ref}`)).reply())).toContain('Brug: /samspil handover SAGSNR @person');
      const { reply } = await command('sofie', `skift ${ref} <@${USERS.colleague.id}|colleague>`);
      const done = textOf(await reply());
      expect(done).toContain(`Sagsbehandleren på ${ref} er skiftet; den nye sagsbehandler skal overtage sagen.`);
      expect(done).not.toContain('Kim Kollega');
      const participants = ((await api('GET', `/cases/${ref}`)).body.participants as Json[]).map((p) => p.person).sort();
      expect(participants).toEqual(['p-fam-1', 'p-job-3']);
      // The new caseworker joins the case's channel and gets a message with a take-over button (the reference, no name).
      clearCalls();
      await service.sender.tick();
      const place = (await findThread(service.db, 'demo', 'slack', ref))!;
      expect(fake.callsTo('conversations.invite').some((c) => c.args.channel === place.channel && String(c.args.users).includes(USERS.colleague.id))).toBe(true);
      const dm = fake.callsTo('chat.postMessage').map((c) => c.args).find((a) => textOf(a.blocks).includes('handover.take'));
      expect(dm).toBeDefined();
      expect(textOf(dm!.blocks)).toContain(`Du er ny sagsbehandler på ${ref}`);
      expect(textOf(dm!.blocks)).not.toContain('Kim Kollega');
      // Maja left the case: she cannot take it over, by the button or the command; the new caseworker can.
      const press = (who: keyof typeof USERS) => pressInDm(who, 'handover.take', `handover:${ref}`, ref);
      expect(textOf(await (await command('maja', `overtag ${ref}`)).reply())).toContain(`Du har ikke adgang til ${ref}`);
      expect(await press('maja')).toContain(`Du har ikke adgang til ${ref}`);
      expect(await press('colleague')).toContain(`Du har overtaget ${ref}.`);
      const took = await service.db.query<{ kind: string; body: Json }>("SELECT a.kind, a.body FROM activities a JOIN cases c ON c.id = a.case_id WHERE c.reference = $1 AND a.kind LIKE 'caseworker-%' ORDER BY a.id", [ref]);
      expect(took.rows.map((r) => [r.kind, r.body.by ?? (r.body.participant as Json).person])).toEqual([
        ['caseworker-changed', 'p-job-3'],
        ['caseworker-took-over', 'p-job-3'],
      ]);
      // Who covers for someone away: `dæk`/`cover` with the person away and the one covering.
      expect(textOf(await (await command('sofie', `cover ${ref} <@${USERS.colleague.id}|colleague>`)).reply())).toContain('Brug: /samspil cover SAGSNR @fraværende @dækker');
      expect(textOf(await (await command('sofie', `dæk ${ref} <@${USERS.colleague.id}|colleague> <@${USERS.colleague.id}|colleague>`)).reply())).toContain('Den, der dækker, skal være en anden end den fraværende.');
      expect(textOf(await (await command('sofie', `dæk ${ref} <@${USERS.colleague.id}|colleague> <@${USERS.anders.id}|anders>`)).reply())).toContain(`Dækningen på ${ref} er registreret.`);
      const covers = await service.db.query<{ person: string; covered_by: string }>('SELECT v.person, v.covered_by FROM covers v JOIN cases c ON c.id = v.case_id WHERE c.reference = $1', [ref]);
      expect(covers.rows).toEqual([{ person: 'p-job-3', covered_by: 'p-job-2' }]);
      // The help names the new commands in both words.
      expect((await command('maja', 'help')).res.text).toMatch(/skift SAGSNR @ny[\s\S]*handover[\s\S]*overtag SAGSNR/);
    }, 30_000);

    it("the team lead's reminder about someone away asks who covers; the choice records the cover and the reminder closes", async () => {
      const ref = 'SAG-2026-3002';
      // Kim (p-job-3) is away and owns the case's active intervention; Maja coordinates, her team lead gets the reminder.
      const kim = { name: 'Kim Kollega', email: USERS.colleague.email, department: 'jobcenter', team: 'team-jobcenter', teamLead: 'leder-jobcenter' };
      expect((await api('PUT', '/people/p-job-3', { ...kim, availability: { status: 'absent', since: '2026-11-20T08:00:00Z' } })).status).toBe(200);
      expect((await api('PUT', `/cases/${ref}`, { departments: ['jobcenter', 'familie'], participants: [{ person: 'p-job-1', department: 'jobcenter', role: 'caseworker' }, { person: 'p-job-3', department: 'jobcenter', role: 'specialist' }, { person: 'p-fam-1', department: 'familie', role: 'caseworker' }] })).status).toBe(201);
      expect((await api('PUT', `/cases/${ref}/coordinator`, { person: 'p-job-1' })).status).toBe(200);
      expect((await api('PUT', `/cases/${ref}/consent`, { basis: 'consent', givenAt: '2026-11-20T09:00:00Z', departments: ['jobcenter', 'familie'] })).status).toBe(200);
      const template = (await api('GET', '/cases/SAG-2026-0412/plan')).body as Json & { interventions: Json[] };
      const interventions = [{ ...template.interventions[0]!, id: 'iv-away', owner: 'p-job-3', department: 'jobcenter', status: 'active' }];
      expect((await api('PUT', `/cases/${ref}/plan`, { ...template, caseReference: ref, interventions, followUps: [] })).status).toBe(201);
      clock += 60_000;
      await service.scheduler.tick();
      const nudge = ((await api('GET', '/nudges')).body.nudges as Json[]).find((n) => n.caseReference === ref && n.reason === 'stall.responsible-absent');
      expect(nudge).toMatchObject({ recipient: 'leder-jobcenter', subject: 'iv-away', status: 'open' });
      clearCalls();
      await service.sender.tick();
      const dm = fake.callsTo('chat.postMessage').map((c) => c.args).find((a) => textOf(a.blocks).includes('nudge.cover'))!;
      expect(dm.channel).toBe(fake.channel(USERS.lead.id)?.id ?? dm.channel);
      // The question names the person away as Slack shows a person (a mention once the app knows their user); the select is the reminder's, the person's and the case's.
      expect(textOf(dm.blocks)).toMatch(new RegExp(`Hvem dækker for (<@${USERS.colleague.id}>|Kim Kollega)\\?`));
      const blockId = (dm.blocks as Json[]).find((b) => textOf(b).includes('nudge.cover'))!.block_id as string;
      expect(blockId).toBe(`cover:${nudge!.id}:p-job-3:${ref}`);
      const choose = async (who: keyof typeof USERS, selected: keyof typeof USERS, block = blockId) => {
        clearCalls();
        const dmChannel = fake.channel(USERS[who].id)?.id ?? `D0${who.toUpperCase()}`;
        await interact({
          type: 'block_actions',
          user: { id: USERS[who].id, username: who, team_id: TEAM },
          channel: { id: dmChannel, name: 'directmessage' },
          container: { type: 'message', message_ts: '9.9', channel_id: dmChannel },
          message: { type: 'message', ts: '9.9', text: 'x', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x' } }] },
          response_url: fake.responseUrl(),
          actions: [{ type: 'users_select', action_id: 'nudge.cover', block_id: block, selected_user: USERS[selected].id, action_ts: '1' }],
        });
        return textOf((await waitFor(() => fake.callsTo('chat.update')[0], 'the answer in the message')).args);
      };
      // Someone without a part in the case is refused; naming the person away as their own cover is refused.
      expect(await choose('jonas', 'anders')).toContain(`Du har ikke adgang til ${ref}`);
      expect(await choose('lead', 'colleague')).toContain('Den, der dækker, skal være en anden end den fraværende.');
      const covers = async () => (await service.db.query<{ person: string; covered_by: string }>('SELECT v.person, v.covered_by FROM covers v JOIN cases c ON c.id = v.case_id WHERE c.reference = $1', [ref])).rows;
      expect(await covers()).toEqual([]);
      // The team lead names Anders: the cover is stored and audited, and the next check closes the reminder.
      const done = await choose('lead', 'anders');
      expect(done).toContain(`Dækningen på ${ref} er registreret.`);
      expect(done).not.toContain('nudge.cover');
      expect(await covers()).toEqual([{ person: 'p-job-3', covered_by: 'p-job-2' }]);
      const audited = await service.db.query<{ action: string; detail: Json }>("SELECT action, detail FROM audit_log WHERE case_reference = $1 AND action = 'cover.record'", [ref]);
      expect(audited.rows).toHaveLength(1);
      await service.scheduler.tick();
      expect(((await api('GET', '/nudges')).body.nudges as Json[]).find((n) => n.id === nudge!.id)?.status ?? 'closed').toBe('closed');
      expect((await api('PUT', '/people/p-job-3', kim)).status).toBe(200);
    }, 30_000);
  });

  describe('privacy', () => {
    it('no message the app sent carries a CPR number, the citizen\'s name, words or the caseworkers\' notes', async () => {
      const plan = (await api('GET', '/cases/SAG-2026-0412/plan')).body as Json & { subGoals: Json[]; interventions: Json[] };
      const forbidden = personalDataOf(plan as unknown as Plan);
      clearCalls();
      const sent = [...sentLog, ...fake.responses().map((r) => r.body), ...acks];
      expect(sent.length).toBeGreaterThan(10);
      expect(personalDataIn(sent, forbidden)).toEqual([]);
      // The check itself can fail: the plan it read holds all of it.
      expect(personalDataIn([plan], forbidden).length).toBeGreaterThan(3);
    });
  });
});
