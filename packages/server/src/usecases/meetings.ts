// The good meeting (issue 25): booked for a case (API, the plan card's widget, chat), its agenda
// built from the plan, its `.ics` file, and its outcome recorded in one form afterwards. The
// outcome's plan changes go through the plan's own use case (writeDocument, with its version
// check); its decisions close the decisions awaited; each item is an activity that moves the clock.
import {
  agendaOf,
  dayOf,
  type BusinessCalendar,
  applyOutcome,
  awaitedDepartments,
  chairOf,
  checkMeeting,
  evaluateStall,
  Meeting,
  meetingIcs,
  MeetingOutcome,
  type Agenda,
  type Decision,
  type Locale,
  type MeetingOutcomeInput,
  type MeetingPlace,
  type Plan,
  type Room,
} from '@samspil/core';
import { actorName, audit, type Actor } from '../store/audit.js';
import { findCase, getDocument, recordActivity, type StoredCase } from '../store/cases.js';
import { voicesOf } from '../store/citizen.js';
import type { Db } from '../store/db.js';
import { decisionsOf, departmentContacts, findMeeting, insertMeeting, lockMeeting, meetingsOf, nextNumber, saveDecision, updateMeeting } from '../store/meetings.js';
import { enqueue, notifyThreads } from '../store/outbox.js';
import { snapshotOf } from '../store/snapshots.js';
import { tenantRules } from '../store/tenants.js';
import { writeDocument } from './documents.js';
import { noCase, personRefusal, refuse, type Outcome, type Refusal, type UseCaseDeps } from './outcome.js';

/** What booking takes: when, and optionally where, who, who chairs and who takes the minutes. */
export interface MeetingBooking {
  /** The case system's id for it; without one, the next `M-n` of the case. */
  id?: string | undefined;
  /** When it starts; or `localStart`. */
  startsAt?: string | undefined;
  /** The start as a day and a time in the municipality's own time zone (chat's `møde SAG 2026-12-10 10:00`). */
  localStart?: { day: string; time: string } | undefined;
  /** Default: an hour after the start. */
  endsAt?: string | undefined;
  /** A link from the case system or a room of the municipality's; default: the municipality's first room. */
  place?: MeetingPlace | undefined;
  /** Default: everyone with a part in the case as participant, and the coordinator. */
  invited?: string[] | undefined;
  citizenInvited?: boolean | undefined;
  chair?: string | undefined;
  minutesBy?: string | undefined;
}

const HOUR_MS = 3_600_000;
/** A meeting is booked for now or later; a clock a little behind is allowed for. */
const BEHIND_MS = 5 * 60_000;

/** A local day and time in the municipality's calendar as an instant; undefined when either is not well-formed. */
function localInstant(local: MeetingBooking['localStart'], calendar: BusinessCalendar): string | undefined {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(local?.day ?? '');
  const time = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/.exec(local?.time ?? '');
  if (!day || !time || Number.isNaN(Date.parse(`${local!.day}T00:00:00Z`)) || new Date(`${local!.day}T00:00:00Z`).toISOString().slice(0, 10) !== local!.day) return undefined;
  return new Date(calendar.instantOf(dayOf(local!.day), Number(time[1]) * 60 + Number(time[2]))).toISOString();
}

/** The first problem of a zod result as a refusal naming its field. */
function invalid(issues: readonly { path: readonly PropertyKey[]; message: string }[], prefix = ''): Refusal {
  const issue = issues[0]!;
  const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
  return refuse('invalid', issue.message, field ? { field } : {});
}

/** The people on a case: its participants and its coordinator, each once. */
const peopleOn = (stored: StoredCase) => [...new Set([...stored.case.participants.map((p) => p.person), ...(stored.case.coordinator.current ? [stored.case.coordinator.current] : [])])];

/** An empty plan, for an agenda or an outcome of a case whose case system has not sent one. */
const noPlan = (reference: string): Plan => ({ caseReference: reference, citizenWishes: '', overallGoal: { kind: 'self-support', description: '', department: '' }, subGoals: [], interventions: [], followUps: [], version: 0 }) as unknown as Plan;

/** The agenda of the case's next meeting as it stands now: core's agendaOf over the case's snapshot and its stall reasons. */
async function agendaNow(db: Db, now: Date, stored: StoredCase): Promise<Agenda> {
  const { calendar, rules } = await tenantRules(db, stored.case.tenant);
  const snapshot = await snapshotOf(db, stored);
  const reasons = evaluateStall(snapshot, now.getTime(), rules, calendar);
  // The plan with what the citizen wrote in their portal (issue 28): the agenda carries it for the case system, and chat only that they wrote.
  const voice = snapshot.plan ? await voicesOf(db, stored.id) : [];
  const plan = snapshot.plan ? { ...(snapshot.plan as Plan), ...(voice.length ? { citizenVoice: voice } : {}) } : noPlan(stored.case.reference);
  return agendaOf(plan, snapshot.matrix, snapshot, reasons, snapshot.decisions, snapshot.disagreements ?? [], now.getTime(), { calendar });
}

/**
 * Books a meeting of the case. Its room must be on the municipality's list, the invited, the chair
 * and the minute-taker must have a part in the case (core's checkMeeting, naming the field). The
 * invited are sent the invitation with the agenda as chat may carry it (references, statuses and
 * counts: the citizen's wishes only as a marker); the case's places redraw their card.
 */
export async function bookMeeting(deps: UseCaseDeps, actor: Actor, reference: string, booking: MeetingBooking, gesture = 'meeting.book'): Promise<Outcome<{ meeting: Meeting; agenda: Agenda['forChat'] }>> {
  const refused = await personRefusal(deps, actor, reference, gesture);
  if (refused) return refused;
  const { db, now } = deps;
  const stored = await findCase(db, actor.tenant, reference);
  if (!stored) return noCase(reference);
  const at = now();
  const { settings, calendar } = await tenantRules(db, actor.tenant);
  const startsAt = booking.startsAt ?? localInstant(booking.localStart, calendar);
  if (startsAt === undefined) return refuse('invalid', 'required: a day (YYYY-MM-DD) and a time (HH:MM)', { field: 'startsAt' });
  if (Date.parse(startsAt) < at.getTime() - BEHIND_MS) return refuse('invalid', 'must not lie in the past', { field: 'startsAt' });
  const rooms: Room[] = settings.rooms;
  const place = booking.place ?? (rooms[0] ? { kind: 'room' as const, id: rooms[0].id } : undefined);
  if (!place) return refuse('invalid', "required: a link from the case system, or a room from the municipality's list (settings.rooms), which is empty", { field: 'place' });
  const people = peopleOn(stored);
  // A meeting without the case system's id gets the case's next `M-n` where it is stored.
  const parsed = Meeting.safeParse({
    id: booking.id ?? 'M-0',
    caseReference: reference,
    startsAt,
    endsAt: booking.endsAt ?? new Date(Date.parse(startsAt) + HOUR_MS).toISOString(),
    place,
    invited: booking.invited ?? people,
    citizenInvited: booking.citizenInvited ?? true,
    ...(booking.chair !== undefined ? { chair: booking.chair } : {}),
    ...(booking.minutesBy !== undefined ? { minutesBy: booking.minutesBy } : {}),
    state: 'booked',
    bookedAt: at.toISOString(),
    sequence: 0,
  });
  if (!parsed.success) return invalid(parsed.error.issues);
  let meeting = parsed.data;
  const coordinator = stored.case.coordinator.current;
  const problem = checkMeeting(meeting, { people, coordinator, rooms }).find((f) => f.severity === 'error');
  if (problem) return refuse(problem.code === 'meeting.not-on-case' ? 'not-on-case' : 'invalid', problem.code === 'meeting.not-on-case' ? `${problem.subject} has no part in the case` : problem.message.en, { field: problem.path! });
  const agenda = (await agendaNow(db, at, stored)).forChat;
  const chair = chairOf(meeting, coordinator);
  const booked = await db.transaction(async (tx) => {
    if (booking.id === undefined) meeting = { ...meeting, id: await nextNumber(tx, 'meetings', stored.id, 'M') };
    if (!(await insertMeeting(tx, stored.id, meeting, actorName(actor)))) return false;
    await recordActivity(tx, stored.id, 'meeting-booked', at, actorName(actor), { meeting: meeting.id });
    await audit(tx, actor, 'meeting.book', reference, { meeting: meeting.id, invited: meeting.invited.length });
    await notifyThreads(tx, stored.id, 'card', at);
    const room = place.kind === 'room' ? rooms.find((r) => r.id === place.id) : undefined;
    for (const person of meeting.invited) {
      await enqueue(tx, actor.tenant, 'meeting-invitation', person, `meeting:${stored.id}:${meeting.id}:${meeting.sequence}:${person}`, at, {
        caseReference: reference,
        meetingId: meeting.id,
        startsAt: meeting.startsAt,
        endsAt: meeting.endsAt,
        // As the municipality reads it (its time zone): `2026-12-10 10:00`.
        localStart: calendar.localText(Date.parse(meeting.startsAt)),
        // A link or the municipality's room (its name from the list): never text typed by anyone.
        place: place.kind === 'link' ? place : { kind: 'room', id: place.id, ...(room ? { name: room.name } : {}) },
        ...(chair ? { chair } : {}),
        ...(meeting.minutesBy ? { minutesBy: meeting.minutesBy } : {}),
        citizenInvited: meeting.citizenInvited,
        agenda,
      });
    }
    return true;
  });
  if (!booked) return refuse('exists', `the case has a meeting ${meeting.id} already`, { field: 'id' });
  return { ok: true, meeting, agenda };
}

/** The case's meetings, its decisions and the municipality's rooms: what the plan card shows (`meetings`, `decisions`, `rooms`). */
export async function caseMeetings(deps: UseCaseDeps, actor: Actor, reference: string, gesture = 'meetings.read'): Promise<Outcome<{ meetings: Meeting[]; decisions: Decision[]; rooms: Room[] }>> {
  const refused = await personRefusal(deps, actor, reference, gesture);
  if (refused) return refused;
  const { db } = deps;
  const stored = await findCase(db, actor.tenant, reference);
  if (!stored) return noCase(reference);
  const [meetings, decisions, { settings }] = [await meetingsOf(db, stored.id), await decisionsOf(db, stored.id), await tenantRules(db, actor.tenant)];
  await audit(db, actor, 'meetings.read', reference);
  return { ok: true, meetings, decisions, rooms: settings.rooms };
}

/** One meeting of the case (a person in chat: with a part in it). */
export async function readMeeting(deps: UseCaseDeps, actor: Actor, reference: string, id: string, gesture = 'meeting.read'): Promise<Outcome<{ meeting: Meeting; rooms: Room[] }>> {
  const refused = await personRefusal(deps, actor, reference, gesture);
  if (refused) return refused;
  const { db } = deps;
  const stored = await findCase(db, actor.tenant, reference);
  if (!stored) return noCase(reference);
  const meeting = await findMeeting(db, stored.id, id);
  if (!meeting) return refuse('not-found', `the case has no meeting ${JSON.stringify(id)}`);
  await audit(db, actor, 'meeting.read', reference, { meeting: id });
  return { ok: true, meeting, rooms: (await tenantRules(db, actor.tenant)).settings.rooms };
}

/** A meeting as an iCalendar file for the case system to offer (its summary names the case reference only). */
export async function meetingCalendar(deps: UseCaseDeps, actor: Actor, reference: string, id: string, locale: Locale): Promise<Outcome<{ ics: string }>> {
  const r = await readMeeting(deps, actor, reference, id, 'meeting.ics');
  if (!r.ok) return r;
  return { ok: true, ics: meetingIcs(r.meeting, reference, locale, { rooms: r.rooms }) };
}

/** The agenda of the case's next meeting, in full (the case system shows the citizen's wishes) and as chat carries it. */
export async function meetingAgenda(deps: UseCaseDeps, actor: Actor, reference: string, gesture = 'agenda.read'): Promise<Outcome<{ agenda: Agenda }>> {
  const refused = await personRefusal(deps, actor, reference, gesture);
  if (refused) return refused;
  const stored = await findCase(deps.db, actor.tenant, reference);
  if (!stored) return noCase(reference);
  const agenda = await agendaNow(deps.db, deps.now(), stored);
  await audit(deps.db, actor, 'agenda.read', reference);
  return { ok: true, agenda };
}

/**
 * Records a meeting's outcome (the form afterwards): the meeting held, whether the citizen came, the
 * decisions taken (closing the decisions awaited with their ids; a joint one stays awaited for the
 * departments not among them, and each of those is asked to confirm), the actions agreed and the
 * next follow-up. The plan's changes go through the plan PUT's writeDocument with the version the form was
 * filled in against (`planVersion`, else the version read now), so a plan changed meanwhile is
 * refused as a stale plan PUT is. Each item is an activity that moves the stall clock.
 */
export async function recordOutcome(
  deps: UseCaseDeps,
  actor: Actor,
  reference: string,
  meetingId: string,
  input: Omit<MeetingOutcomeInput, 'meeting'>,
  gesture = 'meeting.outcome',
): Promise<Outcome<{ meeting: Meeting; planVersion: number | undefined; decisions: Decision[] }>> {
  const refused = await personRefusal(deps, actor, reference, gesture);
  if (refused) return refused;
  const { db, now } = deps;
  const stored = await findCase(db, actor.tenant, reference);
  if (!stored) return noCase(reference);
  const meeting = await findMeeting(db, stored.id, meetingId);
  if (!meeting) return refuse('not-found', `the case has no meeting ${JSON.stringify(meetingId)}`);
  if (meeting.state !== 'booked') return refuse('exists', `the meeting ${meetingId} is ${meeting.state}: its outcome cannot be recorded again`);
  const parsed = MeetingOutcome.safeParse({ ...input, meeting: meetingId });
  if (!parsed.success) return invalid(parsed.error.issues);
  const outcome = parsed.data;
  const people = new Set(peopleOn(stored));
  const owner = outcome.actions.findIndex((a) => !people.has(a.owner));
  if (owner >= 0) return refuse('not-on-case', `${outcome.actions[owner]!.owner} has no part in the case`, { field: `actions[${owner}].owner` });

  const { calendar } = await tenantRules(db, actor.tenant);
  const doc = await getDocument<Plan>(db, 'plans', stored.id);
  if (!doc && (outcome.actions.length > 0 || outcome.nextFollowUp !== undefined)) return refuse('invalid', 'the case has no plan to change; the case system sends the plan first', { field: outcome.actions.length > 0 ? 'actions' : 'nextFollowUp' });
  const before = doc ? { ...doc.body, version: doc.version } : noPlan(reference);
  const applied = applyOutcome(before, outcome, { decisions: await decisionsOf(db, stored.id), calendar });
  if (!applied.ok) {
    if (applied.problem.code === 'outcome.stale-plan') return refuse('stale', `the plan is at version ${doc?.version ?? 0}, not ${outcome.planVersion}; reload it and record the outcome again`, { currentVersion: doc?.version ?? 0 });
    return refuse('invalid', applied.problem.code === 'outcome.unknown-intervention' ? 'the plan has no such intervention' : 'the plan has an intervention with that id already', { field: applied.problem.path });
  }

  const at = now();
  const changed = doc !== undefined && JSON.stringify(applied.plan) !== JSON.stringify(before);
  // One transaction: the plan (through the plan PUT's write, with its version check) and the
  // meeting are recorded together or not at all, and a second outcome at once finds it held.
  return db.transaction(async (tx) => {
    const current = await lockMeeting(tx, stored.id, meetingId);
    if (current?.state !== 'booked') return refuse('exists', `the meeting ${meetingId} is ${current?.state ?? 'gone'}: its outcome cannot be recorded again`);
    let planVersion = doc?.version;
    if (changed) {
      const { version: _, ...body } = applied.plan as Plan & { version?: number };
      const written = await writeDocument(tx, actor, { id: stored.id, reference }, 'plans', body as Plan, outcome.planVersion ?? doc.version, at);
      if (!written.ok) return written;
      planVersion = written.version;
    }
    const held: Meeting = { ...current, state: 'held', ...(outcome.citizenAttended !== undefined ? { citizenAttended: outcome.citizenAttended } : {}), outcome };
    await updateMeeting(tx, stored.id, held);
    for (const d of applied.decisions) await saveDecision(tx, stored.id, d);
    for (const { kind, occurredAt, ...detail } of applied.activities) await recordActivity(tx, stored.id, kind, new Date(Math.min(Date.parse(occurredAt), at.getTime())), actorName(actor), detail);
    await audit(tx, actor, 'meeting.outcome', reference, { meeting: meetingId, decisions: outcome.decisions.length, actions: outcome.actions.length, ...(planVersion !== undefined ? { planVersion } : {}) });
    await askToConfirm(tx, actor.tenant, stored, applied.decisions, at);
    await notifyThreads(tx, stored.id, 'card', at);
    return { ok: true as const, meeting: held, planVersion, decisions: applied.decisions };
  });
}

/** Each department a joint decision still waits for is asked to confirm it: a message with the confirm button to a person of that department on the case. */
export async function askToConfirm(tx: Db, tenant: string, stored: StoredCase, decisions: readonly Decision[], at: Date): Promise<void> {
  const awaited = decisions.filter((d) => (d.departments ?? []).length > 1 && awaitedDepartments(d).length > 0);
  if (awaited.length === 0) return;
  const contacts = await departmentContacts(tx, tenant, stored.id, [...new Set(awaited.flatMap(awaitedDepartments))]);
  for (const d of awaited) {
    for (const department of awaitedDepartments(d)) {
      const person = contacts.get(department);
      if (!person) continue;
      await enqueue(tx, tenant, 'decision-confirm', person, `decision:${stored.id}:${d.id}:${department}:${person}`, at, {
        caseReference: stored.case.reference,
        decisionId: d.id,
        department,
        departments: d.departments ?? [],
        awaiting: awaitedDepartments(d),
      });
    }
  }
}
