import * as z from 'zod/mini';
import { INVITATION_DAYS } from '../usecases/invitations.js';
import { outcome } from './outcome.js';
import { problems, type Api, type Context } from './route.js';
import { PathId } from './schemas.js';

const TenantParams = z.strictObject({ tenant: PathId });
const InvitationBody = z.strictObject({
  platform: z.enum(['slack', 'teams']),
  /** How long it works; 7 days by default. */
  days: z.optional(z.int().check(z.minimum(1), z.maximum(INVITATION_DAYS.max))),
});
const Invitation = z.object({ tenant: z.string(), platform: z.enum(['slack', 'teams']), expiresAt: z.string(), link: z.optional(z.string()), code: z.optional(z.string()) });

/**
 * The operator's routes, across municipalities (the operator's token only): what the
 * `samspil workspace invite` command does, for an operator's own tooling.
 */
export function operatorRoutes({ useCases, publicUrl }: Context) {
  return async (api: Api) => {
    api.post(
      '/tenants/:tenant/invitations',
      {
        config: { access: 'operator' },
        schema: {
          summary: "A one-time invitation for a municipality's chat (the operator's token): Slack's install link, or the code an organisation sends the Teams bot",
          params: TenantParams,
          body: InvitationBody,
          response: { 201: Invitation, ...problems(404) },
        },
      },
      async (request, reply) => {
        const { invitation } = outcome(await useCases.invite(request.actor, request.body.platform, request.params.tenant, request.body.days ?? INVITATION_DAYS.default, publicUrl));
        return reply.code(201).send(invitation);
      },
    );
  };
}
