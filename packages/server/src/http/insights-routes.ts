// The leaders' overview (issue 27): GET /insights/overview for an API key (the municipality) or a
// widget token of scope `insights` (what its person may see); the token from POST
// /insights/widget-tokens; an RC survey's groups as departments (GET/PUT /rc-surveys/:id/departments).
import { Id, InsightsOverview } from '@samspil/core';
import * as z from 'zod/mini';
import { audit } from '../store/audit.js';
import { personExists } from '../store/insights.js';
import { groupDepartments, mapGroupDepartments, overview, type Viewer } from '../usecases/insights.js';
import { outcome } from './outcome.js';
import { notFound, Problem } from './problem.js';
import { problems, type Api, type Context } from './route.js';
import { SerialParams } from './schemas.js';

const OverviewQuery = z.strictObject({
  /** Department ids, comma-separated. */
  departments: z.optional(z.string().check(z.regex(/^[^,]+(?:,[^,]+){0,199}$/))),
  /** Weeks in the trend, 1-52 (12). */
  weeks: z.optional(z.string().check(z.regex(/^(?:[1-9]|[1-4]\d|5[0-2])$/))),
});

const InsightsTokenBody = z.strictObject({
  /** The Samspil person (people.id) whose view the widget shows: a team lead or head of department. */
  person: Id,
  /** The named user of the vendor's system the widget acts for; recorded in the audit log. */
  user: Id,
  ttlSeconds: z._default(z.int().check(z.minimum(30), z.maximum(3600)), 900),
});
const InsightsTokenAnswer = z.object({ token: z.string(), scope: z.literal('insights'), expiresAt: z.string() });

const GroupDepartments = z.object({
  survey: z.object({ id: z.string(), name: z.string() }),
  groups: z.array(z.object({ group: z.string(), department: z.nullable(z.string()), source: z.nullable(z.enum(['mapping', 'name'])) })),
});
const GroupDepartmentsBody = z.strictObject({ groups: z.array(z.strictObject({ group: z.string().check(z.minLength(1), z.maxLength(200)), department: Id })).check(z.maxLength(500)) });

export function insightsRoutes({ db, now, policy, tokens }: Context) {
  const deps = { db, now, policy };
  return async (api: Api) => {
    api.get(
      '/insights/overview',
      {
        config: { access: 'insights' },
        schema: {
          summary: "The leaders' overview: open coordinations, stalls by reason and department with a weekly trend, times to a coordinator, a plan and a decision, department pairs beside RC (query: departments, weeks). Counts under k show as {under: k}",
          querystring: OverviewQuery,
          response: { 200: InsightsOverview, ...problems(403) },
        },
      },
      async (request) => {
        const claims = request.widget;
        const viewer: Viewer = claims?.scope === 'insights' && claims.person ? { kind: 'person', person: claims.person } : { kind: 'municipality' };
        const { departments, weeks } = request.query;
        return outcome(await overview(deps, request.actor, viewer, { departments: departments?.split(',').map((d) => d.trim()), weeks: weeks === undefined ? undefined : Number(weeks) })).overview;
      },
    );

    api.post(
      '/insights/widget-tokens',
      { config: { access: 'tenant' }, schema: { summary: 'Exchange the API key for a widget token of scope insights: the overview as one person (a team lead or head) would see it', body: InsightsTokenBody, response: { 201: InsightsTokenAnswer, ...problems(404) } } },
      async (request, reply) => {
        const { person, user, ttlSeconds } = request.body;
        const tenant = request.actor.tenant;
        if (!(await personExists(db, tenant, person))) throw notFound(`person ${person}`);
        const exp = Math.floor(now().getTime() / 1000) + ttlSeconds;
        const token = tokens.sign({ tenant, person, user, scope: 'insights', exp });
        await audit(db, request.actor, 'widget-token.issue', null, { user, scope: 'insights', person });
        return reply.status(201).send({ token, scope: 'insights' as const, expiresAt: new Date(exp * 1000).toISOString() });
      },
    );

    api.get(
      '/rc-surveys/:id/departments',
      { config: { access: 'tenant' }, schema: { summary: "An RC survey's groups and the department each stands for (set for the survey, or a wave's group named as a department or team)", params: SerialParams, response: { 200: GroupDepartments, ...problems(404) } } },
      async (request) => {
        const r = outcome(await groupDepartments(deps, request.actor, request.params.id));
        return { survey: r.survey, groups: r.groups };
      },
    );

    api.put(
      '/rc-surveys/:id/departments',
      { config: { access: 'tenant' }, schema: { summary: "Map an RC survey's groups to departments (replacing the mapping); an unmapped group of a CSV survey is left out of the department pairs", params: SerialParams, body: GroupDepartmentsBody, response: { 200: GroupDepartments, ...problems(404) } } },
      async (request) => {
        const r = await mapGroupDepartments(deps, request.actor, request.params.id, request.body.groups);
        if (!r.ok && r.reason === 'invalid') throw new Problem(422, `body ${r.field}: ${r.detail}`, { errors: [{ path: r.field, message: r.detail }] });
        const ok = outcome(r);
        return { survey: ok.survey, groups: ok.groups };
      },
    );
  };
}
