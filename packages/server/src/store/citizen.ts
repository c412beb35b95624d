// What the citizen's view reads and the citizen writes (issue 28): the citizen's voice before a
// meeting, the names the view shows, and the case's meetings when the service keeps them.
import { Meeting, VOICE_SHOWN, type CitizenVoice, type DepartmentName } from '@samspil/core';
import { storedInstant } from './cases.js';
import type { Db } from './db.js';

/** Stores what the citizen wrote (checked by the caller: no CPR number). */
export async function insertVoice(tx: Db, caseId: string, voice: CitizenVoice): Promise<void> {
  await tx.query('INSERT INTO citizen_voices (case_id, text, meeting, written_at) VALUES ($1, $2, $3, $4)', [caseId, voice.text, voice.meeting ?? null, voice.writtenAt]);
}

/** What the citizen wrote, the latest first (at most VOICE_SHOWN). */
export async function voicesOf(db: Db, caseId: string): Promise<CitizenVoice[]> {
  const { rows } = await db.query<{ text: string; meeting: string | null; written_at: Date | string }>(
    'SELECT text, meeting, written_at FROM citizen_voices WHERE case_id = $1 ORDER BY written_at DESC, id DESC LIMIT $2',
    [caseId, VOICE_SHOWN],
  );
  return rows.map((r) => ({ text: r.text, writtenAt: storedInstant(r.written_at), ...(r.meeting ? { meeting: r.meeting } : {}) }));
}

/** When the citizen last wrote (undefined when never): what chat may know of the voice. */
export async function latestVoiceAt(db: Db, caseId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ at: Date | string | null }>('SELECT max(written_at) AS at FROM citizen_voices WHERE case_id = $1', [caseId]);
  return rows[0]?.at ? storedInstant(rows[0].at) : undefined;
}

/** The tenant's departments by name, those of `ids`. */
export async function departmentNames(db: Db, tenant: string, ids: string[]): Promise<DepartmentName[]> {
  if (!ids.length) return [];
  const { rows } = await db.query<DepartmentName>('SELECT id, name FROM departments WHERE tenant_id = $1 AND id = ANY($2::text[])', [tenant, ids]);
  return rows;
}

/**
 * The case's booked meetings, when the service keeps meetings (issue 25's `meetings` table, core's
 * Meeting in `body`); none before that table exists. A stored body that no longer parses is left out.
 */
export async function bookedMeetings(db: Db, caseId: string): Promise<Meeting[]> {
  const { rows: table } = await db.query<{ found: string | null }>("SELECT to_regclass('meetings')::text AS found");
  if (!table[0]?.found) return [];
  const { rows } = await db.query<{ body: unknown }>("SELECT body FROM meetings WHERE case_id = $1 AND state = 'booked' ORDER BY starts_at LIMIT 50", [caseId]);
  return rows.flatMap((r) => {
    const parsed = Meeting.safeParse(r.body);
    return parsed.success ? [parsed.data] : [];
  });
}
