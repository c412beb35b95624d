// Consent (or another legal basis): given, and withdrawn, which closes the coordination,
// stops its nudges and tells the chat threads.
import type { Case, Consent } from '@samspil/core';
import { actorName, audit, type Actor } from '../store/audit.js';
import { closeCoordination, findCase, recordActivity, recordConsent } from '../store/cases.js';
import { closeNudges } from '../store/nudges.js';
import { dropPendingOfCase, notifyThreads } from '../store/outbox.js';
import { noCase, refuse, type Outcome, type Refusal, type UseCaseDeps } from './outcome.js';

/** Records consent or another legal basis. */
export async function giveConsent({ db, now }: UseCaseDeps, actor: Actor, reference: string, consent: Consent): Promise<Outcome<{ case: Case }>> {
  const stored = await findCase(db, actor.tenant, reference);
  if (!stored) return noCase(reference);
  await db.transaction(async (tx) => {
    await recordConsent(tx, stored.id, consent);
    await recordActivity(tx, stored.id, 'consent-given', now(), actorName(actor));
    await audit(tx, actor, 'consent.give', reference, { basis: consent.basis });
  });
  return { ok: true, case: (await findCase(db, actor.tenant, reference))!.case };
}

/** Withdraws consent: the coordination closes and its nudges stop. */
export async function withdrawConsent({ db, now }: UseCaseDeps, actor: Actor, reference: string, at?: string): Promise<Outcome<{ case: Case }>> {
  const when = at ?? now().toISOString();
  const result = await db.transaction(async (tx): Promise<Refusal | undefined> => {
    const stored = await findCase(tx, actor.tenant, reference);
    if (!stored) return noCase(reference);
    const current = stored.case.consent;
    if (!current) return refuse('no-consent', 'the case has no consent to withdraw');
    await recordConsent(tx, stored.id, current.basis === 'consent' ? { ...current, withdrawnAt: when } : { ...current, endedAt: when });
    await closeCoordination(tx, stored.id);
    await closeNudges(tx, stored.id, undefined, now());
    await dropPendingOfCase(tx, actor.tenant, stored.id, 'consent withdrawn');
    // After the line above, which would otherwise drop it: the chat threads hear of it and close.
    await notifyThreads(tx, stored.id, 'closed', now(), { reason: 'consent-withdrawn' });
    await recordActivity(tx, stored.id, 'consent-withdrawn', new Date(when), actorName(actor));
    await audit(tx, actor, 'consent.withdraw', reference);
    return undefined;
  });
  if (result) return result;
  return { ok: true, case: (await findCase(db, actor.tenant, reference))!.case };
}
