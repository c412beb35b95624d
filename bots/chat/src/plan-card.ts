// The plan card of a case, drawn for a coordination's place or for one person who asks:
// the case overview, its suggested coordinator, and the names it shows, read once.
import type { Locale, Meeting } from '@samspil/core';
import { peopleOf, type Actor, type CaseOverview, type ChatPerson } from '@samspil/server';
import type { ChatContext } from './context.js';
import { messages } from './messages.js';
import { meetingFacts } from './meeting-views.js';
import { planCard, type PlanCardModel } from './views.js';

export type CardOrText = { ok: true; card: PlanCardModel } | { ok: false; text: string };

export class PlanCards {
  constructor(private readonly context: ChatContext) {}

  /** The plan card of a case, or what to say when there is none. */
  async card(actor: Actor, reference: string, interactive = true): Promise<CardOrText> {
    const { useCases, db } = this.context.deps;
    const [overview, departmentNames, locale] = await Promise.all([useCases.caseOverview(actor, reference), this.context.departmentNames(actor.tenant), this.context.localeOf(actor.tenant)]);
    if (!overview.ok) return { ok: false, text: messages[locale].noAccess(reference) };
    return this.#draw(actor, reference, overview, departmentNames, locale, interactive, (ids) => peopleOf(db, actor.tenant, this.context.platform.name, ids));
  }

  /**
   * The plan card for a person who asked for it, when they may see the case. Need to know, the
   * case, the people it names, its meetings and the audit entries come in one statement (`status`
   * waits on it).
   */
  async cardFor(tenant: string, person: ChatPerson, reference: string, gesture: string, interactive = true): Promise<CardOrText> {
    const { context } = this;
    const actor = context.actor(tenant, person);
    const notAReference = await context.notAReference(actor, reference, gesture);
    if (notAReference) return { ok: false, text: notAReference };
    const [overview, departmentNames, locale] = await Promise.all([
      context.deps.useCases.caseOverviewFor(actor, reference, gesture, context.platform.name),
      context.departmentNames(tenant),
      context.localeOf(tenant),
    ]);
    if (!overview.ok) return { ok: false, text: messages[locale].noAccess(reference) };
    const named = new Map(overview.people.map((p) => [p.id, p]));
    // The card names the case's coordinator and participants, read with it; only a suggested coordinator from elsewhere is read apart.
    const peopleNamed = async (ids: string[]) => {
      const missing = ids.filter((id) => !named.has(id));
      return [...overview.people, ...(missing.length ? await peopleOf(context.deps.db, tenant, context.platform.name, missing) : [])];
    };
    return this.#draw(actor, reference, overview, departmentNames, locale, interactive, peopleNamed);
  }

  async #draw(
    actor: Actor,
    reference: string,
    overview: CaseOverview & { meetings?: Meeting[] | undefined },
    departmentNames: Record<string, string>,
    locale: Locale,
    interactive: boolean,
    peopleNamed: (ids: string[]) => Promise<ChatPerson[]>,
  ): Promise<CardOrText> {
    const { useCases, now } = this.context.deps;
    // The case's meetings (issue 25): read with the case for one who asked, else read while the rest is drawn.
    const meetingsRead = overview.meetings ? Promise.resolve({ ok: true as const, meetings: overview.meetings }) : useCases.caseMeetings(actor, reference, 'card.meetings');
    meetingsRead.catch(() => undefined); // awaited below; a failure there, not as an unhandled rejection
    const c = overview.case;
    const requester = c.participants[0]?.person;
    const suggestion = !c.coordinator.current && interactive && requester ? await useCases.suggestCoordinator(actor, reference, requester) : undefined;
    // One read of the people the card names: the coordinator, the suggestion, the participants.
    const ids = [c.coordinator.current, suggestion?.ok ? suggestion.person : undefined, ...c.participants.map((p) => p.person)].filter((i): i is string => !!i);
    const people = await peopleNamed([...new Set(ids)]);
    const participantNames = Object.fromEntries(people.map((p) => [p.id, p.name]));
    const input = { ...overview, suggestion: suggestion?.ok ? suggestion : undefined, departmentNames, participantNames, now: now().getTime() };
    const card = planCard(input, this.context.platform.format(people), locale, interactive);
    // The next meeting and the last one's outcome (issue 25), in the municipality's time, as its invitation says.
    const [meetings, calendar] = await Promise.all([meetingsRead, this.context.calendarOf(actor.tenant)]);
    if (meetings.ok) card.facts.push(...meetingFacts(meetings.meetings, now().getTime(), (iso) => calendar.localText(Date.parse(iso)), locale));
    return { ok: true, card };
  }
}
