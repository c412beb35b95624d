// Disagreements (issue 25): any participant raises one about an intervention or a responsibility;
// it goes to whoever the collaboration agreement names to settle it (core's deciderOf: the person
// it names, a department's head, else the coordinator's team lead), with a deadline in the
// municipality's business days; open past it, the case stalls and the decider is reminded. Its
// resolution is recorded as a decision. Only its reference and state ever reach chat.
import { DisagreementSubject, raiseDisagreement, resolveDisagreement, type Disagreement, type Plan, type ResponsibilityMatrix } from '@samspil/core';
import { actorName, audit, type Actor } from '../store/audit.js';
import { findCase, getDocument, recordActivity } from '../store/cases.js';
import { deciderOrganisation, disagreementsOf, findDecision, findDisagreement, nextNumber, saveDecision, saveDisagreement } from '../store/meetings.js';
import { findPeople } from '../store/organisation.js';
import { enqueue, notifyThreads } from '../store/outbox.js';
import { settingsOf, tenantConfig } from '../store/tenants.js';
import { noCase, personRefusal, refuse, type Outcome, type UseCaseDeps } from './outcome.js';

/** The case's disagreements, open and resolved (the matrix widget's `disagreements`). */
export async function caseDisagreements(deps: UseCaseDeps, actor: Actor, reference: string, gesture = 'disagreements.read'): Promise<Outcome<{ disagreements: Disagreement[] }>> {
  const refused = await personRefusal(deps, actor, reference, gesture);
  if (refused) return refused;
  const stored = await findCase(deps.db, actor.tenant, reference);
  if (!stored) return noCase(reference);
  const disagreements = await disagreementsOf(deps.db, stored.id);
  await audit(deps.db, actor, 'disagreements.read', reference);
  return { ok: true, disagreements };
}

/**
 * What a disagreement may be about, for a form that offers it: the plan's interventions (id,
 * department, status) and the agreement's rows (id), structure only, never a title or a note.
 */
export async function disagreementSubjects(
  deps: UseCaseDeps,
  actor: Actor,
  reference: string,
  gesture = 'disagreement.subjects',
): Promise<Outcome<{ interventions: { id: string; department: string; status: string }[]; responsibilities: { row: string }[] }>> {
  const refused = await personRefusal(deps, actor, reference, gesture);
  if (refused) return refused;
  const { db } = deps;
  const stored = await findCase(db, actor.tenant, reference);
  if (!stored) return noCase(reference);
  const [plan, matrix] = [(await getDocument<Plan>(db, 'plans', stored.id))?.body, (await getDocument<ResponsibilityMatrix>(db, 'matrices', stored.id))?.body];
  await audit(db, actor, 'disagreement.subjects', reference);
  return {
    ok: true,
    interventions: (plan?.interventions ?? []).map((iv) => ({ id: iv.id, department: iv.department, status: iv.status })),
    responsibilities: (matrix?.rows ?? []).map((r) => ({ row: r.id })),
  };
}

/**
 * Raises a disagreement: a person in chat as themself, the API key naming who raised it (someone
 * with a part in the case). Its subject must be in the plan (an intervention) or the agreement (a
 * row, perhaps a column). The decider is told at once, by reference.
 */
export async function raise(
  deps: UseCaseDeps,
  actor: Actor,
  reference: string,
  input: { about: unknown; raisedBy?: string | undefined },
  gesture = 'disagreement.raise',
): Promise<Outcome<{ disagreement: Disagreement }>> {
  const refused = await personRefusal(deps, actor, reference, gesture);
  if (refused) return refused;
  const { db, now, policy } = deps;
  const about = DisagreementSubject.safeParse(input.about);
  if (!about.success) {
    const issue = about.error.issues[0]!;
    return refuse('invalid', issue.message, { field: ['about', ...issue.path.map(String)].join('.') });
  }
  const raisedBy = actor.kind === 'chat' ? actor.id : input.raisedBy;
  if (raisedBy === undefined) return refuse('invalid', 'required: the person who raises it', { field: 'raisedBy' });
  if (actor.kind !== 'chat' && !(await policy.withPart(actor.tenant, reference, [raisedBy])).has(raisedBy)) return refuse('not-on-case', `${raisedBy} has no part in the case`, { field: 'raisedBy' });
  const stored = await findCase(db, actor.tenant, reference);
  if (!stored) return noCase(reference);
  const plan = (await getDocument<Plan>(db, 'plans', stored.id))?.body;
  const matrix = (await getDocument<ResponsibilityMatrix>(db, 'matrices', stored.id))?.body;
  const subject = about.data;
  if (subject.kind === 'intervention' && !plan?.interventions.some((iv) => iv.id === subject.id)) return refuse('invalid', 'the plan has no such intervention', { field: 'about.id' });
  if (subject.kind === 'responsibility') {
    const row = matrix?.rows.find((r) => r.id === subject.row);
    if (!row) return refuse('invalid', 'the collaboration agreement has no such row', { field: 'about.row' });
    if (subject.column !== undefined && !matrix!.columns.some((c) => c.id === subject.column)) return refuse('invalid', 'the collaboration agreement has no such column', { field: 'about.column' });
  }
  const at = now();
  const config = await tenantConfig(db, actor.tenant);
  const settings = settingsOf(config);
  const closingDays = config?.closingDays ?? [];
  const decidedBy = matrix?.disagreement?.decidedBy;
  const organisation = await deciderOrganisation(db, actor.tenant, stored.case.coordinator.current, decidedBy ? [decidedBy] : []);
  return db.transaction(async (tx) => {
    const disagreement = raiseDisagreement({ id: await nextNumber(tx, 'disagreements', stored.id, 'U'), caseReference: reference, about: subject, raisedBy, raisedAt: at.toISOString() }, matrix, organisation, settings, closingDays);
    await saveDisagreement(tx, stored.id, disagreement);
    await recordActivity(tx, stored.id, 'disagreement-raised', at, actorName(actor), { disagreement: disagreement.id, about: subject.kind });
    await audit(tx, actor, 'disagreement.raise', reference, { disagreement: disagreement.id, about: subject.kind, ...(disagreement.decider ? { decider: disagreement.decider } : {}) });
    await notifyThreads(tx, stored.id, 'card', at);
    if (disagreement.decider) {
      await enqueue(tx, actor.tenant, 'disagreement', disagreement.decider, `disagreement:${stored.id}:${disagreement.id}`, at, {
        caseReference: reference,
        disagreementId: disagreement.id,
        about: subject.kind === 'intervention' ? { kind: 'intervention', id: subject.id } : { kind: 'responsibility', row: subject.row, ...(subject.column ? { column: subject.column } : {}) },
        deadline: disagreement.deadline,
      });
    }
    return { ok: true as const, disagreement };
  });
}

/**
 * Settles a disagreement by a decision (its id): a person in chat only when they are its decider,
 * or the API key. The decision is recorded as taken (by the decider's department, else the case's
 * first), closing a decision awaited with that id.
 */
export async function resolve(deps: UseCaseDeps, actor: Actor, reference: string, id: string, decisionId: string, gesture = 'disagreement.resolve'): Promise<Outcome<{ disagreement: Disagreement }>> {
  const refused = await personRefusal(deps, actor, reference, gesture);
  if (refused) return refused;
  const { db, now, policy } = deps;
  const stored = await findCase(db, actor.tenant, reference);
  if (!stored) return noCase(reference);
  const at = now();
  const denied = { ok: false } as const;
  const r = await db.transaction(async (tx) => {
    const d = await findDisagreement(tx, stored.id, id);
    if (!d) return refuse('not-found', `the case has no disagreement ${JSON.stringify(id)}`);
    if (actor.kind === 'chat' && d.decider !== actor.id) return denied;
    if (d.state === 'resolved') return refuse('exists', `the disagreement ${id} is settled already`);
    const resolved = resolveDisagreement(d, decisionId, at.toISOString());
    await saveDisagreement(tx, stored.id, resolved);
    // Its resolution is a decision: taken now, by the decider's department.
    const existing = await findDecision(tx, stored.id, decisionId);
    const [decider] = d.decider ? await findPeople(tx, actor.tenant, [d.decider]) : [];
    const departments = existing?.departments ?? [decider?.department ?? stored.case.departments[0] ?? 'unknown'];
    await saveDecision(tx, stored.id, { ...(existing ?? { id: decisionId, requestedAt: d.raisedAt }), departments, decidedAt: existing?.decidedAt ?? at.toISOString() });
    await recordActivity(tx, stored.id, 'disagreement-resolved', at, actorName(actor), { disagreement: id, decision: decisionId });
    await audit(tx, actor, 'disagreement.resolve', reference, { disagreement: id, decision: decisionId });
    await notifyThreads(tx, stored.id, 'card', at);
    return { ok: true as const, disagreement: resolved };
  });
  if (r === denied) {
    await policy.denied(actor, reference, `${gesture}: only its decider settles a disagreement`);
    return refuse('forbidden', 'only the one the collaboration agreement names settles the disagreement');
  }
  return r as Outcome<{ disagreement: Disagreement }>;
}
