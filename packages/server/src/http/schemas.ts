// Request bodies of the REST API, built from core's schemas. Top-level objects are
// strict, so an unknown field is reported rather than silently dropped.
import { Case, CaseStatus, Consent, Decision, Id, IsoDateTime, Participant, Plan, ResponsibilityMatrix } from '@samspil/core';
import * as z from 'zod/mini';

export const CaseUpsertBody = z.strictObject({
  status: z.optional(CaseStatus),
  departments: z.optional(z.array(Id)),
  participants: z.optional(z.array(Participant)),
  openedAt: z.optional(IsoDateTime),
  caseSystemUrl: Case.shape.caseSystemUrl,
});

export const PlanBody = z.strictObject(Plan.shape);
export const MatrixBody = z.strictObject(ResponsibilityMatrix.shape);
export const ConsentBody = Consent;
export const ParticipantsBody = z.array(Participant);
export const WithdrawBody = z.strictObject({ at: z.optional(IsoDateTime) });
export const CoordinatorBody = z.strictObject({ person: z.nullable(Id), reason: z.optional(z.string().check(z.trim(), z.maxLength(500))) });

/** What the vendor's system reports; each moves the stall clock. No free-text case notes. */
export const ActivityBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('decision-requested'), occurredAt: z.optional(IsoDateTime), decision: z.strictObject({ id: Id, department: Id }) }),
  z.strictObject({ kind: z.literal('decision-taken'), occurredAt: z.optional(IsoDateTime), decision: z.strictObject({ id: Id }) }),
  z.strictObject({ kind: z.literal('meeting-held'), occurredAt: z.optional(IsoDateTime) }),
  z.strictObject({ kind: z.literal('intervention-status-changed'), occurredAt: z.optional(IsoDateTime), intervention: Id, status: z.enum(['planned', 'active', 'paused', 'done', 'cancelled']) }),
  z.strictObject({ kind: z.literal('caseworker-changed'), occurredAt: z.optional(IsoDateTime), participant: Participant }),
]);
export type ActivityBody = z.infer<typeof ActivityBody>;

export const WidgetTokenBody = z.strictObject({
  caseReference: Id,
  /** The named user of the vendor's system the widget acts for; recorded in the audit log. */
  user: Id,
  /** `read`, or `plan` (replace the plan and the matrix, record a follow-up held); `write` is the old name of `plan`. */
  scope: z.enum(['read', 'plan', 'write']),
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
export const SnoozeBody = z.strictObject({ businessDays: z.optional(z.int().check(z.minimum(1), z.maximum(20))) });

export const StalledQuery = z.strictObject({ coordinator: z.optional(Id), team: z.optional(Id) });
export const NudgeQuery = z.strictObject({ status: z.optional(z.enum(['open', 'acknowledged', 'snoozed', 'closed'])), recipient: z.optional(Id) });

/** The outbox's delivery status, e.g. `dead` for the messages that gave up. */
export const OutboxQuery = z.strictObject({ status: z.optional(z.enum(['pending', 'sending', 'sent', 'dead'])) });

export { Decision };
