import { INSTANTS, movesActivityClock, type Case, type Consent, type CoordinatorAssignment, type Meeting, type Participant, type RecordedActivity } from '@samspil/core';
import type { NudgeView } from '../views.js';
import { HAS_PART } from './access.js';
import { AUDIT_INSERT, type Actor } from './audit.js';
import { person, PERSON_JSON, type ChatPerson, type ChatPlatform, type PersonRow } from './chat.js';
import type { Db } from './db.js';
import { nudgeView, OPEN_NUDGES_JSON, type NudgeRow } from './nudges.js';
import { CASE_ID } from './references.js';

/**
 * A stored instant in the API's form. One stored before the API bounded instants (a year BC,
 * which the driver reads as an invalid date; infinity; beyond 2200) is answered at the nearest
 * bound, so one bad row cannot fail every read of its tenant's cases.
 */
export function storedInstant(value: Date | string | number): string {
  // The drivers read `infinity` as the number Infinity, a year BC (PGlite) as an invalid date.
  const at = value === Infinity ? INSTANTS.last : new Date(value).getTime();
  return new Date(at >= INSTANTS.first ? Math.min(at, INSTANTS.last) : INSTANTS.first).toISOString();
}

const iso = (value: Date | string | null) => (value === null ? undefined : storedInstant(value));

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
     FROM (SELECT DISTINCT p0.person, p0.department, p0.role FROM participants p0 WHERE p0.case_id = cases.id) p) AS participants,
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

/** Who a case's write came through: the case system's label and the actor, recorded with a reference the write links. */
export interface CaseOrigin {
  /** The label of the system a new reference is linked with ('' when none). */
  system?: string | undefined;
  /** Who linked it (`api-key:…`). */
  by?: string | undefined;
}

/**
 * Creates or updates a case by any of its linked references (a new one becomes a new
 * coordination's first reference, linked with `origin`'s system). Participants, when given,
 * replace those that came through the reference's system, and only those.
 */
export async function upsertCase(db: Db, tenant: string, reference: string, input: CaseUpsert, now: Date, origin: CaseOrigin = {}): Promise<{ id: string; created: boolean }> {
  const { rows } = await db.query<{ id: string; created: boolean; system: string }>(
    `WITH upserted AS (
       INSERT INTO cases (tenant_id, reference, status, departments, case_system_url, opened_at, last_activity_at, next_check_at, closed_at)
       VALUES ($1, COALESCE((SELECT c.reference FROM cases c WHERE c.id = ${CASE_ID('$1', '$2')}), $2), COALESCE($3, 'active'), COALESCE($4::text[], '{}'), $5, COALESCE($6::timestamptz, $7), $7, $7, CASE WHEN $3 = 'closed' THEN $7::timestamptz END)
       ON CONFLICT (tenant_id, reference) DO UPDATE SET
         status = COALESCE($3, cases.status),
         closed_at = CASE WHEN COALESCE($3, cases.status) = 'closed' THEN COALESCE(cases.closed_at, $7) END,
         departments = COALESCE($4::text[], cases.departments),
         case_system_url = COALESCE($5, cases.case_system_url),
         opened_at = COALESCE($6::timestamptz, cases.opened_at),
         last_activity_at = $7,
         next_check_at = $7,
         updated_at = $7
       RETURNING id, (xmax = 0) AS created),
     linked AS (
       INSERT INTO case_references (tenant_id, reference, system, case_id, linked_at, linked_by)
       SELECT $1, $2, $8, id, $7, $9 FROM upserted WHERE created
       ON CONFLICT (tenant_id, reference) WHERE unlinked_at IS NULL DO NOTHING)
     SELECT id::text AS id, created, COALESCE((SELECT r.system FROM case_references r WHERE r.tenant_id = $1 AND r.reference = $2 AND r.unlinked_at IS NULL), $8) AS system FROM upserted`,
    [tenant, reference, input.status ?? null, input.departments ?? null, input.caseSystemUrl ?? null, input.openedAt ?? null, now, origin.system ?? '', origin.by ?? 'system:samspil'],
  );
  const row = rows[0]!;
  if (input.participants) {
    // A statement for those gone and one for those new, not one per participant: an unchanged list writes nothing.
    const ps = input.participants;
    const lists = [row.id, ps.map((p) => p.person), ps.map((p) => p.department), ps.map((p) => p.role), row.system];
    await db.query(
      `DELETE FROM participants p WHERE p.case_id = $1 AND p.system = $5 AND (p.person, p.department, p.role) NOT IN (SELECT * FROM unnest($2::text[], $3::text[], $4::text[]))`,
      lists,
    );
    await db.query('INSERT INTO participants (case_id, person, department, role, system) SELECT $1::bigint, *, $5 FROM unnest($2::text[], $3::text[], $4::text[]) ON CONFLICT DO NOTHING', lists);
  }
  return { id: row.id, created: row.created };
}

/**
 * A case read by `actor`, its audit entry (`case.read`) written by the same statement: one
 * round trip for the API's most frequent request. Undefined, and nothing audited, when the
 * tenant has no such case.
 */
export async function readCase(db: Db, actor: Actor, reference: string): Promise<StoredCase | undefined> {
  const { rows } = await db.query<CaseRow>(
    `WITH found AS (SELECT ${CASE_COLUMNS} FROM cases WHERE id = ${CASE_ID('$1', '$2')}),
          audited AS (${AUDIT_INSERT} SELECT $1, $3, $4, 'case.read', $2, '{}' FROM found)
     SELECT * FROM found`,
    [actor.tenant, reference, actor.kind, actor.id],
  );
  return rows[0] && assemble(rows[0]);
}

/** The database id of a case of the tenant (what a write needs, without the case's data). */
export async function caseIdOf(db: Db, tenant: string, reference: string): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string | null }>(`SELECT ${CASE_ID('$1', '$2')}::text AS id`, [tenant, reference]);
  return rows[0]?.id ?? undefined;
}

/** A case of the tenant, assembled in core's shape; undefined when the tenant has no such case. */
export async function findCase(db: Db, tenant: string, reference: string): Promise<StoredCase | undefined> {
  const { rows } = await db.query<CaseRow>(`SELECT ${CASE_COLUMNS} FROM cases WHERE id = ${CASE_ID('$1', '$2')}`, [tenant, reference]);
  return rows[0] && assemble(rows[0]);
}

/**
 * What a chat card shows, in one round trip: the case, its plan's version and its open or
 * snoozed nudges. The plan's body is fetched apart (`getDocument`) when the caller has
 * not got that version yet: it is the bulk of the row.
 */
export async function findCaseOverview(db: Db, tenant: string, reference: string): Promise<(StoredCase & { planVersion: number | undefined; nudges: NudgeView[] }) | undefined> {
  const { rows } = await db.query<CaseRow & { plan_version: number | null; nudges: NudgeRow[] }>(
    `SELECT ${CASE_COLUMNS},
       (SELECT version FROM plans WHERE plans.case_id = cases.id) AS plan_version,
       ${OPEN_NUDGES_JSON} AS nudges
     FROM cases WHERE id = ${CASE_ID('$1', '$2')}`,
    [tenant, reference],
  );
  const row = rows[0];
  return row && { ...assemble(row), planVersion: row.plan_version ?? undefined, nudges: row.nudges.map(nudgeView) };
}

/**
 * A case as a person in chat reads it, in one statement: need to know (the person has a part
 * in it), the case with its plan's version, open nudges and meetings, the people it names (its
 * coordinator and participants, as `platform` knows them), and the audit entries: `case.read`
 * and `meetings.read` when they may see it, else `access.denied` naming the gesture (no case
 * and no part alike: a refusal does not say whether the case exists). Undefined when refused.
 */
export async function findCaseOverviewFor(
  db: Db,
  actor: Actor,
  reference: string,
  gesture: string,
  platform: ChatPlatform,
  /** People the caller knows already (kept): of those the case names, only the others are read. */
  known: string[] = [],
): Promise<(StoredCase & { planVersion: number | undefined; nudges: NudgeView[]; people: ChatPerson[]; citizenWroteAt: string | undefined; meetings: Meeting[] }) | undefined> {
  const { rows } = await db.query<CaseRow & { plan_version: number | null; nudges: NudgeRow[]; people: PersonRow[]; citizen_wrote_at: Date | string | null; meetings: Meeting[] }>(
    `WITH found AS (
       SELECT cases.*, ${HAS_PART('cases', '$3::text')} AS has_part FROM cases WHERE id = ${CASE_ID('$1', '$2')}
     ), allowed AS (
       SELECT coalesce((SELECT has_part FROM found), false) AS ok
     ), audited AS (
       ${AUDIT_INSERT}
       SELECT $1, $4, $3, entry.action, $2, entry.detail FROM allowed CROSS JOIN LATERAL (
         SELECT 'case.read' AS action, '{}'::jsonb AS detail WHERE ok
         UNION ALL SELECT 'meetings.read', '{}'::jsonb WHERE ok
         UNION ALL SELECT 'access.denied', jsonb_build_object('gesture', $5::text) WHERE NOT ok) AS entry
     )
     SELECT ${CASE_COLUMNS},
       (SELECT version FROM plans WHERE plans.case_id = cases.id) AS plan_version,
       ${OPEN_NUDGES_JSON} AS nudges,
       (SELECT max(written_at) FROM citizen_voices v WHERE v.case_id = cases.id) AS citizen_wrote_at,
       (SELECT coalesce(json_agg(m.body ORDER BY m.starts_at, m.id), '[]') FROM meetings m WHERE m.case_id = cases.id) AS meetings,
       (SELECT coalesce(json_agg(${PERSON_JSON} ORDER BY pe.id), '[]') FROM people pe
         WHERE pe.tenant_id = cases.tenant_id AND pe.id = ANY(ARRAY(SELECT pp.person FROM participants pp WHERE pp.case_id = cases.id) || cases.coordinator)
           AND pe.id <> ALL($6::text[])) AS people
     FROM found AS cases WHERE has_part`,
    [actor.tenant, reference, actor.id, actor.kind, gesture, known],
    { prepared: true },
  );
  const row = rows[0];
  return (
    row && {
      ...assemble(row),
      planVersion: row.plan_version ?? undefined,
      nudges: row.nudges.map(nudgeView),
      people: row.people.map(person(platform)),
      citizenWroteAt: row.citizen_wrote_at ? storedInstant(row.citizen_wrote_at) : undefined,
      meetings: row.meetings,
    }
  );
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
      WHERE tenant_id = $1 AND merged_into IS NULL
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

/**
 * An activity makes the case due for a stall check and, unless it is clock-neutral (a change of
 * caseworker, its take-over, the participant writes they cause: core's movesActivityClock), moves
 * its stall clock. Due by the earlier of the activity's time and the database's: a service whose
 * clock is behind the database's (a test's, a replica's) still finds the case due at once.
 */
export async function recordActivity(db: Db, caseId: string, kind: string, occurredAt: Date, actor: string, body: Record<string, unknown> = {}): Promise<void> {
  await db.query(
    `WITH recorded AS (INSERT INTO activities (case_id, kind, body, occurred_at, actor) VALUES ($1, $3, $4, $2, $5))
     UPDATE cases SET last_activity_at = CASE WHEN $6 THEN GREATEST(last_activity_at, $2) ELSE last_activity_at END, next_check_at = LEAST($2, now()) WHERE id = $1`,
    [caseId, occurredAt, kind, JSON.stringify(body), actor, movesActivityClock(kind)],
  );
}

/** The case's activities that bear on its handovers (changes, take-overs and whatever names a person), oldest first, in core's RecordedActivity shape. */
export async function handoverActivities(db: Db, caseId: string): Promise<RecordedActivity[]> {
  const { rows } = await db.query<{ kind: string; occurred_at: Date; body: Record<string, unknown> }>(
    `SELECT kind, occurred_at, body FROM activities
      WHERE case_id = $1 AND (kind IN ('caseworker-changed', 'caseworker-took-over') OR body ? 'by')
        AND occurred_at >= COALESCE((SELECT min(occurred_at) FROM activities WHERE case_id = $1 AND kind = 'caseworker-changed'), 'infinity')
      ORDER BY occurred_at, id`,
    [caseId],
  );
  return rows.map((r) => {
    const a: RecordedActivity = { kind: r.kind, occurredAt: storedInstant(r.occurred_at) };
    if (typeof r.body.by === 'string') a.by = r.body.by;
    const p = r.body.participant as Participant | undefined;
    if (p) a.participant = { person: p.person, department: p.department, role: p.role };
    if (typeof r.body.previous === 'string') a.previous = r.body.previous;
    if (typeof r.body.previousStaysInformed === 'boolean') a.previousStaysInformed = r.body.previousStaysInformed;
    return a;
  });
}

export type DocumentTable = 'plans' | 'matrices';

export async function getDocument<T>(db: Db, table: DocumentTable, caseId: string): Promise<{ version: number; body: T } | undefined> {
  const { rows } = await db.query<{ version: number; body: T }>(`SELECT version, body FROM ${table} WHERE case_id = $1`, [caseId]);
  return rows[0];
}

/** The version of a case's plan or matrix, without its body (a write needs no more); undefined when there is none. */
export async function documentVersion(db: Db, table: DocumentTable, caseId: string): Promise<number | undefined> {
  const { rows } = await db.query<{ version: number }>(`SELECT version FROM ${table} WHERE case_id = $1`, [caseId]);
  return rows[0]?.version;
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

/** A decision asked of one department or, jointly, of several (once per id): an open decision can stall the case. */
export async function requestDecision(tx: Db, caseId: string, decision: { id: string; departments: string[] }, at: Date): Promise<void> {
  await tx.query('INSERT INTO decisions (case_id, id, department, departments, requested_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (case_id, id) DO NOTHING', [
    caseId,
    decision.id,
    decision.departments[0],
    decision.departments,
    at,
  ]);
}

export async function takeDecision(tx: Db, caseId: string, id: string, at: Date): Promise<void> {
  await tx.query('UPDATE decisions SET decided_at = $3 WHERE case_id = $1 AND id = $2 AND decided_at IS NULL', [caseId, id, at]);
}

/**
 * A new caseworker in a department's role joins the case. The one before (`previous`, else whoever
 * held that department's role) leaves it, unless they stay informed: then they stay, in the role
 * `other` (informed).
 */
export async function changeCaseworker(tx: Db, caseId: string, p: Participant, previous?: string, previousStaysInformed = false): Promise<void> {
  const { rows } = await tx.query<{ person: string }>(
    'DELETE FROM participants WHERE case_id = $1 AND department = $2 AND role = $3 AND person <> $4 AND ($5::text IS NULL OR person = $5) RETURNING person',
    [caseId, p.department, p.role, p.person, previous ?? null],
  );
  await tx.query('INSERT INTO participants (case_id, person, department, role) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [caseId, p.person, p.department, p.role]);
  if (previousStaysInformed) {
    for (const gone of rows) await tx.query("INSERT INTO participants (case_id, person, department, role) VALUES ($1, $2, $3, 'other') ON CONFLICT DO NOTHING", [caseId, gone.person, p.department]);
  }
}

/** Opens the case's coordination; false when it was open already. */
export async function openCoordination(tx: Db, caseId: string, at: Date): Promise<boolean> {
  const { rowCount } = await tx.query("UPDATE cases SET coordination = 'open', updated_at = $2 WHERE id = $1 AND coordination <> 'open'", [caseId, at]);
  return rowCount > 0;
}

export async function closeCoordination(tx: Db, caseId: string): Promise<void> {
  await tx.query("UPDATE cases SET coordination = CASE WHEN coordination = 'open' THEN 'closed' ELSE coordination END WHERE id = $1", [caseId]);
}

/** Active cases due for a stall check, the longest due first; locked (skipping locked ones) unless `lock` is false. The partial index `cases_due` serves it. */
export async function selectDueCases(db: Db, now: Date, limit: number, lock = true): Promise<{ id: string; tenant_id: string; reference: string }[]> {
  const { rows } = await db.query<{ id: string; tenant_id: string; reference: string }>(
    `SELECT id::text AS id, tenant_id, reference FROM cases
      WHERE status = 'active' AND next_check_at <= $1
      ORDER BY next_check_at LIMIT $2${lock ? ' FOR UPDATE SKIP LOCKED' : ''}`,
    [now, limit],
  );
  return rows;
}

/** How long the longest-waiting due stall check has waited, in seconds (0 when none is due): the scheduler's lag. */
export async function stallCheckLag(db: Db, now: Date): Promise<number> {
  const { rows } = await db.query<{ lag: number | null }>("SELECT extract(epoch FROM $1::timestamptz - min(next_check_at))::float8 AS lag FROM cases WHERE status = 'active' AND next_check_at <= $1", [now]);
  return Math.max(0, rows[0]?.lag ?? 0);
}

/** When the case is next looked at (by the stall scheduler). */
export async function scheduleCheck(tx: Db, caseId: string, at: Date): Promise<void> {
  await tx.query('UPDATE cases SET next_check_at = $2 WHERE id = $1', [caseId, at]);
}

/** The cases a person coordinates are looked at now (their absence or departure may stall them). */
export async function checkCasesCoordinatedBy(tx: Db, tenant: string, person: string, at: Date): Promise<void> {
  await tx.query('UPDATE cases SET next_check_at = $3 WHERE tenant_id = $1 AND coordinator = $2', [tenant, person, at]);
}

/** The open places in chat of a case, on every platform: where its erasure is told. */
export async function chatPlacesOf(tx: Db, caseId: string): Promise<{ platform: string; channel: string; thread: string | null; card: string | null }[]> {
  const { rows } = await tx.query<{ platform: string; channel: string; thread: string | null; card: string | null }>(
    'SELECT platform, channel, thread, card FROM chat_threads WHERE case_id = $1 AND closed_at IS NULL AND channel IS NOT NULL',
    [caseId],
  );
  return rows;
}

/**
 * Erases a case: its row and with it (the foreign keys cascade) its references, participants,
 * consents, coordinator history, plan, matrix, activities, decisions, nudges and chat records; the
 * outbox rows that name it by any reference it ever had; and in the audit log each of those
 * references, replaced by its pseudonym.
 */
export async function eraseCaseData(tx: Db, tenant: string, caseId: string, references: { reference: string; pseudonym: string }[]): Promise<void> {
  await eraseReferenceTraces(tx, tenant, references);
  await tx.query('DELETE FROM cases WHERE id = $1', [caseId]);
}

/** The outbox rows that name any of `references`, and the references in the audit log (replaced by their pseudonyms). */
export async function eraseReferenceTraces(tx: Db, tenant: string, references: { reference: string; pseudonym: string }[]): Promise<void> {
  for (const { reference, pseudonym } of references) {
    await tx.query(
      `DELETE FROM outbox WHERE tenant_id = $1 AND jsonb_path_exists(payload, '$.** ? (@.caseReference == $r)', jsonb_build_object('r', $2::text))`,
      [tenant, reference],
    );
    await tx.query('UPDATE audit_log SET case_reference = $3 WHERE tenant_id = $1 AND case_reference = $2', [tenant, reference, pseudonym]);
  }
}

/** Closed cases whose tenant keeps them `retention_days` and whose time is up, oldest first. */
export async function casesPastRetention(db: Db, now: Date, limit: number): Promise<{ tenant: string; reference: string }[]> {
  const { rows } = await db.query<{ tenant: string; reference: string }>(
    `SELECT c.tenant_id AS tenant, r.reference FROM cases c JOIN tenants t ON t.id = c.tenant_id JOIN case_references r ON r.case_id = c.id AND r.unlinked_at IS NULL
      WHERE t.retention_days IS NOT NULL AND c.status = 'closed' AND c.closed_at <= $1::timestamptz - make_interval(days => t.retention_days)
      ORDER BY c.closed_at, c.id, r.id LIMIT $2`,
    [now, limit],
  );
  return rows;
}
