// The SQL of the need-to-know rule (the policy itself is `../access.ts`): who has a
// part in a case, and the escalation ladder above its coordinator.
import type { Db } from './db.js';
import { CASE_ID } from './references.js';

/** The departments taking part in case `c`: the case's own and its participants'. */
const TAKING_PART = (c: string) => `(${c}.departments || ARRAY(SELECT tp_pa.department FROM participants tp_pa WHERE tp_pa.case_id = ${c}.id))`;

/**
 * True when person `p` (a SQL expression) has a part in case `c` (a table alias): a
 * participant, the current plan coordinator, or a team lead or head of a department
 * taking part. A team lead of a department is the lead of one of its teams, or the
 * team lead of one of its people. Its own aliases (hp_…, tp_…) keep it from shadowing
 * the names `p` refers to.
 */
export const HAS_PART = (c: string, p: string) => `(
  ${c}.coordinator = ${p}
  OR EXISTS (SELECT 1 FROM participants hp_pa WHERE hp_pa.case_id = ${c}.id AND hp_pa.person = ${p})
  OR EXISTS (SELECT 1 FROM departments hp_d WHERE hp_d.tenant_id = ${c}.tenant_id AND hp_d.head = ${p} AND hp_d.id = ANY${TAKING_PART(c)})
  OR EXISTS (SELECT 1 FROM teams hp_t WHERE hp_t.tenant_id = ${c}.tenant_id AND hp_t.lead = ${p} AND hp_t.department = ANY${TAKING_PART(c)})
  OR EXISTS (SELECT 1 FROM people hp_pe WHERE hp_pe.tenant_id = ${c}.tenant_id AND hp_pe.team_lead = ${p} AND hp_pe.department = ANY${TAKING_PART(c)}))`;

/** Which of `people` have a part in the tenant's case `reference` (none when there is no such case). */
export async function peopleWithPart(db: Db, tenant: string, reference: string, people: string[]): Promise<string[]> {
  if (people.length === 0) return [];
  const { rows } = await db.query<{ person: string }>(
    `SELECT p.person FROM cases c, unnest($3::text[]) AS p(person)
      WHERE c.id = ${CASE_ID('$1', '$2')} AND ${HAS_PART('c', 'p.person')}`,
    [tenant, reference, people],
  );
  return rows.map((r) => r.person);
}

/**
 * The team lead a case's reminders go to (a SQL expression over case `c`): the team lead of its
 * coordinator, else of its first participant with one, among those with a part in the case.
 * The escalation ladder's second step and the daily digest's recipient.
 */
export const TEAM_LEAD = (c: string) => `(SELECT tl_pe.team_lead FROM people tl_pe
  WHERE tl_pe.tenant_id = ${c}.tenant_id AND tl_pe.team_lead IS NOT NULL
    AND (tl_pe.id = ${c}.coordinator OR tl_pe.id IN (SELECT tl_pa.person FROM participants tl_pa WHERE tl_pa.case_id = ${c}.id))
    AND ${HAS_PART(c, 'tl_pe.team_lead')}
  ORDER BY (tl_pe.id = ${c}.coordinator) DESC, tl_pe.id LIMIT 1)`;

/**
 * The escalation ladder of a case: its coordinator (step 0), the team lead (step 1) and
 * the head of department (step 2). Each above the coordinator is one who has a part in
 * the case, so whoever a reminder reaches may open it.
 */
export async function ladderOf(db: Db, tenant: string, caseId: string): Promise<{ coordinator: string | null; teamLead: string | null; head: string | null }> {
  const { rows } = await db.query<{ coordinator: string | null; team_lead: string | null; head: string | null }>(
    `SELECT c.coordinator, ${TEAM_LEAD('c')} AS team_lead,
       -- The head of the coordinator's department, else of the first department on the case.
       (SELECT d.head FROM departments d LEFT JOIN people co ON co.tenant_id = d.tenant_id AND co.id = c.coordinator
         WHERE d.tenant_id = c.tenant_id AND d.head IS NOT NULL AND (d.id = co.department OR d.id = ANY(c.departments))
           AND ${HAS_PART('c', 'd.head')}
         ORDER BY (d.id = co.department) DESC NULLS LAST, d.id LIMIT 1) AS head
     FROM cases c WHERE c.tenant_id = $1 AND c.id = $2`,
    [tenant, caseId],
  );
  const r = rows[0];
  return { coordinator: r?.coordinator ?? null, teamLead: r?.team_lead ?? null, head: r?.head ?? null };
}

/** A nudge with its case and the ladder of that case: who may answer its buttons. */
export async function nudgeWithLadder(db: Db, tenant: string, nudgeId: string): Promise<{ reference: string; recipient: string | null; ladder: string[] } | undefined> {
  const { rows } = await db.query<{ reference: string; recipient: string | null; case_id: string }>(
    'SELECT c.reference, n.recipient, c.id::text AS case_id FROM nudges n JOIN cases c ON c.id = n.case_id WHERE n.tenant_id = $1 AND n.id = $2',
    [tenant, nudgeId],
  );
  const row = rows[0];
  if (!row) return undefined;
  const ladder = await ladderOf(db, tenant, row.case_id);
  return { reference: row.reference, recipient: row.recipient, ladder: [ladder.coordinator, ladder.teamLead, ladder.head].filter((p): p is string => !!p) };
}

/** Whether a person is a team lead (of a team, or of someone) or the head of a department: who may run RC waves from chat. */
export async function isLeadOrHead(db: Db, tenant: string, person: string): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 WHERE EXISTS (SELECT 1 FROM teams WHERE tenant_id = $1 AND lead = $2)
        OR EXISTS (SELECT 1 FROM departments WHERE tenant_id = $1 AND head = $2)
        OR EXISTS (SELECT 1 FROM people WHERE tenant_id = $1 AND team_lead = $2)`,
    [tenant, person],
  );
  return rows.length > 0;
}
