// Who covers for someone away who carries a responsibility on a case (an intervention's owner, its
// accountable or responsible in the collaboration agreement, the coordinator): named by the team
// lead, from chat's button or through the API. A cover in force ends `stall.responsible-absent`.
import type { Cover } from '@samspil/core';
import { audit, type Actor } from '../store/audit.js';
import { caseIdOf, scheduleCheck } from '../store/cases.js';
import { recordCover as storeCover } from '../store/covers.js';
import { noCase, personRefusal, refuse, type Outcome, type UseCaseDeps } from './outcome.js';

export type CoverInput = Omit<Cover, 'from'> & { from?: string | undefined };

/** Records a cover (from now unless `from` says otherwise); the case is looked at again at once. */
export async function recordCover(deps: UseCaseDeps, actor: Actor, reference: string, input: CoverInput, gesture = 'cover'): Promise<Outcome<{ cover: Cover }>> {
  if (input.person === input.by) return refuse('invalid', 'must name someone else than the person away', { field: 'by' });
  const refused = await personRefusal(deps, actor, reference, gesture);
  if (refused) return refused;
  const caseId = await caseIdOf(deps.db, actor.tenant, reference);
  if (!caseId) return noCase(reference);
  const at = deps.now();
  const cover: Cover = { ...input, from: input.from ?? at.toISOString() };
  await deps.db.transaction(async (tx) => {
    await storeCover(tx, caseId, cover);
    await scheduleCheck(tx, caseId, at);
    await audit(tx, actor, 'cover.record', reference, { person: cover.person, by: cover.by, ...(cover.intervention ? { intervention: cover.intervention } : {}) });
  });
  return { ok: true, cover };
}
