// Routes declare themselves: access rule and schemas on every route, and the OpenAPI
// document generated from those declarations (every route, status and query parameter).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/http/app.js';
import { memoryLog } from '../src/log.js';
import type { Db } from '../src/store/db.js';
import { databases } from './databases.js';

describe('the route table', () => {
  let db: Db;
  let drop: () => Promise<void>;
  let app: FastifyInstance;

  beforeAll(async () => {
    ({ db, drop } = await databases[0]!.open());
    app = await buildApp({ db, tokenSecret: 's'.repeat(32), log: memoryLog().log });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  const apiRoutes = () => app.routeTable.filter((r) => r.url.startsWith('/api/v1/') && r.method !== 'HEAD');

  it('has an access rule, params, query and answer schemas on every route, and a body schema on every PUT and POST', () => {
    const routes = apiRoutes();
    expect(routes.length).toBeGreaterThan(25);
    for (const r of routes) {
      const what = `${r.method} ${r.url}`;
      expect(['public', 'tenant', 'case:read', 'case:plan', 'case:citizen', 'survey:read', 'operator', 'insights'], what).toContain(r.access);
      expect(r.summary, what).toBeTruthy();
      expect(Object.keys(r.schema.response ?? {}).some((s) => s.startsWith('2')), `${what} answer`).toBe(true);
      expect(r.schema.querystring, `${what} query`).toBeDefined();
      if (r.url.includes(':')) expect(r.schema.params, `${what} params`).toBeDefined();
      if (r.method === 'PUT' || r.method === 'POST' || r.method === 'PATCH') expect(r.schema.body, `${what} body`).toBeDefined();
    }
  });

  it('refuses to register an API route without an access rule or an answer', async () => {
    const other = await buildApp({ db, tokenSecret: 's'.repeat(32), log: memoryLog().log });
    try {
      expect(() => other.get('/api/v1/undeclared', async () => ({}))).toThrow(/declares no access rule/);
      expect(() => other.get('/api/v1/unanswered', { config: { access: 'tenant' } }, async () => ({}))).toThrow(/declares no answer/);
    } finally {
      await other.close();
    }
  });

  it('generates the OpenAPI document from the routes: every route, every status it declares, every query parameter, every reference resolved', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    for (const r of apiRoutes()) {
      const op = doc.paths[r.url.slice('/api/v1'.length).replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()];
      const what = `${r.method} ${r.url}`;
      expect(op, what).toBeDefined();
      expect(op['x-samspil-access'], what).toBe(r.access);
      for (const status of Object.keys(r.schema.response ?? {})) expect(op.responses[status], `${what} ${status}`).toBeDefined();
      const shape = (r.schema.querystring as { shape?: Record<string, unknown> }).shape ?? {};
      for (const name of Object.keys(shape)) expect(op.parameters.some((p: { name: string; in: string }) => p.name === name && p.in === 'query'), `${what} ?${name}`).toBe(true);
      if (r.access !== 'public') for (const status of ['401', '403', '429']) expect(op.responses[status], `${what} ${status}`).toBeDefined();
    }
    // What the hand-kept table got wrong: creating answers 201, queries are documented.
    expect(Object.keys(doc.paths['/cases/{reference}'].put.responses)).toContain('201');
    expect(Object.keys(doc.paths['/cases/{reference}/activities'].post.responses)).toContain('201');
    expect(doc.paths['/cases'].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['coordinator', 'status', 'team', 'stalled']));
    expect(doc.paths['/cases/{reference}/plan'].put.parameters.map((p: { name: string }) => p.name)).toContain('if-match');
    expect(doc.components.schemas.Plan.properties.citizenWishes).toBeDefined();
    expect(doc.components.schemas.CaseUpsertBody.additionalProperties).toBe(false);
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(50);
    for (const ref of new Set(refs)) {
      const name = /#\/components\/schemas\/([^"]+)/.exec(ref)?.[1];
      expect(name && doc.components.schemas[name], ref).toBeTruthy();
    }
  });
});
