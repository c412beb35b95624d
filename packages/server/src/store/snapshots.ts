import { handoversOf, type CaseSnapshot, type Plan, type ResponsibilityMatrix } from '@samspil/core';
import type { Db } from './db.js';
import type { StoredCase } from './cases.js';
import { findCase, getDocument, handoverActivities } from './cases.js';
import { coversOf } from './covers.js';
import { decisionsOf, disagreementsOf } from './meetings.js';
import { findPeople } from './organisation.js';

/** Everything core's stall rules look at for one case. */
export async function snapshotOf(db: Db, stored: StoredCase): Promise<CaseSnapshot> {
  const c = stored.case;
  // One after another: inside a transaction the queries share one connection.
  const plan = await getDocument<Plan>(db, 'plans', stored.id);
  // A joint decision with each department's confirmation: the reminder names those still missing.
  const decisions = await decisionsOf(db, stored.id);
  const disagreements = await disagreementsOf(db, stored.id);
  const matrix = await getDocument<ResponsibilityMatrix>(db, 'matrices', stored.id);
  const handovers = handoversOf(await handoverActivities(db, stored.id));
  const covers = await coversOf(db, stored.id);
  // Everyone whose availability a rule reads: the coordinator, the participants, the interventions' owners, the matrix's people and those covering.
  const named = [
    ...(c.coordinator.current ? [c.coordinator.current] : []),
    ...c.participants.map((p) => p.person),
    ...(plan?.body.interventions ?? []).flatMap((iv) => (iv.owner ? [iv.owner] : [])),
    ...(matrix?.body.columns ?? []).filter((col) => col.kind === 'person').map((col) => col.id),
    ...covers.map((cv) => cv.by),
  ];
  const people = await findPeople(db, c.tenant, [...new Set(named)]);
  return {
    handovers,
    covers,
    matrix: matrix?.body ?? null,
    case: c,
    plan: plan?.body ?? null,
    people,
    decisions,
    disagreements,
  };
}

export async function snapshotByReference(db: Db, tenant: string, reference: string): Promise<CaseSnapshot | undefined> {
  const stored = await findCase(db, tenant, reference);
  return stored && snapshotOf(db, stored);
}
