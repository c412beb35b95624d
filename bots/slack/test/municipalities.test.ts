// One Samspil, two municipalities, each with its own Slack workspace installed through its
// own invitation (issue 15): each workspace's requests and messages go with its own token,
// and each sees only its own municipality's cases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, createInvitation, createTenant, findWorkspace, memoryLog, startService, type RunningService } from '@samspil/server';
import { serviceDatabases, TEST_SERVICE, waiter } from '@samspil/server/testing';
import { slackAdapter } from '../src/app.js';
import { FakeSlackFleet } from './fakes/fleet.js';
import { installThrough, testOAuth } from './fakes/install-flow.js';
import { FakeSlack } from './fakes/slack-api.js';
import { eventCallback, postSigned } from './fakes/sign.js';

const SECRET = 'fleet-signing-secret';

describe.each(await serviceDatabases())('two municipalities on Slack on $kind', (database) => {
  let aarhus: FakeSlack;
  let odense: FakeSlack;
  let fleet: FakeSlackFleet;
  let service: RunningService;
  let storage: Awaited<ReturnType<typeof database.create>> | undefined;
  const keys: Record<string, string> = {};
  const { log, lines } = memoryLog();
  const waitFor = waiter(lines);

  beforeAll(async () => {
    storage = await database.create();
    aarhus = await FakeSlack.start({ token: 'xoxb-aarhus', teamId: 'T0AARHUS', botUserId: 'U0BOTA' });
    odense = await FakeSlack.start({ token: 'xoxb-odense', teamId: 'T0ODENSE', botUserId: 'U0BOTO' });
    for (const fake of [aarhus, odense]) fake.enableOAuth('client-1', 'client-secret-1');
    aarhus.addUser({ id: 'U0MAJA', name: 'maja', email: 'maja@aarhus.example.dk' });
    odense.addUser({ id: 'U0OLE', name: 'ole', email: 'ole@odense.example.dk' });
    fleet = await FakeSlackFleet.start([aarhus, odense]);
    service = await startService({
      ...TEST_SERVICE,
      ...storage.options,
      log,
      adapters: [
        slackAdapter({
          signingSecret: SECRET,
          apiUrl: fleet.url,
          oauth: testOAuth('https://slack.example/oauth/v2/authorize'),
        }),
      ],
    });
    // Each municipality: a professional coordinating a case of its own.
    for (const [tenant, person, email, reference] of [
      ['aarhus', 'p-maja', 'maja@aarhus.example.dk', 'SAG-AARHUS-1'],
      ['odense', 'p-ole', 'ole@odense.example.dk', 'SAG-ODENSE-1'],
    ] as const) {
      await createTenant(service.db, { id: tenant, name: tenant });
      keys[tenant] = await createApiKey(service.db, tenant);
      const api = (method: string, path: string, body: object) =>
        fetch(`${service.url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${keys[tenant]}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.status);
      expect(await api('PUT', `/people/${person}`, { name: person, email, department: 'jobcenter', chat: {}, availability: { status: 'active' } })).toBe(200);
      expect(await api('PUT', `/cases/${reference}`, { departments: ['jobcenter'], participants: [{ person, department: 'jobcenter', role: 'caseworker' }] })).toBe(201);
      expect(await api('PUT', `/cases/${reference}/coordinator`, { person })).toBe(200);
    }
  }, 60_000);
  afterAll(async () => {
    await service?.stop();
    await storage?.drop();
    await fleet?.close();
    await aarhus?.close();
    await odense?.close();
  });

  /** A browser in `workspace` following the install link: Slack's consent page is that workspace's. */
  const install = async (invitation: string, workspace: FakeSlack) => (await installThrough(service.url, invitation, workspace.origin)).status;

  async function home(workspace: FakeSlack, user: string): Promise<string> {
    const before = workspace.callsTo('views.publish').length;
    const res = await postSigned(`${service.url}/slack/events`, eventCallback({ type: 'app_home_opened', user, channel: `D${user}`, tab: 'home' }, { teamId: workspace.teamId, botUserId: workspace.botUserId }), 'json', { secret: SECRET });
    expect(res.status).toBe(200);
    await waitFor(() => workspace.callsTo('views.publish').length > before, 'the home view');
    return JSON.stringify(workspace.publishedHome(user) ?? null);
  }

  it('each workspace installed through its own invitation serves its own municipality, with its own token', async () => {
    expect(await install(await createInvitation(service.db, 'slack', 'aarhus', new Date(Date.now() + 86_400_000)), aarhus)).toBe(200);
    expect(await install(await createInvitation(service.db, 'slack', 'odense', new Date(Date.now() + 86_400_000)), odense)).toBe(200);
    expect((await findWorkspace(service.db, 'slack', 'T0AARHUS'))?.tenant).toBe('aarhus');
    expect((await findWorkspace(service.db, 'slack', 'T0ODENSE'))?.tenant).toBe('odense');

    const maja = await home(aarhus, 'U0MAJA');
    expect(maja).toContain('SAG-AARHUS-1');
    expect(maja).not.toContain('SAG-ODENSE-1');
    const ole = await home(odense, 'U0OLE');
    expect(ole).toContain('SAG-ODENSE-1');
    expect(ole).not.toContain('SAG-AARHUS-1');
    // Every call reached the workspace its token belongs to, and only that one.
    expect(aarhus.calls.filter((c) => c.response?.ok === false && c.response.error === 'invalid_auth')).toEqual([]);
    expect(odense.callsTo('views.publish').map((c) => c.args.user_id)).toEqual(['U0OLE']);
    expect(aarhus.callsTo('views.publish').map((c) => c.args.user_id)).toEqual(['U0MAJA']);
  }, 60_000);

  it("a municipality's settings are its own: Aarhus's bot speaks English from the moment it is set, Odense's stays Danish", async () => {
    const patch = (tenant: string, workspace: string, body: object) =>
      fetch(`${service.url}/api/v1/chat-workspaces/slack/${workspace}`, { method: 'PATCH', headers: { authorization: `Bearer ${keys[tenant]}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await patch('odense', 'T0AARHUS', { language: 'en' })).status).toBe(404);
    expect(await home(aarhus, 'U0MAJA')).toContain('Sager, du koordinerer');
    expect((await patch('aarhus', 'T0AARHUS', { language: 'en' })).status).toBe(200);
    expect(await home(aarhus, 'U0MAJA')).toContain('Cases you coordinate');
    expect(await home(odense, 'U0OLE')).toContain('Sager, du koordinerer');
  }, 60_000);
});
