// A reminder's buttons (acknowledge, snooze, reassign the coordinator): the use case,
// then what the message should now say instead of asking.
import type { ReminderAnswer } from '@samspil/server';
import type { ChatContext } from './context.js';
import type { Coordination } from './coordination.js';

/** A reminder's button; reassign names the new coordinator by chat user (a user select) or person (a choice set). */
export type NudgeGesture = { kind: 'acknowledge' } | { kind: 'snooze' } | { kind: 'reassign'; userId: string } | { kind: 'reassign'; person: string };

export class Reminders {
  constructor(
    private readonly context: ChatContext,
    private readonly coordination: Coordination,
  ) {}

  /** A reminder's button: the use case (who may answer is its to check), then what the message should now say. */
  async answer(tenant: string, userId: string, nudgeId: string, reference: string, gesture: NudgeGesture): Promise<string> {
    const { context } = this;
    const t = await context.textsOf(tenant);
    const person = await context.person(tenant, userId);
    if (!person) return t.notLinked;
    const actor = context.actor(tenant, person);
    // The button's nudge and case come from the platform's payload: checked, never trusted.
    const name = `nudge.${gesture.kind}`;
    const refused = await context.notAReference(actor, reference, name);
    if (refused) return refused;
    const target = gesture.kind !== 'reassign' ? undefined : 'person' in gesture ? { id: gesture.person } : await context.person(tenant, gesture.userId);
    const answer: ReminderAnswer = gesture.kind === 'reassign' ? { kind: 'reassign', person: target?.id, reason: 'reassigned from a reminder in chat' } : gesture;
    const r = await context.deps.useCases.answerReminder(actor, nudgeId, { reference, gesture: name }, answer);
    if (!r.ok) {
      if (r.reason === 'forbidden') return t.noAccess(reference);
      if (r.reason === 'nudge-not-found') return t.nudgeClosed;
      if (r.reason === 'invalid') return t.coordinatorUnknown;
      return r.reason === 'not-on-case' ? t.notOnCase : t.noAccess(reference);
    }
    if (gesture.kind === 'acknowledge') return t.acknowledgedBy((await context.format(tenant, [person.id])).person(person.id));
    if (gesture.kind === 'snooze') return r.nudge?.snoozedUntil ? t.snoozedUntil(r.nudge.snoozedUntil.slice(0, 10)) : t.nudgeClosed;
    // The outbox redraws the card as well; redrawing now shows it at once (it is idempotent).
    await this.coordination.refreshCard(tenant, reference);
    return t.reassignedTo((await context.format(tenant, [target!.id])).person(target!.id));
  }
}
