import * as z from 'zod/mini';
import { Participant } from './case.js';
import { Id, IsoDateTime } from './primitives.js';
import type { Handover } from './stall.js';

/**
 * A change of caseworker: the new caseworker (`participant`), perhaps the one before, and whether
 * the one before stays informed. It opens a handover that the new caseworker has to take over.
 */
export const CaseworkerChanged = z.object({
  kind: z.literal('caseworker-changed'),
  occurredAt: z.optional(IsoDateTime),
  participant: Participant,
  previous: z.optional(Id),
  /** The previous caseworker stays on the case, informed, after the change. */
  previousStaysInformed: z._default(z.boolean(), false),
});
export type CaseworkerChanged = z.infer<typeof CaseworkerChanged>;

/** The new caseworker has taken the case over; `by` names them, else every open handover is taken over. */
export const CaseworkerTookOver = z.object({
  kind: z.literal('caseworker-took-over'),
  occurredAt: z.optional(IsoDateTime),
  by: z.optional(Id),
});
export type CaseworkerTookOver = z.infer<typeof CaseworkerTookOver>;

/**
 * Activities that are not progress on the case and so leave the no-activity clock where it was:
 * a change of caseworker is a risk, never progress, and so are the participant writes it causes
 * and the take-over that ends it.
 */
export const CLOCK_NEUTRAL_ACTIVITY_KINDS = ['caseworker-changed', 'caseworker-took-over', 'participants-changed'] as const;

/** Whether an activity of this kind moves the case's `lastActivityAt` (the no-activity clock). */
export function movesActivityClock(kind: string): boolean {
  return !(CLOCK_NEUTRAL_ACTIVITY_KINDS as readonly string[]).includes(kind);
}

/** An activity as the service recorded it: its kind, when, the person who did it (when known) and, for a change, its body. */
export interface RecordedActivity {
  kind: string;
  occurredAt: string;
  /** The person (id) who did it. */
  by?: string;
  participant?: Participant;
  previous?: string;
  previousStaysInformed?: boolean;
}

/**
 * The case's handovers from its activities (any order): each change of caseworker, taken over by
 * the new caseworker's first activity after it, or by an explicit take-over (naming them, or
 * naming nobody: then every open handover).
 */
export function handoversOf(activities: readonly RecordedActivity[]): Handover[] {
  const out: Handover[] = [];
  for (const a of [...activities].sort((x, y) => Date.parse(x.occurredAt) - Date.parse(y.occurredAt))) {
    if (a.kind === 'caseworker-changed' && a.participant) {
      out.push({ participant: a.participant, ...(a.previous ? { previous: a.previous } : {}), previousStaysInformed: a.previousStaysInformed ?? false, changedAt: a.occurredAt });
      continue;
    }
    const at = Date.parse(a.occurredAt);
    for (const h of out) {
      const byThem = a.by === undefined ? a.kind === 'caseworker-took-over' : a.by === h.participant.person;
      if (!h.takenOverAt && byThem && at >= Date.parse(h.changedAt)) h.takenOverAt = a.occurredAt;
    }
  }
  return out;
}
