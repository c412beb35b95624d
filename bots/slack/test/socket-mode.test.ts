// Socket Mode (SLACK_APP_TOKEN set): the real Bolt app opens its connection with
// apps.connections.open on the fake and takes the same commands over the WebSocket;
// no HTTP endpoint is served then.
import { memoryLog, startService, type RunningService } from '@samspil/server';
import { waiter } from '@samspil/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackAdapter } from '../src/index.js';
import { FakeSlack, type Json } from './fakes/slack-api.js';

const TEAM = 'T0SAMSPIL';
let fake: FakeSlack;
let service: RunningService;

const command = (text: string, responseUrl: string): Json => ({
  token: 'x', team_id: TEAM, team_domain: 'samspil', channel_id: 'C0GENERAL', channel_name: 'general', user_id: 'U0MAJA', user_name: 'maja',
  command: '/samspil', text, api_app_id: fake.appId, is_enterprise_install: 'false', response_url: responseUrl, trigger_id: fake.triggerId(),
});

beforeAll(async () => {
  fake = await FakeSlack.start({ token: 'xoxb-socket', appToken: 'xapp-1-socket', teamId: TEAM });
  fake.addUser({ id: 'U0MAJA', email: 'p-job-1@demokommune.example.dk', name: 'maja' });
  service = await startService({
    port: 0,
    dataDir: 'memory://',
    tokenSecret: 'a-test-secret-of-at-least-32-characters',
    demo: { examples: new URL('../../../examples', import.meta.url).pathname },
    schedulerIntervalMs: 3_600_000,
    senderIntervalMs: 3_600_000,
    log: memoryLog().log,
    adapters: [slackAdapter({ signingSecret: '', botToken: 'xoxb-socket', appToken: 'xapp-1-socket', apiUrl: fake.url, tenant: 'demo' })],
  });
  await fake.socketMode.connected();
}, 60_000);

afterAll(async () => {
  await service?.stop();
  await fake?.close();
});

describe('Socket Mode', () => {
  it('connects with the app-level token', () => {
    expect(fake.callsTo('apps.connections.open')).toHaveLength(1);
    expect(fake.callsTo('apps.connections.open')[0]!.response).toMatchObject({ ok: true });
  });

  it('answers help in the acknowledgement of the envelope', async () => {
    const ack = await fake.socketMode.deliver('slash_commands', command('help', fake.responseUrl()));
    expect(JSON.stringify(ack.payload)).toContain('/samspil coordinate');
  });

  it('acknowledges `status` at once and answers at the response_url', async () => {
    const url = fake.responseUrl();
    const ack = await fake.socketMode.deliver('slash_commands', command('status SAG-2026-0412', url));
    expect(ack.payload ?? {}).toEqual({});
    await waiter()(() => fake.responses(url).length > 0, 'the answer at the response_url');
    expect(JSON.stringify(fake.responses(url)[0]?.body)).toContain('Koordinering af SAG-2026-0412');
  });

  it('serves no HTTP endpoint for Slack', async () => {
    expect((await fetch(`${service.url}/slack/events`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).status).toBe(404);
  });
});
