// A disagreement raised about an intervention or a responsibility (issue 25). Its own module: the
// matrix widget shows disagreements, the plan card meetings, and each bundles only its own.
import * as z from 'zod/mini';
import { Id, IsoDate, IsoDateTime, issueAt as issue, LIMITS } from './primitives.js';

/** A disagreement is about an intervention (by id) or a responsibility in the collaboration agreement (a row, perhaps one column's part in it). */
export const DisagreementSubject = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('intervention'), id: Id }),
  z.object({ kind: z.literal('responsibility'), row: Id, column: z.optional(Id) }),
]);
export type DisagreementSubject = z.infer<typeof DisagreementSubject>;

export const DisagreementState = z.enum(['open', 'resolved']);
export type DisagreementState = z.infer<typeof DisagreementState>;

/**
 * A disagreement raised by a participant (by id, never a text): it goes to whoever the collaboration
 * agreement names to settle it (`decider`, from `deciderOf` when raised), by `deadline` (the last
 * business day: `disagreementDeadline`); its resolution is recorded as a decision (by id). Only its
 * reference and state ever leave the case system.
 */
export const Disagreement = /* @__PURE__ */ z
  .object({
    id: Id,
    caseReference: z.optional(Id),
    about: DisagreementSubject,
    raisedBy: Id,
    raisedAt: IsoDateTime,
    /** The person who settles it. */
    decider: z.optional(Id),
    /** The last business day to settle it on; open after that day, it stalls the case. */
    deadline: IsoDate,
    state: z._default(DisagreementState, 'open'),
    resolvedAt: z.optional(IsoDateTime),
    /** The decision that settled it. */
    resolution: z.optional(z.object({ decision: Id })),
  })
  .check((ctx) => {
    const d = ctx.value;
    if (d.state === 'resolved' && !d.resolution) issue(ctx, 'a resolved disagreement names its decision', ['resolution']);
    if (d.state === 'resolved' && !d.resolvedAt) issue(ctx, 'a resolved disagreement says when', ['resolvedAt']);
  });
export type Disagreement = z.infer<typeof Disagreement>;
export type DisagreementInput = z.input<typeof Disagreement>;

/** A case's disagreements (the matrix's `disagreements`). */
export const Disagreements = /* @__PURE__ */ z.array(Disagreement).check(z.maxLength(LIMITS.interventions));
