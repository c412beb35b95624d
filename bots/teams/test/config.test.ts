// The adapter starts only when its credentials are configured.
import { describe, expect, it } from 'vitest';
import { teamsConfigFromEnv } from '../src/index.js';

describe('teamsConfigFromEnv', () => {
  it('is off unless the client id, secret and tenant id are all set', () => {
    expect(teamsConfigFromEnv({})).toBeUndefined();
    expect(teamsConfigFromEnv({ TEAMS_CLIENT_ID: 'a', TEAMS_CLIENT_SECRET: 'b' })).toBeUndefined();
    expect(teamsConfigFromEnv({ TEAMS_CLIENT_ID: 'a', TEAMS_TENANT_ID: 'c' })).toBeUndefined();
  });

  it('reads the credentials and the optional settings; it has no way to turn token checks off', () => {
    const config = teamsConfigFromEnv({ TEAMS_CLIENT_ID: 'a', TEAMS_CLIENT_SECRET: 'b', TEAMS_TENANT_ID: 'c', TEAMS_SAMSPIL_TENANT: 'odense', TEAMS_COORDINATION_CHANNEL: '19:x@thread.tacv2', TEAMS_LANGUAGE: 'en' });
    expect(config).toEqual({ clientId: 'a', clientSecret: 'b', tenantId: 'c', tenant: 'odense', coordinationChannel: '19:x@thread.tacv2', locale: 'en' });
    expect(config).not.toHaveProperty('testBotToken');
    expect(config).not.toHaveProperty('openIdMetadataUrl');
  });
});
