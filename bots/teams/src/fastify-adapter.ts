// The Teams SDK's HTTP adapter for the service's own Fastify server: the SDK keeps
// the protocol (Bot Framework JWT validation, routing, invoke responses); Fastify
// only carries the request and the answer.
import type { HttpMethod, HttpRouteHandler, IHttpServerAdapter } from '@microsoft/teams.apps';
import type { FastifyInstance } from 'fastify';

export class FastifyAdapter implements IHttpServerAdapter {
  constructor(private readonly fastify: FastifyInstance) {}

  registerRoute(method: HttpMethod, path: string, handler: HttpRouteHandler): void {
    this.fastify.route({
      method,
      url: path,
      handler: async (request, reply) => {
        const answer = await handler({ body: request.body, headers: request.headers as Record<string, string | string[]> });
        reply.code(answer.status);
        return answer.body === undefined ? reply.send() : reply.send(answer.body);
      },
    });
  }
}
