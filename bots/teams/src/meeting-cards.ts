// The good meeting's view models (@samspil/chat) as Adaptive Cards 1.5 (issue 25): a message
// with Action.Execute buttons (an invitation, a joint decision to confirm, a disagreement to settle)
// and the outcome form, whose inputs go back with meeting.outcome.save. Pure functions, no I/O.
import { BOOKING_FIELDS, DISAGREEMENT_FIELDS, OUTCOME_FIELDS, type ActionMessageModel, type BookingFormModel, type Choice, type DisagreementFormModel, type OutcomeFormModel } from '@samspil/chat';
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

/** A form card: its heading, what to mend on top, the intro, the inputs and the submit button. */
const form = (title: string, warning: string | undefined, intro: string, inputs: Element[], submit: Element[]): Card => ({
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  body: [text(title, { size: 'Large', weight: 'Bolder', style: 'heading' }), ...(warning ? [text(warning, { color: 'Attention' })] : []), text(intro, { isSubtle: true }), ...inputs],
  actions: submit,
});

/** The outcome form: choices and dates only (no free text); the case, the meeting and the plan's version ride in the button's data. */
export function outcomeFormCardJson(f: OutcomeFormModel, warning?: string): Card {
  const inputs: Element[] = [
    ...choices(OUTCOME_FIELDS.attended, f.attended.label, f.attended.options),
    ...choices(OUTCOME_FIELDS.decision, f.decision.label, f.decision.options),
    ...choices(OUTCOME_FIELDS.departments, f.departments.label, f.departments.options, true),
    ...f.actions.flatMap((a, i) => [...choices(OUTCOME_FIELDS.intervention(i), a.intervention.label, a.intervention.options), ...choices(OUTCOME_FIELDS.owner(i), a.owner.label, a.owner.options), date(OUTCOME_FIELDS.due(i), a.due.label)]),
    date(OUTCOME_FIELDS.nextFollowUp, f.nextFollowUp.label),
  ];
  return form(f.title, warning, f.intro, inputs, [{ type: 'Action.Execute', title: f.submitLabel, verb: 'meeting.outcome.save', data: { reference: f.reference, meeting: f.meeting, planVersion: f.planVersion }, style: 'positive', associatedInputs: 'auto' }]);
}

/** The booking form: a day, a time and a room from the municipality's list (no free text); the case rides in the button's data. */
export function bookingFormCardJson(f: BookingFormModel, warning?: string): Card {
  if (f.room.options.length === 0) return form(f.title, warning, f.intro, [], []);
  const inputs: Element[] = [
    { type: 'Input.Date', id: BOOKING_FIELDS.day, label: f.day.label, value: f.day.initial, isRequired: true, errorMessage: f.day.label },
    { type: 'Input.Time', id: BOOKING_FIELDS.time, label: f.time.label, value: f.time.initial, isRequired: true, errorMessage: f.time.label },
    { type: 'Input.ChoiceSet', id: BOOKING_FIELDS.room, label: f.room.label, style: 'compact', value: f.room.options[0]!.value, choices: f.room.options.map((o) => ({ title: o.label, value: o.value })) },
  ];
  return form(f.title, warning, f.intro, inputs, [{ type: 'Action.Execute', title: f.submitLabel, verb: 'meeting.book.save', data: { reference: f.reference }, style: 'positive', associatedInputs: 'auto' }]);
}

/** The disagreement form: what it is about, chosen from the plan and the agreement. */
export function disagreementFormCardJson(f: DisagreementFormModel, warning?: string): Card {
  const inputs = choices(DISAGREEMENT_FIELDS.subject, f.subject.label, f.subject.options).map((c) => ({ ...c, isRequired: true, errorMessage: f.subject.label }));
  return form(f.title, warning, f.intro, inputs, [{ type: 'Action.Execute', title: f.submitLabel, verb: 'disagreement.raise.save', data: { reference: f.reference }, style: 'positive', associatedInputs: 'auto' }]);
}
