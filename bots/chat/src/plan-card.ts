// The plan card of a case, drawn for a coordination's place or for one person who asks:
// the case overview, its suggested coordinator, and the names it shows, read once.
import { peopleOf, type Actor, type ChatPerson } from '@samspil/server';
import type { ChatContext } from './context.js';
import { messages } from './messages.js';
import { planCard, type PlanCardModel } from './views.js';

export type CardOrText = { ok: true; card: PlanCardModel } | { ok: false; text: string };

export class PlanCards {
  constructor(private readonly context: ChatContext) {}

  /** The plan card of a case, or what to say when there is none. */
  async card(actor: Actor, reference: string, interactive = true): Promise<CardOrText> {
    const { context } = this;
    const { useCases, db, now } = context.deps;
    const [overview, departmentNames, locale] = await Promise.all([useCases.caseOverview(actor, reference), context.departmentNames(actor.tenant), context.localeOf(actor.tenant)]);
    if (!overview.ok) return { ok: false, text: messages[locale].noAccess(reference) };
    const c = overview.case;
    const requester = c.participants[0]?.person;
    const suggestion = !c.coordinator.current && interactive && requester ? await useCases.suggestCoordinator(actor, reference, requester) : undefined;
    // One read of the people the card names: the coordinator, the suggestion, the participants.
    const ids = [c.coordinator.current, suggestion?.ok ? suggestion.person : undefined, ...c.participants.map((p) => p.person)].filter((i): i is string => !!i);
    const people = await peopleOf(db, actor.tenant, context.platform.name, [...new Set(ids)]);
    const participantNames = Object.fromEntries(people.map((p) => [p.id, p.name]));
    const input = { ...overview, suggestion: suggestion?.ok ? suggestion : undefined, departmentNames, participantNames, now: now().getTime() };
    return { ok: true, card: planCard(input, context.platform.format(people), locale, interactive) };
  }

  /** The plan card for a person who asked for it, when they may see the case. */
  async cardFor(tenant: string, person: ChatPerson, reference: string, gesture: string, interactive = true): Promise<CardOrText> {
    const actor = this.context.actor(tenant, person);
    const refused = await this.context.refusal(actor, reference, gesture);
    return refused ? { ok: false, text: refused } : this.card(actor, reference, interactive);
  }
}
