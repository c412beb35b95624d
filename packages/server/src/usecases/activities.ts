// What the vendor's system reports of a case (decisions asked and taken, meetings held, an
// intervention's status, a new caseworker and their take-over). Each moves the stall clock but a
// change of caseworker and its take-over (core's movesActivityClock): a change is a risk, not progress.
import type { Participant } from '@samspil/core';
import { actorName, audit, type Actor } from '../store/audit.js';
import { caseIdOf, changeCaseworker, recordActivity as storeActivity, requestDecision, takeDecision } from '../store/cases.js';
import { notifyThreads } from '../store/outbox.js';
import { noCase, personRefusal, refuse, type Outcome, type UseCaseDeps } from './outcome.js';

/** An activity as reported; what is not a decision or a caseworker is kept as its detail. */
export type Activity = { occurredAt?: string | undefined } & (
  | { kind: 'decision-requested'; decision: { id: string; department: string } }
  | { kind: 'decision-taken'; decision: { id: string } }
  | { kind: 'caseworker-changed'; participant: Participant; previous?: string | undefined; previousStaysInformed?: boolean | undefined }
  | { kind: 'caseworker-took-over'; by?: string | undefined }
  | { kind: 'meeting-held' | 'intervention-status-changed'; [detail: string]: unknown }
);

/** How far ahead of our clock an activity may be dated: a clock a little ahead is allowed for. */
const AHEAD_MS = 5 * 60_000;

/** Records an activity; an activity in the future would hold off the stall clock, so it is refused. */
export async function recordActivity(deps: UseCaseDeps, actor: Actor, reference: string, activity: Activity, gesture = 'activity'): Promise<Outcome<{ kind: string; occurredAt: Date }>> {
  const { db, now } = deps;
  const at = activity.occurredAt ? new Date(activity.occurredAt) : now();
  if (at.getTime() > now().getTime() + AHEAD_MS) return refuse('invalid', 'must not lie in the future (more than 5 minutes ahead)', { field: 'occurredAt' });
  const refused = await personRefusal(deps, actor, reference, gesture);
  if (refused) return refused;
  const caseId = await caseIdOf(db, actor.tenant, reference);
  if (!caseId) return noCase(reference);
  await db.transaction(async (tx) => {
    if (activity.kind === 'decision-requested') await requestDecision(tx, caseId, activity.decision, at);
    else if (activity.kind === 'decision-taken') await takeDecision(tx, caseId, activity.decision.id, at);
    else if (activity.kind === 'caseworker-changed') {
      await changeCaseworker(tx, caseId, activity.participant, activity.previous, activity.previousStaysInformed ?? false);
      // The card in the case's places shows the new caseworker.
      await notifyThreads(tx, caseId, 'card', now(), { reason: 'handover' });
    }
    const { kind, occurredAt: _, ...detail } = activity;
    await storeActivity(tx, caseId, kind, at, actorName(actor), detail);
    await audit(tx, actor, 'activity.record', reference, { kind });
  });
  return { ok: true, kind: activity.kind, occurredAt: at };
}
