// A case: created or updated by the vendor's system, its coordination opened (from the API or
// asked for in chat), its plan coordinator assigned or suggested, and what chat shows of it.
import { caseDepartments, hasCpr, uncoveredDepartments, type Case, type Meeting, type Plan } from '@samspil/core';
import { actorName, audit, type Actor } from '../store/audit.js';
import { latestVoiceAt } from '../store/citizen.js';
import { assignCoordinator as storeAssign, findCase, findCaseOverview, findCaseOverviewFor, getDocument, listCases, openCoordination as storeOpen, recordActivity, upsertCase, type CaseUpsert, type StoredCase } from '../store/cases.js';
import { keepPeople, knownPeople, peopleOf, type ChatPerson, type ChatPlatform } from '../store/chat.js';
import type { Db } from '../store/db.js';
import { closeNudges, stalledCases } from '../store/nudges.js';
import { notifyThreads } from '../store/outbox.js';
import type { NudgeView } from '../views.js';
import { noCase, personRefusal, refuse, type Outcome, type UseCaseDeps } from './outcome.js';

export interface CaseOverview {
  case: Case;
  coordination: StoredCase['coordination'];
  plan: Plan | undefined;
  reasons: NudgeView[];
  /** When the citizen last wrote before a meeting (issue 28): chat may say that they did, never what. */
  citizenWroteAt?: string | undefined;
}

/** Creates or updates a case by the vendor's reference (participants, when given, replace the old list). */
export async function saveCase({ db, now }: UseCaseDeps, actor: Actor, reference: string, input: CaseUpsert): Promise<Outcome<{ case: Case; created: boolean }>> {
  const at = now();
  const { created } = await db.transaction(async (tx) => {
    const r = await upsertCase(tx, actor.tenant, reference, input, at, { system: actor.system, by: actorName(actor) });
    await recordActivity(tx, r.id, r.created ? 'case-opened' : 'case-updated', at, actorName(actor));
    await audit(tx, actor, r.created ? 'case.create' : 'case.update', reference);
    return r;
  });
  return { ok: true, case: (await findCase(db, actor.tenant, reference))!.case, created };
}

/**
 * Opens the coordination of a case, or returns the open one (idempotent). Refused
 * when two or more departments take part and consent (or another legal basis)
 * does not cover them all.
 */
export async function openCoordination(deps: UseCaseDeps, actor: Actor, reference: string, gesture = 'coordinate'): Promise<Outcome<{ case: Case; opened: boolean }>> {
  return (await personRefusal(deps, actor, reference, gesture)) ?? open(deps, actor, reference);
}

async function open({ db, now }: UseCaseDeps, actor: Actor, reference: string): Promise<Outcome<{ case: Case; opened: boolean }>> {
  return db.transaction(async (tx) => {
    const stored = await findCase(tx, actor.tenant, reference);
    if (!stored) return noCase(reference);
    const departments = caseDepartments(stored);
    const missing = departments.length >= 2 ? uncoveredDepartments(stored.case.consent, departments, now().getTime()) : [];
    if (missing.length > 0) {
      await audit(tx, actor, 'coordination.refused', reference, { missing });
      return refuse('consent-missing', `consent does not cover ${missing.join(', ')}`, { missing });
    }
    const opened = await storeOpen(tx, stored.id, now());
    if (opened) {
      await recordActivity(tx, stored.id, 'coordination-opened', now(), actorName(actor));
      await audit(tx, actor, 'coordination.open', reference);
    } else await audit(tx, actor, 'case.read', reference);
    return { ok: true, case: stored.case, opened };
  });
}

/**
 * A request for coordination (from chat): records who asked for which departments,
 * then opens the coordination as `openCoordination` does. The note is for the
 * professionals and must not carry personal data: the adapter warns, and a note
 * that looks like it holds a CPR number is refused.
 */
export async function requestCoordination(deps: UseCaseDeps, actor: Actor, reference: string, departments: string[], note: string, gesture = 'coordinate'): Promise<Outcome<{ case: Case; opened: boolean }>> {
  const refused = await personRefusal(deps, actor, reference, gesture);
  if (refused) return refused;
  if (hasCpr(note)) return refuse('personal-data', 'the note looks like it holds a CPR number; leave personal data in the case system');
  const { db, now } = deps;
  const stored = await findCase(db, actor.tenant, reference);
  if (!stored) return noCase(reference);
  await db.transaction(async (tx) => {
    await recordActivity(tx, stored.id, 'coordination-requested', now(), actorName(actor), { departments, note });
    await audit(tx, actor, 'coordination.request', reference, { departments });
  });
  // The person's part was checked above: not asked again.
  return open(deps, actor, reference);
}

/**
 * Makes `person` the plan coordinator (null: none), keeping the history with a reason. A
 * person in chat may name only someone with a part in the case.
 */
export async function assignCoordinator(deps: UseCaseDeps, actor: Actor, reference: string, person: string | null, reason?: string, gesture = 'coordinator'): Promise<Outcome<{ case: Case }>> {
  const refused = await personRefusal(deps, actor, reference, gesture);
  if (refused) return refused;
  const { db, now, policy } = deps;
  if (actor.kind === 'chat' && person !== null && !(await policy.withPart(actor.tenant, reference, [person])).has(person)) {
    await policy.denied(actor, reference, `${gesture}: coordinator without a part in the case`);
    return refuse('not-on-case', 'the coordinator must have a part in the case');
  }
  // The reason is kept in the history and shown wherever the case is: chat's as the API's.
  if (reason !== undefined && hasCpr(reason)) return refuse('personal-data', 'the reason looks like it holds a CPR number; leave personal data in the case system');
  const at = now();
  const done = await db.transaction(async (tx) => {
    const stored = await findCase(tx, actor.tenant, reference);
    if (!stored) return false;
    if (stored.case.coordinator.current !== person) {
      await storeAssign(tx, stored.id, person, at, reason, actorName(actor));
      await recordActivity(tx, stored.id, 'coordinator-assigned', at, actorName(actor), { person });
      // A new coordinator answers for the case now: the ladder starts again.
      await closeNudges(tx, stored.id, ['stall.no-coordinator', 'stall.coordinator-unavailable'], at);
      await notifyThreads(tx, stored.id, 'card', at);
    }
    await audit(tx, actor, 'coordinator.assign', reference, { person });
    return true;
  });
  if (!done) return noCase(reference);
  return { ok: true, case: (await findCase(db, actor.tenant, reference))!.case };
}

/**
 * Who should coordinate: someone from the department that owns the overall goal,
 * else from the department with the most interventions, else the requester.
 */
export async function suggestCoordinator({ db }: UseCaseDeps, actor: Actor, reference: string, requester: string): Promise<Outcome<{ person: string; department: string | null; basis: 'goal-owner' | 'most-interventions' | 'requester' }>> {
  const stored = await findCase(db, actor.tenant, reference);
  if (!stored) return noCase(reference);
  const plan = (await getDocument<Plan>(db, 'plans', stored.id))?.body;
  await audit(db, actor, 'coordinator.suggest', reference);
  const from = (department: string | undefined) =>
    department === undefined ? undefined : stored.case.participants.filter((p) => p.department === department).sort((a, b) => rank(a.role) - rank(b.role))[0]?.person;
  const owner = plan?.overallGoal.department;
  const ownerPerson = from(owner);
  if (ownerPerson) return { ok: true, person: ownerPerson, department: owner!, basis: 'goal-owner' };
  const counts = new Map<string, number>();
  for (const iv of plan?.interventions ?? []) counts.set(iv.department, (counts.get(iv.department) ?? 0) + 1);
  for (const [department] of [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
    const person = from(department);
    if (person) return { ok: true, person, department, basis: 'most-interventions' };
  }
  return { ok: true, person: requester, department: null, basis: 'requester' };
}

/** A case with its plan (if any) and its open stall reasons: what `status` and the plan card show. */
export async function caseOverview({ db }: UseCaseDeps, plans: PlanCache, actor: Actor, reference: string): Promise<Outcome<CaseOverview>> {
  // One round trip for the case, its plan's version and its stall reasons (chat answers wait on
  // it); the plan itself only when this version is not at hand.
  const stored = await findCaseOverview(db, actor.tenant, reference);
  if (!stored) return noCase(reference);
  const [plan, citizenWroteAt] = await Promise.all([plans.get(db, stored.id, stored.planVersion), latestVoiceAt(db, stored.id), audit(db, actor, 'case.read', reference)]);
  return { ok: true, case: stored.case, coordination: stored.coordination, plan, reasons: stored.nudges, citizenWroteAt };
}

/**
 * A case as one who asks in chat sees it (`status`, the plan card's refresh): need to know, the
 * overview, the people it names as `platform` knows them, its meetings, and the audit entries
 * (`case.read` and `meetings.read`, or `access.denied` naming the gesture). For a person, one
 * statement does all of it (chat waits on it, and on PGlite each statement costs the one
 * thread); a refusal does not say whether the case exists.
 */
export async function caseOverviewFor(
  deps: UseCaseDeps,
  plans: PlanCache,
  actor: Actor,
  reference: string,
  gesture: string,
  platform: ChatPlatform,
): Promise<Outcome<CaseOverview & { people: ChatPerson[]; meetings?: Meeting[] | undefined }>> {
  const { db } = deps;
  if (actor.kind !== 'chat' || hasCpr(reference)) {
    // Anyone else, and a reference the policy refuses unseen (audited without it): the same answer in steps.
    const refused = await personRefusal(deps, actor, reference, gesture);
    if (refused) return refused;
    const overview = await caseOverview(deps, plans, actor, reference);
    if (!overview.ok) return overview;
    const ids = [overview.case.coordinator.current, ...overview.case.participants.map((p) => p.person)].filter((i): i is string => !!i);
    return { ...overview, people: await peopleOf(db, actor.tenant, platform, [...new Set(ids)]) };
  }
  // The people the case names come from those this process keeps; the read brings the others.
  const now = deps.now().getTime();
  const known = knownPeople(db, actor.tenant, platform, now);
  const stored = await findCaseOverviewFor(db, actor, reference, gesture, platform, [...known.keys()]);
  if (!stored) return refuse('forbidden', `no access to case ${JSON.stringify(reference)}, or it does not exist`);
  keepPeople(db, actor.tenant, platform, stored.people, now);
  const named = new Set([stored.case.coordinator.current, ...stored.case.participants.map((p) => p.person)]);
  const people = [...stored.people, ...[...known.values()].filter((p) => named.has(p.id))].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const plan = await plans.get(db, stored.id, stored.planVersion);
  return { ok: true, case: stored.case, coordination: stored.coordination, plan, reasons: stored.nudges, citizenWroteAt: stored.citizenWroteAt, people, meetings: stored.meetings };
}

/** The cases a person coordinates, stalled ones first (a chat home page). */
export async function casesCoordinatedBy({ db }: UseCaseDeps, actor: Actor, person: string): Promise<{ case: Case; reasons: NudgeView[] }[]> {
  const [cases, stalled] = await Promise.all([listCases(db, actor.tenant, { coordinator: person, limit: 100 }), stalledCases(db, actor.tenant, { coordinator: person })]);
  const reasons = new Map(stalled.map((s) => [s.reference, s.reasons]));
  await audit(db, actor, 'cases.list', null, { coordinator: person, count: cases.length });
  return cases
    .filter((c) => c.case.status !== 'closed')
    .map((c) => ({ case: c.case, reasons: reasons.get(c.case.reference) ?? [] }))
    .sort((a, b) => Number(b.reasons.length > 0) - Number(a.reasons.length > 0) || a.case.reference.localeCompare(b.case.reference));
}

/** Plans by case and version: a version never changes, so a kept one is never stale. */
export class PlanCache {
  readonly #plans = new Map<string, { version: number; body: Plan }>();

  async get(db: Db, caseId: string, version: number | undefined): Promise<Plan | undefined> {
    if (version === undefined) return undefined;
    const kept = this.#plans.get(caseId);
    if (kept?.version === version) return kept.body;
    const doc = await getDocument<Plan>(db, 'plans', caseId);
    if (!doc) return undefined;
    this.#plans.delete(caseId);
    this.#plans.set(caseId, doc);
    // The oldest goes first beyond a thousand cases (a Map keeps insertion order).
    if (this.#plans.size > 1000) this.#plans.delete(this.#plans.keys().next().value!);
    return doc.body;
  }
}

const rank = (role: string) => ['coordinator', 'caseworker', 'authority', 'specialist', 'team-lead', 'other'].indexOf(role);
