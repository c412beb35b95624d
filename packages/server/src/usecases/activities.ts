// What the vendor's system reports of a case (decisions asked and taken, meetings held, an
// intervention's status, a new caseworker and their take-over). Each moves the stall clock but a
// change of caseworker and its take-over (core's movesActivityClock): a change is a risk, not progress.
import { decisionDepartments, type Participant } from '@samspil/core';
import { actorName, audit, type Actor } from '../store/audit.js';
import { caseIdOf, changeCaseworker, findCase, recordActivity as storeActivity, requestDecision, takeDecision } from '../store/cases.js';
import { enqueue, notifyThreads } from '../store/outbox.js';
import { tenantCalendar } from '../store/tenants.js';
import { nextWorkingMoment } from '../working-hours.js';
import { findPeople } from '../store/organisation.js';
import { noCase, personRefusal, refuse, type Outcome, type UseCaseDeps } from './outcome.js';

/** An activity as reported; what is not a decision or a caseworker is kept as its detail. */
export type Activity = { occurredAt?: string | undefined } & (
  | { kind: 'decision-requested'; decision: { id: string; department?: string | undefined; departments?: string[] | undefined } }
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
    // The old single `department` is read as one (core's decisionDepartments).
    if (activity.kind === 'decision-requested') await requestDecision(tx, caseId, { id: activity.decision.id, departments: decisionDepartments(activity.decision) }, at);
    else if (activity.kind === 'decision-taken') await takeDecision(tx, caseId, activity.decision.id, at);
    else if (activity.kind === 'caseworker-changed') {
      await changeCaseworker(tx, caseId, activity.participant, activity.previous, activity.previousStaysInformed ?? false);
      // The card in the case's places shows the new caseworker; the new caseworker is asked to take the case over, in working hours.
      await notifyThreads(tx, caseId, 'card', now(), { reason: 'handover' });
      const person = activity.participant.person;
      await enqueue(tx, actor.tenant, 'handover', person, `handover:${caseId}:${person}:${at.getTime()}`, nextWorkingMoment(now(), await tenantCalendar(tx, actor.tenant)), { caseReference: reference });
    }
    const { kind, occurredAt: _, ...detail } = activity;
    await storeActivity(tx, caseId, kind, at, actorName(actor), detail);
    await audit(tx, actor, 'activity.record', reference, { kind });
  });
  return { ok: true, kind: activity.kind, occurredAt: at };
}

/**
 * Chat's `skift SAG @ny` / `handover SAG @new`: the case's plan coordinator hands that department's
 * caseworker role to `person` (their department is the one whose caseworker is replaced); the one
 * before leaves. A change of caseworker recorded as the API records one.
 */
export async function handOver(deps: UseCaseDeps, actor: Actor, reference: string, person: string, gesture = 'handover'): Promise<Outcome<{ kind: string; occurredAt: Date; previous?: string }>> {
  const refused = await personRefusal(deps, actor, reference, gesture);
  if (refused) return refused;
  const stored = await findCase(deps.db, actor.tenant, reference);
  if (!stored) return noCase(reference);
  if (actor.kind === 'chat' && stored.case.coordinator.current !== actor.id) {
    await deps.policy.denied(actor, reference, `${gesture}: only the plan coordinator hands a case over`);
    return refuse('forbidden', 'only the plan coordinator hands the case over to a new caseworker');
  }
  const [next] = await findPeople(deps.db, actor.tenant, [person]);
  if (!next) return refuse('invalid', `no person ${person} in the organisation`, { field: 'person' });
  const previous = stored.case.participants.find((p) => p.department === next.department && p.role === 'caseworker' && p.person !== person)?.person;
  const r = await recordActivity(deps, actor, reference, { kind: 'caseworker-changed', participant: { person, department: next.department, role: 'caseworker' }, ...(previous ? { previous } : {}) }, gesture);
  return r.ok && previous ? { ...r, previous } : r;
}

/** The new caseworker takes the case over (chat's button or command): every handover to them ends. */
export async function takeOver(deps: UseCaseDeps, actor: Actor, reference: string, gesture = 'take-over'): Promise<Outcome<{ kind: string; occurredAt: Date }>> {
  if (actor.kind !== 'chat') return refuse('invalid', 'a take-over is recorded by the person taking over');
  return recordActivity(deps, actor, reference, { kind: 'caseworker-took-over', by: actor.id }, gesture);
}
