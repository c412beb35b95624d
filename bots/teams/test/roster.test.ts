// Finding a case's people in a big team: the roster (Teams' paged members) is read once for
// a gesture's lookups and kept a minute, and a page the connector throttles is tried again on
// its own. The real service and Teams SDK app against the fake connector serving 520 members
// a hundred to a page, on PGlite and PostgreSQL.
import { startService, type RunningService, memoryLog } from '@samspil/server';
import { serviceDatabases, TEST_SERVICE } from '@samspil/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teamsAdapter } from '../src/index.js';
import { FakeConnector, type Json } from './fakes/connector.js';

const APP = '6c0e5a9d-1d3b-4f0b-9a55-5a3a1f2b7c10';
const ENTRA = '8f4d2c1e-7a6b-4e3d-9c2b-1a0f9e8d7c6b';
const TEAM = '19:big-team@thread.tacv2';
const PAGED = 'GET /v3/conversations/:id/pagedmembers';
const MEMBERS = 520;
const PAGE = 100;
const member = (key: string, person: string, name: string) => ({ id: `29:${key}`, aadObjectId: `aad-${key}`, name, email: `${person}@demokommune.example.dk` });
/** The six people of SAG-2026-0412 (the demo's), last in the roster: a lookup that stops where it finds one still reads it all. */
const SIX = [member('maja', 'p-job-1', 'Maja Holm'), member('anders', 'p-job-2', 'Anders Lund'), member('sofie', 'p-fam-1', 'Sofie Krag'), member('jonas', 'p-fam-2', 'Jonas Bech'), member('line', 'p-psyk-1', 'Line Dahl'), member('emil', 'p-sund-1', 'Emil Friis')];
const OTHERS = Array.from({ length: MEMBERS - SIX.length }, (_, i) => member(`colleague-${i}`, `colleague-${i}`, `Kollega ${i}`));

describe.each(await serviceDatabases())('the roster of a 520-member team on $kind', (database) => {
  let storage: Awaited<ReturnType<typeof database.create>> | undefined;
  let connector: FakeConnector;
  let service: RunningService;
  let apiKey = '';
  let clock = Date.parse('2026-11-24T09:30:00+01:00');
  const { log, lines: logs } = memoryLog();

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${service.url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${apiKey}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, body: (await res.json()) as Json };
  };
  /** A case of Maja's with colleagues not looked up before (people of the jobcenter with the roster's e-mails). */
  const caseOf = async (reference: string, colleagues: number[]) => {
    for (const i of colleagues) expect((await api('PUT', `/people/p-colleague-${i}`, { name: `Kollega ${i}`, email: OTHERS[i]!.email, department: 'jobcenter' })).status).toBeLessThan(300);
    const participants = ['p-job-1', ...colleagues.map((i) => `p-colleague-${i}`)].map((person) => ({ person, department: 'jobcenter', role: 'caseworker' }));
    expect((await api('PUT', `/cases/${reference}`, { departments: ['jobcenter'], participants })).status).toBe(201);
  };
  const coordinate = async (reference: string) => {
    const res = await connector.activityTo(service.url, connector.message({ text: `coordinate ${reference}`, from: SIX[0]!.id }));
    expect(res.status).toBe(200);
    const answer = (connector.conversation(connector.personalConversationId(SIX[0]!.id))?.sent ?? []).map((a) => String(a.text ?? '')).findLast((t) => t.includes(reference));
    expect(answer, logs.slice(-5).join('\n')).toContain('er åbnet');
    // Those mentioned in the new conversation: the people found in the roster.
    const mention = connector.sent().findLast((a) => Array.isArray(a.entities) && (a.entities as Json[]).some((e) => e.type === 'mention'));
    return (mention!.entities as { mentioned: { id: string } }[]).map((e) => e.mentioned.id).sort();
  };

  beforeAll(async () => {
    storage = await database.create();
    connector = await FakeConnector.start({ appId: APP, tenantId: ENTRA });
    connector.maxPageSize = PAGE;
    for (const u of [...OTHERS, ...SIX]) connector.addUser(u);
    connector.addTeam({ id: TEAM, members: [...OTHERS, ...SIX].map((u) => u.id) });
    service = await startService({
      ...TEST_SERVICE,
      ...storage.options,
      demo: { examples: new URL('../../../examples', import.meta.url).pathname },
      now: () => new Date(clock),
      log,
      adapters: [teamsAdapter({ clientId: APP, clientSecret: connector.appSecret, tenantId: ENTRA, tenant: 'demo', openIdMetadataUrl: connector.openIdMetadataUrl, loginUrl: connector.loginUrl, serviceHosts: ['127.0.0.1'] })],
    });
    apiKey = service.demoKey!;
    expect((await connector.activityTo(service.url, connector.installationUpdate({ action: 'add', scope: 'team', from: SIX[0]!.id, team: TEAM }))).status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await service?.stop();
    await storage?.drop();
    await connector?.close();
  });

  it('a coordinate with six participants reads the roster once: one call per page', async () => {
    connector.calls.length = 0;
    expect(await coordinate('SAG-2026-0412')).toEqual(SIX.map((u) => u.id).sort());
    expect(connector.callsTo(PAGED)).toHaveLength(Math.ceil(MEMBERS / PAGE));
  });

  it('a second gesture within the minute reads no roster', async () => {
    await caseOf('SAG-2026-8001', [3, 250]);
    clock += 30_000;
    connector.calls.length = 0;
    expect(await coordinate('SAG-2026-8001')).toEqual([OTHERS[3]!.id, OTHERS[250]!.id, SIX[0]!.id].sort());
    expect(connector.callsTo(PAGED)).toHaveLength(0);
  });

  it('under steady throttling (every page\'s first try answered 429) a coordinate finishes, each page tried again on its own', async () => {
    await caseOf('SAG-2026-8002', [7, 480]);
    clock += 61_000; // past the minute: the roster is read again
    connector.calls.length = 0;
    connector.throttle(PAGED, 1);
    try {
      expect(await coordinate('SAG-2026-8002')).toEqual([OTHERS[7]!.id, OTHERS[480]!.id, SIX[0]!.id].sort());
    } finally {
      connector.unthrottle(PAGED);
    }
    const pages = connector.callsTo(PAGED);
    expect(pages.map((c) => c.status)).toEqual(Array.from({ length: Math.ceil(MEMBERS / PAGE) }, () => [429, 200]).flat());
    // Each retry asks for the page refused (its continuation token), never the roster from its first page again.
    const tokens = pages.map((c) => c.query.continuationToken ?? '');
    expect(tokens.filter((_, i) => i % 2 === 0)).toEqual(tokens.filter((_, i) => i % 2 === 1));
    expect(new Set(tokens).size).toBe(Math.ceil(MEMBERS / PAGE));
  }, 60_000);
});
