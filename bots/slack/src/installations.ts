// Slack installed by OAuth, one workspace per municipality: Bolt's InstallProvider over an
// installation store in Samspil's database. A first install needs a valid invitation (the
// install link's `metadata`), which binds the workspace to the invitation's tenant; tokens
// are kept sealed. An install without one is stored nowhere.
import type { Messages } from '@samspil/chat';
import {
  audit,
  CodedError,
  deleteInstallation,
  dropPendingOfTenant,
  encryptionKey,
  ErrorCode,
  errorCode,
  findInstallation,
  findWorkspace,
  forgetWorkspace,
  invitationTenant,
  linkWorkspace,
  saveInstallation,
  seal,
  unlinkWorkspace,
  unseal,
  useInvitation,
  type Clock,
  type Db,
  type Log,
} from '@samspil/server';
import type { webApi } from '@slack/bolt';
import { ErrorCode as OAuthErrorCode, InstallProvider, LogLevel, type Installation, type InstallationQuery, type InstallationStore } from '@slack/oauth';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SlackOAuth } from './app.js';

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

export function oauthInstaller(oauth: SlackOAuth, db: Db, now: Clock, clientOptions: webApi.WebClientOptions): InstallProvider {
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
    logLevel: LogLevel.ERROR,
  });
}

const page = (title: string, text: string, lang: string) =>
  `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title></head><body><main><h1>${title}</h1><p>${text}</p></main></body></html>`;

/** Slack's standard paths: `GET /slack/install?invitation=…` starts an install, `GET /slack/oauth_redirect` finishes it. */
export function installRoutes(app: FastifyInstance, installer: InstallProvider, oauth: SlackOAuth, db: Db, now: Clock, log: Log, t: Messages, lang: string): void {
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
export async function releaseWorkspace(db: Db, platform: 'slack', workspaceId: string, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    await deleteInstallation(tx, platform, workspaceId);
    const tenant = await unlinkWorkspace(tx, platform, workspaceId);
    if (!tenant) return;
    const dropped = await dropPendingOfTenant(tx, tenant, `the ${platform} app was uninstalled`);
    await audit(tx, { tenant, kind: 'system', id: `${platform}-uninstall` }, 'chat.uninstall', null, { platform, workspace: workspaceId, dropped, at: now.toISOString() });
  });
  forgetWorkspace(db, platform, workspaceId);
}
