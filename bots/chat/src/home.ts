// A person's home page in the app: their cases as coordinator, stalled first; for team
// leads, the team's stalled cases.
import type { ChatContext } from './context.js';
import { messages } from './messages.js';
import { homeModel, type TextModel } from './views.js';

export async function homePage(context: ChatContext, tenant: string, userId: string): Promise<TextModel> {
  const locale = await context.localeOf(tenant);
  const person = await context.person(tenant, userId);
  if (!person) return { title: messages[locale].homeMine, sections: [], note: messages[locale].notLinked };
  const { useCases } = context.deps;
  const actor = context.actor(tenant, person);
  const mine = await useCases.casesCoordinatedBy(actor, person.id);
  const team = person.leads ? await useCases.stalledCases(actor, { member: person.id, viewer: person.id }) : undefined;
  return homeModel(mine, team, await context.format(tenant, (team ?? []).map((s) => s.coordinator)), locale);
}
