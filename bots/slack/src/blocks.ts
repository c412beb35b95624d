// Block Kit views. Pure functions from domain data to blocks: no I/O, so the
// privacy check in the tests can run over every view with any data.
import { consentState, copenhagenDay, isoOfDay, type Case, type Locale } from '@samspil/core';
import type { CaseOverview, NudgeView, StalledCase } from '@samspil/server';
import type { types } from '@slack/bolt';
import { messages, type Messages } from './messages.js';

export type Block = types.KnownBlock;

/** How a person is shown: a Slack mention when their Slack user is known, else their name. */
export type Who = (person: string | null | undefined) => string;

/** Slack's own limits (section text 3,000 characters, 50 blocks a message): lists are capped. */
const MAX_LIST = 12;

/** Slack reads `&`, `<` and `>` as markup: data is escaped so it shows as text. */
export const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const plain = (text: string) => ({ type: 'plain_text' as const, text: text.slice(0, 75), emoji: true });
const md = (text: string) => ({ type: 'mrkdwn' as const, text: text.slice(0, 3000) });
const section = (text: string): Block => ({ type: 'section', text: md(text) });
const context = (text: string): Block => ({ type: 'context', elements: [md(text)] });
const header = (text: string): Block => ({ type: 'header', text: plain(text.slice(0, 150)) });
const day = (iso: string) => isoOfDay(copenhagenDay(Date.parse(iso)));

function list(items: string[], t: Messages): string {
  const shown = items.slice(0, MAX_LIST).map((i) => `• ${i}`);
  if (items.length > MAX_LIST) shown.push(t.more(items.length - MAX_LIST));
  return shown.join('\n');
}

export function reasonsText(reasons: readonly Pick<NudgeView, 'reason' | 'since'>[], t: Messages): string {
  return reasons.map((r) => `${t.reason[r.reason] ?? r.reason} (${t.since(day(r.since))})`).join(', ');
}

export interface PlanCardInput extends CaseOverview {
  /** Who the service suggests as coordinator, when there is none. */
  suggestion?: { person: string; basis: string } | undefined;
  departmentNames: Record<string, string>;
  now: number;
}

/** The shared plan card: what a coordination channel pins, and `status` shows. */
export function planCard(input: PlanCardInput, who: Who, locale: Locale, interactive = true): { text: string; blocks: Block[] } {
  const t = messages[locale];
  const c = input.case;
  const plan = input.plan;
  const blocks: Block[] = [header(t.coordination(c.reference))];
  const consent = consentState(c.consent, input.now);
  const nextFollowUp = plan?.followUps.filter((f) => !f.heldAt).sort((a, b) => a.date.localeCompare(b.date))[0];
  const overdue = nextFollowUp !== undefined && nextFollowUp.date < isoOfDay(copenhagenDay(input.now));
  blocks.push({
    type: 'section',
    fields: [
      md(`*${t.goal}*\n${plan ? t.goalKind[plan.overallGoal.kind] ?? plan.overallGoal.kind : t.noPlan}`),
      md(`*${t.coordinator}*\n${c.coordinator.current ? who(c.coordinator.current) : t.none}`),
      md(`*${t.nextFollowUp}*\n${nextFollowUp ? `${nextFollowUp.date}${overdue ? ` :warning: ${t.overdue}` : ''}` : t.none}`),
      md(`*${t.consent}*\n${t.consentState[consent] ?? consent}`),
    ],
  });
  if (!c.coordinator.current) blocks.push(section(t.noCoordinator));
  if (consent !== 'given' && c.departments.length >= 2) blocks.push(context(t.consentBlocks));
  // Plan structure only: positions, departments, dates and statuses. Titles and criteria
  // are the caseworkers' free text and may name a diagnosis; they stay in the case system.
  if (plan && plan.subGoals.length > 0) {
    const items = plan.subGoals.map((g, i) => `${t.subGoal(i + 1)}: ${t.subGoalStatus[g.status] ?? g.status}${g.targetDate ? ` (${g.targetDate})` : ''}`);
    blocks.push(section(`*${t.subGoals}*\n${list(items, t)}`));
  }
  if (plan && plan.interventions.length > 0) {
    const position = new Map(plan.interventions.map((iv, i) => [iv.id, i + 1]));
    const items = plan.interventions.map((iv, i) => {
      const waits = iv.dependsOn.length > 0 ? `, ${t.waitsFor(iv.dependsOn.map((d) => t.intervention(position.get(d) ?? 0)).join(', '))}` : '';
      return `${t.intervention(i + 1)}, ${escape(input.departmentNames[iv.department] ?? iv.department)}: ${t.interventionStatus[iv.status] ?? iv.status}${iv.end ? ` (${t.until(iv.end)})` : ''}${waits}`;
    });
    blocks.push(section(`*${t.interventions}*\n${list(items, t)}`));
  }
  if (input.reasons.length > 0) blocks.push(section(`:hourglass: *${t.stalled}:* ${reasonsText(input.reasons, t)}`));
  if (interactive) {
    const elements: types.ActionsBlockElement[] = [
      { type: 'users_select', action_id: 'coordinator.assign', placeholder: plain(t.assignCoordinator) },
    ];
    if (c.caseSystemUrl) elements.push({ type: 'button', action_id: 'case.open', text: plain(t.openInCaseSystem), url: c.caseSystemUrl });
    if (input.suggestion && input.suggestion.person !== c.coordinator.current) {
      elements.push({ type: 'button', action_id: 'coordinator.accept', style: 'primary', text: plain(t.suggest(nameOnly(who(input.suggestion.person)))), value: input.suggestion.person });
    }
    // The case travels in the block id: a users_select has no value of its own.
    blocks.push({ type: 'actions', block_id: `plan:${c.reference}`, elements });
  } else if (c.caseSystemUrl) blocks.push(context(`<${c.caseSystemUrl}|${t.openInCaseSystem}>`));
  return { text: t.coordination(c.reference), blocks };
}

/** A button label cannot hold a mention: `<@U1>` becomes the plain fallback. */
const nameOnly = (shown: string) => shown.replace(/^<@([A-Z0-9]+)>$/, '@$1');

export interface NudgeInput {
  kind: 'nudge' | 'escalation';
  nudgeId: string;
  caseReference: string;
  reason: string;
  since: string;
  step: number;
  caseSystemUrl?: string | undefined;
}

/** A reminder (to the coordinator) or an escalation (to a team lead or head of department). */
export function nudgeMessage(n: NudgeInput, locale: Locale): { text: string; blocks: Block[] } {
  const t = messages[locale];
  const title = n.kind === 'nudge' ? t.nudge(n.caseReference) : t.escalation(n.caseReference, n.step);
  // The reason by its code, not core's sentence: that quotes intervention titles (free text).
  const detail = `${t.reason[n.reason] ?? n.reason} (${t.since(day(n.since))})`;
  const elements: types.ActionsBlockElement[] = [
    { type: 'button', action_id: 'nudge.ack', style: 'primary', text: plain(t.acknowledge), value: n.nudgeId },
    { type: 'button', action_id: 'nudge.snooze', text: plain(t.snooze), value: n.nudgeId },
    { type: 'users_select', action_id: 'nudge.reassign', placeholder: plain(t.reassign) },
  ];
  if (n.caseSystemUrl) elements.push({ type: 'button', action_id: 'case.open', text: plain(t.openPlan), url: n.caseSystemUrl });
  return {
    text: title,
    blocks: [section(`:hourglass: *${escape(title)}*\n${detail}`), { type: 'actions', block_id: `nudge:${n.nudgeId}:${n.caseReference}`, elements }],
  };
}

/** A nudge message after a button: the question replaced by what was done. */
export function nudgeDone(original: readonly Block[], outcome: string): Block[] {
  return [...original.filter((b) => b.type !== 'actions'), context(outcome)];
}

export function digestMessage(date: string, items: { caseReference: string; reason: string; since: string }[], now: number, locale: Locale): { text: string; blocks: Block[] } {
  const t = messages[locale];
  const byCase = new Map<string, { reason: string; since: string }[]>();
  for (const i of items) byCase.set(i.caseReference, [...(byCase.get(i.caseReference) ?? []), i]);
  const lines = [...byCase].map(([ref, reasons]) => {
    const oldest = Math.min(...reasons.map((r) => Date.parse(r.since)));
    const age = Math.max(0, Math.floor((now - oldest) / 86_400_000));
    return `*${escape(ref)}* (${t.days(age)}): ${reasons.map((r) => t.reason[r.reason] ?? r.reason).join(', ')}`;
  });
  return { text: t.digest(date), blocks: [header(t.digest(date)), section(lines.length ? list(lines, t) : t.digestEmpty)] };
}

export function stalledList(cases: StalledCase[], who: Who, locale: Locale): { text: string; blocks: Block[] } {
  const t = messages[locale];
  if (cases.length === 0) return { text: t.noStalled, blocks: [section(t.noStalled)] };
  const lines = cases.map((c) => `*${escape(c.reference)}* (${t.coordinator.toLowerCase()}: ${c.coordinator ? who(c.coordinator) : t.none}): ${reasonsText(c.reasons, t)}`);
  return { text: t.stalledTitle(cases.length), blocks: [section(`*${t.stalledTitle(cases.length)}*\n${list(lines, t)}`)] };
}

export function homeView(mine: { case: Case; reasons: NudgeView[] }[], team: StalledCase[] | undefined, who: Who, locale: Locale): types.HomeView {
  const t = messages[locale];
  const blocks: Block[] = [header(t.homeMine)];
  if (mine.length === 0) blocks.push(section(t.homeNone));
  for (const m of mine.slice(0, 20)) {
    const state = m.reasons.length ? `:hourglass: ${reasonsText(m.reasons, t)}` : ':white_check_mark:';
    blocks.push(section(`*${escape(m.case.reference)}* ${state}`));
  }
  if (team) {
    blocks.push({ type: 'divider' }, header(t.homeTeam));
    blocks.push(...stalledList(team, who, locale).blocks);
  }
  return { type: 'home', blocks };
}

export function requestModal(reference: string, departments: { id: string; name: string }[], privateMetadata: string, locale: Locale): types.ModalView {
  const t = messages[locale];
  return {
    type: 'modal',
    callback_id: 'coordination.request',
    private_metadata: privateMetadata,
    title: plain(t.requestTitle.slice(0, 24)),
    submit: plain(t.requestSubmit),
    close: plain(t.requestCancel),
    blocks: [
      {
        type: 'input',
        block_id: 'case',
        label: plain(t.requestCase),
        element: { type: 'plain_text_input', action_id: 'reference', initial_value: reference, max_length: 200 },
      },
      {
        type: 'input',
        block_id: 'departments',
        label: plain(t.requestDepartments),
        element: {
          type: 'multi_static_select',
          action_id: 'departments',
          options: departments.slice(0, 100).map((d) => ({ text: plain(d.name), value: d.id })),
        },
      },
      {
        type: 'input',
        block_id: 'note',
        optional: true,
        label: plain(t.requestNote),
        hint: plain(t.requestNoteHint),
        element: { type: 'plain_text_input', action_id: 'note', multiline: true, max_length: 500 },
      },
    ],
  };
}
