import { createHash, randomBytes } from 'node:crypto';
import { calendarOf, calendarSettings, stallRulesOf, TenantSettings, type BusinessCalendar, type StallRules, type TenantSettingsInput } from '@samspil/core';
import { Expiring } from '../expiring.js';
import type { Db } from './db.js';

export interface Tenant {
  id: string;
  name: string;
  closingDays: string[];
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Creates a tenant; false when one with that id exists already (it is left as it is). */
export async function createTenant(db: Db, tenant: { id: string; name: string; closingDays?: string[]; retentionDays?: number | null }): Promise<boolean> {
  const { rowCount } = await db.query('INSERT INTO tenants (id, name, closing_days, retention_days) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING', [
    tenant.id,
    tenant.name,
    tenant.closingDays ?? [],
    tenant.retentionDays ?? null,
  ]);
  return rowCount > 0;
}

export interface TenantSummary extends Tenant {
  createdAt: Date;
  /** API keys in force and revoked. */
  keys: { active: number; revoked: number };
  /** Closed cases are erased this many days after closing (null: kept). */
  retentionDays: number | null;
}

const SUMMARY = `SELECT t.id, t.name, t.closing_days::text[] AS closing_days, t.created_at, t.retention_days,
    (SELECT count(*) FILTER (WHERE k.revoked_at IS NULL) FROM api_keys k WHERE k.tenant_id = t.id)::int AS active_keys,
    (SELECT count(*) FILTER (WHERE k.revoked_at IS NOT NULL) FROM api_keys k WHERE k.tenant_id = t.id)::int AS revoked_keys
  FROM tenants t`;
interface SummaryRow {
  id: string;
  name: string;
  closing_days: unknown;
  created_at: Date;
  retention_days: number | null;
  active_keys: number;
  revoked_keys: number;
}
const summary = (r: SummaryRow): TenantSummary => ({
  id: r.id,
  name: r.name,
  closingDays: toDates(r.closing_days),
  createdAt: r.created_at,
  keys: { active: r.active_keys, revoked: r.revoked_keys },
  retentionDays: r.retention_days,
});

export async function listTenants(db: Db): Promise<TenantSummary[]> {
  const { rows } = await db.query<SummaryRow>(`${SUMMARY} ORDER BY t.id`);
  return rows.map(summary);
}

export async function tenantSummary(db: Db, id: string): Promise<TenantSummary | undefined> {
  const { rows } = await db.query<SummaryRow>(`${SUMMARY} WHERE t.id = $1`, [id]);
  return rows[0] && summary(rows[0]);
}

/**
 * Issues an API key for a tenant: `ssk_<id>_<secret>`. Only the secret's hash is
 * stored (it is random, so a plain SHA-256 suffices); the key is shown once.
 * `rateLimit`: its own limit in requests a minute (null: the service's default). `system`: the
 * label of the case system it is for (issue 26), recorded on the writes made through it.
 */
export async function createApiKey(db: Db, tenantId: string, label = '', rateLimit: number | null = null, system: string | null = null): Promise<string> {
  const id = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  await db.query('INSERT INTO api_keys (id, tenant_id, secret_hash, label, rate_limit, system) VALUES ($1, $2, $3, $4, $5, $6)', [id, tenantId, sha256(secret), label, rateLimit, system]);
  return `ssk_${id}_${secret}`;
}

/** The id (public part) of a key `ssk_<id>_<secret>`. */
export const apiKeyId = (key: string): string | undefined => /^ssk_([0-9a-f]{12})_/.exec(key)?.[1];

/** What an operator sees of a key: never the key or its hash. */
export interface ApiKeyInfo {
  id: string;
  tenant: string;
  label: string;
  rateLimit: number | null;
  /** The case system's label, when the key carries one (absent otherwise). */
  system?: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}
interface KeyRow {
  id: string;
  tenant_id: string;
  label: string;
  rate_limit: number | null;
  system: string | null;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}
const KEY_COLUMNS = 'id, tenant_id, label, rate_limit, system, created_at, last_used_at, revoked_at';
const keyInfo = (r: KeyRow): ApiKeyInfo => ({
  id: r.id,
  tenant: r.tenant_id,
  label: r.label,
  rateLimit: r.rate_limit,
  ...(r.system ? { system: r.system } : {}),
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

/** The tenant's keys, revoked ones too, oldest first. */
export async function listApiKeys(db: Db, tenantId: string): Promise<ApiKeyInfo[]> {
  const { rows } = await db.query<KeyRow>(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE tenant_id = $1 ORDER BY created_at, id`, [tenantId]);
  return rows.map(keyInfo);
}

export async function findApiKey(db: Db, keyId: string): Promise<ApiKeyInfo | undefined> {
  const { rows } = await db.query<KeyRow>(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE id = $1`, [keyId]);
  return rows[0] && keyInfo(rows[0]);
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
const verified = new WeakMap<Db, Expiring<string, ApiKeyAuth | undefined>>();
const keyCache = (db: Db) => {
  let cache = verified.get(db);
  if (!cache) verified.set(db, (cache = new Expiring(KEY_CACHE_MS)));
  return cache;
};

export interface ApiKeyAuth {
  tenant: Tenant;
  keyId: string;
  /** The key's own limit in requests a minute; null: the service's default. */
  rateLimit: number | null;
  /** The case system's label the key carries (issue 26); absent when none. */
  system?: string;
}

/** The tenant, key id and rate limit of a valid, unrevoked API key; undefined otherwise. */
export async function authenticateApiKey(db: Db, key: string, now: number): Promise<ApiKeyAuth | undefined> {
  return keyCache(db).get(key, now, () => lookUpApiKey(db, key, now));
}

/** Revokes an API key by its id (the key's public part); true when it was in force. */
export async function revokeApiKey(db: Db, keyId: string, at: Date): Promise<boolean> {
  const { rowCount } = await db.query('UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [keyId, at]);
  forgetApiKey(db, keyId);
  return rowCount > 0;
}

/** This process's verified copy of a key is dropped (a key revoked in a transaction: after it commits). */
export function forgetApiKey(db: Db, keyId: string): void {
  keyCache(db).forgetWhere((key) => key.startsWith(`ssk_${keyId}_`));
}

// Marks the key used in the same statement that finds it (one round trip; the cache makes it
// once per key every KEY_CACHE_MS at most). The secret's hash is compared in the WHERE, so a
// wrong secret for a known id does not mark the key used: comparing SHA-256 digests of a random
// secret leaks nothing a timing attack could use.
async function lookUpApiKey(db: Db, key: string, now: number): Promise<ApiKeyAuth | undefined> {
  const m = /^ssk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/.exec(key);
  if (!m) return undefined;
  const { rows } = await db.query<{ tenant_id: string; name: string; closing_days: unknown; rate_limit: number | null; system: string | null }>(
    `UPDATE api_keys k SET last_used_at = $3 FROM tenants t
      WHERE t.id = k.tenant_id AND k.id = $1 AND k.secret_hash = $2 AND k.revoked_at IS NULL
      RETURNING t.id AS tenant_id, t.name, t.closing_days::text[] AS closing_days, k.rate_limit, k.system`,
    [m[1], sha256(m[2]!), new Date(now)],
  );
  const row = rows[0];
  if (!row) return undefined;
  return { tenant: { id: row.tenant_id, name: row.name, closingDays: toDates(row.closing_days) }, keyId: m[1]!, rateLimit: row.rate_limit, ...(row.system ? { system: row.system } : {}) };
}

export async function getTenant(db: Db, id: string): Promise<Tenant | undefined> {
  const { rows } = await db.query<{ id: string; name: string; closing_days: unknown }>(
    'SELECT id, name, closing_days::text[] AS closing_days FROM tenants WHERE id = $1',
    [id],
  );
  return rows[0] && { id: rows[0].id, name: rows[0].name, closingDays: toDates(rows[0].closing_days) };
}

/** A municipality's settings as stored (what was set; the defaults fill the rest) and its closing days. */
export interface TenantConfig {
  settings: TenantSettingsInput;
  closingDays: string[];
}

/** The tenant's settings and closing days; undefined when there is no such tenant. */
export async function tenantConfig(db: Db, id: string): Promise<TenantConfig | undefined> {
  const { rows } = await db.query<{ settings: TenantSettingsInput | null; closing_days: unknown }>('SELECT settings, closing_days::text[] AS closing_days FROM tenants WHERE id = $1', [id]);
  const row = rows[0];
  return row && { settings: row.settings ?? {}, closingDays: toDates(row.closing_days) };
}

/** Replaces the tenant's settings (validated by the caller against core's TenantSettings). */
export async function storeTenantSettings(db: Db, id: string, settings: TenantSettingsInput): Promise<void> {
  await db.query('UPDATE tenants SET settings = $2 WHERE id = $1', [id, JSON.stringify(settings)]);
}

/** A tenant's settings with every default filled in; today's behaviour when it has none (or a stored value no longer parses). */
export function settingsOf(config: TenantConfig | undefined): TenantSettings {
  const parsed = TenantSettings.safeParse(config?.settings ?? {});
  return parsed.success ? parsed.data : TenantSettings.parse({});
}

/** What the scheduler and the use cases need of a tenant: its calendar (working days and hours, time zone, holidays, closing days) and its stall rules. */
export interface TenantRules {
  settings: TenantSettings;
  calendar: BusinessCalendar;
  rules: StallRules;
}

export function rulesOf(config: TenantConfig | undefined): TenantRules {
  const settings = settingsOf(config);
  const closingDays = config?.closingDays ?? [];
  return { settings, calendar: calendarOf(calendarSettings(settings, closingDays)), rules: stallRulesOf(settings, closingDays) };
}

export async function tenantRules(db: Db, id: string): Promise<TenantRules> {
  return rulesOf(await tenantConfig(db, id));
}

/** The tenant's business calendar: its working days and hours, time zone, public holidays and its own closing days. */
export async function tenantCalendar(db: Db, id: string): Promise<BusinessCalendar> {
  return (await tenantRules(db, id)).calendar;
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
