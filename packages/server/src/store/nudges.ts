// Nudges: a stalled case's reminders and their escalation ladder. Every statement on the
// `nudges` table is here; the scheduler and the use cases decide when.
import type { NudgeView, StalledCase } from '../views.js';
import { HAS_PART, TEAM_LEAD } from './access.js';
import type { Db } from './db.js';

interface NudgeRow {
  id: string;
  reference: string;
  reason: string;
  subject: string;
  since: Date | string;
  step: number;
  status: NudgeView['status'];
  recipient: string | null;
  snoozed_until: Date | string | null;
}

const NUDGE_COLUMNS = 'n.id::text AS id, c.reference, n.reason, n.subject, n.since, n.step, n.status, n.recipient, n.snoozed_until';

/** A nudge as the API and chat show it. */
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

/** The open and snoozed nudges of one case as JSON, for a query on `cases` (aliased `cases`). */
export const OPEN_NUDGES_JSON = `(SELECT coalesce(json_agg(json_build_object('id', n.id::text, 'reference', cases.reference, 'reason', n.reason, 'subject', n.subject, 'since', n.since,
                 'step', n.step, 'status', n.status, 'recipient', n.recipient, 'snoozed_until', n.snoozed_until) ORDER BY n.since), '[]')
          FROM nudges n WHERE n.case_id = cases.id AND n.status IN ('open', 'snoozed'))`;
export type { NudgeRow };

/** The tenant's nudges (up to 500), filtered by status and recipient. */
export async function listNudges(db: Db, tenant: string, filter: { status?: NudgeView['status'] | undefined; recipient?: string | undefined }): Promise<NudgeView[]> {
  const { rows } = await db.query<NudgeRow>(
    `SELECT ${NUDGE_COLUMNS} FROM nudges n JOIN cases c ON c.id = n.case_id
      WHERE n.tenant_id = $1 AND ($2::text IS NULL OR n.status = $2) AND ($3::text IS NULL OR n.recipient = $3)
      ORDER BY n.id LIMIT 500`,
    [tenant, filter.status ?? null, filter.recipient ?? null],
  );
  return rows.map(nudgeView);
}

export interface StalledFilter {
  coordinator?: string | undefined;
  /** The coordinator's team. */
  team?: string | undefined;
  /** Cases whose coordinator or a participant is in this person's team or led by this person. */
  member?: string | undefined;
  /** Only cases this person has a part in. */
  viewer?: string | undefined;
}

/** Cases with open or snoozed nudges, each with its reasons oldest first, by reference. */
export async function stalledCases(db: Db, tenant: string, filter: StalledFilter): Promise<StalledCase[]> {
  const { rows } = await db.query<NudgeRow & { coordinator: string | null }>(
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
    [tenant, filter.coordinator ?? null, filter.team ?? null, filter.member ?? null, filter.viewer ?? null],
  );
  const cases = new Map<string, StalledCase>();
  for (const r of rows) {
    const entry = cases.get(r.reference) ?? { reference: r.reference, coordinator: r.coordinator, reasons: [] };
    entry.reasons.push(nudgeView(r));
    cases.set(r.reference, entry);
  }
  return [...cases.values()];
}

/** Acknowledges (or snoozes until `until`) a nudge that is not closed; undefined when the tenant has no such nudge. */
export async function answerNudge(tx: Db, tenant: string, id: string, answer: { acknowledgedAt: Date } | { snoozedUntil: Date }): Promise<NudgeView | undefined> {
  const [set, value] = 'acknowledgedAt' in answer ? ["status = 'acknowledged', acknowledged_at = $3", answer.acknowledgedAt] : ["status = 'snoozed', snoozed_until = $3", answer.snoozedUntil];
  const { rows } = await tx.query<NudgeRow>(
    `UPDATE nudges n SET ${set} FROM cases c
      WHERE n.id = $1 AND n.tenant_id = $2 AND c.id = n.case_id AND n.status <> 'closed'
      RETURNING ${NUDGE_COLUMNS}`,
    [id, tenant, value],
  );
  return rows[0] && nudgeView(rows[0]);
}

/** Closes a case's nudges (acknowledged ones too); with `reasons`, only those with one of these codes. `at`: when (the stall episode's end; else the transaction's time). */
export async function closeNudges(tx: Db, caseId: string, reasons?: string[], at?: Date): Promise<void> {
  await tx.query("UPDATE nudges SET status = 'closed', closed_at = $3 WHERE case_id = $1 AND status <> 'closed' AND ($2::text[] IS NULL OR reason = ANY($2::text[]))", [caseId, reasons ?? null, at ?? null]);
}

/** Closes a case's open and snoozed nudges whose reason (`code|subject|period`) no longer holds; `at`, when it was seen (the stall episode's end). */
export async function closeNudgesNoLongerHeld(tx: Db, caseId: string, holding: string[], at?: Date): Promise<void> {
  await tx.query(
    `UPDATE nudges SET status = 'closed', closed_at = $3 WHERE case_id = $1 AND status IN ('open', 'snoozed')
       AND NOT (reason || '|' || subject || '|' || period = ANY($2::text[]))`,
    [caseId, holding, at ?? null],
  );
}

/** Writes a nudge once per case, reason, subject and period; its id, or undefined when it existed. */
export async function createNudge(tx: Db, n: { tenant: string; caseId: string; reason: string; subject: string; since: string; recipient: string | null; at: Date }): Promise<string | undefined> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO nudges (tenant_id, case_id, reason, subject, period, since, recipient, stepped_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (case_id, reason, subject, period) DO NOTHING RETURNING id::text AS id`,
    [n.tenant, n.caseId, n.reason, n.subject, n.since, n.since, n.recipient, n.at],
  );
  return rows[0]?.id;
}

/** Snoozes that have run out reopen their nudges; the ladder restarts from `now`. */
export async function reopenSnoozed(tx: Db, now: Date): Promise<void> {
  await tx.query("UPDATE nudges SET status = 'open', stepped_at = $1, snoozed_until = NULL WHERE status = 'snoozed' AND snoozed_until <= $1", [now]);
}

export interface ClimbingNudge {
  id: string;
  tenant_id: string;
  case_id: string;
  reference: string;
  reason: string;
  subject: string;
  since: Date;
  step: number;
  stepped_at: Date;
  recipient: string | null;
}

/** Open nudges below the top of the ladder, last stepped before `before`, locked for this transaction. */
export async function nudgesToClimb(tx: Db, before: Date): Promise<ClimbingNudge[]> {
  const { rows } = await tx.query<ClimbingNudge>(
    `SELECT n.id::text AS id, n.tenant_id, n.case_id::text AS case_id, c.reference, n.reason, n.subject, n.since, n.step, n.stepped_at, n.recipient
       FROM nudges n JOIN cases c ON c.id = n.case_id
      WHERE n.status = 'open' AND n.step < 2 AND n.stepped_at <= $1
      FOR UPDATE OF n SKIP LOCKED`,
    [before],
  );
  return rows;
}

/** A nudge moved up the ladder to `recipient` (kept when null). */
export async function stepNudge(tx: Db, id: string, step: number, at: Date, recipient: string | null): Promise<void> {
  await tx.query('UPDATE nudges SET step = $2, stepped_at = $3, recipient = COALESCE($4, recipient) WHERE id = $1', [id, step, at, recipient]);
}

/** Each team lead's stalled cases (open or snoozed nudges), oldest first: the daily digest. */
export async function digestsByTeamLead(tx: Db): Promise<{ tenant_id: string; lead: string; items: { caseReference: string; reason: string; since: string }[] }[]> {
  const { rows } = await tx.query<{ tenant_id: string; lead: string; items: { caseReference: string; reason: string; since: string }[] }>(
    `SELECT n.tenant_id, lead.team_lead AS lead,
            json_agg(json_build_object('caseReference', c.reference, 'reason', n.reason, 'since', n.since) ORDER BY n.since) AS items
       FROM nudges n
       JOIN cases c ON c.id = n.case_id
       -- The team lead the case's reminders go to (one with a part in the case).
       JOIN LATERAL (SELECT ${TEAM_LEAD('c')} AS team_lead) lead ON lead.team_lead IS NOT NULL
      WHERE n.status IN ('open', 'snoozed')
      GROUP BY n.tenant_id, lead.team_lead`,
  );
  return rows;
}
