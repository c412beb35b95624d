// `npm run bench`, the leaders' overview (issue 27): GET /api/v1/insights/overview's work (the use
// case: the store's one statement over each case's row in insight_cases (migration 015) with its
// stall episodes and decisions, then core's figures and department pairs) for one department and
// 12 weeks, on PGlite with 50,000 cases (target 1 s) and on PostgreSQL (target 300 ms p95 over 20 runs),
// next to a naive implementation in the same run (every row of the tenant's cases, participants,
// nudges, decisions, assignments and activities read, the figures computed in JavaScript).
// INSIGHTS_CASES sets the cases (1,000,000 with 10 activities each is the PostgreSQL target);
// INSIGHTS_PG_URL names a PostgreSQL database to build once and keep (built when it has no cases),
// else a fresh database is made and dropped. SAMSPIL_BENCH_ONLY=pglite or =postgres runs one of the
// two. Figures, not assertions: the targets are printed beside.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { departmentPairs, insightsFigures } from '@samspil/core';
import { AccessPolicy } from '../dist/access.js';
import { openDb } from '../dist/store/db.js';
import { migrate } from '../dist/store/migrate.js';
import { build, DEPARTMENTS, NOW, TENANT } from './insights-build.mjs';
import { overview } from '../dist/usecases/insights.js';

const CASES = Number(process.env.INSIGHTS_CASES ?? 50_000);
// PGlite's target is at 50,000 cases; a larger INSIGHTS_CASES is for PostgreSQL.
const PGLITE_CASES = Math.min(CASES, 50_000);
// The naive reads every activity into memory: left out above this.
const NAIVE_UP_TO = 200_000;
const ONLY = process.env.SAMSPIL_BENCH_ONLY;
const ADMIN = process.env.SAMSPIL_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The obvious implementation: read the tenant's rows whole, join and count them in JavaScript. */
async function naive(db, department) {
  const q = async (sql) => (await db.query(sql, [TENANT])).rows;
  const cases = await q('SELECT * FROM cases WHERE tenant_id = $1');
  const ids = new Set(cases.map((c) => c.id));
  const byCase = (rows) => {
    const m = new Map();
    for (const r of rows) if (ids.has(r.case_id)) (m.get(r.case_id) ?? m.set(r.case_id, []).get(r.case_id)).push(r);
    return m;
  };
  const participants = byCase(await q('SELECT p.* FROM participants p JOIN cases c ON c.id = p.case_id WHERE c.tenant_id = $1'));
  const nudges = byCase(await q('SELECT * FROM nudges WHERE tenant_id = $1'));
  const decisions = byCase(await q('SELECT d.* FROM decisions d JOIN cases c ON c.id = d.case_id WHERE c.tenant_id = $1'));
  const assignments = byCase(await q('SELECT a.* FROM coordinator_assignments a JOIN cases c ON c.id = a.case_id WHERE c.tenant_id = $1'));
  const activities = byCase(await q('SELECT a.* FROM activities a JOIN cases c ON c.id = a.case_id WHERE c.tenant_id = $1'));
  const iso = (v) => (v ? new Date(v).toISOString() : null);
  const insight = cases
    .map((c) => {
      const ps = participants.get(c.id) ?? [];
      const acts = activities.get(c.id) ?? [];
      return {
        reference: c.reference,
        status: c.status,
        departments: [...new Set([...c.departments, ...ps.map((p) => p.department)])],
        openedAt: iso(c.opened_at),
        closedAt: iso(c.closed_at),
        coordinator: c.coordinator,
        firstCoordinatorAt: iso((assignments.get(c.id) ?? []).map((a) => a.from_at).sort((a, b) => a - b)[0]),
        firstPlanAt: iso(acts.filter((a) => a.kind === 'plan-changed').map((a) => a.occurred_at).sort((a, b) => a - b)[0]),
        professionals: new Set(ps.map((p) => p.person)).size,
        decisions: (decisions.get(c.id) ?? []).map((d) => ({ departments: [d.department], requestedAt: iso(d.requested_at), decidedAt: iso(d.decided_at) })),
        stalls: (nudges.get(c.id) ?? []).map((n) => ({ reason: n.reason, since: iso(n.since), resolvedAt: iso(n.closed_at), acknowledgedAt: iso(n.acknowledged_at), escalated: n.step > 0 })),
        handovers: acts.filter((a) => a.kind === 'caseworker-changed').map((a) => iso(a.occurred_at)),
      };
    })
    .filter((c) => c.departments.includes(department));
  const figures = insightsFigures(insight, { now: NOW.getTime(), departments: [department] });
  return { figures, pairs: departmentPairs(insight, { now: NOW.getTime(), from: figures.period.from, departments: [department] }) };
}

async function measure(fn, runs) {
  const times = [];
  let result;
  for (let i = 0; i < runs + 1; i++) {
    const t = performance.now();
    result = await fn();
    if (i > 0) times.push(performance.now() - t); // the first run warms up
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length / 2)], p95: times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)], runs, result };
}

const ms = (x) => `${x.toFixed(0).padStart(6)} ms`;

async function run(kind, db, target, runs, cases) {
  const deps = { db, now: () => NOW, policy: new AccessPolicy(db) };
  const actor = { tenant: TENANT, kind: 'api-key', id: 'bench' };
  const ours = await measure(async () => {
    const r = await overview(deps, actor, { kind: 'municipality' }, { departments: ['psy'], weeks: 12 });
    if (!r.ok) throw new Error(r.detail);
    return r.overview;
  }, runs);
  console.log(`  ${kind}: overview, one department, 12 weeks   p50 ${ms(ours.p50)}, p95 ${ms(ours.p95)} (${ours.runs} runs; target ≤ ${target} ms p95: ${ours.p95 <= target ? 'met' : 'MISSED'})`);
  if (cases > NAIVE_UP_TO) return console.log(`  ${kind}: naive left out (it reads all ${(cases * 10).toLocaleString('en')} activities into memory)`);
  const slow = await measure(() => naive(db, 'psy'), 3);
  const same = JSON.stringify(ours.result.figures.openCoordinations) === JSON.stringify(slow.result.figures.openCoordinations) && JSON.stringify(ours.result.figures.stalled) === JSON.stringify(slow.result.figures.stalled);
  console.log(`  ${kind}: naive (every row to JavaScript)       p50 ${ms(slow.p50)}, p95 ${ms(slow.p95)} (${slow.runs} runs); naive/ours = ${(slow.p50 / ours.p50).toFixed(1)}×; same figures: ${same ? 'yes' : 'NO'}`);
}

console.log(`\nThe leaders' overview: cases with 10 activities each over ${DEPARTMENTS.length} departments, one tenant`);
if (ONLY !== 'postgres') {
  const db = await openDb({ dataDir: 'memory://' });
  await migrate(db);
  let t = performance.now();
  await build(db, PGLITE_CASES);
  console.log(`  PGlite: ${PGLITE_CASES.toLocaleString('en')} cases built in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  await run('PGlite', db, 1000, 10, PGLITE_CASES);
  await db.close();
}
const pgUrl = process.env.INSIGHTS_PG_URL;
const admin = new pg.Client({ connectionString: ADMIN, connectionTimeoutMillis: 2000 });
const wanted = ONLY !== 'pglite';
const reachable = wanted && (await admin.connect().then(() => true, () => false));
if (wanted && !reachable && !pgUrl) console.log('  PostgreSQL: not reachable, left out');
else if (wanted) {
  const name = `samspil_bench_insights_${randomBytes(4).toString('hex')}`;
  if (!pgUrl) await admin.query(`CREATE DATABASE ${name}`);
  const db = await openDb({ url: pgUrl ?? ADMIN.replace(/\/[^/?]*(\?|$)/, `/${name}$1`) });
  try {
    await migrate(db);
    let have = Number((await db.query(`SELECT count(*) AS n FROM cases WHERE tenant_id = '${TENANT}'`)).rows[0].n);
    if (have === 0) {
      const t = performance.now();
      await build(db, CASES);
      have = CASES;
      console.log(`  PostgreSQL: ${CASES.toLocaleString('en')} cases built in ${((performance.now() - t) / 1000).toFixed(1)} s${pgUrl ? ' (kept in INSIGHTS_PG_URL)' : ''}`);
    } else console.log(`  PostgreSQL: ${have.toLocaleString('en')} cases kept in INSIGHTS_PG_URL`);
    await run('PostgreSQL', db, 300, 20, have);
  } finally {
    await db.close();
    if (!pgUrl) await admin.query(`DROP DATABASE ${name}`);
  }
}
if (reachable) await admin.end();
