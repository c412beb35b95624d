// A coordination's case references (issue 26): one plan per citizen however many case systems.
// Linking is a deliberate, audited act of the plan coordinator (from chat) or a case system's API
// key, never a match on names or CPR numbers. A reference belongs to one coordination only;
// unlinking keeps the history. For a person in chat every refusal is the same neutral one, so
// it never confirms that a case, or a reference linked elsewhere, exists.
import { hasCpr, Plan, validate, type Case, type Consent } from '@samspil/core';
import { actorName, audit, type Actor } from '../store/audit.js';
import { assignCoordinator as storeAssign, chatPlacesOf, documentVersion, findCase, getDocument, putDocument, recordActivity, recordConsent } from '../store/cases.js';
import type { Db } from '../store/db.js';
import { enqueue, notifyThreads } from '../store/outbox.js';
import { isSystemLabel, linkedReference, mergeCoordinations, linkReference as storeLink, referencesOf, removeParticipantsOnlyVia, unlinkReference as storeUnlink, type CaseReference } from '../store/references.js';
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

/** What a join records: what came from where, and the interventions marked for review. */
export interface JoinRecord {
  /** The references that came with the coordination joined. */
  references: string[];
  /** Whose coordination it was and who coordinates now. */
  coordinator: { kept: string | null; other: string | null; now: string | null; named: boolean };
  /** The interventions of the one plan to review (both plans' interventions, renamed ids shown as they are now). */
  review: string[];
  /** Ids of the other plan renamed because the remaining plan had them (old → new). */
  renamed: Record<string, string>;
  /** The departments consent now covers (the intersection), or null: no consent in force until renewed. */
  consent: string[] | null;
  /** The matrix the coordination keeps: its own, the other's, or none. */
  matrix: 'kept' | 'other' | 'none';
  /** The other plan's version, kept as read-only history with the coordination it was. */
  otherPlanVersion: number | null;
}

const inForce = (c: Consent | null): c is Consent => !!c && (c.basis === 'consent' ? !c.withdrawnAt : !c.endedAt);

/**
 * The one plan of two (pure): the remaining plan's wishes, goal and sequence first; the other's
 * sub-goals, interventions and follow-ups added, an id the remaining plan has already renamed
 * (`<id>-2`, …) with the references to it; every intervention marked for review.
 */
export function mergePlans(kept: Plan | undefined, other: Plan | undefined, reference: string): { plan: Plan | undefined; review: string[]; renamed: Record<string, string> } {
  if (!other) return { plan: kept, review: kept?.interventions.map((i) => i.id) ?? [], renamed: {} };
  if (!kept) return { plan: { ...other, caseReference: reference }, review: other.interventions.map((i) => i.id), renamed: {} };
  const renamed: Record<string, string> = {};
  const fresh = (taken: Set<string>, id: string) => {
    if (!taken.has(id)) return id;
    let n = 2;
    while (taken.has(`${id}-${n}`)) n++;
    return (renamed[id] = `${id}-${n}`);
  };
  const goalIds = new Set(kept.subGoals.map((g) => g.id));
  const goalMap = new Map(other.subGoals.map((g) => [g.id, fresh(goalIds, g.id)]));
  const ivIds = new Set(kept.interventions.map((i) => i.id));
  const ivMap = new Map(other.interventions.map((i) => [i.id, fresh(ivIds, i.id)]));
  const dates = new Set(kept.followUps.map((f) => f.date));
  const plan: Plan = {
    ...kept,
    subGoals: [...kept.subGoals, ...other.subGoals.map((g) => ({ ...g, id: goalMap.get(g.id)! }))],
    interventions: [
      ...kept.interventions,
      ...other.interventions.map((i) => ({ ...i, id: ivMap.get(i.id)!, subGoals: i.subGoals.map((g) => goalMap.get(g) ?? g), dependsOn: i.dependsOn.map((d) => ivMap.get(d) ?? d) })),
    ],
    followUps: [...kept.followUps, ...other.followUps.filter((f) => !dates.has(f.date))],
  };
  return { plan, review: plan.interventions.map((i) => i.id), renamed };
}

/** When the current coordinator's period began (undefined: none). */
const coordinatorSince = (c: Case): number | undefined => {
  const current = c.coordinator.history.find((h) => h.person === c.coordinator.current && !h.to);
  return c.coordinator.current ? (current ? Date.parse(current.from) : Number.POSITIVE_INFINITY) : undefined;
};

/**
 * Joins the coordination `other` reaches into the one `reference` reaches (issue 26), one plan
 * kept: the earlier coordinator stays unless `coordinator` is named; both plans' interventions
 * kept and marked for review; consent the intersection until renewed; the matrix the remaining
 * one's (else the other's); participants, departments, decisions, meetings, disagreements, covers,
 * the citizen's voice and open nudges brought over; what was merged, and from where, recorded. The
 * other becomes read-only history and its place in chat is closed with a pointer to this one. An
 * API key may; a person in chat needs a part in both (refused neutrally otherwise).
 */
export async function joinCoordinations(deps: UseCaseDeps, actor: Actor, reference: string, other: string, coordinator?: string, gesture = 'coordination.join'): Promise<Outcome<LinkAnswer & { merged: JoinRecord }>> {
  if (actor.kind === 'chat') {
    for (const r of [reference, other]) if (!(await deps.policy.mayActOn(actor, r, gesture))) return refuse('forbidden', `no access to case ${JSON.stringify(r)}, or it does not exist`);
  } else if (actor.kind !== 'api-key' && actor.kind !== 'system') return neutral(deps, actor, reference, gesture);
  const at = deps.now();
  const r = await deps.db.transaction(async (tx): Promise<Outcome<{ caseId: string; merged: JoinRecord }>> => {
    const kept = await findCase(tx, actor.tenant, reference);
    if (!kept) return noCase(reference);
    const joined = await findCase(tx, actor.tenant, other);
    if (!joined) return refuse('not-found', `case ${JSON.stringify(other)} does not exist`, { field: 'reference' });
    if (joined.id === kept.id) return refuse('exists', `${JSON.stringify(other)} is a reference of this coordination already`, { field: 'reference' });
    const [keptPlan, otherPlan, keptMatrix, otherMatrix] = await Promise.all([
      getDocument<Plan>(tx, 'plans', kept.id),
      getDocument<Plan>(tx, 'plans', joined.id),
      documentVersion(tx, 'matrices', kept.id),
      getDocument<object>(tx, 'matrices', joined.id),
    ]);
    const merged = mergePlans(keptPlan?.body, otherPlan?.body, kept.case.reference);
    if (merged.plan && otherPlan) {
      const valid = validate(Plan, merged.plan);
      if (!valid.ok) return refuse('invalid', `the two plans do not fit in one: ${valid.issues[0]?.path ?? ''} ${valid.issues[0]?.message ?? ''}`.trim());
      if ((await putDocument(tx, 'plans', kept.id, valid.value, keptPlan?.version ?? 0)) === undefined) return refuse('stale', 'the plan changed meanwhile; try again');
    }
    const matrix: JoinRecord['matrix'] = keptMatrix !== undefined ? 'kept' : otherMatrix ? 'other' : 'none';
    if (matrix === 'other') await putDocument(tx, 'matrices', kept.id, otherMatrix!.body, 0);
    // Consent: the intersection until renewed; none in force on either side is none.
    const a = kept.case.consent;
    const b = joined.case.consent;
    const both = inForce(a) && inForce(b) ? a.departments.filter((d) => b.departments.includes(d)) : [];
    if (inForce(a) && both.length > 0 && both.length < a.departments.length) await recordConsent(tx, kept.id, { ...a, departments: both });
    else if (inForce(a) && both.length === 0) await recordConsent(tx, kept.id, a.basis === 'consent' ? { ...a, withdrawnAt: at.toISOString() } : { ...a, endedAt: at.toISOString() });
    // The earlier coordinator stays, unless another is named.
    const [sinceKept, sinceOther] = [coordinatorSince(kept.case), coordinatorSince(joined.case)];
    const earlier = sinceOther !== undefined && (sinceKept === undefined || sinceOther < sinceKept) ? joined.case.coordinator.current : kept.case.coordinator.current;
    const now = coordinator ?? earlier;
    if (now !== kept.case.coordinator.current) await storeAssign(tx, kept.id, now, at, 'coordinations joined', actorName(actor));
    const references = (await referencesOf(tx, joined.id)).map((x) => x.reference);
    const places = await chatPlacesOf(tx, joined.id);
    const record: JoinRecord = {
      references,
      coordinator: { kept: kept.case.coordinator.current, other: joined.case.coordinator.current, now, named: coordinator !== undefined },
      review: merged.review,
      renamed: merged.renamed,
      consent: inForce(a) && both.length > 0 ? both : null,
      matrix,
      otherPlanVersion: otherPlan?.version ?? null,
    };
    await mergeCoordinations(tx, kept.id, joined.id, at, actorName(actor), { from: joined.case.reference, ...record });
    for (const p of places) {
      await enqueue(tx, actor.tenant, 'place-erased', `thread:${p.platform}`, `merged:${p.platform}:${p.channel}:${p.thread ?? ''}`, at, { channel: p.channel, thread: p.thread, card: p.card, mergedInto: reference });
    }
    await recordActivity(tx, kept.id, 'coordinations-joined', at, actorName(actor), { references });
    await audit(tx, actor, 'coordination.join', reference, { references, review: merged.review.length });
    for (const x of references) await audit(tx, actor, 'coordination.join', x, { into: reference });
    await notifyThreads(tx, kept.id, 'card', at);
    return { ok: true, caseId: kept.id, merged: record };
  });
  if (!r.ok) return r;
  return { ok: true, ...(await answer(deps.db, actor.tenant, r.caseId)), linked: true, merged: r.merged };
}
