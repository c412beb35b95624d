// A municipality's own settings (core's TenantSettings) in one place: working days and hours,
// time zone, public holidays, the handover's business days, the coordinator rule, RC's k, rooms.
// The scheduler, the stall rules, nudges, digests and RC invitations all read them.
import { TenantSettings, type TenantSettingsInput } from '@samspil/core';
import { audit, type Actor } from '../store/audit.js';
import { settingsOf, storeTenantSettings, tenantConfig } from '../store/tenants.js';
import { refuse, type Outcome, type UseCaseDeps } from './outcome.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** RFC 7386 JSON merge patch: an object merges key by key, `null` removes the key (its default comes back), anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

/** The tenant's settings, every default filled in. */
export async function readSettings({ db }: UseCaseDeps, actor: Actor): Promise<Outcome<{ settings: TenantSettings }>> {
  const config = await tenantConfig(db, actor.tenant);
  if (!config) return refuse('not-found', `tenant ${actor.tenant} does not exist`);
  await audit(db, actor, 'settings.read', null);
  return { ok: true, settings: settingsOf(config) };
}

/**
 * Changes the tenant's settings by a JSON merge patch: a key left out stays, `null` restores its
 * default. Refused naming the first field at fault; nothing is stored then. The tenant's cases are
 * looked at again (their stall rules may have changed).
 */
export async function changeSettings({ db, now }: UseCaseDeps, actor: Actor, patch: unknown): Promise<Outcome<{ settings: TenantSettings }>> {
  if (!isObject(patch)) return refuse('invalid', 'must be a JSON object (a merge patch of the settings)');
  const config = await tenantConfig(db, actor.tenant);
  if (!config) return refuse('not-found', `tenant ${actor.tenant} does not exist`);
  const merged = mergePatch(config.settings, patch) as TenantSettingsInput;
  const parsed = TenantSettings.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map(String).join('.');
    return refuse('invalid', issue.message, field ? { field } : {});
  }
  await db.transaction(async (tx) => {
    await storeTenantSettings(tx, actor.tenant, merged);
    await tx.query("UPDATE cases SET next_check_at = $2 WHERE tenant_id = $1 AND status = 'active'", [actor.tenant, now()]);
    await audit(tx, actor, 'settings.change', null, { fields: Object.keys(patch).sort() });
  });
  return { ok: true, settings: parsed.data };
}
