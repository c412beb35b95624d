// What a caseworker or team lead can do, whatever the channel: the REST API and
// the chat adapters call these. Nothing here knows about HTTP, Slack or Teams.
import { caseDepartments, copenhagenDay, hasCpr, startOfCopenhagenDay, uncoveredDepartments, type Case, type Plan } from '@samspil/core';
import { HAS_PART } from './store/access.js';
import { actorName, audit, type Actor } from './store/audit.js';
import { assignCoordinator as storeAssign, findCase, findCaseOverview, getDocument, listCases, recordActivity, recordConsent, type StoredCase } from './store/cases.js';
import { isSerialId, type Db } from './store/db.js';
import { notifyThreads } from './store/chat.js';
import { tenantCalendar } from './store/tenants.js';

export type Refusal = { ok: false; reason: 'not-found' | 'consent-missing' | 'no-consent' | 'nudge-not-found' | 'personal-data'; detail: string; missing?: string[] };
export type Outcome<T> = ({ ok: true } & T) | Refusal;

export class UseCases {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
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
      const { rowCount } = await tx.query("UPDATE cases SET coordination = 'open', updated_at = $2 WHERE id = $1 AND coordination <> 'open'", [stored.id, this.now()]);
      if (rowCount > 0) {
        await recordActivity(tx, stored.id, 'coordination-opened', this.now(), actorName(actor));
        await audit(tx, actor, 'coordination.open', reference);
      } else await audit(tx, actor, 'case.read', reference);
      return { ok: true, case: stored.case, opened: rowCount > 0 };
    });
  }

  /** Makes `person` the plan coordinator (null: none), keeping the history with a reason. */
  async assignCoordinator(actor: Actor, reference: string, person: string | null, reason?: string): Promise<Outcome<{ case: Case }>> {
    const at = this.now();
    const done = await this.db.transaction(async (tx) => {
      const stored = await findCase(tx, actor.tenant, reference);
      if (!stored) return false;
      if (stored.case.coordinator.current !== person) {
        await storeAssign(tx, stored.id, person, at, reason, actorName(actor));
        await recordActivity(tx, stored.id, 'coordinator-assigned', at, actorName(actor), { person });
        // A new coordinator answers for the case now: the ladder starts again.
        await tx.query("UPDATE nudges SET status = 'closed' WHERE case_id = $1 AND reason IN ('stall.no-coordinator', 'stall.coordinator-unavailable') AND status <> 'closed'", [stored.id]);
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
      await tx.query("UPDATE cases SET coordination = CASE WHEN coordination = 'open' THEN 'closed' ELSE coordination END WHERE id = $1", [stored.id]);
      await tx.query("UPDATE nudges SET status = 'closed' WHERE case_id = $1 AND status IN ('open', 'snoozed')", [stored.id]);
      await tx.query("UPDATE outbox SET status = 'dead', last_error = 'consent withdrawn' WHERE status = 'pending' AND payload->>'caseReference' = $1 AND tenant_id = $2", [reference, actor.tenant]);
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
    const stored = await findCaseOverview<NudgeRow>(this.db, actor.tenant, reference);
    if (!stored) return { ok: false, reason: 'not-found', detail: `case ${reference} does not exist` };
    const [plan] = await Promise.all([this.#plan(stored.id, stored.planVersion), audit(this.db, actor, 'case.read', reference)]);
    return { ok: true, case: stored.case, coordination: stored.coordination, plan, reasons: stored.nudges.map(nudgeView) };
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
  async stalledCases(actor: Actor, filter: { coordinator?: string | undefined; team?: string | undefined; member?: string | undefined; viewer?: string | undefined }, audited = true): Promise<StalledCase[]> {
    const { rows } = await this.db.query<NudgeRow & { coordinator: string | null }>(
      `SELECT ${NUDGE_COLUMNS}, c.coordinator FROM nudges n JOIN cases c ON c.id = n.case_id
        WHERE n.tenant_id = $1 AND n.status IN ('open', 'snoozed')
          AND ($2::text IS NULL OR c.coordinator = $2)
          AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM people pe WHERE pe.tenant_id = c.tenant_id AND pe.id = c.coordinator AND pe.team = $3))
          AND ($4::text IS NULL OR EXISTS (
                SELECT 1 FROM people pe
                 WHERE pe.tenant_id = c.tenant_id
                   AND (pe.id = c.coordinator OR pe.id IN (SELECT person FROM participants WHERE case_id = c.id))
                   AND (pe.team_lead = $4 OR pe.team = (SELECT me.team FROM people me WHERE me.tenant_id = c.tenant_id AND me.id = $4))))
          AND ($5::text IS NULL OR ${HAS_PART('c', '$5::text')})
        ORDER BY c.reference, n.since`,
      [actor.tenant, filter.coordinator ?? null, filter.team ?? null, filter.member ?? null, filter.viewer ?? null],
    );
    const cases = new Map<string, StalledCase>();
    for (const r of rows) {
      const entry = cases.get(r.reference) ?? { reference: r.reference, coordinator: r.coordinator, reasons: [] };
      entry.reasons.push(nudgeView(r));
      cases.set(r.reference, entry);
    }
    if (audited) await audit(this.db, actor, 'stalled.list', null, { count: cases.size, ...filter });
    return [...cases.values()];
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
    return this.#nudgeUpdate(actor, nudgeId, "status = 'acknowledged', acknowledged_at = $3", [this.now()], 'nudge.acknowledge');
  }

  /** Snoozes a nudge for `businessDays` business days (default 3): no reminder or escalation until then. */
  async snoozeNudge(actor: Actor, nudgeId: string, businessDays = 3): Promise<Outcome<{ nudge: NudgeView }>> {
    const calendar = await tenantCalendar(this.db, actor.tenant);
    const day = calendar.addBusinessDays(copenhagenDay(this.now().getTime()), businessDays);
    const until = new Date(startOfCopenhagenDay(day) + 8 * 3_600_000); // 08:00 local that day
    return this.#nudgeUpdate(actor, nudgeId, "status = 'snoozed', snoozed_until = $3", [until], 'nudge.snooze');
  }

  async #nudgeUpdate(actor: Actor, nudgeId: string, set: string, params: unknown[], action: string): Promise<Outcome<{ nudge: NudgeView }>> {
    if (!isSerialId(nudgeId)) return { ok: false, reason: 'nudge-not-found', detail: `no nudge ${nudgeId}` };
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<NudgeRow>(
        `UPDATE nudges n SET ${set} FROM cases c
          WHERE n.id = $1 AND n.tenant_id = $2 AND c.id = n.case_id AND n.status <> 'closed'
          RETURNING ${NUDGE_COLUMNS}`,
        [nudgeId, actor.tenant, ...params],
      );
      const row = rows[0];
      if (!row) return { ok: false, reason: 'nudge-not-found', detail: `no open nudge ${nudgeId}` } as Refusal;
      await audit(tx, actor, action, row.reference, { nudge: nudgeId });
      return { ok: true, nudge: nudgeView(row) };
    });
  }
}

export interface CaseOverview {
  case: Case;
  coordination: StoredCase['coordination'];
  plan: Plan | undefined;
  reasons: NudgeView[];
}

export interface StalledCase {
  reference: string;
  coordinator: string | null;
  reasons: NudgeView[];
}

const rank = (role: string) => ['coordinator', 'caseworker', 'authority', 'specialist', 'team-lead', 'other'].indexOf(role);

export interface NudgeView {
  id: string;
  caseReference: string;
  reason: string;
  subject: string;
  since: string;
  step: number;
  status: string;
  recipient: string | null;
  snoozedUntil: string | null;
}

export interface NudgeRow {
  id: string;
  reference: string;
  reason: string;
  subject: string;
  since: Date;
  step: number;
  status: string;
  recipient: string | null;
  snoozed_until: Date | null;
}

export const NUDGE_COLUMNS = 'n.id::text AS id, c.reference, n.reason, n.subject, n.since, n.step, n.status, n.recipient, n.snoozed_until';

export function nudgeView(r: NudgeRow): NudgeView {
  return {
    id: r.id,
    caseReference: r.reference,
    reason: r.reason,
    subject: r.subject,
    since: new Date(r.since).toISOString(),
    step: r.step,
    status: r.status,
    recipient: r.recipient,
    snoozedUntil: r.snoozed_until ? new Date(r.snoozed_until).toISOString() : null,
  };
}
