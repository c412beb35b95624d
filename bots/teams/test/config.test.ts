// The adapter starts only when its credentials are configured.
import { describe, expect, it } from 'vitest';
import { teamsConfigFromEnv } from '../src/index.js';

describe('teamsConfigFromEnv', () => {
  it('is off unless the client id and secret are both set', () => {
    expect(teamsConfigFromEnv({})).toBeUndefined();
    expect(teamsConfigFromEnv({ TEAMS_CLIENT_ID: 'a', TEAMS_TENANT_ID: 'c' })).toBeUndefined();
    expect(teamsConfigFromEnv({ TEAMS_CLIENT_SECRET: 'b', TEAMS_TENANT_ID: 'c' })).toBeUndefined();
  });

  it('without a tenant id the app is multi-tenant: the organisations it serves are the ones linked', () => {
    expect(teamsConfigFromEnv({ TEAMS_CLIENT_ID: 'a', TEAMS_CLIENT_SECRET: 'b' })).toEqual({ clientId: 'a', clientSecret: 'b', locale: 'da' });
  });

  it('reads the credentials, the single-organisation setup and the cloud; it has no way to turn token checks off', () => {
    const config = teamsConfigFromEnv({
      TEAMS_CLIENT_ID: 'a',
      TEAMS_CLIENT_SECRET: 'b',
      TEAMS_TENANT_ID: 'c',
      TEAMS_SAMSPIL_TENANT: 'odense',
      TEAMS_COORDINATION_CHANNEL: '19:x@thread.tacv2',
      TEAMS_LANGUAGE: 'en',
      TEAMS_CLOUD: 'USGov',
      TEAMS_LOGIN_URL: 'https://login.microsoftonline.us',
      TEAMS_OPENID_METADATA_URL: 'https://login.botframework.azure.us/v1/.well-known/openidconfiguration',
      TEAMS_SERVICE_HOSTS: 'smba.example.us, other.example.us',
    });
    expect(config).toEqual({
      clientId: 'a',
      clientSecret: 'b',
      tenantId: 'c',
      tenant: 'odense',
      coordinationChannel: '19:x@thread.tacv2',
      locale: 'en',
      cloud: 'USGov',
      loginUrl: 'https://login.microsoftonline.us',
      openIdMetadataUrl: 'https://login.botframework.azure.us/v1/.well-known/openidconfiguration',
      serviceHosts: ['smba.example.us', 'other.example.us'],
    });
  });
});
