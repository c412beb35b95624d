// The Teams adapter's settings: what the composition root reads from the environment
// (checked there, by one schema) and hands to `teamsAdapter`. Light on purpose (no SDK): the
// service reads it at every start, and loads the adapter only when Teams is set up.
import type { Locale } from '@samspil/core';

export interface TeamsConfig {
  /** The bot's Entra app (client) id. */
  clientId: string;
  clientSecret: string;
  /**
   * The app's home Entra tenant, for a single-tenant app: the bot's tokens come from there. Unset,
   * the app is multi-tenant and its tokens come from the cloud's bot tenant (botframework.com).
   * Which organisations the bot serves is not this: it serves the Entra tenants linked to a municipality.
   */
  tenantId?: string | undefined;
  /** The Samspil tenant (municipality) that `tenantId` maps to: the single-organisation setup. */
  tenant?: string | undefined;
  /** The channel (id) where coordinations open as new conversations; the team's General channel by default. */
  coordinationChannel?: string | undefined;
  locale?: Locale;
  /** Microsoft's cloud: Public (default), USGov, USGovDoD or China; the settings below override its parts. */
  cloud?: string | undefined;
  /** Where the Bot Framework publishes its signing keys (a national cloud's; a local fake's). */
  openIdMetadataUrl?: string | undefined;
  /** Entra's login host, where the bot's tokens come from (a national cloud's; a local fake's). */
  loginUrl?: string | undefined;
  /** The team coordinations open in (its id); else the first team that installs the app, kept. */
  teamId?: string | undefined;
  /** Hosts besides Microsoft's Bot Connector hosts that a `serviceUrl` may name (a national cloud's; a local fake's). */
  serviceHosts?: string[] | undefined;
  /** This service's public address, where links in messages point (an RC wave's result). */
  publicUrl?: string | undefined;
}

export function teamsConfigFromEnv(env: NodeJS.ProcessEnv = process.env): TeamsConfig | undefined {
  if (!env.TEAMS_CLIENT_ID || !env.TEAMS_CLIENT_SECRET) return undefined;
  const config: TeamsConfig = {
    clientId: env.TEAMS_CLIENT_ID,
    clientSecret: env.TEAMS_CLIENT_SECRET,
    tenantId: env.TEAMS_TENANT_ID,
    tenant: env.TEAMS_SAMSPIL_TENANT,
    coordinationChannel: env.TEAMS_COORDINATION_CHANNEL,
    teamId: env.TEAMS_TEAM_ID,
    cloud: env.TEAMS_CLOUD,
    openIdMetadataUrl: env.TEAMS_OPENID_METADATA_URL,
    loginUrl: env.TEAMS_LOGIN_URL,
    serviceHosts: env.TEAMS_SERVICE_HOSTS?.split(',').map((h) => h.trim()).filter(Boolean),
    publicUrl: env.SAMSPIL_PUBLIC_URL?.replace(/\/$/, ''),
    locale: env.TEAMS_LANGUAGE === 'en' ? 'en' : 'da',
  };
  return Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined)) as TeamsConfig;
}
