// Issue 26 in Teams, end to end: the real service with the real Teams SDK app, the Bot Framework
// played by the local connector fake. The plan coordinator links the family system's reference
// by message (`forbind`, and `link`); either reference then reaches the one coordination; a
// participant who is not the coordinator, an outsider, and a reference linked to another
// coordination all get the same neutral refusal. Everything sent is scanned for personal data.
import { personalDataIn, personalDataOf, withPlantedPersonalData } from '@samspil/chat';
import type { Plan } from '@samspil/core';
import { startService, type RunningService, memoryLog } from '@samspil/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceDatabases } from '@samspil/server/testing';
import { teamsAdapter } from '../src/index.js';
import { FakeConnector, type Json } from './fakes/connector.js';

const APP = '6c0e5a9d-1d3b-4f0b-9a55-5a3a1f2b7c10';
const ENTRA = '8f4d2c1e-7a6b-4e3d-9c2b-1a0f9e8d7c6b';
const TEAM = '19:demo-team@thread.tacv2';
const CHANNEL = '19:koordinering@thread.tacv2';
const REF = 'SAG-2026-0412';
const FAM = 'FAM-2026-118';

const user = (key: string, person: string, name: string) => ({ id: `29:${key}`, aadObjectId: `aad-${key}`, name, email: `${person}@demokommune.example.dk` });
const USERS = {
  maja: user('maja', 'p-job-1', 'Maja Holm'),
  sofie: user('sofie', 'p-fam-1', 'Sofie Krag'),
  outsider: user('outsider', 'p-bs-1', 'Bo Service'),
};

describe.each(await serviceDatabases())('case references in Teams on $kind', (database) => {
  let storage: Awaited<ReturnType<typeof database.create>> | undefined;
  let connector: FakeConnector;
  let service: RunningService;
  const clock = Date.parse('2026-11-24T09:30:00+01:00');
  const { log } = memoryLog();
  let apiKey = '';
  let plan: Plan;
  const bot = () => service.url;

  async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${service.url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${apiKey}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers }, ...(body ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, etag: res.headers.get('etag'), body: (await res.json()) as Json };
  }
  const personal = (key: keyof typeof USERS) => connector.personalConversationId(USERS[key].id);
  const sentTo = (key: keyof typeof USERS) => connector.conversation(personal(key))?.sent ?? [];
  async function say(from: keyof typeof USERS, text: string) {
    const before = sentTo(from).length;
    expect((await connector.activityTo(bot(), connector.message({ text, from: USERS[from].id, conversation: 'personal' }))).status).toBe(200);
    return JSON.stringify(sentTo(from).slice(before));
  }

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
    const current = await api('GET', `/cases/${REF}/plan`);
    plan = withPlantedPersonalData(current.body as unknown as Plan);
    expect((await api('PUT', `/cases/${REF}/plan`, plan, { 'if-match': current.etag! })).status).toBe(200);
    expect((await api('PUT', `/cases/${REF}/coordinator`, { person: 'p-job-1' })).status).toBe(200);
    expect((await api('PUT', '/cases/SAG-2026-0977/coordinator', { person: 'p-job-1' })).status).toBe(200);
    expect((await connector.activityTo(bot(), connector.installationUpdate({ action: 'add', scope: 'team', from: USERS.maja.id, team: TEAM }))).status).toBe(200);
    for (const u of Object.values(USERS)) await connector.activityTo(bot(), connector.installationUpdate({ action: 'add', scope: 'personal', from: u.id }));
    expect((await api('PUT', '/people/p-bs-1', { name: 'Bo Service', email: USERS.outsider.email, department: 'familie' })).status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await service?.stop();
    await storage?.drop();
    await connector?.close();
  });

  it('the plan coordinator links with forbind and link, by either reference; everyone else gets the neutral refusal', async () => {
    expect(await say('sofie', `forbind ${REF} ${FAM} familie-sag`)).toContain(`Du har ikke adgang til ${REF} eller sagen findes ikke.`);
    expect(await say('outsider', `link ${REF} ${FAM}`)).toContain(`Du har ikke adgang til ${REF} eller sagen findes ikke.`);
    expect((await api('GET', `/cases/${FAM}`)).status).toBe(404);

    expect(await say('maja', `forbind ${REF} ${FAM} familie-sag`)).toContain(`${FAM} er nu forbundet med koordineringen ${REF}`);
    // By the family system's reference, with the English word.
    expect(await say('maja', `link ${FAM} VOK-2026-7 voksen-sag`)).toContain(`VOK-2026-7 er nu forbundet med koordineringen ${FAM}`);
    const read = await api('GET', `/cases/VOK-2026-7`);
    expect((read.body.references as Json[]).map((r) => r.reference)).toEqual([REF, FAM, 'VOK-2026-7']);
    // Linked here: not to another coordination, even by its own coordinator; the same neutral words.
    expect(await say('maja', `forbind SAG-2026-0977 ${FAM}`)).toContain('Du har ikke adgang til SAG-2026-0977 eller sagen findes ikke.');
    // Either reference reaches the coordination: its plan card by the family system's reference.
    const status = await say('sofie', `status ${FAM}`);
    expect(status).not.toContain('Du har ikke adgang');
    expect(status).toContain(REF);
  });

  it('nothing sent carries personal data', () => {
    const sent = Object.values(USERS).flatMap((u) => connector.conversation(connector.personalConversationId(u.id))?.sent ?? []);
    expect(sent.length).toBeGreaterThan(0);
    expect(personalDataIn(sent, personalDataOf(plan))).toEqual([]);
  });
});
