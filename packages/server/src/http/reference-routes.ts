// A coordination's case references (issue 26): linked and unlinked by a case system's API key
// (the plan coordinator links from chat). Any linked reference reaches the same coordination.
import * as z from 'zod/mini';
import { outcome } from './outcome.js';
import { problems, type Api, type Context } from './route.js';
import { JoinAnswer, JoinBody, LinkAnswer, LinkBody, OtherReferenceParams, ReferenceParams } from './schemas.js';

export function referenceRoutes({ useCases }: Context) {
  return async (api: Api) => {
    api.post(
      '/cases/:reference/references',
      {
        config: { access: 'tenant' },
        schema: {
          summary: "Link another case system's reference to the coordination (a reference belongs to one coordination only: one linked elsewhere is refused, 409)",
          params: ReferenceParams,
          body: LinkBody,
          response: { 200: LinkAnswer, 201: LinkAnswer, ...problems(404, 409) },
        },
      },
      async (request, reply) => {
        const r = outcome(await useCases.linkReference(request.actor, request.params.reference, request.body.reference, request.body.system));
        return reply.status(r.linked ? 201 : 200).send({ case: r.case, references: r.references, linked: r.linked });
      },
    );

    api.post(
      '/cases/:reference/joins',
      {
        config: { access: 'tenant' },
        schema: {
          summary:
            "Join another coordination into this one: one plan (both plans' interventions kept and marked for review), the earlier coordinator unless one is named, consent the intersection until renewed; the other becomes read-only history and its chat place is closed with a pointer here",
          params: ReferenceParams,
          body: JoinBody,
          response: { 200: JoinAnswer, ...problems(404, 409, 422) },
        },
      },
      async (request) => {
        const r = outcome(await useCases.joinCoordinations(request.actor, request.params.reference, request.body.reference, request.body.coordinator));
        return { case: r.case, references: r.references, merged: r.merged };
      },
    );

    api.delete(
      '/cases/:reference/references/:other',
      {
        config: { access: 'tenant' },
        schema: {
          summary: "Unlink a reference from the coordination, keeping the history; the participants that came only through its system leave (the last reference is erased, not unlinked: 409)",
          params: OtherReferenceParams,
          response: { 204: z.null(), ...problems(404, 409) },
        },
      },
      async (request, reply) => {
        outcome(await useCases.unlinkReference(request.actor, request.params.reference, request.params.other));
        return reply.status(204).send(null);
      },
    );
  };
}
