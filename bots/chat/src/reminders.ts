// A reminder's buttons (acknowledge, snooze, reassign the coordinator): the use case,
// then what the message should now say instead of asking.
import type { ChatContext } from './context.js';
import type { Coordination } from './coordination.js';

/** A reminder's button; reassign names the new coordinator by chat user (a user select) or person (a choice set). */
export type NudgeGesture = { kind: 'acknowledge' } | { kind: 'snooze' } | { kind: 'reassign'; userId: string } | { kind: 'reassign'; person: string };

export class Reminders {
  constructor(
    private readonly context: ChatContext,
    private readonly coordination: Coordination,
  ) {}

  /** A reminder's button: the use case, then what the message should now say. */
  async answer(tenant: string, userId: string, nudgeId: string, reference: string, gesture: NudgeGesture): Promise<string> {
    const { context } = this;
    const { policy, useCases } = context.deps;
    const t = await context.textsOf(tenant);
    const person = await context.person(tenant, userId);
    if (!person) return t.notLinked;
    const actor = context.actor(tenant, person);
    // The button's nudge and case come from the platform's payload: checked, never trusted.
    // (mayAnswerNudge checks the person's part in the case itself.)
    const name = `nudge.${gesture.kind}`;
    const refused = await context.notAReference(actor, reference, name);
    if (refused) return refused;
    if (!(await policy.mayAnswerNudge(actor, nudgeId, reference, name))) return t.noAccess(reference);
    const f = await context.format(tenant, [person.id]);
    if (gesture.kind === 'acknowledge') {
      const r = await useCases.acknowledgeNudge(actor, nudgeId);
      return r.ok ? t.acknowledgedBy(f.person(person.id)) : t.nudgeClosed;
    }
    if (gesture.kind === 'snooze') {
      const r = await useCases.snoozeNudge(actor, nudgeId, 3);
      return r.ok && r.nudge.snoozedUntil ? t.snoozedUntil(r.nudge.snoozedUntil.slice(0, 10)) : t.nudgeClosed;
    }
    const target = 'person' in gesture ? { id: gesture.person } : await context.person(tenant, gesture.userId);
    if (!target) return t.coordinatorUnknown;
    const assigned = await this.coordination.assignPerson(tenant, person, reference, target, 'reassigned from a reminder in chat', name);
    if (!assigned.ok) return assigned.text;
    // The new coordinator answers for the case now: this reminder is settled.
    await useCases.acknowledgeNudge(actor, nudgeId);
    return t.reassignedTo((await context.format(tenant, [target.id])).person(target.id));
  }
}
