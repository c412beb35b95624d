// The leaders' overview (issue 27): the rows core's insightsFigures and departmentPairs count,
// for one tenant and the departments in scope, in one statement: each case's row in insight_cases
// (migration 015, kept by triggers: the departments that took part, its first coordinator and plan,
// changes of caseworker, everyone who ever had a part) with its stall episodes (nudges) and
// decisions. And what RC's groups stand for (rc_survey_departments, else a wave's group names).
import type { InsightCase, InsightDecision, RcResult, RcSource } from '@samspil/core';
import { HAS_PART } from './access.js';
import { isSerialId, type Db } from './db.js';

/**
 * A case in scope and a stall episode as the statement gives them: JSON arrays, not objects (half
 * the bytes to build and parse), in this order.
 */
type CaseRow = [
  id: number,
  reference: string,
  caseSystemUrl: string | null,
  status: InsightCase['status'],
  openedAt: string,
  closedAt: string | null,
  coordinator: string | null,
  departments: string[],
  firstCoordinatorAt: string | null,
  firstPlanAt: string | null,
  professionals: number,
  handovers: string[],
  visible: boolean,
];
type StallRow = [caseId: number, reason: string, since: string, closedAt: string | null, acknowledgedAt: string | null, step: number];
interface Rows {
  cases: CaseRow[];
  stalls: StallRow[];
  decisions: (Record<string, unknown> & { case_id: number })[];
}

const iso = (v: Date | string): string => new Date(v).toISOString();
const isoOrNull = (v: Date | string | null | undefined): string | null => (v ? iso(v) : null);

/** A decision row as to_jsonb gives it: `department` (and, once meetings came, `departments` and `confirmations`). */
function decisionOf(d: Record<string, unknown>): InsightDecision {
  const departments = Array.isArray(d.departments) && d.departments.length > 0 ? (d.departments as string[]) : [String(d.department)];
  const confirmed = new Set(Array.isArray(d.confirmations) ? (d.confirmations as { department?: string }[]).map((c) => c.department) : []);
  const decidedAt = typeof d.decided_at === 'string' ? iso(d.decided_at) : null;
  return { departments, requestedAt: iso(String(d.requested_at)), decidedAt, awaiting: decidedAt ? [] : departments.filter((x) => !confirmed.has(x)) };
}

export interface InsightsRows {
  cases: InsightCase[];
  /** The references the viewer has a part in (every one for an API key). */
  visible: Set<string>;
}

/**
 * The tenant's cases in which one of `departments` takes part (all its cases without), open at some
 * time from `from` to `now`, with what the figures need. `viewer`: a person, for the drill-down
 * (the cases they have a part in).
 */
export async function insightRows(db: Db, tenant: string, scope: { departments?: readonly string[] | undefined; from: Date; now: Date; viewer?: string | undefined }): Promise<InsightsRows> {
  // The cases in scope from their rows in insight_cases (migration 015: departments, milestones,
  // professionals, handovers), then their stall episodes and their decisions, each table read once
  // (and no aggregate rescanned per case, so a planner misjudging the cases' number stays linear).
  // Each as one JSON value (of arrays): the drivers parse it many times faster than rows of many columns.
  // PostgreSQL's JIT would spend longer compiling this than running it: off for it.
  const sql = `WITH i AS MATERIALIZED (
       SELECT i.* FROM insight_cases i
        WHERE i.tenant_id = $1 AND ($2::text[] IS NULL OR i.departments && $2::text[]) AND i.opened_at <= $4 AND (i.closed_at IS NULL OR i.closed_at >= $3))
     SELECT
       (SELECT coalesce(json_agg(json_build_array(
                 i.case_id, c.reference, c.case_system_url, c.status, i.opened_at, i.closed_at, c.coordinator, i.departments,
                 i.first_coordinator_at, i.first_plan_at, i.professionals, i.handovers, ${scope.viewer === undefined ? 'true' : HAS_PART('c', '$5::text')})), '[]')
          FROM i JOIN cases c ON c.id = i.case_id) AS cases,
       (SELECT coalesce(json_agg(json_build_array(n.case_id, n.reason, n.since, n.closed_at, n.acknowledged_at, n.step)), '[]')
          FROM nudges n WHERE n.case_id IN (SELECT case_id FROM i) AND (n.closed_at IS NULL OR n.closed_at >= $3)) AS stalls,
       (SELECT coalesce(json_agg(to_jsonb(d)), '[]') FROM decisions d WHERE d.case_id IN (SELECT case_id FROM i)) AS decisions`;
  const params = [tenant, scope.departments ? [...scope.departments] : null, scope.from, scope.now, ...(scope.viewer === undefined ? [] : [scope.viewer])];
  const { rows } =
    db.kind === 'postgres'
      ? await db.transaction(async (tx) => {
          await tx.query('SET LOCAL jit = off');
          return tx.query<Rows>(sql, params);
        })
      : await db.query<Rows>(sql, params);
  const found = rows[0] ?? { cases: [], stalls: [], decisions: [] };
  const byCase = <T>(items: T[], caseOf: (x: T) => number) => {
    const out = new Map<number, T[]>();
    for (const x of items) {
      const list = out.get(caseOf(x));
      if (list) list.push(x);
      else out.set(caseOf(x), [x]);
    }
    return out;
  };
  const stalls = byCase(found.stalls, (s) => s[0]);
  const decisions = byCase(found.decisions, (d) => d.case_id);
  const [from, to] = [scope.from.getTime(), scope.now.getTime()];
  const visible = new Set<string>();
  const cases = found.cases.map(([id, reference, caseSystemUrl, status, openedAt, closedAt, coordinator, departments, firstCoordinatorAt, firstPlanAt, professionals, handovers, seen]): InsightCase => {
    if (seen) visible.add(reference);
    return {
      reference,
      caseSystemUrl,
      status,
      departments,
      openedAt: iso(openedAt),
      closedAt: isoOrNull(closedAt),
      coordinator,
      firstCoordinatorAt: isoOrNull(firstCoordinatorAt),
      firstPlanAt: isoOrNull(firstPlanAt),
      professionals,
      decisions: (decisions.get(id) ?? []).map(decisionOf),
      stalls: (stalls.get(id) ?? []).map(([, reason, since, resolvedAt, acknowledgedAt, step]) => ({ reason, since: iso(since), resolvedAt: isoOrNull(resolvedAt), acknowledgedAt: isoOrNull(acknowledgedAt), escalated: step > 0 })),
      // The changes of caseworker in the period.
      handovers: handovers.map((h) => Date.parse(h)).filter((h) => h >= from && h <= to).map((h) => new Date(h).toISOString()),
    };
  });
  return { cases, visible };
}

/** The departments a person leads: as head, as the lead of one of its teams, or as the team lead of one of its people. */
export async function ledDepartments(db: Db, tenant: string, person: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM departments WHERE tenant_id = $1 AND head = $2
     UNION SELECT department FROM teams WHERE tenant_id = $1 AND lead = $2
     UNION SELECT department FROM people WHERE tenant_id = $1 AND team_lead = $2
     ORDER BY 1`,
    [tenant, person],
  );
  return rows.map((r) => r.id);
}

/** Whether the tenant has this person. */
export async function personExists(db: Db, tenant: string, person: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM people WHERE tenant_id = $1 AND id = $2', [tenant, person])).rows.length > 0;
}

/** The tenant's departments by id, with their names. */
export async function departmentNames(db: Db, tenant: string): Promise<{ id: string; name: string }[]> {
  return (await db.query<{ id: string; name: string }>('SELECT id, name FROM departments WHERE tenant_id = $1 ORDER BY id', [tenant])).rows;
}

export interface GroupDepartment {
  group: string;
  department: string | null;
  /** `mapping`: set for the survey; `name`: a wave's group named as a department or a team. */
  source: 'mapping' | 'name' | null;
}

interface SurveyRow {
  id: string;
  name: string;
  waves: string[];
  from_wave: boolean;
  mapping: Record<string, string> | null;
}

async function surveyRows(db: Db, tenant: string, id?: string): Promise<SurveyRow[]> {
  const { rows } = await db.query<SurveyRow>(
    `SELECT s.id::text AS id, s.name, s.waves,
            EXISTS (SELECT 1 FROM rc_waves w WHERE w.survey_id = s.id) AS from_wave,
            (SELECT json_object_agg(m.group_name, m.department) FROM rc_survey_departments m WHERE m.survey_id = s.id) AS mapping
       FROM rc_surveys s WHERE s.tenant_id = $1 AND ($2::bigint IS NULL OR s.id = $2) ORDER BY s.id DESC`,
    [tenant, id ?? null],
  );
  return rows;
}

/** Names (ids and names, either case) of the tenant's departments and teams → the department. */
async function namedDepartments(db: Db, tenant: string): Promise<Map<string, string>> {
  const { rows } = await db.query<{ key: string; department: string }>(
    `SELECT lower(id) AS key, id AS department FROM departments WHERE tenant_id = $1
     UNION ALL SELECT lower(name), id FROM departments WHERE tenant_id = $1
     UNION ALL SELECT lower(id), department FROM teams WHERE tenant_id = $1
     UNION ALL SELECT lower(name), department FROM teams WHERE tenant_id = $1`,
    [tenant],
  );
  const out = new Map<string, string>();
  for (const r of rows) if (!out.has(r.key)) out.set(r.key, r.department);
  return out;
}

function groupDepartments(survey: SurveyRow, groups: readonly string[], named: Map<string, string>): GroupDepartment[] {
  return groups.map((group) => {
    const mapped = survey.mapping?.[group];
    if (mapped !== undefined) return { group, department: mapped, source: 'mapping' };
    const byName = survey.from_wave ? named.get(group.trim().toLowerCase()) : undefined;
    return byName !== undefined ? { group, department: byName, source: 'name' } : { group, department: null, source: null };
  });
}

async function resultOf(db: Db, surveyId: string, wave: string): Promise<RcResult | undefined> {
  return (await db.query<{ result: RcResult }>('SELECT result FROM rc_results WHERE survey_id = $1 AND wave = $2', [surveyId, wave])).rows[0]?.result;
}

/** A survey's groups (of its last wave) and the department each stands for; undefined when the tenant has no such survey. */
export async function surveyGroupDepartments(db: Db, tenant: string, id: string): Promise<{ survey: { id: string; name: string }; groups: GroupDepartment[] } | undefined> {
  if (!isSerialId(id)) return undefined;
  const survey = (await surveyRows(db, tenant, id))[0];
  if (!survey) return undefined;
  const result = await resultOf(db, survey.id, survey.waves.at(-1) ?? '');
  return { survey: { id: survey.id, name: survey.name }, groups: groupDepartments(survey, result?.groups ?? [], await namedDepartments(db, tenant)) };
}

/** Replaces a survey's mapping of groups to departments. */
export async function storeGroupDepartments(tx: Db, surveyId: string, mapping: { group: string; department: string }[]): Promise<void> {
  await tx.query('DELETE FROM rc_survey_departments WHERE survey_id = $1', [surveyId]);
  for (const m of mapping) await tx.query('INSERT INTO rc_survey_departments (survey_id, group_name, department) VALUES ($1, $2, $3)', [surveyId, m.group, m.department]);
}

/**
 * The latest scored RC result (a closed wave's or a survey's) with any group standing for a
 * department, and the one before it: the surveys newest first, each one's waves last first.
 */
export async function rcSources(db: Db, tenant: string): Promise<{ latest: RcSource | null; previous: RcSource | null; survey: string | null }> {
  const found: RcSource[] = [];
  let survey: string | null = null;
  let named: Map<string, string> | undefined;
  for (const s of await surveyRows(db, tenant)) {
    if (!s.mapping && !s.from_wave) continue;
    const waves = s.waves.length > 0 ? [...s.waves].reverse() : [''];
    for (const wave of waves) {
      const result = await resultOf(db, s.id, wave);
      if (!result) continue;
      named ??= await namedDepartments(db, tenant);
      const departmentOf = Object.fromEntries(groupDepartments(s, result.groups, named).flatMap((g) => (g.department === null ? [] : [[g.group, g.department]])));
      if (Object.keys(departmentOf).length === 0) continue;
      survey ??= s.id;
      found.push({ name: wave === '' ? s.name : `${s.name}: ${wave}`, result, departmentOf });
      if (found.length === 2) return { latest: found[0]!, previous: found[1]!, survey };
    }
  }
  return { latest: found[0] ?? null, previous: null, survey };
}

/** A stall episode as history (the demo's): a nudge from `since`, closed at `closedAt` when given. */
export async function recordStallEpisode(tx: Db, e: { tenant: string; caseId: string; reason: string; since: Date; closedAt?: Date | undefined; step?: number; acknowledgedAt?: Date | undefined }): Promise<void> {
  await tx.query(
    `INSERT INTO nudges (tenant_id, case_id, reason, period, since, status, closed_at, step, acknowledged_at, stepped_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $5) ON CONFLICT DO NOTHING`,
    [e.tenant, e.caseId, e.reason, e.since.toISOString(), e.since, e.closedAt ? 'closed' : e.acknowledgedAt ? 'acknowledged' : 'open', e.closedAt ?? null, e.step ?? 0, e.acknowledgedAt ?? null],
  );
}

/** A decision requested of a department (the demo's history), taken at `decidedAt` when given. */
export async function recordDecision(tx: Db, caseId: string, d: { id: string; department: string; requestedAt: Date; decidedAt?: Date | undefined }): Promise<void> {
  await tx.query('INSERT INTO decisions (case_id, id, department, requested_at, decided_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [caseId, d.id, d.department, d.requestedAt, d.decidedAt ?? null]);
}
