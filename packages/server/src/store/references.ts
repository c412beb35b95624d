// A coordination's case references (issue 26): one per case system, each linked by a deliberate,
// audited act and never by matching names or CPR numbers. Every statement that takes a reference
// goes through `CASE_ID` (one lookup on the partial unique index `case_references_linked`), so
// any linked reference reaches the same coordination. `cases.reference` stays the first linked
// one: what chat names the coordination by.
import { hasCpr } from '@samspil/core';
import type { Db } from './db.js';

/** A case system's label (`familie-sag`): letters, digits, `.`, `_`, `-`, at most 64, never a CPR number. */
export const isSystemLabel = (value: string): boolean => /^[\p{L}\p{N}][\p{L}\p{N}._-]{0,63}$/u.test(value) && !hasCpr(value);

/**
 * The id of the coordination the tenant's reference is linked to, as a SQL expression over the
 * parameters `tenant` and `reference` (e.g. '$1', '$2'); NULL when it is linked to none.
 */
export const CASE_ID = (tenant: string, reference: string) =>
  `(SELECT cr_r.case_id FROM case_references cr_r WHERE cr_r.tenant_id = ${tenant} AND cr_r.reference = ${reference} AND cr_r.unlinked_at IS NULL)`;

/** A reference of a coordination, as the API lists it. */
export interface CaseReference {
  reference: string;
  /** The case system's label; absent when none was given. */
  system?: string;
  linkedAt: string;
  linkedBy: string;
}

interface ReferenceRow {
  reference: string;
  system: string;
  linked_at: Date | string;
  linked_by: string;
}

const view = (r: ReferenceRow): CaseReference => ({
  reference: r.reference,
  ...(r.system ? { system: r.system } : {}),
  linkedAt: new Date(r.linked_at).toISOString(),
  linkedBy: r.linked_by,
});

/** The references linked to a coordination now, the first (its name, `cases.reference`) first, then as they were linked. */
export async function referencesOf(db: Db, caseId: string): Promise<CaseReference[]> {
  const { rows } = await db.query<ReferenceRow>(
    'SELECT r.reference, r.system, r.linked_at, r.linked_by FROM case_references r JOIN cases c ON c.id = r.case_id WHERE r.case_id = $1 AND r.unlinked_at IS NULL ORDER BY (r.reference = c.reference) DESC, r.id',
    [caseId],
  );
  return rows.map(view);
}

/** Every reference a coordination ever had, linked or unlinked (what its erasure pseudonymises). */
export async function everyReferenceOf(db: Db, caseId: string): Promise<string[]> {
  const { rows } = await db.query<{ reference: string }>('SELECT DISTINCT reference FROM case_references WHERE case_id = $1', [caseId]);
  return rows.map((r) => r.reference);
}

/** The coordination a reference is linked to now, with that reference's system label; undefined when none. */
export async function linkedReference(db: Db, tenant: string, reference: string): Promise<{ caseId: string; system: string } | undefined> {
  const { rows } = await db.query<{ case_id: string; system: string }>(
    'SELECT case_id::text AS case_id, system FROM case_references WHERE tenant_id = $1 AND reference = $2 AND unlinked_at IS NULL',
    [tenant, reference],
  );
  const row = rows[0];
  return row && { caseId: row.case_id, system: row.system };
}

/**
 * Links `reference` to the coordination `caseId`. False, and nothing written, when the reference
 * is linked already (to this coordination or another: a reference belongs to one only).
 */
export async function linkReference(tx: Db, tenant: string, caseId: string, reference: string, system: string, by: string, at: Date): Promise<boolean> {
  const { rowCount } = await tx.query(
    `INSERT INTO case_references (tenant_id, reference, system, case_id, linked_at, linked_by) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (tenant_id, reference) WHERE unlinked_at IS NULL DO NOTHING`,
    [tenant, reference, system, caseId, at, by],
  );
  return rowCount === 1;
}

/**
 * Unlinks `reference` from its coordination, keeping the row as history; when it was the
 * coordination's first reference, the earliest still linked becomes its name. False when the
 * reference is not linked, or is the coordination's last (that is erased, not unlinked).
 */
export async function unlinkReference(tx: Db, tenant: string, caseId: string, reference: string, by: string, at: Date): Promise<boolean> {
  const { rowCount } = await tx.query(
    `UPDATE case_references SET unlinked_at = $4, unlinked_by = $5
      WHERE tenant_id = $1 AND case_id = $2 AND reference = $3 AND unlinked_at IS NULL
        AND EXISTS (SELECT 1 FROM case_references o WHERE o.case_id = $2 AND o.reference <> $3 AND o.unlinked_at IS NULL)`,
    [tenant, caseId, reference, at, by],
  );
  if (rowCount !== 1) return false;
  await tx.query(
    `UPDATE cases SET reference = (SELECT r.reference FROM case_references r WHERE r.case_id = $1 AND r.unlinked_at IS NULL ORDER BY r.id LIMIT 1), updated_at = $3
      WHERE id = $1 AND reference = $2`,
    [caseId, reference, at],
  );
  return true;
}

/**
 * Erases one reference of a coordination that keeps others: its rows (history too) go, and the
 * participants that came only through its system (no other linked reference has that system).
 * The coordination's name moves on when it was its first.
 */
export async function eraseReference(tx: Db, tenant: string, caseId: string, reference: string, at: Date): Promise<void> {
  const { rows } = await tx.query<{ system: string }>('DELETE FROM case_references WHERE tenant_id = $1 AND case_id = $2 AND reference = $3 RETURNING system', [tenant, caseId, reference]);
  await removeParticipantsOnlyVia(tx, caseId, [...new Set(rows.map((r) => r.system))]);
  await tx.query(
    `UPDATE cases SET reference = (SELECT r.reference FROM case_references r WHERE r.case_id = $1 AND r.unlinked_at IS NULL ORDER BY r.id LIMIT 1), updated_at = $3
      WHERE id = $1 AND reference = $2`,
    [caseId, reference, at],
  );
}

/** The participants that came through `systems` and through no reference still linked (need to know follows the link). */
export async function removeParticipantsOnlyVia(tx: Db, caseId: string, systems: string[]): Promise<void> {
  await tx.query(
    `DELETE FROM participants p WHERE p.case_id = $1 AND p.system = ANY($2::text[])
        AND NOT EXISTS (SELECT 1 FROM case_references r WHERE r.case_id = $1 AND r.unlinked_at IS NULL AND r.system = p.system)`,
    [caseId, systems],
  );
}

/** Whether two references of the tenant are linked to the same coordination now. */
export async function sameCoordination(db: Db, tenant: string, a: string, b: string): Promise<boolean> {
  const { rows } = await db.query<{ same: boolean | null }>(`SELECT ${CASE_ID('$1', '$2')} = ${CASE_ID('$1', '$3')} AS same`, [tenant, a, b]);
  return rows[0]?.same === true;
}

/** How many references are linked to the coordination now. */
export async function linkedCount(db: Db, caseId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM case_references WHERE case_id = $1 AND unlinked_at IS NULL', [caseId]);
  return rows[0]?.n ?? 0;
}

/**
 * Joins coordination `otherId` into `caseId` (issue 26), within `tx`: the other's references
 * (their history too), participants and departments come over; its decisions, meetings,
 * disagreements, covers, the citizen's voice and its open nudges move (one whose id the remaining
 * coordination has already stays behind, as history). The other stays as read-only history: no
 * reference reaches it, it is closed, `merged_into` points here, and its name becomes
 * `merged:<id>:<reference>` so its reference is free for the coordination it joined.
 * `detail` (what was merged, from where) is recorded in case_merges.
 */
export async function mergeCoordinations(tx: Db, caseId: string, otherId: string, at: Date, by: string, detail: Record<string, unknown>): Promise<void> {
  await tx.query('UPDATE case_references SET case_id = $1 WHERE case_id = $2', [caseId, otherId]);
  await tx.query('INSERT INTO participants (case_id, person, department, role, system) SELECT $1, person, department, role, system FROM participants WHERE case_id = $2 ON CONFLICT DO NOTHING', [caseId, otherId]);
  await tx.query(
    `UPDATE cases c SET departments = ARRAY(SELECT DISTINCT d FROM unnest(c.departments || o.departments) AS d ORDER BY d), updated_at = $3
       FROM cases o WHERE c.id = $1 AND o.id = $2`,
    [caseId, otherId, at],
  );
  for (const table of ['decisions', 'meetings', 'disagreements']) {
    await tx.query(`UPDATE ${table} x SET case_id = $1 WHERE x.case_id = $2 AND NOT EXISTS (SELECT 1 FROM ${table} y WHERE y.case_id = $1 AND y.id = x.id)`, [caseId, otherId]);
  }
  await tx.query('UPDATE covers SET case_id = $1 WHERE case_id = $2', [caseId, otherId]);
  await tx.query('UPDATE citizen_voices SET case_id = $1 WHERE case_id = $2', [caseId, otherId]);
  await tx.query(
    `UPDATE nudges n SET case_id = $1 WHERE n.case_id = $2 AND n.status IN ('open', 'snoozed')
        AND NOT EXISTS (SELECT 1 FROM nudges m WHERE m.case_id = $1 AND m.reason = n.reason AND m.subject = n.subject AND m.period = n.period)`,
    [caseId, otherId],
  );
  await tx.query('UPDATE chat_threads SET closed_at = $2 WHERE case_id = $1 AND closed_at IS NULL', [otherId, at]);
  await tx.query('UPDATE cases SET merged_into = $1 WHERE merged_into = $2', [caseId, otherId]);
  await tx.query(
    `UPDATE cases SET merged_into = $1, status = 'closed', closed_at = COALESCE(closed_at, $3), coordination = CASE WHEN coordination = 'open' THEN 'closed' ELSE coordination END,
        reference = 'merged:' || id || ':' || reference, updated_at = $3
      WHERE id = $2`,
    [caseId, otherId, at],
  );
  await tx.query('INSERT INTO case_merges (case_id, merged_case, merged_at, merged_by, detail) VALUES ($1, $2, $3, $4, $5)', [caseId, otherId, at, by, JSON.stringify(detail)]);
}

/** What was merged into a coordination, oldest first. */
export async function mergesOf(db: Db, caseId: string): Promise<{ mergedAt: string; mergedBy: string; detail: Record<string, unknown> }[]> {
  const { rows } = await db.query<{ merged_at: Date | string; merged_by: string; detail: Record<string, unknown> }>('SELECT merged_at, merged_by, detail FROM case_merges WHERE case_id = $1 ORDER BY id', [caseId]);
  return rows.map((r) => ({ mergedAt: new Date(r.merged_at).toISOString(), mergedBy: r.merged_by, detail: r.detail }));
}
