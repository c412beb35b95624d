// A case's participants, replaced as the vendor's system knows them.
import type { Case, Participant } from '@samspil/core';
import { actorName, audit, type Actor } from '../store/audit.js';
import { caseIdOf, findCase, recordActivity, upsertCase } from '../store/cases.js';
import { noCase, type Outcome, type UseCaseDeps } from './outcome.js';

/** Replaces the participants. */
export async function setParticipants({ db, now }: UseCaseDeps, actor: Actor, reference: string, participants: Participant[]): Promise<Outcome<{ case: Case }>> {
  const caseId = await caseIdOf(db, actor.tenant, reference);
  if (!caseId) return noCase(reference);
  const at = now();
  await db.transaction(async (tx) => {
    await upsertCase(tx, actor.tenant, reference, { participants }, at);
    await recordActivity(tx, caseId, 'participants-changed', at, actorName(actor));
    await audit(tx, actor, 'participants.write', reference, { count: participants.length });
  });
  return { ok: true, case: (await findCase(db, actor.tenant, reference))!.case };
}
