// The shared view models (@samspil/chat) as Adaptive Cards 1.5, written as plain
// JSON (the SDK's card builders add fields the official schema does not allow).
// Buttons are Action.Execute (Universal Actions): Teams sends them to the bot as
// `adaptiveCard/action` invokes, and the bot answers with the card to show.
import type { Format, HandoverModel, HelpModel, ListSection, NudgeModel, PlanCardModel, RcInvitationModel, RcStepModel, TextModel } from '@samspil/chat';
import type { ChatPerson } from '@samspil/server';

export type Card = Record<string, unknown> & { type: 'AdaptiveCard'; version: '1.5'; body: Element[] };
type Element = Record<string, unknown>;

export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** Teams renders a subset of Markdown in TextBlocks: data must not open a link or a list. */
const literal = (value: string) => value.replace(/[[\]]/g, (c) => (c === '[' ? '(' : ')')).replace(/^([-*+]|\d+\.)\s/, '$1\u00a0');

/** Teams cards show people by name (a mention in a card needs entities; names are enough). */
export function teamsFormat(people: ChatPerson[]): Format {
  const byId = new Map(people.map((p) => [p.id, p]));
  return {
    text: literal,
    bold: (text) => `**${text}**`,
    person: (id) => literal((id ? byId.get(id)?.name : undefined) ?? id ?? '–'),
  };
}

const card = (body: Element[], extra: Record<string, unknown> = {}): Card => ({
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  body,
  ...extra,
});
const text = (value: string, extra: Element = {}): Element => ({ type: 'TextBlock', text: value, wrap: true, ...extra });
const title = (value: string): Element => text(value, { size: 'Large', weight: 'Bolder', style: 'heading' });
const list = (l: ListSection): Element[] => [
  ...(l.title ? [text(l.title, { weight: 'Bolder', spacing: 'Medium' })] : []),
  ...(l.items.length ? [text(l.items.map((i) => `- ${i}`).join('\n'), { spacing: 'Small' })] : []),
  ...(l.more ? [text(l.more, { isSubtle: true, spacing: 'None' })] : []),
];

/**
 * The plan card. `refreshFor`: the users whose Teams asks the bot for the current card
 * when they see it (at most 60), so a card edited in place is fresh for its viewers.
 */
export function planCardJson(model: PlanCardModel, refreshFor: string[] = []): Card {
  const body: Element[] = [title(model.title), { type: 'FactSet', facts: model.facts.map((f) => ({ title: f.label, value: f.value })) }];
  for (const w of model.warnings) body.push(text(w, { color: 'Warning' }));
  for (const l of model.lists) body.push(...list(l));
  if (model.stalled) body.push(text(model.stalled, { color: 'Attention' }));
  const actions: Element[] = [];
  if (model.actions) {
    const choices = model.actions.candidates.map((c) => ({ title: c.name, value: c.person }));
    if (choices.length) {
      body.push({ type: 'Input.ChoiceSet', id: 'coordinator', label: model.actions.assignLabel, style: 'compact', isRequired: true, errorMessage: model.actions.assignLabel, choices });
      actions.push({ type: 'Action.Execute', title: model.actions.assignLabel, verb: 'plan.assign', data: { reference: model.reference }, associatedInputs: 'auto' });
    }
    const s = model.actions.suggestion;
    if (s) actions.push({ type: 'Action.Execute', title: s.label, verb: 'plan.accept', data: { reference: model.reference, person: s.person }, style: 'positive', associatedInputs: 'none' });
    // Each answers with its form (meeting-listeners.ts); the case rides in the data, checked again there.
    actions.push(
      { type: 'Action.Execute', title: model.actions.bookLabel, verb: 'meeting.book', data: { reference: model.reference }, associatedInputs: 'none' },
      { type: 'Action.Execute', title: model.actions.raiseLabel, verb: 'disagreement.raise', data: { reference: model.reference }, associatedInputs: 'none' },
    );
  }
  if (model.caseSystem) actions.push({ type: 'Action.OpenUrl', title: model.caseSystem.label, url: model.caseSystem.url });
  const extra: Record<string, unknown> = actions.length ? { actions } : {};
  if (model.actions && refreshFor.length) extra.refresh = { action: { type: 'Action.Execute', title: model.title, verb: 'plan.refresh', data: { reference: model.reference } }, userIds: refreshFor.slice(0, 60) };
  return card(body, extra);
}

export function nudgeCardJson(n: NudgeModel): Card {
  // The title and detail ride along, so the answer to a button can say what the reminder was.
  const data = { nudgeId: n.nudgeId, reference: n.reference, title: n.title, detail: n.detail };
  const body: Element[] = [text(n.title, { weight: 'Bolder' }), text(n.detail)];
  const actions: Element[] = [
    { type: 'Action.Execute', title: n.labels.acknowledge, verb: 'nudge.ack', data, style: 'positive', associatedInputs: 'none' },
    { type: 'Action.Execute', title: n.labels.snooze, verb: 'nudge.snooze', data, associatedInputs: 'none' },
  ];
  if (n.candidates.length) {
    body.push({ type: 'Input.ChoiceSet', id: 'coordinator', label: n.labels.reassign, style: 'compact', choices: n.candidates.map((c) => ({ title: c.name, value: c.person })) });
    actions.push({ type: 'Action.Execute', title: n.labels.reassign, verb: 'nudge.reassign', data, associatedInputs: 'auto' });
  }
  // Who covers, per person away: a choice of the case's people and a button with the person away in its data.
  n.covers.forEach((c, i) => {
    body.push({ type: 'Input.ChoiceSet', id: `cover${i}`, label: c.question, placeholder: c.choose, style: 'compact', choices: n.candidates.map((x) => ({ title: x.name, value: x.person })) });
    actions.push({ type: 'Action.Execute', title: c.question, verb: 'nudge.cover', data: { ...data, away: c.away, input: `cover${i}` }, associatedInputs: 'auto' });
  });
  if (n.bookLabel) actions.push({ type: 'Action.Execute', title: n.bookLabel, verb: 'meeting.book', data: { reference: n.reference }, associatedInputs: 'none' });
  if (n.caseSystemUrl) actions.push({ type: 'Action.OpenUrl', title: n.labels.openPlan, url: n.caseSystemUrl });
  return card(body, { actions });
}

/** To the new caseworker: the case by reference and the take-over button (Action.Execute handover.take). */
export function handoverCardJson(m: HandoverModel): Card {
  return card([text(m.title, { weight: 'Bolder' }), text(m.detail)], {
    actions: [{ type: 'Action.Execute', title: m.takeOverLabel, verb: 'handover.take', data: { reference: m.reference, title: m.title, detail: m.detail }, style: 'positive', associatedInputs: 'none' }],
  });
}

/** A reminder after a button: what was done, the question gone. */
export function nudgeDoneJson(n: Pick<NudgeModel, 'title' | 'detail'>, outcome: string): Card {
  return card([text(n.title, { weight: 'Bolder' }), text(n.detail), text(outcome, { isSubtle: true })]);
}

export function textCardJson(m: TextModel): Card {
  const body: Element[] = [title(m.title)];
  for (const s of m.sections) body.push(...list(s));
  if (m.note) body.push(text(m.note));
  return card(body, m.link ? { actions: [{ type: 'Action.OpenUrl', title: m.link.label, url: m.link.url }] } : {});
}

/** An RC wave's invitation or reminder: its button (rc.answer) returns the first step of the questions. */
export function rcInvitationCardJson(m: RcInvitationModel): Card {
  return card([text(m.title, { weight: 'Bolder' }), text(m.detail)], { actions: [{ type: 'Action.Execute', title: m.answerLabel, verb: 'rc.answer', data: { wave: m.wave }, style: 'positive', associatedInputs: 'none' }] });
}

/**
 * One step of an RC wave's questions: the seven dimensions about one partner group, each a
 * required choice of 1..5 or "ved ikke" (the input's id is its dimension), the answers so far
 * chosen. rc.save sends them with the wave and the group, and gets the next step back.
 */
export function rcStepCardJson(step: RcStepModel): Card {
  const body: Element[] = [text(step.title, { isSubtle: true }), title(literal(step.heading))];
  if (step.intro) body.push(text(step.intro, { isSubtle: true }));
  if (step.warning) body.push(text(step.warning, { color: 'Attention' }));
  for (const item of step.items) {
    body.push({
      type: 'Input.ChoiceSet',
      id: item.item,
      label: `${item.label}: ${item.question}`,
      style: 'expanded',
      isRequired: true,
      errorMessage: step.missingLabel,
      choices: item.options.map((o) => ({ title: o.label, value: o.value })),
      ...(item.chosen ? { value: item.chosen } : {}),
    });
  }
  return card(body, { actions: [{ type: 'Action.Execute', title: step.submitLabel, verb: 'rc.save', data: { wave: step.wave, group: step.group }, style: 'positive', associatedInputs: 'auto' }] });
}

/** After the last step: thanks, and a button to change the answers while the wave runs. */
export function rcDoneCardJson(thanks: string, wave: string, changeLabel: string): Card {
  return card([text(thanks)], { actions: [{ type: 'Action.Execute', title: changeLabel, verb: 'rc.answer', data: { wave }, associatedInputs: 'none' }] });
}

export function noticeCardJson(notice: string): Card {
  return card([text(notice, { weight: 'Bolder' })]);
}

export function helpCardJson(h: HelpModel, before?: string): Card {
  return card([...(before ? [text(before, { color: 'Warning' })] : []), text(h.intro), { type: 'FactSet', facts: h.commands.map((c) => ({ title: c.syntax, value: c.description })) }, text(h.privacy, { isSubtle: true })]);
}

/** A card as a message's attachment. */
export const attachment = (content: Card) => ({ contentType: CARD_CONTENT_TYPE, content });
