import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { BusinessCalendar } from '@samspil/core';
import { Expiring } from '../expiring.js';
import type { Db } from './db.js';

export interface Tenant {
  id: string;
  name: string;
  closingDays: string[];
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export async function createTenant(db: Db, tenant: { id: string; name: string; closingDays?: string[] }): Promise<void> {
  await db.query('INSERT INTO tenants (id, name, closing_days) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING', [
    tenant.id,
    tenant.name,
    tenant.closingDays ?? [],
  ]);
}

/**
 * Issues an API key for a tenant: `ssk_<id>_<secret>`. Only the secret's hash is
 * stored (it is random, so a plain SHA-256 suffices); the key is shown once.
 */
export async function createApiKey(db: Db, tenantId: string, label = ''): Promise<string> {
  const id = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  await db.query('INSERT INTO api_keys (id, tenant_id, secret_hash, label) VALUES ($1, $2, $3, $4)', [id, tenantId, sha256(secret), label]);
  return `ssk_${id}_${secret}`;
}

/**
 * Makes `ssk_<id>_<secret>` the tenant's key labelled `label`: kept when it is there, else
 * stored, and any other key with that label revoked. For the demo's one key.
 */
export async function ensureApiKey(db: Db, tenantId: string, id: string, secret: string, label: string): Promise<string> {
  await db.transaction(async (tx) => {
    await tx.query('UPDATE api_keys SET revoked_at = now() WHERE tenant_id = $1 AND label = $2 AND id <> $3 AND revoked_at IS NULL', [tenantId, label, id]);
    await tx.query('INSERT INTO api_keys (id, tenant_id, secret_hash, label) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO UPDATE SET revoked_at = NULL', [id, tenantId, sha256(secret), label]);
  });
  return `ssk_${id}_${secret}`;
}

// Recently verified keys, so a busy client costs no query per request: kept per database
// for at most KEY_CACHE_MS, so a key revoked on another instance stops working within that;
// on this one `revokeApiKey` forgets it at once.
const KEY_CACHE_MS = 4_000;
const verified = new WeakMap<Db, Expiring<string, { tenant: Tenant; keyId: string } | undefined>>();
const keyCache = (db: Db) => {
  let cache = verified.get(db);
  if (!cache) verified.set(db, (cache = new Expiring(KEY_CACHE_MS)));
  return cache;
};

/** The tenant and key id of a valid, unrevoked API key; undefined otherwise. */
export async function authenticateApiKey(db: Db, key: string, now: number): Promise<{ tenant: Tenant; keyId: string } | undefined> {
  return keyCache(db).get(key, now, () => lookUpApiKey(db, key));
}

/** Revokes an API key by its id (the key's public part); true when it was in force. */
export async function revokeApiKey(db: Db, keyId: string, at: Date): Promise<boolean> {
  const { rowCount } = await db.query('UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [keyId, at]);
  keyCache(db).forgetWhere((key) => key.startsWith(`ssk_${keyId}_`));
  return rowCount > 0;
}

async function lookUpApiKey(db: Db, key: string): Promise<{ tenant: Tenant; keyId: string } | undefined> {
  const m = /^ssk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/.exec(key);
  if (!m) return undefined;
  const { rows } = await db.query<{ secret_hash: string; tenant_id: string; name: string; closing_days: unknown }>(
    `SELECT k.secret_hash, t.id AS tenant_id, t.name, t.closing_days::text[] AS closing_days
       FROM api_keys k JOIN tenants t ON t.id = k.tenant_id
      WHERE k.id = $1 AND k.revoked_at IS NULL`,
    [m[1]],
  );
  const row = rows[0];
  if (!row || !timingSafeEqual(Buffer.from(row.secret_hash, 'hex'), Buffer.from(sha256(m[2]!), 'hex'))) return undefined;
  return { tenant: { id: row.tenant_id, name: row.name, closingDays: toDates(row.closing_days) }, keyId: m[1]! };
}

export async function getTenant(db: Db, id: string): Promise<Tenant | undefined> {
  const { rows } = await db.query<{ id: string; name: string; closing_days: unknown }>(
    'SELECT id, name, closing_days::text[] AS closing_days FROM tenants WHERE id = $1',
    [id],
  );
  return rows[0] && { id: rows[0].id, name: rows[0].name, closingDays: toDates(rows[0].closing_days) };
}

/** The tenant's business calendar: public holidays and its own closing days. */
export async function tenantCalendar(db: Db, id: string): Promise<BusinessCalendar> {
  return new BusinessCalendar((await getTenant(db, id))?.closingDays ?? []);
}

/** `date[]` arrives as strings from both drivers once cast to text[]. */
function toDates(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

/** Whether the store holds any tenant (an empty store gets the demo). */
export async function anyTenant(db: Db): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM tenants LIMIT 1');
  return rows.length > 0;
}
