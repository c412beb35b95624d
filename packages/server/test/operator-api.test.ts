// The operator's route across municipalities (issue 15): an invitation by API, to the
// operator's token only; what it hands out works once, for the municipality it names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/http/app.js';
import { memoryLog } from '../src/log.js';
import type { Db } from '../src/store/db.js';
import { useInvitation } from '../src/store/installations.js';
import { createApiKey, createTenant } from '../src/store/tenants.js';
import { databases } from './databases.js';

const OPERATOR = 'an-operator-token-of-at-least-32-characters';

describe.each(databases)("the operator's API on $kind", ({ open }) => {
  let db: Db;
  let drop: () => Promise<void>;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let closed: Awaited<ReturnType<typeof buildApp>>;
  let key = '';
  const now = new Date('2026-12-04T10:00:00Z');

  beforeAll(async () => {
    ({ db, drop } = await open());
    await createTenant(db, { id: 'vejle', name: 'Vejle' });
    key = await createApiKey(db, 'vejle');
    app = await buildApp({ db, tokenSecret: 'a-test-secret-of-at-least-32-characters', log: memoryLog().log, now: () => now, operatorToken: OPERATOR, publicUrl: 'https://samspil.example.dk' });
    // A service without an operator token: nobody reaches the operator's routes.
    closed = await buildApp({ db, tokenSecret: 'a-test-secret-of-at-least-32-characters', log: memoryLog().log, now: () => now });
  });
  afterAll(async () => {
    await app?.close();
    await closed?.close();
    await drop?.();
  });

  const post = (target: typeof app, bearer: string, tenant: string, body: unknown) =>
    target.inject({ method: 'POST', url: `/api/v1/tenants/${tenant}/invitations`, headers: { authorization: `Bearer ${bearer}` }, payload: body as object });

  it('hands the operator a Slack install link and a Teams code that bind to the municipality once', async () => {
    const slack = await post(app, OPERATOR, 'vejle', { platform: 'slack', days: 3 });
    expect(slack.statusCode).toBe(201);
    const link = slack.json() as { link: string; expiresAt: string };
    expect(link.expiresAt).toBe('2026-12-07T10:00:00.000Z');
    const code = /^https:\/\/samspil\.example\.dk\/slack\/install\?invitation=(inv_[\w-]+)$/.exec(link.link)?.[1];
    expect(code).toBeDefined();
    expect(await useInvitation(db, 'slack', code!, now)).toBe('vejle');
    expect(await useInvitation(db, 'slack', code!, now)).toBeUndefined();

    const teams = (await post(app, OPERATOR, 'vejle', { platform: 'teams' })).json() as { code: string; expiresAt: string; link?: string };
    expect(teams.link).toBeUndefined();
    expect(teams.expiresAt).toBe('2026-12-11T10:00:00.000Z');
    expect(await useInvitation(db, 'teams', teams.code, now)).toBe('vejle');
    const audited = await db.query<{ actor_kind: string }>("SELECT actor_kind FROM audit_log WHERE tenant_id = 'vejle' AND action = 'chat.invite'");
    expect(audited.rows.map((r) => r.actor_kind)).toEqual(['operator', 'operator']);
  });

  it('refuses everyone else: a municipality\'s API key, a wrong token, a service without an operator token', async () => {
    expect((await post(app, key, 'vejle', { platform: 'slack' })).statusCode).toBe(403);
    expect((await post(app, `${OPERATOR}x`, 'vejle', { platform: 'slack' })).statusCode).toBe(401);
    expect((await post(closed, OPERATOR, 'vejle', { platform: 'slack' })).statusCode).toBe(401);
    // And the operator's token reaches no municipality's cases.
    const cases = await app.inject({ method: 'GET', url: '/api/v1/cases', headers: { authorization: `Bearer ${OPERATOR}` } });
    expect(cases.statusCode).toBe(403);
  });

  it('names what it cannot take', async () => {
    expect((await post(app, OPERATOR, 'nowhere', { platform: 'slack' })).statusCode).toBe(404);
    const bad = await post(app, OPERATOR, 'vejle', { platform: 'discord', days: 90 });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().detail).toMatch(/platform|days/);
  });
});
