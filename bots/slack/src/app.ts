// Bolt's listeners: each acknowledges first (Slack waits 3 s at most) and then
// delegates to SlackCoordination. Nothing here touches the database directly.
import { departmentsOf, findWorkspace, firstDelivery, linkWorkspace, type ChatAdapter, type ChatAdapterFactory, type ChatPerson, type WorkspaceSettings } from '@samspil/server';
import { CPR_PATTERN, type Locale } from '@samspil/core';
import { App, webApi, type BlockAction, type ButtonAction, type UsersSelectAction } from '@slack/bolt';
import { homeView, nudgeDone, requestModal, stalledList, type Block } from './blocks.js';
import { SlackCoordination } from './coordination.js';
import { SlackPort } from './port.js';
import { FastifyReceiver } from './receiver.js';

export interface SlackConfig {
  signingSecret: string;
  botToken: string;
  /** Socket Mode instead of HTTP when set (`xapp-…`). */
  appToken?: string | undefined;
  /** The Web API's base URL (tests, proxies); Slack's own by default. */
  apiUrl?: string | undefined;
  /** The tenant the bot token's workspace belongs to (linked at start). */
  tenant?: string | undefined;
  /** Open coordinations as threads in this channel instead of a private channel each. */
  coordinationChannel?: string | undefined;
  locale?: Locale;
  /** How long the receiver waits for a listener's ack before answering Slack itself. */
  ackTimeoutMs?: number;
}

/** The adapter's configuration from the environment, or undefined when it is not configured. */
export function slackConfigFromEnv(env: NodeJS.ProcessEnv = process.env): SlackConfig | undefined {
  if (!env.SLACK_BOT_TOKEN || (!env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN)) return undefined;
  return {
    signingSecret: env.SLACK_SIGNING_SECRET ?? '',
    botToken: env.SLACK_BOT_TOKEN,
    appToken: env.SLACK_APP_TOKEN,
    apiUrl: env.SLACK_API_URL,
    tenant: env.SLACK_TENANT,
    coordinationChannel: env.SLACK_COORDINATION_CHANNEL,
    locale: env.SLACK_LANGUAGE === 'en' ? 'en' : 'da',
  };
}

/** Words after `/samspil`: the sub-command and its arguments. */
export function parseCommand(text: string): { name: string; args: string[] } {
  const [name = 'help', ...args] = text.trim().split(/\s+/).filter(Boolean);
  return { name: name.toLowerCase(), args };
}

export function slackAdapter(config: SlackConfig): ChatAdapterFactory {
  return async ({ app: fastify, db, useCases, now, log }): Promise<ChatAdapter> => {
    const clientOptions: webApi.WebClientOptions = {
      // The outbox retries and waits out rate limits; the client must not sleep for minutes.
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: 10_000,
      ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
    };
    const client = new webApi.WebClient(config.botToken, clientOptions);
    const auth = await client.auth.test().catch((error: Error) => {
      throw new Error(`Slack refused SLACK_BOT_TOKEN (auth.test): ${(error as { data?: { error?: string } }).data?.error ?? error.message}`);
    });
    const teamId = auth.team_id!;
    if (config.tenant) await linkWorkspace(db, { platform: 'slack', workspaceId: teamId, tenant: config.tenant, settings: config.coordinationChannel ? { coordinationChannel: config.coordinationChannel } : {} });
    const locale = config.locale ?? 'da';
    const slack = new SlackCoordination({ db, useCases, client, locale, now, log });
    const t = slack.t;

    const receiver = config.appToken
      ? undefined
      : new FastifyReceiver(fastify, { signingSecret: config.signingSecret, firstDelivery: (key) => firstDelivery(db, 'slack', key), log, ...(config.ackTimeoutMs ? { ackTimeoutMs: config.ackTimeoutMs } : {}) });
    const bolt = new App({
      ...(receiver ? { receiver } : { socketMode: true, appToken: config.appToken! }),
      clientOptions,
      logLevel: 'error' as never,
      // A workspace works only when it is linked to a tenant; the tenant rides in the context.
      authorize: async ({ teamId: team }) => {
        const workspace = team ? await findWorkspace(db, 'slack', team) : undefined;
        if (!workspace) throw new Error(`Slack workspace ${team} is not linked to a tenant`);
        return { botToken: config.botToken, botId: auth.bot_id!, botUserId: auth.user_id!, teamId: team!, tenant: workspace.tenant, settings: workspace.settings };
      },
    });
    bolt.error(async (error) => {
      // Authorization errors answer 401 (see the receiver); the rest are logged.
      if ((error as { code?: string }).code === 'slack_bolt_authorization_error') throw error;
      log(`slack: ${error.message}`);
    });

    const tenantOf = (context: Record<string, unknown>) => ({ tenant: context.tenant as string, settings: context.settings as WorkspaceSettings });

    bolt.command('/samspil', async ({ command, ack, respond, context }) => {
      const { name, args } = parseCommand(command.text);
      // help needs nothing from the service: it is the acknowledgement itself.
      if (name === 'help') return ack({ response_type: 'ephemeral', text: t.help });
      await ack();
      const { tenant, settings } = tenantOf(context);
      const person = await slack.person(tenant, command.user_id);
      const reply = async (r: { text: string; blocks?: Block[] }): Promise<void> => void (await respond({ response_type: 'ephemeral', replace_original: false, ...r }));
      if (!person) return reply({ text: t.notLinked });
      const actor = slack.actor(tenant, person);
      const reference = args[0];
      switch (name) {
        case 'coordinate':
          if (!reference) return reply({ text: t.usage('coordinate SAGSNR') });
          return reply(await slack.open(actor, reference, person, settings));
        case 'coordinator': {
          const mention = /^<@([A-Z0-9]+)(?:\|[^>]*)?>$/.exec(args[1] ?? '');
          if (!reference || !mention) return reply({ text: t.usage('coordinator SAGSNR @person') });
          return reply({ text: await assign(tenant, actor, reference, mention[1]!) });
        }
        case 'status': {
          if (!reference) return reply({ text: t.usage('status SAGSNR') });
          const card = await slack.card(actor, reference, false);
          return reply(card);
        }
        case 'stalled': {
          const cases = await useCases.stalledCases(actor, { member: person.id });
          const who = await slack.who(tenant, cases.map((c) => c.coordinator));
          return reply(stalledList(cases, who, locale));
        }
        default:
          return reply({ text: `${t.unknownCommand(name)}\n\n${t.help}` });
      }
    });

    /** Makes the Slack user the case's coordinator; returns what to tell the caller. */
    async function assign(tenant: string, actor: ReturnType<SlackCoordination['actor']>, reference: string, userId: string): Promise<string> {
      const target = await slack.person(tenant, userId);
      if (!target) return t.coordinatorUnknown;
      const r = await useCases.assignCoordinator(actor, reference, target.id, 'assigned in Slack');
      if (!r.ok) return t.notFound(reference);
      // The outbox redraws the card too; redrawing now shows the change at once (it is idempotent).
      await slack.refreshCard(tenant, reference);
      return t.coordinatorSet(reference, `<@${userId}>`);
    }

    /** The caller of an interaction, or an ephemeral word that they are not linked. */
    async function caller(tenant: string, userId: string): Promise<ChatPerson | undefined> {
      return slack.person(tenant, userId);
    }

    bolt.action<BlockAction<UsersSelectAction>>('coordinator.assign', async ({ ack, action, body, context, respond }) => {
      await ack();
      const { tenant } = tenantOf(context);
      const person = await caller(tenant, body.user.id);
      if (!person) return void (await respond({ response_type: 'ephemeral', replace_original: false, text: t.notLinked }));
      const reference = action.block_id.replace(/^plan:/, '');
      const text = await assign(tenant, slack.actor(tenant, person), reference, action.selected_user);
      await respond({ response_type: 'ephemeral', replace_original: false, text });
    });

    bolt.action<BlockAction<ButtonAction>>('coordinator.accept', async ({ ack, action, body, context, respond }) => {
      await ack();
      const { tenant } = tenantOf(context);
      const person = await caller(tenant, body.user.id);
      if (!person) return void (await respond({ response_type: 'ephemeral', replace_original: false, text: t.notLinked }));
      const reference = action.block_id.replace(/^plan:/, '');
      const r = await useCases.assignCoordinator(slack.actor(tenant, person), reference, action.value!, 'suggested coordinator accepted in Slack');
      if (r.ok) await slack.refreshCard(tenant, reference);
    });

    // Link buttons open the URL in the browser; Slack still sends the click, which wants an ack.
    bolt.action('case.open', async ({ ack }) => ack());

    /** A reminder's buttons: the use case, then the message updated to say what was done. */
    const nudgeAction = (run: (tenant: string, person: ChatPerson, nudgeId: string, reference: string, action: ButtonAction | UsersSelectAction) => Promise<string | undefined>) =>
      async ({ ack, action, body, context, client: c }: { ack: () => Promise<void>; action: ButtonAction | UsersSelectAction; body: BlockAction; context: Record<string, unknown>; client: webApi.WebClient }) => {
        await ack();
        const { tenant } = tenantOf(context);
        const person = await caller(tenant, body.user.id);
        const [, nudgeId = '', reference = ''] = /^nudge:([^:]+):(.*)$/.exec(action.block_id) ?? [];
        const outcome = person ? ((await run(tenant, person, nudgeId, reference, action)) ?? t.nudgeClosed) : t.notLinked;
        if (!body.message || !body.channel) return;
        await c.chat.update({ channel: body.channel.id, ts: body.message.ts, text: outcome, blocks: nudgeDone((body.message.blocks ?? []) as Block[], outcome) });
      };

    bolt.action<BlockAction<ButtonAction>>('nudge.ack', nudgeAction(async (tenant, person, nudgeId) => {
      const r = await useCases.acknowledgeNudge(slack.actor(tenant, person), nudgeId);
      return r.ok ? t.acknowledgedBy(`<@${person.chatId}>`) : undefined;
    }) as never);

    bolt.action<BlockAction<ButtonAction>>('nudge.snooze', nudgeAction(async (tenant, person, nudgeId) => {
      const r = await useCases.snoozeNudge(slack.actor(tenant, person), nudgeId, 3);
      return r.ok && r.nudge.snoozedUntil ? t.snoozedUntil(r.nudge.snoozedUntil.slice(0, 10)) : undefined;
    }) as never);

    bolt.action<BlockAction<UsersSelectAction>>('nudge.reassign', nudgeAction(async (tenant, person, nudgeId, reference, action) => {
      const userId = (action as UsersSelectAction).selected_user;
      const actor = slack.actor(tenant, person);
      const text = await assign(tenant, actor, reference, userId);
      if (text !== t.coordinatorSet(reference, `<@${userId}>`)) return text;
      // The new coordinator answers for the case now: this reminder is settled.
      await useCases.acknowledgeNudge(actor, nudgeId);
      return t.reassignedTo(`<@${userId}>`);
    }) as never);

    bolt.shortcut('coordination.request', async ({ ack, shortcut, context, client: c }) => {
      await ack();
      const { tenant } = tenantOf(context);
      const text = shortcut.type === 'message_action' ? shortcut.message.text ?? '' : '';
      // A reference in the message (e.g. SAG-2026-0977) saves typing; the modal lets it be changed.
      const prefill = /\b[A-ZÆØÅ]{2,}-[\w-]*\d[\w-]*/.exec(text)?.[0] ?? '';
      await c.views.open({ trigger_id: shortcut.trigger_id, view: requestModal(prefill, await departmentsOf(db, tenant), '', locale) });
    });

    bolt.view('coordination.request', async ({ ack, view, body, context, client: c }) => {
      const values = view.state.values;
      const reference = values.case?.reference?.value?.trim() ?? '';
      const departments = values.departments?.departments?.selected_options?.map((o) => o.value) ?? [];
      const note = values.note?.note?.value ?? '';
      if (CPR_PATTERN.test(note)) return void (await ack({ response_action: 'errors', errors: { note: t.personalData } }));
      await ack();
      const { tenant, settings } = tenantOf(context);
      const person = await caller(tenant, body.user.id);
      const reply = person ? await slack.open(slack.actor(tenant, person), reference, person, settings, { departments, note }) : { text: t.notLinked };
      const dm = await c.conversations.open({ users: body.user.id });
      await c.chat.postMessage({ channel: dm.channel!.id!, ...reply });
    });

    bolt.event('app_home_opened', async ({ event, context, client: c }) => {
      if (event.tab !== 'home') return;
      const { tenant } = tenantOf(context);
      const person = await caller(tenant, event.user);
      if (!person) {
        await c.views.publish({ user_id: event.user, view: { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: t.notLinked } }] } });
        return;
      }
      const actor = slack.actor(tenant, person);
      const mine = await useCases.casesCoordinatedBy(actor, person.id);
      const team = person.leads ? await useCases.stalledCases(actor, { member: person.id }) : undefined;
      const who = await slack.who(tenant, (team ?? []).map((s) => s.coordinator));
      await c.views.publish({ user_id: event.user, view: homeView(mine, team, who, locale) });
    });

    if (receiver) log(`slack: events, commands and interactivity at POST /slack/events (workspace ${teamId})`);
    return {
      name: 'slack',
      port: new SlackPort(slack),
      async start() {
        if (!receiver) {
          await bolt.start();
          log(`slack: connected in Socket Mode (workspace ${teamId})`);
        }
      },
      async stop() {
        if (!receiver) await bolt.stop();
      },
    };
  };
}
