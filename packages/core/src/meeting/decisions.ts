import type { Decision } from '../schemas/stall.js';
import type { DecisionConfirmation, JointAnswer } from '../schemas/meeting.js';

/** The departments that own a decision: its `departments`, or the one legacy `department`. Each once, in order. */
export function decisionDepartments(decision: Pick<Decision, 'departments' | 'department'>): string[] {
  return [...new Set(decision.departments ?? (decision.department !== undefined ? [decision.department] : []))];
}

/** Whether several departments own the decision (a joint decision, which gives the citizen one answer). */
export function isJointDecision(decision: Pick<Decision, 'departments' | 'department'>): boolean {
  return decisionDepartments(decision).length > 1;
}

/**
 * The departments a decision still waits for, in its own order: none once it is decided (`decidedAt`),
 * else each owner that has not confirmed it. A single department's decision waits for that department
 * until it is taken.
 */
export function awaitedDepartments(decision: Decision): string[] {
  if (decision.decidedAt) return [];
  const confirmed = new Set((decision.confirmations ?? []).map((c) => c.department));
  return decisionDepartments(decision).filter((d) => !confirmed.has(d));
}

/** Who confirms for a department: the case system (the API key), or a person of that department with a part in the case (the service's need-to-know policy says whether they have one). */
export type Confirmer = { kind: 'api-key' } | { kind: 'person'; person: string; department: string; hasPart: boolean };

/** Whether `confirmer` may confirm a decision for `department`. */
export function mayConfirm(confirmer: Confirmer, department: string): boolean {
  return confirmer.kind === 'api-key' || (confirmer.department === department && confirmer.hasPart);
}

export type ConfirmResult =
  | { ok: true; decision: Decision; /** Every owner has now confirmed: the decision is taken (`decidedAt`). */ complete: boolean; /** This confirmation was already recorded: nothing changed. */ unchanged: boolean }
  | { ok: false; reason: 'not-an-owner' | 'already-decided' };

/**
 * One department confirms a decision (never mutating it). Idempotent per department; when the last
 * owner confirms, `decidedAt` is the latest confirmation's time, so the order they come in does not
 * change the result. A department that does not own it is refused, as is a decision taken otherwise.
 */
export function confirmDecision(decision: Decision, confirmation: DecisionConfirmation): ConfirmResult {
  const owners = decisionDepartments(decision);
  if (!owners.includes(confirmation.department)) return { ok: false, reason: 'not-an-owner' };
  const confirmations = decision.confirmations ?? [];
  if (confirmations.some((c) => c.department === confirmation.department)) return { ok: true, decision, complete: awaitedDepartments(decision).length === 0, unchanged: true };
  if (decision.decidedAt) return { ok: false, reason: 'already-decided' };
  const next: Decision = { ...decision, confirmations: [...confirmations, confirmation] };
  const complete = awaitedDepartments(next).length === 0;
  if (complete) next.decidedAt = new Date(Math.max(...next.confirmations!.map((c) => Date.parse(c.at)))).toISOString();
  return { ok: true, decision: next, complete, unchanged: false };
}

/**
 * The activity recording the one joint answer to the citizen for a joint decision that every owner
 * has confirmed; undefined for a decision of one department or one still awaited.
 */
export function jointAnswerOf(decision: Decision, occurredAt?: string): JointAnswer | undefined {
  const departments = decisionDepartments(decision);
  if (departments.length < 2 || !decision.decidedAt) return undefined;
  return { kind: 'joint-answer-given', occurredAt: occurredAt ?? decision.decidedAt, decision: decision.id, departments };
}
