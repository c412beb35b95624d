// The Slack adapter's settings: what the composition root reads from the environment
// (checked there, by one schema) and hands to `slackAdapter`.
import type { Locale } from '@samspil/core';

/** Installation by OAuth: one Samspil for many workspaces, each bound to its municipality by an invitation. */
export interface SlackOAuth {
  clientId: string;
  clientSecret: string;
  /** Signs the OAuth state (Bolt's InstallProvider). */
  stateSecret: string;
  /** Seals the workspaces' tokens in the database (32 bytes, base64 or hex). */
  encryptionKey: string;
  /** Where Slack sends the installer back: this service's public address (`https://samspil.example.dk`). */
  publicUrl: string;
  /** Slack's authorisation page (tests point it at their fake). */
  authorizationUrl?: string | undefined;
}

export interface SlackConfig {
  signingSecret: string;
  /** One workspace's bot token (the simple install); with `oauth` as well, that workspace keeps it. */
  botToken?: string | undefined;
  oauth?: SlackOAuth | undefined;
  /** Socket Mode instead of HTTP when set (`xapp-…`). */
  appToken?: string | undefined;
  /** The Web API's base URL (tests, proxies); Slack's own by default. */
  apiUrl?: string | undefined;
  /** The tenant the bot token's workspace belongs to (linked at start). */
  tenant?: string | undefined;
  /** Open coordinations as threads in this channel instead of a private channel each. */
  coordinationChannel?: string | undefined;
  locale?: Locale;
  /** Slack's minute for pacing calls per method tier (tests shorten it with their fake's); 60 s. */
  pacingWindowMs?: number | undefined;
  /** This service's public address, where links in messages point (an RC wave's result). */
  publicUrl?: string | undefined;
}

/** The adapter's configuration from the environment, or undefined when it is not configured. */
export function slackConfigFromEnv(env: NodeJS.ProcessEnv = process.env): SlackConfig | undefined {
  const oauth = env.SLACK_CLIENT_ID && env.SLACK_CLIENT_SECRET && env.SLACK_STATE_SECRET && env.SAMSPIL_ENCRYPTION_KEY && env.SAMSPIL_PUBLIC_URL && env.SLACK_SIGNING_SECRET;
  if ((!env.SLACK_BOT_TOKEN && !oauth) || (!env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN)) return undefined;
  return {
    signingSecret: env.SLACK_SIGNING_SECRET ?? '',
    botToken: env.SLACK_BOT_TOKEN,
    oauth: oauth
      ? { clientId: env.SLACK_CLIENT_ID!, clientSecret: env.SLACK_CLIENT_SECRET!, stateSecret: env.SLACK_STATE_SECRET!, encryptionKey: env.SAMSPIL_ENCRYPTION_KEY!, publicUrl: env.SAMSPIL_PUBLIC_URL!.replace(/\/$/, '') }
      : undefined,
    appToken: env.SLACK_APP_TOKEN,
    apiUrl: env.SLACK_API_URL,
    tenant: env.SLACK_TENANT,
    coordinationChannel: env.SLACK_COORDINATION_CHANNEL,
    locale: env.SLACK_LANGUAGE === 'en' ? 'en' : 'da',
    publicUrl: env.SAMSPIL_PUBLIC_URL?.replace(/\/$/, ''),
  };
}
