// The good meeting's view models (issue 25), platform-neutral and pure: the invitation with its
// agenda, a joint decision's confirmation, a disagreement for its decider, and the outcome form.
// References, statuses, counts, professionals and links only: never the citizen's words, an
// intervention's title or a note (an intervention is offered by its position and department).
import { awaitedDepartments, chatAgendaLines, lastHeldMeeting, nextMeeting, type Agenda, type Decision, type Locale, type Meeting, type Plan } from '@samspil/core';
import type { OutboxPayloadOf } from '@samspil/server';
import { meetingMessages } from './meeting-messages.js';
import { messages } from './messages.js';
import type { Fact, Format, TextModel } from './views.js';

/** A button under a message: the gesture it stands for and the ids it carries (checked again by the flows, never trusted). */
export interface ActionButton {
  gesture: 'meeting.outcome' | 'decision.confirm' | 'disagreement.resolve' | 'meeting.book';
  label: string;
  data: Record<string, string>;
}

/** A message with buttons: a meeting's invitation, a joint decision to confirm, a disagreement to settle. */
export interface ActionMessageModel extends TextModel {
  buttons: ActionButton[];
}

/** The invitation to a meeting: when, where, who chairs and takes the minutes, the agenda as chat carries it, and the outcome form's button. */
export function invitationMessage(p: OutboxPayloadOf<'meeting-invitation'>, f: Format, locale: Locale): ActionMessageModel {
  const t = meetingMessages[locale];
  const facts = [
    `${t.when}: ${p.localStart || p.startsAt}`,
    `${t.where}: ${p.place.kind === 'link' ? t.online : f.text(p.place.name ?? p.place.id)}`,
    ...(p.chair ? [`${t.chair}: ${f.person(p.chair)}`] : []),
    ...(p.minutesBy ? [`${t.minutes}: ${f.person(p.minutesBy)}`] : []),
  ];
  // Core's lines: the headings and the references and counts `forChat` carries, the wishes a marker.
  const agenda = chatAgendaLines(p.agenda as unknown as Agenda['forChat'], locale).map((line) => f.text(line));
  const model: ActionMessageModel = {
    title: t.invitationTitle(p.caseReference, p.meetingId),
    sections: [
      { title: '', items: facts },
      { title: t.agenda, items: agenda },
    ],
    note: [p.citizenInvited ? t.citizenInvited : '', t.agendaNote].filter(Boolean).join(' '),
    buttons: [{ gesture: 'meeting.outcome', label: t.recordOutcome, data: { reference: p.caseReference, meeting: p.meetingId } }],
  };
  if (p.place.kind === 'link') model.link = { url: p.place.url, label: t.online };
  return model;
}

/** To a person of a department a joint decision still waits for: the confirm button. */
export function confirmMessage(p: OutboxPayloadOf<'decision-confirm'>, departmentNames: Record<string, string>, f: Format, locale: Locale): ActionMessageModel {
  const t = meetingMessages[locale];
  const name = (d: string) => f.text(departmentNames[d] ?? d);
  return {
    title: t.confirmTitle(p.caseReference, p.decisionId),
    sections: [],
    note: t.confirmDetail(name(p.department), p.awaiting.map(name).join(', ')),
    buttons: [{ gesture: 'decision.confirm', label: t.confirmLabel(name(p.department)), data: { reference: p.caseReference, decision: p.decisionId, department: p.department } }],
  };
}

/** To whoever settles a disagreement: what it is about (by id), its deadline and the button that records the decision. */
export function disagreementMessage(p: OutboxPayloadOf<'disagreement'>, locale: Locale): ActionMessageModel {
  const t = meetingMessages[locale];
  const about = p.about.kind === 'intervention' ? t.aboutIntervention(p.about.id) : t.aboutResponsibility(p.about.row);
  return {
    title: t.disagreementTitle(p.caseReference, p.disagreementId),
    sections: [],
    note: t.disagreementDetail(about, p.deadline),
    buttons: [{ gesture: 'disagreement.resolve', label: t.resolveLabel, data: { reference: p.caseReference, disagreement: p.disagreementId } }],
  };
}

/** One choice in a form. */
export interface Choice {
  value: string;
  label: string;
}

/** The outcome form: what the meeting decided, in choices (no free text), for a Slack modal or a Teams card. */
export interface OutcomeFormModel {
  reference: string;
  meeting: string;
  /** The plan's version the form is filled in against (the outcome's version check). */
  planVersion: string;
  title: string;
  intro: string;
  attended: { label: string; options: Choice[] };
  decision: { label: string; options: Choice[] };
  departments: { label: string; options: Choice[] };
  actions: { intervention: { label: string; options: Choice[] }; owner: { label: string; options: Choice[] }; due: { label: string } }[];
  nextFollowUp: { label: string };
  submitLabel: string;
}

/** How many actions one form records (the API takes more). */
export const FORM_ACTIONS = 2;

export interface OutcomeFormInput {
  meeting: Meeting;
  plan: Plan | undefined;
  planVersion: number | undefined;
  decisions: Decision[];
  /** The case's departments, with their names. */
  departments: string[];
  departmentNames: Record<string, string>;
  /** The case's people (id and name): who may own an action. */
  people: { person: string; name: string }[];
}

export function outcomeForm(input: OutcomeFormInput, locale: Locale): OutcomeFormModel {
  const t = meetingMessages[locale];
  const m = messages[locale];
  const awaited = input.decisions.filter((d) => awaitedDepartments(d).length > 0);
  const interventions = (input.plan?.interventions ?? []).map((iv, i) => ({ value: iv.id, label: t.interventionOption(i + 1, input.departmentNames[iv.department] ?? iv.department, m.interventionStatus[iv.status] ?? iv.status) }));
  const owners = input.people.map((p) => ({ value: p.person, label: p.name }));
  return {
    reference: input.meeting.caseReference,
    meeting: input.meeting.id,
    planVersion: input.planVersion === undefined ? '' : String(input.planVersion),
    title: t.outcomeTitle(input.meeting.id),
    intro: t.outcomeIntro,
    attended: { label: t.attended, options: [{ value: 'yes', label: t.yes }, { value: 'no', label: t.no }] },
    decision: { label: t.decision, options: [...awaited.map((d) => ({ value: d.id, label: d.id })), { value: 'new', label: t.newDecision }] },
    departments: { label: t.decisionDepartments, options: input.departments.map((d) => ({ value: d, label: input.departmentNames[d] ?? d })) },
    actions: Array.from({ length: FORM_ACTIONS }, (_, i) => ({ intervention: { label: t.action(i + 1), options: interventions }, owner: { label: t.owner(i + 1), options: owners }, due: { label: t.due(i + 1) } })),
    nextFollowUp: { label: t.nextFollowUp },
    submitLabel: t.save,
  };
}

/** What a submitted outcome form carries, by field (each platform reads its own inputs into this). */
export interface OutcomeValues {
  attended?: string | undefined;
  decision?: string | undefined;
  departments?: string[] | undefined;
  actions: { intervention?: string | undefined; owner?: string | undefined; due?: string | undefined }[];
  nextFollowUp?: string | undefined;
}

/** A form's field names, shared by both platforms: Slack's block ids and Teams' input ids. */
export const OUTCOME_FIELDS = {
  attended: 'attended',
  decision: 'decision',
  departments: 'departments',
  intervention: (i: number) => `action${i + 1}_intervention`,
  owner: (i: number) => `action${i + 1}_owner`,
  due: (i: number) => `action${i + 1}_due`,
  nextFollowUp: 'nextFollowUp',
} as const;

/**
 * The stall reminder of a joint decision awaited, to a department still missing (the scheduler names
 * it): the reminder with that department's confirm button, not the coordinator's buttons.
 */
export function confirmReminder(p: { caseReference: string; subject: string; department: string; since: string }, detail: string, departmentNames: Record<string, string>, f: Format, locale: Locale): ActionMessageModel {
  const t = meetingMessages[locale];
  const name = f.text(departmentNames[p.department] ?? p.department);
  return {
    title: t.confirmReminder(p.caseReference, p.subject),
    sections: [],
    note: detail,
    buttons: [
      { gesture: 'decision.confirm', label: t.confirmLabel(name), data: { reference: p.caseReference, decision: p.subject, department: p.department } },
      // The meeting where the decision is taken.
      { gesture: 'meeting.book', label: t.bookLabel, data: { reference: p.caseReference } },
    ],
  };
}

/** The booking form: a day, a time and a room from the municipality's list (no free text); the case rides with it. */
export interface BookingFormModel {
  reference: string;
  title: string;
  intro: string;
  day: { label: string; initial: string };
  time: { label: string; initial: string };
  /** The municipality's rooms; the first when none is chosen. Empty: the form says booking needs the case system. */
  room: { label: string; options: Choice[] };
  submitLabel: string;
}

/** The booking form's field names on both platforms. */
export const BOOKING_FIELDS = { day: 'day', time: 'time', room: 'room' } as const;

/** The booking form for a case, suggesting `day` (the follow-up due, or the next day) at 10:00. */
export function bookingForm(input: { reference: string; day: string; rooms: readonly { id: string; name: string }[] }, locale: Locale): BookingFormModel {
  const t = meetingMessages[locale];
  return {
    reference: input.reference,
    title: t.bookTitle,
    intro: input.rooms.length ? t.bookIntro(input.reference) : t.meetingNoRoom,
    day: { label: t.bookDay, initial: input.day },
    time: { label: t.bookTime, initial: '10:00' },
    room: { label: t.bookRoom, options: input.rooms.map((r) => ({ value: r.id, label: r.name })) },
    submitLabel: t.bookSubmit,
  };
}

/** What a disagreement may be about, offered by position and department (an intervention) or by row id (a responsibility). */
export interface DisagreementFormModel {
  reference: string;
  title: string;
  intro: string;
  subject: { label: string; options: Choice[] };
  submitLabel: string;
}

/** The disagreement form's field name on both platforms; a choice's value is `intervention:<id>` or `responsibility:<row>`. */
export const DISAGREEMENT_FIELDS = { subject: 'subject' } as const;

export function disagreementForm(
  input: { reference: string; interventions: readonly { id: string; department: string; status: string }[]; responsibilities: readonly { row: string }[]; departmentNames: Record<string, string> },
  locale: Locale,
): DisagreementFormModel {
  const t = meetingMessages[locale];
  const m = messages[locale];
  return {
    reference: input.reference,
    title: t.raiseTitle,
    intro: t.raiseIntro(input.reference),
    subject: {
      label: t.raiseSubject,
      options: [
        ...input.interventions.map((iv, i) => ({ value: `intervention:${iv.id}`, label: t.interventionOption(i + 1, input.departmentNames[iv.department] ?? iv.department, m.interventionStatus[iv.status] ?? iv.status) })),
        ...input.responsibilities.map((r) => ({ value: `responsibility:${r.row}`, label: t.aboutResponsibility(r.row) })),
      ],
    },
    submitLabel: t.raiseSubmit,
  };
}

/**
 * The plan card's meeting facts: the next meeting (its id and local start, as booked) and the last
 * one held (its day, how many decisions and actions, the next follow-up). Nothing for a case without
 * meetings, so its card is as before. Counts and ids only.
 */
export function meetingFacts(meetings: readonly Meeting[], now: number, localStart: (iso: string) => string, locale: Locale): Fact[] {
  const t = meetingMessages[locale];
  const facts: Fact[] = [];
  const next = nextMeeting(meetings, now);
  if (next) facts.push({ label: t.nextMeeting, value: `${localStart(next.startsAt)} (${next.id})` });
  const last = lastHeldMeeting(meetings);
  if (last?.outcome) facts.push({ label: t.lastMeeting, value: t.heldSummary(last.id, localStart(last.startsAt).slice(0, 10), last.outcome.decisions.length, last.outcome.actions.length, last.outcome.nextFollowUp) });
  return facts;
}
