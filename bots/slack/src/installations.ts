// Which Slack workspaces Samspil serves, and with which token: the simple install's one
// bot token from the environment, or each workspace's installation by OAuth (Bolt's
// InstallProvider over an installation store in Samspil's database). A first install
// needs a valid invitation (the install link's `metadata`), which binds the workspace to
// the invitation's tenant; tokens are kept sealed. An install without one is stored nowhere.
import { messages, type Messages } from '@samspil/chat';
import {
  anyInstallation,
  audit,
  cachedWorkspace,
  cachedWorkspaceOfTenant,
  CodedError,
  deleteInstallation,
  dropPendingOfTenant,
  encryptionKey,
  ErrorCode,
  errorCode,
  Expiring,
  findInstallation,
  findWorkspace,
  forgetWorkspace,
  invitationTenant,
  linkWorkspace,
  NotInstalledError,
  saveInstallation,
  seal,
  unlinkWorkspace,
  unseal,
  useInvitation,
  type Clock,
  type Db,
  type Log,
  type WorkspaceSettings,
} from '@samspil/server';
import type { AuthorizeResult, AuthorizeSourceData, Logger, webApi } from '@slack/bolt';
import { ErrorCode as OAuthErrorCode, InstallProvider, type Installation, type InstallationQuery, type InstallationStore } from '@slack/oauth';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SlackConfig, SlackOAuth } from './config.js';
import { PacedWebClient } from './pacing.js';

/** The workspace an installation or a request belongs to: the organisation for an org-wide install. */
export const workspaceIdOf = (q: { teamId?: string | undefined; enterpriseId?: string | undefined; isEnterpriseInstall?: boolean | undefined }): string | undefined =>
  q.isEnterpriseInstall ? q.enterpriseId : q.teamId;

export class SlackInstallations implements InstallationStore {
  constructor(
    private readonly db: Db,
    private readonly key: Buffer,
    private readonly now: Clock,
  ) {}

  async storeInstallation(installation: Installation<'v1' | 'v2', boolean>): Promise<void> {
    const enterprise = installation.isEnterpriseInstall === true;
    const workspaceId = enterprise ? installation.enterprise?.id : installation.team?.id;
    const bot = installation.bot;
    if (!workspaceId || !bot?.token) throw new CodedError(ErrorCode.Permanent, 'Slack returned an installation without a workspace or a bot token');
    await this.db.transaction(async (tx) => {
      const linked = await findWorkspace(tx, 'slack', workspaceId);
      // A new install is bound by its invitation; a reinstall or a rotated token keeps its tenant.
      const invited = installation.metadata ? await useInvitation(tx, 'slack', installation.metadata, this.now()) : undefined;
      if (installation.metadata && !invited) throw new CodedError(ErrorCode.Permanent, 'the invitation is not valid (unknown, used or expired)');
      if (invited && linked && linked.tenant !== invited) throw new CodedError(ErrorCode.Permanent, 'the workspace belongs to another municipality');
      const tenant = invited ?? linked?.tenant;
      if (!tenant) throw new CodedError(ErrorCode.Permanent, 'a new installation needs an invitation');
      if (!linked) await linkWorkspace(tx, { platform: 'slack', workspaceId, tenant, settings: {} });
      await saveInstallation(tx, {
        platform: 'slack',
        workspaceId,
        enterprise,
        botId: bot.id,
        botUserId: bot.userId,
        botToken: seal(this.key, bot.token),
        refreshToken: bot.refreshToken ? seal(this.key, bot.refreshToken) : null,
        expiresAt: bot.expiresAt ? new Date(bot.expiresAt * 1000) : null,
      });
      if (invited) await audit(tx, { tenant, kind: 'system', id: 'slack-install' }, 'chat.install', null, { platform: 'slack', workspace: workspaceId, enterprise });
    });
    forgetWorkspace(this.db, 'slack', workspaceId);
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation<'v1' | 'v2', boolean>> {
    const workspaceId = workspaceIdOf(query);
    const stored = workspaceId ? await findInstallation(this.db, 'slack', workspaceId) : undefined;
    if (!stored) throw new CodedError(ErrorCode.NotInstalled, `Samspil is not installed in Slack workspace ${workspaceId}`);
    const bot = {
      token: unseal(this.key, stored.botToken),
      ...(stored.refreshToken ? { refreshToken: unseal(this.key, stored.refreshToken) } : {}),
      ...(stored.expiresAt ? { expiresAt: Math.floor(stored.expiresAt.getTime() / 1000) } : {}),
      scopes: [],
      id: stored.botId ?? '',
      userId: stored.botUserId ?? '',
    };
    return {
      team: stored.enterprise ? undefined : { id: stored.workspaceId },
      enterprise: stored.enterprise ? { id: stored.workspaceId } : query.enterpriseId ? { id: query.enterpriseId } : undefined,
      isEnterpriseInstall: stored.enterprise,
      user: { token: undefined, scopes: undefined, id: '' },
      bot,
      authVersion: 'v2',
      tokenType: 'bot',
    } as Installation<'v1' | 'v2', boolean>;
  }
}

/** The bot scopes: exactly those of the Web API methods the app calls (see manifest.yml). */
export const SCOPES = ['chat:write', 'commands', 'groups:write', 'pins:write', 'users:read', 'users:read.email', 'im:write'];

const INVITATION = /^inv_[\w-]{20,64}$/;

/** InstallProvider's refusals of the redirect itself, by code: nothing Slack did wrong. */
const REFUSED: Record<string, number> = { [OAuthErrorCode.InvalidStateError]: 403, [OAuthErrorCode.MissingStateError]: 403, [OAuthErrorCode.MissingCodeError]: 400 };

function oauthInstaller(oauth: SlackOAuth, db: Db, now: Clock, clientOptions: webApi.WebClientOptions, logger: Logger): InstallProvider {
  return new InstallProvider({
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    stateSecret: oauth.stateSecret,
    installationStore: new SlackInstallations(db, encryptionKey(oauth.encryptionKey), now),
    // The invitation link leads straight to Slack's consent page.
    directInstall: true,
    ...(oauth.authorizationUrl ? { authorizationUrl: oauth.authorizationUrl } : {}),
    // Someone waits in a browser: Slack's rate limit on oauth.v2.access is waited out briefly.
    clientOptions: { ...clientOptions, rejectRateLimitedCalls: false, retryConfig: { retries: 2, factor: 1, minTimeout: 1000, maxTimeout: 5000 } },
    installUrlOptions: { scopes: SCOPES, redirectUri: `${oauth.publicUrl}/slack/oauth_redirect` },
    logger,
  });
}

const page = (title: string, text: string, lang: string) =>
  `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title></head><body><main><h1>${title}</h1><p>${text}</p></main></body></html>`;

/** Slack's standard paths: `GET /slack/install?invitation=…` starts an install, `GET /slack/oauth_redirect` finishes it. */
function installRoutes(app: FastifyInstance, installer: InstallProvider, oauth: SlackOAuth, db: Db, now: Clock, log: Log, t: Messages, lang: string): void {
  const refused = (reply: FastifyReply) => reply.code(403).type('text/html; charset=utf-8').send(page('Samspil', t.installRefused, lang));
  app.get('/slack/install', { config: { access: 'public' } }, async (request, reply) => {
    const code = String((request.query as { invitation?: unknown }).invitation ?? '');
    if (!INVITATION.test(code) || !(await invitationTenant(db, 'slack', code, now()))) return refused(reply);
    reply.hijack();
    await installer.handleInstallPath(request.raw, reply.raw, {}, { scopes: SCOPES, redirectUri: `${oauth.publicUrl}/slack/oauth_redirect`, metadata: code });
  });
  app.get('/slack/oauth_redirect', { config: { access: 'public' } }, async (request, reply) => {
    reply.hijack();
    await installer.handleCallback(request.raw, reply.raw, {
      success: (_installation, _options, _req, res) => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page('Samspil', t.installDone, lang)),
      failure: (error, _options, _req, res) => {
        // The reason by its code: an invitation's code or a token never reaches the log.
        log.warn({ code: (error as { code?: string }).code }, 'slack: an installation was refused');
        // Refused: by us (the invitation) 403, a forged or expired state 403, no code 400. Only
        // Slack failing (its errors, the network) is 503: the invitation was not used, so it can be tried again.
        const status = errorCode((error as { original?: unknown }).original ?? error) === ErrorCode.Permanent ? 403 : (REFUSED[(error as { code?: string }).code ?? ''] ?? 503);
        res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(page('Samspil', status === 503 ? t.installRetry : t.installRefused, lang));
      },
    });
  });
}

/** A workspace uninstalled (or its bot token revoked): its installation goes, it is unlinked, its tenant's messages not yet sent are given up. */
async function releaseWorkspace(db: Db, platform: 'slack', workspaceId: string, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    await deleteInstallation(tx, platform, workspaceId);
    const tenant = await unlinkWorkspace(tx, platform, workspaceId);
    if (!tenant) return;
    const dropped = await dropPendingOfTenant(tx, tenant, `the ${platform} app was uninstalled`);
    await audit(tx, { tenant, kind: 'system', id: `${platform}-uninstall` }, 'chat.uninstall', null, { platform, workspace: workspaceId, dropped, at: now.toISOString() });
  });
  forgetWorkspace(db, platform, workspaceId);
}

type Source = { teamId?: string | undefined; enterpriseId?: string | undefined; isEnterpriseInstall?: boolean | undefined };
type Token = { botToken: string; botId: string | undefined; botUserId: string | undefined };

/** A workspace's tenant and settings, riding in Bolt's context to every listener. */
export type SlackWorkspace = { tenant: string; settings: WorkspaceSettings };

export interface WorkspaceOptions {
  fastify: FastifyInstance;
  db: Db;
  now: Clock;
  log: Log;
  /** How the Web API clients are made; their logger is Bolt's. */
  clientOptions: webApi.WebClientOptions & { logger: Logger };
}

/** The workspaces and their tokens: set up once, at start, for the one token or for installs by OAuth. */
export class SlackWorkspaces {
  /** Web API clients paced per tier, one per token. */
  readonly #clients = new Map<string, PacedWebClient>();
  /** Calls at once for one workspace share one authorisation: two refreshing with the same refresh token would have Slack refuse the second. */
  readonly #authorizing = new Expiring<string, Token>(0);
  /** The simple install: one workspace, its token in the environment. */
  #single: { teamId: string; token: string; botId: string; botUserId: string } | undefined;
  #installer: InstallProvider | undefined;

  private constructor(
    private readonly config: SlackConfig,
    private readonly options: WorkspaceOptions,
  ) {}

  static async open(config: SlackConfig, options: WorkspaceOptions): Promise<SlackWorkspaces> {
    const workspaces = new SlackWorkspaces(config, options);
    const { db, now, log, fastify, clientOptions } = options;
    if (config.botToken) {
      const auth = await workspaces.clientOf(config.botToken).auth.test().catch((error: Error) => {
        throw new Error(`Slack refused SLACK_BOT_TOKEN (auth.test): ${(error as { data?: { error?: string } }).data?.error ?? error.message}`);
      });
      workspaces.#single = { teamId: auth.team_id!, token: config.botToken, botId: auth.bot_id!, botUserId: auth.user_id! };
      // Linked, its settings kept: the environment's are defaults, applied where they are read.
      if (config.tenant) await linkWorkspace(db, { platform: 'slack', workspaceId: auth.team_id!, tenant: config.tenant, settings: {} }, 'merge');
    }
    if (config.oauth) {
      workspaces.#installer = oauthInstaller(config.oauth, db, now, clientOptions, clientOptions.logger);
      const locale = config.locale ?? 'da';
      installRoutes(fastify, workspaces.#installer, config.oauth, db, now, log, messages[locale], locale);
    } else if (await anyInstallation(db)) {
      throw new Error('Slack installations are stored, but SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET, SAMSPIL_ENCRYPTION_KEY and SAMSPIL_PUBLIC_URL are not all set: their tokens cannot be opened');
    }
    return workspaces;
  }

  /** Whether workspaces install by OAuth (and uninstall: see release). */
  get byOAuth(): boolean {
    return this.#installer !== undefined;
  }

  /** The workspace, as the log names it. */
  get name(): string {
    return this.#single?.teamId ?? 'installed by OAuth';
  }

  clientOf(token: string): PacedWebClient {
    let client = this.#clients.get(token);
    if (!client) this.#clients.set(token, (client = new PacedWebClient(token, this.options.clientOptions, this.config.pacingWindowMs)));
    return client;
  }

  /** The client of a tenant's workspace, for the outbox and the flows. */
  async client(tenant: string): Promise<webApi.WebClient> {
    const single = this.#single;
    if (!this.#installer && single) return this.clientOf(single.token);
    const linked = await cachedWorkspaceOfTenant(this.options.db, tenant, 'slack', this.options.now().getTime());
    if (!linked) throw new NotInstalledError(`tenant ${tenant} has no Slack workspace`);
    // The installation is stored under the workspace's id, a team's or an organisation's alike.
    return this.clientOf((await this.#token({ teamId: linked.workspaceId })).botToken);
  }

  /** Bolt's authorisation: a workspace works only when it is linked to a tenant; the tenant rides in the context. */
  async authorize(source: AuthorizeSourceData<boolean>): Promise<AuthorizeResult & SlackWorkspace> {
    const id = workspaceIdOf(source);
    const workspace = id ? await cachedWorkspace(this.options.db, 'slack', id, this.options.now().getTime()) : undefined;
    if (!workspace) throw new Error(`Slack workspace ${id} is not linked to a tenant`);
    return { ...(await this.#token(source)), teamId: source.teamId, enterpriseId: source.enterpriseId, tenant: workspace.tenant, settings: workspace.settings };
  }

  /** A workspace's token: the simple install's, or its installation's, refreshed when it rotates. */
  async #token(source: Source): Promise<Token> {
    const id = workspaceIdOf(source) ?? '';
    const single = this.#single;
    const installer = this.#installer;
    if (single && (!installer || id === single.teamId)) return { botToken: single.token, botId: single.botId, botUserId: single.botUserId };
    if (!installer) throw new NotInstalledError(`Slack workspace ${id} has no token here`);
    // Shared while in flight, kept no longer: InstallProvider reads the installation each time.
    const authorize = () =>
      installer
        .authorize({ teamId: source.teamId, enterpriseId: source.enterpriseId, isEnterpriseInstall: source.isEnterpriseInstall ?? false })
        .then((a) => ({ botToken: a.botToken!, botId: a.botId, botUserId: a.botUserId }));
    return this.#authorizing.get(id, this.options.now().getTime(), authorize, () => false);
  }

  /** Uninstalled, or its tokens revoked: the workspace of Bolt's context is let go, its messages not sent. */
  async release(context: Record<string, unknown>): Promise<void> {
    const id = workspaceIdOf({ teamId: context.teamId as string | undefined, enterpriseId: context.enterpriseId as string | undefined, isEnterpriseInstall: context.isEnterprise as boolean | undefined }) ?? (context.teamId as string);
    await releaseWorkspace(this.options.db, 'slack', id, this.options.now());
    this.options.log.info({ workspace: id }, 'slack: uninstalled; the workspace is unlinked');
  }
}
