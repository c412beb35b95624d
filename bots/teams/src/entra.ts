// The bot's own tokens (for the Bot Connector, and Graph if asked) by OAuth 2.0 client
// credentials at Entra's token endpoint. Ours rather than MSAL's through the SDK because the
// endpoint is a setting: a national cloud's, or a local fake's on loopback, which MSAL refuses
// (it wants https and discovers authorities on the public internet).
import { RetryLaterError } from '@samspil/server';

export interface ClientCredentials {
  /** Entra's login host, e.g. https://login.microsoftonline.com (the cloud's; a fake's). */
  loginUrl: string;
  clientId: string;
  clientSecret: string;
  now?: () => number;
}

/** A token is renewed this long before it expires. */
const MARGIN_MS = 5 * 60_000;
/** Credentials Entra refused are tried again after this long. */
const REFUSED_WAIT_MS = 10 * 60_000;

/** `(scope, tenantId) => token`, as the Teams SDK's `token` option takes it; tokens kept until shortly before they expire. */
export function clientCredentials({ loginUrl, clientId, clientSecret, now = Date.now }: ClientCredentials) {
  const kept = new Map<string, { token: string; until: number }>();
  // The SDK asks before every call: one request per tenant and scope, shared by the calls waiting for it.
  const asking = new Map<string, Promise<string>>();
  return async (scopes: string | string[], tenantId = 'botframework.com'): Promise<string> => {
    const scope = [scopes].flat().join(' ');
    const key = `${tenantId} ${scope}`;
    const hit = kept.get(key);
    if (hit && hit.until > now()) return hit.token;
    const pending = asking.get(key) ?? request(scope, tenantId, key).finally(() => asking.delete(key));
    asking.set(key, pending);
    return pending;
  };

  async function request(scope: string, tenantId: string, key: string): Promise<string> {
    const response = await fetch(`${loginUrl.replace(/\/$/, '')}/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope }),
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await response.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown; error?: unknown };
    if (response.status === 429 || response.status >= 500) {
      const seconds = Number(response.headers.get('retry-after'));
      throw new RetryLaterError(`entra: the token endpoint answered ${response.status}`, (Number.isFinite(seconds) && seconds > 0 ? seconds : 5) * 1000);
    }
    if (!response.ok || typeof body.access_token !== 'string') {
      // The app's credentials or its tenant are wrong: nothing is lost, messages wait while an
      // operator mends it. Entra's error code (invalid_client…) says what; its description may name the app.
      throw new RetryLaterError(`entra: no token for tenant ${tenantId} (HTTP ${response.status}${typeof body.error === 'string' ? `, ${body.error}` : ''}); check TEAMS_CLIENT_ID, TEAMS_CLIENT_SECRET and TEAMS_TENANT_ID`, REFUSED_WAIT_MS);
    }
    kept.set(key, { token: body.access_token, until: now() + Number(body.expires_in) * 1000 - MARGIN_MS });
    return body.access_token;
  }
}
