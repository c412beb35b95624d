// Erasing a case: what the law says must go goes, in one transaction; the audit log keeps
// the fact (and the case's earlier entries) under a keyed hash of the reference. A coordination
// reached by several case references (issue 26) is erased one reference at a time: erasing
// through one unlinks it and erases what came only through it; the last takes the coordination.
import { createHmac } from 'node:crypto';
import { audit, type Actor } from '../store/audit.js';
import { caseIdOf, chatPlacesOf, eraseCaseData, eraseReferenceTraces } from '../store/cases.js';
import type { Db } from '../store/db.js';
import { enqueue } from '../store/outbox.js';
import { eraseReference, everyReferenceOf, linkedCount } from '../store/references.js';
import { noCase, type Outcome, type UseCaseDeps } from './outcome.js';

/** The key of the audit log's pseudonyms, derived from the token secret (the same on every instance). */
export const pseudonymKey = (tokenSecret: string): string => createHmac('sha256', tokenSecret).update('samspil audit pseudonyms').digest('base64url');

/**
 * What stands for an erased case's reference in the audit log: the same reference gives the
 * same pseudonym (the log still shows which entries were one case), and without the key it
 * cannot be turned back into the reference.
 */
export const pseudonymOf = (key: string, tenant: string, reference: string): string => `erased:${createHmac('sha256', key).update(`${tenant}\n${reference}`).digest('base64url').slice(0, 22)}`;

/** Erases the tenant's case `reference`, in one transaction. */
export async function eraseCase({ db, now }: UseCaseDeps, actor: Actor, reference: string, key: string): Promise<Outcome<object>> {
  return (await db.transaction((tx) => erase(tx, actor, reference, key, now()))) ? { ok: true } : noCase(reference);
}

/**
 * Erases the tenant's case `reference` within `tx` (false when there is none); the scheduler's
 * retention erases many in one turn. When the coordination has other references linked, only
 * this one goes: its rows, the participants that came only through its system, the outbox rows
 * and audit entries that name it. Otherwise the coordination goes with every reference it ever
 * had, and each open place in chat gets a neutral notice and is closed, through the outbox, by
 * the platform's ids alone.
 */
export async function erase(tx: Db, actor: Actor, reference: string, key: string, now: Date): Promise<boolean> {
  const caseId = await caseIdOf(tx, actor.tenant, reference);
  if (!caseId) return false;
  const pseudonym = pseudonymOf(key, actor.tenant, reference);
  if ((await linkedCount(tx, caseId)) > 1) {
    await eraseReference(tx, actor.tenant, caseId, reference, now);
    await eraseReferenceTraces(tx, actor.tenant, [{ reference, pseudonym }]);
    await audit(tx, actor, 'case.erase', pseudonym, { unlinked: true });
    return true;
  }
  const places = await chatPlacesOf(tx, caseId);
  const references = (await everyReferenceOf(tx, caseId)).map((r) => ({ reference: r, pseudonym: pseudonymOf(key, actor.tenant, r) }));
  await eraseCaseData(tx, actor.tenant, caseId, references);
  for (const p of places) {
    await enqueue(tx, actor.tenant, 'place-erased', `thread:${p.platform}`, `erased:${p.platform}:${p.channel}:${p.thread ?? ''}`, now, { channel: p.channel, thread: p.thread, card: p.card });
  }
  await audit(tx, actor, 'case.erase', pseudonym, { places: places.length, references: references.length });
  return true;
}
