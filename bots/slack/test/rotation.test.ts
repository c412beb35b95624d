// Slack's token rotation (issue 15): an app that opted in gets bot tokens that expire and a
// refresh token. Close to expiry, the installation's token is refreshed once (two requests
// at once share the refresh: Slack spends a refresh token on first use), the new pair is
// stored sealed, and every call after carries the new token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvitation, createTenant, encryptionKey, findInstallation, memoryLog, startService, unseal, type RunningService } from '@samspil/server';
import { serviceDatabases, TEST_SERVICE, waiter } from '@samspil/server/testing';
import { slackAdapter } from '../src/app.js';
import { installThrough, testOAuth } from './fakes/install-flow.js';
import { FakeSlack } from './fakes/slack-api.js';
import { eventCallback, postSigned } from './fakes/sign.js';

const SECRET = 'rotation-signing-secret';

describe.each(await serviceDatabases())('Slack token rotation on $kind', (database) => {
  let fake: FakeSlack;
  let service: RunningService;
  let storage: Awaited<ReturnType<typeof database.create>> | undefined;
  const { log, lines } = memoryLog();
  const waitFor = waiter(lines);
  const oauth = testOAuth('https://slack.example/oauth/v2/authorize');

  beforeAll(async () => {
    storage = await database.create();
    fake = await FakeSlack.start({ teamId: 'T0ROTATE' });
    // The first token is within Bolt's two-hour window already: its first use refreshes it.
    fake.enableOAuth(oauth.clientId, oauth.clientSecret, { rotation: { firstExpiresIn: 3600, expiresIn: 43_200 } });
    for (const user of ['U0SOFIE', 'U0JONAS']) fake.addUser({ id: user, name: user, email: `${user}@aarhus.example.dk` });
    service = await startService({
      ...TEST_SERVICE,
      ...storage.options,
      log,
      adapters: [slackAdapter({ signingSecret: SECRET, apiUrl: fake.url, oauth })],
    });
    await createTenant(service.db, { id: 'aarhus', name: 'Aarhus' });
  }, 60_000);
  afterAll(async () => {
    await service?.stop();
    await storage?.drop();
    await fake?.close();
  });

  const homeOpened = (user: string, event: string) =>
    postSigned(`${service.url}/slack/events`, eventCallback({ type: 'app_home_opened', user, channel: `D${user}`, tab: 'home' }, { teamId: 'T0ROTATE', eventId: event }), 'json', { secret: SECRET });

  it('refreshes an expiring token once for requests at once, stores the new pair sealed, and uses the new token', async () => {
    const invitation = await createInvitation(service.db, 'slack', 'aarhus', new Date(Date.now() + 86_400_000));
    expect((await installThrough(service.url, invitation, fake.origin)).status).toBe(200);
    const key = encryptionKey(oauth.encryptionKey);
    const first = (await findInstallation(service.db, 'slack', 'T0ROTATE'))!;
    const [firstToken] = fake.rotatedTokens;
    expect(unseal(key, first.botToken)).toBe(firstToken);
    expect(first.refreshToken).not.toBeNull();
    expect(first.expiresAt!.getTime() - Date.now()).toBeLessThan(3_601_000);

    // Two people open the app's home at the same moment.
    const answers = await Promise.all([homeOpened('U0SOFIE', 'Ev0ROT1'), homeOpened('U0JONAS', 'Ev0ROT2')]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    await waitFor(() => fake.callsTo('views.publish').length >= 2, 'two home views');

    const refreshes = fake.callsTo('oauth.v2.access').filter((c) => c.args.grant_type === 'refresh_token');
    expect(refreshes).toHaveLength(1);
    const [, secondToken] = fake.rotatedTokens;
    expect(secondToken).toBeDefined();
    const published = fake.callsTo('views.publish');
    expect(published.map((c) => c.response?.ok)).toEqual([true, true]);
    expect(published.map((c) => c.token)).toEqual([secondToken, secondToken]);

    const stored = (await findInstallation(service.db, 'slack', 'T0ROTATE'))!;
    expect(unseal(key, stored.botToken)).toBe(secondToken);
    expect(unseal(key, stored.refreshToken!)).not.toBe(unseal(key, first.refreshToken!));
    expect(stored.expiresAt!.getTime() - Date.now()).toBeGreaterThan(43_000_000);
    expect(JSON.stringify((await service.db.query('SELECT * FROM chat_installations')).rows)).not.toContain('xoxe');

    // Far from expiry now: the next request refreshes nothing.
    expect((await homeOpened('U0SOFIE', 'Ev0ROT3')).status).toBe(200);
    await waitFor(() => fake.callsTo('views.publish').length >= 3, 'the third home view');
    expect(fake.callsTo('oauth.v2.access').filter((c) => c.args.grant_type === 'refresh_token')).toHaveLength(1);
    expect(fake.callsTo('views.publish')[2]?.token).toBe(secondToken);
  }, 60_000);
});
