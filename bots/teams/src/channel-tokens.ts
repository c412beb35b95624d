// The Bot Framework's token on each activity, checked as Microsoft's Bot Connector
// authentication says: signed with a key of the set the OpenID metadata's `jwks_uri` names
// (followed, not derived from the document's address), that key endorsing the activity's
// channel, the issuer, the audience (this app), the lifetime, and the service URL the token
// was issued for. It replaces the Teams SDK's check, which derives the keys' address and
// ignores endorsements: a key endorsed only for Web Chat would pass an activity off as Teams'.
import { createPublicKey, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { IToken } from '@microsoft/teams.api';
import type { App } from '@microsoft/teams.apps';

export interface ChannelTokenOptions {
  /** The bot's Entra app id: the tokens' audience. */
  appId: string;
  /** The Bot Framework's issuer (the cloud's `tokenIssuer`). */
  issuer: string;
  /** The OpenID metadata document (the cloud's, or a setting's). */
  openIdMetadataUrl: string;
  /** The service's clock, by which the keys age (a token's lifetime is the wall clock's, as its issuer's). */
  now?: () => number;
}

type SigningKey = { key: KeyObject; endorsements: string[] | undefined };

/** Keys are kept a day, as Microsoft's libraries keep them; they are rotated seldom and announced. */
const KEYS_KEPT_MS = 24 * 3600_000;
/** A token naming a key not among those kept fetches them again, at most this often (tokens are anyone's to make up). */
const REFETCH_MS = 5 * 60_000;
/** Clocks differ: the SDK's tolerance. */
const SKEW_S = 300;

const part = (segment: string) => JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as Record<string, unknown>;
const sameUrl = (a: string, b: string) => a.replace(/\/+$/, '').toLowerCase() === b.replace(/\/+$/, '').toLowerCase();

/** `check(authorization, activity)`: the activity's token as the SDK's server takes it, or an error saying why not. */
export function channelTokens({ appId, issuer, openIdMetadataUrl, now = Date.now }: ChannelTokenOptions) {
  let keys = new Map<string, SigningKey>();
  let algorithms: unknown[] = ['RS256'];
  let fetchedAt = 0;
  let triedAt = 0;
  let fetching: Promise<void> | undefined;

  const getJson = async (url: string) => {
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    return (await response.json()) as Record<string, unknown>;
  };
  const fetchKeys = async () => {
    triedAt = now();
    const metadata = await getJson(openIdMetadataUrl);
    if (typeof metadata.jwks_uri !== 'string') throw new Error('the OpenID metadata names no jwks_uri');
    const set = await getJson(metadata.jwks_uri);
    const fetched = new Map<string, SigningKey>();
    for (const jwk of Array.isArray(set.keys) ? (set.keys as (JsonWebKey & { kid?: unknown; endorsements?: unknown })[]) : []) {
      if (typeof jwk.kid !== 'string' || jwk.kty !== 'RSA') continue;
      let key: KeyObject;
      try {
        key = createPublicKey({ key: jwk, format: 'jwk' });
      } catch {
        continue; // a key we cannot read signs nothing we take; the others still serve
      }
      fetched.set(jwk.kid, { key, endorsements: Array.isArray(jwk.endorsements) ? jwk.endorsements.map(String) : undefined });
    }
    keys = fetched;
    if (Array.isArray(metadata.id_token_signing_alg_values_supported)) algorithms = metadata.id_token_signing_alg_values_supported;
    fetchedAt = now();
  };
  const signingKey = async (kid: string): Promise<SigningKey> => {
    const at = now();
    const wanted = at - fetchedAt > KEYS_KEPT_MS || !keys.has(kid);
    if (wanted && (keys.size === 0 || at - triedAt > REFETCH_MS)) {
      fetching ??= fetchKeys().finally(() => (fetching = undefined));
      // Kept keys still serve while the document cannot be had.
      await fetching.catch((error: Error) => {
        if (keys.size === 0) throw new Error(`the Bot Framework's keys could not be had: ${error.message}`);
      });
    }
    const key = keys.get(kid);
    if (!key) throw new Error(`the token's key ${kid} is not one the Bot Framework publishes`);
    return key;
  };

  return {
    async check(authorization: string, activity: { serviceUrl?: string; channelId?: string }): Promise<IToken> {
      const [h = '', p = '', s = '', ...rest] = (/^Bearer (\S+)$/.exec(authorization)?.[1] ?? '').split('.');
      if (!s || rest.length) throw new Error('no Bearer JWT');
      const header = part(h);
      if (header.alg !== 'RS256' || !algorithms.includes(header.alg)) throw new Error(`the token's algorithm ${String(header.alg)} is not the Bot Framework's`);
      const kid = String(header.kid);
      const { key, endorsements } = await signingKey(kid);
      if (!verify('sha256', Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'))) throw new Error('the token\'s signature is not valid');
      const claims = part(p);
      const seconds = Date.now() / 1000;
      if (claims.iss !== issuer) throw new Error(`the token's issuer ${String(claims.iss)} is not the Bot Framework`);
      if (![claims.aud].flat().includes(appId)) throw new Error('the token is for another app');
      if (typeof claims.exp !== 'number' || claims.exp + SKEW_S < seconds) throw new Error('the token has expired');
      if (typeof claims.nbf === 'number' && claims.nbf - SKEW_S > seconds) throw new Error('the token is not valid yet');
      // The service URL answers go to is the one the token was issued for.
      if (typeof claims.serviceurl !== 'string' || !activity.serviceUrl || !sameUrl(claims.serviceurl, activity.serviceUrl)) throw new Error('the token was issued for another service URL');
      // A key vouches only for the channels it endorses (a key without endorsements, for none).
      if (typeof activity.channelId !== 'string' || !endorsements?.includes(activity.channelId)) {
        throw new Error(`the token's key ${kid} does not endorse channel ${String(activity.channelId)}`);
      }
      return { appId, from: 'azure', fromId: typeof claims.sub === 'string' ? claims.sub : '', serviceUrl: activity.serviceUrl, isExpired: () => false };
    },
  };
}

/**
 * The app's server checks activities' tokens with `tokens`, in place of the SDK's own check (its
 * HttpServer keeps it in `serviceTokenValidator`, made when the app is initialised). An SDK
 * whose server keeps it elsewhere stops the start, rather than leaving the SDK's check in place.
 */
export function checkTokensWith(teams: App, tokens: ReturnType<typeof channelTokens>): void {
  const server = teams.server as unknown as { serviceTokenValidator?: unknown };
  if (!server.serviceTokenValidator) throw new Error('teams: the Teams SDK\'s token check is not where this version expects it; not starting without ours');
  server.serviceTokenValidator = tokens;
}
