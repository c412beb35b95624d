// Which organisations (Entra tenants) the bot serves, and how it and they prove who they
// are. An organisation works once it is linked to a municipality: by the operator, by the
// single-organisation setting at start, or by `link CODE` with an invitation in a 1:1 chat.
// Installing the app in the coordination team teaches where to post; a personal install
// keeps the conversation for reminders. The bot's own tokens come from Entra (entra.ts);
// each activity's token is checked against the Bot Framework's keys (channel-tokens.ts).
import { cloudFromName, PUBLIC, withOverrides, type CloudEnvironment } from '@microsoft/teams.api';
import type { App } from '@microsoft/teams.apps';
import type { ChatContext } from '@samspil/chat';
import { audit, cachedWorkspace, forgetWorkspace, linkWorkspace, rememberConversation, useInvitation, type ChatWorkspace, type Clock, type Db, type Log } from '@samspil/server';
import { channelTokens, checkTokensWith } from './channel-tokens.js';
import type { TeamsConfig } from './config.js';
import { clientCredentials } from './entra.js';
import type { TeamsSettings } from './platform.js';

/** What the handlers read of an activity. */
export type Activity = {
  id?: string;
  serviceUrl?: string;
  from: { id: string; aadObjectId?: string };
  recipient: { id: string };
  conversation: { id: string; tenantId?: string; conversationType?: string };
  channelData?: { tenant?: { id?: string }; team?: { id?: string } };
  entities?: { type: string; mentioned?: { id: string } }[];
  text?: string;
};

/** The Entra tenant (organisation) an activity comes from. */
const entraOf = (a: Activity) => a.conversation.tenantId ?? a.channelData?.tenant?.id;

/** A 1:1 chat with the bot. */
export const personal = (a: Activity) => a.conversation.conversationType === 'personal';

export class TeamsOrganisations {
  /** Microsoft's cloud the settings name: where tokens come from and are checked against. */
  readonly cloud: CloudEnvironment;

  constructor(
    private readonly config: TeamsConfig,
    private readonly options: { db: Db; now: Clock; log: Log },
  ) {
    this.cloud = cloudOf(config);
  }

  /** The single-organisation setup links its Entra tenant at start. */
  async linkAtStart(): Promise<void> {
    const { tenant, tenantId } = this.config;
    // Merged: what the team's installation taught (service URL, team) stays; the environment's settings are defaults, applied where they are read.
    if (tenant && tenantId) await linkWorkspace(this.options.db, { platform: 'teams', workspaceId: tenantId, tenant, settings: { tenantId } }, 'merge');
  }

  /** The bot's tokens, as the SDK's `token` option takes them: from the single-tenant app's home tenant, else from the cloud's bot tenant. */
  botTokens() {
    return clientCredentials({ loginUrl: this.cloud.loginEndpoint, clientId: this.config.clientId, clientSecret: this.config.clientSecret });
  }

  /** Each activity's token checked as the Bot Connector's authentication says: keys from the OpenID document's jwks_uri, and their endorsements (the SDK does neither). */
  checkActivities(teams: App): void {
    const { clientId } = this.config;
    checkTokensWith(teams, channelTokens({ appId: clientId, issuer: this.cloud.tokenIssuer, openIdMetadataUrl: this.cloud.openIdMetadataUrl, now: () => this.options.now().getTime() }));
  }

  /** The workspace of an activity: its Entra tenant, linked to a municipality. */
  async workspaceOf(a: Activity): Promise<ChatWorkspace | undefined> {
    const entra = entraOf(a);
    return entra ? cachedWorkspace(this.options.db, 'teams', entra, this.options.now().getTime()) : undefined;
  }

  /** `link inv_…` from an Entra tenant not yet linked: the invitation's municipality takes it. Whether it did. */
  async linkByInvitation(a: Activity): Promise<'linked' | 'refused' | 'no-code'> {
    const { db, now, log } = this.options;
    const code = /^\s*link\s+(inv_[\w-]{20,64})\s*$/i.exec(a.text ?? '')?.[1];
    const entra = entraOf(a);
    if (!code || !entra) return 'no-code';
    const linked = await db.transaction(async (tx) => {
      const tenant = await useInvitation(tx, 'teams', code, now());
      if (!tenant) return undefined;
      await linkWorkspace(tx, { platform: 'teams', workspaceId: entra, tenant, settings: { tenantId: entra } });
      await audit(tx, { tenant, kind: 'system', id: 'teams-link' }, 'chat.install', null, { platform: 'teams', workspace: entra });
      return tenant;
    });
    if (!linked) return 'refused';
    forgetWorkspace(db, 'teams', entra);
    log.info({ workspace: entra }, 'teams: an Entra tenant was linked by an invitation');
    return 'linked';
  }

  /** The app installed: in a team, where coordinations open and whose roster counts; personally, the conversation for reminders. */
  async installed(a: Activity, chat: ChatContext): Promise<void> {
    const { db, log } = this.options;
    const workspace = await this.workspaceOf(a);
    if (!workspace) return;
    if (a.channelData?.team?.id) {
      // The configured team, else the first to install the app. Another team of the same Entra tenant is not.
      const team = a.channelData.team.id;
      const pinned = workspace.settings.teamId ?? this.config.teamId;
      if (pinned && pinned !== team) return void log.info(`teams: installed in team ${team}, which is not the coordination team; ignored for coordinations`);
      const settings: TeamsSettings = { serviceUrl: a.serviceUrl!, teamId: team, tenantId: workspace.workspaceId };
      await linkWorkspace(db, { ...workspace, settings }, 'merge');
    } else if (personal(a)) {
      const person = await chat.person(workspace.tenant, a.from.id).catch(() => undefined);
      if (person) await rememberConversation(db, workspace.tenant, 'teams', a.from.id, a.conversation.id);
    }
  }
}

/** The cloud's endpoints, with the parts the settings override. */
export function cloudOf(config: TeamsConfig): CloudEnvironment {
  return withOverrides(config.cloud ? cloudFromName(config.cloud) : PUBLIC, {
    ...(config.openIdMetadataUrl ? { openIdMetadataUrl: config.openIdMetadataUrl } : {}),
    ...(config.loginUrl ? { loginEndpoint: config.loginUrl.replace(/\/$/, '') } : {}),
  });
}
