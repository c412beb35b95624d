// A coordination's case references (issue 26): one plan per citizen however many case systems.
// Linking is a deliberate, audited act of the plan coordinator (from chat) or a case system's API
// key, never a match on names or CPR numbers. A reference belongs to one coordination only;
// unlinking keeps the history. For a person in chat every refusal is the same neutral one, so
// it never confirms that a case, or a reference linked elsewhere, exists.
import { hasCpr, type Case } from '@samspil/core';
import { actorName, audit, type Actor } from '../store/audit.js';
import { findCase, recordActivity } from '../store/cases.js';
import type { Db } from '../store/db.js';
import { notifyThreads } from '../store/outbox.js';
import { isSystemLabel, linkedReference, linkReference as storeLink, referencesOf, removeParticipantsOnlyVia, unlinkReference as storeUnlink, type CaseReference } from '../store/references.js';
import { noCase, refuse, type Outcome, type Refusal, type UseCaseDeps } from './outcome.js';

export type { CaseReference } from '../store/references.js';

/** What a link or an unlink answers: the coordination and the references now linked to it. */
export interface LinkAnswer {
  case: Case;
  references: CaseReference[];
  /** False when the reference was linked to this coordination already (a repeat changes nothing). */
  linked: boolean;
}

/** The one refusal a person in chat gets, whatever the reason: the policy's words, audited. */
async function neutral(deps: UseCaseDeps, actor: Actor, reference: string, gesture: string): Promise<Refusal> {
  await deps.policy.denied(actor, reference, gesture);
  return refuse('forbidden', `no access to case ${JSON.stringify(reference)}, or it does not exist`);
}

/**
 * For a person in chat: undefined when they are the plan coordinator of the coordination
 * `reference` reaches, else the neutral refusal (audited). Asked before the transaction: the
 * refusal's audit entry is written apart, and must not wait on it (PGlite has one connection).
 */
async function notTheCoordinator(deps: UseCaseDeps, actor: Actor, reference: string, gesture: string): Promise<Refusal | undefined> {
  if (actor.kind === 'api-key' || actor.kind === 'system') return undefined;
  if (actor.kind === 'chat' && !hasCpr(reference) && (await findCase(deps.db, actor.tenant, reference))?.case.coordinator.current === actor.id) return undefined;
  return neutral(deps, actor, reference, `${gesture}: only the plan coordinator links`);
}

/** The coordination `reference` reaches, within `tx`. */
async function coordinationFor(tx: Db, actor: Actor, reference: string): Promise<{ caseId: string; stored: NonNullable<Awaited<ReturnType<typeof findCase>>> } | Refusal> {
  const stored = await findCase(tx, actor.tenant, reference);
  return stored ? { caseId: stored.id, stored } : noCase(reference);
}

/**
 * Links `other` (a case system's reference, labelled `system`) to the coordination reached by
 * `reference`. Only its plan coordinator (a person in chat) or an API key may; a reference linked
 * to another coordination is refused (409 for an API key; the neutral refusal in chat). The
 * people that system's case brings come with its writes through `other` (PUT /cases/{other}).
 */
export async function linkReference(deps: UseCaseDeps, actor: Actor, reference: string, other: string, system?: string, gesture = 'reference.link'): Promise<Outcome<LinkAnswer>> {
  if (hasCpr(other)) return actor.kind === 'chat' ? neutral(deps, actor, reference, gesture) : refuse('personal-data', 'the reference looks like it holds a CPR number', { field: 'reference' });
  if (system !== undefined && !isSystemLabel(system)) return refuse('invalid', "a case system's name: letters, digits, . _ - (at most 64), never a CPR number", { field: 'system' });
  const refused = await notTheCoordinator(deps, actor, reference, gesture);
  if (refused) return refused;
  const label = system ?? actor.system ?? '';
  const at = deps.now();
  const r = await deps.db.transaction(async (tx): Promise<Outcome<{ caseId: string; linked: boolean }> | 'elsewhere'> => {
    const found = await coordinationFor(tx, actor, reference);
    if ('ok' in found) return found;
    const already = await linkedReference(tx, actor.tenant, other);
    if (already && already.caseId === found.caseId) {
      await audit(tx, actor, 'case.read', reference);
      return { ok: true, caseId: found.caseId, linked: false };
    }
    if (already) {
      if (actor.kind === 'chat') return 'elsewhere';
      await audit(tx, actor, 'reference.link-refused', reference, { reference: other });
      return refuse('exists', `the reference ${JSON.stringify(other)} belongs to another coordination: a reference belongs to one only (joining two coordinations is its own act)`, { field: 'reference' });
    }
    if (!(await storeLink(tx, actor.tenant, found.caseId, other, label, actorName(actor), at))) return refuse('exists', `the reference ${JSON.stringify(other)} was linked meanwhile`, { field: 'reference' });
    await recordActivity(tx, found.caseId, 'reference-linked', at, actorName(actor), { reference: other, ...(label ? { system: label } : {}) });
    await audit(tx, actor, 'reference.link', reference, { reference: other, ...(label ? { system: label } : {}) });
    await audit(tx, actor, 'reference.link', other, { to: found.stored.case.reference, ...(label ? { system: label } : {}) });
    await notifyThreads(tx, found.caseId, 'card', at);
    return { ok: true, caseId: found.caseId, linked: true };
  });
  // Joining two coordinations is its own act: in chat, refused as anything else is.
  if (r === 'elsewhere') return neutral(deps, actor, other, `${gesture}: linked elsewhere`);
  if (!r.ok) return r;
  return { ok: true, ...(await answer(deps.db, actor.tenant, r.caseId)), linked: r.linked };
}

/**
 * Unlinks `other` from the coordination reached by `reference`, keeping the history (who linked
 * and unlinked it, when). The participants that came only through its system leave: need to know
 * follows the link. The coordination's last reference is erased (DELETE), not unlinked.
 */
export async function unlinkReference(deps: UseCaseDeps, actor: Actor, reference: string, other: string, gesture = 'reference.unlink'): Promise<Outcome<LinkAnswer>> {
  const refused = await notTheCoordinator(deps, actor, reference, gesture);
  if (refused) return refused;
  const at = deps.now();
  const r = await deps.db.transaction(async (tx): Promise<Outcome<{ caseId: string }>> => {
    const found = await coordinationFor(tx, actor, reference);
    if ('ok' in found) return found;
    const linked = await linkedReference(tx, actor.tenant, other);
    if (!linked || linked.caseId !== found.caseId) return refuse('not-found', `the reference ${JSON.stringify(other)} is not linked to this coordination`);
    if (!(await storeUnlink(tx, actor.tenant, found.caseId, other, actorName(actor), at))) return refuse('exists', "the coordination's last reference is not unlinked: erase the case instead (DELETE /cases/{reference})");
    await removeParticipantsOnlyVia(tx, found.caseId, [linked.system]);
    await recordActivity(tx, found.caseId, 'reference-unlinked', at, actorName(actor), { reference: other });
    await audit(tx, actor, 'reference.unlink', reference, { reference: other });
    await audit(tx, actor, 'reference.unlink', other, {});
    await notifyThreads(tx, found.caseId, 'card', at);
    return { ok: true, caseId: found.caseId };
  });
  if (!r.ok) return actor.kind === 'chat' && r.reason === 'not-found' ? neutral(deps, actor, other, gesture) : r;
  return { ok: true, ...(await answer(deps.db, actor.tenant, r.caseId)), linked: false };
}

async function answer(db: Db, tenant: string, caseId: string): Promise<{ case: Case; references: CaseReference[] }> {
  const references = await referencesOf(db, caseId);
  return { case: (await findCase(db, tenant, references[0]!.reference))!.case, references };
}
