// What a caseworker or team lead can do, whatever the channel: the REST API and
// the chat adapters call these. Nothing here knows about HTTP, Slack or Teams.
import { caseDepartments, copenhagenDay, hasCpr, startOfCopenhagenDay, uncoveredDepartments, type Case, type Plan } from '@samspil/core';
import { systemClock, type Clock } from './clock.js';
import { actorName, audit, type Actor } from './store/audit.js';
import { assignCoordinator as storeAssign, closeCoordination, findCase, findCaseOverview, getDocument, listCases, openCoordination, recordActivity, recordConsent, type StoredCase } from './store/cases.js';
import { isSerialId, type Db } from './store/db.js';
import { answerNudge, closeNudges, stalledCases, type StalledFilter } from './store/nudges.js';
import { dropPendingOfCase, notifyThreads } from './store/outbox.js';
import { tenantCalendar } from './store/tenants.js';
import type { NudgeView, StalledCase } from './views.js';

export type Refusal = { ok: false; reason: 'not-found' | 'consent-missing' | 'no-consent' | 'nudge-not-found' | 'personal-data'; detail: string; missing?: string[] };
export type Outcome<T> = ({ ok: true } & T) | Refusal;

export class UseCases {
  constructor(
    private readonly db: Db,
    private readonly now: Clock = systemClock,
  ) {}

  async #case(actor: Actor, reference: string): Promise<StoredCase | undefined> {
    return findCase(this.db, actor.tenant, reference);
  }

  /**
   * Opens the coordination of a case, or returns the open one (idempotent). Refused
   * when two or more departments take part and consent (or another legal basis)
   * does not cover them all.
   */
  async openCoordination(actor: Actor, reference: string): Promise<Outcome<{ case: Case; opened: boolean }>> {
    return this.db.transaction(async (tx) => {
      const stored = await findCase(tx, actor.tenant, reference);
      if (!stored) return { ok: false, reason: 'not-found', detail: `case ${reference} does not exist` };
      const departments = caseDepartments(stored);
      const missing = departments.length >= 2 ? uncoveredDepartments(stored.case.consent, departments, this.now().getTime()) : [];
      if (missing.length > 0) {
        await audit(tx, actor, 'coordination.refused', reference, { missing });
        return { ok: false, reason: 'consent-missing', detail: `consent does not cover ${missing.join(', ')}`, missing };
      }
      const opened = await openCoordination(tx, stored.id, this.now());
      if (opened) {
        await recordActivity(tx, stored.id, 'coordination-opened', this.now(), actorName(actor));
        await audit(tx, actor, 'coordination.open', reference);
      } else await audit(tx, actor, 'case.read', reference);
      return { ok: true, case: stored.case, opened };
    });
  }

  /** Makes `person` the plan coordinator (null: none), keeping the history with a reason. */
  async assignCoordinator(actor: Actor, reference: string, person: string | null, reason?: string): Promise<Outcome<{ case: Case }>> {
    // The reason is kept in the history and shown wherever the case is: chat's as the API's.
    if (reason !== undefined && hasCpr(reason)) return { ok: false, reason: 'personal-data', detail: 'the reason looks like it holds a CPR number; leave personal data in the case system' };
    const at = this.now();
    const done = await this.db.transaction(async (tx) => {
      const stored = await findCase(tx, actor.tenant, reference);
      if (!stored) return false;
      if (stored.case.coordinator.current !== person) {
        await storeAssign(tx, stored.id, person, at, reason, actorName(actor));
        await recordActivity(tx, stored.id, 'coordinator-assigned', at, actorName(actor), { person });
        // A new coordinator answers for the case now: the ladder starts again.
        await closeNudges(tx, stored.id, ['stall.no-coordinator', 'stall.coordinator-unavailable']);
        await notifyThreads(tx, stored.id, 'card', at);
      }
      await audit(tx, actor, 'coordinator.assign', reference, { person });
      return true;
    });
    if (!done) return { ok: false, reason: 'not-found', detail: `case ${reference} does not exist` };
    return { ok: true, case: (await this.#case(actor, reference))!.case };
  }

  /**
   * Who should coordinate: someone from the department that owns the overall goal,
   * else from the department with the most interventions, else the requester.
   */
  async suggestCoordinator(actor: Actor, reference: string, requester: string): Promise<Outcome<{ person: string; department: string | null; basis: 'goal-owner' | 'most-interventions' | 'requester' }>> {
    const stored = await this.#case(actor, reference);
    if (!stored) return { ok: false, reason: 'not-found', detail: `case ${reference} does not exist` };
    const plan = (await getDocument<Plan>(this.db, 'plans', stored.id))?.body;
    await audit(this.db, actor, 'coordinator.suggest', reference);
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

  /** Withdraws consent: the coordination closes and its nudges stop. */
  async withdrawConsent(actor: Actor, reference: string, at?: string): Promise<Outcome<{ case: Case }>> {
    const when = at ?? this.now().toISOString();
    const result = await this.db.transaction(async (tx): Promise<Refusal | undefined> => {
      const stored = await findCase(tx, actor.tenant, reference);
      if (!stored) return { ok: false, reason: 'not-found', detail: `case ${reference} does not exist` };
      const current = stored.case.consent;
      if (!current) return { ok: false, reason: 'no-consent', detail: 'the case has no consent to withdraw' };
      await recordConsent(tx, stored.id, current.basis === 'consent' ? { ...current, withdrawnAt: when } : { ...current, endedAt: when });
      await closeCoordination(tx, stored.id);
      await closeNudges(tx, stored.id);
      await dropPendingOfCase(tx, actor.tenant, reference, 'consent withdrawn');
      // After the line above, which would otherwise drop it: the chat threads hear of it and close.
      await notifyThreads(tx, stored.id, 'closed', this.now(), { reason: 'consent-withdrawn' });
      await recordActivity(tx, stored.id, 'consent-withdrawn', new Date(when), actorName(actor));
      await audit(tx, actor, 'consent.withdraw', reference);
      return undefined;
    });
    if (result) return result;
    return { ok: true, case: (await this.#case(actor, reference))!.case };
  }

  /**
   * A request for coordination (from chat): records who asked for which departments,
   * then opens the coordination as `openCoordination` does. The note is for the
   * professionals and must not carry personal data: the adapter warns, and a note
   * that looks like it holds a CPR number is refused.
   */
  async requestCoordination(actor: Actor, reference: string, departments: string[], note: string): Promise<Outcome<{ case: Case; opened: boolean }>> {
    if (hasCpr(note)) return { ok: false, reason: 'personal-data', detail: 'the note looks like it holds a CPR number; leave personal data in the case system' };
    const stored = await this.#case(actor, reference);
    if (!stored) return { ok: false, reason: 'not-found', detail: `case ${reference} does not exist` };
    await this.db.transaction(async (tx) => {
      await recordActivity(tx, stored.id, 'coordination-requested', this.now(), actorName(actor), { departments, note });
      await audit(tx, actor, 'coordination.request', reference, { departments });
    });
    return this.openCoordination(actor, reference);
  }

  /** A case with its plan (if any) and its open stall reasons: what `status` and the plan card show. */
  async caseOverview(actor: Actor, reference: string): Promise<Outcome<CaseOverview>> {
    // One round trip for the case, its plan's version and its stall reasons (chat answers wait on
    // it); the plan itself only when this version is not at hand.
    const stored = await findCaseOverview(this.db, actor.tenant, reference);
    if (!stored) return { ok: false, reason: 'not-found', detail: `case ${reference} does not exist` };
    const [plan] = await Promise.all([this.#plan(stored.id, stored.planVersion), audit(this.db, actor, 'case.read', reference)]);
    return { ok: true, case: stored.case, coordination: stored.coordination, plan, reasons: stored.nudges };
  }

  /** Plans by case and version: a version never changes, so a kept one is never stale. */
  readonly #plans = new Map<string, { version: number; body: Plan }>();
  async #plan(caseId: string, version: number | undefined): Promise<Plan | undefined> {
    if (version === undefined) return undefined;
    const kept = this.#plans.get(caseId);
    if (kept?.version === version) return kept.body;
    const doc = await getDocument<Plan>(this.db, 'plans', caseId);
    if (!doc) return undefined;
    this.#plans.delete(caseId);
    this.#plans.set(caseId, doc);
    // The oldest goes first beyond a thousand cases (a Map keeps insertion order).
    if (this.#plans.size > 1000) this.#plans.delete(this.#plans.keys().next().value!);
    return doc.body;
  }

  /**
   * Stalled cases (those with open or snoozed nudges) with their reasons, oldest first
   * within a case; filtered by coordinator, by the coordinator's team, or by `member`: cases whose coordinator or a participant is in that person's team or
   * led by that person (what a caseworker or team lead calls "my team's cases"); with `viewer`, only the cases that person has a part in.
   */
  async stalledCases(actor: Actor, filter: StalledFilter, audited = true): Promise<StalledCase[]> {
    const cases = await stalledCases(this.db, actor.tenant, filter);
    if (audited) await audit(this.db, actor, 'stalled.list', null, { count: cases.length, ...filter });
    return cases;
  }

  /** The cases a person coordinates, stalled ones first (a chat home page). */
  async casesCoordinatedBy(actor: Actor, person: string): Promise<{ case: Case; reasons: NudgeView[] }[]> {
    const [cases, stalled] = await Promise.all([listCases(this.db, actor.tenant, { coordinator: person, limit: 100 }), this.stalledCases(actor, { coordinator: person }, false)]);
    const reasons = new Map(stalled.map((s) => [s.reference, s.reasons]));
    await audit(this.db, actor, 'cases.list', null, { coordinator: person, count: cases.length });
    return cases
      .filter((c) => c.case.status !== 'closed')
      .map((c) => ({ case: c.case, reasons: reasons.get(c.case.reference) ?? [] }))
      .sort((a, b) => Number(b.reasons.length > 0) - Number(a.reasons.length > 0) || a.case.reference.localeCompare(b.case.reference));
  }

  /** Acknowledges a nudge: its escalation ladder stops. */
  async acknowledgeNudge(actor: Actor, nudgeId: string): Promise<Outcome<{ nudge: NudgeView }>> {
    return this.#answerNudge(actor, nudgeId, { acknowledgedAt: this.now() }, 'nudge.acknowledge');
  }

  /** Snoozes a nudge for `businessDays` business days (default 3): no reminder or escalation until then. */
  async snoozeNudge(actor: Actor, nudgeId: string, businessDays = 3): Promise<Outcome<{ nudge: NudgeView }>> {
    const calendar = await tenantCalendar(this.db, actor.tenant);
    const day = calendar.addBusinessDays(copenhagenDay(this.now().getTime()), businessDays);
    const until = new Date(startOfCopenhagenDay(day) + 8 * 3_600_000); // 08:00 local that day
    return this.#answerNudge(actor, nudgeId, { snoozedUntil: until }, 'nudge.snooze');
  }

  async #answerNudge(actor: Actor, nudgeId: string, answer: Parameters<typeof answerNudge>[3], action: string): Promise<Outcome<{ nudge: NudgeView }>> {
    if (!isSerialId(nudgeId)) return { ok: false, reason: 'nudge-not-found', detail: `no nudge ${nudgeId}` };
    return this.db.transaction(async (tx) => {
      const nudge = await answerNudge(tx, actor.tenant, nudgeId, answer);
      if (!nudge) return { ok: false, reason: 'nudge-not-found', detail: `no open nudge ${nudgeId}` } as Refusal;
      await audit(tx, actor, action, nudge.caseReference, { nudge: nudgeId });
      return { ok: true, nudge };
    });
  }
}

export interface CaseOverview {
  case: Case;
  coordination: StoredCase['coordination'];
  plan: Plan | undefined;
  reasons: NudgeView[];
}

const rank = (role: string) => ['coordinator', 'caseworker', 'authority', 'specialist', 'team-lead', 'other'].indexOf(role);
