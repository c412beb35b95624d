import type { Case, Consent, CoordinatorAssignment, Participant } from '@samspil/core';
import type { Db } from './db.js';

const iso = (value: Date | string | null) => (value === null ? undefined : new Date(value).toISOString());

interface CaseRow {
  id: string;
  reference: string;
  tenant_id: string;
  status: Case['status'];
  departments: string[];
  case_system_url: string | null;
  coordinator: string | null;
  coordination: 'none' | 'open' | 'closed';
  opened_at: Date | string;
  last_activity_at: Date | string;
  participants: Participant[];
  consent: Consent | null;
  history: { person: string; from: string; to: string | null; reason: string | null; assignedBy: string | null }[];
}

export interface StoredCase {
  id: string;
  coordination: CaseRow['coordination'];
  case: Case;
}

// One round trip per case: its participants, newest consent and coordinator history ride along as JSON.
const CASE_COLUMNS = `id::text AS id, reference, tenant_id, status, departments, case_system_url, coordinator, coordination, opened_at, last_activity_at,
  (SELECT coalesce(json_agg(json_build_object('person', p.person, 'department', p.department, 'role', p.role) ORDER BY p.person, p.role), '[]')
     FROM participants p WHERE p.case_id = cases.id) AS participants,
  (SELECT body FROM consents k WHERE k.case_id = cases.id ORDER BY k.id DESC LIMIT 1) AS consent,
  (SELECT coalesce(json_agg(json_build_object('person', a.person, 'from', a.from_at, 'to', a.to_at, 'reason', a.reason, 'assignedBy', a.assigned_by) ORDER BY a.id), '[]')
     FROM coordinator_assignments a WHERE a.case_id = cases.id) AS history`;

/** The fields of a case its owner (the vendor's system) sets; the rest is Samspil's. */
export interface CaseUpsert {
  status?: Case['status'] | undefined;
  departments?: string[] | undefined;
  participants?: Participant[] | undefined;
  openedAt?: string | undefined;
  caseSystemUrl?: string | undefined;
}

/** Creates or updates a case by the vendor's reference; participants, when given, replace the old list. */
export async function upsertCase(db: Db, tenant: string, reference: string, input: CaseUpsert, now: Date): Promise<{ id: string; created: boolean }> {
  const { rows } = await db.query<{ id: string; created: boolean }>(
    `INSERT INTO cases (tenant_id, reference, status, departments, case_system_url, opened_at, last_activity_at, next_check_at)
     VALUES ($1, $2, COALESCE($3, 'active'), COALESCE($4::text[], '{}'), $5, COALESCE($6::timestamptz, $7), $7, $7)
     ON CONFLICT (tenant_id, reference) DO UPDATE SET
       status = COALESCE($3, cases.status),
       departments = COALESCE($4::text[], cases.departments),
       case_system_url = COALESCE($5, cases.case_system_url),
       opened_at = COALESCE($6::timestamptz, cases.opened_at),
       last_activity_at = $7,
       next_check_at = $7,
       updated_at = $7
     RETURNING id::text AS id, (xmax = 0) AS created`,
    [tenant, reference, input.status ?? null, input.departments ?? null, input.caseSystemUrl ?? null, input.openedAt ?? null, now],
  );
  const row = rows[0]!;
  if (input.participants) {
    await db.query('DELETE FROM participants WHERE case_id = $1', [row.id]);
    for (const p of input.participants) {
      await db.query('INSERT INTO participants (case_id, person, department, role) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [row.id, p.person, p.department, p.role]);
    }
  }
  return row;
}

/** A case of the tenant, assembled in core's shape; undefined when the tenant has no such case. */
export async function findCase(db: Db, tenant: string, reference: string): Promise<StoredCase | undefined> {
  const { rows } = await db.query<CaseRow>(`SELECT ${CASE_COLUMNS} FROM cases WHERE tenant_id = $1 AND reference = $2`, [tenant, reference]);
  return rows[0] && assemble(rows[0]);
}

/**
 * What a chat card shows, in one round trip: the case, its plan's version and its open or
 * snoozed nudges. The plan's body is fetched apart (`getDocument`) when the caller has
 * not got that version yet: it is the bulk of the row.
 */
export async function findCaseOverview<N>(db: Db, tenant: string, reference: string): Promise<(StoredCase & { planVersion: number | undefined; nudges: N[] }) | undefined> {
  const { rows } = await db.query<CaseRow & { plan_version: number | null; nudges: N[] }>(
    `SELECT ${CASE_COLUMNS},
       (SELECT version FROM plans WHERE plans.case_id = cases.id) AS plan_version,
       (SELECT coalesce(json_agg(json_build_object('id', n.id::text, 'reference', cases.reference, 'reason', n.reason, 'subject', n.subject, 'since', n.since,
                 'step', n.step, 'status', n.status, 'recipient', n.recipient, 'snoozed_until', n.snoozed_until) ORDER BY n.since), '[]')
          FROM nudges n WHERE n.case_id = cases.id AND n.status IN ('open', 'snoozed')) AS nudges
     FROM cases WHERE tenant_id = $1 AND reference = $2`,
    [tenant, reference],
  );
  const row = rows[0];
  return row && { ...assemble(row), planVersion: row.plan_version ?? undefined, nudges: row.nudges };
}

export interface CaseFilter {
  stalled?: 'true' | 'false' | undefined;
  coordinator?: string | undefined;
  status?: Case['status'] | undefined;
  team?: string | undefined;
  limit?: number | undefined;
}

export async function listCases(db: Db, tenant: string, filter: CaseFilter = {}): Promise<StoredCase[]> {
  const { rows } = await db.query<CaseRow>(
    `SELECT ${CASE_COLUMNS} FROM cases
      WHERE tenant_id = $1
        AND ($2::text IS NULL OR coordinator = $2)
        AND ($3::text IS NULL OR status = $3)
        AND ($4::text IS NULL OR EXISTS (
              SELECT 1 FROM participants p JOIN people pe ON pe.tenant_id = cases.tenant_id AND pe.id = p.person
               WHERE p.case_id = cases.id AND pe.team = $4))
        AND ($6::boolean IS NULL OR $6 = EXISTS (SELECT 1 FROM nudges n WHERE n.case_id = cases.id AND n.status IN ('open', 'snoozed')))
      ORDER BY reference LIMIT $5`,
    [tenant, filter.coordinator ?? null, filter.status ?? null, filter.team ?? null, filter.limit ?? 500, filter.stalled === undefined ? null : filter.stalled === 'true'],
  );
  return rows.map(assemble);
}

function assemble(row: CaseRow): StoredCase {
  const c: Case = {
    reference: row.reference,
    tenant: row.tenant_id,
    status: row.status,
    departments: row.departments,
    participants: row.participants,
    consent: row.consent,
    coordinator: {
      current: row.coordinator,
      history: row.history.map((h) => {
        const a: CoordinatorAssignment = { person: h.person, from: iso(h.from)! };
        if (h.to) a.to = iso(h.to)!;
        if (h.reason) a.reason = h.reason;
        if (h.assignedBy) a.assignedBy = h.assignedBy;
        return a;
      }),
    },
    openedAt: iso(row.opened_at)!,
    lastActivityAt: iso(row.last_activity_at)!,
  };
  if (row.case_system_url) c.caseSystemUrl = row.case_system_url;
  return { id: row.id, coordination: row.coordination, case: c };
}

/** Records consent given, or its withdrawal (the same body with `withdrawnAt`/`endedAt`). */
export async function recordConsent(db: Db, caseId: string, consent: Consent): Promise<void> {
  await db.query('INSERT INTO consents (case_id, body) VALUES ($1, $2)', [caseId, JSON.stringify(consent)]);
}

/** Ends the current coordinator's period and starts the new one's (null: no coordinator). */
export async function assignCoordinator(db: Db, caseId: string, person: string | null, at: Date, reason?: string, by?: string): Promise<void> {
  await db.query('UPDATE coordinator_assignments SET to_at = $2 WHERE case_id = $1 AND to_at IS NULL', [caseId, at]);
  if (person !== null) {
    await db.query('INSERT INTO coordinator_assignments (case_id, person, from_at, reason, assigned_by) VALUES ($1, $2, $3, $4, $5)', [caseId, person, at, reason ?? null, by ?? null]);
  }
  await db.query('UPDATE cases SET coordinator = $2, updated_at = $3 WHERE id = $1', [caseId, person, at]);
}

/** An activity moves the case's stall clock and makes it due for a stall check. */
export async function recordActivity(db: Db, caseId: string, kind: string, occurredAt: Date, actor: string, body: Record<string, unknown> = {}): Promise<void> {
  await db.query('INSERT INTO activities (case_id, kind, body, occurred_at, actor) VALUES ($1, $2, $3, $4, $5)', [caseId, kind, JSON.stringify(body), occurredAt, actor]);
  await db.query('UPDATE cases SET last_activity_at = GREATEST(last_activity_at, $2), next_check_at = now() WHERE id = $1', [caseId, occurredAt]);
}

export type DocumentTable = 'plans' | 'matrices';

export async function getDocument<T>(db: Db, table: DocumentTable, caseId: string): Promise<{ version: number; body: T } | undefined> {
  const { rows } = await db.query<{ version: number; body: T }>(`SELECT version, body FROM ${table} WHERE case_id = $1`, [caseId]);
  return rows[0];
}

/**
 * Writes a plan or matrix when `expected` is its current version (0 for none yet),
 * as version `expected + 1`. Returns the new version, or undefined on a conflict:
 * nothing is overwritten.
 */
export async function putDocument(db: Db, table: DocumentTable, caseId: string, body: object, expected: number): Promise<number | undefined> {
  const next = expected + 1;
  const stored = { ...body, version: next };
  const { rowCount } =
    expected === 0
      ? await db.query(`INSERT INTO ${table} (case_id, version, body) VALUES ($1, $2, $3) ON CONFLICT (case_id) DO NOTHING`, [caseId, next, JSON.stringify(stored)])
      : await db.query(`UPDATE ${table} SET version = $3, body = $4, updated_at = now() WHERE case_id = $1 AND version = $2`, [caseId, expected, next, JSON.stringify(stored)]);
  return rowCount === 1 ? next : undefined;
}
