// RC measurement waves: the wave, its groups and who rates whom, its respondents (their
// delivery state only) and the answers under per-wave pseudonyms; a tenant's wording.
// Why closing does what it does: migrations/008_rc_waves.sql.
import { RC_ITEMS, type RcItem, type RcWordingOverride } from '@samspil/core';
import { isSerialId, type Db } from './db.js';

export interface WaveRow {
  id: string;
  tenant: string;
  name: string;
  opensAt: Date;
  closesAt: Date;
  k: number;
  /** Dimensions a rating needs answered to count in the score. */
  minItems: number;
  state: 'open' | 'closed';
  /** The wave key while open; null once destroyed. */
  key: Buffer | null;
  startedBy: string | null;
  surveyId: string | null;
  createdAt: Date;
  closedAt: Date | null;
}

export interface WaveGroupRow {
  name: string;
  members: number;
  answered: number;
}

/** A group as a wave is created with: its name and its people, resolved. */
export interface NewGroup {
  name: string;
  people: string[];
}

const columns = (w: string) =>
  `${w}.id::text AS id, ${w}.tenant_id, ${w}.name, ${w}.opens_at, ${w}.closes_at, ${w}.k, ${w}.min_items, ${w}.state, ${w}.wave_key, ${w}.started_by, ${w}.survey_id::text AS survey_id, ${w}.created_at, ${w}.closed_at`;

interface RawWave {
  id: string;
  tenant_id: string;
  name: string;
  opens_at: Date | string;
  closes_at: Date | string;
  k: number;
  min_items: number;
  state: 'open' | 'closed';
  wave_key: Uint8Array | null;
  started_by: string | null;
  survey_id: string | null;
  created_at: Date | string;
  closed_at: Date | string | null;
}

const toWave = (r: RawWave): WaveRow => ({
  id: r.id,
  tenant: r.tenant_id,
  name: r.name,
  opensAt: new Date(r.opens_at),
  closesAt: new Date(r.closes_at),
  k: r.k,
  minItems: r.min_items,
  state: r.state,
  key: r.wave_key && Buffer.from(r.wave_key),
  startedBy: r.started_by,
  surveyId: r.survey_id,
  createdAt: new Date(r.created_at),
  closedAt: r.closed_at === null ? null : new Date(r.closed_at),
});

/**
 * Stores a new wave with its groups, pairs and respondents. Undefined when the tenant has a
 * wave of that name already.
 */
export async function insertWave(
  tx: Db,
  tenant: string,
  wave: { name: string; opensAt: Date; closesAt: Date; k: number; minItems: number; key: Buffer; startedBy: string | null; groups: NewGroup[]; pairs: [string, string][] },
): Promise<string | undefined> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO rc_waves (tenant_id, name, opens_at, closes_at, k, min_items, wave_key, started_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (tenant_id, name) DO NOTHING RETURNING id::text AS id`,
    [tenant, wave.name, wave.opensAt, wave.closesAt, wave.k, wave.minItems, wave.key, wave.startedBy],
  );
  const id = rows[0]?.id;
  if (!id) return undefined;
  await tx.query('INSERT INTO rc_wave_groups (wave_id, name, position) SELECT $1, name, position - 1 FROM unnest($2::text[]) WITH ORDINALITY AS g(name, position)', [
    id,
    wave.groups.map((g) => g.name),
  ]);
  await tx.query('INSERT INTO rc_wave_pairs (wave_id, rater, rated) SELECT $1, rater, rated FROM unnest($2::text[], $3::text[]) AS p(rater, rated)', [
    id,
    wave.pairs.map((p) => p[0]),
    wave.pairs.map((p) => p[1]),
  ]);
  const members = wave.groups.flatMap((g) => g.people.map((person) => [person, g.name] as const));
  await tx.query('INSERT INTO rc_wave_respondents (wave_id, person, group_name) SELECT $1, person, grp FROM unnest($2::text[], $3::text[]) AS r(person, grp)', [
    id,
    members.map((m) => m[0]),
    members.map((m) => m[1]),
  ]);
  return id;
}

/** The people a group is chosen by: a department's or a team's (those who have not left), or named ones that exist. */
export async function peopleChosen(db: Db, tenant: string, by: { department: string } | { team: string } | { people: string[] }): Promise<string[]> {
  if ('people' in by) {
    const { rows } = await db.query<{ id: string }>(
      "SELECT id FROM people WHERE tenant_id = $1 AND id = ANY($2::text[]) AND availability->>'status' <> 'left' ORDER BY id",
      [tenant, by.people],
    );
    return rows.map((r) => r.id);
  }
  const [column, value] = 'department' in by ? ['department', by.department] : ['team', by.team];
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM people WHERE tenant_id = $1 AND ${column} = $2 AND availability->>'status' <> 'left' ORDER BY id`,
    [tenant, value],
  );
  return rows.map((r) => r.id);
}

/** A wave of the tenant; `lock`: held until the transaction ends (closing takes `update`, an answer `share`). */
export async function findWave(db: Db, tenant: string, id: string, lock?: 'update' | 'share'): Promise<WaveRow | undefined> {
  if (!isSerialId(id)) return undefined;
  const { rows } = await db.query<RawWave>(`SELECT ${columns('rc_waves')} FROM rc_waves WHERE tenant_id = $1 AND id = $2${lock ? ` FOR ${lock.toUpperCase()}` : ''}`, [tenant, id]);
  return rows[0] && toWave(rows[0]);
}

/** A tenant's wave by its name (one `startedBy` started, when given). */
export async function findWaveNamed(db: Db, tenant: string, name: string, startedBy?: string): Promise<WaveRow | undefined> {
  const { rows } = await db.query<RawWave>(`SELECT ${columns('rc_waves')} FROM rc_waves WHERE tenant_id = $1 AND name = $2 AND ($3::text IS NULL OR started_by = $3)`, [tenant, name, startedBy ?? null]);
  return rows[0] && toWave(rows[0]);
}

/** A tenant's newest 200 waves, or those `startedBy` started. */
export async function listWaves(db: Db, tenant: string, startedBy?: string): Promise<WaveRow[]> {
  const { rows } = await db.query<RawWave>(`SELECT ${columns('rc_waves')} FROM rc_waves WHERE tenant_id = $1 AND ($2::text IS NULL OR started_by = $2) ORDER BY id DESC LIMIT 200`, [tenant, startedBy ?? null]);
  return rows.map(toWave);
}

/** The open waves (of every tenant) whose closing time has passed: for the scheduler to close. */
export async function wavesPastClosing(db: Db, now: Date): Promise<{ tenant: string; id: string }[]> {
  const { rows } = await db.query<{ tenant_id: string; id: string }>("SELECT tenant_id, id::text AS id FROM rc_waves WHERE state = 'open' AND closes_at <= $1 ORDER BY closes_at", [now]);
  return rows.map((r) => ({ tenant: r.tenant_id, id: r.id }));
}

/** The open waves a person is asked in, with their group. */
export async function openWavesOf(db: Db, tenant: string, person: string): Promise<(WaveRow & { group: string; answered: boolean })[]> {
  const { rows } = await db.query<RawWave & { group_name: string; answered: boolean }>(
    `SELECT ${columns('w')}, r.group_name, r.answered FROM rc_waves w JOIN rc_wave_respondents r ON r.wave_id = w.id
      WHERE w.tenant_id = $1 AND r.person = $2 AND w.state = 'open' ORDER BY w.closes_at, w.id`,
    [tenant, person],
  );
  return rows.map((r) => ({ ...toWave(r), group: r.group_name, answered: r.answered }));
}

/** The groups in order with their members and respondents: counted live while open, as kept at close after. */
export async function waveGroups(db: Db, waveId: string): Promise<WaveGroupRow[]> {
  const { rows } = await db.query<{ name: string; members: number; answered: number }>(
    `SELECT g.name, COALESCE(g.members, count(r.person))::int AS members, COALESCE(g.answered, count(r.person) FILTER (WHERE r.answered))::int AS answered
       FROM rc_wave_groups g LEFT JOIN rc_wave_respondents r ON r.wave_id = g.wave_id AND r.group_name = g.name
      WHERE g.wave_id = $1 GROUP BY g.wave_id, g.name, g.position, g.members, g.answered ORDER BY g.position`,
    [waveId],
  );
  return rows;
}

/** Who rates whom, in the groups' order. */
export async function wavePairs(db: Db, waveId: string): Promise<[string, string][]> {
  const { rows } = await db.query<{ rater: string; rated: string }>(
    `SELECT p.rater, p.rated FROM rc_wave_pairs p
       JOIN rc_wave_groups a ON a.wave_id = p.wave_id AND a.name = p.rater JOIN rc_wave_groups b ON b.wave_id = p.wave_id AND b.name = p.rated
      WHERE p.wave_id = $1 ORDER BY a.position, b.position`,
    [waveId],
  );
  return rows.map((r) => [r.rater, r.rated]);
}

/** A person's group in a wave and whether they have answered; undefined when not asked. */
export async function respondentOf(db: Db, waveId: string, person: string): Promise<{ group: string; answered: boolean } | undefined> {
  const { rows } = await db.query<{ group_name: string; answered: boolean }>('SELECT group_name, answered FROM rc_wave_respondents WHERE wave_id = $1 AND person = $2', [waveId, person]);
  return rows[0] && { group: rows[0].group_name, answered: rows[0].answered };
}

/** Stores (or replaces) one respondent's answers about one partner group. */
export async function saveAnswers(tx: Db, waveId: string, pseudonym: string, raterGroup: string, partnerGroup: string, values: Record<RcItem, number | null>): Promise<void> {
  await tx.query(
    `INSERT INTO rc_wave_answers (wave_id, pseudonym, rater_group, partner_group, item, value)
     SELECT $1, $2, $3, $4, item, value FROM unnest($5::text[], $6::smallint[]) AS a(item, value)
     ON CONFLICT (wave_id, pseudonym, partner_group, item) DO UPDATE SET value = EXCLUDED.value`,
    [waveId, pseudonym, raterGroup, partnerGroup, [...RC_ITEMS], RC_ITEMS.map((k) => values[k])],
  );
}

/** Marks a respondent as having answered; true when this was their first answer. */
export async function markAnswered(tx: Db, waveId: string, person: string): Promise<boolean> {
  const { rowCount } = await tx.query('UPDATE rc_wave_respondents SET answered = true WHERE wave_id = $1 AND person = $2 AND NOT answered', [waveId, person]);
  return rowCount > 0;
}

export interface AnswerRow {
  pseudonym: string;
  rater: string;
  partner: string;
  item: RcItem;
  value: number | null;
}

/** A wave's answers (of one pseudonym, when given), by rater group, partner group and pseudonym in the groups' order. */
export async function waveAnswers(db: Db, waveId: string, pseudonym?: string): Promise<AnswerRow[]> {
  const { rows } = await db.query<{ pseudonym: string; rater_group: string; partner_group: string; item: RcItem; value: number | null }>(
    `SELECT a.pseudonym, a.rater_group, a.partner_group, a.item, a.value FROM rc_wave_answers a
       JOIN rc_wave_groups r ON r.wave_id = a.wave_id AND r.name = a.rater_group JOIN rc_wave_groups p ON p.wave_id = a.wave_id AND p.name = a.partner_group
      WHERE a.wave_id = $1 AND ($2::text IS NULL OR a.pseudonym = $2) ORDER BY r.position, p.position, a.pseudonym`,
    [waveId, pseudonym ?? null],
  );
  return rows.map((r) => ({ pseudonym: r.pseudonym, rater: r.rater_group, partner: r.partner_group, item: r.item, value: r.value === null ? null : Number(r.value) }));
}

/**
 * Closes a scored wave, in the caller's transaction: keeps the counts per group, deletes the
 * answers of rater groups below k, writes the answers anew under fresh random pseudonyms in
 * their order (without digits, so no export of them can hold a CPR number; migration 017), deletes the respondent rows, destroys the key and links the survey. Returns
 * the wave as it now stands.
 */
export async function sealWave(tx: Db, wave: WaveRow, surveyId: string, closedAt: Date): Promise<WaveRow> {
  await tx.query(
    `UPDATE rc_wave_groups g SET members = c.members, answered = c.answered
       FROM (SELECT group_name, count(*)::int AS members, (count(*) FILTER (WHERE answered))::int AS answered FROM rc_wave_respondents WHERE wave_id = $1 GROUP BY group_name) c
      WHERE g.wave_id = $1 AND g.name = c.group_name`,
    [wave.id],
  );
  await tx.query('UPDATE rc_wave_groups SET members = COALESCE(members, 0), answered = COALESCE(answered, 0) WHERE wave_id = $1', [wave.id]);
  await tx.query('DELETE FROM rc_wave_answers a USING rc_wave_groups g WHERE a.wave_id = $1 AND g.wave_id = a.wave_id AND g.name = a.rater_group AND g.answered < $2', [wave.id, wave.k]);
  await tx.query(
    `WITH old AS (DELETE FROM rc_wave_answers WHERE wave_id = $1 RETURNING *),
          fresh AS (SELECT pseudonym, translate(gen_random_uuid()::text, '0123456789', 'ghijklmnop') AS renamed FROM (SELECT DISTINCT pseudonym FROM old) d)
     INSERT INTO rc_wave_answers (wave_id, pseudonym, rater_group, partner_group, item, value)
     SELECT o.wave_id, f.renamed, o.rater_group, o.partner_group, o.item, o.value FROM old o JOIN fresh f USING (pseudonym)
      ORDER BY f.renamed, o.partner_group, o.item`,
    [wave.id],
  );
  await tx.query('DELETE FROM rc_wave_respondents WHERE wave_id = $1', [wave.id]);
  await tx.query("UPDATE rc_waves SET state = 'closed', wave_key = NULL, closed_at = $2, survey_id = $3 WHERE id = $1", [wave.id, closedAt, surveyId]);
  return { ...wave, state: 'closed', key: null, closedAt, surveyId };
}

/** The last closed wave of the tenant over exactly the same groups (by name), with its survey. */
export async function previousWave(db: Db, wave: WaveRow): Promise<WaveRow | undefined> {
  const same = (w: string) => `(SELECT array_agg(name ORDER BY name) FROM rc_wave_groups WHERE wave_id = ${w})`;
  const { rows } = await db.query<RawWave>(
    `SELECT ${columns('w')} FROM rc_waves w
      WHERE w.tenant_id = $1 AND w.id <> $2 AND w.state = 'closed' AND w.survey_id IS NOT NULL AND ${same('w.id')} = ${same('$2')}
      ORDER BY w.closed_at DESC, w.id DESC LIMIT 1`,
    [wave.tenant, wave.id],
  );
  return rows[0] && toWave(rows[0]);
}

/** A respondent who may get a message now: the invitation, or reminder 1 or 2. */
export interface DueRespondent {
  tenant: string;
  wave: string;
  waveName: string;
  closesAt: Date;
  /** The fewest answers a group needs to count: the invitation says so. */
  k: number;
  person: string;
  /** 0: the invitation; 1, 2: the reminders. */
  message: 0 | 1 | 2;
}

/**
 * Respondents of running waves (of every tenant) who have not answered and are due a message at
 * `now`: the invitation once the wave opens; a reminder when a third (the first) or two thirds
 * (the second) of the wave's time has passed. Working hours are the caller's to check.
 */
export async function dueRespondents(db: Db, now: Date, limit = 500): Promise<DueRespondent[]> {
  const { rows } = await db.query<{ tenant_id: string; wave_id: string; name: string; closes_at: Date | string; k: number; person: string; message: number }>(
    `SELECT w.tenant_id, w.id::text AS wave_id, w.name, w.closes_at, w.k, r.person, CASE WHEN r.invited_at IS NULL THEN 0 ELSE r.reminders_sent + 1 END AS message
       FROM rc_waves w JOIN rc_wave_respondents r ON r.wave_id = w.id
      WHERE w.state = 'open' AND w.opens_at <= $1 AND w.closes_at > $1 AND NOT r.answered
        AND (r.invited_at IS NULL OR (r.reminders_sent < 2 AND $1 >= w.opens_at + (w.closes_at - w.opens_at) * (r.reminders_sent + 1) / 3))
      ORDER BY w.id, r.person LIMIT $2`,
    [now, limit],
  );
  return rows.map((r) => ({ tenant: r.tenant_id, wave: r.wave_id, waveName: r.name, closesAt: new Date(r.closes_at), k: Number(r.k), person: r.person, message: r.message as 0 | 1 | 2 }));
}

/** Records that a due message goes out; false when another instance recorded it first (or it is no longer due). */
export async function claimMessage(tx: Db, due: DueRespondent, at: Date): Promise<boolean> {
  const { rowCount } =
    due.message === 0
      ? await tx.query('UPDATE rc_wave_respondents SET invited_at = $3 WHERE wave_id = $1 AND person = $2 AND NOT answered AND invited_at IS NULL', [due.wave, due.person, at])
      : await tx.query('UPDATE rc_wave_respondents SET reminders_sent = $3 WHERE wave_id = $1 AND person = $2 AND NOT answered AND invited_at IS NOT NULL AND reminders_sent = $3 - 1', [
          due.wave,
          due.person,
          due.message,
        ]);
  return rowCount > 0;
}

export async function wordingOverrides(db: Db, tenant: string): Promise<RcWordingOverride[]> {
  const { rows } = await db.query<{ item: RcWordingOverride['item']; locale: RcWordingOverride['locale']; question: string; scale: string[] | null }>(
    'SELECT item, locale, question, scale FROM rc_wording_overrides WHERE tenant_id = $1 ORDER BY locale, item',
    [tenant],
  );
  return rows.map((r) => ({ item: r.item, locale: r.locale, question: r.question, ...(r.scale ? { scale: r.scale as NonNullable<RcWordingOverride['scale']> } : {}) }));
}

/** Replaces the tenant's overrides with these (none: Samspil's wording throughout). */
export async function replaceWording(tx: Db, tenant: string, overrides: readonly RcWordingOverride[]): Promise<void> {
  await tx.query('DELETE FROM rc_wording_overrides WHERE tenant_id = $1', [tenant]);
  for (const o of overrides) {
    await tx.query('INSERT INTO rc_wording_overrides (tenant_id, item, locale, question, scale) VALUES ($1, $2, $3, $4, $5)', [tenant, o.item, o.locale, o.question, o.scale ?? null]);
  }
}
