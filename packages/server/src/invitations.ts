// A one-time invitation for a municipality's chat: for Slack, the link that installs the app
// and binds the workspace; for Teams, the code someone of the organisation sends the bot as
// `link CODE`. One way to make them, for the CLI and the operator's API route.
import type { ChatPlatform } from './store/chat.js';
import type { Db } from './store/db.js';
import { createInvitation } from './store/installations.js';

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

export async function invite(db: Db, platform: ChatPlatform, tenant: string, days: number, now: Date, publicUrl: string | undefined): Promise<Invitation> {
  const expiresAt = new Date(now.getTime() + days * 86_400_000);
  const code = await createInvitation(db, platform, tenant, expiresAt);
  const base = { tenant, platform, expiresAt: expiresAt.toISOString() };
  return platform === 'teams' ? { ...base, code } : { ...base, link: `${(publicUrl ?? '').replace(/\/$/, '')}/slack/install?invitation=${code}` };
}
