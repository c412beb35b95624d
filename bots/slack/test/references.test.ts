// Issue 26 in Slack, end to end: the real service with the real Bolt app, Slack played by the
// local fake. The plan coordinator links the family system's reference to the coordination
// (`forbind`, and `link`); either reference then reaches the one coordination in chat; a
// participant who is not the coordinator, an outsider, and a reference linked to another
// coordination all get the same neutral refusal. Everything sent is scanned for personal data.
import { personalDataIn, personalDataOf, withPlantedPersonalData } from '@samspil/chat';
import type { Plan } from '@samspil/core';
import { startService, type RunningService, memoryLog } from '@samspil/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceDatabases, waiter } from '@samspil/server/testing';
import { slackAdapter } from '../src/index.js';
import { FakeSlack, type Json } from './fakes/slack-api.js';
import { postSigned, slashCommand } from './fakes/sign.js';

const SECRET = 'test-signing-secret-0123456789abcdef';
const TOKEN = 'xoxb-samspil-test';
const TEAM = 'T0SAMSPIL';
const REF = 'SAG-2026-0412';
const FAM = 'FAM-2026-118';

const USERS = {
  maja: { id: 'U0MAJA', email: 'p-job-1@demokommune.example.dk', name: 'maja' },
  sofie: { id: 'U0SOFIE', email: 'p-fam-1@demokommune.example.dk', name: 'sofie' },
  outsider: { id: 'U0OUTSIDER', email: 'p-bs-1@demokommune.example.dk', name: 'outsider' },
};

describe.each(await serviceDatabases())('case references in Slack on $kind', (database) => {
  let storage: Awaited<ReturnType<typeof database.create>> | undefined;
  let fake: FakeSlack;
  let service: RunningService;
  const clock = Date.parse('2026-11-24T09:30:00+01:00');
  const { log, lines: logs } = memoryLog();
  let apiKey = '';
  let plan: Plan;
  const url = () => `${service.url}/slack/events`;
  const waitFor = waiter(logs);
  const textOf = (value: unknown): string => JSON.stringify(value);

  async function command(user: keyof typeof USERS, text: string) {
    const responseUrl = fake.responseUrl();
    await postSigned(url(), slashCommand({ team_id: TEAM, user_id: USERS[user].id, user_name: USERS[user].name, text, response_url: responseUrl, trigger_id: fake.triggerId() }), 'form', { secret: SECRET });
    return textOf(await waitFor(() => fake.responses(responseUrl)[0]?.body, `a reply to "/samspil ${text}"`));
  }
  async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${service.url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${apiKey}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers }, ...(body ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, etag: res.headers.get('etag'), body: (res.status === 204 ? {} : await res.json()) as Json };
  }

  beforeAll(async () => {
    storage = await database.create();
    fake = await FakeSlack.start({ token: TOKEN, teamId: TEAM });
    for (const u of Object.values(USERS)) fake.addUser(u);
    service = await startService({
      port: 0,
      ...storage!.options,
      tokenSecret: 'a-test-secret-of-at-least-32-characters',
      demo: { examples: new URL('../../../examples', import.meta.url).pathname },
      schedulerIntervalMs: 3_600_000,
      senderIntervalMs: 3_600_000,
      now: () => new Date(clock),
      log,
      adapters: [slackAdapter({ signingSecret: SECRET, botToken: TOKEN, apiUrl: fake.url, tenant: 'demo', pacingWindowMs: 6_000 })],
    });
    apiKey = service.demoKey!;
    const current = await api('GET', `/cases/${REF}/plan`);
    plan = withPlantedPersonalData(current.body as unknown as Plan);
    expect((await api('PUT', `/cases/${REF}/plan`, plan, { 'if-match': current.etag! })).status).toBe(200);
    expect((await api('PUT', `/cases/${REF}/coordinator`, { person: 'p-job-1' })).status).toBe(200);
    // Maja coordinates another case too: the family system's reference may not be linked to both.
    expect((await api('PUT', '/cases/SAG-2026-0977/coordinator', { person: 'p-job-1' })).status).toBe(200);
    expect((await api('PUT', '/people/p-bs-1', { name: 'Bo Sand', email: USERS.outsider.email, department: 'familie' })).status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await service?.stop();
    await storage?.drop();
    await fake?.close();
  });

  it('the plan coordinator links with forbind; others, and a reference linked elsewhere, get the neutral refusal', async () => {
    expect(await command('maja', 'forbind')).toContain('Brug: /samspil forbind SAGSNR ANDET-SAGSNR');
    // Not the coordinator (a participant), and no part at all: the same words as for a case that does not exist.
    expect(await command('sofie', `forbind ${REF} ${FAM} familie-sag`)).toContain(`Du har ikke adgang til ${REF} eller sagen findes ikke.`);
    expect(await command('outsider', `forbind ${REF} ${FAM}`)).toContain(`Du har ikke adgang til ${REF} eller sagen findes ikke.`);
    expect(await command('maja', `forbind SAG-NOWHERE ${FAM}`)).toContain('Du har ikke adgang til SAG-NOWHERE eller sagen findes ikke.');
    expect((await api('GET', `/cases/${FAM}`)).status).toBe(404);

    const linked = await command('maja', `forbind ${REF} ${FAM} familie-sag`);
    expect(linked).toContain(`${FAM} er nu forbundet med koordineringen ${REF}`);
    expect(linked).toContain(`${REF}, ${FAM}`);
    expect(await command('maja', `forbind ${REF} ${FAM}`)).toContain(`${FAM} er allerede forbundet med koordineringen ${REF}.`);
    const read = await api('GET', `/cases/${FAM}`);
    expect((read.body.references as Json[]).map((r) => [r.reference, r.system])).toEqual([
      [REF, undefined],
      [FAM, 'familie-sag'],
    ]);
    // Linked to this coordination: not to another, even by its own coordinator; the refusal is the neutral one.
    expect(await command('maja', `forbind SAG-2026-0977 ${FAM}`)).toContain('Du har ikke adgang til SAG-2026-0977 eller sagen findes ikke.');
    expect((await api('GET', `/cases/${FAM}`)).body.reference).toBe(REF);
  });

  it('either reference reaches the coordination in chat: link and status through the family system\'s reference', async () => {
    // The coordinator by the other reference, with the English word (the municipality speaks Danish): named by the reference she used.
    expect(await command('maja', `link ${FAM} VOK-2026-7 voksen-sag`)).toContain(`VOK-2026-7 er nu forbundet med koordineringen ${FAM}`);
    const status = await command('sofie', `status ${FAM}`);
    expect(status).not.toContain('Du har ikke adgang');
    expect(status).toContain(REF);
    expect(await command('outsider', `status ${FAM}`)).toContain(`Du har ikke adgang til ${FAM}`);
    // A CPR number as the other reference goes nowhere and is not echoed.
    const cpr = await command('maja', `forbind ${REF} 010190-1234`);
    expect(cpr).not.toContain('010190');
  });

  it("two coordinations joined through the API: the other's channel is told where it goes on, and closed", async () => {
    expect((await api('PUT', '/cases/SAG-2026-0977/consent', { basis: 'consent', givenAt: '2026-11-16T09:00:00+01:00', departments: ['jobcenter', 'sundhed'] })).status).toBe(200);
    await command('maja', 'coordinate SAG-2026-0977');
    const channel = await waiter(logs)(() => fake.channel('samspil-sag-2026-0977'), 'the coordination channel of SAG-2026-0977');
    const joined = await api('POST', `/cases/${REF}/joins`, { reference: 'SAG-2026-0977' });
    expect(joined.status).toBe(200);
    for (let i = 0; i < 20 && (await service.sender.tick()) > 0; i++);
    const said = channel.messages.map(textOf).join('\n');
    expect(said).toContain(`Koordineringen er lagt sammen med ${REF}`);
    expect(channel.archived).toBe(true);
    expect((await api('GET', '/cases/SAG-2026-0977')).body.reference).toBe(REF);
  });

  it('nothing sent carries personal data', () => {
    const sent = [...fake.calls.map((c) => c.args), ...fake.responses()];
    expect(personalDataIn(sent, personalDataOf(plan))).toEqual([]);
  });
});
