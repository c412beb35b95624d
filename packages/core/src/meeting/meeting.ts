import { finding, type Finding } from '../findings.js';
import { both } from '../format.js';
import type { Meeting, MeetingPlace, Room } from '../schemas/meeting.js';

/** Who chairs a meeting: the person named, else the plan coordinator (by default the coordinator chairs). */
export function chairOf(meeting: Pick<Meeting, 'chair'>, coordinator: string | null | undefined): string | undefined {
  return meeting.chair ?? coordinator ?? undefined;
}

/** The next meeting at `now`: the booked one that has not ended, starting first. */
export function nextMeeting<M extends Pick<Meeting, 'state' | 'startsAt' | 'endsAt'>>(meetings: readonly M[], now: number | string): M | undefined {
  const at = typeof now === 'number' ? now : Date.parse(now);
  return meetings
    .filter((m) => m.state === 'booked' && Date.parse(m.endsAt) > at)
    .reduce<M | undefined>((best, m) => (!best || Date.parse(m.startsAt) < Date.parse(best.startsAt) ? m : best), undefined);
}

/** The meeting whose outcome is due at `now`: the earliest booked one that has started, else the next one. */
export function meetingToRecord<M extends Pick<Meeting, 'state' | 'startsAt' | 'endsAt'>>(meetings: readonly M[], now: number): M | undefined {
  const started = meetings.filter((m) => m.state === 'booked' && Date.parse(m.startsAt) <= now);
  return started.reduce<M | undefined>((best, m) => (!best || Date.parse(m.startsAt) < Date.parse(best.startsAt) ? m : best), undefined) ?? nextMeeting(meetings, now);
}

/** When an outcome says the meeting was held: at its start, unless the outcome is recorded before it (then now). */
export function heldAtOf(meeting: Pick<Meeting, 'startsAt'>, now: number): string {
  return new Date(Math.min(Date.parse(meeting.startsAt), now)).toISOString();
}

/** The id of a decision first taken at a meeting (an outcome form's "new decision"). */
export const newDecisionId = (meeting: string): string => `${meeting}-afg`;

/** The last meeting held (the latest to start), whose outcome the plan card shows. */
export function lastHeldMeeting<M extends Pick<Meeting, 'state' | 'startsAt'>>(meetings: readonly M[]): M | undefined {
  return meetings.filter((m) => m.state === 'held').reduce<M | undefined>((best, m) => (!best || Date.parse(m.startsAt) > Date.parse(best.startsAt) ? m : best), undefined);
}

/** The name of a meeting's place: a room's name from the municipality's list (its id when unknown), or the link. */
export function placeName(place: MeetingPlace, rooms: readonly Room[] = []): string {
  return place.kind === 'link' ? place.url : (rooms.find((r) => r.id === place.id)?.name ?? place.id);
}

/** What `checkMeeting` compares a meeting with: the case's people and the municipality's rooms. */
export interface MeetingContext {
  /** Person ids with a part in the case (participants, the coordinator). */
  people: readonly string[];
  coordinator?: string | null;
  rooms?: readonly Room[];
}

/**
 * Checks a (validated) meeting against its case and the municipality: its room is on the list
 * (`meeting.unknown-room`), the invited, the chair and the minute-taker have a part in the case
 * (`meeting.not-on-case`, naming the field), and someone chairs (`meeting.no-chair`). Never throws.
 */
export function checkMeeting(meeting: Meeting, context: MeetingContext): Finding[] {
  const out: Finding[] = [];
  const onCase = new Set([...context.people, ...(context.coordinator ? [context.coordinator] : [])]);
  if (meeting.place.kind === 'room' && !(context.rooms ?? []).some((r) => r.id === (meeting.place as { id: string }).id)) {
    const id = meeting.place.id;
    out.push(finding('meeting.unknown-room', 'error', both((l) => (l === 'da' ? `Lokalet ${id} er ikke på kommunens liste over lokaler.` : `The room ${id} is not on the municipality's list of rooms.`)), { path: 'place.id', subject: id }));
  }
  const notOnCase = (path: string, person: string) =>
    out.push(finding('meeting.not-on-case', 'error', both((l) => (l === 'da' ? `${person} har ingen rolle i sagen.` : `${person} has no part in the case.`)), { path, subject: person }));
  meeting.invited.forEach((p, i) => onCase.has(p) || notOnCase(`invited[${i}]`, p));
  if (meeting.chair !== undefined && !onCase.has(meeting.chair)) notOnCase('chair', meeting.chair);
  if (meeting.minutesBy !== undefined && !onCase.has(meeting.minutesBy)) notOnCase('minutesBy', meeting.minutesBy);
  if (chairOf(meeting, context.coordinator) === undefined) {
    out.push(finding('meeting.no-chair', 'warning', both((l) => (l === 'da' ? 'Mødet har ingen mødeleder, og sagen har ingen plankoordinator.' : 'The meeting has no chair, and the case has no plan coordinator.')), { path: 'chair' }));
  }
  return out;
}
