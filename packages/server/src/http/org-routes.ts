import { Department, Person, Team } from '@samspil/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as z from 'zod/mini';
import { audit } from '../store/audit.js';
import { upsertPerson } from '../store/snapshots.js';
import { parse, type Context } from './app.js';
import { Problem } from './problem.js';

type WithId = FastifyRequest<{ Params: { id: string } }>;

/** Body of a PUT whose id is the URL's: the id may be left out of the body, and must match when given. */
const withId = (request: WithId, body: unknown) => {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const given = (body as { id?: unknown }).id;
  if (given !== undefined && given !== request.params.id) throw new Problem(422, 'Unprocessable Content', `body id ${JSON.stringify(given)} differs from the URL's ${JSON.stringify(request.params.id)}`);
  return { ...body, id: request.params.id };
};

/**
 * The municipality's organisation as the vendor's system knows it: departments
 * (with their heads), teams (with their leads) and professionals (with their team
 * lead, chat identities and availability). The stall rules and the escalation
 * ladder read these. Tenant API keys only.
 */
export function organisationRoutes({ db }: Context) {
  return async (api: FastifyInstance) => {
    api.put('/departments/:id', { config: { access: 'tenant' } }, async (request: WithId) => {
      const d = parse(z.strictObject(Department.shape), withId(request, request.body));
      await db.query(
        `INSERT INTO departments (tenant_id, id, name, kind, head) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tenant_id, id) DO UPDATE SET name = $3, kind = $4, head = $5`,
        [request.actor.tenant, d.id, d.name, d.kind, d.head ?? null],
      );
      await audit(db, request.actor, 'department.write', null, { department: d.id });
      return d;
    });

    api.put('/teams/:id', { config: { access: 'tenant' } }, async (request: WithId) => {
      const t = parse(z.strictObject(Team.shape), withId(request, request.body));
      await db.query(
        `INSERT INTO teams (tenant_id, id, name, department, lead) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tenant_id, id) DO UPDATE SET name = $3, department = $4, lead = $5`,
        [request.actor.tenant, t.id, t.name, t.department, t.lead],
      );
      await audit(db, request.actor, 'team.write', null, { team: t.id });
      return t;
    });

    api.put('/people/:id', { config: { access: 'tenant' } }, async (request: WithId) => {
      const p = parse(z.strictObject(Person.shape), withId(request, request.body));
      await db.transaction(async (tx) => {
        await upsertPerson(tx, request.actor.tenant, p);
        // An absence or a departure can stall the cases the person coordinates: look at them now.
        await tx.query('UPDATE cases SET next_check_at = now() WHERE tenant_id = $1 AND coordinator = $2', [request.actor.tenant, p.id]);
        await audit(tx, request.actor, 'person.write', null, { person: p.id });
      });
      return p;
    });
  };
}
