// A municipality's chat settings through the API (issue 15): its own workspaces only, a merge
// patch that names what it cannot take, and what the adapters learnt kept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/http/app.js';
import { memoryLog } from '../src/log.js';
import { findWorkspace, linkWorkspace } from '../src/store/chat.js';
import type { Db } from '../src/store/db.js';
import { createApiKey, createTenant } from '../src/store/tenants.js';
import { databases } from './databases.js';

const ENTRA = '4f0c3a1e-5b7d-4c2a-9e8f-0123456789ab';

describe.each(databases)('chat settings on $kind', ({ open }) => {
  let db: Db;
  let drop: () => Promise<void>;
  let app: Awaited<ReturnType<typeof buildApp>>;
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    ({ db, drop } = await open());
    for (const tenant of ['aarhus', 'odense']) {
      await createTenant(db, { id: tenant, name: tenant });
      keys[tenant] = await createApiKey(db, tenant);
    }
    await linkWorkspace(db, { platform: 'slack', workspaceId: 'T0AARHUS', tenant: 'aarhus', settings: {} });
    // What the Teams adapter learnt when the app was installed in a team.
    await linkWorkspace(db, { platform: 'teams', workspaceId: ENTRA, tenant: 'aarhus', settings: { tenantId: ENTRA, serviceUrl: 'https://smba.trafficmanager.net/emea/', teamId: '19:first@thread.tacv2' } });
    await linkWorkspace(db, { platform: 'slack', workspaceId: 'T0ODENSE', tenant: 'odense', settings: { coordinationChannel: 'C0ODENSE' } });
    app = await buildApp({ db, tokenSecret: 'a-test-secret-of-at-least-32-characters', log: memoryLog().log });
  });
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  const call = async (tenant: string, method: 'GET' | 'PATCH', url: string, body?: unknown) => {
    const res = await app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${keys[tenant]}` }, ...(body === undefined ? {} : { payload: body as object }) });
    return { status: res.statusCode, body: res.json() as Record<string, unknown> };
  };

  it("lists the municipality's own workspaces with the settings it sets, not what the bot learnt", async () => {
    const { status, body } = await call('aarhus', 'GET', '/chat-workspaces');
    expect(status).toBe(200);
    expect(body.workspaces).toEqual([
      { platform: 'slack', workspaceId: 'T0AARHUS', linkedAt: expect.any(String), settings: {} },
      { platform: 'teams', workspaceId: ENTRA, linkedAt: expect.any(String), settings: { team: '19:first@thread.tacv2' } },
    ]);
    expect(JSON.stringify(body)).not.toContain('smba');
  });

  it('changes what the patch names, keeps the rest, and null restores the default', async () => {
    expect((await call('aarhus', 'PATCH', `/chat-workspaces/teams/${ENTRA}`, { language: 'en', team: '19:other@thread.tacv2', coordinationChannel: '19:koord@thread.tacv2' })).body).toMatchObject({
      settings: { language: 'en', team: '19:other@thread.tacv2', coordinationChannel: '19:koord@thread.tacv2' },
    });
    expect((await call('aarhus', 'PATCH', `/chat-workspaces/teams/${ENTRA}`, { coordinationChannel: null })).body).toMatchObject({ settings: { language: 'en', team: '19:other@thread.tacv2' } });
    const stored = (await findWorkspace(db, 'teams', ENTRA))!.settings;
    expect(stored).toEqual({ tenantId: ENTRA, serviceUrl: 'https://smba.trafficmanager.net/emea/', teamId: '19:other@thread.tacv2', language: 'en' });
    const audited = await db.query<{ detail: { changed: string[] } }>("SELECT detail FROM audit_log WHERE tenant_id = 'aarhus' AND action = 'chat.settings.write' ORDER BY id");
    expect(audited.rows.map((r) => r.detail.changed)).toEqual([['coordinationChannel', 'language', 'teamId'], ['coordinationChannel']]);
  });

  it('names the field it cannot take: a channel of the wrong form, a team on Slack, an unknown key, an unknown language', async () => {
    const refused = async (body: unknown, field: RegExp) => {
      const res = await call('aarhus', 'PATCH', '/chat-workspaces/slack/T0AARHUS', body);
      expect(res.status).toBe(422);
      expect(String(res.body.detail)).toMatch(field);
    };
    await refused({ coordinationChannel: '#koordinering' }, /coordinationChannel: is not a Slack channel id/);
    await refused({ team: '19:abc@thread.tacv2' }, /team: only Teams/);
    await refused({ colour: 'blue' }, /colour/);
    await refused({ language: 'de' }, /language/);
    expect((await findWorkspace(db, 'slack', 'T0AARHUS'))!.settings).toEqual({});
  });

  it("another municipality's workspace is not found, and stays as it was", async () => {
    const res = await call('aarhus', 'PATCH', '/chat-workspaces/slack/T0ODENSE', { language: 'en' });
    expect(res.status).toBe(404);
    expect((await findWorkspace(db, 'slack', 'T0ODENSE'))!.settings).toEqual({ coordinationChannel: 'C0ODENSE' });
    expect(((await call('odense', 'GET', '/chat-workspaces')).body.workspaces as unknown[]).length).toBe(1);
  });
});
