// The Teams SDK's handlers: each hands its gesture to the shared chat flows and answers
// with Adaptive Cards. Answers meant for the caller alone go to their 1:1 chat.
import type { App } from '@microsoft/teams.apps';
import { answersOnly, answerWhenDone, failureText, type ChatFlows, type CommandReply, type NudgeGesture } from '@samspil/chat';
import { Deliveries, type Db, type Log } from '@samspil/server';
import { attachment, CARD_CONTENT_TYPE, helpCardJson, nudgeDoneJson, planCardJson, rcDoneCardJson, rcStepCardJson, textCardJson, type Card } from './cards.js';
import { classifyTeamsError } from './errors.js';
import { meetingAction, MEETING_VERBS } from './meeting-listeners.js';
import { personal, type Activity, type TeamsOrganisations } from './installations.js';
import type { TeamsPlatform } from './platform.js';

const message = (value: string) => ({ statusCode: 200 as const, type: 'application/vnd.microsoft.activity.message' as const, value });
const cardResponse = (value: Card) => ({ statusCode: 200 as const, type: CARD_CONTENT_TYPE as 'application/vnd.microsoft.card.adaptive', value: value as never });

export function listen(teams: App, flows: ChatFlows, platform: TeamsPlatform, organisations: TeamsOrganisations, { db, log }: { db: Db; log: Log }): void {
  const { context: chat, cards, coordination, commands, reminders, waves } = flows;
  /** Words for an organisation not linked (no municipality, so no setting): the default language's. */
  const unlinked = chat.texts();
  const deliveries = new Deliveries(db, 'teams');

  teams.on('install.add', async ({ activity }) => organisations.installed(activity as unknown as Activity, chat));

  teams.on('message', async ({ activity, send: sendOnce }) => {
    const a = activity as unknown as Activity;
    // A reply waits out the connector's 429 and 5xx like the rest of the gesture.
    const send = (reply: Parameters<typeof sendOnce>[0]) => chat.retrying(() => sendOnce(reply));
    const text = (a.text ?? '').replace(/<at>[^<]*<\/at>/g, ' ').trim();
    const workspace = await organisations.workspaceOf(a);
    // An Entra tenant not linked to a municipality: one polite answer, nothing stored; or, in a
    // 1:1 chat, `link CODE` with an operator's invitation links it.
    if (!workspace) {
      const outcome = personal(a) ? await organisations.linkByInvitation(a) : 'no-code';
      return void (await send(outcome === 'linked' ? unlinked.linkedWorkspace : outcome === 'refused' ? unlinked.linkRefused : unlinked.unlinkedWorkspace));
    }
    const t = chat.texts(workspace.settings);
    // A redelivery of an activity already handled does nothing: one this process saw is known at
    // once; otherwise the delivery record decides. A command that only reads runs beside that
    // insert (status need not wait for it); its answer, like anything that writes, waits for it.
    const claim = a.id ? deliveries.claim(`activity:${a.id}`, chat.deps.now().getTime()) : Promise.resolve(true);
    if (claim === false) return;
    claim.catch(() => {}); // awaited below, its failure there
    if (!answersOnly(text) && !(await claim)) return;
    const mentions = (a.entities ?? []).filter((e) => e.type === 'mention' && e.mentioned && e.mentioned.id !== a.recipient.id).map((e) => e.mentioned!.id);
    let reply: CommandReply;
    try {
      // Rate limits and 5xx are waited out inside; past 3 s the person hears it is under way.
      reply = await answerWhenDone(commands.run(workspace.tenant, workspace.settings, a.from.id, text, mentions, ''), async () => void ((await claim) && (await send(t.underWay))));
    } catch (error) {
      // The connector's final word (403, 404) says what to do; anything else asks to try again.
      log.warn(`teams: ${(error as Error).message}`);
      reply = { kind: 'text', text: failureText(classifyTeamsError(error), t) };
    }
    if (!(await claim)) return;
    // Answers to the caller are the caller's: in a channel they go to the 1:1 chat (a refusal
    // above all), and the channel hears only that an answer was sent.
    if (reply.kind === 'text') {
      if (personal(a)) return void (await send(reply.text));
      await chat.retrying(() => platform.sendText(workspace.tenant, a.from.id, reply.text));
      return void (await send(t.sentPrivately));
    }
    if (reply.kind === 'help') return void (await send({ type: 'message', attachments: [attachment(helpCardJson(reply.model, reply.before))] } as never));
    const card: Card = reply.kind === 'card' ? planCardJson(reply.card) : textCardJson(reply.model);
    // `status` and `stalled` are for the caller only: in a channel they go to the 1:1 chat.
    if (personal(a)) return void (await send({ type: 'message', attachments: [attachment(card)] } as never));
    await chat.retrying(() => platform.sendCard(workspace.tenant, a.from.id, card));
    await send(t.sentPrivately);
  });

  teams.on('card.action', async ({ activity }) => {
    const a = activity as unknown as Activity & { value: { action: { verb?: string; data?: Record<string, string> } } };
    const { verb = '', data = {} } = a.value.action;
    const workspace = await organisations.workspaceOf(a);
    if (!workspace) return message(unlinked.unlinkedWorkspace);
    const t = chat.texts(workspace.settings);
    const { tenant } = workspace;
    const by = await chat.person(tenant, a.from.id);
    if (!by) return message(t.notLinked);
    const reference = data.reference ?? '';

    if (verb.startsWith('plan.')) {
      if (verb === 'plan.assign' || verb === 'plan.accept') {
        const person = verb === 'plan.assign' ? data.coordinator : data.person;
        if (!person) return message(t.coordinatorUnknown);
        const r = await coordination.assignPerson(tenant, by, reference, { id: person }, verb === 'plan.assign' ? 'assigned in Teams' : 'suggested coordinator accepted in Teams', verb);
        if (!r.ok) return message(r.text);
      }
      // plan.refresh, and after a change: the current card for the one who acted or looks, if they may see it.
      const card = await cards.cardFor(tenant, by, reference, verb);
      return card.ok ? cardResponse(planCardJson(card.card, [a.from.id])) : message(card.text);
    }
    if (verb.startsWith('nudge.')) {
      // A cover's choice arrives under the input its button names (cover0, cover1, … one per person away).
      const covering = verb === 'nudge.cover' && /^cover\d+$/.test(data.input ?? '') ? data[data.input!] : undefined;
      const gesture: NudgeGesture | undefined =
        verb === 'nudge.ack'
          ? { kind: 'acknowledge' }
          : verb === 'nudge.snooze'
            ? { kind: 'snooze' }
            : verb === 'nudge.reassign' && data.coordinator
              ? { kind: 'reassign', person: data.coordinator }
              : covering && data.away
                ? { kind: 'cover', away: data.away, person: covering }
                : undefined;
      if (!gesture) return message(t.coordinatorUnknown);
      const outcome = await reminders.answer(tenant, a.from.id, data.nudgeId ?? '', reference, gesture);
      return cardResponse(nudgeDoneJson({ title: data.title ?? reference, detail: data.detail ?? '' }, outcome));
    }
    if (verb === 'handover.take') {
      // The case from the button's data: checked by the use case (a part in the case), never trusted.
      const r = await coordination.takeOver(tenant, by, reference, verb);
      return cardResponse(nudgeDoneJson({ title: data.title ?? reference, detail: data.detail ?? '' }, r.text));
    }
    if (verb === 'rc.answer') {
      const step = await waves.questions(tenant, a.from.id, data.wave ?? '');
      return step.ok ? cardResponse(rcStepCardJson(step.step)) : message(step.text);
    }
    if (verb === 'rc.save') {
      // The inputs arrive in `data` beside the wave and the group, each under its dimension.
      const outcome = await waves.answer(tenant, a.from.id, data.wave ?? '', data.group ?? '', data);
      if (outcome.kind === 'refused') return message(outcome.text);
      if (outcome.kind === 'done') return cardResponse(rcDoneCardJson(outcome.text, outcome.wave, t.rcChangeAnswers));
      return cardResponse(rcStepCardJson(outcome.step));
    }
    // The good meeting's buttons and its outcome form (meeting-listeners.ts).
    if (MEETING_VERBS.includes(verb)) return meetingAction(flows, tenant, a.from.id, verb, data, t);
    return message(t.unknownCommand(verb));
  });

  teams.event('error', ({ error }) => log.warn(`teams: ${(error as Error)?.message ?? String(error)}`));
}
