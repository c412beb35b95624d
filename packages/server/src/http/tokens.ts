import { createHmac, timingSafeEqual } from 'node:crypto';
import { widgetScope, type WidgetScope } from '../access.js';

/**
 * A widget token's claims: one tenant, one case or one RC survey (its results, `read` only),
 * one named user, a scope, until `exp` (epoch seconds).
 */
export type WidgetClaims = { tenant: string; user: string; scope: WidgetScope; exp: number } & (
  | { case: string; survey?: undefined; person?: undefined }
  | { survey: string; case?: undefined; person?: undefined; scope: 'read' }
  /** The leaders' overview as this Samspil person (people.id) would see it. */
  | { person: string; case?: undefined; survey?: undefined; scope: 'insights' }
);

const FORMAT = /^swt_([A-Za-z0-9_-]{1,4000})\.([A-Za-z0-9_-]{43})$/;

/**
 * Short-lived, signed tokens the vendor's backend gets for a widget in exchange
 * for its API key, so the key never reaches a browser. Format:
 * `swt_<base64url(JSON claims)>.<base64url(HMAC-SHA256)>`, exactly: a token with
 * anything before, between or after is refused, never verified on its first parts.
 */
export class WidgetTokens {
  constructor(private readonly secret: string) {
    if (secret.length < 32) throw new Error('the widget token secret must be at least 32 characters');
  }

  sign(claims: WidgetClaims): string {
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `swt_${body}.${this.#mac(body)}`;
  }

  /** The claims of a genuine token, `expired` for a genuine one past its time, undefined for anything else. */
  verify(token: string, nowSeconds: number): WidgetClaims | 'expired' | undefined {
    const [, body, mac] = FORMAT.exec(token) ?? [];
    if (!body || !mac) return undefined;
    const expected = Buffer.from(this.#mac(body));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    let claims: Record<string, unknown>;
    try {
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
    } catch {
      return undefined;
    }
    const { tenant, case: reference, survey, person, user, scope, exp } = claims;
    if (typeof tenant !== 'string' || typeof user !== 'string' || typeof exp !== 'number') return undefined;
    const named = widgetScope(scope);
    if (!named) return undefined;
    // Exactly one of a case and a survey; a survey's token reads only.
    // An `insights` token names a person and nothing else; only it does.
    let what: { case: string } | { survey: string; scope: 'read' } | { person: string; scope: 'insights' };
    if (named === 'insights') {
      if (typeof person !== 'string' || reference !== undefined || survey !== undefined) return undefined;
      what = { person, scope: named };
    } else if (person !== undefined) return undefined;
    else if (typeof reference === 'string' && survey === undefined) what = { case: reference };
    else if (typeof survey === 'string' && reference === undefined && named === 'read') what = { survey, scope: named };
    else return undefined;
    return exp > nowSeconds ? { tenant, user, scope: named, exp, ...what } : 'expired';
  }

  #mac(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}
