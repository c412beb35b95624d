// The REST API's request parts and answers, built from core's schemas. Request objects are
// strict, so an unknown field is reported rather than silently dropped. The schemas named in
// `named` are the OpenAPI document's components.
import { Case, CaseStatus, Consent, Department, hasCpr, Id, IsoDate, IsoDateTime, LIMITS, noCpr, Note, Participant, Person, Plan, RcComparison, RcResult, RcWordingOverride, ResponsibilityMatrix, Team, type Schema } from '@samspil/core';
import * as z from 'zod/mini';
import { isSerialId } from '../store/db.js';
import { isSystemLabel } from '../store/references.js';
import { AuditEntry, NudgeView, OutboxEntry, StalledCase, SurveySummary, WaveView } from '../views.js';

/**
 * An id in the path, exactly as sent: core's Id trims, and a path trimmed could name
 * another record (`SAG-1%20` erasing SAG-1), so whitespace at either end is refused.
 */
export const PathId = z.pipe(
  z.string().check(z.refine((v) => v.trim() === v, 'must not begin or end with whitespace')),
  Id,
);
/** The path of a case: its reference in the vendor's system. */
export const ReferenceParams = z.strictObject({ reference: PathId });
/** The path of one of a coordination's references, named through another (or itself). */
export const OtherReferenceParams = z.strictObject({ reference: PathId, other: PathId });
/** A case system's label (issue 26): `familie-sag`. */
export const SystemLabel = z.string().check(z.refine(isSystemLabel, "a case system's name: letters, digits, . _ - (at most 64), never a CPR number"));
/** One of a coordination's references: the case system's label, who linked it and when. */
export const CaseReferenceView = z.object({ reference: z.string(), system: z.optional(z.string()), linkedAt: z.string(), linkedBy: z.string() });
/** A case as GET /cases/{reference} answers it: with every reference linked to its coordination, the first first. */
export const CaseRead = z.object({ ...Case.shape, references: z.array(CaseReferenceView) });
/** A reference to link: the case system's own reference, and its label (default: the API key's). */
export const LinkBody = z.strictObject({ reference: PathId, system: z.optional(SystemLabel) });
/** What a link or an unlink answers. `linked` false: the reference was linked here already. */
export const LinkAnswer = z.object({ case: Case, references: z.array(CaseReferenceView), linked: z.boolean() });
/** Two coordinations joined: the other's reference, and whom to make coordinator (default: the earlier coordinator). */
export const JoinBody = z.strictObject({ reference: PathId, coordinator: z.optional(Id) });
/** What a join answers: the one coordination, its references, and what was merged from where. */
export const JoinAnswer = z.object({
  case: Case,
  references: z.array(CaseReferenceView),
  merged: z.object({
    references: z.array(z.string()),
    coordinator: z.object({ kept: z.nullable(z.string()), other: z.nullable(z.string()), now: z.nullable(z.string()), named: z.boolean() }),
    review: z.array(z.string()),
    renamed: z.record(z.string(), z.string()),
    consent: z.nullable(z.array(z.string())),
    matrix: z.enum(['kept', 'other', 'none']),
    otherPlanVersion: z.nullable(z.number()),
  }),
});
/** The path of an organisation entry (department, team, person). */
export const IdParams = z.strictObject({ id: PathId });
/** A database serial (a nudge, a survey): a whole number the database can hold. */
export const SerialId = z.string().check((ctx) => {
  if (!isSerialId(ctx.value)) ctx.issues.push({ code: 'custom', message: 'must be a whole number from 1 to 999999999999999999', input: ctx.value });
});
export const SerialParams = z.strictObject({ id: SerialId });
/** A route that takes no query parameters refuses them. */
export const NoQuery = z.strictObject({});
/** A body that may be left out (Fastify gives null for none). */
const optionalBody = <S extends z.ZodMiniType>(schema: S) => z.optional(z.nullable(schema));
/** A POST whose body carries nothing: none, or an empty object. */
export const NoBody = optionalBody(z.strictObject({}));
/** `If-Match: "3"` on a document: the version being replaced (required once the document exists). */
export const IfMatchHeaders = z.looseObject({ 'if-match': z.optional(z.string()) });

export const ParticipantsBody = z.array(Participant).check(z.maxLength(LIMITS.participants));

export const CaseUpsertBody = z.strictObject({
  status: z.optional(CaseStatus),
  departments: z.optional(z.array(Id).check(z.maxLength(LIMITS.departments))),
  participants: z.optional(ParticipantsBody),
  openedAt: z.optional(IsoDateTime),
  caseSystemUrl: Case.shape.caseSystemUrl,
});

export const PlanBody = z.strictObject(Plan.shape);
export const MatrixBody = z.strictObject(ResponsibilityMatrix.shape);
export const ConsentBody = Consent;
export const WithdrawBody = optionalBody(z.strictObject({ at: z.optional(IsoDateTime) }));
export const CoordinatorBody = z.strictObject({ person: z.nullable(Id), reason: Note });

/** What the vendor's system reports; each but a change of caseworker and its take-over moves the stall clock. No free-text case notes. */
export const ActivityBody = z.discriminatedUnion('kind', [
  /** A decision asked of one department, or jointly of several (`departments`; the old single `department` is read as one). */
  z.strictObject({
    kind: z.literal('decision-requested'),
    occurredAt: z.optional(IsoDateTime),
    decision: z.strictObject({ id: Id, department: z.optional(Id), departments: z.optional(z.array(Id).check(z.minLength(1), z.maxLength(LIMITS.departments))) }).check((ctx) => {
      if (ctx.value.department === undefined && ctx.value.departments === undefined) ctx.issues.push({ code: 'custom', message: 'required (the departments that own the decision)', input: ctx.value, path: ['departments'] });
    }),
  }),
  z.strictObject({ kind: z.literal('decision-taken'), occurredAt: z.optional(IsoDateTime), decision: z.strictObject({ id: Id }) }),
  z.strictObject({ kind: z.literal('meeting-held'), occurredAt: z.optional(IsoDateTime) }),
  z.strictObject({ kind: z.literal('intervention-status-changed'), occurredAt: z.optional(IsoDateTime), intervention: Id, status: z.enum(['planned', 'active', 'paused', 'done', 'cancelled']) }),
  /** A new caseworker in a department's role: they join the case; the previous leaves unless staying informed. Does not move the stall clock. */
  z.strictObject({ kind: z.literal('caseworker-changed'), occurredAt: z.optional(IsoDateTime), participant: Participant, previous: z.optional(Id), previousStaysInformed: z.optional(z.boolean()) }),
  /** The new caseworker has taken the case over (`by` names them; without it, every open handover). Does not move the stall clock. */
  z.strictObject({ kind: z.literal('caseworker-took-over'), occurredAt: z.optional(IsoDateTime), by: z.optional(Id) }),
]);
export type ActivityBody = z.infer<typeof ActivityBody>;

/** Who covers for a person away on the case: from now (or `from`), up to a day, for one intervention or all their responsibilities on it. */
export const CoverBody = z.strictObject({ person: Id, by: Id, from: z.optional(IsoDateTime), until: z.optional(IsoDate), intervention: z.optional(Id) });
export const CoverAnswer = z.object({ person: Id, by: Id, from: z.string(), until: z.optional(z.string()), intervention: z.optional(Id) });

export const WidgetTokenBody = z.strictObject({
  /** The case the widget shows; or `survey`. */
  caseReference: z.optional(Id),
  /** An RC survey whose results the heatmap loads (`src` + `token`), scope `read`; or `caseReference`. */
  survey: z.optional(SerialId),
  /** The named user of the vendor's system the widget acts for; recorded in the audit log. */
  user: Id,
  /**
   * `read`, or `plan` (replace the plan and the matrix, record a follow-up held); `write` is the old name of `plan`.
   * `citizen`: the citizen's own view, voice and withdrawal of one case, for the citizen's portal after the citizen has
   * logged in there (`user`: the portal's pseudonymous id of the citizen, never a CPR number).
   */
  scope: z.enum(['read', 'plan', 'write', 'citizen']),
  ttlSeconds: z._default(z.int().check(z.minimum(30), z.maximum(3600)), 900),
});

export const CaseListQuery = z.strictObject({
  /** `true`: only cases with an open or snoozed nudge. */
  stalled: z.optional(z.enum(['true', 'false'])),
  coordinator: z.optional(Id),
  status: z.optional(CaseStatus),
  team: z.optional(Id),
});

export const SuggestionQuery = z.strictObject({ requester: Id });
export const SnoozeBody = optionalBody(z.strictObject({ businessDays: z.optional(z.int().check(z.minimum(1), z.maximum(20))) }));

export const StalledQuery = z.strictObject({ coordinator: z.optional(Id), team: z.optional(Id) });
export const NudgeQuery = z.strictObject({ status: z.optional(z.enum(['open', 'acknowledged', 'snoozed', 'closed'])), recipient: z.optional(Id) });

/** The outbox's delivery status, e.g. `dead` for the messages that gave up. */
export const OutboxQuery = z.strictObject({ status: z.optional(z.enum(['pending', 'sending', 'sent', 'dead'])) });

export const DepartmentBody = z.strictObject({ ...Department.shape, id: z.optional(Id) });
export const TeamBody = z.strictObject({ ...Team.shape, id: z.optional(Id) });
export const PersonBody = z.strictObject({ ...Person.shape, id: z.optional(Id) });

export const WidgetTokenAnswer = z.object({ token: z.string(), scope: z.enum(['read', 'plan', 'citizen']), expiresAt: z.string() });
export const CaseList = z.object({ cases: z.array(Case) });
export const CoordinationAnswer = z.object({ case: Case, opened: z.boolean() });
export const Suggestion = z.object({ person: Id, department: z.nullable(Id), basis: z.enum(['goal-owner', 'most-interventions', 'requester']) });
export const ActivityAnswer = z.object({ recorded: z.string(), occurredAt: z.string() });
export const PlanAnswer = z.object({ ...Plan.shape, version: z.int() });
export const MatrixAnswer = z.object({ ...ResponsibilityMatrix.shape, version: z.int() });
export const StalledList = z.object({ cases: z.array(StalledCase) });
export const NudgeList = z.object({ nudges: z.array(NudgeView) });
export const OutboxList = z.object({ messages: z.array(OutboxEntry) });
export const AuditTrail = z.object({ entries: z.array(AuditEntry) });

/** A professional group's name in an RC wave, as chat, results and the heatmap show it (no CPR number, as any name we pass on). */
const GroupName = Id;

/** The largest k a wave takes: no group is larger than its 5,000 people. */
const WAVE_K_MAX = 5_000;

/** An RC measurement wave to start: its groups (each by department, team or people, exactly one), who rates whom, when, and k. */
export const WaveBody = z.strictObject({
  name: Id,
  opensAt: IsoDateTime,
  closesAt: IsoDateTime,
  /** Fewest respondents for a count or a tie to be shown; 3 by default. */
  k: z.optional(z.int().check(z.minimum(1), z.maximum(WAVE_K_MAX))),
  /** Dimensions of the seven a rating needs answered to count in the score ("ved ikke" leaves one out); 7 by default, as `samspil rc score`. */
  minItems: z.optional(z.int().check(z.minimum(1), z.maximum(7))),
  groups: z.array(
    z.strictObject({ name: GroupName, department: z.optional(Id), team: z.optional(Id), people: z.optional(z.array(Id).check(z.maxLength(5000))) }),
  ).check(z.maxLength(100)),
  /** Who rates whom; by default every group rates every group, its own included. */
  pairs: z.optional(z.array(z.strictObject({ rater: GroupName, rated: GroupName })).check(z.maxLength(10_000))),
  /** The person (a team lead) who gets the digest at close. */
  startedBy: z.optional(Id),
});
export const WaveList = z.object({ waves: z.array(WaveView) });
const ItemWording = z.object({ label: z.string(), question: z.string(), scale: z.readonly(z.array(z.string())), source: z.enum(['samspil', 'tenant']) });
/** A tenant's wording overrides and the wording each language then has, per item. */
export const WordingAnswer = z.object({ overrides: z.array(RcWordingOverride), wording: z.object({ da: z.record(z.string(), ItemWording), en: z.record(z.string(), ItemWording) }) });
/** A tenant's wording is shown to every respondent: no CPR number in a question or an answer. */
const WordingOverrideBody = z.strictObject({
  ...RcWordingOverride.shape,
  question: RcWordingOverride.shape.question.check(noCpr),
  scale: RcWordingOverride.shape.scale.check((ctx) => {
    if (ctx.value?.some(hasCpr)) ctx.issues.push({ code: 'custom', message: 'must not contain a CPR number', input: ctx.value, continue: true });
  }),
});
export const WordingBody = z.strictObject({ overrides: z.array(WordingOverrideBody).check(z.maxLength(14)) });

/** An RFC 9457 problem: `type` is `https://samspil.dk/problems/` and the title's slug. */
export const ProblemSchema = z.looseObject({ type: z.string(), title: z.string(), status: z.int(), detail: z.optional(z.string()), instance: z.optional(z.string()) });

/** The schemas the OpenAPI document names (its components), by name. */
export const named = new Map<Schema, string>(
  Object.entries({
    Case,
    Plan,
    ResponsibilityMatrix,
    Department,
    Team,
    Person,
    RcResult,
    RcComparison,
    NudgeView,
    StalledCase,
    OutboxEntry,
    AuditEntry,
    SurveySummary,
    WaveView,
    WaveBody,
    RcWordingOverride,
    Problem: ProblemSchema,
    CaseUpsertBody,
    PlanBody,
    MatrixBody,
    ConsentBody,
    ParticipantsBody,
    WithdrawBody,
    CoordinatorBody,
    ActivityBody,
    WidgetTokenBody,
    SnoozeBody,
    DepartmentBody,
    TeamBody,
    PersonBody,
    PlanAnswer,
    MatrixAnswer,
    CaseRead,
    CaseReferenceView,
    LinkBody,
    LinkAnswer,
    JoinBody,
    JoinAnswer,
  }).map(([name, schema]) => [schema as Schema, name]),
);
