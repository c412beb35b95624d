// The good meeting's view models (@samspil/chat) as Block Kit (issue 25): a message with buttons
// (an invitation, a joint decision to confirm, a disagreement to settle) and the outcome modal.
// Pure functions, no I/O. A button's ids ride in its value; the flows check them again.
import { BOOKING_FIELDS, DISAGREEMENT_FIELDS, OUTCOME_FIELDS, type ActionMessageModel, type BookingFormModel, type Choice, type DisagreementFormModel, type OutcomeFormModel } from '@samspil/chat';
import type { types } from '@slack/bolt';
import { textBlocks, type Block, type SlackMessage } from './blocks.js';

const plain = (text: string, max = 75) => ({ type: 'plain_text' as const, text: text.length > max ? `${text.slice(0, max - 1)}…` : text, emoji: true });
const options = (choices: Choice[]) => choices.slice(0, 100).map((c) => ({ text: plain(c.label), value: c.value }));

/** A message with its buttons under it, each button's action id its gesture. */
export function actionMessageBlocks(m: ActionMessageModel): SlackMessage {
  const message = textBlocks(m, true);
  const elements: types.ActionsBlockElement[] = m.buttons.map((b, i) => ({ type: 'button', action_id: b.gesture, text: plain(b.label), value: JSON.stringify(b.data), ...(i === 0 ? { style: 'primary' as const } : {}) }));
  return { text: message.text, blocks: [...message.blocks, { type: 'actions', block_id: `meeting:${m.buttons[0]?.gesture ?? ''}`, elements }] };
}

/** The ids a button carries (its value); empty ones when it is not ours. */
export function buttonData(value: string | undefined): Record<string, string> {
  try {
    const parsed = JSON.parse(value ?? '{}') as unknown;
    if (typeof parsed !== 'object' || parsed === null) return {};
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}

const select = (block: string, label: string, choices: Choice[], multi = false): Block | undefined =>
  choices.length === 0
    ? undefined
    : { type: 'input', block_id: block, optional: true, label: plain(label, 2000), element: multi ? { type: 'multi_static_select', action_id: 'value', options: options(choices) } : { type: 'static_select', action_id: 'value', options: options(choices) } };
const date = (block: string, label: string): Block => ({ type: 'input', block_id: block, optional: true, label: plain(label, 2000), element: { type: 'datepicker', action_id: 'value' } });

/** The outcome form as a modal: every field a choice or a date (no free text); the case, meeting and plan version in private_metadata. */
export function outcomeModal(form: OutcomeFormModel, close: string): types.ModalView {
  const blocks: (Block | undefined)[] = [
    { type: 'context', elements: [{ type: 'mrkdwn', text: form.intro }] },
    select(OUTCOME_FIELDS.attended, form.attended.label, form.attended.options),
    select(OUTCOME_FIELDS.decision, form.decision.label, form.decision.options),
    select(OUTCOME_FIELDS.departments, form.departments.label, form.departments.options, true),
    ...form.actions.flatMap((a, i) => [select(OUTCOME_FIELDS.intervention(i), a.intervention.label, a.intervention.options), select(OUTCOME_FIELDS.owner(i), a.owner.label, a.owner.options), date(OUTCOME_FIELDS.due(i), a.due.label)]),
    date(OUTCOME_FIELDS.nextFollowUp, form.nextFollowUp.label),
  ];
  return {
    type: 'modal',
    callback_id: 'meeting.outcome',
    private_metadata: JSON.stringify({ reference: form.reference, meeting: form.meeting, planVersion: form.planVersion }),
    title: plain(form.title, 24),
    submit: plain(form.submitLabel, 24),
    close: plain(close, 24),
    blocks: blocks.filter((b): b is Block => b !== undefined),
  };
}

/** The booking form as a modal: a day, a time and a room from the municipality's list (no free text); the case in private_metadata. */
export function bookingModal(form: BookingFormModel, close: string): types.ModalView {
  const rooms = options(form.room.options);
  const blocks: Block[] = [
    { type: 'context', elements: [{ type: 'mrkdwn', text: form.intro }] },
    { type: 'input', block_id: BOOKING_FIELDS.day, label: plain(form.day.label, 2000), element: { type: 'datepicker', action_id: 'value', initial_date: form.day.initial } },
    { type: 'input', block_id: BOOKING_FIELDS.time, label: plain(form.time.label, 2000), element: { type: 'timepicker', action_id: 'value', initial_time: form.time.initial } },
  ];
  if (rooms.length) blocks.push({ type: 'input', block_id: BOOKING_FIELDS.room, label: plain(form.room.label, 2000), element: { type: 'static_select', action_id: 'value', options: rooms, initial_option: rooms[0]! } });
  return {
    type: 'modal',
    callback_id: 'meeting.book',
    private_metadata: JSON.stringify({ reference: form.reference }),
    title: plain(form.title, 24),
    ...(rooms.length ? { submit: plain(form.submitLabel, 24) } : {}),
    close: plain(close, 24),
    blocks: rooms.length ? blocks : [blocks[0]!],
  };
}

/** The disagreement form as a modal: what it is about, chosen from the plan and the agreement. */
export function disagreementModal(form: DisagreementFormModel, close: string): types.ModalView {
  return {
    type: 'modal',
    callback_id: 'disagreement.raise',
    private_metadata: JSON.stringify({ reference: form.reference }),
    title: plain(form.title, 24),
    submit: plain(form.submitLabel, 24),
    close: plain(close, 24),
    blocks: [
      { type: 'context', elements: [{ type: 'mrkdwn', text: form.intro }] },
      { type: 'input', block_id: DISAGREEMENT_FIELDS.subject, label: plain(form.subject.label, 2000), element: { type: 'static_select', action_id: 'value', options: options(form.subject.options) } },
    ],
  };
}
