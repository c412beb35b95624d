// The good meeting's gestures in chat (issue 25), the same on every platform: book a meeting
// (`møde`/`meeting`), raise a disagreement (`uenighed`/`disagreement`), the outcome form, a
// department's confirmation of a joint decision, a disagreement settled by its decider, and the
// messages the outbox delivers for them. Every write is a use case, which checks the person's part.
import { heldAtOf, newDecisionId, type Locale } from '@samspil/core';
import type { Actor, ChatPerson, OutboxMessage, Refusal } from '@samspil/server';
import type { ChatContext } from './context.js';
import { meetingMessages, type MeetingMessages } from './meeting-messages.js';
import {
  BOOKING_FIELDS,
  bookingForm,
  confirmMessage,
  confirmReminder,
  DISAGREEMENT_FIELDS,
  disagreementForm,
  disagreementMessage,
  FORM_ACTIONS,
  invitationMessage,
  outcomeForm,
  type ActionMessageModel,
  type BookingFormModel,
  type DisagreementFormModel,
  type OutcomeFormModel,
  type OutcomeValues,
} from './meeting-views.js';
import { dayOf } from './views.js';

type MeetingKinds = Extract<OutboxMessage, { kind: 'meeting-invitation' | 'decision-confirm' | 'disagreement' }>;
type Reminder = Extract<OutboxMessage, { kind: 'nudge' | 'escalation' }>;

/** A day as a date input gives it. */
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class MeetingFlows {
  constructor(private readonly context: ChatContext) {}

  async #texts(tenant: string): Promise<{ t: MeetingMessages; locale: Locale }> {
    const locale = await this.context.localeOf(tenant);
    return { t: meetingMessages[locale], locale };
  }

  /** `møde SAGSNR ÅÅÅÅ-MM-DD TT:MM [lokale-id]`: the meeting booked in the municipality's time, in its first room unless one is named. */
  async book(tenant: string, person: ChatPerson, args: string[], word: string, locale: Locale): Promise<string> {
    const t = meetingMessages[locale];
    const [reference, day, time, room] = args;
    if (!reference || !day || !time) return t.meetingUsage(word);
    return (await this.#book(tenant, this.context.actor(tenant, person), t, reference, day, time, room)).text;
  }

  /** The booking form from a plan card's or a reminder's button: the day suggested is the next follow-up due, else tomorrow. */
  async bookingForm(tenant: string, userId: string, reference: string): Promise<{ ok: true; form: BookingFormModel } | { ok: false; text: string }> {
    const { locale } = await this.#texts(tenant);
    const actor = await this.context.actorFor(tenant, userId, reference, 'meeting.book');
    if (!actor.ok) return actor;
    const { useCases, now } = this.context.deps;
    const [overview, read] = await Promise.all([useCases.caseOverview(actor.actor, reference), useCases.caseMeetings(actor.actor, reference, 'meeting.book')]);
    if (!overview.ok || !read.ok) return { ok: false, text: (await this.context.textsOf(tenant)).noAccess(reference) };
    const tomorrow = dayOf(new Date(now().getTime() + 86_400_000).toISOString());
    const due = overview.plan?.followUps.filter((f) => !f.heldAt && f.date >= tomorrow).sort((a, b) => a.date.localeCompare(b.date))[0]?.date;
    return { ok: true, form: bookingForm({ reference, day: due ?? tomorrow, rooms: read.rooms }, locale) };
  }

  /** A submitted booking form: the same booking as the command's. */
  async saveBooking(tenant: string, userId: string, reference: string, values: { day?: string | undefined; time?: string | undefined; room?: string | undefined }): Promise<{ ok: boolean; text: string; field?: string }> {
    const { t } = await this.#texts(tenant);
    if (!values.day || !DAY.test(values.day)) return { ok: false, text: t.bookIncomplete, field: BOOKING_FIELDS.day };
    if (!values.time || !/^\d{2}:\d{2}/.test(values.time)) return { ok: false, text: t.bookIncomplete, field: BOOKING_FIELDS.time };
    const actor = await this.context.actorFor(tenant, userId, reference, 'meeting.book');
    if (!actor.ok) return actor;
    return this.#book(tenant, actor.actor, t, reference, values.day, values.time.slice(0, 5), values.room || undefined);
  }

  /** Books, and says what came of it; a refusal about the time or the room names the form's field. */
  async #book(tenant: string, actor: Actor, t: MeetingMessages, reference: string, day: string, time: string, room: string | undefined): Promise<{ ok: boolean; text: string; field?: string }> {
    // Need to know is the use case's (and its audit); here only a reference that is none is refused.
    const refused = await this.context.notAReference(actor, reference, 'meeting.book');
    if (refused) return { ok: false, text: refused };
    const r = await this.context.deps.useCases.bookMeeting(actor, reference, { localStart: { day, time }, ...(room ? { place: { kind: 'room', id: room } } : {}) }, 'meeting.book');
    if (r.ok) return { ok: true, text: t.meetingBooked(reference, r.meeting.id, `${day} ${time}`, r.meeting.invited.length) };
    const field = r.field === 'startsAt' ? BOOKING_FIELDS.day : r.field?.startsWith('place') ? BOOKING_FIELDS.room : undefined;
    return { ok: false, text: this.#refusal(r, t, (await this.context.textsOf(tenant)).noAccess(reference), room), ...(field ? { field } : {}) };
  }

  /** `uenighed SAGSNR reference`: the subject is an intervention of the plan, else a responsibility (a row) of the agreement. */
  async raise(tenant: string, person: ChatPerson, args: string[], word: string, locale: Locale): Promise<string> {
    const t = meetingMessages[locale];
    const [reference, subject] = args;
    if (!reference || !subject) return t.disagreementUsage(word);
    const actor = this.context.actor(tenant, person);
    // Need to know is the use case's (and its audit); here only a reference that is none is refused.
    const refused = await this.context.notAReference(actor, reference, 'disagreement.raise');
    if (refused) return refused;
    const { useCases } = this.context.deps;
    let r = await useCases.raiseDisagreement(actor, reference, { about: { kind: 'intervention', id: subject } }, 'disagreement.raise');
    if (!r.ok && r.field === 'about.id') r = await useCases.raiseDisagreement(actor, reference, { about: { kind: 'responsibility', row: subject } }, 'disagreement.raise');
    return this.#raised(tenant, t, reference, subject, r);
  }

  /** The disagreement form from a plan card's button: the plan's interventions and the agreement's rows to choose from. */
  async disagreementForm(tenant: string, userId: string, reference: string): Promise<{ ok: true; form: DisagreementFormModel } | { ok: false; text: string }> {
    const { t, locale } = await this.#texts(tenant);
    const actor = await this.context.actorFor(tenant, userId, reference, 'disagreement.raise');
    if (!actor.ok) return actor;
    const subjects = await this.context.deps.useCases.disagreementSubjects(actor.actor, reference, 'disagreement.raise');
    if (!subjects.ok) return { ok: false, text: this.#refusal(subjects, t, (await this.context.textsOf(tenant)).noAccess(reference)) };
    if (subjects.interventions.length + subjects.responsibilities.length === 0) return { ok: false, text: t.raiseNothing };
    return { ok: true, form: disagreementForm({ reference, ...subjects, departmentNames: await this.context.departmentNames(tenant) }, locale) };
  }

  /** A submitted disagreement form: its subject as the form offered it (`intervention:<id>` or `responsibility:<row>`). */
  async saveDisagreement(tenant: string, userId: string, reference: string, subject: string | undefined): Promise<{ ok: boolean; text: string; field?: string }> {
    const { t } = await this.#texts(tenant);
    const m = /^(intervention|responsibility):(.+)$/s.exec(subject ?? '');
    if (!m) return { ok: false, text: t.disagreementUnknownSubject(subject ?? ''), field: DISAGREEMENT_FIELDS.subject };
    const actor = await this.context.actorFor(tenant, userId, reference, 'disagreement.raise');
    if (!actor.ok) return actor;
    const about = m[1] === 'intervention' ? { kind: 'intervention', id: m[2] } : { kind: 'responsibility', row: m[2] };
    const r = await this.context.deps.useCases.raiseDisagreement(actor.actor, reference, { about }, 'disagreement.raise');
    const text = await this.#raised(tenant, t, reference, m[2]!, r);
    return { ok: r.ok, text, ...(!r.ok && r.field?.startsWith('about') ? { field: DISAGREEMENT_FIELDS.subject } : {}) };
  }

  async #raised(tenant: string, t: MeetingMessages, reference: string, subject: string, r: Awaited<ReturnType<ChatContext['deps']['useCases']['raiseDisagreement']>>): Promise<string> {
    if (!r.ok) return r.field?.startsWith('about') ? t.disagreementUnknownSubject(subject) : this.#refusal(r, t, (await this.context.textsOf(tenant)).noAccess(reference));
    const d = r.disagreement;
    return d.decider ? t.disagreementRaised(reference, d.id, d.deadline) : t.disagreementNoDecider(reference, d.id, d.deadline);
  }

  /** A joint decision's confirm button: for the person's own department (the button's is checked by the use case). */
  async confirm(tenant: string, userId: string, reference: string, decision: string, department: string | undefined): Promise<string> {
    const { t } = await this.#texts(tenant);
    const by = await this.context.actorFor(tenant, userId, reference, 'decision.confirm');
    if (!by.ok) return by.text;
    const { actor } = by;
    const r = await this.context.deps.useCases.confirmDecision(actor, reference, decision, department || undefined, 'decision.confirm');
    if (!r.ok) {
      if (r.reason === 'not-found') return t.decisionUnknown;
      if (r.reason === 'exists') return t.decisionTaken;
      return r.reason === 'forbidden' && r.detail.startsWith('only a person') ? t.confirmNotYours : this.#refusal(r, t, (await this.context.textsOf(tenant)).noAccess(reference));
    }
    const names = await this.context.departmentNames(tenant);
    const f = await this.context.format(tenant, []);
    const name = (d: string) => f.text(names[d] ?? d);
    return r.complete ? t.confirmedAll(decision) : `${t.confirmed(decision, name(r.department))} ${t.confirmWaiting(r.awaiting.map(name).join(', '))}`;
  }

  /** A disagreement's button for its decider: settled by a decision recorded as `afg-<id>` (its content stays in the case system). */
  async resolve(tenant: string, userId: string, reference: string, disagreement: string): Promise<string> {
    const { t } = await this.#texts(tenant);
    const by = await this.context.actorFor(tenant, userId, reference, 'disagreement.resolve');
    if (!by.ok) return by.text;
    const { actor } = by;
    const decision = `afg-${disagreement}`;
    const r = await this.context.deps.useCases.resolveDisagreement(actor, reference, disagreement, decision, 'disagreement.resolve');
    if (!r.ok) {
      if (r.reason === 'exists') return t.alreadyResolved;
      if (r.reason === 'forbidden' && r.detail.startsWith('only the one')) return t.resolveNotYours;
      return this.#refusal(r, t, (await this.context.textsOf(tenant)).noAccess(reference));
    }
    return t.resolved(disagreement, decision);
  }

  /** The outcome form of a meeting (the invitation's button), or why not. */
  async outcomeForm(tenant: string, userId: string, reference: string, meetingId: string): Promise<{ ok: true; form: OutcomeFormModel } | { ok: false; text: string }> {
    const { t, locale } = await this.#texts(tenant);
    const by = await this.context.actorFor(tenant, userId, reference, 'meeting.outcome');
    if (!by.ok) return by;
    const { actor } = by;
    const { useCases } = this.context.deps;
    const meeting = await useCases.readMeeting(actor, reference, meetingId, 'meeting.outcome');
    if (!meeting.ok) return { ok: false, text: meeting.reason === 'not-found' ? t.meetingUnknown : this.#refusal(meeting, t, (await this.context.textsOf(tenant)).noAccess(reference)) };
    if (meeting.meeting.state !== 'booked') return { ok: false, text: t.outcomeHeld };
    const overview = await useCases.caseOverview(actor, reference);
    const decisions = await useCases.caseDecisions(actor, reference, 'meeting.outcome');
    if (!overview.ok || !decisions.ok) return { ok: false, text: (await this.context.textsOf(tenant)).noAccess(reference) };
    const c = overview.case;
    const ids = [...new Set([...c.participants.map((p) => p.person), ...(c.coordinator.current ? [c.coordinator.current] : [])])];
    const names = await this.context.names(tenant, ids);
    const departments = [...new Set([...c.departments, ...c.participants.map((p) => p.department)])];
    const form = outcomeForm(
      {
        meeting: meeting.meeting,
        plan: overview.plan,
        planVersion: (overview.plan as { version?: number } | undefined)?.version,
        decisions: decisions.decisions,
        departments,
        departmentNames: await this.context.departmentNames(tenant),
        people: ids.map((person) => ({ person, name: names[person] ?? person })),
      },
      locale,
    );
    return { ok: true, form };
  }

  /**
   * A submitted outcome form: the outcome use case, against the plan's version the form was opened
   * with. A field at fault is named (`field`, the form's own name for it) so the form can mark it.
   */
  async saveOutcome(tenant: string, userId: string, reference: string, meetingId: string, planVersion: string, values: OutcomeValues): Promise<{ ok: true; text: string } | { ok: false; text: string; field?: string }> {
    const { t } = await this.#texts(tenant);
    const by = await this.context.actorFor(tenant, userId, reference, 'meeting.outcome');
    if (!by.ok) return by;
    const { actor } = by;
    const actions = [];
    // The form's action for each one sent (an empty one is left out): a refusal names the form's field.
    const formIndex: number[] = [];
    for (const [i, a] of values.actions.slice(0, FORM_ACTIONS).entries()) {
      const given = [a.intervention, a.owner, a.due].filter(Boolean).length;
      if (given === 0) continue;
      formIndex.push(i);
      if (given < 3 || !DAY.test(a.due!)) return { ok: false, text: t.outcomeIncomplete, field: !a.intervention ? `action${i + 1}_intervention` : !a.owner ? `action${i + 1}_owner` : `action${i + 1}_due` };
      actions.push({ intervention: { kind: 'existing' as const, id: a.intervention! }, owner: a.owner!, due: a.due! });
    }
    const departments = values.departments ?? [];
    if (values.decision && departments.length === 0) return { ok: false, text: t.outcomeNeedsDepartments, field: 'departments' };
    const decisions = values.decision ? [{ id: values.decision === 'new' ? newDecisionId(meetingId) : values.decision, departments }] : [];
    const next = values.nextFollowUp && DAY.test(values.nextFollowUp) ? values.nextFollowUp : undefined;
    const { useCases, now } = this.context.deps;
    const meeting = await useCases.readMeeting(actor, reference, meetingId, 'meeting.outcome');
    if (!meeting.ok) return { ok: false, text: meeting.reason === 'not-found' ? t.meetingUnknown : this.#refusal(meeting, t, (await this.context.textsOf(tenant)).noAccess(reference)) };
    const heldAt = heldAtOf(meeting.meeting, now().getTime());
    const r = await useCases.recordOutcome(
      actor,
      reference,
      meetingId,
      {
        heldAt,
        ...(values.attended === 'yes' || values.attended === 'no' ? { citizenAttended: values.attended === 'yes' } : {}),
        ...(/^\d+$/.test(planVersion) ? { planVersion: Number(planVersion) } : {}),
        decisions,
        actions,
        ...(next ? { nextFollowUp: next } : {}),
      },
      'meeting.outcome',
    );
    if (!r.ok) {
      if (r.reason === 'stale') return { ok: false, text: t.outcomeStale };
      if (r.reason === 'exists') return { ok: false, text: t.outcomeHeld };
      if (r.field) {
        const field = formField(r.field, formIndex);
        return { ok: false, text: r.reason === 'not-on-case' ? t.notOnCase : t.outcomeInvalid(field ?? r.field), ...(field ? { field } : {}) };
      }
      return { ok: false, text: this.#refusal(r, t, (await this.context.textsOf(tenant)).noAccess(reference)) };
    }
    return { ok: true, text: t.outcomeSaved(meetingId, decisions.length, actions.length, next) };
  }

  /** A joint decision's stall reminder to a department still missing: its confirm button (the scheduler named the department). */
  async reminderToConfirm(m: Reminder & { payload: { department: string } }): Promise<ActionMessageModel> {
    const locale = await this.context.localeOf(m.tenant);
    const texts = await this.context.textsOf(m.tenant);
    // The reason by its code, as every reminder: core's sentence is built only where the case system shows it.
    const detail = `${texts.reason[m.payload.reason] ?? m.payload.reason} (${texts.since(m.payload.since.slice(0, 10))})`;
    return confirmReminder({ ...m.payload }, detail, await this.context.departmentNames(m.tenant), await this.context.format(m.tenant, []), locale);
  }

  /** The direct message of a meeting's outbox kinds. */
  async message(m: MeetingKinds): Promise<ActionMessageModel> {
    const locale = await this.context.localeOf(m.tenant);
    if (m.kind === 'meeting-invitation') return invitationMessage(m.payload, await this.context.format(m.tenant, [m.payload.chair, m.payload.minutesBy]), locale);
    if (m.kind === 'decision-confirm') return confirmMessage(m.payload, await this.context.departmentNames(m.tenant), await this.context.format(m.tenant, []), locale);
    return disagreementMessage(m.payload, locale);
  }

  /** A refusal in words: neutral about the case (a refusal does not say whether it exists), else what to mend. */
  #refusal(r: Refusal, t: MeetingMessages, noAccess: string, room?: string): string {
    if (r.reason === 'forbidden' || r.reason === 'not-found') return noAccess;
    if (r.reason === 'not-on-case') return t.notOnCase;
    if (r.reason === 'exists') return t.meetingExists;
    if (r.field === 'place') return t.meetingNoRoom;
    if (r.field === 'place.id') return t.meetingUnknownRoom(room ?? '');
    if (r.field === 'startsAt') return r.detail.includes('past') ? t.meetingPast : t.meetingBadTime;
    return r.detail;
  }
}

/** The use case's field (`actions[1].owner`) as the form names it (`action2_owner`). */
function formField(field: string, formIndex: number[]): string | undefined {
  const m = /^actions\[(\d+)\]\.(intervention|owner|due)/.exec(field);
  if (m) return `action${(formIndex[Number(m[1])] ?? Number(m[1])) + 1}_${m[2]}`;
  if (field.startsWith('decisions')) return 'departments';
  if (field === 'nextFollowUp') return 'nextFollowUp';
  return undefined;
}
