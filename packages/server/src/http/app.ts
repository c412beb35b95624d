import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import { Id, validate, type Schema, type SchemaOutput } from '@samspil/core';
import { AccessPolicy, routeRefusal, type RouteAccess } from '../access.js';
import { Readable } from 'node:stream';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { authenticateApiKey } from '../store/tenants.js';
import type { Actor } from '../store/audit.js';
import { isSerialId, type Db } from '../store/db.js';
import { Problem } from './problem.js';
import { openApiDocument } from './openapi.js';
import { organisationRoutes } from './org-routes.js';
import { caseRoutes } from './routes.js';
import { surveyRoutes } from './survey-routes.js';
import { WidgetTokens, type WidgetClaims } from './tokens.js';

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
  /** Failed authentications allowed per client address per minute before 429. */
  authFailureLimit?: number;
  /** Where unexpected errors and failed authentications are told: a line each, never a secret or case data. */
  log?: (line: string) => void;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route: see `RouteAccess`. Every route under /api/v1 declares it. */
    access?: RouteAccess;
    /** The route reads query parameters (and validates them); any other route refuses them. */
    query?: true;
    /** The path's `:id` is a database serial: a whole number the database can hold. */
    serial?: true;
  }
  interface FastifyInstance {
    /** Every route registered, with its config: what the OpenAPI document and the route tests walk. */
    routeTable: { method: string | string[]; url: string; access: RouteAccess | undefined }[];
  }
  interface FastifyRequest {
    actor: Actor;
    /** Set when the caller is a widget: what its token allows. */
    widget: WidgetClaims | undefined;
  }
}

export interface Context {
  db: Db;
  tokens: WidgetTokens;
  now: () => Date;
  policy: AccessPolicy;
  /** The largest RC survey upload in bytes. */
  surveyLimit: number;
}

/**
 * Validates a request part with a core schema; a problem names the field (422). Core's
 * schemas drop keys they do not know; at the edge such a key is refused, at any depth.
 */
export function parse<S extends Schema>(schema: S, input: unknown, where = 'body'): SchemaOutput<S> {
  const result = validate(schema, input);
  if (result.ok) {
    const unknown = droppedKey(input, result.value, '');
    if (unknown) throw new Problem(422, 'Unprocessable Content', `${where} ${unknown}: unknown field`, { errors: [{ path: unknown, message: 'unknown field' }] });
    return result.value;
  }
  const errors = result.issues.map((i) => ({ path: i.path || '(root)', message: i.message }));
  const first = result.issues[0]!;
  throw new Problem(422, 'Unprocessable Content', `${where}${first.path ? ` ${first.path}` : ''}: ${first.message}`, { errors });
}

/** The REST API (under /api/v1) and /healthz, on Fastify. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    logger: false,
    trustProxy: true,
    // A reference or id may be 200 characters (core's Id); Fastify's default is 100.
    routerOptions: { maxParamLength: 200 },
    // A URL Fastify cannot decode is answered like every other error.
    frameworkErrors: (error, request, reply) => void sendProblem(reply, new Problem(400, 'Bad Request', `the URL is not valid: ${error.message}`), request.url),
  });
  const now = options.now ?? (() => new Date());
  const log = options.log ?? ((line: string) => console.error(line));
  const context: Context = { db: options.db, tokens: new WidgetTokens(options.tokenSecret), now, policy: new AccessPolicy(options.db), surveyLimit: options.surveyLimit ?? 256 * 1024 * 1024 };
  const failures = new AuthFailures(options.authFailureLimit ?? 20, 60_000);
  app.decorate('routeTable', []);
  app.addHook('onRoute', (route) => void app.routeTable.push({ method: route.method, url: route.url, access: route.config?.access }));

  // Draining: close() waits for handlers still at work (a client that hung up does not
  // stop its handler), so the database is never closed under a running write.
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const counted = new WeakSet<FastifyRequest>();
  app.addHook('preHandler', async (request) => {
    counted.add(request);
    inFlight++;
  });
  app.addHook('onSend', async (request) => {
    if (!counted.delete(request)) return;
    if (--inFlight === 0) drained?.();
  });
  app.addHook('onClose', async () => {
    if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
  });

  app.setErrorHandler((error: FastifyError | Problem, request, reply) => {
    const problem = toProblem(error);
    // The route and the error's code, never its message or the statement's parameters (case data).
    if (problem.status >= 500) log(`unexpected error on ${request.method} ${request.routeOptions.url ?? '(no route)'} (request ${request.id}): ${(error as { code?: string }).code ?? error.name}`);
    return sendProblem(reply, problem, request.url);
  });
  app.setNotFoundHandler((request, reply) => sendProblem(reply, new Problem(404, 'Not Found', `no route ${request.method} ${request.url.split('?')[0]}`), request.url));

  await app.register(cors, {
    origin: options.corsOrigins ?? [],
    allowedHeaders: ['authorization', 'content-type', 'if-match'],
    exposedHeaders: ['etag', 'retry-after'],
    methods: ['GET', 'PUT', 'POST', 'DELETE'],
  });

  app.get('/healthz', { config: { access: 'public' } }, async () => {
    await options.db.query('SELECT 1');
    return { status: 'ok' };
  });

  const document = openApiDocument();
  app.get('/api/v1/openapi.json', { config: { access: 'public' } }, async () => document);

  await app.register(
    async (api) => {
      // JSON is application/json: sent as text/plain it is not taken for text (415, not 422).
      api.removeContentTypeParser('text/plain');
      api.decorateRequest('actor', null as unknown as Actor);
      api.decorateRequest('widget', undefined);
      // Authentication first, so the rate limit counts per key or widget user.
      api.addHook('onRequest', async (request) => {
        const retryAfter = failures.blocked(request.ip, now().getTime());
        if (retryAfter) throw new Problem(429, 'Too Many Requests', `too many failed sign-ins from this address; retry in ${retryAfter} s`, {}, { 'retry-after': String(retryAfter) });
        try {
          await authenticate(context, request);
        } catch (error) {
          if (error instanceof Problem && error.status === 401) {
            failures.add(request.ip, now().getTime());
            log(`auth: refused ${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]} from ${request.ip}: ${error.detail}`);
          }
          throw error;
        }
      });
      // Need to know: the route's declared rule, applied in one place, after the path's case
      // reference has passed the same schema as in bodies (a CPR number goes no further).
      api.addHook('preHandler', async (request) => {
        // One rule for every string that comes in: well-formed text, no control characters but tab and line breaks.
        for (const [where, value] of [['path', request.params], ['query', request.query], ['body', request.body]] as const) {
          const bad = typeof value === 'object' && value !== null && !(value instanceof Readable) ? malformedText(value, '') : undefined;
          if (bad) throw new Problem(422, 'Unprocessable Content', `${where} ${bad}: not well-formed text (a control character or a lone surrogate)`, { errors: [{ path: bad, message: 'not well-formed text' }] });
        }
        const { access: rule, query, serial } = request.routeOptions.config;
        if (!rule) throw new Problem(500, 'Internal Server Error', 'the route declares no access rule');
        const params = (request.params ?? {}) as { reference?: string; id?: string };
        if (params.reference !== undefined) parse(Id, params.reference, 'path reference');
        if (serial && !isSerialId(params.id ?? '')) throw new Problem(422, 'Unprocessable Content', 'path id: must be a whole number from 1 to 999999999999999999');
        const unknown = !query && Object.keys((request.query ?? {}) as object)[0];
        if (unknown) throw new Problem(422, 'Unprocessable Content', `query ${unknown}: unknown parameter (this route takes none)`);
        const refusal = routeRefusal(rule, { actor: request.actor, widget: request.widget }, params.reference);
        if (refusal) {
          await context.policy.denied(request.actor, params.reference ?? null, `${request.method} ${request.routeOptions.url}`);
          throw new Problem(403, 'Forbidden', refusal);
        }
      });
      await api.register(rateLimit, {
        max: options.rateLimit ?? 600,
        timeWindow: 60_000,
        keyGenerator: (request) => `${request.actor.kind}:${request.actor.tenant}:${request.actor.id}`,
        errorResponseBuilder: (_request, c) =>
          new Problem(429, 'Too Many Requests', `at most ${c.max} requests per minute; retry in ${Math.ceil(c.ttl / 1000)} s`, {}, { 'retry-after': String(Math.ceil(c.ttl / 1000)) }),
      });
      await api.register(caseRoutes(context));
      await api.register(surveyRoutes(context));
      await api.register(organisationRoutes(context));
    },
    { prefix: '/api/v1' },
  );
  return app;
}

async function authenticate(context: Context, request: FastifyRequest): Promise<void> {
  const header = request.headers.authorization ?? '';
  const token = /^Bearer (\S+)$/i.exec(header)?.[1];
  if (!token) throw new Problem(401, 'Unauthorized', 'send an API key or widget token as "Authorization: Bearer …"', {}, { 'www-authenticate': 'Bearer' });
  if (token.startsWith('swt_')) {
    const claims = context.tokens.verify(token, Math.floor(context.now().getTime() / 1000));
    if (claims === 'expired') throw new Problem(401, 'Unauthorized', 'the widget token has expired', {}, { 'www-authenticate': 'Bearer error="invalid_token"' });
    if (!claims) throw new Problem(401, 'Unauthorized', 'the widget token is not valid', {}, { 'www-authenticate': 'Bearer error="invalid_token"' });
    request.widget = claims;
    request.actor = { tenant: claims.tenant, kind: 'widget', id: claims.user };
    return;
  }
  const key = await authenticateApiKey(context.db, token, context.now().getTime());
  if (!key) throw new Problem(401, 'Unauthorized', 'the API key is not valid', {}, { 'www-authenticate': 'Bearer error="invalid_token"' });
  request.widget = undefined;
  request.actor = { tenant: key.tenant.id, kind: 'api-key', id: key.keyId };
}

function toProblem(error: FastifyError | Problem): Problem {
  if (error instanceof Problem) return error;
  const status = error.statusCode ?? 500;
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new Problem(413, 'Content Too Large', error.message);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new Problem(415, 'Unsupported Media Type', 'send application/json (or text/csv for RC surveys)');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new Problem(400, 'Bad Request', `malformed JSON: ${error.message}`);
  }
  if (status >= 400 && status < 500) return new Problem(status, status === 400 ? 'Bad Request' : 'Client Error', error.message);
  return new Problem(500, 'Internal Server Error', 'the server failed; nothing was changed');
}

function sendProblem(reply: FastifyReply, problem: Problem, url: string): FastifyReply {
  return reply.status(problem.status).headers(problem.headers).type('application/problem+json').send(problem.toJSON(url));
}

/**
 * Failed authentications per client address in a fixed window: past the limit the address
 * gets 429 until the window ends, whatever it sends (guessing keys or tokens stops paying).
 */
class AuthFailures {
  readonly #byAddress = new Map<string, { count: number; until: number }>();
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Seconds to wait when the address is over the limit, else 0. */
  blocked(address: string, now: number): number {
    const entry = this.#byAddress.get(address);
    if (!entry || entry.until <= now) return 0;
    return entry.count >= this.limit ? Math.ceil((entry.until - now) / 1000) : 0;
  }

  add(address: string, now: number): void {
    const entry = this.#byAddress.get(address);
    if (entry && entry.until > now) entry.count++;
    else {
      // Old windows go before a new one is kept, so the map holds only recent addresses.
      if (this.#byAddress.size > 10_000) for (const [a, e] of this.#byAddress) if (e.until <= now) this.#byAddress.delete(a);
      this.#byAddress.set(address, { count: 1, until: now + this.windowMs });
    }
  }
}

/** The path of the first key of `input` that the parsed `output` no longer has, if any. */
function droppedKey(input: unknown, output: unknown, path: string): string | undefined {
  if (typeof input !== 'object' || input === null || typeof output !== 'object' || output === null) return undefined;
  if (Array.isArray(input)) {
    if (!Array.isArray(output)) return undefined;
    for (let i = 0; i < input.length; i++) {
      const found = droppedKey(input[i], output[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  for (const key of Object.keys(input)) {
    const at = path ? `${path}.${key}` : key;
    if (!Object.hasOwn(output, key)) return at;
    const found = droppedKey((input as Record<string, unknown>)[key], (output as Record<string, unknown>)[key], at);
    if (found) return found;
  }
  return undefined;
}

/** A control character other than tab and line breaks, or a surrogate without its pair. */
const MALFORMED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The first string in a request part that is not well-formed text: a lone surrogate, or a
 * control character other than tab and line breaks (NUL above all, which PostgreSQL cannot store).
 */
export function malformedText(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return MALFORMED.test(value) ? path || '(root)' : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = malformedText(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, v] of Object.entries(value)) {
    const found = malformedText(key, path) ?? malformedText(v, path ? `${path}.${key}` : key);
    if (found) return found;
  }
  return undefined;
}
