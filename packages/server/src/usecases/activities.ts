// What the vendor's system reports of a case (decisions asked and taken, meetings held, an
// intervention's status, a new caseworker): each moves the stall clock.
import type { Participant } from '@samspil/core';
import { actorName, audit, type Actor } from '../store/audit.js';
import { caseIdOf, changeCaseworker, recordActivity as storeActivity, requestDecision, takeDecision } from '../store/cases.js';
import { noCase, refuse, type Outcome, type UseCaseDeps } from './outcome.js';

/** An activity as reported; what is not a decision or a caseworker is kept as its detail. */
export type Activity = { occurredAt?: string | undefined } & (
  | { kind: 'decision-requested'; decision: { id: string; department: string } }
  | { kind: 'decision-taken'; decision: { id: string } }
  | { kind: 'caseworker-changed'; participant: Participant }
  | { kind: 'meeting-held' | 'intervention-status-changed'; [detail: string]: unknown }
);

/** How far ahead of our clock an activity may be dated: a clock a little ahead is allowed for. */
const AHEAD_MS = 5 * 60_000;

/** Records an activity; an activity in the future would hold off the stall clock, so it is refused. */
export async function recordActivity({ db, now }: UseCaseDeps, actor: Actor, reference: string, activity: Activity): Promise<Outcome<{ kind: string; occurredAt: Date }>> {
  const at = activity.occurredAt ? new Date(activity.occurredAt) : now();
  if (at.getTime() > now().getTime() + AHEAD_MS) return refuse('invalid', 'must not lie in the future (more than 5 minutes ahead)', { field: 'occurredAt' });
  const caseId = await caseIdOf(db, actor.tenant, reference);
  if (!caseId) return noCase(reference);
  await db.transaction(async (tx) => {
    if (activity.kind === 'decision-requested') await requestDecision(tx, caseId, activity.decision, at);
    else if (activity.kind === 'decision-taken') await takeDecision(tx, caseId, activity.decision.id, at);
    else if (activity.kind === 'caseworker-changed') await changeCaseworker(tx, caseId, activity.participant);
    const { kind, occurredAt: _, ...detail } = activity;
    await storeActivity(tx, caseId, kind, at, actorName(actor), detail);
    await audit(tx, actor, 'activity.record', reference, { kind });
  });
  return { ok: true, kind: activity.kind, occurredAt: at };
}
