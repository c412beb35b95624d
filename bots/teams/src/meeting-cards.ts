// The good meeting's view models (@samspil/chat) as Adaptive Cards 1.5 (issue 25): a message
// with Action.Execute buttons (an invitation, a joint decision to confirm, a disagreement to settle)
// and the outcome form, whose inputs go back with meeting.outcome.save. Pure functions, no I/O.
import { OUTCOME_FIELDS, type ActionMessageModel, type Choice, type OutcomeFormModel } from '@samspil/chat';
import { textCardJson, type Card } from './cards.js';

type Element = Record<string, unknown>;
const text = (value: string, extra: Element = {}): Element => ({ type: 'TextBlock', text: value, wrap: true, ...extra });

/** A message with its buttons: each an Action.Execute whose verb is its gesture and whose data its ids (and the title, for the answer). */
export function actionMessageCardJson(m: ActionMessageModel): Card {
  const card = textCardJson(m);
  const actions = [
    ...m.buttons.map((b, i) => ({ type: 'Action.Execute', title: b.label, verb: b.gesture, data: { ...b.data, title: m.title }, associatedInputs: 'none', ...(i === 0 ? { style: 'positive' } : {}) })),
    ...((card.actions as Element[] | undefined) ?? []),
  ];
  return { ...card, actions };
}

const choices = (id: string, label: string, options: Choice[], multi = false): Element[] =>
  options.length === 0 ? [] : [{ type: 'Input.ChoiceSet', id, label, style: 'compact', isMultiSelect: multi, choices: options.map((o) => ({ title: o.label, value: o.value })) }];
const date = (id: string, label: string): Element => ({ type: 'Input.Date', id, label });

/** The outcome form: choices and dates only (no free text); the case, the meeting and the plan's version ride in the button's data. */
export function outcomeFormCardJson(form: OutcomeFormModel, warning?: string): Card {
  const body: Element[] = [
    text(form.title, { size: 'Large', weight: 'Bolder', style: 'heading' }),
    ...(warning ? [text(warning, { color: 'Attention' })] : []),
    text(form.intro, { isSubtle: true }),
    ...choices(OUTCOME_FIELDS.attended, form.attended.label, form.attended.options),
    ...choices(OUTCOME_FIELDS.decision, form.decision.label, form.decision.options),
    ...choices(OUTCOME_FIELDS.departments, form.departments.label, form.departments.options, true),
    ...form.actions.flatMap((a, i) => [...choices(OUTCOME_FIELDS.intervention(i), a.intervention.label, a.intervention.options), ...choices(OUTCOME_FIELDS.owner(i), a.owner.label, a.owner.options), date(OUTCOME_FIELDS.due(i), a.due.label)]),
    date(OUTCOME_FIELDS.nextFollowUp, form.nextFollowUp.label),
  ];
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    actions: [{ type: 'Action.Execute', title: form.submitLabel, verb: 'meeting.outcome.save', data: { reference: form.reference, meeting: form.meeting, planVersion: form.planVersion }, style: 'positive', associatedInputs: 'auto' }],
  };
}
