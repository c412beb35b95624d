import type { CaseSnapshot, Decision, Person, Plan } from '@samspil/core';
import type { Db } from './db.js';
import type { StoredCase } from './cases.js';
import { findCase, getDocument } from './cases.js';

interface PersonRow {
  id: string;
  name: string;
  email: string;
  department: string;
  title: string | null;
  team: string | null;
  team_lead: string | null;
  chat: Person['chat'];
  availability: Person['availability'];
}

export function toPerson(r: PersonRow): Person {
  const p: Person = { id: r.id, name: r.name, email: r.email, department: r.department, chat: r.chat, availability: r.availability };
  if (r.title) p.title = r.title;
  if (r.team) p.team = r.team;
  if (r.team_lead) p.teamLead = r.team_lead;
  return p;
}

export async function findPeople(db: Db, tenant: string, ids: string[]): Promise<Person[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<PersonRow>('SELECT * FROM people WHERE tenant_id = $1 AND id = ANY($2::text[])', [tenant, ids]);
  return rows.map(toPerson);
}

export async function upsertPerson(db: Db, tenant: string, p: Person): Promise<void> {
  await db.query(
    `INSERT INTO people (tenant_id, id, name, email, department, title, team, team_lead, chat, availability)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (tenant_id, id) DO UPDATE SET name = $3, email = $4, department = $5, title = $6, team = $7, team_lead = $8, chat = $9, availability = $10`,
    [tenant, p.id, p.name, p.email, p.department, p.title ?? null, p.team ?? null, p.teamLead ?? null, JSON.stringify(p.chat), JSON.stringify(p.availability)],
  );
}

/** Everything core's stall rules look at for one case. */
export async function snapshotOf(db: Db, stored: StoredCase): Promise<CaseSnapshot> {
  const c = stored.case;
  // One after another: inside a transaction the queries share one connection.
  const plan = await getDocument<Plan>(db, 'plans', stored.id);
  const decisions = await db.query<{ id: string; department: string; requested_at: Date; decided_at: Date | null }>(
    'SELECT id, department, requested_at, decided_at FROM decisions WHERE case_id = $1',
    [stored.id],
  );
  const people = await findPeople(db, c.tenant, [...new Set([...(c.coordinator.current ? [c.coordinator.current] : []), ...c.participants.map((p) => p.person)])]);
  return {
    case: c,
    plan: plan?.body ?? null,
    people,
    decisions: decisions.rows.map((d) => {
      const out: Decision = { id: d.id, department: d.department, requestedAt: new Date(d.requested_at).toISOString() };
      if (d.decided_at) out.decidedAt = new Date(d.decided_at).toISOString();
      return out;
    }),
  };
}

export async function snapshotByReference(db: Db, tenant: string, reference: string): Promise<CaseSnapshot | undefined> {
  const stored = await findCase(db, tenant, reference);
  return stored && snapshotOf(db, stored);
}
