// The monorepo's example hosts and the widgets' bundle, served as a vendor's page would
// load them. Here, in the composition root, because only the monorepo has these folders:
// the server package knows nothing of them.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** The monorepo's examples folder (this package sits in packages/service/dist). */
export const EXAMPLES = fileURLToPath(new URL('../../../examples', import.meta.url));
/** The widgets package's build, found through the package itself. */
const WIDGETS_DIST = dirname(createRequire(import.meta.url).resolve('@samspil/widgets'));

export function examplePages(examples: string) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(fastifyStatic, { root: examples, prefix: '/examples/', index: ['index.html'] });
    await app.register(fastifyStatic, { root: WIDGETS_DIST, prefix: '/packages/widgets/dist/', decorateReply: false });
    // The widgets' API reference, made from custom-elements.json by their build (its style sheet beside it).
    app.get('/widgets/api', { config: { access: 'public' } }, async (_request, reply) => reply.sendFile('api.html', WIDGETS_DIST));
    app.get('/widgets/api.css', { config: { access: 'public' } }, async (_request, reply) => reply.sendFile('api.css', WIDGETS_DIST));
    app.get('/', { config: { access: 'public' } }, async (_request, reply) => reply.redirect('/examples/host-vanilla/index.html'));
  };
}
