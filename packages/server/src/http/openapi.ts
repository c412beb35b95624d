// The OpenAPI 3.1 document, generated from the routes as registered: their access rule,
// their params, query, headers and body schemas and every status they answer. A route
// cannot be added or changed without the document following.
import type { Schema } from '@samspil/core';
import * as z from 'zod/mini';
import { PROBLEMS } from './problem.js';
import type { RouteEntry } from './route.js';
import { named } from './schemas.js';

type Json = Record<string, unknown>;

const COMPONENTS = '#/components/schemas/';

/** The statuses every route of its kind may answer besides its own, with why. */
function commonProblems(route: RouteEntry): Record<number, string> {
  const out: Record<number, string> = { 400: 'The URL or the JSON could not be read', 500: 'The server failed; nothing was changed' };
  if (route.access !== 'public') Object.assign(out, { 401: 'No valid API key or widget token', 403: 'The caller may not reach this', 429: 'Too many requests (Retry-After)' });
  const { schema } = route;
  if (schema.params || schema.querystring || schema.body || schema.headers) out[422] = 'A path, query, header or body value is not valid (the problem names it)';
  if (schema.body) Object.assign(out, { 413: 'The body is too large', 415: 'The body is not of a type the route takes' });
  return out;
}

const STATUS_TEXT: Record<number, string> = { 200: 'OK', 201: 'Created', 204: 'No Content' };

/** The document for the routes of `/api/v1` (paths relative to it). */
export function openApiDocument(routes: readonly RouteEntry[]): Json {
  const registry = z.registry<{ id: string }>();
  for (const [schema, id] of named) registry.add(schema, { id });
  const components = z.toJSONSchema(registry, { uri: (id) => `${COMPONENTS}${id}`, io: 'input', unrepresentable: 'any' }).schemas;
  for (const component of Object.values(components)) delete (component as Json).$schema;
  const jsonSchema = (schema: Schema): Json => {
    const id = named.get(schema);
    if (id) return { $ref: `${COMPONENTS}${id}` };
    const out = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
    delete out.$schema;
    return out;
  };
  const parameters = (schema: Schema | undefined, where: 'path' | 'query' | 'header'): Json[] => {
    const shape = (schema as { shape?: Record<string, Schema> } | undefined)?.shape ?? {};
    return Object.entries(shape).map(([name, part]) => ({
      name,
      in: where,
      required: where === 'path' || part._zod.optin !== 'optional',
      schema: jsonSchema(part),
    }));
  };

  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes) {
    if (!route.url.startsWith('/api/v1/') || route.method === 'HEAD' || route.method === 'OPTIONS') continue;
    const { schema } = route;
    const path = route.url.slice('/api/v1'.length).replace(/:(\w+)/g, '{$1}');
    const responses: Json = {};
    for (const [status, answer] of Object.entries(schema.response ?? {})) {
      const problem = Number(status) >= 400;
      responses[status] = {
        description: problem ? (PROBLEMS[Number(status)] ?? 'A problem') : (STATUS_TEXT[Number(status)] ?? 'OK'),
        content: { [problem ? 'application/problem+json' : 'application/json']: { schema: jsonSchema(answer) } },
      };
    }
    for (const [status, why] of Object.entries(commonProblems(route))) {
      responses[status] ??= { description: why, content: { 'application/problem+json': { schema: { $ref: `${COMPONENTS}Problem` } } } };
    }
    const body = schema.body;
    const requestBody =
      body === undefined
        ? undefined
        : 'content' in body
          ? { required: true, content: Object.fromEntries(Object.entries(body.content).map(([type, c]) => [type, { schema: jsonSchema(c.schema) }])) }
          : { required: body._zod.optin !== 'optional', content: { 'application/json': { schema: jsonSchema(body) } } };
    (paths[path] ??= {})[route.method.toLowerCase()] = {
      summary: route.summary,
      ...(route.access === 'public' ? { security: [] } : {}),
      'x-samspil-access': route.access,
      parameters: [...parameters(schema.params, 'path'), ...parameters(schema.querystring, 'query'), ...parameters(schema.headers, 'header')],
      ...(requestBody ? { requestBody } : {}),
      responses,
    };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Samspil coordination service',
      version: '1',
      description:
        'Coordinated case work: cases, the shared plan, the collaboration agreement, consent, stalls and nudges, RC surveys. `x-samspil-access` says who may call an operation: `tenant` (an API key), `case:read` (also a widget token for that case), `case:plan` (also a widget token with scope plan), `case:citizen` (also a widget token with scope citizen for that case: the view, voice and withdrawal of the citizen; a citizen token reaches nothing else), `survey:read` (also a widget token for that RC survey), `operator` (the operator token, SAMSPIL_OPERATOR_TOKEN, across municipalities), `insights` (an API key, or a widget token of scope insights: the overview as its person would see it), `public`. Every error is application/problem+json.',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: "A tenant's API key (ssk_…), a widget token (swt_…), or the operator's token" } },
      schemas: components,
    },
    paths,
  };
}
