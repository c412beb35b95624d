// The Teams SDK v2 app on the service's HTTP server (POST /api/messages): its
// handlers hand each gesture to the shared chat flows and answer with Adaptive Cards.
import { cloudFromName, PUBLIC, withOverrides, type CloudEnvironment } from '@microsoft/teams.api';
import { App } from '@microsoft/teams.apps';
import { answerWhenDone, ChatFlows, type CommandReply, type NudgeGesture } from '@samspil/chat';
import type { Locale } from '@samspil/core';
import {
  audit,
  cachedWorkspace,
  cachedWorkspaceOfTenant,
  firstDelivery,
  forgetWorkspace,
  linkWorkspace,
  rememberConversation,
  useInvitation,
  type ChatAdapter,
  type ChatAdapterFactory,
  type Log,
} from '@samspil/server';
import { attachment, CARD_CONTENT_TYPE, helpCardJson, nudgeDoneJson, planCardJson, rcDoneCardJson, rcStepCardJson, textCardJson, type Card } from './cards.js';
import { channelTokens, checkTokensWith } from './channel-tokens.js';
import { clientCredentials } from './entra.js';
import { FastifyAdapter } from './fastify-adapter.js';
import { serviceUrlAllowed } from './service-urls.js';
import { statusOf, TeamsPlatform, type TeamsSettings } from './platform.js';
import { TeamsPort } from './port.js';

export interface TeamsConfig {
  /** The bot's Entra app (client) id. */
  clientId: string;
  clientSecret: string;
  /**
   * The app's home Entra tenant, for a single-tenant app: the bot's tokens come from there. Unset,
   * the app is multi-tenant and its tokens come from the cloud's bot tenant (botframework.com).
   * Which organisations the bot serves is not this: it serves the Entra tenants linked to a municipality.
   */
  tenantId?: string | undefined;
  /** The Samspil tenant (municipality) that `tenantId` maps to: the single-organisation setup. */
  tenant?: string | undefined;
  /** The channel (id) where coordinations open as new conversations; the team's General channel by default. */
  coordinationChannel?: string | undefined;
  locale?: Locale;
  /** Microsoft's cloud: Public (default), USGov, USGovDoD or China; the settings below override its parts. */
  cloud?: string | undefined;
  /** Where the Bot Framework publishes its signing keys (a national cloud's; a local fake's). */
  openIdMetadataUrl?: string | undefined;
  /** Entra's login host, where the bot's tokens come from (a national cloud's; a local fake's). */
  loginUrl?: string | undefined;
  /** The team coordinations open in (its id); else the first team that installs the app, kept. */
  teamId?: string | undefined;
  /** Hosts besides Microsoft's Bot Connector hosts that a `serviceUrl` may name (a national cloud's; a local fake's). */
  serviceHosts?: string[] | undefined;
  /** This service's public address, where links in messages point (an RC wave's result). */
  publicUrl?: string | undefined;
}

export function teamsConfigFromEnv(env: NodeJS.ProcessEnv = process.env): TeamsConfig | undefined {
  if (!env.TEAMS_CLIENT_ID || !env.TEAMS_CLIENT_SECRET) return undefined;
  const config: TeamsConfig = {
    clientId: env.TEAMS_CLIENT_ID,
    clientSecret: env.TEAMS_CLIENT_SECRET,
    tenantId: env.TEAMS_TENANT_ID,
    tenant: env.TEAMS_SAMSPIL_TENANT,
    coordinationChannel: env.TEAMS_COORDINATION_CHANNEL,
    teamId: env.TEAMS_TEAM_ID,
    cloud: env.TEAMS_CLOUD,
    openIdMetadataUrl: env.TEAMS_OPENID_METADATA_URL,
    loginUrl: env.TEAMS_LOGIN_URL,
    serviceHosts: env.TEAMS_SERVICE_HOSTS?.split(',').map((h) => h.trim()).filter(Boolean),
    publicUrl: env.SAMSPIL_PUBLIC_URL?.replace(/\/$/, ''),
    locale: env.TEAMS_LANGUAGE === 'en' ? 'en' : 'da',
  };
  return Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined)) as TeamsConfig;
}

/** The cloud's endpoints, with the parts the settings override. */
function cloudOf(config: TeamsConfig): CloudEnvironment {
  return withOverrides(config.cloud ? cloudFromName(config.cloud) : PUBLIC, {
    ...(config.openIdMetadataUrl ? { openIdMetadataUrl: config.openIdMetadataUrl } : {}),
    ...(config.loginUrl ? { loginEndpoint: config.loginUrl.replace(/\/$/, '') } : {}),
  });
}

type Activity = {
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

/** Quiet unless something is wrong: the service has its own log. */
function logger(log: Log) {
  const l = {
    error: (...m: unknown[]) => log.warn(`teams: ${m.map(String).join(' ')}`),
    warn: (...m: unknown[]) => log.warn(`teams: ${m.map(String).join(' ')}`),
    info: () => {},
    debug: () => {},
    trace: () => {},
    log: () => {},
    child: () => l,
  };
  return l;
}

export function teamsAdapter(config: TeamsConfig): ChatAdapterFactory {
  return async ({ app: fastify, db, useCases, policy, waves, now, log }): Promise<ChatAdapter> => {
    if (config.tenant && config.tenantId) {
      // Merged: what the team's installation taught (service URL, team) stays.
      // Linked, its settings kept: the environment's are defaults, applied where they are read.
      await linkWorkspace(db, { platform: 'teams', workspaceId: config.tenantId, tenant: config.tenant, settings: { tenantId: config.tenantId } }, 'merge');
    }
    const cloud = cloudOf(config);
    const teams = new App({
      clientId: config.clientId,
      // Tokens from the single-tenant app's home tenant, else from the cloud's bot tenant.
      token: clientCredentials({ loginUrl: cloud.loginEndpoint, clientId: config.clientId, clientSecret: config.clientSecret }),
      ...(config.tenantId ? { tenantId: config.tenantId } : {}),
      cloud,
      httpServerAdapter: new FastifyAdapter(fastify, serviceUrlAllowed(config.serviceHosts ?? []), log),
      // Not the SDK's environment variable DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS either: every token is checked.
      dangerouslyAllowUnauthenticatedRequests: false,
      activity: { mentions: { stripText: true } },
      logger: logger(log) as never,
    });
    const locale = config.locale ?? 'da';
    const settingsOf = async (tenant: string) => (await cachedWorkspaceOfTenant(db, tenant, 'teams', now().getTime()))?.settings as TeamsSettings | undefined;
    const platform = new TeamsPlatform(db, teams.api.http, config.clientId, settingsOf, () => now().getTime());
    const defaults = config.coordinationChannel ? { coordinationChannel: config.coordinationChannel } : {};
    const flows = new ChatFlows({ db, useCases, policy, waves, locale, defaults, now, log, publicUrl: config.publicUrl }, platform);
    /** Words for an organisation not linked (no municipality, so no setting): the default language's. */
    const unlinked = flows.texts();

    /** The workspace of an activity: its Entra tenant, linked to a municipality. */
    const workspaceOf = async (a: Activity) => {
      const entra = entraOf(a);
      return entra ? cachedWorkspace(db, 'teams', entra, now().getTime()) : undefined;
    };
    const personal = (a: Activity) => a.conversation.conversationType === 'personal';
    /** `link inv_…` from an Entra tenant not yet linked: the invitation's municipality takes it. */
    const linkByInvitation = async (a: Activity): Promise<string> => {
      const code = /^\s*link\s+(inv_[\w-]{20,64})\s*$/i.exec(a.text ?? '')?.[1];
      const entra = entraOf(a);
      if (!code || !entra) return unlinked.unlinkedWorkspace;
      const linked = await db.transaction(async (tx) => {
        const tenant = await useInvitation(tx, 'teams', code, now());
        if (!tenant) return undefined;
        await linkWorkspace(tx, { platform: 'teams', workspaceId: entra, tenant, settings: { tenantId: entra } });
        await audit(tx, { tenant, kind: 'system', id: 'teams-link' }, 'chat.install', null, { platform: 'teams', workspace: entra });
        return tenant;
      });
      if (linked) {
        forgetWorkspace(db, 'teams', entra);
        log.info({ workspace: entra }, 'teams: an Entra tenant was linked by an invitation');
      }
      return linked ? unlinked.linkedWorkspace : unlinked.linkRefused;
    };

    teams.on('install.add', async ({ activity }) => {
      const a = activity as unknown as Activity;
      const workspace = await workspaceOf(a);
      if (!workspace) return;
      if (a.channelData?.team?.id) {
        // Installed in a team: the configured one, else the first to install the app, is where
        // coordinations open and the roster is read. Another team of the same Entra tenant is not.
        const team = a.channelData.team.id;
        const pinned = workspace.settings.teamId ?? config.teamId;
        if (pinned && pinned !== team) return void log.info(`teams: installed in team ${team}, which is not the coordination team; ignored for coordinations`);
        const settings: TeamsSettings = { serviceUrl: a.serviceUrl!, teamId: team, tenantId: workspace.workspaceId };
        await linkWorkspace(db, { ...workspace, settings }, 'merge');
      } else if (personal(a)) {
        // A personal install: the conversation reference for proactive reminders.
        const person = await flows.person(workspace.tenant, a.from.id).catch(() => undefined);
        if (person) await rememberConversation(db, workspace.tenant, 'teams', a.from.id, a.conversation.id);
      }
    });

    teams.on('message', async ({ activity, send: sendOnce }) => {
      const a = activity as unknown as Activity;
      // A reply waits out the connector's 429 and 5xx like the rest of the gesture.
      const send = (reply: Parameters<typeof sendOnce>[0]) => flows.retrying(() => sendOnce(reply));
      const workspace = await workspaceOf(a);
      // An Entra tenant not linked to a municipality: one polite answer, nothing stored; or, in a
      // 1:1 chat, `link CODE` with an operator's invitation links it.
      if (!workspace) return void (await send(personal(a) ? await linkByInvitation(a) : unlinked.unlinkedWorkspace));
      const t = flows.texts(workspace.settings);
      if (a.id && !(await firstDelivery(db, 'teams', `activity:${a.id}`))) return; // a redelivery of an activity already handled
      const mentions = (a.entities ?? []).filter((e) => e.type === 'mention' && e.mentioned && e.mentioned.id !== a.recipient.id).map((e) => e.mentioned!.id);
      const text = (a.text ?? '').replace(/<at>[^<]*<\/at>/g, ' ').trim();
      let reply: CommandReply;
      try {
        // Rate limits and 5xx are waited out inside; past 3 s the person hears it is under way.
        reply = await answerWhenDone(flows.command(workspace.tenant, workspace.settings, a.from.id, text, mentions, ''), () => send(t.underWay));
      } catch (error) {
        // The connector's final word (403, 404) says what to do; anything else asks to try again.
        log.warn(`teams: ${(error as Error).message}`);
        const status = statusOf(error);
        reply = { kind: 'text', text: status !== undefined && status < 500 && status !== 429 ? t.platformRefused(`HTTP ${status}`) : t.failed };
      }
      // Answers to the caller are the caller's: in a channel they go to the 1:1 chat (a refusal
      // above all), and the channel hears only that an answer was sent.
      if (reply.kind === 'text') {
        if (personal(a)) return void (await send(reply.text));
        await flows.retrying(() => platform.sendText(workspace.tenant, a.from.id, reply.text));
        return void (await send(t.sentPrivately));
      }
      if (reply.kind === 'help') return void (await send({ type: 'message', attachments: [attachment(helpCardJson(reply.model, reply.before))] } as never));
      const card: Card = reply.kind === 'card' ? planCardJson(reply.card) : textCardJson(reply.model);
      // `status` and `stalled` are for the caller only: in a channel they go to the 1:1 chat.
      if (personal(a)) return void (await send({ type: 'message', attachments: [attachment(card)] } as never));
      await flows.retrying(() => platform.sendCard(workspace.tenant, a.from.id, card));
      await send(t.sentPrivately);
    });

    teams.on('card.action', async ({ activity }) => {
      const a = activity as unknown as Activity & { value: { action: { verb?: string; data?: Record<string, string> } } };
      const { verb = '', data = {} } = a.value.action;
      const workspace = await workspaceOf(a);
      const message = (value: string) => ({ statusCode: 200 as const, type: 'application/vnd.microsoft.activity.message' as const, value });
      const cardResponse = (value: Card) => ({ statusCode: 200 as const, type: CARD_CONTENT_TYPE as 'application/vnd.microsoft.card.adaptive', value: value as never });
      if (!workspace) return message(unlinked.unlinkedWorkspace);
      const t = flows.texts(workspace.settings);
      const { tenant } = workspace;
      const by = await flows.person(tenant, a.from.id);
      if (!by) return message(t.notLinked);
      const reference = data.reference ?? '';

      if (verb.startsWith('plan.')) {
        if (verb === 'plan.assign' || verb === 'plan.accept') {
          const person = verb === 'plan.assign' ? data.coordinator : data.person;
          if (!person) return message(t.coordinatorUnknown);
          const r = await flows.assignPerson(tenant, by, reference, { id: person }, verb === 'plan.assign' ? 'assigned in Teams' : 'suggested coordinator accepted in Teams', verb);
          if (!r.ok) return message(r.text);
        }
        // plan.refresh, and after a change: the current card for the one who acted or looks, if they may see it.
        const card = await flows.cardFor(tenant, by, reference, verb);
        return card.ok ? cardResponse(planCardJson(card.card, [a.from.id])) : message(card.text);
      }
      if (verb.startsWith('nudge.')) {
        const gesture: NudgeGesture | undefined =
          verb === 'nudge.ack' ? { kind: 'acknowledge' } : verb === 'nudge.snooze' ? { kind: 'snooze' } : verb === 'nudge.reassign' && data.coordinator ? { kind: 'reassign', person: data.coordinator } : undefined;
        if (!gesture) return message(t.coordinatorUnknown);
        const outcome = await flows.nudgeGesture(tenant, a.from.id, data.nudgeId ?? '', reference, gesture);
        return cardResponse(nudgeDoneJson({ title: data.title ?? reference, detail: data.detail ?? '' }, outcome));
      }
      if (verb === 'rc.answer') {
        const step = await flows.waves.questions(tenant, a.from.id, data.wave ?? '');
        return step.ok ? cardResponse(rcStepCardJson(step.step)) : message(step.text);
      }
      if (verb === 'rc.save') {
        // The inputs arrive in `data` beside the wave and the group, each under its dimension.
        const outcome = await flows.waves.answer(tenant, a.from.id, data.wave ?? '', data.group ?? '', data);
        if (outcome.kind === 'refused') return message(outcome.text);
        if (outcome.kind === 'done') return cardResponse(rcDoneCardJson(outcome.text, outcome.wave, t.rcChangeAnswers));
        return cardResponse(rcStepCardJson(outcome.step));
      }
      return message(t.unknownCommand(verb));
    });

    teams.event('error', ({ error }) => log.warn(`teams: ${(error as Error)?.message ?? String(error)}`));
    // Registers POST /api/messages on the service's server; the service listens, not the SDK.
    await teams.initialize();
    // Keys from the OpenID document's jwks_uri, and their endorsements checked: the SDK does neither.
    checkTokensWith(teams, channelTokens({ appId: config.clientId, issuer: cloud.tokenIssuer, openIdMetadataUrl: cloud.openIdMetadataUrl, now: () => now().getTime() }));
    log.info('teams: activities at POST /api/messages');
    return {
      name: 'teams',
      port: new TeamsPort(flows),
      async start() {
        // Coordinations a service that died left half open are finished now.
        void flows.finishAbandoned().catch((error: Error) => log.warn(`teams: ${error.message}`));
      },
      async stop() {},
    };
  };
}
