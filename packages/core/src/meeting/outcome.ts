import { BusinessCalendar, dayOf } from '../calendar.js';
import type { MeetingOutcome } from '../schemas/meeting.js';
import type { Intervention, Plan } from '../schemas/plan.js';
import type { Decision } from '../schemas/stall.js';
import { confirmDecision } from './decisions.js';

/**
 * An activity a meeting's outcome implies, for the service to record (each moves the stall clock):
 * the meeting held, each decision taken, each action agreed and the next follow-up planned. By
 * reference only: no title, no notes.
 */
export type OutcomeActivity =
  | { kind: 'meeting-held'; occurredAt: string; meeting: string; citizenAttended?: boolean }
  | { kind: 'decision-taken'; occurredAt: string; decision: { id: string; departments: string[] } }
  | { kind: 'action-agreed'; occurredAt: string; intervention: string; created: boolean; owner: string; due: string }
  | { kind: 'follow-up-planned'; occurredAt: string; date: string };

export type OutcomeProblemCode = 'outcome.stale-plan' | 'outcome.unknown-intervention' | 'outcome.duplicate-intervention';

export type OutcomeResult =
  | {
      ok: true;
      /** The new plan (same `version`: the plan's use case checks it and bumps it). */
      plan: Plan;
      /** The decisions closed or taken, as they now stand (new objects). */
      decisions: Decision[];
      activities: OutcomeActivity[];
    }
  | { ok: false; problem: { code: OutcomeProblemCode; path: string } };

/**
 * Applies a meeting's outcome to the plan, never mutating either: each action updates an existing
 * intervention (its owner, and its end as the action's date) or adds a new one (planned, with the
 * title the case system gave); follow-ups due on or before the meeting's day are marked held at
 * `heldAt`, and the next follow-up is added. Each decision taken is confirmed by its departments at
 * `heldAt`, closing the decision awaited with its id (a joint one stays awaited for any owner not
 * among them), or is recorded as taken there. Refused, with the path of the problem, when
 * `planVersion` is not the plan's version, or an action names an intervention the plan lacks (or a
 * new one with an id it has).
 */
export function applyOutcome(
  plan: Plan,
  outcome: MeetingOutcome,
  options: { decisions?: readonly Decision[]; calendar?: BusinessCalendar } = {},
): OutcomeResult {
  if (outcome.planVersion !== undefined && outcome.planVersion !== plan.version) return { ok: false, problem: { code: 'outcome.stale-plan', path: 'planVersion' } };
  const at = outcome.heldAt;
  const activities: OutcomeActivity[] = [
    { kind: 'meeting-held', occurredAt: at, meeting: outcome.meeting, ...(outcome.citizenAttended !== undefined ? { citizenAttended: outcome.citizenAttended } : {}) },
  ];

  const decisions: Decision[] = [];
  for (const taken of outcome.decisions) {
    const existing = options.decisions?.find((d) => d.id === taken.id);
    let decision: Decision = existing ?? { id: taken.id, departments: [...taken.departments], requestedAt: at };
    for (const department of taken.departments) {
      const r = confirmDecision(decision, { department, at });
      if (r.ok) decision = r.decision;
    }
    decisions.push(decision);
    activities.push({ kind: 'decision-taken', occurredAt: at, decision: { id: taken.id, departments: [...taken.departments] } });
  }

  const interventions: Intervention[] = [...plan.interventions];
  for (const [i, action] of outcome.actions.entries()) {
    const ref = action.intervention;
    const index = interventions.findIndex((iv) => iv.id === ref.id);
    if (ref.kind === 'existing') {
      if (index < 0) return { ok: false, problem: { code: 'outcome.unknown-intervention', path: `actions[${i}].intervention.id` } };
      interventions[index] = { ...interventions[index]!, owner: action.owner, end: action.due };
    } else {
      if (index >= 0) return { ok: false, problem: { code: 'outcome.duplicate-intervention', path: `actions[${i}].intervention.id` } };
      interventions.push({ id: ref.id, title: ref.title, department: ref.department, owner: action.owner, status: 'planned', end: action.due, subGoals: [], dependsOn: [] });
    }
    activities.push({ kind: 'action-agreed', occurredAt: at, intervention: ref.id, created: ref.kind === 'new', owner: action.owner, due: action.due });
  }

  const day = (options.calendar ?? new BusinessCalendar()).localDay(Date.parse(at));
  const followUps = plan.followUps.map((f) => (!f.heldAt && dayOf(f.date) <= day ? { ...f, heldAt: at } : f));
  const next = outcome.nextFollowUp;
  if (next !== undefined) {
    if (!followUps.some((f) => f.date === next && !f.heldAt)) followUps.push({ date: next });
    activities.push({ kind: 'follow-up-planned', occurredAt: at, date: next });
  }
  return { ok: true, plan: { ...plan, interventions, followUps }, decisions, activities };
}
