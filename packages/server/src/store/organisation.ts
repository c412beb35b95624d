// The municipality's organisation: departments (with their heads), teams (with their
// leads) and professionals (with their team lead, chat identities and availability).
import type { Department, Person, Team } from '@samspil/core';
import type { Db } from './db.js';

export async function upsertDepartment(db: Db, tenant: string, d: Department): Promise<void> {
  await db.query(
    `INSERT INTO departments (tenant_id, id, name, kind, head) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (tenant_id, id) DO UPDATE SET name = $3, kind = $4, head = $5`,
    [tenant, d.id, d.name, d.kind, d.head ?? null],
  );
}

/**
 * Every tenant's heads of department, each once per tenant: the weekly digest's recipients. A head
 * the organisation does not have as a person yet is left out (the overview would refuse them).
 */
export async function departmentHeads(db: Db): Promise<{ tenant_id: string; head: string }[]> {
  const { rows } = await db.query<{ tenant_id: string; head: string }>(
    'SELECT DISTINCT d.tenant_id, d.head FROM departments d JOIN people p ON p.tenant_id = d.tenant_id AND p.id = d.head ORDER BY d.tenant_id, d.head',
  );
  return rows;
}

export async function upsertTeam(db: Db, tenant: string, t: Team): Promise<void> {
  await db.query(
    `INSERT INTO teams (tenant_id, id, name, department, lead) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (tenant_id, id) DO UPDATE SET name = $3, department = $4, lead = $5`,
    [tenant, t.id, t.name, t.department, t.lead],
  );
}

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
  contact: string | null;
}

export function toPerson(r: PersonRow): Person {
  const p: Person = { id: r.id, name: r.name, email: r.email, department: r.department, chat: r.chat, availability: r.availability };
  if (r.title) p.title = r.title;
  if (r.team) p.team = r.team;
  if (r.team_lead) p.teamLead = r.team_lead;
  if (r.contact) p.contact = r.contact;
  return p;
}

export async function findPeople(db: Db, tenant: string, ids: string[]): Promise<Person[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<PersonRow>('SELECT * FROM people WHERE tenant_id = $1 AND id = ANY($2::text[])', [tenant, ids]);
  return rows.map(toPerson);
}

export async function upsertPerson(db: Db, tenant: string, p: Person): Promise<void> {
  await db.query(
    `INSERT INTO people (tenant_id, id, name, email, department, title, team, team_lead, chat, availability, contact)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (tenant_id, id) DO UPDATE SET name = $3, email = $4, department = $5, title = $6, team = $7, team_lead = $8, chat = $9, availability = $10, contact = $11`,
    [tenant, p.id, p.name, p.email, p.department, p.title ?? null, p.team ?? null, p.teamLead ?? null, JSON.stringify(p.chat), JSON.stringify(p.availability), p.contact ?? null],
  );
}
