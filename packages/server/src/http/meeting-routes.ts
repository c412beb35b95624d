// The good meeting (issue 25) over the API: a case's meetings (booked by the case system or the
// plan card's widget with a `plan` token), their `.ics` file, the agenda, the outcome form, joint
// decisions confirmed per department, and disagreements raised and settled. Each route translates
// to a use case; need to know is the route's access rule (a person in chat: the use case's).
import { Decision, Disagreement, DisagreementSubject, Id, IsoDate, IsoDateTime, Meeting, MeetingAction, MeetingDecision, MeetingPlace, Room, LIMITS, OUTCOME_LIMITS } from '@samspil/core';
import * as z from 'zod/mini';
import { outcome } from './outcome.js';
import { problems, type Api, type Context } from './route.js';
import { NoBody, PathId } from './schemas.js';

const MeetingParams = z.strictObject({ reference: PathId, id: PathId });
const NoQuery = z.strictObject({});

/** A meeting as the case system or the widget books it: when, and optionally where, who, the chair and the minute-taker. */
export const MeetingBookingBody = z.strictObject({
  /** The case system's own id for it; without one, the case's next `M-n`. */
  id: z.optional(Id),
  startsAt: IsoDateTime,
  /** Default: an hour after the start. */
  endsAt: z.optional(IsoDateTime),
  /** A link, or a room of the municipality's list (settings.rooms); default: its first room. */
  place: z.optional(MeetingPlace),
  /** Person ids with a part in the case; default: the case's participants and its coordinator. */
  invited: z.optional(z.array(Id).check(z.maxLength(LIMITS.participants))),
  citizenInvited: z.optional(z.boolean()),
  /** Default: the plan coordinator. */
  chair: z.optional(Id),
  minutesBy: z.optional(Id),
});

/** The outcome form: decisions taken, actions agreed, the next follow-up; no notes (they stay in the case system). */
export const MeetingOutcomeBody = z.strictObject({
  heldAt: IsoDateTime,
  citizenAttended: z.optional(z.boolean()),
  /** The plan's version the form was filled in against: a plan changed since is refused (409), as a stale plan PUT is. */
  planVersion: z.optional(z.int().check(z.nonnegative())),
  decisions: z.optional(z.array(MeetingDecision).check(z.maxLength(OUTCOME_LIMITS.decisions))),
  actions: z.optional(z.array(MeetingAction).check(z.maxLength(OUTCOME_LIMITS.actions))),
  nextFollowUp: z.optional(IsoDate),
});

const MeetingsAnswer = z.object({ meetings: z.array(Meeting), decisions: z.array(Decision), rooms: z.array(Room) });
const OutcomeAnswer = z.object({ meeting: Meeting, planVersion: z.optional(z.int()), decisions: z.array(Decision) });
const AgendaAnswer = z.object({
  caseReference: z.string(),
  /** In order, the citizen's wishes first (their words: for the case system only). */
  sections: z.array(z.looseObject({ kind: z.string() })),
  /** The same agenda as chat carries it: references, statuses and counts. */
  forChat: z.object({ caseReference: z.string(), sections: z.array(z.looseObject({ kind: z.string() })) }),
});
const BookingAnswer = z.object({ meeting: Meeting, agenda: AgendaAnswer.shape.forChat });
const IcsQuery = z.strictObject({ lang: z.optional(z.enum(['da', 'en'])) });
const ConfirmBody = z.strictObject({ department: Id });
const ConfirmAnswer = z.object({ decision: Decision, department: z.string(), complete: z.boolean(), awaiting: z.array(z.string()) });
const JointAnswerAnswer = z.object({ decision: z.string(), departments: z.array(z.string()), occurredAt: z.string(), recorded: z.boolean() });
const DisagreementBody = z.strictObject({ about: DisagreementSubject, raisedBy: Id });
const ResolutionBody = z.strictObject({ decision: Id });
const DisagreementList = z.object({ disagreements: z.array(Disagreement) });
const DecisionList = z.object({ decisions: z.array(Decision) });

export function meetingRoutes({ useCases }: Context) {
  return async (api: Api) => {
    api.post(
      '/cases/:reference/meetings',
      {
        config: { access: 'case:plan' },
        schema: { summary: 'Book a meeting of the case (the invited are sent the agenda in chat)', params: PathParams(), querystring: NoQuery, body: MeetingBookingBody, response: { 201: BookingAnswer, ...problems(403, 404, 409) } },
      },
      async (request, reply) => {
        const r = outcome(await useCases.bookMeeting(request.actor, request.params.reference, request.body));
        return reply.status(201).header('location', `/api/v1/cases/${encodeURIComponent(request.params.reference)}/meetings/${encodeURIComponent(r.meeting.id)}`).send({ meeting: r.meeting, agenda: r.agenda });
      },
    );

    api.get(
      '/cases/:reference/meetings',
      { config: { access: 'case:read' }, schema: { summary: "The case's meetings, its decisions and the municipality's rooms: the plan card's meetings, decisions and rooms", params: PathParams(), querystring: NoQuery, response: { 200: MeetingsAnswer, ...problems(404) } } },
      async (request) => {
        const r = outcome(await useCases.caseMeetings(request.actor, request.params.reference));
        return { meetings: r.meetings, decisions: r.decisions, rooms: r.rooms };
      },
    );

    api.get(
      '/cases/:reference/meetings/:id',
      { config: { access: 'case:read' }, schema: { summary: 'One meeting of the case', params: MeetingParams, querystring: NoQuery, response: { 200: Meeting, ...problems(404) } } },
      async (request) => outcome(await useCases.readMeeting(request.actor, request.params.reference, request.params.id)).meeting,
    );

    api.get(
      '/cases/:reference/meetings/:id/ics',
      { config: { access: 'case:read' }, schema: { summary: 'The meeting as an iCalendar file (text/calendar) for the case system to offer', params: MeetingParams, querystring: IcsQuery, response: { 200: z.string(), ...problems(404) } } },
      async (request, reply) => {
        const { ics } = outcome(await useCases.meetingCalendar(request.actor, request.params.reference, request.params.id, request.query.lang ?? 'da'));
        // The file as it is: not the JSON serialiser's string.
        return reply
          .type('text/calendar; charset=utf-8')
          .header('content-disposition', `attachment; filename="meeting-${request.params.id.replace(/[^\w.-]/g, '_')}.ics"`)
          .serializer((x: unknown) => String(x))
          .send(ics);
      },
    );

    api.get(
      '/cases/:reference/agenda',
      { config: { access: 'case:read' }, schema: { summary: "The agenda of the case's next meeting, built from the plan (the citizen's wishes first), and as chat carries it", params: PathParams(), querystring: NoQuery, response: { 200: AgendaAnswer, ...problems(404) } } },
      async (request) => outcome(await useCases.meetingAgenda(request.actor, request.params.reference)).agenda,
    );

    api.post(
      '/cases/:reference/meetings/:id/outcome',
      {
        config: { access: 'case:plan' },
        schema: {
          summary: "Record a meeting's outcome: decisions (one or several departments), actions (through the plan's version check), the next follow-up",
          params: MeetingParams,
          querystring: NoQuery,
          body: MeetingOutcomeBody,
          response: { 200: OutcomeAnswer, ...problems(403, 404, 409) },
        },
      },
      async (request) => {
        const r = outcome(await useCases.recordOutcome(request.actor, request.params.reference, request.params.id, request.body));
        return { meeting: r.meeting, ...(r.planVersion !== undefined ? { planVersion: r.planVersion } : {}), decisions: r.decisions };
      },
    );

    api.get(
      '/cases/:reference/decisions',
      { config: { access: 'case:read' }, schema: { summary: "The case's decisions: departments, confirmations, taken or awaited", params: PathParams(), querystring: NoQuery, response: { 200: DecisionList, ...problems(404) } } },
      async (request) => ({ decisions: outcome(await useCases.caseDecisions(request.actor, request.params.reference)).decisions }),
    );

    api.post(
      '/cases/:reference/decisions/:id/confirmations',
      { config: { access: 'tenant' }, schema: { summary: 'A department confirms a joint decision it owns (the last one takes it)', params: MeetingParams, querystring: NoQuery, body: ConfirmBody, response: { 200: ConfirmAnswer, ...problems(404, 409) } } },
      async (request) => {
        const r = outcome(await useCases.confirmDecision(request.actor, request.params.reference, request.params.id, request.body.department));
        return { decision: r.decision, department: r.department, complete: r.complete, awaiting: r.awaiting };
      },
    );

    api.post(
      '/cases/:reference/decisions/:id/joint-answer',
      { config: { access: 'tenant' }, schema: { summary: 'Record the one joint answer the citizen got to a joint decision every department confirmed', params: MeetingParams, querystring: NoQuery, body: NoBody, response: { 201: JointAnswerAnswer, ...problems(404) } } },
      async (request, reply) => reply.status(201).send(outcome(await useCases.giveJointAnswer(request.actor, request.params.reference, request.params.id))),
    );

    api.get(
      '/cases/:reference/disagreements',
      { config: { access: 'case:read' }, schema: { summary: "The case's disagreements, open and resolved (the matrix's disagreements)", params: PathParams(), querystring: NoQuery, response: { 200: DisagreementList, ...problems(404) } } },
      async (request) => ({ disagreements: outcome(await useCases.caseDisagreements(request.actor, request.params.reference)).disagreements }),
    );

    api.post(
      '/cases/:reference/disagreements',
      {
        config: { access: 'tenant' },
        schema: { summary: 'Raise a disagreement about an intervention or a responsibility: it goes to whoever the collaboration agreement names, with a deadline', params: PathParams(), querystring: NoQuery, body: DisagreementBody, response: { 201: Disagreement, ...problems(403, 404) } },
      },
      async (request, reply) => reply.status(201).send(outcome(await useCases.raiseDisagreement(request.actor, request.params.reference, request.body)).disagreement),
    );

    api.post(
      '/cases/:reference/disagreements/:id/resolution',
      { config: { access: 'tenant' }, schema: { summary: 'Settle a disagreement by a decision (recorded as taken)', params: MeetingParams, querystring: NoQuery, body: ResolutionBody, response: { 200: Disagreement, ...problems(404, 409) } } },
      async (request) => outcome(await useCases.resolveDisagreement(request.actor, request.params.reference, request.params.id, request.body.decision)).disagreement,
    );
  };
}

/** The case in the path. */
function PathParams() {
  return z.strictObject({ reference: PathId });
}
