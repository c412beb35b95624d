// A stall's nudges: listed as stalled cases, acknowledged or snoozed (their ladder stops), or
// answered from a reminder in chat by someone on its ladder, a new coordinator included.
import { audit, type Actor } from '../store/audit.js';
import { isSerialId } from '../store/db.js';
import { answerNudge, stalledCases as storeStalled, type StalledFilter } from '../store/nudges.js';
import { tenantCalendar } from '../store/tenants.js';
import type { NudgeView, StalledCase } from '../views.js';
import { assignCoordinator } from './cases.js';
import { refuse, type Outcome, type UseCaseDeps } from './outcome.js';

/**
 * Stalled cases (those with open or snoozed nudges) with their reasons, oldest first
 * within a case; filtered by coordinator, by the coordinator's team, or by `member`: cases whose coordinator or a participant is in that person's team or
 * led by that person (what a caseworker or team lead calls "my team's cases"); with `viewer`, only the cases that person has a part in.
 */
export async function stalledCases({ db }: UseCaseDeps, actor: Actor, filter: StalledFilter, audited = true): Promise<StalledCase[]> {
  const cases = await storeStalled(db, actor.tenant, filter);
  if (audited) await audit(db, actor, 'stalled.list', null, { count: cases.length, ...filter });
  return cases;
}

/** Acknowledges a nudge: its escalation ladder stops. */
export async function acknowledgeNudge(deps: UseCaseDeps, actor: Actor, nudgeId: string): Promise<Outcome<{ nudge: NudgeView }>> {
  return answer(deps, actor, nudgeId, { acknowledgedAt: deps.now() }, 'nudge.acknowledge');
}

/** Snoozes a nudge for `businessDays` business days (default 3): no reminder or escalation until then. */
export async function snoozeNudge(deps: UseCaseDeps, actor: Actor, nudgeId: string, businessDays = 3): Promise<Outcome<{ nudge: NudgeView }>> {
  const calendar = await tenantCalendar(deps.db, actor.tenant);
  const day = calendar.addBusinessDays(calendar.localDay(deps.now().getTime()), businessDays);
  const until = new Date(calendar.nextWorkingMoment(calendar.startOfDay(day))); // the start of that day's working hours
  return answer(deps, actor, nudgeId, { snoozedUntil: until }, 'nudge.snooze');
}

/** The button a reminder was answered with: its case, from the platform's payload, and the gesture's name. */
export interface ReminderButton {
  reference: string;
  gesture: string;
}

/** A reminder's answer, from chat. */
export type ReminderAnswer = { kind: 'acknowledge' } | { kind: 'snooze' } | { kind: 'reassign'; person: string | undefined; reason: string };

/**
 * A reminder answered by a person in chat: only its recipient and the others on its case's
 * ladder, with a part in the case, and only for the case the button names (a forged one is
 * refused, audited). A new coordinator settles the reminder.
 */
export async function answerReminder(deps: UseCaseDeps, actor: Actor, nudgeId: string, button: ReminderButton, given: ReminderAnswer): Promise<Outcome<{ nudge?: NudgeView }>> {
  if (!(await deps.policy.mayAnswerNudge(actor, nudgeId, button.reference, button.gesture))) return refuse('forbidden', `no access to case ${JSON.stringify(button.reference)}, or it does not exist`);
  if (given.kind === 'acknowledge') return acknowledgeNudge(deps, actor, nudgeId);
  if (given.kind === 'snooze') return snoozeNudge(deps, actor, nudgeId, 3);
  // A person the platform could not name (after the ladder: a forged button is refused as such).
  if (given.person === undefined) return refuse('invalid', 'no such person', { field: 'person' });
  const assigned = await assignCoordinator(deps, actor, button.reference, given.person, given.reason, button.gesture);
  if (!assigned.ok) return assigned;
  // The new coordinator answers for the case now: this reminder is settled.
  await acknowledgeNudge(deps, actor, nudgeId);
  return { ok: true };
}

async function answer({ db }: UseCaseDeps, actor: Actor, nudgeId: string, given: Parameters<typeof answerNudge>[3], action: string): Promise<Outcome<{ nudge: NudgeView }>> {
  if (!isSerialId(nudgeId)) return refuse('nudge-not-found', `no nudge ${nudgeId}`);
  return db.transaction(async (tx) => {
    const nudge = await answerNudge(tx, actor.tenant, nudgeId, given);
    if (!nudge) return refuse('nudge-not-found', `no open nudge ${nudgeId}`);
    await audit(tx, actor, action, nudge.caseReference, { nudge: nudgeId });
    return { ok: true, nudge };
  });
}
