import { problemColumn } from '@samspil/core';
import { NotUtf8Error, readSurveyStream } from '../survey-stream.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import * as z from 'zod/mini';
import { audit } from '../store/audit.js';
import { compareWaves, findSurvey, saveSurvey, surveyResult } from '../store/surveys.js';
import { parse, type Context } from './app.js';
import { notFound, Problem } from './problem.js';

const SURVEY_LIMIT = 256 * 1024 * 1024;
const UploadQuery = z.strictObject({ name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)) });
const ResultQuery = z.strictObject({ wave: z.optional(z.string()) });
const CompareQuery = z.strictObject({ from: z.string(), to: z.string() });
type WithId = FastifyRequest<{ Params: { id: string } }>;

/** RC surveys: upload the CSV (streamed through core's reader), read the results per wave, compare waves. */
export function surveyRoutes({ db }: Context) {
  return async (api: FastifyInstance) => {
    // The CSV is read as it arrives: a million rows never sit in memory as text.
    api.addContentTypeParser('text/csv', { bodyLimit: SURVEY_LIMIT }, (_request, payload, done) => done(null, payload));

    const survey = async (request: WithId) => {
      const found = await findSurvey(db, request.actor.tenant, request.params.id);
      if (!found) throw notFound(`survey ${request.params.id}`);
      return found;
    };

    api.post('/rc-surveys', { bodyLimit: SURVEY_LIMIT, config: { access: 'tenant' } }, async (request, reply) => {
      if (!String(request.headers['content-type'] ?? '').startsWith('text/csv')) throw new Problem(415, 'Unsupported Media Type', 'send the survey as text/csv');
      const { name } = parse(UploadQuery, request.query, 'query');
      let read;
      try {
        read = await readSurveyStream(request.body as Readable);
      } catch (error) {
        if (error instanceof NotUtf8Error) throw new Problem(422, 'Unprocessable Content', error.message.replace('the file', 'the survey'));
        throw error;
      }
      const first = read.problems[0];
      if (first) {
        throw new Problem(422, 'Unprocessable Content', `line ${first.line}, column ${problemColumn(first)}: ${first.message}`, {
          problemCount: read.problemCount,
          problems: read.problems.slice(0, 20),
        });
      }
      const saved = await saveSurvey(db, request.actor.tenant, name, read);
      await audit(db, request.actor, 'rc-survey.upload', null, { survey: saved.id, ratings: saved.ratings });
      return reply.status(201).send(saved);
    });

    api.get('/rc-surveys/:id', { config: { access: 'tenant' } }, async (request: WithId) => survey(request));

    api.get('/rc-surveys/:id/results', { config: { access: 'tenant' } }, async (request: WithId) => {
      const found = await survey(request);
      const { wave } = parse(ResultQuery, request.query, 'query');
      const w = wave ?? found.waves.at(-1) ?? '';
      const result = await surveyResult(db, found.id, w);
      if (!result) throw notFound(`wave ${JSON.stringify(w)} of survey ${found.id}`);
      return result;
    });

    api.get('/rc-surveys/:id/compare', { config: { access: 'tenant' } }, async (request: WithId) => {
      const found = await survey(request);
      const { from, to } = parse(CompareQuery, request.query, 'query');
      const comparison = await compareWaves(db, found.id, from, to);
      if (!comparison) throw notFound(`waves ${JSON.stringify(from)} and ${JSON.stringify(to)} of survey ${found.id}`);
      return comparison;
    });
  };
}
