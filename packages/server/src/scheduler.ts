// The stall scheduler: finds the cases due for a check with one indexed query,
// lets core's stall rules decide, and writes nudges (once per case, reason and
// stall) and their messages into the outbox. Safe to run on several instances.
import { BusinessCalendar, checkPlan, Plan, evaluateStall, isoOfDay, waitingByDepartment, type CaseSnapshot, type StallReason } from '@samspil/core';
import { ladderOf } from './store/access.js';
import { erase } from './usecases/erasure.js';
import type { Actor } from './store/audit.js';
import { casesPastRetention, findCase, scheduleCheck, selectDueCases } from './store/cases.js';
import { closeNudgesNoLongerHeld, createNudge, digestsByTeamLead, nudgesToClimb, reopenSnoozed, stepNudge } from './store/nudges.js';
import { departmentHeads } from './store/organisation.js';
import { enqueue, enqueuedKeys, removeDelivered } from './store/outbox.js';
import { systemClock } from './clock.js';
import { ErrorCode } from './errors.js';
import { createLog, type Log } from './log.js';
import type { Metrics } from './metrics.js';
import { Periodic } from './periodic.js';
import type { Db } from './store/db.js';
import { departmentContacts } from './store/meetings.js';
import { snapshotOf } from './store/snapshots.js';
import { tenantRules, type TenantRules } from './store/tenants.js';
import { enqueueWeeklyDigest, weeklyDigestKey } from './usecases/weekly-digest.js';
import { nextWorkingMoment, workingDayBegun, workingWeekBegun } from './working-hours.js';
import type { Waves } from './usecases/waves.js';

export interface SchedulerOptions {
  db: Db;
  log?: Log;
  now?: () => Date;
  /** Cases checked per tick. */
  batch?: number;
  /** Unacknowledged for this many business days, a nudge moves up the ladder. */
  escalateAfterBusinessDays?: number;
  /** Look at a case again after this long at the latest, even when nothing changed. */
  recheckMs?: number;
  /** The key of the audit log's pseudonyms: with it, closed cases past their tenant's retention are erased. */
  pseudonymKey?: string;
  metrics?: Metrics;
  /** RC waves: their invitations and reminders sent, and those past closing time closed (the digest goes with the close). */
  waves?: Waves;
}

export interface TickResult {
  checked: number;
  nudges: number;
  escalations: number;
  digests: number;
  /** Heads of department's weekly digests put in the outbox. */
  weeklyDigests: number;
  /** Closed cases erased because their tenant's retention ran out. */
  erased: number;
  /** Delivered outbox messages removed (30 days after sending). */
  removed: number;
  /** RC waves' invitations and reminders put in the outbox. */
  rcAsks: number;
  /** RC waves closed because their time was up. */
  rcClosed: number;
}

const DAY_MS = 86_400_000;

/** The people away in a stall.responsible-absent reason (core's data: ids only). */
const absentOf = (r: StallReason): string[] => {
  const absent = (r.data as { absent?: { person?: unknown }[] } | undefined)?.absent ?? [];
  return absent.map((a) => a.person).filter((p): p is string => typeof p === 'string');
};
/** Delivered messages are kept this long (for the outbox listing), then removed. */
const DELIVERED_KEPT_MS = 30 * DAY_MS;

/** The parts of a turn done per tenant's item, each on its own: what a failure is counted under. */
type Step = 'stall-check' | 'escalation' | 'digest' | 'weekly-digest' | 'retention' | 'rc-close' | 'rc-ask';

export class StallScheduler {
  readonly #db: Db;
  readonly #now: () => Date;
  readonly #batch: number;
  readonly #escalateAfter: number;
  readonly #recheckMs: number;
  readonly #pseudonymKey: string | undefined;
  readonly #metrics: Metrics | undefined;
  readonly #periodic: Periodic;
  readonly #waves: Waves | undefined;
  readonly #log: Log;

  constructor(options: SchedulerOptions) {
    this.#db = options.db;
    this.#now = options.now ?? systemClock;
    this.#batch = options.batch ?? 200;
    this.#escalateAfter = options.escalateAfterBusinessDays ?? 2;
    this.#recheckMs = options.recheckMs ?? DAY_MS;
    this.#pseudonymKey = options.pseudonymKey;
    this.#metrics = options.metrics;
    this.#waves = options.waves;
    this.#log = options.log ?? createLog({ level: 'warn' });
    this.#periodic = new Periodic('stall scheduler', () => this.tick(), this.#log);
  }

  start(intervalMs = 60_000): void {
    this.#periodic.start(intervalMs);
  }

  /** Stops ticking and waits for the tick under way. */
  stop(): Promise<void> {
    return this.#periodic.stop();
  }

  /**
   * For readiness: `ok` while it runs and its last turn succeeded. A turn fails only when the
   * service does (the database); one tenant's data failing its part is logged and counted instead.
   */
  get state(): 'ok' | 'stopped' | 'failing' {
    return this.#periodic.state;
  }

  async tick(): Promise<TickResult> {
    const endRun = this.#metrics?.schedulerRuns.startTimer();
    const result: TickResult = { checked: 0, nudges: 0, escalations: 0, digests: 0, weeklyDigests: 0, erased: 0, removed: 0, rcAsks: 0, rcClosed: 0 };
    for (;;) {
      const { checked, nudges } = await this.#checkBatch();
      result.checked += checked;
      result.nudges += nudges;
      if (checked < this.#batch) break;
    }
    result.escalations = await this.#escalate();
    result.digests = await this.#digests();
    result.weeklyDigests = await this.#weeklyDigests();
    result.erased = await this.#retention();
    // Closed first: a wave past its time gets no more reminders.
    result.rcClosed = (await this.#isolated(undefined, 'rc-close', '(all)', 'the waves due to close', async () => (await this.#waves?.closeDueWaves()) ?? 0)) ?? 0;
    result.rcAsks = await this.#rcAsks();
    result.removed = await removeDelivered(this.#db, new Date(this.#now().getTime() - DELIVERED_KEPT_MS));
    endRun?.();
    return result;
  }

  /**
   * RC waves' invitations and reminders due now (the waves decide who, and only in working
   * hours), each recorded as sent in the transaction that puts it in the outbox.
   */
  async #rcAsks(): Promise<number> {
    const waves = this.#waves;
    if (!waves) return 0;
    let sent = 0;
    for (const due of await waves.respondentsDue()) {
      const kind = due.message === 0 ? 'rc-invitation' : 'rc-reminder';
      const payload = { waveId: due.wave, waveName: due.waveName, closesAt: due.closesAt.toISOString(), k: due.k, reminder: due.message };
      const send = async (tx: Db) => void (await enqueue(tx, due.tenant, kind, due.person, `rc:${due.wave}:${due.person}:${due.message}`, this.#now(), payload));
      if (await this.#isolated(undefined, 'rc-ask', due.tenant, `wave ${due.wave}`, () => waves.sendDue(due, send))) sent++;
    }
    return sent;
  }

  /** Erases closed cases whose tenant keeps them `retentionDays` and whose time is up, audited as the system's erasure. */
  async #retention(): Promise<number> {
    const key = this.#pseudonymKey;
    if (!key) return 0;
    const now = this.#now();
    let erased = 0;
    for (const due of await casesPastRetention(this.#db, now, this.#batch)) {
      const system: Actor = { tenant: due.tenant, kind: 'system', id: 'retention' };
      if (await this.#isolated(undefined, 'retention', due.tenant, 'a closed case', () => this.#db.transaction((tx) => erase(tx, system, due.reference, key, now)))) erased++;
    }
    return erased;
  }

  async #checkBatch(): Promise<{ checked: number; nudges: number }> {
    const now = this.#now();
    return this.#db.transaction(async (tx) => {
      const due = await selectDueCases(tx, now, this.#batch);
      let nudges = 0;
      const calendarOf = calendars(tx);
      for (const row of due) {
        const written = await this.#isolated(tx, 'stall-check', row.tenant_id, `case ${row.id}`, async () => {
          const { calendar, rules } = await calendarOf(row.tenant_id);
          const stored = (await findCase(tx, row.tenant_id, row.reference))!;
          const snapshot = await snapshotOf(tx, stored);
          const reasons = evaluateStall(snapshot, now.getTime(), rules, calendar);
          // The next time a rule may fire, so unchanged cases are not re-read every minute.
          const ahead = evaluateStall(snapshot, now.getTime() + this.#recheckMs, rules, calendar).filter((r) => Date.parse(r.since) > now.getTime());
          const next = Math.min(now.getTime() + this.#recheckMs, ...ahead.map((r) => Date.parse(r.since)));
          await scheduleCheck(tx, row.id, new Date(next));
          return this.#writeNudges(tx, row.tenant_id, stored.id, stored.case.reference, snapshot.case.coordinator.current, reasons, now, calendar);
        });
        // A case that failed is looked at again after the usual wait, not in every turn till then.
        if (written === undefined) await scheduleCheck(tx, row.id, new Date(now.getTime() + this.#recheckMs));
        else nudges += written;
      }
      return { checked: due.length, nudges };
    });
  }

  async #writeNudges(tx: Db, tenant: string, caseId: string, reference: string, coordinator: string | null, reasons: StallReason[], now: Date, calendar: BusinessCalendar): Promise<number> {
    // A reason that no longer holds closes its nudge.
    const keys = reasons.map((r) => `${r.code}|${r.subject ?? ''}|${r.since}`);
    await closeNudgesNoLongerHeld(tx, caseId, keys, now);
    let created = 0;
    const ladder = async () => ladderOf(tx, tenant, caseId);
    const coordinatorOrLead = coordinator ?? (await ladder()).teamLead;
    for (const r of reasons) {
      // Someone away with nobody covering: the team lead is the one to name who covers.
      const recipient = r.code === 'stall.responsible-absent' ? ((await ladder()).teamLead ?? coordinatorOrLead) : coordinatorOrLead;
      // A joint decision awaited asks the departments still missing; a disagreement past its deadline, its decider.
      const to = await recipientsOf(tx, tenant, caseId, r, recipient);
      const id = await createNudge(tx, { tenant, caseId, reason: r.code, subject: r.subject ?? '', since: r.since, recipient: to[0]?.person ?? null, at: now });
      if (id) this.#metrics?.nudges.inc({ reason: r.code });
      if (!id || to.length === 0) continue;
      created++;
      for (const [i, { person, department }] of to.entries()) await enqueue(tx, tenant, 'nudge', person, i === 0 ? `nudge:${id}:0` : `nudge:${id}:0:${person}`, nextWorkingMoment(now, calendar), {
        ...(department ? { department } : {}),
        nudgeId: id,
        caseReference: reference,
        // The code, its subject's id and the date: core's sentence quotes an intervention's title
        // (free text), so it is built only where a person with access reads it.
        reason: r.code,
        subject: r.subject ?? '',
        since: r.since,
        step: 0,
        ...(r.code === 'stall.responsible-absent' ? { absent: absentOf(r) } : {}),
      });
    }
    return created;
  }

  /** Open nudges unacknowledged for N business days go to the team lead, then to the head of department. */
  async #escalate(): Promise<number> {
    const now = this.#now();
    return this.#db.transaction(async (tx) => {
      // A snooze that has run out reopens its nudge, and the ladder restarts from there.
      await reopenSnoozed(tx, now);
      const rows = await nudgesToClimb(tx, new Date(now.getTime() - DAY_MS));
      let escalated = 0;
      const calendarOf = calendars(tx);
      for (const n of rows) {
        const sent = await this.#isolated(tx, 'escalation', n.tenant_id, `nudge ${n.id}`, async () => {
          const { calendar } = await calendarOf(n.tenant_id);
          if (calendar.endOfBusinessDays(new Date(n.stepped_at).getTime(), this.#escalateAfter) > now.getTime()) return false;
          const step = n.step + 1;
          const ladder = await ladderOf(tx, n.tenant_id, n.case_id);
          const to = step === 1 ? ladder.teamLead : ladder.head;
          await stepNudge(tx, n.id, step, now, to);
          if (!to) return false;
          await enqueue(tx, n.tenant_id, 'escalation', to, `nudge:${n.id}:${step}`, nextWorkingMoment(now, calendar), {
            nudgeId: n.id,
            caseReference: n.reference,
            reason: n.reason,
            subject: n.subject,
            since: new Date(n.since).toISOString(),
            step,
          });
          return true;
        });
        if (sent) escalated++;
      }
      return escalated;
    });
  }

  /** From the start of a tenant's working hours on its business days: one digest per team lead of their team's stalled cases. */
  async #digests(): Promise<number> {
    const now = this.#now();
    return this.#db.transaction(async (tx) => {
      const rows = await digestsByTeamLead(tx);
      let sent = 0;
      const calendarOf = calendars(tx);
      for (const r of rows) {
        sent += (await this.#isolated(tx, 'digest', r.tenant_id, 'a team lead\'s digest', async () => {
          const { calendar } = await calendarOf(r.tenant_id);
          const day = workingDayBegun(now, calendar);
          if (day === undefined) return 0;
          const items = r.items.map((i) => ({ ...i, since: new Date(i.since).toISOString() }));
          const snapshots = await snapshotsOf(tx, r.tenant_id, [...new Set(items.map((i) => i.caseReference))]);
          const waiting = waitingByDepartment(snapshots, now.getTime(), calendar);
          const legalBasisMissing = snapshots.reduce((n, s) => n + legalBasisMissingIn(s), 0);
          return enqueue(tx, r.tenant_id, 'digest', r.lead, `digest:${r.tenant_id}:${r.lead}:${isoOfDay(day)}`, nextWorkingMoment(now, calendar), { date: isoOfDay(day), items, waiting, legalBasisMissing });
        })) ?? 0;
      }
      return sent;
    });
  }

  /**
   * On the first business day of each week, from the start of the tenant's working hours: one
   * digest per head of department of the week's overview. Only the week `now` is in: a clock that
   * moved on weeks sends no old weeks. Heads whose digest is written are skipped before the
   * overview is read; the dedupe key keeps a second instance from writing it again.
   */
  async #weeklyDigests(): Promise<number> {
    const now = this.#now();
    const calendarOf = calendars(this.#db);
    const due: { tenant: string; head: string; monday: number; calendar: BusinessCalendar }[] = [];
    for (const h of await departmentHeads(this.#db)) {
      const { calendar } = await calendarOf(h.tenant_id);
      const monday = workingWeekBegun(now, calendar);
      if (monday !== undefined) due.push({ tenant: h.tenant_id, head: h.head, monday, calendar });
    }
    const written = await enqueuedKeys(this.#db, due.map((d) => weeklyDigestKey(d.tenant, d.head, d.monday)));
    let sent = 0;
    for (const d of due) {
      if (written.has(weeklyDigestKey(d.tenant, d.head, d.monday))) continue;
      const digest = () => this.#db.transaction((tx) => enqueueWeeklyDigest(tx, () => now, d.tenant, d.head, d.monday, nextWorkingMoment(now, d.calendar)));
      sent += (await this.#isolated(undefined, 'weekly-digest', d.tenant, "a head of department's weekly digest", digest)) ?? 0;
    }
    return sent;
  }

  /**
   * One item's part of a turn (a case, a nudge, a digest, a wave), on its own: when it fails on
   * the tenant's data, it is undone (to a savepoint inside the turn's transaction `tx`), logged by
   * code and counted, and the turn carries on with the others. Undefined when it failed.
   */
  async #isolated<T>(tx: Db | undefined, step: Step, tenant: string, item: string, fn: () => Promise<T>): Promise<T | undefined> {
    await tx?.query('SAVEPOINT scheduler_item');
    try {
      const result = await fn();
      await tx?.query('RELEASE SAVEPOINT scheduler_item');
      return result;
    } catch (error) {
      await tx?.query('ROLLBACK TO SAVEPOINT scheduler_item');
      this.#metrics?.schedulerFailures.inc({ step, tenant });
      // The tenant, the item's id and the error's name and code: never its message, which may quote the data.
      const cause = { name: (error as Error | null)?.name, code: (error as { code?: unknown } | null)?.code };
      this.#log.error({ code: ErrorCode.SchedulerItemFailed, step, tenant, item, cause }, "a scheduler step failed on one tenant's data; the others carried on");
      return undefined;
    }
  }
}

/**
 * Whom a reason's reminder goes to: for a joint decision awaited, a person of each department still
 * missing (its caseworker on the case, else its head), each with the department asked to confirm;
 * for a disagreement past its deadline, the one who settles it; else `fallback` (the coordinator, or
 * the team lead). The nudge's own recipient is the first.
 */
async function recipientsOf(tx: Db, tenant: string, caseId: string, r: StallReason, fallback: string | null): Promise<{ person: string; department?: string }[]> {
  const data = r.data as { awaiting?: unknown; decider?: unknown } | undefined;
  if (r.code === 'stall.decision-awaited' && Array.isArray(data?.awaiting)) {
    const contacts = await departmentContacts(tx, tenant, caseId, data.awaiting.filter((d): d is string => typeof d === 'string'));
    if (contacts.size > 0) return [...contacts].map(([department, person]) => ({ person, department }));
  }
  if (r.code === 'stall.disagreement-open' && typeof data?.decider === 'string') return [{ person: data.decider }];
  return fallback ? [{ person: fallback }] : [];
}

/** Active interventions of a case's plan that state no legal basis (core's plan.legal-basis-missing); a stored plan that no longer parses counts none. */
function legalBasisMissingIn(snapshot: CaseSnapshot): number {
  const plan = snapshot.plan && Plan.safeParse(snapshot.plan);
  return plan?.success ? checkPlan(plan.data).filter((f) => f.code === 'plan.legal-basis-missing').length : 0;
}

/** The snapshots of a tenant's cases by reference (those erased meanwhile left out). */
async function snapshotsOf(tx: Db, tenant: string, references: string[]): Promise<CaseSnapshot[]> {
  const out: CaseSnapshot[] = [];
  for (const reference of references) {
    const stored = await findCase(tx, tenant, reference);
    if (stored) out.push(await snapshotOf(tx, stored));
  }
  return out;
}

/** Each tenant's calendar (its settings' working days, hours and time zone, its closing days) and stall rules, read once per tick. */
function calendars(tx: Db): (tenant: string) => Promise<TenantRules> {
  const cache = new Map<string, TenantRules>();
  return async (tenant) => {
    let rules = cache.get(tenant);
    if (!rules) cache.set(tenant, (rules = await tenantRules(tx, tenant)));
    return rules;
  };
}
