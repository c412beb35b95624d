import { problemColumn } from '@samspil/core';
import { importSurvey, TooLargeError, type ScoredSurvey } from '../survey-import.js';
import { Label, RcComparison, RcResult } from '@samspil/core';
import type { FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import * as z from 'zod/mini';
import { compareWaves, findSurvey, surveyResult } from '../store/surveys.js';
import { SurveySummary } from '../views.js';
import { notFound, Problem } from './problem.js';
import { problems, type Api, type Context } from './route.js';
import { SerialParams } from './schemas.js';

const UPLOADS_PER_TENANT = 2;
/** A survey's name is shown wherever its results are: no CPR number. */
const UploadQuery = z.strictObject({ name: Label.check(z.maxLength(200)) });
const ResultQuery = z.strictObject({ wave: z.optional(z.string()) });
const CompareQuery = z.strictObject({ from: z.string(), to: z.string() });
/** The survey as CSV: a header row with the RC columns, one row per rating. */
const CsvBody = { content: { 'text/csv': { schema: z.string() } } };

/** RC surveys: upload the CSV (streamed through core's reader), read the results per wave, compare waves. */
export function surveyRoutes({ db, surveyLimit, useCases }: Context) {
  /** Survey uploads under way per tenant. */
  const running = new Map<string, number>();
  return async (api: Api) => {
    // The CSV is read as it arrives: a million rows never sit in memory as text. Fastify refuses
    // a Content-Length over the limit; a streamed (chunked) body is counted by the route as it comes.
    api.addContentTypeParser('text/csv', { bodyLimit: surveyLimit }, (_request, payload, done) => done(null, payload));

    const survey = async (request: FastifyRequest & { params: { id: string } }) => {
      const found = await findSurvey(db, request.actor.tenant, request.params.id);
      if (!found) throw notFound(`survey ${request.params.id}`);
      return found;
    };

    api.post(
      '/rc-surveys',
      { bodyLimit: surveyLimit, config: { access: 'tenant' }, schema: { summary: 'Upload an RC survey (text/csv, streamed; query: name)', querystring: UploadQuery, body: CsvBody, response: { 201: SurveySummary } } },
      async (request, reply) => {
      if (!String(request.headers['content-type'] ?? '').startsWith('text/csv')) throw new Problem(415, 'send the survey as text/csv');
      const { name } = request.query;
      const tenant = request.actor.tenant;
      // A large import takes a while: a tenant runs at most two at once, and never holds up another tenant.
      if ((running.get(tenant) ?? 0) >= UPLOADS_PER_TENANT) {
        throw new Problem(429, `at most ${UPLOADS_PER_TENANT} survey uploads run at once per municipality; retry when one is done`, {}, { 'retry-after': '10' });
      }
      running.set(tenant, (running.get(tenant) ?? 0) + 1);
      let read: ScoredSurvey;
      try {
        read = await importSurvey(request.body as Readable, surveyLimit);
      } catch (error) {
        if (error instanceof TooLargeError) {
          // The rest is not read: the connection closes after the answer.
          reply.header('connection', 'close');
          throw new Problem(413, `${error.message}; nothing was stored`);
        }
        // The client hung up mid-upload: its matter, not an error of ours.
        if (aborted(request, error)) {
          request.log.info({ route: request.routeOptions.url }, 'upload aborted by the client');
          throw new Problem(400, 'the upload ended before it was complete; nothing was stored');
        }
        throw error;
      } finally {
        const left = (running.get(tenant) ?? 1) - 1;
        if (left > 0) running.set(tenant, left);
        else running.delete(tenant);
      }
      if (read.notUtf8 !== undefined) throw new Problem(422, `the survey is not UTF-8 (save it as "CSV UTF-8"): the first bad byte is at offset ${read.notUtf8}`);
      const first = read.problems[0];
      if (first) {
        if (read.stopped) reply.header('connection', 'close');
        throw new Problem(422, `line ${first.line}, column ${problemColumn(first)}: ${first.message}`, {
          problemCount: read.problemCount,
          problems: read.problems,
        });
      }
      return reply.status(201).send(await useCases.uploadSurvey(request.actor, name, read));
      },
    );

    api.get('/rc-surveys/:id', { config: { access: 'tenant' }, schema: { summary: 'A survey: its name, waves and number of ratings', params: SerialParams, response: { 200: SurveySummary, ...problems(404) } } }, async (request) => survey(request));

    api.get('/rc-surveys/:id/results', { config: { access: 'survey:read' }, schema: { summary: 'The result of a wave (the last by default); a widget token for the survey may read it', params: SerialParams, querystring: ResultQuery, response: { 200: RcResult, ...problems(404) } } }, async (request) => {
      const found = await survey(request);
      const { wave } = request.query;
      const w = wave ?? found.waves.at(-1) ?? '';
      const result = await surveyResult(db, found.id, w);
      // The wave asked for is the caller's text: not repeated.
      if (!result) throw notFound(`the wave asked for in survey ${found.id}`);
      return result;
    });

    api.get('/rc-surveys/:id/compare', { config: { access: 'tenant' }, schema: { summary: 'Compare two waves', params: SerialParams, querystring: CompareQuery, response: { 200: RcComparison, ...problems(404) } } }, async (request) => {
      const found = await survey(request);
      const { from, to } = request.query;
      const comparison = await compareWaves(db, found.id, from, to);
      if (!comparison) throw notFound(`one of the waves asked for (from, to) in survey ${found.id}`);
      return comparison;
    });
  };
}

/** Whether reading the body failed because the client went away (a reset or a closed connection). */
function aborted(request: FastifyRequest, error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || (request.raw.destroyed && !request.raw.complete);
}
