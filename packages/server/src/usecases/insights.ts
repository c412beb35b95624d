// The leaders' overview (issue 27): who may see which departments' figures, the figures (core's
// insightsFigures and departmentPairs over the store's rows), and an RC survey's groups as
// departments. Need to know: an API key sees its municipality; a person (an `insights` widget
// token's, or one in chat) the departments they lead, as head or team lead, with the drill-down
// to the cases they have a part in; anyone else nothing. Every read and refusal is audited.
import { calendarOf, calendarSettings, departmentPairs, INSIGHTS_K, insightsFigures, weekStartDay, type DepartmentPair, type InsightsFigures } from '@samspil/core';
import { audit, type Actor } from '../store/audit.js';
import { departmentNames, insightRows, ledDepartments, personExists, rcSources, storeGroupDepartments, surveyGroupDepartments, type GroupDepartment } from '../store/insights.js';
import { tenantConfig, settingsOf } from '../store/tenants.js';
import { refuse, type Outcome, type UseCaseDeps } from './outcome.js';

export interface OverviewQuery {
  /** Only these departments (each one the viewer may see); all the viewer may see by default. */
  departments?: readonly string[] | undefined;
  /** Weeks in the trend (12). */
  weeks?: number | undefined;
}

export interface Overview {
  figures: InsightsFigures;
  pairs: DepartmentPair[];
  /** The RC results beside the pairs: the latest and the one before, by name. */
  rc: { latest: string | null; previous: string | null; survey: string | null };
  /** The departments named in the figures, with their names. */
  departmentNames: { id: string; name: string }[];
  /** Whose view it is: the municipality's, or a person's (their departments). */
  viewer: { kind: 'municipality' } | { kind: 'person'; person: string; departments: string[] };
}

/** The person whose view an actor asks for: a widget token's person, a person in chat; none for an API key or the system. */
export type Viewer = { kind: 'municipality' } | { kind: 'person'; person: string };

/** The overview for the viewer: refused (audited) when a person leads no department or asks for one they do not lead. */
export async function overview({ db, now, policy }: UseCaseDeps, actor: Actor, viewer: Viewer, query: OverviewQuery = {}): Promise<Outcome<{ overview: Overview }>> {
  const gesture = 'insights.read';
  let departments: string[] | undefined = query.departments ? [...new Set(query.departments)] : undefined;
  let led: string[] | undefined;
  if (viewer.kind === 'person') {
    led = (await personExists(db, actor.tenant, viewer.person)) ? await ledDepartments(db, actor.tenant, viewer.person) : [];
    if (led.length === 0) {
      await policy.denied(actor, null, gesture);
      return refuse('forbidden', 'the overview is for team leads and heads of department: this person leads no department');
    }
    const outside = departments?.filter((d) => !led!.includes(d)) ?? [];
    if (outside.length > 0) {
      await policy.denied(actor, null, gesture);
      return refuse('forbidden', 'the overview covers only the departments this person leads');
    }
    departments ??= led;
  }
  const at = now();
  const config = await tenantConfig(db, actor.tenant);
  const settings = settingsOf(config);
  const calendar = calendarOf(calendarSettings(settings, config?.closingDays ?? []));
  // The municipality's k (RC's fewest respondents, 3 by default) for every count that could single someone out.
  const k = settings.minRespondents ?? INSIGHTS_K;
  const weeks = query.weeks ?? 12;
  const from = new Date(calendar.startOfDay(weekStartDay(at.getTime(), calendar) - 7 * (weeks - 1)));
  const rows = await insightRows(db, actor.tenant, { departments, from, now: at, viewer: viewer.kind === 'person' ? viewer.person : undefined });
  const figures = insightsFigures(rows.cases, { now: at.getTime(), weeks, k, departments, visible: rows.visible, calendar });
  const rc = await rcSources(db, actor.tenant);
  const pairs = departmentPairs(rows.cases, { now: at.getTime(), from: from.getTime(), k, departments, latest: rc.latest, previous: rc.previous });
  const named = new Set([...(departments ?? []), ...Object.keys(figures.stalled.byDepartment), ...Object.keys(figures.decisionsAwaited), ...pairs.flatMap((p) => [p.a, p.b])]);
  const names = (await departmentNames(db, actor.tenant)).filter((d) => named.has(d.id));
  await audit(db, actor, gesture, null, { departments: departments ?? 'all', weeks, cases: figures.stalledCases.length, ...(viewer.kind === 'person' ? { as: viewer.person } : {}) });
  return {
    ok: true,
    overview: {
      figures,
      pairs,
      rc: { latest: rc.latest?.name ?? null, previous: rc.previous?.name ?? null, survey: rc.survey },
      departmentNames: names,
      viewer: viewer.kind === 'person' ? { kind: 'person', person: viewer.person, departments: led! } : { kind: 'municipality' },
    },
  };
}

/** An RC survey's groups and the department each stands for (API key). */
export async function groupDepartments({ db }: UseCaseDeps, actor: Actor, survey: string): Promise<Outcome<{ survey: { id: string; name: string }; groups: GroupDepartment[] }>> {
  const found = await surveyGroupDepartments(db, actor.tenant, survey);
  if (!found) return refuse('not-found', `survey ${survey} does not exist`);
  await audit(db, actor, 'rc-survey.departments.read', null, { survey });
  return { ok: true, ...found };
}

/** Replaces an RC survey's mapping of its groups to departments: each group of the survey, each department the tenant's. */
export async function mapGroupDepartments(
  { db }: UseCaseDeps,
  actor: Actor,
  survey: string,
  mapping: { group: string; department: string }[],
): Promise<Outcome<{ survey: { id: string; name: string }; groups: GroupDepartment[] }>> {
  const found = await surveyGroupDepartments(db, actor.tenant, survey);
  if (!found) return refuse('not-found', `survey ${survey} does not exist`);
  const groups = new Set(found.groups.map((g) => g.group));
  const departments = new Set((await departmentNames(db, actor.tenant)).map((d) => d.id));
  const seen = new Set<string>();
  for (const [i, m] of mapping.entries()) {
    if (!groups.has(m.group)) return refuse('invalid', `the survey has no group ${JSON.stringify(m.group)}`, { field: `groups[${i}].group` });
    if (seen.has(m.group)) return refuse('invalid', `the group ${JSON.stringify(m.group)} is mapped twice`, { field: `groups[${i}].group` });
    if (!departments.has(m.department)) return refuse('invalid', `no department ${JSON.stringify(m.department)}`, { field: `groups[${i}].department` });
    seen.add(m.group);
  }
  await db.transaction(async (tx) => {
    await storeGroupDepartments(tx, found.survey.id, mapping);
    await audit(tx, actor, 'rc-survey.departments.write', null, { survey, groups: mapping.length });
  });
  return { ok: true, ...(await surveyGroupDepartments(db, actor.tenant, survey))! };
}
