// One Samspil, one multi-tenant Teams app, three organisations (issue 15): Aarhus's Entra
// tenant linked by an operator, Odense's by a one-time code sent to the bot, a third not
// linked. The bot's tokens come by client credentials from the cloud's bot tenant at a local
// Entra; each organisation's people see only their own municipality's cases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, createInvitation, createTenant, findThread, findWorkspace, linkWorkspace, memoryLog, startService, type RunningService } from '@samspil/server';
import { serviceDatabases, TEST_SERVICE } from '@samspil/server/testing';
import { teamsAdapter } from '../src/app.js';
import { FakeConnector } from './fakes/connector.js';

const APP = '4b7e2a91-0c3d-4e5f-8a6b-7c8d9e0f1a2b';
const AARHUS = 'a0a0a0a0-1111-4111-8111-aaaaaaaaaaaa';
const ODENSE = 'b0b0b0b0-2222-4222-8222-bbbbbbbbbbbb';
const ELSEWHERE = 'c0c0c0c0-3333-4333-8333-cccccccccccc';
const TEAM_AARHUS = '19:aarhus@thread.tacv2';
const TEAM_ODENSE = '19:odense@thread.tacv2';

describe.each(await serviceDatabases())('Teams across Entra tenants on $kind', (database) => {
  let storage: Awaited<ReturnType<typeof database.create>> | undefined;
  let connector: FakeConnector;
  let service: RunningService;
  const { log, lines: logs } = memoryLog();

  const say = async (from: string, text: string, team?: string) => {
    const res = await connector.activityTo(service.url, connector.message({ text, from, conversation: team ? { type: 'channel', teamId: team, channelId: team } : 'personal' }));
    expect(res.status, logs.slice(-3).join('')).toBe(200);
  };
  const lastText = (user: string) => [...(connector.conversation(connector.personalConversationId(user))?.sent ?? [])].reverse().find((a) => typeof a.text === 'string')?.text as string | undefined;
  const sentIn = (team: string) => connector.sent().filter((a) => a.conversationId.startsWith(team));

  beforeAll(async () => {
    storage = await database.create();
    connector = await FakeConnector.start({ appId: APP, tenantId: AARHUS });
    connector.addUser({ id: '29:maja', aadObjectId: 'aad-maja', name: 'Maja', email: 'maja@aarhus.example.dk', tenantId: AARHUS });
    connector.addUser({ id: '29:ole', aadObjectId: 'aad-ole', name: 'Ole', email: 'ole@odense.example.dk', tenantId: ODENSE });
    connector.addUser({ id: '29:kim', aadObjectId: 'aad-kim', name: 'Kim', email: 'kim@elsewhere.example.dk', tenantId: ELSEWHERE });
    connector.addTeam({ id: TEAM_AARHUS, channels: [{ id: TEAM_AARHUS, name: 'General' }], members: ['29:maja'], tenantId: AARHUS });
    connector.addTeam({ id: TEAM_ODENSE, channels: [{ id: TEAM_ODENSE, name: 'General' }], members: ['29:ole'], tenantId: ODENSE });
    // Entra is busy at the first token request: the bot waits as it says.
    connector.failNext('POST /entra/token', { status: 429, retryAfter: 1 });
    service = await startService({
      ...TEST_SERVICE,
      ...storage.options,
      log,
      // Multi-tenant: no home tenant, no municipality of its own.
      adapters: [teamsAdapter({ clientId: APP, clientSecret: connector.appSecret, loginUrl: connector.loginUrl, openIdMetadataUrl: connector.openIdMetadataUrl, serviceHosts: ['127.0.0.1'] })],
    });
    for (const [tenant, person, email, reference] of [
      ['aarhus', 'p-maja', 'maja@aarhus.example.dk', 'SAG-AARHUS-1'],
      ['odense', 'p-ole', 'ole@odense.example.dk', 'SAG-ODENSE-1'],
    ] as const) {
      await createTenant(service.db, { id: tenant, name: tenant });
      const key = await createApiKey(service.db, tenant);
      const api = (method: string, path: string, body: object) =>
        fetch(`${service.url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.status);
      expect(await api('PUT', `/people/${person}`, { name: person, email, department: 'jobcenter', chat: {}, availability: { status: 'active' } })).toBe(200);
      expect(await api('PUT', `/cases/${reference}`, { departments: ['jobcenter'], participants: [{ person, department: 'jobcenter', role: 'caseworker' }] })).toBe(201);
    }
  }, 60_000);
  afterAll(async () => {
    await service?.stop();
    await storage?.drop();
    await connector?.close();
  });

  it('an organisation not linked hears once that Samspil is not set up for it, and nothing is stored', async () => {
    const stored = async () => (await service.db.query<{ n: number }>('SELECT (SELECT count(*) FROM chat_deliveries) + (SELECT count(*) FROM chat_workspaces) AS n')).rows[0]!.n;
    const before = await stored();
    await say('29:kim', 'coordinate SAG-AARHUS-1');
    expect(lastText('29:kim')).toBe('Samspil er ikke sat op for jeres organisation.');
    expect(await stored()).toBe(before);
    // The first token request met Entra's 429 and was asked again after its Retry-After.
    expect(connector.tokenRequests.map((r) => r.status)).toEqual([429, 200]);
  });

  it('two organisations linked, by an operator and by a code, each coordinate their own cases in their own team', async () => {
    // Aarhus: an operator links the Entra tenant (what `samspil workspace link teams` does).
    await linkWorkspace(service.db, { platform: 'teams', workspaceId: AARHUS, tenant: 'aarhus', settings: {} });
    // Odense: someone of the organisation sends the operator's one-time code to the bot.
    const code = await createInvitation(service.db, 'teams', 'odense', new Date(Date.now() + 86_400_000));
    await say('29:ole', `link ${code}`);
    expect(lastText('29:ole')).toBe('Samspil er nu sat op for jeres organisation og knyttet til jeres kommune.');
    expect((await findWorkspace(service.db, 'teams', ODENSE))?.tenant).toBe('odense');

    // Each installs the app in its team; then each coordinates its own case there.
    for (const [user, team] of [['29:maja', TEAM_AARHUS], ['29:ole', TEAM_ODENSE]] as const)
      expect((await connector.activityTo(service.url, connector.installationUpdate({ action: 'add', scope: 'team', from: user, team }))).status).toBe(200);
    await say('29:maja', 'coordinate SAG-AARHUS-1', TEAM_AARHUS);
    await say('29:ole', 'coordinate SAG-ODENSE-1', TEAM_ODENSE);
    expect((await findThread(service.db, 'aarhus', 'teams', 'SAG-AARHUS-1'))?.channel).toContain(TEAM_AARHUS);
    expect((await findThread(service.db, 'odense', 'teams', 'SAG-ODENSE-1'))?.channel, JSON.stringify(connector.sent().slice(-3)) + logs.slice(-5).join('')).toContain(TEAM_ODENSE);
    expect(JSON.stringify(sentIn(TEAM_AARHUS))).not.toContain('SAG-ODENSE-1');
    expect(JSON.stringify(sentIn(TEAM_ODENSE))).not.toContain('SAG-AARHUS-1');

    // Neither sees the other's case: for Ole, Aarhus's reference is no case of his.
    await say('29:ole', 'coordinate SAG-AARHUS-1');
    expect(lastText('29:ole')).not.toContain('koordinering');
    expect(await findThread(service.db, 'odense', 'teams', 'SAG-AARHUS-1')).toBeUndefined();
    await say('29:maja', 'stalled');
    expect(JSON.stringify(connector.conversation(connector.personalConversationId('29:maja'))?.sent ?? [])).not.toContain('SAG-ODENSE');

    // The third organisation is still not served, and all the bot's tokens came from the cloud's bot tenant.
    await say('29:kim', 'help');
    expect(lastText('29:kim')).toBe('Samspil er ikke sat op for jeres organisation.');
    expect(new Set(connector.tokenRequests.map((r) => r.tenant))).toEqual(new Set(['botframework.com']));
    expect(connector.tokenRequests.filter((r) => r.status === 200)).toHaveLength(1);
  }, 60_000);
});
