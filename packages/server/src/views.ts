// What the service hands out besides core's documents: nudges, stalled cases, outbox
// entries, audit entries and survey summaries. One schema each: the store and the use
// cases build these, the API declares them as its responses (and so documents them).
import * as z from 'zod/mini';

const Instant = z.string();

/** A reminder of a stalled case: codes, ids and dates, no free text. */
export const NudgeView = z.object({
  id: z.string(),
  caseReference: z.string(),
  /** The stall rule's code, e.g. `stall.no-activity`. */
  reason: z.string(),
  /** What the reason is about (an intervention's or a decision's id), or ''. */
  subject: z.string(),
  since: Instant,
  /** 0: the coordinator; 1: the team lead; 2: the head of department. */
  step: z.int(),
  status: z.enum(['open', 'acknowledged', 'snoozed', 'closed']),
  recipient: z.nullable(z.string()),
  snoozedUntil: z.nullable(Instant),
});
export type NudgeView = z.infer<typeof NudgeView>;

export const StalledCase = z.object({ reference: z.string(), coordinator: z.nullable(z.string()), reasons: z.array(NudgeView) });
export type StalledCase = z.infer<typeof StalledCase>;

/** A message to chat and its delivery; never its payload. */
export const OutboxEntry = z.object({
  id: z.string(),
  kind: z.string(),
  recipient: z.string(),
  status: z.enum(['pending', 'sending', 'sent', 'dead']),
  attempts: z.int(),
  lastError: z.nullable(z.string()),
  nextAttemptAt: Instant,
  createdAt: Instant,
  sentAt: z.nullable(Instant),
});
export type OutboxEntry = z.infer<typeof OutboxEntry>;

export const AuditEntry = z.object({
  actor: z.string(),
  actorKind: z.enum(['api-key', 'widget', 'citizen', 'chat', 'system', 'operator', 'respondent']),
  action: z.string(),
  caseReference: z.nullable(z.string()),
  at: Instant,
  detail: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const SurveySummary = z.object({ id: z.string(), name: z.string(), waves: z.array(z.string()), ratings: z.int(), uploadedAt: Instant });
export type SurveySummary = z.infer<typeof SurveySummary>;

/** A group of an RC wave: its members, and how many answered only when at least k did. */
export const WaveGroupView = z.object({ name: z.string(), members: z.int(), answered: z.nullable(z.int()), suppressed: z.boolean() });
export type WaveGroupView = z.infer<typeof WaveGroupView>;

/** An RC measurement wave: never who answered or what. */
export const WaveView = z.object({
  id: z.string(),
  name: z.string(),
  opensAt: Instant,
  closesAt: Instant,
  k: z.int(),
  /** Dimensions a rating needs answered to count in the score. */
  minItems: z.int(),
  state: z.enum(['open', 'closed']),
  /** The person who started it and gets its digest. */
  startedBy: z.nullable(z.string()),
  /** The survey holding its result once closed (GET /rc-surveys/{id}/results?wave=<name>). */
  surveyId: z.nullable(z.string()),
  groups: z.array(WaveGroupView),
  pairs: z.array(z.object({ rater: z.string(), rated: z.string() })),
  createdAt: Instant,
  closedAt: z.nullable(Instant),
});
export type WaveView = z.infer<typeof WaveView>;
