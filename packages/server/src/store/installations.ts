// Chat apps installed by OAuth, one per workspace, and the invitations that bind an install
// to a municipality. Tokens arrive here sealed (../secrets.ts); only a hash of an
// invitation's code is kept, so the table does not hand out install links.
import { createHash, randomBytes } from 'node:crypto';
import type { ChatPlatform } from './chat.js';
import type { Db } from './db.js';

const hash = (code: string) => createHash('sha256').update(code).digest('hex');

/** A one-time invitation for `tenant` on `platform`, valid until `expiresAt`: its code (shown once). */
export async function createInvitation(db: Db, platform: ChatPlatform, tenant: string, expiresAt: Date): Promise<string> {
  const code = `inv_${randomBytes(24).toString('base64url')}`;
  await db.query('INSERT INTO chat_invitations (code_hash, platform, tenant_id, expires_at) VALUES ($1, $2, $3, $4)', [hash(code), platform, tenant, expiresAt]);
  return code;
}

/** The tenant an unused, unexpired invitation is for (it stays unused). */
export async function invitationTenant(db: Db, platform: ChatPlatform, code: string, now: Date): Promise<string | undefined> {
  const { rows } = await db.query<{ tenant_id: string }>('SELECT tenant_id FROM chat_invitations WHERE code_hash = $1 AND platform = $2 AND used_at IS NULL AND expires_at > $3', [hash(code), platform, now]);
  return rows[0]?.tenant_id;
}

/** Uses an invitation: its tenant, or undefined when it is unknown, expired or used (of two at once, one wins). */
export async function useInvitation(tx: Db, platform: ChatPlatform, code: string, now: Date): Promise<string | undefined> {
  const { rows } = await tx.query<{ tenant_id: string }>(
    'UPDATE chat_invitations SET used_at = $3 WHERE code_hash = $1 AND platform = $2 AND used_at IS NULL AND expires_at > $3 RETURNING tenant_id',
    [hash(code), platform, now],
  );
  return rows[0]?.tenant_id;
}

export interface StoredInstallation {
  platform: ChatPlatform;
  /** The Slack team, or the Enterprise Grid organisation for an org-wide install. */
  workspaceId: string;
  enterprise: boolean;
  botId: string | null;
  botUserId: string | null;
  /** Sealed. */
  botToken: string;
  /** Sealed, when the token rotates. */
  refreshToken: string | null;
  expiresAt: Date | null;
}

/** Records (or replaces, on a reinstall or a rotated token) a workspace's installation. */
export async function saveInstallation(db: Db, i: StoredInstallation): Promise<void> {
  await db.query(
    `INSERT INTO chat_installations (platform, workspace_id, enterprise, bot_id, bot_user_id, bot_token, refresh_token, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (platform, workspace_id) DO UPDATE SET enterprise = $3, bot_id = $4, bot_user_id = $5, bot_token = $6, refresh_token = $7, expires_at = $8, installed_at = now()`,
    [i.platform, i.workspaceId, i.enterprise, i.botId, i.botUserId, i.botToken, i.refreshToken, i.expiresAt],
  );
}

export async function findInstallation(db: Db, platform: ChatPlatform, workspaceId: string): Promise<StoredInstallation | undefined> {
  const { rows } = await db.query<{ enterprise: boolean; bot_id: string | null; bot_user_id: string | null; bot_token: string; refresh_token: string | null; expires_at: Date | null }>(
    'SELECT enterprise, bot_id, bot_user_id, bot_token, refresh_token, expires_at FROM chat_installations WHERE platform = $1 AND workspace_id = $2',
    [platform, workspaceId],
  );
  const r = rows[0];
  return r && { platform, workspaceId, enterprise: r.enterprise, botId: r.bot_id, botUserId: r.bot_user_id, botToken: r.bot_token, refreshToken: r.refresh_token, expiresAt: r.expires_at && new Date(r.expires_at) };
}

/** Removes a workspace's installation (uninstalled, tokens revoked); true when there was one. */
export async function deleteInstallation(db: Db, platform: ChatPlatform, workspaceId: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM chat_installations WHERE platform = $1 AND workspace_id = $2', [platform, workspaceId]);
  return rowCount > 0;
}

/** Whether any installation is stored (then the service needs its encryption key to start). */
export async function anyInstallation(db: Db): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM chat_installations LIMIT 1');
  return rows.length > 0;
}
