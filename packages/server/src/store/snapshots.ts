import type { CaseSnapshot, Decision, Plan } from '@samspil/core';
import type { Db } from './db.js';
import type { StoredCase } from './cases.js';
import { findCase, getDocument, storedInstant } from './cases.js';
import { findPeople } from './organisation.js';

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
      const out: Decision = { id: d.id, department: d.department, requestedAt: storedInstant(d.requested_at) };
      if (d.decided_at) out.decidedAt = storedInstant(d.decided_at);
      return out;
    }),
  };
}

export async function snapshotByReference(db: Db, tenant: string, reference: string): Promise<CaseSnapshot | undefined> {
  const stored = await findCase(db, tenant, reference);
  return stored && snapshotOf(db, stored);
}
