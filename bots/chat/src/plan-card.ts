// The plan card of a case, drawn for a coordination's place or for one person who asks:
// the case overview, its suggested coordinator, and the names it shows, read once.
import { peopleOf, type Actor, type ChatPerson } from '@samspil/server';
import type { ChatContext } from './context.js';
import { messages } from './messages.js';
import { meetingFacts } from './meeting-views.js';
import { planCard, type PlanCardModel } from './views.js';

/** An instant as `2026-12-10 10:00` in Copenhagen (the card's dates are Copenhagen's, as its follow-ups). */
const localTime = (iso: string) => new Date(iso).toLocaleString('sv-SE', { timeZone: 'Europe/Copenhagen', hour12: false }).slice(0, 16);

export type CardOrText = { ok: true; card: PlanCardModel } | { ok: false; text: string };

export class PlanCards {
  constructor(private readonly context: ChatContext) {}

  /** The plan card of a case, or what to say when there is none. */
  async card(actor: Actor, reference: string, interactive = true): Promise<CardOrText> {
    const { context } = this;
    const { useCases, db, now } = context.deps;
    const [overview, departmentNames, locale, meetings] = await Promise.all([
      useCases.caseOverview(actor, reference),
      context.departmentNames(actor.tenant),
      context.localeOf(actor.tenant),
      useCases.caseMeetings(actor, reference, 'card.meetings'),
    ]);
    if (!overview.ok) return { ok: false, text: messages[locale].noAccess(reference) };
    const c = overview.case;
    const requester = c.participants[0]?.person;
    const suggestion = !c.coordinator.current && interactive && requester ? await useCases.suggestCoordinator(actor, reference, requester) : undefined;
    // One read of the people the card names: the coordinator, the suggestion, the participants.
    const ids = [c.coordinator.current, suggestion?.ok ? suggestion.person : undefined, ...c.participants.map((p) => p.person)].filter((i): i is string => !!i);
    const people = await peopleOf(db, actor.tenant, context.platform.name, [...new Set(ids)]);
    const participantNames = Object.fromEntries(people.map((p) => [p.id, p.name]));
    const input = { ...overview, suggestion: suggestion?.ok ? suggestion : undefined, departmentNames, participantNames, now: now().getTime() };
    const card = planCard(input, context.platform.format(people), locale, interactive);
    // The next meeting and the last one's outcome (issue 25), in the municipality's time (Copenhagen's by default).
    if (meetings.ok) card.facts.push(...meetingFacts(meetings.meetings, now().getTime(), localTime, locale));
    return { ok: true, card };
  }

  /** The plan card for a person who asked for it, when they may see the case. */
  async cardFor(tenant: string, person: ChatPerson, reference: string, gesture: string, interactive = true): Promise<CardOrText> {
    const actor = this.context.actor(tenant, person);
    const refused = await this.context.refusal(actor, reference, gesture);
    return refused ? { ok: false, text: refused } : this.card(actor, reference, interactive);
  }
}
