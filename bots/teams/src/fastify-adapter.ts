// The Teams SDK's HTTP adapter for the service's own Fastify server: the SDK keeps
// the protocol (the Bot Framework token's check, ours in its place: channel-tokens.ts;
// routing, invoke responses); Fastify only carries the request and the answer. An
// activity whose serviceUrl is not one of the Bot Connector's is refused before the SDK
// sees it.
import type { HttpMethod, HttpRouteHandler, IHttpServerAdapter } from '@microsoft/teams.apps';
import { Problem, type Log } from '@samspil/server';
import type { FastifyInstance } from 'fastify';

export class FastifyAdapter implements IHttpServerAdapter {
  constructor(
    private readonly fastify: FastifyInstance,
    private readonly serviceUrlAllowed: (serviceUrl: unknown) => boolean,
    private readonly log: Log,
  ) {}

  registerRoute(method: HttpMethod, path: string, handler: HttpRouteHandler): void {
    this.fastify.route({
      method,
      url: path,
      handler: async (request, reply) => {
        const serviceUrl = (request.body as { serviceUrl?: unknown } | undefined)?.serviceUrl;
        if (!this.serviceUrlAllowed(serviceUrl)) {
          this.log.warn('teams: refused an activity whose serviceUrl is not a Bot Connector host');
          throw new Problem(403, 'the activity\'s serviceUrl is not a Bot Connector host');
        }
        const answer = await handler({ body: request.body, headers: request.headers as Record<string, string | string[]> });
        reply.code(answer.status);
        return answer.body === undefined ? reply.send() : reply.send(answer.body);
      },
    });
  }
}
