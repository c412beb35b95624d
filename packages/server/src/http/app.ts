import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import { hasCpr } from '@samspil/core';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import * as z from 'zod/mini';
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Socket } from 'node:net';
import { AccessPolicy, ANOTHER_CASE, routeRefusal } from '../access.js';
import type { Metrics } from '../metrics.js';
import { pseudonymKey } from '../usecases/erasure.js';
import { UseCases } from '../usecases/index.js';
import type { Actor } from '../store/audit.js';
import { ping, type Db } from '../store/db.js';
import { apiKeyId, authenticateApiKey } from '../store/tenants.js';
import { systemClock } from '../clock.js';
import { createLog, type Log } from '../log.js';
import { openApiDocument } from './openapi.js';
import { organisationRoutes } from './org-routes.js';
import { Problem, PROBLEMS, type ProblemStatus } from './problem.js';
import { parse, serializerCompiler, validatorCompiler, type Api, type Context, type RouteSchema } from './route.js';
import { operatorRoutes } from './operator-routes.js';
import { caseRoutes } from './routes.js';
import { strictJsonParser } from './json-body.js';
import { largeBodyTurns } from './large-bodies.js';
import { NoBody, NoQuery, PathId, ProblemSchema } from './schemas.js';
import { pendingMigrations } from '../store/migrate.js';
import { surveyRoutes } from './survey-routes.js';
import { waveRoutes } from './wave-routes.js';
import { insightsRoutes } from './insights-routes.js';
import { citizenRoutes } from './citizen-routes.js';
import { meetingRoutes } from './meeting-routes.js';
import { referenceRoutes } from './reference-routes.js';
import { WidgetTokens } from './tokens.js';

export interface AppOptions {
  db: Db;
  /** Signs widget tokens; at least 32 characters, the same on every instance. */
  tokenSecret: string;
  /** Origins allowed to call the API from a browser (the vendors' pages). */
  corsOrigins?: string[];
  /** Requests per key (or widget user) per minute. */
  rateLimit?: number;
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
  /** Largest accepted request body in bytes (RC surveys are larger; see their route). */
  bodyLimit?: number;
  /** The largest RC survey upload in bytes (256 MB). */
  surveyLimit?: number;
  /** Failed authentications allowed per client address, and per API key id, per minute before 429. */
  authFailureLimit?: number;
  /**
   * The proxies (addresses or CIDRs) whose `X-Forwarded-For` names the client; by default
   * none, and the client is the connection's address (a header anyone can send is no address).
   */
  trustedProxies?: string[];
  /**
   * What else must run for the service to be ready (`/readyz`), each part's state: `ok` or why
   * not. The database and its migrations are always checked.
   */
  readiness?: () => Record<string, string>;
  /** `GET /metrics` with these metrics; with a token, only for `Authorization: Bearer <token>`. Off when absent. */
  metrics?: { metrics: Metrics; token?: string | undefined };
  /** The operator's token (at least 32 characters): the routes across tenants answer only to it. Without it, nobody reaches them. */
  operatorToken?: string | undefined;
  /** This service's public address, which links it hands out start with (Slack's install link). */
  publicUrl?: string | undefined;
  /** The service's logger (pino): each request with its id, unexpected errors, failed authentications; never a secret or case data. By default warnings and errors to stdout. */
  log?: Log;
}

/** The REST API (under /api/v1) and /healthz, on Fastify. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    loggerInstance: options.log ?? createLog({ level: 'warn' }),
    genReqId: requestId,
    trustProxy: options.trustedProxies?.length ? options.trustedProxies : false,
    // A reference or id may be 200 characters (core's Id); Fastify's default is 100.
    routerOptions: { maxParamLength: 200 },
    // A URL Fastify cannot decode is answered like every other error, without the URL.
    frameworkErrors: (error, request, reply) => void sendProblem(reply, new Problem(400, `the URL is not valid${URL_ERRORS[error.code] ?? ''}`), request.id),
    // The HTTP parser's refusals (a header too large, a malformed request) in problem+json, and the connection closed.
    clientErrorHandler: clientError,
  });
  app.addContentTypeParser(['application/json', 'application/merge-patch+json'], { parseAs: 'buffer' }, strictJsonParser(app.getDefaultJsonParser('error', 'error')));
  const now = options.now ?? systemClock;
  const policy = new AccessPolicy(options.db);
  const context: Context = {
    db: options.db,
    useCases: new UseCases(options.db, now, policy),
    tokens: new WidgetTokens(options.tokenSecret),
    now,
    policy,
    surveyLimit: options.surveyLimit ?? 256 * 1024 * 1024,
    pseudonymKey: pseudonymKey(options.tokenSecret),
    isOperator: bearerCheck(options.operatorToken),
    publicUrl: options.publicUrl,
  };
  const failures = new AuthFailures(options.authFailureLimit ?? 20, 60_000);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('routeTable', []);
  app.addHook('onRoute', (route) => {
    const schema = (route.schema ??= {}) as RouteSchema;
    if (route.url.startsWith('/api/v1/')) {
      // A route declares who may call it and what it answers; what it takes defaults to nothing.
      if (!route.config?.access) throw new Error(`${route.method} ${route.url} declares no access rule`);
      if (!Object.keys(schema.response ?? {}).some((status) => status.startsWith('2'))) throw new Error(`${route.method} ${route.url} declares no answer`);
      if (route.url.includes(':') && !schema.params) throw new Error(`${route.method} ${route.url} declares no params schema`);
      schema.querystring ??= NoQuery;
      if (route.method === 'POST' || route.method === 'PUT' || route.method === 'PATCH' || route.method === 'DELETE') schema.body ??= NoBody;
    }
    for (const method of [route.method].flat()) app.routeTable.push({ method, url: route.url, access: route.config?.access, schema, summary: schema.summary });
  });

  // Draining: close() waits for handlers still at work (a client that hung up does not
  // stop its handler), so the database is never closed under a running write.
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const counted = new WeakSet<FastifyRequest>();
  const done = (request: FastifyRequest) => {
    if (counted.delete(request) && --inFlight === 0) drained?.();
  };
  app.addHook('preHandler', async (request, reply) => {
    counted.add(request);
    inFlight++;
    // A route that writes its own answer (hijacked: Slack's OAuth paths) skips onSend; its answer's end counts.
    reply.raw.once('finish', () => done(request));
  });
  app.addHook('onSend', async (request) => done(request));
  // At most 10 s: a handler stuck longer is not waited for (the database then refuses it).
  app.addHook('onClose', async () => {
    if (inFlight > 0) await withTimeout(new Promise<void>((resolve) => (drained = resolve)), 10_000).catch(() => {});
  });

  app.setErrorHandler((error: FastifyError | Problem, request, reply) => {
    const problem = toProblem(error);
    // The route and the error's type and code (the serializer's), never its message or the statement's parameters (case data).
    if (problem.status >= 500) request.log.error({ err: error, route: request.routeOptions.url ?? '(no route)' }, 'unexpected error');
    return sendProblem(reply, problem, instance(request));
  });
  app.setNotFoundHandler((request, reply) => sendProblem(reply, new Problem(404, `no route answers ${request.method} at this path (see /api/v1/openapi.json)`), instance(request)));

  await app.register(cors, {
    origin: options.corsOrigins ?? [],
    allowedHeaders: ['authorization', 'content-type', 'if-match'],
    exposedHeaders: ['etag', 'retry-after'],
    methods: ['GET', 'PUT', 'POST', 'DELETE'],
  });

  if (options.metrics) {
    const { metrics, token } = options.metrics;
    app.addHook('onResponse', async (request, reply) => {
      metrics.requests.observe({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    });
    const allowed = bearerCheck(token);
    app.get('/metrics', { config: { access: 'public' }, schema: { summary: 'Prometheus metrics', response: { 200: z.string(), 401: ProblemSchema } } }, async (request, reply) => {
      if (token && !allowed(request.headers.authorization)) throw new Problem(401, 'the metrics need their own token: Authorization: Bearer …', {}, { 'www-authenticate': 'Bearer' });
      return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    });
  }

  // Liveness: the process answers. Cheap on purpose (no database): a restart cannot mend a database.
  app.get('/healthz', { config: { access: 'public' }, schema: { response: { 200: z.object({ status: z.literal('ok') }) } } }, async () => ({ status: 'ok' as const }));

  // Readiness: send traffic here only when every part works; 503 names those that do not.
  const Checks = z.record(z.string(), z.string());
  app.get('/readyz', { config: { access: 'public' }, schema: { response: { 200: z.object({ status: z.literal('ready'), checks: Checks }), 503: ProblemSchema } } }, async () => {
    const checks: Record<string, string> = { database: 'ok', migrations: 'ok', ...options.readiness?.() };
    try {
      await withTimeout(ping(options.db), 2_000);
      const pending = await withTimeout(pendingMigrations(options.db), 2_000);
      if (pending.length) checks.migrations = `pending: ${pending.join(', ')}`;
    } catch (error) {
      checks.database = `not answering (${(error as { code?: string }).code ?? (error as Error).name})`;
      checks.migrations = 'unknown';
    }
    const failing = Object.entries(checks).filter(([, state]) => state !== 'ok');
    if (failing.length) throw new Problem(503, `not ready: ${failing.map(([part, state]) => `${part} ${state}`).join('; ')}`, { checks });
    return { status: 'ready' as const, checks };
  });

  // Built at the first request, when every route is registered.
  let document: Record<string, unknown> | undefined;
  app.get('/api/v1/openapi.json', { config: { access: 'public' }, schema: { summary: 'This document', response: { 200: z.record(z.string(), z.unknown()) } } }, async () => (document ??= openApiDocument(app.routeTable)));

  await app.register(
    async (api) => {
      // JSON is application/json: sent as text/plain it is not taken for text (415, not 422).
      api.removeContentTypeParser('text/plain');
      api.decorateRequest('actor', null as unknown as Actor);
      api.decorateRequest('widget', undefined);
      api.decorateRequest('keyRateLimit', null);
      // Authentication first, so the rate limit counts per key or widget user.
      // Failed sign-ins count per address and per key id (the part of a key before its secret),
      // so neither a new address nor a new key stops the count.
      api.addHook('onRequest', async (request) => {
        const keyId = apiKeyId(bearerToken(request) ?? '');
        const at = now().getTime();
        const byAddress = failures.blocked(`ip ${request.ip}`, at);
        const byKey = keyId ? failures.blocked(`key ${keyId}`, at) : 0;
        if (byAddress || byKey) {
          const retryAfter = String(Math.max(byAddress, byKey));
          throw new Problem(429, `too many failed sign-ins ${byAddress ? 'from this address' : 'with this key'}; retry in ${retryAfter} s`, {}, { 'retry-after': retryAfter });
        }
        try {
          await authenticate(context, request);
        } catch (error) {
          if (error instanceof Problem && error.status === 401) {
            failures.add(`ip ${request.ip}`, at);
            if (keyId) failures.add(`key ${keyId}`, at);
            request.log.warn({ route: request.routeOptions.url ?? '(no route)', ip: request.ip, ...(keyId ? { keyId } : {}), reason: error.detail }, 'authentication refused');
          }
          throw error;
        }
      });
      // Need to know: the route's declared rule, applied in one place before anything else is
      // read, after the path's case reference has passed the same schema as in bodies (so a
      // CPR number goes no further, not even into the audit of a refusal).
      api.addHook('preValidation', async (request) => {
        const rule = request.routeOptions.config.access;
        if (!rule) throw new Problem(500, 'the route declares no access rule');
        const params = (request.params ?? {}) as { reference?: string; id?: string };
        if (params.reference !== undefined) parse(PathId, params.reference, 'path reference');
        let refusal = routeRefusal(rule, { actor: request.actor, widget: request.widget }, params);
        // A coordination reached by several references (issue 26): a widget's token for one reaches it by any.
        if (refusal === ANOTHER_CASE && request.widget?.case !== undefined && params.reference !== undefined && (await context.policy.sameCoordination(request.actor.tenant, request.widget.case, params.reference))) {
          refusal = routeRefusal(rule, { actor: request.actor, widget: request.widget }, { ...params, reference: request.widget.case });
        }
        if (refusal) {
          await context.policy.denied(request.actor, params.reference ?? null, `${request.method} ${request.routeOptions.url}`);
          throw new Problem(403, refusal);
        }
      });
      // A municipality's large JSON bodies wait their turn before they are read (large-bodies.ts).
      api.addHook('preParsing', largeBodyTurns());
      await api.register(rateLimit, {
        max: (request) => request.keyRateLimit ?? options.rateLimit ?? 600,
        timeWindow: 60_000,
        keyGenerator: (request) => `${request.actor.kind}:${request.actor.tenant}:${request.actor.id}`,
        errorResponseBuilder: (_request, c) =>
          new Problem(429, `at most ${c.max} requests per minute; retry in ${Math.ceil(c.ttl / 1000)} s`, {}, { 'retry-after': String(Math.ceil(c.ttl / 1000)) }),
      });
      const typed = api.withTypeProvider() as unknown as Api;
      await typed.register(caseRoutes(context));
      await typed.register(surveyRoutes(context));
      await typed.register(waveRoutes(context));
      await typed.register(insightsRoutes(context));
      await typed.register(citizenRoutes(context));
      await typed.register(meetingRoutes(context));
      await typed.register(referenceRoutes(context));
      await typed.register(organisationRoutes(context));
      await typed.register(operatorRoutes(context));
    },
    { prefix: '/api/v1' },
  );
  return app;
}

/** Whether an Authorization header carries `token` (compared in constant time); always false without a token. */
function bearerCheck(token: string | undefined): (header: string | undefined) => boolean {
  const expected = token ? createHash('sha256').update(`Bearer ${token}`).digest() : undefined;
  return (header) => expected !== undefined && timingSafeEqual(createHash('sha256').update(header ?? '').digest(), expected);
}

/** The token of `Authorization: Bearer <token>`, if the request has one. */
const bearerToken = (request: FastifyRequest): string | undefined => /^Bearer (\S+)$/i.exec(request.headers.authorization ?? '')?.[1];

async function authenticate(context: Context, request: FastifyRequest): Promise<void> {
  const header = request.headers.authorization ?? '';
  const token = bearerToken(request);
  if (!token) throw new Problem(401, 'send an API key or widget token as "Authorization: Bearer …"', {}, { 'www-authenticate': 'Bearer' });
  if (context.isOperator(header)) {
    request.widget = undefined;
    request.actor = { tenant: '', kind: 'operator', id: 'operator' };
    return;
  }
  if (token.startsWith('swt_')) {
    const claims = context.tokens.verify(token, Math.floor(context.now().getTime() / 1000));
    if (claims === 'expired') throw new Problem(401, 'the widget token has expired', {}, { 'www-authenticate': 'Bearer error="invalid_token"' });
    if (!claims) throw new Problem(401, 'the widget token is not valid', {}, { 'www-authenticate': 'Bearer error="invalid_token"' });
    request.widget = claims;
    // A citizen's token acts as the citizen: a kind of actor of its own in the audit log.
    request.actor = { tenant: claims.tenant, kind: claims.scope === 'citizen' ? 'citizen' : 'widget', id: claims.user };
    return;
  }
  const key = await authenticateApiKey(context.db, token, context.now().getTime());
  if (!key) throw new Problem(401, 'the API key is not valid', {}, { 'www-authenticate': 'Bearer error="invalid_token"' });
  request.widget = undefined;
  request.keyRateLimit = key.rateLimit;
  request.actor = { tenant: key.tenant.id, kind: 'api-key', id: key.keyId, ...(key.system ? { system: key.system } : {}) };
}

/** The promise's value, or an error (code ETIMEDOUT) after `ms`. */
async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })), ms)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

function toProblem(error: FastifyError | Problem): Problem {
  if (error instanceof Problem) return error;
  const status = error.statusCode ?? 500;
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new Problem(413, error.message);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new Problem(415, 'send application/json (or text/csv for RC surveys)');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new Problem(400, `malformed JSON: ${error.message}`);
  }
  if (status >= 400 && status < 500) return new Problem((PROBLEMS[status] ? status : 400) as ProblemStatus, error.message);
  return new Problem(500, 'the server failed; nothing was changed');
}

function sendProblem(reply: FastifyReply, problem: Problem, instance: string): FastifyReply {
  return reply.status(problem.status).headers(problem.headers).type('application/problem+json').send(problem.toJSON(instance));
}

/** A problem's `instance`: the route's pattern (`/api/v1/cases/{reference}`), else the request's id; never the URL (it may hold what was refused). */
function instance(request: FastifyRequest): string {
  const route = request.routeOptions.url;
  return route ? route.replace(/:(\w+)/g, '{$1}') : request.id;
}

/** What is wrong with a URL Fastify refused, by its error's code. */
const URL_ERRORS: Record<string, string> = {
  FST_ERR_BAD_URL: ': a %-encoding that does not decode',
  FST_ERR_MAX_PARAM_LENGTH: ': a path segment is longer than 200 characters',
};

/** A request id a client may choose: short and plain, and no CPR number or key of ours (it is logged on every line). */
const PLAIN_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The request's id: the caller's `X-Request-Id` when it is plain (a line can then be followed across), else a new one. */
function requestId(request: { headers: Record<string, string | string[] | undefined> }): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && PLAIN_ID.test(given) && !hasCpr(given) && !/s(sk|wt)_/.test(given) ? given : newRequestId();
}

/** A random id that does not read as a CPR number (a UUID's digits sometimes do, and privacy checks of the log rightly flag it). */
function newRequestId(): string {
  for (;;) {
    const id = randomUUID();
    if (!hasCpr(id)) return id;
  }
}

/** Answers what Node's HTTP parser refuses (431 a header too large, 400 a malformed request) in problem+json, and closes the connection. */
function clientError(error: Error & { code?: string }, socket: Socket): void {
  // A reset connection has nobody to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const problem = error.code === 'HPE_HEADER_OVERFLOW' ? new Problem(431, 'the request headers are too large') : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? new Problem(408, 'the request took too long to arrive') : new Problem(400, 'the request is not valid HTTP');
  const body = JSON.stringify(problem.toJSON());
  const head = `HTTP/1.1 ${problem.status} ${problem.title}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`;
  if (socket.writable) socket.end(head + body, () => socket.destroy());
  else socket.destroy();
}

/**
 * Failed authentications per client (an address, a key id) in a fixed window: past the limit
 * the client gets 429 until the window ends, whatever it sends (guessing keys or tokens stops
 * paying). At most MAX_CLIENTS are kept: expired windows go first, then the oldest.
 */
class AuthFailures {
  static readonly MAX_CLIENTS = 100_000;
  readonly #byClient = new Map<string, { count: number; until: number }>();
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Seconds to wait when the client is over the limit, else 0. */
  blocked(client: string, now: number): number {
    const entry = this.#byClient.get(client);
    if (!entry || entry.until <= now) return 0;
    return entry.count >= this.limit ? Math.ceil((entry.until - now) / 1000) : 0;
  }

  add(client: string, now: number): void {
    const entry = this.#byClient.get(client);
    if (entry && entry.until > now) {
      entry.count++;
      return;
    }
    this.#byClient.delete(client);
    if (this.#byClient.size >= AuthFailures.MAX_CLIENTS) {
      for (const [c, e] of this.#byClient) if (e.until <= now) this.#byClient.delete(c);
      // Still full: the oldest tenth goes (a Map keeps its insertion order), so this scan is rare.
      for (const c of this.#byClient.keys()) {
        if (this.#byClient.size < AuthFailures.MAX_CLIENTS * 0.9) break;
        this.#byClient.delete(c);
      }
    }
    this.#byClient.set(client, { count: 1, until: now + this.windowMs });
  }
}
