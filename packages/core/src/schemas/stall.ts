import * as z from 'zod/mini';
import { Case, Participant } from './case.js';
import { ResponsibilityMatrix } from './matrix.js';
import { Person } from './organisation.js';
import { Plan } from './plan.js';
import { Id, IsoDate, IsoDateTime, LIMITS } from './primitives.js';
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

/** A decision (afgørelse) requested of an authority; `decidedAt` is absent while it is awaited. */
export const Decision = z.object({
  id: Id,
  department: Id,
  requestedAt: IsoDateTime,
  decidedAt: z.optional(IsoDateTime),
});
export type Decision = z.infer<typeof Decision>;

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
});
export type CaseSnapshot = z.infer<typeof CaseSnapshot>;
export type CaseSnapshotInput = z.input<typeof CaseSnapshot>;
