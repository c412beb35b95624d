// The good meeting (issue 25): a meeting of a case, its outcome and the activities it implies
// (a disagreement is in disagreement.ts: the matrix shows it, the plan card the meetings). No free text travels here: a
// meeting's notes stay in the case system, and a new intervention's title comes from the case system.
import * as z from 'zod/mini';
import { HttpUrl } from './case.js';
import { Id, IsoDate, IsoDateTime, issueAt as issue, Label, LIMITS, INT4_MAX, noCpr } from './primitives.js';


/** The most decisions and actions one meeting's outcome records. */
export const OUTCOME_LIMITS = { decisions: 100, actions: LIMITS.interventions } as const;

/** A link to an online meeting, as the case system gives it: an absolute http or https URL, at most 2,000 characters, no CPR number. */
export const MeetingUrl = /* @__PURE__ */ HttpUrl.check(z.maxLength(2000), noCpr);

/**
 * Where a meeting is held: a link given by the case system, or a room from the municipality's list
 * (`TenantSettings.rooms`, by id). Never free text typed in chat.
 */
export const MeetingPlace = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('link'), url: MeetingUrl }),
  z.object({ kind: z.literal('room'), id: Id }),
]);
export type MeetingPlace = z.infer<typeof MeetingPlace>;

/** A meeting room of the municipality (`TenantSettings.rooms`): its id and its name. */
export const Room = z.object({ id: Id, name: Label });
export type Room = z.infer<typeof Room>;

export const MeetingState = z.enum(['booked', 'held', 'cancelled']);
export type MeetingState = z.infer<typeof MeetingState>;

/** A decision taken at a meeting: by one department, or jointly by several. Its id closes a decision awaited with that id. */
export const MeetingDecision = z.object({
  id: Id,
  departments: /* @__PURE__ */ z.array(Id).check(z.minLength(1), z.maxLength(LIMITS.departments)),
});
export type MeetingDecision = z.infer<typeof MeetingDecision>;

/** The intervention an action concerns: one in the plan, by reference, or a new one whose title comes from the case system. */
export const ActionIntervention = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('existing'), id: Id }),
  z.object({
    kind: z.literal('new'),
    id: Id,
    /** From the case system, never typed in chat: a short title, no CPR number. */
    title: Label,
    department: Id,
  }),
]);
export type ActionIntervention = z.infer<typeof ActionIntervention>;

/** An action agreed: an intervention, its owner (a professional, by id) and its date (the intervention's end). */
export const MeetingAction = z.object({
  intervention: ActionIntervention,
  owner: Id,
  due: IsoDate,
});
export type MeetingAction = z.infer<typeof MeetingAction>;

/**
 * What a meeting decided, recorded in one form afterwards: the decisions taken, the actions agreed
 * (they update the plan through the plan's use case, with its version check: `planVersion` is the
 * version the form was filled in against) and the next follow-up. Notes in free text stay in the
 * case system: there is no field for them.
 */
export const MeetingOutcome = z.object({
  /** The meeting's id. */
  meeting: Id,
  heldAt: IsoDateTime,
  /** Whether the citizen was there. */
  citizenAttended: z.optional(z.boolean()),
  /** The plan's version the outcome was recorded against (the plan PUT's `If-Match`). */
  planVersion: z.optional(/* @__PURE__ */ z.int().check(z.nonnegative(), z.maximum(INT4_MAX))),
  decisions: z._default(/* @__PURE__ */ z.array(MeetingDecision).check(z.maxLength(OUTCOME_LIMITS.decisions)), []),
  actions: z._default(/* @__PURE__ */ z.array(MeetingAction).check(z.maxLength(OUTCOME_LIMITS.actions)), []),
  nextFollowUp: z.optional(IsoDate),
});
export type MeetingOutcome = z.infer<typeof MeetingOutcome>;
export type MeetingOutcomeInput = z.input<typeof MeetingOutcome>;

/**
 * A meeting of a case (the good meeting): when, where (a link or a room of the municipality), who is
 * invited (the case's people, by id), that the citizen is invited and, once held, whether they came;
 * who chairs (the plan coordinator when none is named: `chairOf`) and who takes the minutes. `sequence`
 * counts its changes (the `.ics` file's SEQUENCE). A held meeting may carry its outcome.
 */
export const Meeting = /* @__PURE__ */ z
  .object({
    id: Id,
    caseReference: Id,
    startsAt: IsoDateTime,
    endsAt: IsoDateTime,
    place: MeetingPlace,
    /** The professionals invited (person ids): the case's people. */
    invited: z._default(/* @__PURE__ */ z.array(Id).check(z.maxLength(LIMITS.participants)), []),
    /** The citizen is invited (the default: the citizen sits at the head of the table). */
    citizenInvited: z._default(z.boolean(), true),
    /** Afterwards: whether the citizen was there. */
    citizenAttended: z.optional(z.boolean()),
    /** Who chairs; without it, the plan coordinator. */
    chair: z.optional(Id),
    /** Who takes the minutes. */
    minutesBy: z.optional(Id),
    state: z._default(MeetingState, 'booked'),
    /** When it was booked (the `.ics` file's DTSTAMP). */
    bookedAt: z.optional(IsoDateTime),
    sequence: z._default(/* @__PURE__ */ z.int().check(z.nonnegative(), z.maximum(INT4_MAX)), 0),
    outcome: z.optional(MeetingOutcome),
  })
  .check((ctx) => {
    const m = ctx.value;
    if (Date.parse(m.endsAt) <= Date.parse(m.startsAt)) issue(ctx, 'must be after startsAt', ['endsAt']);
    if (m.state !== 'held' && m.citizenAttended !== undefined) issue(ctx, 'is recorded only for a held meeting', ['citizenAttended']);
    if (m.state !== 'held' && m.outcome !== undefined) issue(ctx, 'is recorded only for a held meeting', ['outcome']);
    if (m.outcome && m.outcome.meeting !== m.id) issue(ctx, "must name this meeting's id", ['outcome', 'meeting']);
  });
export type Meeting = z.infer<typeof Meeting>;
export type MeetingInput = z.input<typeof Meeting>;

/** A department's confirmation of a decision it owns (with others): by a person of that department with a part in the case, or by the API key (`by` absent). */
export const DecisionConfirmation = z.object({
  department: Id,
  /** The person who confirmed; absent when the case system (the API key) did. */
  by: z.optional(Id),
  at: IsoDateTime,
});
export type DecisionConfirmation = z.infer<typeof DecisionConfirmation>;

/** Activity: one department confirms a (joint) decision. */
export const DecisionConfirmed = z.object({
  kind: z.literal('decision-confirmed'),
  occurredAt: z.optional(IsoDateTime),
  decision: Id,
  department: Id,
});
export type DecisionConfirmed = z.infer<typeof DecisionConfirmed>;

/** Activity: the one joint answer the citizen gets to a decision owned by several departments. Its own activity kind. */
export const JointAnswer = z.object({
  kind: z.literal('joint-answer-given'),
  occurredAt: z.optional(IsoDateTime),
  decision: Id,
  departments: /* @__PURE__ */ z.array(Id).check(z.minLength(2), z.maxLength(LIMITS.departments)),
});
export type JointAnswer = z.infer<typeof JointAnswer>;

/** A case's meetings (the plan card's `meetings`). */
export const Meetings = /* @__PURE__ */ z.array(Meeting).check(z.maxLength(LIMITS.followUps));
/** A municipality's rooms, by id and name (the plan card's `rooms`). */
export const Rooms = /* @__PURE__ */ z.array(Room).check(z.maxLength(1000));
