// Bolt's listeners: each acknowledges first (Slack waits 3 s at most), then hands
// the gesture to the shared chat flows and renders what they return as Block Kit.
import { answerWhenDone, ChatFlows, referenceIn, type CommandReply, type Messages, type NudgeGesture } from '@samspil/chat';
import { hasCpr, type Locale } from '@samspil/core';
import { anyInstallation, cachedWorkspace, cachedWorkspaceOfTenant, departmentsOf, Expiring, firstDelivery, linkWorkspace, NotInstalledError, systemClock, type ChatAdapter, type ChatAdapterFactory, type WorkspaceSettings } from '@samspil/server';
import { App, webApi, type BlockAction, type ButtonAction, type RespondArguments, type UsersSelectAction } from '@slack/bolt';
import { helpText, homeView, noticeModal, nudgeDone, planCardBlocks, rcStepModal, requestModal, textBlocks, type Block } from './blocks.js';
import { PacedWebClient } from './pacing.js';
import { SlackPlatform, slackError } from './platform.js';
import { SlackPort } from './port.js';
import { FastifyReceiver } from './receiver.js';
import { installRoutes, oauthInstaller, releaseWorkspace, workspaceIdOf } from './install.js';

/** Installation by OAuth: one Samspil for many workspaces, each bound to its municipality by an invitation. */
export interface SlackOAuth {
  clientId: string;
  clientSecret: string;
  /** Signs the OAuth state (Bolt's InstallProvider). */
  stateSecret: string;
  /** Seals the workspaces' tokens in the database (32 bytes, base64 or hex). */
  encryptionKey: string;
  /** Where Slack sends the installer back: this service's public address (`https://samspil.example.dk`). */
  publicUrl: string;
  /** Slack's authorisation page (tests point it at their fake). */
  authorizationUrl?: string | undefined;
}

export interface SlackConfig {
  signingSecret: string;
  /** One workspace's bot token (the simple install); with `oauth` as well, that workspace keeps it. */
  botToken?: string | undefined;
  oauth?: SlackOAuth | undefined;
  /** Socket Mode instead of HTTP when set (`xapp-…`). */
  appToken?: string | undefined;
  /** The Web API's base URL (tests, proxies); Slack's own by default. */
  apiUrl?: string | undefined;
  /** The tenant the bot token's workspace belongs to (linked at start). */
  tenant?: string | undefined;
  /** Open coordinations as threads in this channel instead of a private channel each. */
  coordinationChannel?: string | undefined;
  locale?: Locale;
  /** Slack's minute for pacing calls per method tier (tests shorten it with their fake's); 60 s. */
  pacingWindowMs?: number | undefined;
  /** This service's public address, where links in messages point (an RC wave's result). */
  publicUrl?: string | undefined;
}

/** The adapter's configuration from the environment, or undefined when it is not configured. */
export function slackConfigFromEnv(env: NodeJS.ProcessEnv = process.env): SlackConfig | undefined {
  const oauth = env.SLACK_CLIENT_ID && env.SLACK_CLIENT_SECRET && env.SLACK_STATE_SECRET && env.SAMSPIL_ENCRYPTION_KEY && env.SAMSPIL_PUBLIC_URL && env.SLACK_SIGNING_SECRET;
  if ((!env.SLACK_BOT_TOKEN && !oauth) || (!env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN)) return undefined;
  return {
    signingSecret: env.SLACK_SIGNING_SECRET ?? '',
    botToken: env.SLACK_BOT_TOKEN,
    oauth: oauth
      ? { clientId: env.SLACK_CLIENT_ID!, clientSecret: env.SLACK_CLIENT_SECRET!, stateSecret: env.SLACK_STATE_SECRET!, encryptionKey: env.SAMSPIL_ENCRYPTION_KEY!, publicUrl: env.SAMSPIL_PUBLIC_URL!.replace(/\/$/, '') }
      : undefined,
    appToken: env.SLACK_APP_TOKEN,
    apiUrl: env.SLACK_API_URL,
    tenant: env.SLACK_TENANT,
    coordinationChannel: env.SLACK_COORDINATION_CHANNEL,
    locale: env.SLACK_LANGUAGE === 'en' ? 'en' : 'da',
    publicUrl: env.SAMSPIL_PUBLIC_URL?.replace(/\/$/, ''),
  };
}

/** A command's answer, to the caller only. */
function reply(r: CommandReply): RespondArguments {
  const base = { response_type: 'ephemeral' as const, replace_original: false };
  switch (r.kind) {
    case 'text':
      return { ...base, text: r.text };
    case 'help':
      return { ...base, text: helpText(r.model, r.before) };
    case 'card':
      return { ...base, ...planCardBlocks(r.card) };
    case 'list':
      return { ...base, ...textBlocks(r.model) };
  }
}

const MENTION = /<@([A-Z0-9]+)(?:\|[^>]*)?>/g;

/** The wave and partner group of a questions modal: from Slack's payload, so checked again by the flows. */
function stepOf(metadata: string): { wave: string; group: string } {
  try {
    const parsed = JSON.parse(metadata) as { wave?: unknown; group?: unknown };
    return { wave: typeof parsed.wave === 'string' ? parsed.wave : '', group: typeof parsed.group === 'string' ? parsed.group : '' };
  } catch {
    return { wave: '', group: '' };
  }
}

export function slackAdapter(config: SlackConfig): ChatAdapterFactory {
  return async ({ app: fastify, db, useCases, policy, waves, now, log }): Promise<ChatAdapter> => {
    const clientOptions: webApi.WebClientOptions = {
      // The outbox retries and waits out rate limits; the client must not sleep for minutes.
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: 10_000,
      ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
    };
    // The outbox and the gestures' own retries wait out rate limits; calls are paced per tier, per token.
    const paced = new Map<string, PacedWebClient>();
    const clientOf = (token: string): PacedWebClient => {
      let client = paced.get(token);
      if (!client) paced.set(token, (client = new PacedWebClient(token, clientOptions, config.pacingWindowMs)));
      return client;
    };
    // The simple install: one workspace, its token in the environment.
    let single: { teamId: string; token: string; botId: string; botUserId: string } | undefined;
    if (config.botToken) {
      const auth = await clientOf(config.botToken).auth.test().catch((error: Error) => {
        throw new Error(`Slack refused SLACK_BOT_TOKEN (auth.test): ${(error as { data?: { error?: string } }).data?.error ?? error.message}`);
      });
      single = { teamId: auth.team_id!, token: config.botToken, botId: auth.bot_id!, botUserId: auth.user_id! };
      // Linked, its settings kept: the environment's are defaults, applied where they are read.
      if (config.tenant) await linkWorkspace(db, { platform: 'slack', workspaceId: single.teamId, tenant: config.tenant, settings: {} }, 'merge');
    }
    const installer = config.oauth && oauthInstaller(config.oauth, db, now, clientOptions);
    if (!config.oauth && (await anyInstallation(db))) throw new Error('Slack installations are stored, but SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET, SAMSPIL_ENCRYPTION_KEY and SAMSPIL_PUBLIC_URL are not all set: their tokens cannot be opened');
    /**
     * A workspace's token: the simple install's, or its installation's, refreshed when it rotates.
     * Calls at once for one workspace share one authorisation: two refreshing with the same
     * refresh token would have Slack refuse the second.
     */
    const authorizing = new Expiring<string, { botToken: string; botId: string | undefined; botUserId: string | undefined }>(0);
    const tokenOf = async (source: { teamId?: string | undefined; enterpriseId?: string | undefined; isEnterpriseInstall?: boolean | undefined }) => {
      const id = workspaceIdOf(source) ?? '';
      if (single && (!installer || id === single.teamId)) return { botToken: single.token, botId: single.botId, botUserId: single.botUserId };
      if (!installer) throw new NotInstalledError(`Slack workspace ${id} has no token here`);
      // Shared while in flight, kept no longer: InstallProvider reads the installation each time.
      const authorize = () =>
        installer
          .authorize({ teamId: source.teamId, enterpriseId: source.enterpriseId, isEnterpriseInstall: source.isEnterpriseInstall ?? false })
          .then((a) => ({ botToken: a.botToken!, botId: a.botId, botUserId: a.botUserId }));
      return authorizing.get(id, now().getTime(), authorize, () => false);
    };
    /** The client of a tenant's workspace, for the outbox and the flows. */
    const clients = async (tenant: string): Promise<webApi.WebClient> => {
      if (!installer && single) return clientOf(single.token);
      const linked = await cachedWorkspaceOfTenant(db, tenant, 'slack', now().getTime());
      if (!linked) throw new NotInstalledError(`tenant ${tenant} has no Slack workspace`);
      // The installation is stored under the workspace's id, a team's or an organisation's alike.
      return clientOf((await tokenOf({ teamId: linked.workspaceId })).botToken);
    };
    const teamId = single?.teamId ?? 'installed by OAuth';
    const locale = config.locale ?? 'da';
    const defaults = config.coordinationChannel ? { coordinationChannel: config.coordinationChannel } : {};
    const publicUrl = config.publicUrl ?? config.oauth?.publicUrl;
    const flows = new ChatFlows({ db, useCases, policy, waves, locale, defaults, now, log, publicUrl }, new SlackPlatform(clients, log));

    const receiver = config.appToken ? undefined : new FastifyReceiver(fastify, { signingSecret: config.signingSecret, firstDelivery: (key) => firstDelivery(db, 'slack', key), log, now: () => systemClock().getTime() });
    const bolt = new App({
      ...(receiver ? { receiver } : { socketMode: true, appToken: config.appToken! }),
      clientOptions,
      logLevel: 'error' as never,
      // A workspace works only when it is linked to a tenant; the tenant rides in the context.
      authorize: async (source) => {
        const id = workspaceIdOf(source);
        const workspace = id ? await cachedWorkspace(db, 'slack', id, now().getTime()) : undefined;
        if (!workspace) throw new Error(`Slack workspace ${id} is not linked to a tenant`);
        return { ...(await tokenOf(source)), teamId: source.teamId, enterpriseId: source.enterpriseId, tenant: workspace.tenant, settings: workspace.settings };
      },
    });
    bolt.error(async (error) => {
      // Authorization errors answer 401 (see the receiver); the rest are logged.
      if ((error as { code?: string }).code === 'slack_bolt_authorization_error') throw error;
      log.warn(`slack: ${error.message}`);
    });
    const workspace = (context: Record<string, unknown>) => ({ tenant: context.tenant as string, settings: context.settings as WorkspaceSettings });

    bolt.command('/samspil', async ({ command, ack, respond, context }) => {
      const { tenant, settings } = workspace(context);
      const t = flows.texts(settings);
      const mentions = [...command.text.matchAll(MENTION)].map((m) => m[1]!);
      const text = command.text.replace(MENTION, '@');
      // help needs nothing from the service: it is the acknowledgement itself.
      if (/^\s*(help)?\s*$/i.test(text)) return ack(reply(await flows.command(tenant, settings, command.user_id, 'help', [], '/samspil ')));
      await ack();
      const answer = await answerWhenDone(surfaced(() => flows.command(tenant, settings, command.user_id, text, mentions, '/samspil '), t), () =>
        respond({ response_type: 'ephemeral', replace_original: false, text: t.underWay }),
      );
      await respond(reply(answer));
    });

    /**
     * Work after the ack ends in an answer: what Slack refused for good says what to do; anything
     * else (the retries ran out) asks to try again, and what was done stays done and is resumed.
     */
    async function surfaced(work: () => Promise<CommandReply>, t: Messages): Promise<CommandReply> {
      try {
        return await work();
      } catch (error) {
        log.warn(`slack: ${(error as Error).message}`);
        const code = slackError(error);
        return { kind: 'text', text: code && code !== 'ratelimited' ? t.platformRefused(code) : t.failed };
      }
    }

    const caseOf = (blockId: string) => blockId.replace(/^plan:/, '');

    bolt.action<BlockAction<UsersSelectAction>>('coordinator.assign', async ({ ack, action, body, context, respond }) => {
      await ack();
      const { tenant, settings } = workspace(context);
      const by = await flows.person(tenant, body.user.id);
      const text = by ? (await flows.assign(tenant, by, caseOf(action.block_id), action.selected_user, 'assigned in Slack')).text : flows.texts(settings).notLinked;
      await respond({ response_type: 'ephemeral', replace_original: false, text });
    });

    bolt.action<BlockAction<ButtonAction>>('coordinator.accept', async ({ ack, action, body, context, respond }) => {
      await ack();
      const { tenant, settings } = workspace(context);
      const by = await flows.person(tenant, body.user.id);
      const text = by ? (await flows.assignPerson(tenant, by, caseOf(action.block_id), { id: action.value! }, 'suggested coordinator accepted in Slack')).text : flows.texts(settings).notLinked;
      await respond({ response_type: 'ephemeral', replace_original: false, text });
    });

    // Link buttons open the URL in the browser; Slack still sends the click, which wants an ack.
    bolt.action('case.open', async ({ ack }) => ack());

    /** A reminder's buttons: the flow, then the message says what was done instead of asking. */
    const onNudge = (gesture: (action: ButtonAction | UsersSelectAction) => NudgeGesture) =>
      async ({ ack, action, body, context, client: c }: { ack: () => Promise<void>; action: ButtonAction | UsersSelectAction; body: BlockAction; context: Record<string, unknown>; client: webApi.WebClient }) => {
        await ack();
        const [, nudgeId = '', reference = ''] = /^nudge:([^:]+):(.*)$/.exec(action.block_id) ?? [];
        const outcome = await flows.nudgeGesture(workspace(context).tenant, body.user.id, nudgeId, reference, gesture(action));
        if (body.message && body.channel) await c.chat.update({ channel: body.channel.id, ts: body.message.ts, text: outcome, blocks: nudgeDone((body.message.blocks ?? []) as Block[], outcome) });
      };
    bolt.action<BlockAction<ButtonAction>>('nudge.ack', onNudge(() => ({ kind: 'acknowledge' })) as never);
    bolt.action<BlockAction<ButtonAction>>('nudge.snooze', onNudge(() => ({ kind: 'snooze' })) as never);
    bolt.action<BlockAction<UsersSelectAction>>('nudge.reassign', onNudge((a) => ({ kind: 'reassign', userId: (a as UsersSelectAction).selected_user })) as never);

    // A digest's link to the result opens in the browser; the click wants an ack.
    bolt.action('link.open', async ({ ack }) => ack());

    /** An RC wave's invitation: its button opens the first step of the questions (or says why not). */
    bolt.action<BlockAction<ButtonAction>>('rc.answer', async ({ ack, action, body, context, client: c }) => {
      await ack();
      const { tenant, settings } = workspace(context);
      const t = flows.texts(settings);
      const step = await flows.waves.questions(tenant, body.user.id, action.value ?? '');
      await c.views.open({ trigger_id: body.trigger_id, view: step.ok ? rcStepModal(step.step) : noticeModal(t.appName, step.text, t.rcClose) });
    });

    /** A step submitted: recorded, then the modal becomes the next step, or thanks; a missing answer is marked where it is. */
    bolt.view('rc.step', async ({ ack, view, body, context }) => {
      const { tenant, settings } = workspace(context);
      const t = flows.texts(settings);
      const { wave, group } = stepOf(view.private_metadata);
      const values = Object.fromEntries(Object.entries(view.state.values).map(([block, v]) => [block, v.answer?.selected_option?.value]));
      const outcome = await flows.waves.answer(tenant, body.user.id, wave, group, values);
      if (outcome.kind === 'missing') return void (await ack({ response_action: 'errors', errors: Object.fromEntries(outcome.items.map((item) => [item, outcome.step.missingLabel])) }));
      await ack({ response_action: 'update', view: outcome.kind === 'step' ? rcStepModal(outcome.step) : noticeModal(t.appName, outcome.text, t.rcClose) });
    });

    bolt.shortcut('coordination.request', async ({ ack, shortcut, context, client: c }) => {
      await ack();
      const text = shortcut.type === 'message_action' ? (shortcut.message.text ?? '') : '';
      await c.views.open({ trigger_id: shortcut.trigger_id, view: requestModal(referenceIn(text), await departmentsOf(db, workspace(context).tenant), flows.localeIn(workspace(context).settings)) });
    });

    bolt.view('coordination.request', async ({ ack, view, body, context, client: c }) => {
      const values = view.state.values;
      const reference = values.case?.reference?.value?.trim() ?? '';
      const departments = values.departments?.departments?.selected_options?.map((o) => o.value) ?? [];
      const note = values.note?.note?.value ?? '';
      const { tenant, settings } = workspace(context);
      const t = flows.texts(settings);
      // Refused in the form itself, where the person can mend it.
      if (hasCpr(note)) return void (await ack({ response_action: 'errors', errors: { note: t.personalData } }));
      await ack();
      const person = await flows.person(tenant, body.user.id);
      const text = person ? await flows.open(tenant, person, reference, settings, { departments, note }) : t.notLinked;
      const dm = await c.conversations.open({ users: body.user.id });
      await c.chat.postMessage({ channel: dm.channel!.id!, text });
    });

    bolt.event('app_home_opened', async ({ event, context, client: c }) => {
      if (event.tab !== 'home') return;
      await c.views.publish({ user_id: event.user, view: homeView(await flows.home(workspace(context).tenant, event.user)) });
    });

    if (installer && config.oauth) {
      installRoutes(fastify, installer, config.oauth, db, now, log, flows.texts(), locale);
      // Uninstalled, or its tokens revoked: the workspace is let go, its messages not sent.
      const release = async (context: Record<string, unknown>) => {
        const id = workspaceIdOf({ teamId: context.teamId as string | undefined, enterpriseId: context.enterpriseId as string | undefined, isEnterpriseInstall: context.isEnterprise as boolean | undefined }) ?? (context.teamId as string);
        await releaseWorkspace(db, 'slack', id, now());
        log.info({ workspace: id }, 'slack: uninstalled; the workspace is unlinked');
      };
      bolt.event('app_uninstalled', async ({ context }) => release(context));
      bolt.event('tokens_revoked', async ({ event, context }) => {
        if ((event.tokens.bot ?? []).length > 0) await release(context);
      });
    }

    if (receiver) log.info(`slack: events, commands and interactivity at POST /slack/events (workspace ${teamId})`);
    return {
      name: 'slack',
      port: new SlackPort(flows),
      async start() {
        // Coordinations a service that died left half open are finished now.
        void flows.finishAbandoned().catch((error: Error) => log.warn(`slack: ${error.message}`));
        if (!receiver) {
          await bolt.start();
          log.info(`slack: connected in Socket Mode (workspace ${teamId})`);
        }
      },
      async stop() {
        if (!receiver) await bolt.stop();
      },
    };
  };
}
