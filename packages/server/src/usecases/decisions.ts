// Joint decisions (issue 25): a decision owned by several departments is awaited until each has
// confirmed it. Who confirms for a department: a person of that department with a part in the
// case (chat's button), or the case system (the API key). The one joint answer to the citizen is
// its own activity, once every department has confirmed.
import { awaitedDepartments, confirmDecision, jointAnswerOf, mayConfirm, type Confirmer, type Decision } from '@samspil/core';
import { actorName, audit, type Actor } from '../store/audit.js';
import { caseIdOf, recordActivity } from '../store/cases.js';
import { decisionsOf, findDecision, saveDecision } from '../store/meetings.js';
import { findPeople } from '../store/organisation.js';
import { notifyThreads } from '../store/outbox.js';
import { noCase, personRefusal, refuse, type Outcome, type UseCaseDeps } from './outcome.js';

/** The case's decisions (`departments`, confirmations, taken or awaited). */
export async function caseDecisions(deps: UseCaseDeps, actor: Actor, reference: string, gesture = 'decisions.read'): Promise<Outcome<{ decisions: Decision[] }>> {
  const refused = await personRefusal(deps, actor, reference, gesture);
  if (refused) return refused;
  const { db } = deps;
  const caseId = await caseIdOf(db, actor.tenant, reference);
  if (!caseId) return noCase(reference);
  const decisions = await decisionsOf(db, caseId);
  await audit(db, actor, 'decisions.read', reference);
  return { ok: true, decisions };
}

/**
 * One department confirms a decision it owns. A person in chat confirms for their own department
 * (naming another is refused) and must have a part in the case; the API key names the department.
 * Idempotent per department; the last confirmation takes the decision (`decidedAt`) and closes the
 * decision awaited at the next stall check.
 */
export async function confirmJointDecision(
  deps: UseCaseDeps,
  actor: Actor,
  reference: string,
  decisionId: string,
  department: string | undefined,
  gesture = 'decision.confirm',
): Promise<Outcome<{ decision: Decision; department: string; complete: boolean; unchanged: boolean; awaiting: string[] }>> {
  const refused = await personRefusal(deps, actor, reference, gesture);
  if (refused) return refused;
  const { db, now, policy } = deps;
  let confirmer: Confirmer;
  let dept: string;
  if (actor.kind === 'chat') {
    const [me] = await findPeople(db, actor.tenant, [actor.id]);
    if (!me) return refuse('forbidden', 'only a person of the organisation confirms for a department');
    dept = department ?? me.department;
    // personRefusal found their part in the case.
    confirmer = { kind: 'person', person: me.id, department: me.department, hasPart: true };
  } else if (actor.kind === 'api-key') {
    if (department === undefined) return refuse('invalid', 'required: the department that confirms', { field: 'department' });
    dept = department;
    confirmer = { kind: 'api-key' };
  } else return refuse('forbidden', 'a department confirms through a person of it in chat, or the API key');
  if (!mayConfirm(confirmer, dept)) {
    await policy.denied(actor, reference, `${gesture}: not a person of department ${dept}`);
    return refuse('forbidden', `only a person of department ${dept} with a part in the case confirms for it`);
  }
  const caseId = await caseIdOf(db, actor.tenant, reference);
  if (!caseId) return noCase(reference);
  const at = now();
  return db.transaction(async (tx) => {
    const decision = await findDecision(tx, caseId, decisionId);
    if (!decision) return refuse('not-found', `the case has no decision ${JSON.stringify(decisionId)}`);
    const r = confirmDecision(decision, { department: dept, ...(actor.kind === 'chat' ? { by: actor.id } : {}), at: at.toISOString() });
    if (!r.ok) return r.reason === 'not-an-owner' ? refuse('invalid', `the decision is not owned by ${dept}`, { field: 'department' }) : refuse('exists', 'the decision is taken already');
    if (!r.unchanged) {
      await saveDecision(tx, caseId, r.decision);
      await recordActivity(tx, caseId, 'decision-confirmed', at, actorName(actor), { decision: decisionId, department: dept });
      await notifyThreads(tx, caseId, 'card', at);
    }
    await audit(tx, actor, 'decision.confirm', reference, { decision: decisionId, department: dept, complete: r.complete });
    return { ok: true, decision: r.decision, department: dept, complete: r.complete, unchanged: r.unchanged, awaiting: awaitedDepartments(r.decision) };
  });
}

/** Records the one joint answer the citizen gets to a joint decision every department has confirmed (once). */
export async function giveJointAnswer({ db, now }: UseCaseDeps, actor: Actor, reference: string, decisionId: string): Promise<Outcome<{ decision: string; departments: string[]; occurredAt: string; recorded: boolean }>> {
  const caseId = await caseIdOf(db, actor.tenant, reference);
  if (!caseId) return noCase(reference);
  const at = now();
  return db.transaction(async (tx) => {
    const decision = await findDecision(tx, caseId, decisionId);
    if (!decision) return refuse('not-found', `the case has no decision ${JSON.stringify(decisionId)}`);
    const answer = jointAnswerOf(decision, at.toISOString());
    if (!answer) return refuse('invalid', (decision.departments ?? []).length < 2 ? 'a joint answer is for a decision owned by several departments' : `the decision still awaits ${awaitedDepartments(decision).join(', ')}`, { field: 'decision' });
    const { rows } = await tx.query("SELECT 1 FROM activities WHERE case_id = $1 AND kind = 'joint-answer-given' AND body->>'decision' = $2", [caseId, decisionId]);
    if (rows.length === 0) await recordActivity(tx, caseId, 'joint-answer-given', at, actorName(actor), { decision: decisionId, departments: answer.departments });
    await audit(tx, actor, 'decision.joint-answer', reference, { decision: decisionId, recorded: rows.length === 0 });
    return { ok: true, decision: decisionId, departments: answer.departments, occurredAt: answer.occurredAt!, recorded: rows.length === 0 };
  });
}
