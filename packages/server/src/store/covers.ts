import type { Cover } from '@samspil/core';
import { storedInstant } from './cases.js';
import type { Db } from './db.js';

/** Records who covers for a person away on a case (from an instant, perhaps up to a day, perhaps for one intervention). */
export async function recordCover(tx: Db, caseId: string, cover: Cover): Promise<void> {
  await tx.query('INSERT INTO covers (case_id, person, covered_by, from_at, until_day, intervention) VALUES ($1, $2, $3, $4, $5, $6)', [
    caseId,
    cover.person,
    cover.by,
    cover.from,
    cover.until ?? null,
    cover.intervention ?? null,
  ]);
}

/** The case's covers, oldest first, in core's shape. */
export async function coversOf(db: Db, caseId: string): Promise<Cover[]> {
  const { rows } = await db.query<{ person: string; covered_by: string; from_at: Date; until_day: string | null; intervention: string | null }>(
    'SELECT person, covered_by, from_at, until_day::text AS until_day, intervention FROM covers WHERE case_id = $1 ORDER BY id',
    [caseId],
  );
  return rows.map((r) => ({ person: r.person, by: r.covered_by, from: storedInstant(r.from_at), ...(r.until_day ? { until: r.until_day } : {}), ...(r.intervention ? { intervention: r.intervention } : {}) }));
}
