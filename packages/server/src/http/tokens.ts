import { createHmac, timingSafeEqual } from 'node:crypto';

/** A widget token's claims: one tenant, one case, one named user, read or write, until `exp` (epoch seconds). */
export interface WidgetClaims {
  tenant: string;
  case: string;
  user: string;
  scope: 'read' | 'write';
  exp: number;
}

const PREFIX = 'swt_';

/**
 * Short-lived, signed tokens the vendor's backend gets for a widget in exchange
 * for its API key, so the key never reaches a browser. Format:
 * `swt_<base64url(JSON claims)>.<base64url(HMAC-SHA256)>`.
 */
export class WidgetTokens {
  constructor(private readonly secret: string) {
    if (secret.length < 32) throw new Error('the widget token secret must be at least 32 characters');
  }

  sign(claims: WidgetClaims): string {
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${PREFIX}${body}.${this.#mac(body)}`;
  }

  /** The claims of a genuine token, `expired` for a genuine one past its time, undefined for anything else. */
  verify(token: string, nowSeconds: number): WidgetClaims | 'expired' | undefined {
    if (!token.startsWith(PREFIX)) return undefined;
    const [body, mac] = token.slice(PREFIX.length).split('.');
    if (!body || !mac) return undefined;
    const expected = Buffer.from(this.#mac(body));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as WidgetClaims;
      return claims.exp > nowSeconds ? claims : 'expired';
    } catch {
      return undefined;
    }
  }

  #mac(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}
