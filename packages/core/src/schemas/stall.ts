import { z } from 'zod';
import { Case } from './case.js';
import { Person } from './organisation.js';
import { Plan } from './plan.js';
import { Id, IsoDate, IsoDateTime } from './primitives.js';

/** When a case counts as stalled. Business days are counted in Europe/Copenhagen. */
export const StallRules = z.object({
  /** No activity for this many business days. */
  inactivityBusinessDays: z.number().int().min(1).default(10),
  /** A decision awaited for longer than this many business days. */
  decisionBusinessDays: z.number().int().min(1).default(10),
  /** The municipality's own closing days, beyond the public holidays. */
  closingDays: z.array(IsoDate).default([]),
});
export type StallRules = z.input<typeof StallRules>;

/** A decision (afgørelse) requested of an authority; `decidedAt` is absent while it is awaited. */
export const Decision = z.object({
  id: Id,
  department: Id,
  requestedAt: IsoDateTime,
  decidedAt: IsoDateTime.optional(),
});
export type Decision = z.infer<typeof Decision>;

/** Everything the stall rules look at for one case. */
export const CaseSnapshot = z.object({
  case: Case,
  plan: Plan.nullable().default(null),
  /** The people the case refers to (at least the coordinator), for their availability. */
  people: z.array(Person).default([]),
  decisions: z.array(Decision).default([]),
});
export type CaseSnapshot = z.infer<typeof CaseSnapshot>;
export type CaseSnapshotInput = z.input<typeof CaseSnapshot>;
