// What the chat apps show, platform-neutral: pure functions from domain data to
// small view models that Slack renders as Block Kit and Teams as Adaptive Cards.
// No I/O, so the privacy check can run over every view with any data.
import { consentState, copenhagenDay, formatPercent, isoOfDay, rcBandLabel, relativeChange, type Case, type Locale, type RcItem } from '@samspil/core';
import type { CaseOverview, NudgeView, OutboxPayloadOf, StalledCase, WaveQuestions, WaveView } from '@samspil/server';
import { meetingMessages } from './meeting-messages.js';
import type { ActionMessageModel } from './meeting-views.js';
import { messages, type Messages } from './messages.js';

/** How a platform writes text: its escaping of data, its emphasis, a person. */
export interface Format {
  /** Data (a reference, a name) as text that shows literally. */
  text(value: string): string;
  bold(text: string): string;
  /** A person: a mention where the platform can, else their (professional's) name. */
  person(id: string | null | undefined): string;
}

/** Lists are capped (Slack allows 3,000 characters a section; a card must stay readable). */
export const MAX_LIST = 12;

export interface Fact {
  label: string;
  value: string;
}

export interface ListSection {
  title: string;
  items: string[];
  /** "… and N more" when the list was capped. */
  more?: string;
}

export interface PlanCardModel {
  reference: string;
  title: string;
  facts: Fact[];
  warnings: string[];
  lists: ListSection[];
  stalled?: string;
  /** The case in the vendor's system. */
  caseSystem?: { url: string; label: string };
  /** The buttons; absent for a read-only summary (`status`). */
  actions?: {
    assignLabel: string;
    suggestion?: { person: string; label: string };
    /** The case's participants: who a choice set offers (Slack's user select offers anyone). */
    candidates: { person: string; name: string }[];
    /** "Book meeting" and "Disagreement": each opens its form (issue 25). */
    bookLabel: string;
    raiseLabel: string;
  };
}

export interface PlanCardInput extends CaseOverview {
  /** Who the service suggests as coordinator, when there is none. */
  suggestion?: { person: string; basis: string } | undefined;
  departmentNames: Record<string, string>;
  /** Names of the case's participants (professionals). */
  participantNames?: Record<string, string>;
  now: number;
}

export const dayOf = (iso: string) => isoOfDay(copenhagenDay(Date.parse(iso)));

export function capped(title: string, items: string[], t: Messages): ListSection {
  return items.length > MAX_LIST ? { title, items: items.slice(0, MAX_LIST), more: t.more(items.length - MAX_LIST) } : { title, items };
}

export function reasonsText(reasons: readonly Pick<NudgeView, 'reason' | 'since'>[], t: Messages): string {
  return reasons.map((r) => `${t.reason[r.reason] ?? r.reason} (${t.since(dayOf(r.since))})`).join(', ');
}

/** The shared plan card: what a coordination pins, and `status` shows. */
export function planCard(input: PlanCardInput, f: Format, locale: Locale, interactive = true): PlanCardModel {
  const t = messages[locale];
  const c = input.case;
  const plan = input.plan;
  const consent = consentState(c.consent, input.now);
  const nextFollowUp = plan?.followUps.filter((x) => !x.heldAt).sort((a, b) => a.date.localeCompare(b.date))[0];
  const overdue = nextFollowUp !== undefined && nextFollowUp.date < isoOfDay(copenhagenDay(input.now));
  const card: PlanCardModel = {
    reference: c.reference,
    title: t.coordination(c.reference),
    facts: [
      { label: t.goal, value: plan ? (t.goalKind[plan.overallGoal.kind] ?? plan.overallGoal.kind) : t.noPlan },
      { label: t.coordinator, value: c.coordinator.current ? f.person(c.coordinator.current) : t.none },
      { label: t.nextFollowUp, value: nextFollowUp ? `${nextFollowUp.date}${overdue ? ` ⚠️ ${t.overdue}` : ''}` : t.none },
      { label: t.consent, value: t.consentState[consent] ?? consent },
    ],
    warnings: [],
    lists: [],
  };
  // What the citizen wrote before a meeting (issue 28): that they did, since the last follow-up held; never what.
  const lastHeld = plan?.followUps.map((x) => x.heldAt).filter((x): x is string => !!x).reduce((a, b) => (Date.parse(a) > Date.parse(b) ? a : b), '');
  if (input.citizenWroteAt && (!lastHeld || Date.parse(input.citizenWroteAt) > Date.parse(lastHeld))) card.facts.push({ label: t.citizen, value: t.citizenWrote });
  if (!c.coordinator.current) card.warnings.push(t.noCoordinator);
  if (consent !== 'given' && c.departments.length >= 2) card.warnings.push(t.consentBlocks);
  // Plan structure only: positions, departments, dates and statuses. Titles and criteria
  // are the caseworkers' free text and may name a diagnosis; they stay in the case system.
  if (plan && plan.subGoals.length > 0) {
    card.lists.push(capped(t.subGoals, plan.subGoals.map((g, i) => `${t.subGoal(i + 1)}: ${t.subGoalStatus[g.status] ?? g.status}${g.targetDate ? ` (${g.targetDate})` : ''}`), t));
  }
  if (plan && plan.interventions.length > 0) {
    const position = new Map(plan.interventions.map((iv, i) => [iv.id, i + 1]));
    const items = plan.interventions.map((iv, i) => {
      const waits = iv.dependsOn.length > 0 ? `, ${t.waitsFor(iv.dependsOn.map((d) => t.intervention(position.get(d) ?? 0)).join(', '))}` : '';
      return `${t.intervention(i + 1)}, ${f.text(input.departmentNames[iv.department] ?? iv.department)}: ${t.interventionStatus[iv.status] ?? iv.status}${iv.end ? ` (${t.until(iv.end)})` : ''}${waits}`;
    });
    card.lists.push(capped(t.interventions, items, t));
  }
  if (input.reasons.length > 0) card.stalled = `⏳ ${t.stalled}: ${reasonsText(input.reasons, t)}`;
  if (c.caseSystemUrl) card.caseSystem = { url: c.caseSystemUrl, label: t.openInCaseSystem };
  if (interactive) {
    const names = input.participantNames ?? {};
    const candidates = [...new Set(c.participants.map((p) => p.person))].map((person) => ({ person, name: names[person] ?? person }));
    const mt = meetingMessages[locale];
    card.actions = { assignLabel: t.assignCoordinator, candidates, bookLabel: mt.bookLabel, raiseLabel: mt.raiseLabel };
    if (input.suggestion && input.suggestion.person !== c.coordinator.current) {
      card.actions.suggestion = { person: input.suggestion.person, label: t.suggest(f.person(input.suggestion.person)) };
    }
  }
  return card;
}

export interface NudgeModel {
  kind: 'nudge' | 'escalation';
  nudgeId: string;
  reference: string;
  title: string;
  detail: string;
  caseSystemUrl?: string;
  labels: { acknowledge: string; snooze: string; reassign: string; openPlan: string };
  /** Who the coordination could be handed to: the case's participants. */
  candidates: { person: string; name: string }[];
  /** stall.responsible-absent: for each person away, the question who covers (chosen from the candidates). */
  covers: { away: string; question: string; choose: string }[];
  /** A decision awaited or a follow-up passed: "Book meeting", where the decision is taken (issue 25). */
  bookLabel?: string;
}

export interface NudgeInput {
  kind: 'nudge' | 'escalation';
  nudgeId: string;
  caseReference: string;
  reason: string;
  since: string;
  step: number;
  caseSystemUrl?: string | undefined;
  candidates?: { person: string; name: string }[];
  /** Who is away with nobody covering: the person id, and the person as the platform shows one. */
  absent?: { person: string; shown: string }[];
}

/** The stalls a meeting settles: its reminder offers to book one. */
const MEETING_REASONS = new Set(['stall.decision-awaited', 'stall.follow-up-passed']);

/** A reminder (to the coordinator) or an escalation (to a team lead or head of department). */
export function nudgeMessage(n: NudgeInput, locale: Locale): NudgeModel {
  const t = messages[locale];
  const model: NudgeModel = {
    kind: n.kind,
    nudgeId: n.nudgeId,
    reference: n.caseReference,
    title: `⏳ ${n.kind === 'nudge' ? t.nudge(n.caseReference) : t.escalation(n.caseReference, n.step)}`,
    // The reason by its code, not core's sentence: that quotes intervention titles (free text).
    detail: `${t.reason[n.reason] ?? n.reason} (${t.since(dayOf(n.since))})`,
    labels: { acknowledge: t.acknowledge, snooze: t.snooze, reassign: t.reassign, openPlan: t.openPlan },
    candidates: n.candidates ?? [],
    covers: (n.absent ?? []).map((a) => ({ away: a.person, question: t.nameCover(a.shown), choose: t.chooseCover })),
  };
  if (n.caseSystemUrl) model.caseSystemUrl = n.caseSystemUrl;
  if (MEETING_REASONS.has(n.reason)) model.bookLabel = meetingMessages[locale].bookLabel;
  return model;
}

export interface TextModel {
  title: string;
  sections: ListSection[];
  /** A line without a list: an empty state, a notice. */
  note?: string;
  /** A button that opens a page. */
  link?: { url: string; label: string };
}

/** What a digest counts beside its cases: the waiting per department and the interventions without a legal basis. */
export interface DigestCounts {
  waiting?: { department: string; interventions: number; days: number; longest: number }[] | undefined;
  legalBasisMissing?: number | undefined;
}

export function digestMessage(date: string, items: { caseReference: string; reason: string; since: string }[], now: number, f: Format, locale: Locale, counts: DigestCounts = {}): TextModel {
  const t = messages[locale];
  const byCase = new Map<string, { reason: string; since: string }[]>();
  for (const i of items) byCase.set(i.caseReference, [...(byCase.get(i.caseReference) ?? []), i]);
  const lines = [...byCase].map(([ref, reasons]) => {
    const oldest = Math.min(...reasons.map((r) => Date.parse(r.since)));
    const age = Math.max(0, Math.floor((now - oldest) / 86_400_000));
    return `${f.bold(f.text(ref))} (${t.days(age)}): ${reasons.map((r) => t.reason[r.reason] ?? r.reason).join(', ')}`;
  });
  const model: TextModel = lines.length ? { title: t.digest(date), sections: [capped('', lines, t)] } : { title: t.digest(date), sections: [], note: t.digestEmpty };
  // Department ids and counts only: no names, no titles.
  const waiting = counts.waiting ?? [];
  if (waiting.length) model.sections.push(capped(t.digestWaiting, waiting.map((w) => t.waitingLine(f.text(w.department), w.interventions, w.days, w.longest)), t));
  if (counts.legalBasisMissing) model.sections.push({ title: '', items: [t.legalBasisMissing(counts.legalBasisMissing)] });
  return model;
}

export function stalledList(cases: StalledCase[], f: Format, locale: Locale): TextModel {
  const t = messages[locale];
  if (cases.length === 0) return { title: t.noStalled, sections: [] };
  const lines = cases.map((c) => `${f.bold(f.text(c.reference))} (${t.coordinator.toLowerCase()}: ${c.coordinator ? f.person(c.coordinator) : t.none}): ${reasonsText(c.reasons, t)}`);
  return { title: t.stalledTitle(cases.length), sections: [capped('', lines, t)] };
}

export function homeModel(mine: { case: Case; reasons: NudgeView[] }[], team: StalledCase[] | undefined, f: Format, locale: Locale): TextModel {
  const t = messages[locale];
  const model: TextModel = { title: t.homeMine, sections: [] };
  if (mine.length === 0) model.note = t.homeNone;
  else model.sections.push(capped('', mine.map((m) => `${f.bold(f.text(m.case.reference))} ${m.reasons.length ? `⏳ ${reasonsText(m.reasons, t)}` : '✅'}`), t));
  if (team) {
    const stalled = stalledList(team, f, locale);
    model.sections.push({ title: t.homeTeam, items: stalled.sections[0]?.items ?? [t.noStalled], ...(stalled.sections[0]?.more ? { more: stalled.sections[0].more } : {}) });
  }
  return model;
}

export interface HelpModel {
  intro: string;
  commands: { syntax: string; description: string }[];
  privacy: string;
}

/** What a command answers, to the one who gave it. */
export type CommandReply =
  | { kind: 'text'; text: string }
  | { kind: 'card'; card: PlanCardModel }
  | { kind: 'list'; model: TextModel }
  | { kind: 'help'; model: HelpModel; before?: string };

export function help(locale: Locale, prefix: string): HelpModel {
  const t = messages[locale];
  return { intro: t.helpIntro, commands: t.helpCommands.map(([syntax, description]) => ({ syntax: `${prefix}${syntax}`, description })), privacy: t.helpPrivacy };
}

/** A case reference in a message (e.g. SAG-2026-0977) saves typing in the request form. */
export function referenceIn(text: string): string {
  return /\b[A-ZÆØÅ]{2,}-[\w-]*\d[\w-]*/.exec(text)?.[0] ?? '';
}

/** An RC wave's invitation or reminder: one button that starts the questions. */
export interface RcInvitationModel {
  wave: string;
  title: string;
  detail: string;
  answerLabel: string;
}

/** To the new caseworker after a change of caseworker: the case by reference and one take-over button. */
export interface HandoverModel {
  reference: string;
  title: string;
  detail: string;
  takeOverLabel: string;
}

export function handoverMessage(reference: string, locale: Locale): HandoverModel {
  const t = messages[locale];
  return { reference, title: t.handoverTitle(reference), detail: t.handoverDetail, takeOverLabel: t.takeOver };
}

/** What a person gets in chat directly from the app. */
export type DirectMessage = NudgeModel | TextModel | RcInvitationModel | HandoverModel | ActionMessageModel;

export function rcInvitation(p: OutboxPayloadOf<'rc-invitation'>, locale: Locale): RcInvitationModel {
  const t = messages[locale];
  return { wave: p.waveId, title: p.reminder === 0 ? t.rcInvitation(p.waveName) : t.rcReminder(p.waveName, p.reminder), detail: t.rcInvitationDetail(dayOf(p.closesAt), p.k), answerLabel: t.rcAnswer };
}

/** The value of "ved ikke" among an item's answers (the others are 1..5). */
export const RC_DONT_KNOW_VALUE = 'x';

/** One step of the questions: the seven dimensions about one partner group, the person's answers so far chosen. */
export interface RcStepModel {
  wave: string;
  group: string;
  /** Says which step of how many. */
  title: string;
  heading: string;
  /** On the first step: what happens to the answers. */
  intro?: string;
  /** Shown above the questions when an answer was missing. */
  warning?: string;
  items: { item: RcItem; label: string; question: string; options: { value: string; label: string }[]; chosen?: string }[];
  submitLabel: string;
  closeLabel: string;
  missingLabel: string;
}

export function rcStep(q: WaveQuestions, index: number, locale: Locale): RcStepModel {
  const t = messages[locale];
  const partner = q.partners[index]!;
  const last = index === q.partners.length - 1;
  return {
    wave: q.wave.id,
    group: partner.group,
    title: t.rcStepTitle(index + 1, q.partners.length),
    heading: t.rcAbout(partner.group),
    ...(index === 0 ? { intro: t.rcInvitationDetail(dayOf(q.wave.closesAt), q.wave.k) } : {}),
    items: partner.items.map((i) => ({
      item: i.item,
      label: i.label,
      question: i.question,
      options: [...i.scale.map((label, n) => ({ value: String(n + 1), label: `${n + 1} – ${label}` })), { value: RC_DONT_KNOW_VALUE, label: q.dontKnow }],
      ...(i.answer === undefined ? {} : { chosen: i.answer === null ? RC_DONT_KNOW_VALUE : String(i.answer) }),
    })),
    submitLabel: last ? t.rcSave : t.rcNext,
    closeLabel: t.rcClose,
    missingLabel: t.rcMissing,
  };
}

/** A score with one decimal, the locale's way. */
const score = (value: number, locale: Locale) => value.toLocaleString(locale === 'da' ? 'da-DK' : 'en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const signed = (value: number, locale: Locale) => `${value > 0 ? '+' : value < 0 ? '−' : '±'}${score(Math.abs(value), locale)}`;
const percent = (value: number, locale: Locale) => value.toLocaleString(locale === 'da' ? 'da-DK' : 'en-GB', { style: 'percent', maximumFractionDigits: 0 });

/** A wave's counts per group: only for groups of k or more; never who answered. */
export function rcStatus(wave: WaveView, f: Format, locale: Locale): TextModel {
  const t = messages[locale];
  const open = wave.state === 'open';
  const items = wave.groups.map((g) => (g.suppressed || g.answered === null ? t.rcGroupSuppressed(f.text(g.name), g.members, wave.k) : t.rcGroupCount(f.text(g.name), g.answered, g.members)));
  return { title: t.rcStatusTitle(f.text(wave.name)), sections: [capped('', items, t)], note: t.rcStatusNote(open, dayOf(open ? wave.closesAt : (wave.closedAt ?? wave.closesAt)), wave.k) };
}

export function rcWaveList(waves: WaveView[], f: Format, locale: Locale): TextModel {
  const t = messages[locale];
  if (waves.length === 0) return { title: t.rcWaves, sections: [], note: t.rcNone };
  const items = waves.map((w) => t.rcWaveLine(f.bold(f.text(w.name)), w.state === 'open', dayOf(w.state === 'open' ? w.closesAt : (w.closedAt ?? w.closesAt))));
  return { title: t.rcWaves, sections: [capped('', items, t)] };
}

/**
 * The digest for the one who started a wave: response rate per group, the weakest ties,
 * the most asymmetric pairs, the largest changes since the previous wave, and where the
 * result is. Group names and numbers only.
 */
export function rcDigestMessage(d: OutboxPayloadOf<'rc-digest'>, f: Format, locale: Locale, resultsUrl?: string): TextModel {
  const t = messages[locale];
  const g = (name: string) => f.text(name);
  const none = (items: string[]) => (items.length ? items : [t.rcNoneScored]);
  const rates = d.responseRates.map((r) =>
    r.suppressed || r.answered === null || r.rate === null ? t.rcTooFew(g(r.group), r.members) : t.rcRate(g(r.group), r.answered, r.members, percent(r.rate, locale)),
  );
  const sections: ListSection[] = [
    { title: t.rcResponses, items: rates },
    { title: t.rcWeakest, items: none(d.weakestTies.map((x) => t.rcTie(g(x.from), g(x.to), score(x.score, locale), x.band ? rcBandLabel(x.band, locale) : ''))) },
    { title: t.rcAsymmetric, items: none(d.asymmetricPairs.map((x) => t.rcGap(g(x.a), g(x.b), score(Math.abs(x.gap), locale)))) },
  ];
  if (d.previousWave !== null) sections.push({ title: t.rcChanges(g(d.previousWave)), items: none(d.largestChanges.map((x) => t.rcChange(g(x.from), g(x.to), score(x.before, locale), score(x.after, locale), signed(x.delta, locale), formatPercent(relativeChange(x.before, x.after), locale)))) });
  const overall = d.overall.score === null ? undefined : t.rcOverall(score(d.overall.score, locale), d.overall.change === null ? undefined : signed(d.overall.change, locale));
  return {
    title: t.rcDigestTitle(g(d.wave.name)),
    sections,
    note: [overall, t.rcStoredAs(d.surveyId)].filter(Boolean).join(' '),
    ...(resultsUrl ? { link: { url: resultsUrl, label: t.rcResults } } : {}),
  };
}
