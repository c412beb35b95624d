// The shared view models (@samspil/chat) as Block Kit. Pure functions, no I/O.
import type { Locale } from '@samspil/core';
import { messages, type Format, type HandoverModel, type HelpModel, type ListSection, type NudgeModel, type PlanCardModel, type RcInvitationModel, type RcStepModel, type TextModel } from '@samspil/chat';
import type { ChatPerson } from '@samspil/server';
import type { types } from '@slack/bolt';

export type Block = types.KnownBlock;
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

/** Slack reads `&`, `<` and `>` as markup: data is escaped so it shows as text. */
export const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Slack's mrkdwn, with people as mentions when their Slack user is known. */
export function slackFormat(people: ChatPerson[]): Format {
  const byId = new Map(people.map((p) => [p.id, p]));
  return {
    text: escape,
    bold: (text) => `*${text}*`,
    person: (id) => {
      const p = id ? byId.get(id) : undefined;
      return p?.chatId ? `<@${p.chatId}>` : escape(p?.name ?? id ?? '–');
    },
  };
}

const plain = (text: string, max = 75) => ({ type: 'plain_text' as const, text: text.length > max ? `${text.slice(0, max - 1)}…` : text, emoji: true });
const md = (text: string) => ({ type: 'mrkdwn' as const, text: text.slice(0, 3000) });
const section = (text: string): Block => ({ type: 'section', text: md(text) });
const context = (text: string): Block => ({ type: 'context', elements: [md(text)] });
const header = (text: string): Block => ({ type: 'header', text: plain(text, 150) });
const list = (l: ListSection) => [l.title ? `*${l.title}*` : '', ...l.items.map((i) => `• ${i}`), l.more ?? ''].filter(Boolean).join('\n');
/** A button label cannot hold a mention: `<@U1>` shows as @U1 there. */
const label = (text: string) => text.replace(/<@([A-Z0-9]+)>/g, '@$1');

export function planCardBlocks(card: PlanCardModel): SlackMessage {
  const blocks: Block[] = [header(card.title), { type: 'section', fields: card.facts.map((f) => md(`*${f.label}*\n${f.value}`)) }];
  for (const w of card.warnings) blocks.push(section(w));
  for (const l of card.lists) blocks.push(section(list(l)));
  if (card.stalled) blocks.push(section(card.stalled));
  if (card.actions) {
    const elements: types.ActionsBlockElement[] = [{ type: 'users_select', action_id: 'coordinator.assign', placeholder: plain(card.actions.assignLabel) }];
    if (card.caseSystem) elements.push({ type: 'button', action_id: 'case.open', text: plain(card.caseSystem.label), url: card.caseSystem.url });
    const s = card.actions.suggestion;
    if (s) elements.push({ type: 'button', action_id: 'coordinator.accept', style: 'primary', text: plain(label(s.label)), value: s.person });
    // Each opens its form (meeting-listeners.ts); the case rides in the value, checked again there.
    const ids = JSON.stringify({ reference: card.reference });
    elements.push({ type: 'button', action_id: 'meeting.book', text: plain(card.actions.bookLabel), value: ids }, { type: 'button', action_id: 'disagreement.raise', text: plain(card.actions.raiseLabel), value: ids });
    // The case travels in the block id: a users_select has no value of its own.
    blocks.push({ type: 'actions', block_id: `plan:${card.reference}`, elements });
  } else if (card.caseSystem) blocks.push(context(`<${card.caseSystem.url}|${card.caseSystem.label}>`));
  return { text: card.title, blocks };
}

export function nudgeBlocks(n: NudgeModel): SlackMessage {
  const elements: types.ActionsBlockElement[] = [
    { type: 'button', action_id: 'nudge.ack', style: 'primary', text: plain(n.labels.acknowledge), value: n.nudgeId },
    { type: 'button', action_id: 'nudge.snooze', text: plain(n.labels.snooze), value: n.nudgeId },
    { type: 'users_select', action_id: 'nudge.reassign', placeholder: plain(n.labels.reassign) },
  ];
  if (n.bookLabel) elements.push({ type: 'button', action_id: 'meeting.book', text: plain(n.bookLabel), value: JSON.stringify({ reference: n.reference }) });
  if (n.caseSystemUrl) elements.push({ type: 'button', action_id: 'case.open', text: plain(n.labels.openPlan), url: n.caseSystemUrl });
  // Who covers, one select per person away: the reminder, the person away and the case in the block id.
  const covers: Block[] = n.covers.flatMap((c) => [
    section(c.question),
    { type: 'actions', block_id: `cover:${n.nudgeId}:${encodeURIComponent(c.away)}:${n.reference}`, elements: [{ type: 'users_select', action_id: 'nudge.cover', placeholder: plain(c.choose) }] },
  ]);
  return { text: n.title, blocks: [section(`*${escape(n.title)}*\n${n.detail}`), ...covers, { type: 'actions', block_id: `nudge:${n.nudgeId}:${n.reference}`, elements }] };
}

/** To the new caseworker: the case by reference and the take-over button (the case in its block id). */
export function handoverBlocks(m: HandoverModel): SlackMessage {
  const elements: types.ActionsBlockElement[] = [{ type: 'button', action_id: 'handover.take', style: 'primary', text: plain(m.takeOverLabel), value: m.reference }];
  return { text: m.title, blocks: [section(`*${escape(m.title)}*\n${m.detail}`), { type: 'actions', block_id: `handover:${m.reference}`, elements }] };
}

/** A reminder after a button: the question replaced by what was done. */
export function nudgeDone(original: readonly Block[], outcome: string): Block[] {
  return [...original.filter((b) => b.type !== 'actions'), context(outcome)];
}

export function textBlocks(m: TextModel, asHeader = false): SlackMessage {
  const blocks: Block[] = [asHeader ? header(m.title) : section(`*${m.title}*`)];
  for (const s of m.sections) blocks.push(section(list(s)));
  if (m.note) blocks.push(section(m.note));
  if (m.link) blocks.push({ type: 'actions', elements: [{ type: 'button', action_id: 'link.open', text: plain(m.link.label), url: m.link.url }] });
  return { text: m.title, blocks };
}

/** An RC wave's invitation or reminder: its button opens the questions (the wave rides in its value). */
export function rcInvitationBlocks(m: RcInvitationModel): SlackMessage {
  return {
    text: m.title,
    blocks: [section(`*${escape(m.title)}*\n${m.detail}`), { type: 'actions', elements: [{ type: 'button', action_id: 'rc.answer', style: 'primary', text: plain(m.answerLabel), value: m.wave }] }],
  };
}

/**
 * One step of an RC wave's questions as a modal: the seven dimensions about one partner group,
 * each a required choice of 1..5 or "ved ikke", the person's answers so far chosen. The wave
 * and the group ride in private_metadata; each input's block id is its dimension.
 */
export function rcStepModal(step: RcStepModel): types.ModalView {
  const blocks: Block[] = [header(step.heading)];
  if (step.intro) blocks.push(context(step.intro));
  if (step.warning) blocks.push(section(`⚠️ ${step.warning}`));
  for (const item of step.items) {
    const options = item.options.map((o) => ({ text: plain(o.label), value: o.value }));
    const chosen = options.find((o) => o.value === item.chosen);
    blocks.push({
      type: 'input',
      block_id: item.item,
      label: plain(item.question, 2000),
      hint: plain(item.label, 2000),
      element: { type: 'radio_buttons', action_id: 'answer', options, ...(chosen ? { initial_option: chosen } : {}) },
    });
  }
  return {
    type: 'modal',
    callback_id: 'rc.step',
    private_metadata: JSON.stringify({ wave: step.wave, group: step.group }),
    title: plain(step.title, 24),
    submit: plain(step.submitLabel, 24),
    close: plain(step.closeLabel, 24),
    blocks,
  };
}

/** A modal that only says something (thanks, a refusal), with a button to close it. */
export function noticeModal(title: string, text: string, close: string): types.ModalView {
  return { type: 'modal', title: plain(title, 24), close: plain(close, 24), blocks: [section(text)] };
}

export function helpText(h: HelpModel, before?: string): string {
  return [before, h.intro, ...h.commands.map((c) => `\`${c.syntax}\` ${c.description}`), h.privacy].filter(Boolean).join('\n');
}

export function homeView(m: TextModel): types.HomeView {
  const blocks: Block[] = [header(m.title)];
  if (m.note) blocks.push(section(m.note));
  for (const s of m.sections) {
    if (s.title) blocks.push({ type: 'divider' }, header(s.title));
    for (const item of s.items) blocks.push(section(item));
    if (s.more) blocks.push(context(s.more));
  }
  return { type: 'home', blocks: blocks.slice(0, 100) };
}

export function requestModal(reference: string, departments: { id: string; name: string }[], locale: Locale): types.ModalView {
  const t = messages[locale];
  return {
    type: 'modal',
    callback_id: 'coordination.request',
    title: plain(t.requestTitle, 24),
    submit: plain(t.requestSubmit, 24),
    close: plain(t.requestCancel, 24),
    blocks: [
      { type: 'input', block_id: 'case', label: plain(t.requestCase, 2000), element: { type: 'plain_text_input', action_id: 'reference', initial_value: reference, max_length: 200 } },
      {
        type: 'input',
        block_id: 'departments',
        label: plain(t.requestDepartments, 2000),
        element: { type: 'multi_static_select', action_id: 'departments', options: departments.slice(0, 100).map((d) => ({ text: plain(d.name), value: d.id })) },
      },
      {
        type: 'input',
        block_id: 'note',
        optional: true,
        label: plain(t.requestNote, 2000),
        hint: plain(t.requestNoteHint, 2000),
        element: { type: 'plain_text_input', action_id: 'note', multiline: true, max_length: 500 },
      },
    ],
  };
}
