// Slack installed by OAuth through an invitation (issue 15, first part): the real Bolt and
// InstallProvider against the fake Slack's consent page and oauth.v2.access; the workspace
// bound to the invitation's municipality, its token sealed and used for its requests;
// an invitation that is unknown or used binds nothing; uninstalling lets the workspace go.
import { ClearStateStore } from '@slack/oauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvitation, createTenant, findInstallation, findWorkspace, invitationTenant, memoryLog, startService, type RunningService } from '@samspil/server';
import { serviceDatabases, TEST_SERVICE, waiter } from '@samspil/server/testing';
import { slackAdapter } from '../src/app.js';
import { FakeSlack } from './fakes/slack-api.js';
import { installThrough, testOAuth } from './fakes/install-flow.js';
import { eventCallback, postSigned } from './fakes/sign.js';

const SECRET = 'install-signing-secret';

describe.each(await serviceDatabases())('Slack installed by OAuth on $kind', (database) => {
  let fake: FakeSlack;
  let service: RunningService;
  let storage: Awaited<ReturnType<typeof database.create>> | undefined;
  const { log, lines } = memoryLog();
  const waitFor = waiter(lines);

  beforeAll(async () => {
    storage = await database.create();
    fake = await FakeSlack.start({ token: 'xoxb-installed-token', teamId: 'T0AARHUS1' });
    fake.enableOAuth('client-1', 'client-secret-1');
    fake.addUser({ id: 'U0SOFIE', name: 'sofie', email: 'sofie@aarhus.example.dk' });
    service = await startService({
      ...TEST_SERVICE,
      ...storage.options,
      log,
      adapters: [
        slackAdapter({
          signingSecret: SECRET,
          apiUrl: fake.url,
          oauth: testOAuth(`${fake.origin}/oauth/v2/authorize`),
        }),
      ],
    });
    await createTenant(service.db, { id: 'aarhus', name: 'Aarhus' });
  }, 60_000);
  afterAll(async () => {
    await service?.stop();
    await storage?.drop();
    await fake?.close();
  });

  const install = (invitation: string) => installThrough(service.url, invitation);

  it('an invitation binds the workspace to its municipality; the token is kept sealed and serves the workspace\'s requests', async () => {
    const code = await createInvitation(service.db, 'slack', 'aarhus', new Date(Date.now() + 7 * 86_400_000));
    const done = await install(code);
    expect(done.status).toBe(200);
    expect(done.page).toContain('Samspil er installeret');
    expect((await findWorkspace(service.db, 'slack', 'T0AARHUS1'))?.tenant).toBe('aarhus');
    const installation = await findInstallation(service.db, 'slack', 'T0AARHUS1');
    expect(installation?.botToken).toMatch(/^v1\./);
    expect(JSON.stringify((await service.db.query('SELECT * FROM chat_installations')).rows)).not.toContain('xoxb-installed-token');
    expect(JSON.stringify((await service.db.query('SELECT * FROM chat_invitations')).rows)).not.toContain(code);
    // A request from that workspace is authorised with its installation's token (the fake checks it).
    const opened = await postSigned(`${service.url}/slack/events`, eventCallback({ type: 'app_home_opened', user: 'U0SOFIE', channel: 'D0SOFIE', tab: 'home' }, { teamId: 'T0AARHUS1', eventId: 'Ev0INSTALL1' }), 'json', { secret: SECRET });
    expect(opened.status).toBe(200);
    await waitFor(() => fake.callsTo('views.publish').length > 0, 'the home view');
    expect(fake.callsTo('views.publish')[0]?.response).toMatchObject({ ok: true });
    // The invitation is spent.
    const again = await install(code);
    expect(again.status).toBe(403);
    expect(again.page).toContain('invitationen er ukendt, brugt eller udløbet');
    expect(lines.join('')).not.toContain(code);
  }, 60_000);

  it("Slack's 429 on oauth.v2.access during an install is waited out; the code and the invitation are used once", async () => {
    const code = await createInvitation(service.db, 'slack', 'aarhus', new Date(Date.now() + 86_400_000));
    const before = fake.callsTo('oauth.v2.access').length;
    fake.failNext('oauth.v2.access', { status: 429, retryAfter: 1 });
    const done = await install(code);
    expect(done.status).toBe(200);
    expect(fake.callsTo('oauth.v2.access').length - before).toBe(2);
    expect((await install(code)).status).toBe(403);
  }, 30_000);

  it('an unknown or expired invitation binds nothing', async () => {
    const expired = await createInvitation(service.db, 'slack', 'aarhus', new Date(Date.now() - 1000));
    for (const code of [expired, 'inv_made-up-made-up-made-up-made', 'not-an-invitation']) {
      const res = await install(code);
      expect(res.status, code).toBe(403);
    }
  });

  it('a redirect with a forged or expired state, or without a code, is refused (not "try again") and asks Slack nothing', async () => {
    const before = fake.callsTo('oauth.v2.access').length;
    const redirect = (query: string, cookie?: string) => fetch(`${service.url}/slack/oauth_redirect?${query}`, cookie ? { headers: { cookie: `slack-app-oauth-state=${cookie}` } } : {});
    // Signed with another secret; signed with ours but older than InstallProvider's ten minutes.
    const forged = await new ClearStateStore('not-the-state-secret-at-all').generateStateParam({ scopes: [], metadata: 'inv_made-up-made-up-made-up-made' }, new Date());
    const expired = await new ClearStateStore(testOAuth('').stateSecret).generateStateParam({ scopes: [] }, new Date(Date.now() - 3_600_000));
    for (const [query, cookie, status] of [[`code=c1&state=${forged}`, forged, 403], [`code=c1&state=${expired}`, expired, 403], ['code=c1&state=s1', undefined, 403], ['code=c1', undefined, 403], [`state=${expired}`, expired, 400]] as const) {
      const res = await redirect(query, cookie);
      expect(res.status, query).toBe(status);
      expect(await res.text(), query).toContain('invitationen er ukendt, brugt eller udløbet');
    }
    expect(fake.callsTo('oauth.v2.access').length).toBe(before);
    // Slack failing is the one 'try again': the invitation still works.
    const code = await createInvitation(service.db, 'slack', 'aarhus', new Date(Date.now() + 86_400_000));
    // Failing each time the client tries (once and twice more).
    for (let i = 0; i < 3; i++) fake.failNext('oauth.v2.access', { status: 500 });
    const failed = await install(code);
    expect(failed.status).toBe(503);
    expect(failed.page).toContain('Invitationen gælder stadig');
    expect(await invitationTenant(service.db, 'slack', code, new Date())).toBe('aarhus');
  }, 30_000);

  it('an org-wide install on Enterprise Grid binds the organisation, and a request from any of its teams is served', async () => {
    const grid = await FakeSlack.start({ token: 'xoxb-grid-token', teamId: 'T0GRIDTEAM', botUserId: 'U0GRIDBOT' });
    grid.enableOAuth('client-1', 'client-secret-1', { enterprise: 'E0KOMMUNE' });
    grid.addUser({ id: 'U0GRIDUSER', name: 'grid', email: 'grid@aarhus.example.dk' });
    const org = await startService({
      port: 0,
      dataDir: 'memory://',
      tokenSecret: 'a-test-secret-of-at-least-32-characters',
      schedulerIntervalMs: 3_600_000,
      senderIntervalMs: 3_600_000,
      log: memoryLog().log,
      adapters: [
        slackAdapter({
          signingSecret: SECRET,
          apiUrl: grid.url,
          oauth: testOAuth(`${grid.origin}/oauth/v2/authorize`),
        }),
      ],
    });
    try {
      await createTenant(org.db, { id: 'region', name: 'Region' });
      const code = await createInvitation(org.db, 'slack', 'region', new Date(Date.now() + 86_400_000));
      expect((await installThrough(org.url, code)).status).toBe(200);
      expect((await findWorkspace(org.db, 'slack', 'E0KOMMUNE'))?.tenant).toBe('region');
      expect((await findInstallation(org.db, 'slack', 'E0KOMMUNE'))?.enterprise).toBe(true);
      const res = await postSigned(`${org.url}/slack/events`, eventCallback({ type: 'app_home_opened', user: 'U0GRIDUSER', channel: 'D0GRID', tab: 'home' }, { teamId: 'T0GRIDTEAM', enterpriseId: 'E0KOMMUNE', botUserId: 'U0GRIDBOT', eventId: 'Ev0GRID1' }), 'json', { secret: SECRET });
      expect(res.status).toBe(200);
      await waitFor(() => grid.callsTo('views.publish').length > 0, 'the home view in the grid');
      expect(grid.callsTo('views.publish')[0]?.response).toMatchObject({ ok: true });
    } finally {
      await org.stop();
      await grid.close();
    }
  }, 60_000);

  it('uninstalling lets the workspace go: installation removed, unlinked, audited', async () => {
    const res = await postSigned(`${service.url}/slack/events`, eventCallback({ type: 'app_uninstalled' }, { teamId: 'T0AARHUS1', eventId: 'Ev0UNINSTALL' }), 'json', { secret: SECRET });
    expect(res.status).toBe(200);
    await waitFor(async () => !(await findInstallation(service.db, 'slack', 'T0AARHUS1')), 'the installation removed');
    expect(await findInstallation(service.db, 'slack', 'T0AARHUS1')).toBeUndefined();
    expect(await findWorkspace(service.db, 'slack', 'T0AARHUS1')).toBeUndefined();
    // Installed twice (the second waited out Slack's 429), then uninstalled.
    const { rows } = await service.db.query<{ action: string }>("SELECT action FROM audit_log WHERE tenant_id = 'aarhus' AND action LIKE 'chat.%' ORDER BY id");
    expect(rows.map((r) => r.action)).toEqual(['chat.install', 'chat.install', 'chat.uninstall']);
  });
});
