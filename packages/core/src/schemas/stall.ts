import * as z from 'zod/mini';
import { Case, Participant } from './case.js';
import { ResponsibilityMatrix } from './matrix.js';
import { Person } from './organisation.js';
import { Plan } from './plan.js';
import { Disagreement } from './disagreement.js';
import { DecisionConfirmation } from './meeting.js';
import { Id, IsoDate, IsoDateTime, issueAt, LIMITS } from './primitives.js';
import { CoordinatorRule, DEFAULT_COORDINATOR_RULE, TenantSettings, type TenantSettingsInput } from './settings.js';

const BusinessDays = /* @__PURE__ */ z.int().check(z.minimum(1));

/** When a case counts as stalled. Business days are counted in the calendar given (Europe/Copenhagen by default). */
export const StallRules = z.object({
  /** No activity for this many business days. */
  inactivityBusinessDays: z._default(BusinessDays, 10),
  /** A decision awaited for longer than this many business days. */
  decisionBusinessDays: z._default(BusinessDays, 10),
  /** A change of caseworker not taken over after this many business days. */
  handoverBusinessDays: z._default(BusinessDays, 2),
  /** When a case needs a plan coordinator. */
  coordinator: z._default(CoordinatorRule, DEFAULT_COORDINATOR_RULE),
  /** The municipality's own closing days, beyond the public holidays. */
  closingDays: z._default(/* @__PURE__ */ z.array(IsoDate).check(z.maxLength(LIMITS.closingDays)), []),
});
export type StallRules = z.input<typeof StallRules>;

/** A municipality's stall rules from its settings and closing days (the Tenant's). */
export function stallRulesOf(settings: TenantSettingsInput = {}, closingDays: readonly string[] = []): z.output<typeof StallRules> {
  const s = TenantSettings.parse(settings);
  return StallRules.parse({ handoverBusinessDays: s.handoverBusinessDays, coordinator: s.coordinator, closingDays: [...closingDays] });
}

/** A change of caseworker (`participant` is the new one) and, once it happened, its take-over. */
export const Handover = z.object({
  participant: Participant,
  previous: z.optional(Id),
  previousStaysInformed: z._default(z.boolean(), false),
  changedAt: IsoDateTime,
  /** When the new caseworker took over: an activity of theirs, or an explicit take-over. */
  takenOverAt: z.optional(IsoDateTime),
});
export type Handover = z.infer<typeof Handover>;

/** Someone covering for a person who is away, from an instant, perhaps up to a day, perhaps for one intervention only. */
export const Cover = z.object({
  /** The person away. */
  person: Id,
  /** Who covers for them. */
  by: Id,
  from: IsoDateTime,
  /** The day the cover ends (it covers up to that day's start). */
  until: z.optional(IsoDate),
  /** Only this intervention; without it, all the person's responsibilities on the case. */
  intervention: z.optional(Id),
});
export type Cover = z.infer<typeof Cover>;

/**
 * A decision (afgørelse) requested of one department or, jointly, of several (`departments`); the old
 * single `department` is still accepted and read as one (`decisionDepartments`). A joint decision is
 * awaited until each of its departments has confirmed it (`confirmations`); `decidedAt` is set when
 * the last one does (`confirmDecision`), and is absent while it is awaited.
 */
export const Decision = /* @__PURE__ */ z
  .object({
    id: Id,
    /** The departments that own it: one, or several for a joint decision. */
    departments: z.optional(/* @__PURE__ */ z.array(Id).check(z.minLength(1), z.maxLength(LIMITS.departments))),
    /** The one department that owns it (the form before `departments`). */
    department: z.optional(Id),
    requestedAt: IsoDateTime,
    decidedAt: z.optional(IsoDateTime),
    /** Each department's confirmation, in the order they came. */
    confirmations: z.optional(/* @__PURE__ */ z.array(DecisionConfirmation).check(z.maxLength(LIMITS.departments))),
  })
  .check((ctx) => {
    if (!ctx.value.departments && ctx.value.department === undefined) issueAt(ctx, 'required (the departments that own the decision)', ['departments']);
  });
export type Decision = z.infer<typeof Decision>;
export type DecisionInput = z.input<typeof Decision>;
/** A case's decisions (the plan card's `decisions`). */
export const Decisions = /* @__PURE__ */ z.array(Decision).check(z.maxLength(LIMITS.interventions));

/** Everything the stall rules look at for one case. */
export const CaseSnapshot = z.object({
  case: Case,
  plan: z._default(z.nullable(Plan), null),
  /** The people the case refers to (at least the coordinator), for their availability. */
  people: z._default(z.array(Person), []),
  decisions: z._default(z.array(Decision), []),
  /** The case's changes of caseworker, taken over or not. */
  handovers: z.optional(/* @__PURE__ */ z.array(Handover).check(z.maxLength(LIMITS.participants))),
  /** Who covers for whom while they are away. */
  covers: z.optional(/* @__PURE__ */ z.array(Cover).check(z.maxLength(LIMITS.participants))),
  /** The collaboration agreement: its accountable and responsible people for each intervention. */
  matrix: z.optional(z.nullable(ResponsibilityMatrix)),
  /** Disagreements raised on the case, open or resolved. */
  disagreements: z.optional(/* @__PURE__ */ z.array(Disagreement).check(z.maxLength(LIMITS.interventions))),
});
export type CaseSnapshot = z.infer<typeof CaseSnapshot>;
export type CaseSnapshotInput = z.input<typeof CaseSnapshot>;
