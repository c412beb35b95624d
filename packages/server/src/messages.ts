// What each kind of outbox message carries: one zod discriminated union on `kind`, shared
// by the producers (the scheduler, the use cases; `enqueue` is typed by it) and the chat
// flows, which narrow on `kind`. Codes, ids and dates only: no free text, no names.
import { Id, RcBand } from '@samspil/core';
import * as z from 'zod/mini';

/** A reminder of a stalled case, or its escalation up the ladder. */
const NudgePayload = z.object({
  nudgeId: z.string(),
  caseReference: z.string(),
  reason: z.string(),
  subject: z._default(z.string(), ''),
  since: z.string(),
  step: z.int(),
  /** stall.responsible-absent: who is away with nobody covering (person ids), for the button that names who covers. */
  absent: z.optional(z.array(z.string())),
  /** stall.decision-awaited of a joint decision: the department this reminder asks to confirm it (its confirm button). */
  department: z.optional(z.string()),
});
/**
 * A team lead's daily digest of the team's stalled cases; with the waiting per department (planned
 * interventions past their start, in calendar days) and how many active interventions state no
 * legal basis, over those cases. Counts and department ids only.
 */
const DigestPayload = z.object({
  date: z.string(),
  items: z.array(z.object({ caseReference: z.string(), reason: z.string(), since: z.string() })),
  waiting: z.optional(z.array(z.object({ department: z.string(), interventions: z.int(), days: z.int(), longest: z.int() }))),
  legalBasisMissing: z.optional(z.int()),
});
/** A coordination's thread: its card to redraw, or the coordination closed (consent withdrawn). */
const ThreadPayload = z.object({ caseReference: z.string(), reason: z.optional(z.string()) });
/**
 * A coordination's place whose case was erased: the platform's ids only, no reference. Or, with
 * `mergedInto`, whose coordination was joined into another (issue 26): closed with a pointer to
 * the one that remains (its reference).
 */
const ErasedPlacePayload = z.object({ channel: z.string(), thread: z.nullable(z.string()), card: z.nullable(z.string()), mergedInto: z.optional(z.string()) });
/** An RC wave's invitation (`reminder` 0) or reminder (1, 2) to a respondent: the wave only, never who else is asked or answered. */
const RcAskPayload = z.object({
  waveId: z.string(),
  waveName: Id,
  closesAt: z.string(),
  /** The wave's k, which the invitation promises; 3 for asks queued before it was carried. */
  k: z._default(z.int().check(z.minimum(1)), 3),
  reminder: z.int().check(z.minimum(0), z.maximum(2)),
});
/** A closed wave's digest for the one who started it (the WaveDigest without its recipient): group names, counts and scores. */
const RcDigestPayload = z.object({
  wave: z.object({ id: z.string(), name: Id, closedAt: z.string() }),
  surveyId: z.string(),
  previousWave: z.nullable(Id),
  responseRates: z.array(z.object({ group: Id, members: z.int(), answered: z.nullable(z.int()), rate: z.nullable(z.number()), suppressed: z.boolean() })),
  overall: z.object({ score: z.nullable(z.number()), change: z.nullable(z.number()) }),
  weakestTies: z.array(z.object({ from: Id, to: Id, score: z.number(), band: z.nullable(RcBand) })),
  asymmetricPairs: z.array(z.object({ a: Id, b: Id, gap: z.number() })),
  largestChanges: z.array(z.object({ from: Id, to: Id, before: z.number(), after: z.number(), delta: z.number() })),
});

/** A count as the overview shows it: the number, or `{ under: k }` where it was from 1 to k - 1 (core's SuppressedCount). */
const ShownCount = z.union([z.int(), z.object({ under: z.int() })]);
/**
 * A head of department's weekly digest (issue 27): the overview of their departments in numbers,
 * as of the week's first working morning. Counts k-suppressed as the overview shows them, reason
 * codes, and department ids with their names (departments, not people); no case, no person.
 */
const WeeklyDigestPayload = z.object({
  /** The week's Monday, `YYYY-MM-DD`, and its ISO week number. */
  week: z.string(),
  weekNumber: z.int(),
  /** The weeks of the trend the changes are over (12). */
  weeks: z.int(),
  k: z.int(),
  /** Now, at the end of the trend's first week, and the change (null when either is suppressed). */
  openCoordinations: z.object({ now: ShownCount, before: ShownCount, change: z.nullable(z.int()) }),
  stalled: z.object({ now: ShownCount, before: ShownCount, change: z.nullable(z.int()), byReason: z.record(z.string(), ShownCount) }),
  /** The worst department pairs first (the overview's order), up to three with stall episodes. */
  worstPairs: z.array(
    z.object({
      a: z.object({ id: Id, name: z.string() }),
      b: z.object({ id: Id, name: z.string() }),
      sharedCases: ShownCount,
      episodes: ShownCount,
      episodesPerCase: z.nullable(z.number()),
      /** The lower RC score of the two directions, when the pair has RC. */
      rc: z.nullable(z.number()),
    }),
  ),
});

/** The agenda's chat projection (core's ChatAgendaSection): kinds, ids, statuses and counts. */
const ChatAgendaSection = z.looseObject({ kind: z.enum(['citizen-wishes', 'sub-goals-due', 'interventions', 'decisions-awaited', 'matrix-findings', 'stall-reasons']) });
const MeetingInvitationPayload = z.object({
  caseReference: z.string(),
  meetingId: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  /** The start in the municipality's time zone, `2026-12-10 10:00`. */
  localStart: z._default(z.string(), ''),
  place: z.discriminatedUnion('kind', [z.object({ kind: z.literal('link'), url: z.string() }), z.object({ kind: z.literal('room'), id: z.string(), name: z.optional(z.string()) })]),
  chair: z.optional(z.string()),
  minutesBy: z.optional(z.string()),
  citizenInvited: z.boolean(),
  agenda: z.object({ caseReference: z.string(), sections: z.array(ChatAgendaSection) }),
});

export const OutboxContent = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('nudge'), payload: NudgePayload }),
  z.object({ kind: z.literal('escalation'), payload: NudgePayload }),
  z.object({ kind: z.literal('digest'), payload: DigestPayload }),
  z.object({ kind: z.literal('thread-card'), payload: ThreadPayload }),
  z.object({ kind: z.literal('thread-closed'), payload: ThreadPayload }),
  z.object({ kind: z.literal('place-erased'), payload: ErasedPlacePayload }),
  z.object({ kind: z.literal('rc-invitation'), payload: RcAskPayload }),
  z.object({ kind: z.literal('rc-reminder'), payload: RcAskPayload }),
  z.object({ kind: z.literal('rc-digest'), payload: RcDigestPayload }),
  z.object({ kind: z.literal('weekly-digest'), payload: WeeklyDigestPayload }),
  /**
   * A meeting's invitation to each one invited (issue 25): when, the link or the municipality's room,
   * who chairs and takes the minutes (person ids), whether the citizen is invited, and the agenda as
   * chat carries it (core's Agenda.forChat: references, statuses and counts; the wishes a marker).
   */
  z.object({ kind: z.literal('meeting-invitation'), payload: MeetingInvitationPayload }),
  /** To a person of each department a joint decision still waits for: the confirm button. */
  z.object({
    kind: z.literal('decision-confirm'),
    payload: z.object({ caseReference: z.string(), decisionId: z.string(), department: z.string(), departments: z.array(z.string()), awaiting: z.array(z.string()) }),
  }),
  /** A disagreement raised, to whoever settles it: its reference, what it is about (ids) and its deadline. */
  z.object({
    kind: z.literal('disagreement'),
    payload: z.object({
      caseReference: z.string(),
      disagreementId: z.string(),
      about: z.discriminatedUnion('kind', [z.object({ kind: z.literal('intervention'), id: z.string() }), z.object({ kind: z.literal('responsibility'), row: z.string(), column: z.optional(z.string()) })]),
      deadline: z.string(),
    }),
  }),
  /** To the new caseworker after a change of caseworker: the case by reference, with a take-over button. */
  z.object({ kind: z.literal('handover'), payload: z.object({ caseReference: z.string() }) }),
]);
export type OutboxContent = z.infer<typeof OutboxContent>;
export type OutboxKind = OutboxContent['kind'];
export type OutboxPayloadOf<K extends OutboxKind> = Extract<OutboxContent, { kind: K }>['payload'];

interface MessageBase {
  id: string;
  tenant: string;
  /** A person id in the tenant, or `thread:<platform>`; the port resolves it to a chat identity. */
  recipient: string;
  /** Stable across retries: a port that can, passes it on so the chat side drops a repeat. */
  dedupeKey: string;
  attempts: number;
}
/** A claimed message, its payload checked against its kind: a port narrows on `kind`. */
export type OutboxMessage = MessageBase & OutboxContent;

/** Checks a stored row's kind and payload; undefined when the kind is unknown or the payload does not fit it. */
export function outboxMessage(base: MessageBase, kind: string, payload: unknown): OutboxMessage | undefined {
  const parsed = z.safeParse(OutboxContent, { kind, payload });
  return parsed.success ? { ...base, ...parsed.data } : undefined;
}
