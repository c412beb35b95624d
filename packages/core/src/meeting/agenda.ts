import { BusinessCalendar, dayOf } from '../calendar.js';
import { checkMatrix } from '../checks/matrix.js';
import type { StallReason } from '../checks/stall.js';
import type { Locale, Localized } from '../findings.js';
import type { ResponsibilityMatrix } from '../schemas/matrix.js';
import type { Disagreement, DisagreementSubject } from '../schemas/disagreement.js';
import type { InterventionStatus, Plan, SubGoalStatus } from '../schemas/plan.js';
import type { CaseSnapshot, Decision } from '../schemas/stall.js';
import type { CitizenVoice } from '../schemas/voice.js';
import { awaitedDepartments, decisionDepartments } from './decisions.js';
import { disagreementOverdue } from './disagreements.js';

/** One section of a meeting's agenda, in the order the meeting takes them: the citizen's own wishes first. */
export type AgendaSection =
  /** The wishes, and what the citizen wrote in their portal since the last follow-up held (issue 28), the latest first. */
  | { kind: 'citizen-wishes'; wishes: string; voice?: CitizenVoice[] }
  | { kind: 'sub-goals-due'; items: { id: string; title: string; status: SubGoalStatus; targetDate: string }[] }
  | { kind: 'interventions'; items: { id: string; title: string; department: string; status: InterventionStatus; state: 'overdue' | 'waiting'; start?: string; end?: string }[] }
  | { kind: 'decisions-awaited'; items: { department: string; decisions: { id: string; joint: boolean; requestedAt: string }[] }[] }
  | { kind: 'matrix-findings'; noAccountable: { row: string; label: string }[]; disagreements: { id: string; about: DisagreementSubject; deadline: string; overdue: boolean; decider?: string }[] }
  | { kind: 'stall-reasons'; items: { code: string; subject?: string; since: string }[] };

export type AgendaSectionKind = AgendaSection['kind'];

/**
 * A section as chat may carry it: references, statuses and counts only. No citizen's words, no
 * title, no free text: the wishes are a marker (`CITIZEN_WISHES_MARKER`), never the words.
 */
export type ChatAgendaSection =
  /** `citizenWrote`: the citizen has written before the meeting (never what). */
  | { kind: 'citizen-wishes'; marker: true; citizenWrote?: true }
  | { kind: 'sub-goals-due'; count: number; items: { id: string; status: SubGoalStatus }[] }
  | { kind: 'interventions'; count: number; items: { id: string; department: string; status: InterventionStatus; state: 'overdue' | 'waiting' }[] }
  | { kind: 'decisions-awaited'; count: number; items: { department: string; count: number; decisions: string[] }[] }
  | { kind: 'matrix-findings'; count: number; noAccountable: string[]; disagreements: { id: string; state: 'open'; overdue: boolean }[] }
  | { kind: 'stall-reasons'; count: number; items: { code: string; subject?: string }[] };

/** A meeting's agenda, built from the plan: the sections in order, and their chat projection. */
export interface Agenda {
  caseReference: string;
  sections: AgendaSection[];
  /** The same agenda for a chat message: references, statuses and counts only. */
  forChat: { caseReference: string; sections: ChatAgendaSection[] };
}

/** All chat says of what the citizen wrote before the meeting (issue 28): that they did. */
export const CITIZEN_WROTE: Localized = { da: 'borgeren har skrevet før mødet', en: 'the citizen has written before the meeting' };

/** How chat names the citizen's wishes: a pointer to the plan in the case system, never the words. */
export const CITIZEN_WISHES_MARKER: Localized = { da: 'Borgerens ønsker (se planen)', en: "The citizen's wishes (see the plan)" };

export interface AgendaOptions {
  /** Sub-goals whose target date falls within this many days from today (or has passed) are due. Default 30. */
  horizonDays?: number;
  /** The municipality's calendar (its time zone decides "today"). */
  calendar?: BusinessCalendar;
}

/**
 * The agenda of a case's next meeting, built from the plan: the citizen's own wishes first; then the
 * sub-goals due (not reached or dropped, target date within `horizonDays`), the interventions
 * overdue (past their end) or waiting (planned, past their planned start), the decisions awaited by
 * department (a joint decision under each department still missing), the matrix's findings (rows
 * nobody is accountable for, open disagreements) and the open stall reasons. `forChat` carries only
 * references, statuses and counts. Pure: the same input gives the same agenda.
 */
export function agendaOf(
  plan: Plan,
  matrix: ResponsibilityMatrix | null | undefined,
  snapshot: Pick<CaseSnapshot, 'case'>,
  stallReasons: readonly StallReason[],
  decisions: readonly Decision[],
  disagreements: readonly Disagreement[],
  now: number | string,
  options: AgendaOptions = {},
): Agenda {
  const at = typeof now === 'number' ? now : Date.parse(now);
  const cal = options.calendar ?? new BusinessCalendar();
  const today = cal.localDay(at);
  const horizon = today + (options.horizonDays ?? 30);

  const subGoals = plan.subGoals
    .filter((g) => g.targetDate && g.status !== 'achieved' && g.status !== 'dropped' && dayOf(g.targetDate) <= horizon)
    .sort((a, b) => dayOf(a.targetDate!) - dayOf(b.targetDate!))
    .map((g) => ({ id: g.id, title: g.title, status: g.status, targetDate: g.targetDate! }));

  const interventions: Extract<AgendaSection, { kind: 'interventions' }>['items'] = [];
  for (const state of ['overdue', 'waiting'] as const) {
    for (const iv of plan.interventions) {
      const overdue = !!iv.end && iv.status !== 'done' && iv.status !== 'cancelled' && dayOf(iv.end) < today;
      const waiting = !overdue && iv.status === 'planned' && !!iv.start && dayOf(iv.start) < today;
      if ((state === 'overdue' && overdue) || (state === 'waiting' && waiting)) {
        interventions.push({ id: iv.id, title: iv.title, department: iv.department, status: iv.status, state, ...(iv.start ? { start: iv.start } : {}), ...(iv.end ? { end: iv.end } : {}) });
      }
    }
  }

  const byDepartment = new Map<string, { id: string; joint: boolean; requestedAt: string }[]>();
  for (const d of decisions) {
    const joint = decisionDepartments(d).length > 1;
    for (const department of awaitedDepartments(d)) byDepartment.set(department, [...(byDepartment.get(department) ?? []), { id: d.id, joint, requestedAt: d.requestedAt }]);
  }

  const noAccountable = matrix
    ? checkMatrix(matrix)
        .filter((f) => f.code === 'matrix.no-accountable')
        .map((f) => ({ row: f.subject!, label: matrix.rows.find((r) => r.id === f.subject)?.label ?? f.subject! }))
    : [];
  const open = disagreements
    .filter((d) => d.state === 'open')
    .map((d) => ({ id: d.id, about: d.about, deadline: d.deadline, overdue: disagreementOverdue(d, at, cal), ...(d.decider ? { decider: d.decider } : {}) }));

  // What the citizen wrote in their portal since the last follow-up held: for this meeting.
  const lastHeld = Math.max(-Infinity, ...plan.followUps.flatMap((f) => (f.heldAt ? [Date.parse(f.heldAt)] : [])));
  const voice = (plan.citizenVoice ?? []).filter((v) => Date.parse(v.writtenAt) > lastHeld);
  const sections: AgendaSection[] = [
    { kind: 'citizen-wishes', wishes: plan.citizenWishes, ...(voice.length ? { voice } : {}) },
    { kind: 'sub-goals-due', items: subGoals },
    { kind: 'interventions', items: interventions },
    { kind: 'decisions-awaited', items: [...byDepartment].map(([department, list]) => ({ department, decisions: list })) },
    { kind: 'matrix-findings', noAccountable, disagreements: open },
    { kind: 'stall-reasons', items: stallReasons.map((r) => ({ code: r.code, ...(r.subject !== undefined ? { subject: r.subject } : {}), since: r.since })) },
  ];
  const caseReference = snapshot.case.reference;
  return { caseReference, sections, forChat: { caseReference, sections: sections.map(forChat) } };
}

/** A section's chat projection: built field by field from references, enums and counts, so no text can slip through. */
function forChat(s: AgendaSection): ChatAgendaSection {
  switch (s.kind) {
    case 'citizen-wishes':
      return { kind: 'citizen-wishes', marker: true, ...(s.voice?.length ? { citizenWrote: true as const } : {}) };
    case 'sub-goals-due':
      return { kind: s.kind, count: s.items.length, items: s.items.map((g) => ({ id: g.id, status: g.status })) };
    case 'interventions':
      return { kind: s.kind, count: s.items.length, items: s.items.map((iv) => ({ id: iv.id, department: iv.department, status: iv.status, state: iv.state })) };
    case 'decisions-awaited':
      return { kind: s.kind, count: new Set(s.items.flatMap((d) => d.decisions.map((x) => x.id))).size, items: s.items.map((d) => ({ department: d.department, count: d.decisions.length, decisions: d.decisions.map((x) => x.id) })) };
    case 'matrix-findings':
      return { kind: s.kind, count: s.noAccountable.length + s.disagreements.length, noAccountable: s.noAccountable.map((r) => r.row), disagreements: s.disagreements.map((d) => ({ id: d.id, state: 'open', overdue: d.overdue })) };
    case 'stall-reasons':
      return { kind: s.kind, count: s.items.length, items: s.items.map((r) => ({ code: r.code, ...(r.subject !== undefined ? { subject: r.subject } : {}) })) };
  }
}

const HEADINGS: Record<AgendaSectionKind, Localized> = {
  'citizen-wishes': CITIZEN_WISHES_MARKER,
  'sub-goals-due': { da: 'Delmål til opfølgning', en: 'Sub-goals due' },
  interventions: { da: 'Indsatser overskredet eller ventende', en: 'Interventions overdue or waiting' },
  'decisions-awaited': { da: 'Afgørelser der ventes på', en: 'Decisions awaited' },
  'matrix-findings': { da: 'Samarbejdsaftalen: ingen ansvarlig, åbne uenigheder', en: 'Collaboration agreement: nobody accountable, open disagreements' },
  'stall-reasons': { da: 'Hvorfor sagen står stille', en: 'Why the case is stalled' },
};

/** A section's heading in both languages (the wishes' is the chat marker). */
export function agendaHeading(kind: AgendaSectionKind, locale: Locale): string {
  return HEADINGS[kind][locale];
}

/**
 * The chat agenda as numbered lines, for a message: each section's heading and its references and
 * counts (`2. Delmål til opfølgning (2): sg-bus, sg-internship`). Only what `forChat` carries.
 */
export function chatAgendaLines(agenda: Agenda['forChat'], locale: Locale): string[] {
  return agenda.sections.map((s, i) => {
    const head = `${i + 1}. ${agendaHeading(s.kind, locale)}`;
    switch (s.kind) {
      case 'citizen-wishes':
        return s.citizenWrote ? `${head} · ${CITIZEN_WROTE[locale]}` : head;
      case 'sub-goals-due':
      case 'interventions':
        return `${head} (${s.count})${s.count ? `: ${s.items.map((x) => x.id).join(', ')}` : ''}`;
      case 'decisions-awaited':
        return `${head} (${s.count})${s.count ? `: ${s.items.map((d) => `${d.department} ${d.count}`).join(', ')}` : ''}`;
      case 'matrix-findings':
        return `${head} (${s.count})${s.count ? `: ${[...s.noAccountable, ...s.disagreements.map((d) => d.id)].join(', ')}` : ''}`;
      case 'stall-reasons':
        return `${head} (${s.count})${s.count ? `: ${s.items.map((r) => r.code).join(', ')}` : ''}`;
    }
  });
}
