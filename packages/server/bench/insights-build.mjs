// The bench municipality's rows (bench/insights.mjs).
import { createTenant } from '../dist/store/tenants.js';

export const TENANT = 'bench';
export const DEPARTMENTS = ['job', 'fam', 'psy', 'sund', 'misbrug', 'handicap'];
export const NOW = new Date('2026-12-07T09:00:00Z');

/** The municipality's rows, made by the database itself (generate_series): deterministic, no round trips. */
export async function build(db, cases) {
  await createTenant(db, { id: TENANT, name: 'Benchkommune' });
  for (const [i, d] of DEPARTMENTS.entries()) await db.query("INSERT INTO departments (tenant_id, id, name, kind, head) VALUES ($1, $2, $3, 'other', $4)", [TENANT, d, `Afdeling ${d}`, `head-${i}`]);
  const depts = `(ARRAY[${DEPARTMENTS.map((d) => `'${d}'`).join(',')}])`;
  const now = NOW.toISOString();
  // Cases opened over the last 40 weeks, two departments each, a tenth closed; in slices, so a million fits.
  const slice = 50_000;
  for (let from = 1; from <= cases; from += slice) {
    const to = Math.min(cases, from + slice - 1);
    await db.query(
      `INSERT INTO cases (tenant_id, reference, status, departments, opened_at, last_activity_at, next_check_at, closed_at, coordinator)
       SELECT '${TENANT}', 'B-' || g, CASE WHEN g % 10 = 0 THEN 'closed' ELSE 'active' END,
              ARRAY[${depts}[1 + g % 6], ${depts}[1 + (g % 6 + 1 + (g / 6) % 5) % 6]],
              timestamptz '${now}' - (g % 280) * interval '1 day', timestamptz '${now}', 'infinity',
              CASE WHEN g % 10 = 0 THEN timestamptz '${now}' - (g % 30) * interval '1 day' END,
              CASE WHEN g % 7 <> 0 THEN 'p-' || (g % 400) END
         FROM generate_series(${from}, ${to}) g`,
    );
  }
  // Two participants a case (the triggers keep everyone who had a part); a coordinator's period.
  await db.query(`INSERT INTO participants (case_id, person, department, role) SELECT id, 'p-' || (id % 400), departments[1], 'caseworker' FROM cases WHERE tenant_id = '${TENANT}'`);
  await db.query(`INSERT INTO participants (case_id, person, department, role) SELECT id, 'p-' || ((id + 137) % 400), departments[2], 'caseworker' FROM cases WHERE tenant_id = '${TENANT}'`);
  await db.query(`INSERT INTO coordinator_assignments (case_id, person, from_at) SELECT id, coordinator, opened_at + (id % 9) * interval '1 day' FROM cases WHERE tenant_id = '${TENANT}' AND coordinator IS NOT NULL`);
  // Ten activities a case: a plan, now and then a change of caseworker, the rest notes.
  await db.query(
    `INSERT INTO activities (case_id, kind, occurred_at, actor)
     SELECT c.id, CASE WHEN k = 1 THEN 'plan-changed' WHEN k = 2 AND c.id % 5 = 0 THEN 'caseworker-changed' ELSE 'note' END,
            c.opened_at + (k * (1 + c.id % 4)) * interval '1 day', 'bench'
       FROM cases c, generate_series(1, 10) k WHERE c.tenant_id = '${TENANT}'`,
  );
  // A stall episode for most cases (some open), a decision for a third.
  await db.query(
    `INSERT INTO nudges (tenant_id, case_id, reason, period, since, status, closed_at, step, acknowledged_at)
     SELECT '${TENANT}', c.id, (ARRAY['stall.no-activity','stall.decision-awaited','stall.no-coordinator','stall.handover-pending'])[1 + c.id % 4], 'p',
            c.opened_at + (c.id % 20) * interval '1 day',
            CASE WHEN c.id % 3 = 0 THEN 'open' ELSE 'closed' END,
            CASE WHEN c.id % 3 = 0 THEN NULL ELSE c.opened_at + (20 + c.id % 15) * interval '1 day' END,
            (c.id % 4 = 0)::int, CASE WHEN c.id % 2 = 0 THEN c.opened_at + (21 + c.id % 3) * interval '1 day' END
       FROM cases c WHERE c.tenant_id = '${TENANT}' AND c.id % 5 <> 1`,
  );
  await db.query(
    `INSERT INTO decisions (case_id, id, department, requested_at, decided_at)
     SELECT id, 'd', departments[2], opened_at + interval '3 days', CASE WHEN id % 4 <> 0 THEN opened_at + (5 + id % 30) * interval '1 day' END
       FROM cases WHERE tenant_id = '${TENANT}' AND id % 3 = 0`,
  );
  await db.query('ANALYZE');
}

