// A one-time invitation for a municipality's chat: for Slack, the link that installs the app
// and binds the workspace; for Teams, the code someone of the organisation sends the bot as
// `link CODE`. One way to make them, for the CLI and the operator's API route.
import { audit, type Actor } from '../store/audit.js';
import type { ChatPlatform } from '../store/chat.js';
import { createInvitation } from '../store/installations.js';
import { getTenant } from '../store/tenants.js';
import { refuse, type Outcome, type UseCaseDeps } from './outcome.js';

export interface Invitation {
  tenant: string;
  platform: ChatPlatform;
  expiresAt: string;
  /** Slack: the install link (the path alone when the service's public URL is not known). */
  link?: string;
  /** Teams: the code. */
  code?: string;
}

/** Days an invitation works by default, and at most. */
export const INVITATION_DAYS = { default: 7, max: 30 } as const;

/** An invitation for `tenant`'s chat, working `days` days; audited under that municipality, the code itself never kept or logged. */
export async function invite({ db, now }: UseCaseDeps, actor: Actor, platform: ChatPlatform, tenant: string, days: number, publicUrl: string | undefined): Promise<Outcome<{ invitation: Invitation }>> {
  if (!(await getTenant(db, tenant))) return refuse('not-found', `tenant ${tenant} does not exist`);
  const expiresAt = new Date(now().getTime() + days * 86_400_000);
  const code = await db.transaction(async (tx) => {
    const made = await createInvitation(tx, platform, tenant, expiresAt);
    await audit(tx, { ...actor, tenant }, 'chat.invite', null, { platform, expiresAt: expiresAt.toISOString() });
    return made;
  });
  const base = { tenant, platform, expiresAt: expiresAt.toISOString() };
  return { ok: true, invitation: platform === 'teams' ? { ...base, code } : { ...base, link: `${(publicUrl ?? '').replace(/\/$/, '')}/slack/install?invitation=${code}` } };
}
