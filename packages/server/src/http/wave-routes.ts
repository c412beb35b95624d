import type { FastifyRequest } from 'fastify';
import { WaveView } from '../views.js';
import { Waves } from '../usecases/waves.js';
import { waveOutcome as outcome } from './outcome.js';
import { problems, type Api, type Context } from './route.js';
import { NoBody, SerialParams, WaveBody, WaveList, WordingAnswer, WordingBody } from './schemas.js';

/**
 * RC measurement waves run by the bot, and the tenant's wording of the questions. Answers
 * are not taken here: they come only from the person, in chat (no key answers for anyone).
 */
export function waveRoutes({ db, now, policy }: Context) {
  const waves = new Waves(db, policy, now);
  return async (api: Api) => {
    api.post('/rc-waves', { config: { access: 'tenant' }, schema: { summary: 'Start an RC measurement wave answered in chat', body: WaveBody, response: { 201: WaveView, ...problems(409) } } }, async (request, reply) =>
      reply.status(201).send(outcome(await waves.createWave(request.actor, request.body)).wave),
    );

    api.get('/rc-waves', { config: { access: 'tenant' }, schema: { summary: 'The RC waves, newest first', response: { 200: WaveList } } }, async (request) => ({ waves: await waves.listWaves(request.actor) }));

    api.get('/rc-waves/:id', { config: { access: 'tenant' }, schema: { summary: 'A wave with its response counts per group (only for groups of k or more)', params: SerialParams, response: { 200: WaveView, ...problems(404) } } }, async (request: FastifyRequest<{ Params: { id: string } }>) =>
      outcome(await waves.waveStatus(request.actor, request.params.id)).wave,
    );

    api.post(
      '/rc-waves/:id/close',
      { config: { access: 'tenant' }, schema: { summary: 'Close a wave now: score it into its survey and destroy its key', params: SerialParams, body: NoBody, response: { 200: WaveView, ...problems(404, 409) } } },
      async (request: FastifyRequest<{ Params: { id: string } }>) => outcome(await waves.closeWave(request.actor, request.params.id)).wave,
    );

    api.get('/rc-wording', { config: { access: 'tenant' }, schema: { summary: "The tenant's wording of the RC questions (Samspil's, or its overrides)", response: { 200: WordingAnswer } } }, async (request) => waves.wording(request.actor));

    api.put(
      '/rc-wording',
      { config: { access: 'tenant' }, schema: { summary: "Replace the tenant's wording overrides (e.g. with the licensed survey's text)", body: WordingBody, response: { 200: WordingAnswer } } },
      async (request) => outcome(await waves.setWording(request.actor, request.body.overrides)).wording,
    );
  };
}
