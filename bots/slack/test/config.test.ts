// The adapter starts only when its credentials are configured.
import { describe, expect, it } from 'vitest';
import { slackConfigFromEnv } from '../src/index.js';

describe('slackConfigFromEnv', () => {
  it('is off without a bot token, or without a signing secret or app token', () => {
    expect(slackConfigFromEnv({})).toBeUndefined();
    expect(slackConfigFromEnv({ SLACK_BOT_TOKEN: 'xoxb-1' })).toBeUndefined();
    expect(slackConfigFromEnv({ SLACK_SIGNING_SECRET: 's' })).toBeUndefined();
  });

  it('reads HTTP mode, Socket Mode and the optional settings', () => {
    expect(slackConfigFromEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_TENANT: 'aarhus', SLACK_COORDINATION_CHANNEL: 'C1', SLACK_API_URL: 'http://127.0.0.1:1/api/', SLACK_LANGUAGE: 'en' })).toEqual({
      signingSecret: 's',
      botToken: 'xoxb-1',
      appToken: undefined,
      apiUrl: 'http://127.0.0.1:1/api/',
      tenant: 'aarhus',
      coordinationChannel: 'C1',
      locale: 'en',
    });
    expect(slackConfigFromEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })).toMatchObject({ appToken: 'xapp-1', locale: 'da' });
  });
});
