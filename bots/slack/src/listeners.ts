// Bolt's listeners: each acknowledges first (Slack waits 3 s at most), then hands the
// gesture to the shared chat flows and renders what they return as Block Kit.
import { answerWhenDone, failureText, referenceIn, type ChatFlows, type CommandReply, type Messages, type NudgeGesture } from '@samspil/chat';
import { hasCpr } from '@samspil/core';
import { departmentsOf, type Db, type Log } from '@samspil/server';
import { ErrorCode, type App, type BlockAction, type ButtonAction, type RespondArguments, type UsersSelectAction, type webApi } from '@slack/bolt';
import { helpText, homeView, noticeModal, nudgeDone, planCardBlocks, rcStepModal, requestModal, textBlocks, type Block } from './blocks.js';
import { classifySlackError } from './errors.js';
import type { SlackWorkspace, SlackWorkspaces } from './installations.js';

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

/** The tenant and settings Bolt's authorisation put in the context (see installations.ts). */
const workspace = (context: Record<string, unknown>): SlackWorkspace => ({ tenant: context.tenant as string, settings: context.settings as SlackWorkspace['settings'] });

/** A plan card's buttons name their case in the block's id. */
const caseOf = (blockId: string) => blockId.replace(/^plan:/, '');

export function listen(bolt: App, flows: ChatFlows, workspaces: SlackWorkspaces, { db, log }: { db: Db; log: Log }): void {
  const { context: chat, coordination, commands, reminders, waves } = flows;

  bolt.error(async (error) => {
    // Authorization errors answer 401 (see the receiver); the rest are logged.
    if ((error as { code?: string }).code === ErrorCode.AuthorizationError) throw error;
    log.warn(`slack: ${error.message}`);
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
      return { kind: 'text', text: failureText(classifySlackError(error), t) };
    }
  }

  bolt.command('/samspil', async ({ command, ack, respond, context }) => {
    const { tenant, settings } = workspace(context);
    const t = chat.texts(settings);
    const mentions = [...command.text.matchAll(MENTION)].map((m) => m[1]!);
    const text = command.text.replace(MENTION, '@');
    // help needs nothing from the service: it is the acknowledgement itself.
    if (/^\s*(help)?\s*$/i.test(text)) return ack(reply(await commands.run(tenant, settings, command.user_id, 'help', [], '/samspil ')));
    await ack();
    const answer = await answerWhenDone(surfaced(() => commands.run(tenant, settings, command.user_id, text, mentions, '/samspil '), t), () =>
      respond({ response_type: 'ephemeral', replace_original: false, text: t.underWay }),
    );
    await respond(reply(answer));
  });

  bolt.action<BlockAction<UsersSelectAction>>('coordinator.assign', async ({ ack, action, body, context, respond }) => {
    await ack();
    const { tenant, settings } = workspace(context);
    const by = await chat.person(tenant, body.user.id);
    const text = by ? (await coordination.assign(tenant, by, caseOf(action.block_id), action.selected_user, 'assigned in Slack')).text : chat.texts(settings).notLinked;
    await respond({ response_type: 'ephemeral', replace_original: false, text });
  });

  bolt.action<BlockAction<ButtonAction>>('coordinator.accept', async ({ ack, action, body, context, respond }) => {
    await ack();
    const { tenant, settings } = workspace(context);
    const by = await chat.person(tenant, body.user.id);
    const text = by ? (await coordination.assignPerson(tenant, by, caseOf(action.block_id), { id: action.value! }, 'suggested coordinator accepted in Slack')).text : chat.texts(settings).notLinked;
    await respond({ response_type: 'ephemeral', replace_original: false, text });
  });

  // Link buttons open the URL in the browser; Slack still sends the click, which wants an ack.
  bolt.action('case.open', async ({ ack }) => ack());

  /** A reminder's buttons: the flow, then the message says what was done instead of asking. */
  const onNudge = (gesture: (action: ButtonAction | UsersSelectAction) => NudgeGesture) =>
    async ({ ack, action, body, context, client: c }: { ack: () => Promise<void>; action: ButtonAction | UsersSelectAction; body: BlockAction; context: Record<string, unknown>; client: webApi.WebClient }) => {
      await ack();
      // nudge:NUDGE:CASE, or cover:NUDGE:PERSON:CASE (the person URI-encoded); a case reference may hold a colon.
      const [, nudgeId = '', reference = ''] = /^nudge:([^:]+):(.*)$/.exec(action.block_id) ?? /^cover:([^:]+):[^:]+:(.*)$/.exec(action.block_id) ?? [];
      const outcome = await reminders.answer(workspace(context).tenant, body.user.id, nudgeId, reference, gesture(action));
      if (body.message && body.channel) await c.chat.update({ channel: body.channel.id, ts: body.message.ts, text: outcome, blocks: nudgeDone((body.message.blocks ?? []) as Block[], outcome) });
    };
  bolt.action<BlockAction<ButtonAction>>('nudge.ack', onNudge(() => ({ kind: 'acknowledge' })) as never);
  bolt.action<BlockAction<ButtonAction>>('nudge.snooze', onNudge(() => ({ kind: 'snooze' })) as never);
  bolt.action<BlockAction<UsersSelectAction>>('nudge.reassign', onNudge((a) => ({ kind: 'reassign', userId: (a as UsersSelectAction).selected_user })) as never);
  // The person away comes from the block id (cover:NUDGE:PERSON:CASE): checked by the cover's use case like the case.
  const awayOf = (blockId: string) => decodeURIComponent(/^cover:[^:]+:([^:]+):/.exec(blockId)?.[1] ?? '');
  bolt.action<BlockAction<UsersSelectAction>>('nudge.cover', onNudge((a) => ({ kind: 'cover', away: awayOf(a.block_id), userId: (a as UsersSelectAction).selected_user })) as never);

  // The new caseworker's take-over: the case comes from the block id, checked by the use case; the message then says what was done.
  bolt.action<BlockAction<ButtonAction>>('handover.take', async ({ ack, action, body, context, client: c }) => {
    await ack();
    const { tenant, settings } = workspace(context);
    const by = await chat.person(tenant, body.user.id);
    const reference = /^handover:(.*)$/.exec(action.block_id)?.[1] ?? '';
    const outcome = by ? (await coordination.takeOver(tenant, by, reference, 'handover.take')).text : chat.texts(settings).notLinked;
    if (body.message && body.channel) await c.chat.update({ channel: body.channel.id, ts: body.message.ts, text: outcome, blocks: nudgeDone((body.message.blocks ?? []) as Block[], outcome) });
  });

  // A digest's link to the result opens in the browser; the click wants an ack.
  bolt.action('link.open', async ({ ack }) => ack());

  /** An RC wave's invitation: its button opens the first step of the questions (or says why not). */
  bolt.action<BlockAction<ButtonAction>>('rc.answer', async ({ ack, action, body, context, client: c }) => {
    await ack();
    const { tenant, settings } = workspace(context);
    const t = chat.texts(settings);
    const step = await waves.questions(tenant, body.user.id, action.value ?? '');
    await c.views.open({ trigger_id: body.trigger_id, view: step.ok ? rcStepModal(step.step) : noticeModal(t.appName, step.text, t.rcClose) });
  });

  /** A step submitted: recorded, then the modal becomes the next step, or thanks; a missing answer is marked where it is. */
  bolt.view('rc.step', async ({ ack, view, body, context }) => {
    const { tenant, settings } = workspace(context);
    const t = chat.texts(settings);
    const { wave, group } = stepOf(view.private_metadata);
    const values = Object.fromEntries(Object.entries(view.state.values).map(([block, v]) => [block, v.answer?.selected_option?.value]));
    const outcome = await waves.answer(tenant, body.user.id, wave, group, values);
    if (outcome.kind === 'missing') return void (await ack({ response_action: 'errors', errors: Object.fromEntries(outcome.items.map((item) => [item, outcome.step.missingLabel])) }));
    await ack({ response_action: 'update', view: outcome.kind === 'step' ? rcStepModal(outcome.step) : noticeModal(t.appName, outcome.text, t.rcClose) });
  });

  bolt.shortcut('coordination.request', async ({ ack, shortcut, context, client: c }) => {
    await ack();
    const { tenant, settings } = workspace(context);
    const text = shortcut.type === 'message_action' ? (shortcut.message.text ?? '') : '';
    await c.views.open({ trigger_id: shortcut.trigger_id, view: requestModal(referenceIn(text), await departmentsOf(db, tenant), chat.localeIn(settings)) });
  });

  bolt.view('coordination.request', async ({ ack, view, body, context, client: c }) => {
    const values = view.state.values;
    const reference = values.case?.reference?.value?.trim() ?? '';
    const departments = values.departments?.departments?.selected_options?.map((o) => o.value) ?? [];
    const note = values.note?.note?.value ?? '';
    const { tenant, settings } = workspace(context);
    const t = chat.texts(settings);
    // Refused in the form itself, where the person can mend it.
    if (hasCpr(note)) return void (await ack({ response_action: 'errors', errors: { note: t.personalData } }));
    await ack();
    const person = await chat.person(tenant, body.user.id);
    const text = person ? await coordination.open(tenant, person, reference, settings, { departments, note }) : t.notLinked;
    const dm = await c.conversations.open({ users: body.user.id });
    await c.chat.postMessage({ channel: dm.channel!.id!, text });
  });

  bolt.event('app_home_opened', async ({ event, context, client: c }) => {
    if (event.tab !== 'home') return;
    await c.views.publish({ user_id: event.user, view: homeView(await flows.home(workspace(context).tenant, event.user)) });
  });

  if (workspaces.byOAuth) {
    // Uninstalled, or its tokens revoked: the workspace is let go, its messages not sent.
    bolt.event('app_uninstalled', async ({ context }) => workspaces.release(context));
    bolt.event('tokens_revoked', async ({ event, context }) => {
      if ((event.tokens.bot ?? []).length > 0) await workspaces.release(context);
    });
  }
}
