// The privacy check both adapters' tests run over everything their app sent: a chat
// message carries case references, plan structure, statuses and links, never a CPR
// number or the citizen's data (name, words, the caseworkers' notes).
import { hasCpr, type Plan } from '@samspil/core';

/** The problems in what was sent, one line each; empty when it is clean. */
export function personalDataIn(sent: readonly unknown[], forbidden: readonly string[]): string[] {
  const problems: string[] = [];
  for (const message of sent) {
    const text = typeof message === 'string' ? message : JSON.stringify(message);
    if (hasCpr(text)) problems.push(`a CPR number in ${text.slice(0, 200)}`);
    for (const f of forbidden) if (f && text.includes(f)) problems.push(`"${f}" in ${text.slice(0, 200)}`);
  }
  return problems;
}

/** What the adapters' tests plant in a plan: a citizen's name and CPR number, and a diagnosis in a note. */
export const PLANTED = { name: 'Karen Testborger', cpr: '010203-1234', diagnosis: 'depression' } as const;

export function withPlantedPersonalData<P extends Pick<Plan, 'citizenWishes' | 'overallGoal'>>(plan: P): P {
  return {
    ...plan,
    citizenWishes: `${PLANTED.name} (${PLANTED.cpr}) vil gerne arbejde med dyr.`,
    overallGoal: { ...plan.overallGoal, description: `Noter: ${PLANTED.name} har ${PLANTED.diagnosis}` },
  };
}

/** A plan's content that must never reach chat: the citizen's words, the goal's description, the titles and criteria. */
export function personalDataOf(plan: Plan): string[] {
  return [
    PLANTED.name,
    PLANTED.diagnosis,
    plan.citizenWishes,
    plan.overallGoal.description,
    ...plan.subGoals.flatMap((g) => [g.title, g.criterion]),
    ...plan.interventions.map((iv) => iv.title),
  ].filter((s): s is string => typeof s === 'string' && s.length > 0);
}
