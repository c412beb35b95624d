// A reminder's buttons (acknowledge, snooze, reassign the coordinator, name who covers): the use case,
// then what the message should now say instead of asking.
import type { ReminderAnswer } from '@samspil/server';
import type { ChatContext } from './context.js';
import type { Coordination } from './coordination.js';

/** Someone by chat user (a user select) or by person (a choice set). */
type Chosen = { userId: string } | { person: string };
/**
 * A reminder's button: reassign names the new coordinator; cover names who covers for someone
 * away (stall.responsible-absent), `away` being a person id from the reminder.
 */
export type NudgeGesture = { kind: 'acknowledge' } | { kind: 'snooze' } | ({ kind: 'reassign' } & Chosen) | ({ kind: 'cover'; away: string } & Chosen);

export class Reminders {
  constructor(
    private readonly context: ChatContext,
    private readonly coordination: Coordination,
  ) {}

  /** A reminder's button: the use case (who may answer is its to check), then what the message should now say. */
  async answer(tenant: string, userId: string, nudgeId: string, reference: string, gesture: NudgeGesture): Promise<string> {
    const { context } = this;
    const t = await context.textsOf(tenant);
    // The button's nudge and case come from the platform's payload: checked, never trusted.
    const name = `nudge.${gesture.kind}`;
    const by = await context.actorFor(tenant, userId, reference, name);
    if (!by.ok) return by.text;
    const { actor } = by;
    const chosen = (g: Chosen) => ('person' in g ? { id: g.person } : context.person(tenant, g.userId));
    if (gesture.kind === 'cover') {
      // The cover's own use case; the stall check it schedules closes the reminder.
      const covering = await chosen(gesture);
      if (!covering) return t.coordinatorUnknown;
      const r = await context.deps.useCases.recordCover(actor, reference, { person: gesture.away, by: covering.id }, name);
      if (!r.ok) return r.reason === 'invalid' ? t.coverSelf : t.noAccess(reference);
      return t.coverSet(reference);
    }
    const target = gesture.kind !== 'reassign' ? undefined : await chosen(gesture);
    const answer: ReminderAnswer = gesture.kind === 'reassign' ? { kind: 'reassign', person: target?.id, reason: 'reassigned from a reminder in chat' } : gesture;
    const r = await context.deps.useCases.answerReminder(actor, nudgeId, { reference, gesture: name }, answer);
    if (!r.ok) {
      if (r.reason === 'forbidden') return t.noAccess(reference);
      if (r.reason === 'nudge-not-found') return t.nudgeClosed;
      if (r.reason === 'invalid') return t.coordinatorUnknown;
      return r.reason === 'not-on-case' ? t.notOnCase : t.noAccess(reference);
    }
    if (gesture.kind === 'acknowledge') return t.acknowledgedBy((await context.format(tenant, [actor.id])).person(actor.id));
    if (gesture.kind === 'snooze') return r.nudge?.snoozedUntil ? t.snoozedUntil(r.nudge.snoozedUntil.slice(0, 10)) : t.nudgeClosed;
    // The outbox redraws the card as well; redrawing now shows it at once (it is idempotent).
    await this.coordination.refreshCard(tenant, reference);
    return t.reassignedTo((await context.format(tenant, [target!.id])).person(target!.id));
  }
}
