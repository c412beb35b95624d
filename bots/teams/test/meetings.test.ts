// Issue 25 in Teams, end to end: the real service with the real Teams SDK app, the Bot Framework
// played by the local connector fake. A coordinator books a meeting by message (`møde`, and
// `meeting`), the invited get the agenda as a card (references, statuses and counts; the citizen's
// wishes only as a marker), the outcome is recorded in the card's form (a joint decision, two
// actions, the next follow-up) and the second department confirms with Action.Execute; a
// disagreement (`uenighed`, and `disagreement`) goes to the agreed decider, who settles it. Every
// card is checked as Adaptive Cards 1.5, and everything sent is scanned for personal data.
import { personalDataIn, personalDataOf, withPlantedPersonalData } from '@samspil/chat';
import type { Plan } from '@samspil/core';
import { startService, type RunningService, memoryLog } from '@samspil/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceDatabases } from '@samspil/server/testing';
import { teamsAdapter } from '../src/index.js';
import { cardProblems } from './card-check.js';
import { FakeConnector, type Json } from './fakes/connector.js';

const APP = '6c0e5a9d-1d3b-4f0b-9a55-5a3a1f2b7c10';
const ENTRA = '8f4d2c1e-7a6b-4e3d-9c2b-1a0f9e8d7c6b';
const TEAM = '19:demo-team@thread.tacv2';
const CHANNEL = '19:koordinering@thread.tacv2';
const REF = 'SAG-2026-0412';

const user = (key: string, person: string, name: string) => ({ id: `29:${key}`, aadObjectId: `aad-${key}`, name, email: `${person}@demokommune.example.dk` });
const USERS = {
  maja: user('maja', 'p-job-1', 'Maja Holm'),
  anders: user('anders', 'p-job-2', 'Anders Lund'),
  sofie: user('sofie', 'p-fam-1', 'Sofie Krag'),
  line: user('line', 'p-psyk-1', 'Line Dahl'),
  lead: user('lead', 'leder-jobcenter', 'Leder, Jobcenter'),
  outsider: user('outsider', 'p-bs-1', 'Bo Service'),
};

describe.each(await serviceDatabases())('meetings in Teams on $kind', (database) => {
  let storage: Awaited<ReturnType<typeof database.create>> | undefined;
  let connector: FakeConnector;
  let service: RunningService;
  const clock = Date.parse('2026-11-24T09:30:00+01:00');
  const { log } = memoryLog();
  let apiKey = '';
  const shown: unknown[] = [];
  const bot = () => service.url;

  async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${service.url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${apiKey}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers }, ...(body ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, etag: res.headers.get('etag'), body: (await res.json()) as Json };
  }
  const personal = (key: keyof typeof USERS) => connector.personalConversationId(USERS[key].id);
  const lastTextTo = (key: keyof typeof USERS) => [...(connector.conversation(personal(key))?.sent ?? [])].reverse().find((a) => typeof a.text === 'string')?.text as string | undefined;
  const cardsTo = (key: keyof typeof USERS) =>
    (connector.conversation(personal(key))?.sent ?? []).flatMap((a) => ((a.attachments ?? []) as Json[]).filter((x) => x.contentType === 'application/vnd.microsoft.card.adaptive').map((x) => x.content as Json));
  async function say(from: keyof typeof USERS, text: string) {
    expect((await connector.activityTo(bot(), connector.message({ text, from: USERS[from].id, conversation: 'personal' }))).status).toBe(200);
    return lastTextTo(from) ?? '';
  }
  async function invoke(from: keyof typeof USERS, verb: string, data: Json) {
    const res = await connector.activityTo(bot(), connector.invokeAction({ verb, data, from: USERS[from].id, replyToId: '1' }));
    const body = res.body as { statusCode: number; type: string; value: unknown };
    if (body?.type === 'application/vnd.microsoft.card.adaptive') {
      shown.push(body.value);
      expect(cardProblems(body.value)).toEqual([]);
    }
    return JSON.stringify(body?.value);
  }
  /** The data of a card's Action.Execute with this verb. */
  const dataOf = (card: Json, verb: string) => ((card.actions as Json[]).find((a) => a.verb === verb)!.data ?? {}) as Json;

  beforeAll(async () => {
    storage = await database.create();
    connector = await FakeConnector.start({ appId: APP, tenantId: ENTRA });
    for (const u of Object.values(USERS)) connector.addUser(u);
    connector.addTeam({ id: TEAM, name: 'Tværfagligt team', channels: [{ id: TEAM, name: 'General' }, { id: CHANNEL, name: 'Koordinering' }], members: Object.values(USERS).map((u) => u.id) });
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
    const plan = await api('GET', `/cases/${REF}/plan`);
    expect((await api('PUT', `/cases/${REF}/plan`, withPlantedPersonalData(plan.body as unknown as Plan), { 'if-match': plan.etag! })).status).toBe(200);
    expect((await connector.activityTo(bot(), connector.installationUpdate({ action: 'add', scope: 'team', from: USERS.maja.id, team: TEAM }))).status).toBe(200);
    // Personal installs: proactive 1:1 cards need the conversation.
    for (const u of Object.values(USERS)) await connector.activityTo(bot(), connector.installationUpdate({ action: 'add', scope: 'personal', from: u.id }));
    const rooms = await fetch(`${service.url}/api/v1/settings`, { method: 'PATCH', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/merge-patch+json' }, body: JSON.stringify({ rooms: [{ id: 'lok-1', name: 'Mødelokale 1' }] }) });
    expect(rooms.status).toBe(200);
    expect((await api('PUT', '/people/p-bs-1', { name: 'Bo Service', email: USERS.outsider.email, department: 'familie' })).status).toBe(200);
    expect((await api('POST', `/cases/${REF}/activities`, { kind: 'decision-requested', occurredAt: '2026-11-10T09:00:00Z', decision: { id: 'd-pause', departments: ['jobcenter', 'familie'] } })).status).toBe(201);
  }, 60_000);

  afterAll(async () => {
    await service?.stop();
    await storage?.drop();
    await connector?.close();
  });

  it('books a meeting by message with møde and meeting; the invited get the agenda as a card', async () => {
    expect(await say('maja', `møde ${REF} 2026-12-10 10:00`)).toContain(`Mødet M-1 i ${REF} er booket 2026-12-10 10:00`);
    expect(await say('sofie', `meeting ${REF} 2026-12-17 09:30`)).toContain('Mødet M-2');
    expect(await say('maja', `møde ${REF} i morgen`)).toContain('ÅÅÅÅ-MM-DD TT:MM');
    expect(await say('outsider', `møde ${REF} 2026-12-11 10:00`)).toContain(`Du har ikke adgang til ${REF}`);
    await service.sender.tick();
    const invitation = cardsTo('anders').find((c) => JSON.stringify(c).includes('(M-1)'))!;
    expect(cardProblems(invitation)).toEqual([]);
    const text = JSON.stringify(invitation);
    expect(text).toContain(`Netværksmøde i ${REF} (M-1)`);
    expect(text).toContain('Borgerens ønsker (se planen)');
    expect(text).toContain('Afgørelser der ventes på (1)');
    expect(text).toContain('Mødelokale 1');
    expect(dataOf(invitation, 'meeting.outcome')).toMatchObject({ reference: REF, meeting: 'M-1' });
    for (const who of ['maja', 'sofie', 'line'] as const) expect(cardsTo(who).filter((c) => JSON.stringify(c).includes('(M-1)'))).toHaveLength(1);
  }, 30_000);

  it('records the outcome in the card: jobcenter decides, two actions, the next follow-up; then familie confirms', async () => {
    const invitation = cardsTo('maja').find((c) => JSON.stringify(c).includes('(M-1)'))!;
    const form = await invoke('maja', 'meeting.outcome', dataOf(invitation, 'meeting.outcome'));
    expect(form).toContain('meeting.outcome.save');
    expect(form).toContain('Indsats 5, Jobcenter (planlagt)');
    const save = JSON.parse(form).actions[0].data as Json;
    const inputs = { attended: 'yes', decision: 'd-pause', departments: 'jobcenter', action1_intervention: 'iv-mentor', action1_owner: 'p-job-2', action1_due: '2027-03-31', action2_intervention: 'iv-family', action2_owner: 'p-fam-2', action2_due: '2027-02-26', nextFollowUp: '2027-01-15' };
    // A decision without its departments: the form again, with what to mend.
    expect(await invoke('maja', 'meeting.outcome.save', { ...save, ...inputs, departments: '' })).toContain('Vælg, hvilke forvaltninger');
    expect(await invoke('maja', 'meeting.outcome.save', { ...save, ...inputs })).toContain('Udfaldet af mødet M-1 er registreret: 1 afgørelse, 2 handlinger, næste opfølgning 2027-01-15');
    const plan = (await api('GET', `/cases/${REF}/plan`)).body as Json & { interventions: Json[] };
    expect(plan.interventions.find((i) => i.id === 'iv-family')).toMatchObject({ owner: 'p-fam-2', end: '2027-02-26' });

    await service.sender.tick();
    const ask = cardsTo('sofie').find((c) => JSON.stringify(c).includes('decision.confirm'))!;
    expect(cardProblems(ask)).toEqual([]);
    expect(await invoke('anders', 'decision.confirm', dataOf(ask, 'decision.confirm'))).toContain('Kun en fra forvaltningen');
    expect(await invoke('sofie', 'decision.confirm', dataOf(ask, 'decision.confirm'))).toContain('Alle forvaltninger har bekræftet afgørelsen d-pause');
    const decision = ((await api('GET', `/cases/${REF}/decisions`)).body.decisions as Json[]).find((d) => d.id === 'd-pause')!;
    expect(decision.decidedAt).toBeDefined();
  }, 30_000);

  it('a disagreement (uenighed, disagreement) goes to the agreed decider, who settles it', async () => {
    expect(await say('line', `uenighed ${REF} iv-mentor`)).toContain('Uenigheden U-1');
    expect(await say('sofie', `disagreement ${REF} r-family`)).toContain('Uenigheden U-2');
    await service.sender.tick();
    const toLead = cardsTo('lead').find((c) => JSON.stringify(c).includes('U-1'))!;
    expect(cardProblems(toLead)).toEqual([]);
    expect(await invoke('line', 'disagreement.resolve', dataOf(toLead, 'disagreement.resolve'))).toContain('Kun den, samarbejdsaftalen udpeger');
    expect(await invoke('lead', 'disagreement.resolve', dataOf(toLead, 'disagreement.resolve'))).toContain('Uenigheden U-1 er afgjort');
    const states = ((await api('GET', `/cases/${REF}/disagreements`)).body.disagreements as Json[]).map((d) => [d.id, d.state]);
    expect(states).toEqual([['U-1', 'resolved'], ['U-2', 'open']]);
  }, 30_000);

  it('a joint decision awaited reminds each department missing with its confirm button and "Book møde"; the card books and raises a disagreement', async () => {
    // A joint decision of the jobcentre and social psychiatry, awaited since long before the clock.
    expect((await api('POST', `/cases/${REF}/activities`, { kind: 'decision-requested', occurredAt: '2026-10-26T09:00:00Z', decision: { id: 'd-tilbud', departments: ['jobcenter', 'psykiatri'] } })).status).toBe(201);
    await service.scheduler.tick();
    await service.sender.tick();
    const reminder = cardsTo('line').find((c) => JSON.stringify(c).includes('venter på jeres bekræftelse af den fælles afgørelse d-tilbud'))!;
    expect(cardProblems(reminder)).toEqual([]);
    expect(dataOf(reminder, 'decision.confirm')).toMatchObject({ reference: REF, decision: 'd-tilbud', department: 'psykiatri' });
    expect(cardsTo('sofie').some((c) => JSON.stringify(c).includes('d-tilbud'))).toBe(false); // familie is not asked
    // "Book møde" on the reminder: the booking form, then the meeting.
    const form = await invoke('line', 'meeting.book', dataOf(reminder, 'meeting.book'));
    expect(form).toContain('meeting.book.save');
    expect(form).toContain('Mødelokale 1');
    const save = { ...(JSON.parse(form).actions[0].data as Json), day: '2026-12-14', time: '13:00', room: 'lok-1' };
    expect(await invoke('line', 'meeting.book.save', { ...save, day: '2026-11-02' })).toContain('fortiden');
    expect(await invoke('line', 'meeting.book.save', save)).toContain(`Mødet M-3 i ${REF} er booket 2026-12-14 13:00`);
    expect(await invoke('outsider', 'meeting.book.save', { ...save, day: '2026-12-15' })).toContain(`Du har ikke adgang til ${REF}`);
    // Line confirms for psykiatri; the jobcentre is still missing.
    expect(await invoke('line', 'decision.confirm', dataOf(reminder, 'decision.confirm'))).toContain('Venter stadig på: Jobcenter');

    // The plan card in the coordination's place: "Book møde" and "Uenighed".
    await say('maja', `coordinate ${REF}`);
    const card = connector
      .sent()
      .flatMap((a) => ((a.attachments ?? []) as Json[]).map((x) => x.content as Json))
      .find((c) => JSON.stringify(c ?? {}).includes('disagreement.raise'))!;
    expect(cardProblems(card)).toEqual([]);
    shown.push(card);
    expect(await invoke('sofie', 'meeting.book.save', { ...dataOf(card, 'meeting.book'), day: '2026-12-16', time: '09:00', room: 'lok-1' })).toContain('Mødet M-4');
    const raising = await invoke('line', 'disagreement.raise', dataOf(card, 'disagreement.raise'));
    expect(raising).toContain('intervention:iv-mentor');
    expect(raising).toContain('responsibility:r-family');
    const raise = JSON.parse(raising).actions[0].data as Json;
    expect(await invoke('line', 'disagreement.raise.save', { ...raise, subject: 'intervention:iv-ukendt' })).toContain('hverken');
    expect(await invoke('line', 'disagreement.raise.save', { ...raise, subject: 'responsibility:r-family' })).toContain('Uenigheden U-3');
    expect(await invoke('outsider', 'disagreement.raise', dataOf(card, 'disagreement.raise'))).toContain(`Du har ikke adgang til ${REF}`);
    const meetings = ((await api('GET', `/cases/${REF}/meetings`)).body.meetings as Json[]).map((m) => m.id);
    expect(meetings.filter((id) => /^M-/.test(String(id))).sort()).toEqual(['M-1', 'M-2', 'M-3', 'M-4']); // and the demo's own
  }, 60_000);

  it('nothing sent or shown carries the citizen\'s words, a title, a name or a CPR number', async () => {
    const plan = (await api('GET', `/cases/${REF}/plan`)).body as unknown as Plan;
    const forbidden = personalDataOf(plan);
    const sent = [...connector.sent(), ...shown];
    expect(sent.length).toBeGreaterThan(10);
    expect(personalDataIn(sent, forbidden)).toEqual([]);
    expect(personalDataIn([plan], forbidden).length).toBeGreaterThan(3);
  });
});
