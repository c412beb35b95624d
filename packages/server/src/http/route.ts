// How a route declares itself: who may call it (`config.access`) and its params, query,
// headers, body and responses as zod schemas (Fastify's `schema`). One compiler validates
// every request part the same way; the OpenAPI document is generated from the same
// declarations (openapi.ts), so neither can drift from the routes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance, FastifySchema, FastifySchemaCompiler, FastifyTypeProvider, RawServerDefault } from 'fastify';
import type * as z from 'zod/mini';
import type { AccessPolicy, RouteAccess } from '../access.js';
import type { Actor } from '../store/audit.js';
import type { Db } from '../store/db.js';
import type { UseCases } from '../usecases/index.js';
import { hasCpr, validate, type Schema, type SchemaOutput } from '@samspil/core';
import { Problem, type ProblemStatus } from './problem.js';
import { ProblemSchema } from './schemas.js';
import type { WidgetClaims, WidgetTokens } from './tokens.js';

declare module 'fastify' {
  interface FastifySchema {
    /** What the route does, for the OpenAPI document. */
    summary?: string;
  }
  interface FastifyContextConfig {
    /** Who may call the route: see `RouteAccess`. Every route declares it. */
    access?: RouteAccess;
  }
  interface FastifyInstance {
    /** Every route registered with its declaration: what the OpenAPI document and the route tests walk. */
    routeTable: RouteEntry[];
  }
  interface FastifyRequest {
    actor: Actor;
    /** Set when the caller is a widget: what its token allows. */
    widget: WidgetClaims | undefined;
    /** An API key's own limit in requests a minute, when the operator gave it one. */
    keyRateLimit: number | null;
  }
}

export interface RouteEntry {
  method: string;
  url: string;
  access: RouteAccess | undefined;
  schema: RouteSchema;
  summary: string | undefined;
}

/** A route's declaration: zod schemas for each request part and each status it answers. */
export interface RouteSchema extends FastifySchema {
  params?: Schema;
  querystring?: Schema;
  headers?: Schema;
  body?: Schema | { content: Record<string, { schema: Schema }> };
  response?: Record<number, Schema>;
}

/** Fastify's types from the zod schemas: a handler's request parts are what the schemas output. */
export interface ZodTypes extends FastifyTypeProvider {
  validator: this['schema'] extends Schema ? SchemaOutput<this['schema']> : unknown;
  serializer: this['schema'] extends Schema ? z.input<this['schema']> : unknown;
}

/** The API scope routes are registered on, typed by their schemas. */
export type Api = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypes>;

/** What the route modules share. */
export interface Context {
  db: Db;
  /** Every write: the routes translate to and from these. */
  useCases: UseCases;
  tokens: WidgetTokens;
  now: () => Date;
  policy: AccessPolicy;
  /** The largest RC survey upload in bytes. */
  surveyLimit: number;
  /** The key of the audit log's pseudonyms for erased cases. */
  pseudonymKey: string;
  /** Whether an Authorization header carries the operator's token. */
  isOperator: (header: string | undefined) => boolean;
  /** This service's public address, for the links it hands out. */
  publicUrl: string | undefined;
}

/** The problems a route answers besides those every route may (see openapi.ts), for its `response`. */
export const problems = (...statuses: ProblemStatus[]): Record<number, typeof ProblemSchema> => Object.fromEntries(statuses.map((s) => [s, ProblemSchema]));

const PART: Record<string, string> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' };

/**
 * Validates a request part with its schema: well-formed text, the schema's rules, and no key
 * the schema would drop (core's schemas drop keys they do not know; at the edge such a key is
 * refused, at any depth). A problem names the part and the field (422).
 */
export function parse<S extends Schema>(schema: S, input: unknown, where = 'body', strict = true): SchemaOutput<S> {
  const malformed = malformedText(input, '');
  if (malformed) {
    const bad = fieldName(malformed);
    throw new Problem(422, `${where} ${bad}: not well-formed text (a control character or a lone surrogate)`, { errors: [{ path: bad, message: 'not well-formed text' }] });
  }
  const result = validate(schema, input);
  if (result.ok) {
    const dropped = strict && droppedKey(input, result.value, '');
    if (dropped) {
      const unknown = fieldName(dropped);
      throw new Problem(422, `${where} ${unknown}: unknown ${where === 'query' ? 'parameter' : 'field'}`, { errors: [{ path: unknown, message: 'unknown field' }] });
    }
    return result.value;
  }
  // A key the route does not know is, in a query, a parameter it does not take. The field and
  // the rule are named, never the value; a field's name is the caller's text too, so cut short.
  const errors = result.issues.slice(0, MAX_ERRORS).map((i) => ({ path: fieldName(i.path || '(root)'), message: where === 'query' && i.message === 'unknown field' ? 'unknown parameter' : bounded(i.message, 300) }));
  const first = errors[0]!;
  throw new Problem(422, `${where}${first.path === '(root)' ? '' : ` ${first.path}`}: ${first.message}`, { errors });
}

/** The most problems one answer lists. */
const MAX_ERRORS = 20;
const fieldName = (path: string) => bounded(path, 100);

/** A text of the caller's (a field's name) as an answer may repeat it: cut to `max` characters, its digits masked when it holds a CPR number. */
function bounded(text: string, max: number): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return hasCpr(text) ? cut.replace(/\p{Nd}/gu, '#') : cut;
}

/** Fastify's validator for every route: `parse` on each part; a raw (streamed) body is the route's to read. */
export const validatorCompiler: FastifySchemaCompiler<Schema> = ({ schema, httpPart, contentType }) => {
  if (contentType && contentType !== 'application/json') return (data) => ({ value: data });
  const where = PART[httpPart ?? 'body'] ?? 'body';
  // Headers carry much besides what a route declares: only the declared ones are checked.
  const strict = httpPart !== 'headers';
  return (data) => {
    try {
      return { value: parse(schema, data, where, strict) };
    } catch (error) {
      // Our problems as they are; anything else (a stack exhausted) without its message.
      return { error: error instanceof Problem ? error : new Problem(400, `${where}: could not be read`) };
    }
  };
};

/** Answers are built by our own code from typed values: serialised as they are. */
export const serializerCompiler = () => (data: unknown) => JSON.stringify(data);

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
    const at = path ? `${path}.${key}` : key;
    const found = MALFORMED.test(key) ? at : malformedText(v, at);
    if (found) return found;
  }
  return undefined;
}
