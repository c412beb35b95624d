// The operator's writes across municipalities: tenants, their API keys and the chat workspaces
// linked to them. Each is audited under the municipality it concerns.
import type { ChatPlatform, LinkedWorkspace } from '../store/chat.js';
import { audit, type Actor } from '../store/audit.js';
import { findWorkspace, forgetWorkspace, linkWorkspace as storeLink, listWorkspaces, unlinkWorkspace as storeUnlink } from '../store/chat.js';
import { apiKeyId, createApiKey as storeCreateKey, createTenant as storeCreate, findApiKey, forgetApiKey, getTenant, revokeApiKey as storeRevoke, tenantSummary, type ApiKeyInfo, type TenantSummary } from '../store/tenants.js';
import { refuse, type Outcome, type Refusal, type UseCaseDeps } from './outcome.js';

const noTenant = (id: string): Refusal => refuse('not-found', `tenant ${id} does not exist`);

/** Adds a tenant (a municipality); refused when the id is taken. */
export async function createTenant({ db }: UseCaseDeps, actor: Actor, tenant: { id: string; name: string; closingDays: string[]; retentionDays: number | null }): Promise<Outcome<{ tenant: TenantSummary }>> {
  const created = await db.transaction(async (tx) => {
    if (!(await storeCreate(tx, tenant))) return false;
    await audit(tx, { ...actor, tenant: tenant.id }, 'tenant.create', null);
    return true;
  });
  return created ? { ok: true, tenant: (await tenantSummary(db, tenant.id))! } : refuse('exists', `tenant ${tenant.id} exists already`);
}

/** Issues an API key: `key` is the only time it is seen (only its hash is kept). */
export async function createApiKey({ db }: UseCaseDeps, actor: Actor, tenant: string, label: string, rateLimit: number | null, system: string | null = null): Promise<Outcome<{ key: string; info: ApiKeyInfo }>> {
  if (!(await getTenant(db, tenant))) return noTenant(tenant);
  const key = await db.transaction(async (tx) => {
    const made = await storeCreateKey(tx, tenant, label, rateLimit, system);
    await audit(tx, { ...actor, tenant }, 'api-key.create', null, { key: apiKeyId(made) });
    return made;
  });
  return { ok: true, key, info: (await findApiKey(db, apiKeyId(key)!))! };
}

/** Revokes an API key by its id; revoking a revoked key changes nothing (`revokedNow` false). */
export async function revokeApiKey({ db, now }: UseCaseDeps, actor: Actor, keyId: string): Promise<Outcome<{ key: ApiKeyInfo; revokedNow: boolean }>> {
  const key = await findApiKey(db, keyId);
  if (!key) return refuse('not-found', `no key ${keyId}`);
  if (key.revokedAt !== null) return { ok: true, key, revokedNow: false };
  const revokedNow = await db.transaction(async (tx) => {
    const revoked = await storeRevoke(tx, keyId, now());
    if (revoked) await audit(tx, { ...actor, tenant: key.tenant }, 'api-key.revoke', null, { key: keyId });
    return revoked;
  });
  forgetApiKey(db, keyId);
  return { ok: true, key: (await findApiKey(db, keyId))!, revokedNow };
}

/**
 * Links a chat workspace to a tenant; linking it again to the same tenant changes nothing,
 * and one linked to another tenant is refused. `others`: the tenant's other workspaces on
 * the platform (the scheduler's messages go to the one linked first).
 */
export async function linkWorkspace({ db }: UseCaseDeps, actor: Actor, platform: ChatPlatform, workspaceId: string, tenant: string): Promise<Outcome<{ workspace: LinkedWorkspace; linkedNow: boolean; others: LinkedWorkspace[] }>> {
  if (!(await getTenant(db, tenant))) return noTenant(tenant);
  const found = await findWorkspace(db, platform, workspaceId);
  if (found && found.tenant !== tenant) return refuse('exists', `${platform} workspace ${workspaceId} is linked to tenant ${found.tenant}; unlink it first`);
  const others = (await listWorkspaces(db, tenant)).filter((w) => w.platform === platform && w.workspaceId !== workspaceId);
  if (!found) {
    await db.transaction(async (tx) => {
      await storeLink(tx, { platform, workspaceId, tenant, settings: {} });
      await audit(tx, { ...actor, tenant }, 'chat.link', null, { platform, workspace: workspaceId });
    });
    forgetWorkspace(db, platform, workspaceId);
  }
  const workspace = (await listWorkspaces(db, tenant)).find((w) => w.platform === platform && w.workspaceId === workspaceId)!;
  return { ok: true, workspace, linkedNow: !found, others };
}

/** Unlinks a chat workspace from its tenant, with what the bot kept about it. */
export async function unlinkWorkspace({ db }: UseCaseDeps, actor: Actor, platform: ChatPlatform, workspaceId: string): Promise<Outcome<{ tenant: string }>> {
  const tenant = await db.transaction(async (tx) => {
    const was = await storeUnlink(tx, platform, workspaceId);
    if (was) await audit(tx, { ...actor, tenant: was }, 'chat.unlink', null, { platform, workspace: workspaceId });
    return was;
  });
  forgetWorkspace(db, platform, workspaceId);
  return tenant ? { ok: true, tenant } : refuse('not-found', `${platform} workspace ${workspaceId} is not linked`);
}
