// A municipality's chat settings, kept with its linked workspace and set by the API and the
// CLI: where coordinations open, the language the bot speaks, and (Teams) the team whose
// roster counts. The adapters' environment variables are the defaults where one is unset.
import * as z from 'zod/mini';
import { audit, type Actor } from '../store/audit.js';
import { changeWorkspaceSettings, forgetWorkspace, listWorkspaces, type ChatPlatform, type LinkedWorkspace, type WorkspaceSettings } from '../store/chat.js';
import { refuse, type Outcome, type UseCaseDeps } from './outcome.js';

/** A channel's id as each platform writes it. */
const CHANNEL: Record<ChatPlatform, { pattern: RegExp; what: string }> = {
  slack: { pattern: /^[CG][A-Z0-9]{2,20}$/, what: 'a Slack channel id (C… or G…), as in the channel\'s details' },
  teams: { pattern: /^19:[\w.-]{1,150}@thread\.(tacv2|skype)$/, what: 'a Teams channel id (19:…@thread.tacv2), as in the channel\'s link' },
};

/** A change (JSON merge patch): a key left out stays as it is, `null` unsets it. */
export const ChatSettingsPatch = z.strictObject({
  /** Where coordinations open: a thread in this channel (Slack: else a private channel each; Teams: else the team's General channel). */
  coordinationChannel: z.optional(z.nullable(z.string().check(z.maxLength(200)))),
  language: z.optional(z.nullable(z.enum(['da', 'en']))),
  /** Teams: the team coordinations open in and whose roster counts (its General channel's id). */
  team: z.optional(z.nullable(z.string().check(z.maxLength(200)))),
});
export type ChatSettingsPatch = z.infer<typeof ChatSettingsPatch>;

/** The settings a municipality sets (what the adapters learn for themselves is not shown). */
export const ChatSettings = z.object({
  coordinationChannel: z.optional(z.string()),
  language: z.optional(z.enum(['da', 'en'])),
  team: z.optional(z.string()),
});
export type ChatSettings = z.infer<typeof ChatSettings>;

/** What `platform` cannot take in `patch`, naming the field and the rule (never the value); undefined when all is well. */
export function settingsProblem(platform: ChatPlatform, patch: ChatSettingsPatch): string | undefined {
  const channel = patch.coordinationChannel;
  if (channel && !CHANNEL[platform].pattern.test(channel)) return `coordinationChannel: is not ${CHANNEL[platform].what}`;
  if (patch.team && platform !== 'teams') return "team: only Teams has a team whose roster counts (Slack's is the workspace)";
  if (patch.team && !CHANNEL.teams.pattern.test(patch.team)) return "team: is not a Teams team id (its General channel's id, 19:…@thread.tacv2)";
  return undefined;
}

/** The stored keys a patch sets and the ones it removes. */
export function storedChanges(patch: ChatSettingsPatch): { set: Partial<WorkspaceSettings>; unset: string[] } {
  const set: Partial<WorkspaceSettings> = {};
  const unset: string[] = [];
  const apply = (value: string | null | undefined, key: 'coordinationChannel' | 'language' | 'teamId') => {
    if (value === null) unset.push(key);
    else if (value !== undefined) (set as Record<string, string>)[key] = value;
  };
  apply(patch.coordinationChannel, 'coordinationChannel');
  apply(patch.language, 'language');
  apply(patch.team, 'teamId');
  return { set, unset };
}

export function settingsView(settings: WorkspaceSettings): ChatSettings {
  return {
    ...(settings.coordinationChannel ? { coordinationChannel: settings.coordinationChannel } : {}),
    ...(settings.language ? { language: settings.language } : {}),
    ...(typeof settings.teamId === 'string' ? { team: settings.teamId } : {}),
  };
}

/** The actor's linked workspaces with their settings. */
export async function chatWorkspaces({ db }: UseCaseDeps, actor: Actor): Promise<LinkedWorkspace[]> {
  const workspaces = await listWorkspaces(db, actor.tenant);
  await audit(db, actor, 'chat.settings.read', null, { workspaces: workspaces.length });
  return workspaces;
}

/**
 * Changes a linked workspace's settings (a merge patch). A municipality changes its own
 * workspaces' (another's is as unknown as one that does not exist); the operator any, audited
 * under the municipality whose it is.
 */
export async function changeChatSettings({ db }: UseCaseDeps, actor: Actor, platform: ChatPlatform, workspace: string, patch: ChatSettingsPatch): Promise<Outcome<{ workspace: LinkedWorkspace }>> {
  const problem = settingsProblem(platform, patch);
  if (problem) return refuse('invalid', problem);
  const { set, unset } = storedChanges(patch);
  const changed = await db.transaction(async (tx) => {
    const found = await changeWorkspaceSettings(tx, actor.kind === 'operator' ? undefined : actor.tenant, platform, workspace, set, unset);
    if (found) await audit(tx, { ...actor, tenant: found.tenant }, 'chat.settings.write', null, { platform, workspace, changed: [...Object.keys(set), ...unset] });
    return found;
  });
  // This process's kept copy goes once the change has committed (the transaction's forgetting is its own).
  forgetWorkspace(db, platform, workspace);
  return changed ? { ok: true, workspace: changed } : refuse('not-found', `the ${platform} workspace does not exist`);
}
