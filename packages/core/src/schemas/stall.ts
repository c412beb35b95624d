import * as z from 'zod/mini';
import { Case } from './case.js';
import { Person } from './organisation.js';
import { Plan } from './plan.js';
import { Id, IsoDate, IsoDateTime, LIMITS } from './primitives.js';

const BusinessDays = /* @__PURE__ */ z.int().check(z.minimum(1));

/** When a case counts as stalled. Business days are counted in Europe/Copenhagen. */
export const StallRules = z.object({
  /** No activity for this many business days. */
  inactivityBusinessDays: z._default(BusinessDays, 10),
  /** A decision awaited for longer than this many business days. */
  decisionBusinessDays: z._default(BusinessDays, 10),
  /** The municipality's own closing days, beyond the public holidays. */
  closingDays: z._default(/* @__PURE__ */ z.array(IsoDate).check(z.maxLength(LIMITS.closingDays)), []),
});
export type StallRules = z.input<typeof StallRules>;

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
});
export type CaseSnapshot = z.infer<typeof CaseSnapshot>;
export type CaseSnapshotInput = z.input<typeof CaseSnapshot>;
