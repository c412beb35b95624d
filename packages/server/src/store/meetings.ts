// A case's meetings, its decisions (one or several departments, each one's confirmation) and its
// disagreements: every statement on those tables. Rows carry core's shapes; the use cases decide.
import type { Decision, DecisionConfirmation, Disagreement, Meeting } from '@samspil/core';
import { storedInstant } from './cases.js';
import type { Db } from './db.js';

/** The case's meetings, the earliest first. */
export async function meetingsOf(db: Db, caseId: string): Promise<Meeting[]> {
  const { rows } = await db.query<{ body: Meeting }>('SELECT body FROM meetings WHERE case_id = $1 ORDER BY starts_at, id', [caseId]);
  return rows.map((r) => r.body);
}

/** One meeting of the case; undefined when it has none by that id. */
export async function findMeeting(db: Db, caseId: string, id: string): Promise<Meeting | undefined> {
  const { rows } = await db.query<{ body: Meeting }>('SELECT body FROM meetings WHERE case_id = $1 AND id = $2', [caseId, id]);
  return rows[0]?.body;
}

/** A meeting, its row locked to the end of the transaction: of two outcomes recorded at once, the second finds it held. */
export async function lockMeeting(tx: Db, caseId: string, id: string): Promise<Meeting | undefined> {
  const { rows } = await tx.query<{ body: Meeting }>('SELECT body FROM meetings WHERE case_id = $1 AND id = $2 FOR UPDATE', [caseId, id]);
  return rows[0]?.body;
}

/** Stores a new meeting; false when the case has one by that id already. */
export async function insertMeeting(tx: Db, caseId: string, meeting: Meeting, bookedBy: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    'INSERT INTO meetings (case_id, id, starts_at, state, body, booked_by) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (case_id, id) DO NOTHING',
    [caseId, meeting.id, meeting.startsAt, meeting.state, JSON.stringify(meeting), bookedBy],
  );
  return rowCount === 1;
}

/** Replaces a meeting as it now stands (held, with its outcome). */
export async function updateMeeting(tx: Db, caseId: string, meeting: Meeting): Promise<void> {
  await tx.query('UPDATE meetings SET starts_at = $3, state = $4, body = $5 WHERE case_id = $1 AND id = $2', [caseId, meeting.id, meeting.startsAt, meeting.state, JSON.stringify(meeting)]);
}

/**
 * The next free id with this prefix on the case (`M-3`, `U-2`): short, for typing in chat. Called in
 * the transaction that stores it: the case's row is locked to its end, so two people booking or
 * raising at once get two numbers, not one (and the second no longer overwrites the first).
 */
export async function nextNumber(tx: Db, table: 'meetings' | 'disagreements', caseId: string, prefix: string): Promise<string> {
  await tx.query('SELECT 1 FROM cases WHERE id = $1 FOR UPDATE', [caseId]);
  const { rows } = await tx.query<{ n: number }>(
    `SELECT coalesce(max(substring(id FROM $2)::int), 0) + 1 AS n FROM ${table} WHERE case_id = $1 AND id ~ $3`,
    [caseId, `^${prefix}-(\\d{1,9})$`, `^${prefix}-\\d{1,9}$`],
  );
  return `${prefix}-${rows[0]!.n}`;
}

interface DecisionRow {
  id: string;
  department: string;
  departments: string[] | null;
  confirmations: DecisionConfirmation[];
  requested_at: Date | string;
  decided_at: Date | string | null;
}

const toDecision = (d: DecisionRow): Decision => {
  const out: Decision = { id: d.id, departments: d.departments ?? [d.department], requestedAt: storedInstant(d.requested_at) };
  if (d.confirmations.length) out.confirmations = d.confirmations;
  if (d.decided_at) out.decidedAt = storedInstant(d.decided_at);
  return out;
};

/** The case's decisions in core's shape (`departments`, the old single one read as one), oldest request first. */
export async function decisionsOf(db: Db, caseId: string): Promise<Decision[]> {
  const { rows } = await db.query<DecisionRow>('SELECT id, department, departments, confirmations, requested_at, decided_at FROM decisions WHERE case_id = $1 ORDER BY requested_at, id', [caseId]);
  return rows.map(toDecision);
}

/** One decision of the case, locked for the transaction's update. */
export async function findDecision(tx: Db, caseId: string, id: string): Promise<Decision | undefined> {
  const { rows } = await tx.query<DecisionRow>('SELECT id, department, departments, confirmations, requested_at, decided_at FROM decisions WHERE case_id = $1 AND id = $2 FOR UPDATE', [caseId, id]);
  return rows[0] && toDecision(rows[0]);
}

/** Stores a decision as it now stands: its departments, confirmations and, once taken, when. */
export async function saveDecision(tx: Db, caseId: string, d: Decision): Promise<void> {
  const departments = d.departments ?? (d.department !== undefined ? [d.department] : []);
  await tx.query(
    `INSERT INTO decisions (case_id, id, department, departments, confirmations, requested_at, decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (case_id, id) DO UPDATE SET departments = $4, confirmations = $5, decided_at = $7`,
    [caseId, d.id, departments[0], departments, JSON.stringify(d.confirmations ?? []), d.requestedAt, d.decidedAt ?? null],
  );
}

/** The case's disagreements, oldest first. */
export async function disagreementsOf(db: Db, caseId: string): Promise<Disagreement[]> {
  const { rows } = await db.query<{ body: Disagreement }>('SELECT body FROM disagreements WHERE case_id = $1 ORDER BY created_at, id', [caseId]);
  return rows.map((r) => r.body);
}

/** One disagreement, locked for the transaction's update. */
export async function findDisagreement(tx: Db, caseId: string, id: string): Promise<Disagreement | undefined> {
  const { rows } = await tx.query<{ body: Disagreement }>('SELECT body FROM disagreements WHERE case_id = $1 AND id = $2 FOR UPDATE', [caseId, id]);
  return rows[0]?.body;
}

/** Stores a disagreement as it now stands (raised, or resolved). */
export async function saveDisagreement(tx: Db, caseId: string, d: Disagreement): Promise<void> {
  await tx.query(
    `INSERT INTO disagreements (case_id, id, state, decider, body) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (case_id, id) DO UPDATE SET state = $3, decider = $4, body = $5`,
    [caseId, d.id, d.state, d.decider ?? null, JSON.stringify(d)],
  );
}

/** The order a department's people on a case are asked in: its caseworker first. */
const ROLE_ORDER = ['caseworker', 'authority', 'specialist', 'coordinator', 'team-lead', 'other'];

/**
 * Who answers for each of `departments` on a case: its participant there (the caseworker first),
 * else the department's head when the head has a part in the case. A department with neither is left out.
 */
export async function departmentContacts(db: Db, tenant: string, caseId: string, departments: string[]): Promise<Map<string, string>> {
  if (departments.length === 0) return new Map();
  const { rows } = await db.query<{ department: string; person: string; role: string }>(
    `SELECT p.department, p.person, p.role FROM participants p WHERE p.case_id = $1 AND p.department = ANY($2::text[])
     UNION ALL
     SELECT d.id, d.head, 'head' FROM departments d WHERE d.tenant_id = $3 AND d.id = ANY($2::text[]) AND d.head IS NOT NULL`,
    [caseId, departments, tenant],
  );
  const rank = (role: string) => (role === 'head' ? ROLE_ORDER.length : ROLE_ORDER.indexOf(role));
  const out = new Map<string, string>();
  for (const department of departments) {
    const best = rows.filter((r) => r.department === department).sort((a, b) => rank(a.role) - rank(b.role) || a.person.localeCompare(b.person))[0];
    if (best) out.set(department, best.person);
  }
  return out;
}

/** What core's deciderOf needs of the organisation: the departments' heads, the coordinator's team and team lead, the teams' leads. */
export async function deciderOrganisation(db: Db, tenant: string, coordinator: string | null, named: string[] = []): Promise<{ departments: { id: string; head?: string }[]; people: { id: string; team?: string; teamLead?: string }[]; teams: { id: string; lead: string }[]; coordinator: string | null }> {
  const departments = await db.query<{ id: string; head: string | null }>('SELECT id, head FROM departments WHERE tenant_id = $1', [tenant]);
  const people = await db.query<{ id: string; team: string | null; team_lead: string | null }>('SELECT id, team, team_lead FROM people WHERE tenant_id = $1 AND id = ANY($2::text[])', [tenant, [...(coordinator ? [coordinator] : []), ...named]]);
  const teams = await db.query<{ id: string; lead: string }>('SELECT id, lead FROM teams WHERE tenant_id = $1 AND lead IS NOT NULL', [tenant]);
  return {
    departments: departments.rows.map((d) => ({ id: d.id, ...(d.head ? { head: d.head } : {}) })),
    people: people.rows.map((p) => ({ id: p.id, ...(p.team ? { team: p.team } : {}), ...(p.team_lead ? { teamLead: p.team_lead } : {}) })),
    teams: teams.rows,
    coordinator,
  };
}
