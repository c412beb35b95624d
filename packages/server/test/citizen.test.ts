// Issue 28: a plan that is the citizen's own. A widget token of scope `citizen` reaches the citizen's
// view, voice and withdrawal of its one case and no professional route; the voice is CPR-checked with
// a kind refusal, audited by its length, shown in the plan the plan card reads, and never in chat's
// outbox (which hears only that the citizen wrote); the citizen's withdrawal is the API's withdrawal,
// with the citizen as actor, and the coordination's place gets its notice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { CitizenView } from '@samspil/core';
import { buildApp } from '../src/http/app.js';
import { memoryLog } from '../src/log.js';
import { claimThread, finishThread, recordThread } from '../src/store/chat.js';
import type { Db } from '../src/store/db.js';
import { createApiKey, createTenant } from '../src/store/tenants.js';
import { databases } from './databases.js';
import plan from '../../../examples/data/plan.json' with { type: 'json' };
import matrix from '../../../examples/data/matrix.json' with { type: 'json' };

const SECRET = 'test-secret-test-secret-test-secret-0123';
const REF = 'SAG-2026-0412';
const WORDS = 'Jeg vil gerne tale om min datters skole før mødet.';

describe.each(databases)("the citizen's own on $kind", ({ open }) => {
  let db: Db;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let key: string;
  let citizen: string;
  const { log, lines } = memoryLog();
  const clock = new Date('2026-12-07T09:00:00Z');

  const call = (method: string, path: string, bearer: string | undefined, body?: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method: method as 'GET', url: path, headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...headers }, ...(body === undefined ? {} : { payload: body as object }) });
  const token = async (scope: string, caseReference = REF, user = 'borger-7f3a') => {
    const r = await call('POST', '/api/v1/widget-tokens', key, { caseReference, user, scope });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().token as string;
  };
  const outbox = async () => (await db.query<{ kind: string; payload: Record<string, unknown> }>("SELECT kind, payload FROM outbox WHERE tenant_id = 'aarhus' ORDER BY id")).rows;

  beforeAll(async () => {
    ({ db, drop } = await open());
    await createTenant(db, { id: 'aarhus', name: 'Aarhus Kommune' });
    key = await createApiKey(db, 'aarhus');
    app = await buildApp({ db, tokenSecret: SECRET, now: () => clock, rateLimit: 10_000, log });
    const ok = async (method: string, path: string, body: unknown) => {
      const r = await call(method, path, key, body);
      expect(r.statusCode, `${method} ${path}: ${r.body}`).toBeLessThan(300);
    };
    for (const [id, name, kind] of [['jobcenter', 'Jobcenter Aarhus', 'jobcentre'], ['familie', 'Familieafdelingen', 'family'], ['psykiatri', 'Psykiatrien', 'psychiatry']]) await ok('PUT', `/api/v1/departments/${id}`, { name, kind });
    await ok('PUT', '/api/v1/people/p-job-1', { name: 'Mette Jensen', email: 'mette@aarhus.dk', department: 'jobcenter', title: 'Jobkonsulent', contact: 'Ring 87 13 00 00, hverdage 9-12' });
    await ok('PUT', '/api/v1/people/p-familie-1', { name: 'Pia Holm', email: 'pia@aarhus.dk', department: 'familie' });
    await ok('PUT', `/api/v1/cases/${REF}`, { departments: ['jobcenter', 'familie', 'psykiatri'], participants: [{ person: 'p-job-1', department: 'jobcenter', role: 'caseworker' }, { person: 'p-familie-1', department: 'familie', role: 'caseworker' }] });
    await ok('PUT', `/api/v1/cases/${REF}/consent`, { basis: 'consent', givenAt: '2026-11-01T09:00:00Z', departments: ['jobcenter', 'familie'] });
    await ok('PUT', `/api/v1/cases/${REF}/coordinator`, { person: 'p-job-1' });
    await ok('PUT', `/api/v1/cases/${REF}/plan`, plan);
    await ok('PUT', `/api/v1/cases/${REF}/matrix`, matrix);
    await ok('PUT', '/api/v1/cases/SAG-OTHER', { departments: ['jobcenter'] });
    // The case's coordination place in chat, open.
    await claimThread(db, 'aarhus', 'slack', REF, clock, 60_000);
    await recordThread(db, 'aarhus', 'slack', REF, { channel: 'C1', card: 'ts1' }, new Date(clock.getTime() + 60_000));
    await finishThread(db, 'aarhus', 'slack', REF);
    citizen = await token('citizen');
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  it("issues a citizen's token for a case only, and names its scope", async () => {
    const issued = await call('POST', '/api/v1/widget-tokens', key, { caseReference: REF, user: 'borger-7f3a', scope: 'citizen' });
    expect(issued.json().scope).toBe('citizen');
    expect((await call('POST', '/api/v1/widget-tokens', key, { survey: '1', user: 'borger-7f3a', scope: 'citizen' })).statusCode).toBe(422);
    expect((await call('POST', '/api/v1/widget-tokens', key, { caseReference: REF, user: '010190-1234', scope: 'citizen' })).statusCode).toBe(422);
  });

  it('shows the citizen only what is theirs to see', async () => {
    const r = await call('GET', `/api/v1/cases/${REF}/citizen`, citizen);
    expect(r.statusCode, r.body).toBe(200);
    const view = r.json();
    expect(CitizenView.safeParse(view).success).toBe(true);
    expect(view.wishes).toBe(plan.citizenWishes);
    expect(view.coordinator).toEqual({ name: 'Mette Jensen', title: 'Jobkonsulent', department: 'Jobcenter Aarhus', contact: 'Ring 87 13 00 00, hverdage 9-12' });
    expect(view.subGoals.map((g: { status: string }) => g.status)).toEqual(plan.subGoals.map((g) => g.status));
    expect(view.consent).toMatchObject({ state: 'given', basis: 'consent', departments: ['Jobcenter Aarhus', 'Familieafdelingen'] });
    // Who does what only for the departments the consent covers: psychiatry is not covered.
    const everyone = view.tasks.flatMap((t: { does: string[]; decides: string[] }) => [...t.does, ...t.decides]);
    expect(everyone.length).toBeGreaterThan(0);
    expect(everyone.some((n: string) => /psyk/i.test(n))).toBe(false);
    const text = JSON.stringify(view);
    for (const hidden of ['BL § 32', 'SEL § 102', '48000', 'budget', 'legalBasis', 'disagreement', 'stall', 'SAG-OTHER', 'mette@aarhus.dk']) expect(text, hidden).not.toContain(hidden);
    const audited = await db.query("SELECT actor_kind, actor FROM audit_log WHERE action = 'citizen-view.read'");
    expect(audited.rows).toContainEqual({ actor_kind: 'citizen', actor: 'borger-7f3a' });
  });

  it("refuses the citizen's token on every professional route, and on another case", async () => {
    const own = new Set(['/api/v1/cases/:reference/citizen', '/api/v1/cases/:reference/citizen/voice', '/api/v1/cases/:reference/citizen/consent/withdraw']);
    const routes = app.routeTable.filter((r) => r.url.startsWith('/api/v1/') && r.access !== 'public' && r.method !== 'HEAD' && r.method !== 'OPTIONS' && !own.has(r.url));
    expect(routes.length).toBeGreaterThan(25);
    for (const r of routes) {
      const path = r.url.replace(/:reference/g, REF).replace(/:(\w+)/g, '1');
      const res = await call(r.method, path, citizen);
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(403);
    }
    for (const path of ['/api/v1/cases/SAG-OTHER/citizen', '/api/v1/cases/SAG-OTHER/citizen/voice']) expect((await call(path.endsWith('voice') ? 'POST' : 'GET', path, citizen, path.endsWith('voice') ? { text: 'Hej' } : undefined)).statusCode).toBe(403);
    // And a professional's token does not reach the citizen's own routes.
    const read = await token('read', REF, 'sagsbehandler-17');
    const planScope = await token('plan', REF, 'sagsbehandler-17');
    for (const t of [read, planScope]) {
      expect((await call('GET', `/api/v1/cases/${REF}/citizen`, t)).statusCode).toBe(403);
      expect((await call('POST', `/api/v1/cases/${REF}/citizen/voice`, t, { text: 'Hej' })).statusCode).toBe(403);
      expect((await call('POST', `/api/v1/cases/${REF}/citizen/consent/withdraw`, t)).statusCode).toBe(403);
    }
    const denied = await db.query("SELECT count(*)::int AS n FROM audit_log WHERE action = 'access.denied' AND actor_kind = 'citizen'");
    expect(denied.rows[0]!.n).toBeGreaterThanOrEqual(routes.length);
  });

  it('refuses a CPR number in what the citizen writes, kindly, and stores and logs nothing of it', async () => {
    for (const cpr of ['010190-1234', '0101901234', '010190 1234']) {
      const r = await call('POST', `/api/v1/cases/${REF}/citizen/voice`, citizen, { text: `Mit cpr er ${cpr}, ring til mig` });
      expect(r.statusCode).toBe(422);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(r.json()).toMatchObject({ reason: 'personal-data', detail: expect.stringMatching(/^body text: please do not write your CPR number/) });
      expect(r.body).not.toContain(cpr);
    }
    expect((await db.query('SELECT count(*)::int AS n FROM citizen_voices')).rows[0]).toEqual({ n: 0 });
    expect(lines.join('\n')).not.toMatch(/0101901234|010190-1234|010190 1234/);
    const refusals = await db.query<{ detail: unknown }>("SELECT detail FROM audit_log WHERE action = 'citizen-voice.refused'");
    expect(refusals.rows).toEqual([{ detail: { reason: 'cpr' } }, { detail: { reason: 'cpr' } }, { detail: { reason: 'cpr' } }]);
    expect((await call('POST', `/api/v1/cases/${REF}/citizen/voice`, citizen, { text: '   ' })).statusCode).toBe(422);
    expect((await call('POST', `/api/v1/cases/${REF}/citizen/voice`, citizen, { text: 'x'.repeat(2001) })).statusCode).toBe(422);
  });

  it("stores the citizen's words, shows them in the plan the plan card reads and back to the citizen, and never in chat", async () => {
    const before = (await outbox()).length;
    const r = await call('POST', `/api/v1/cases/${REF}/citizen/voice`, citizen, { text: WORDS });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toEqual({ writtenAt: clock.toISOString() });
    // The professional's plan (the plan card's `src`) carries it.
    const read = await token('read', REF, 'sagsbehandler-17');
    const professional = await call('GET', `/api/v1/cases/${REF}/plan`, read);
    expect(professional.json().citizenVoice).toEqual([{ text: WORDS, writtenAt: clock.toISOString() }]);
    expect((await call('GET', `/api/v1/cases/${REF}/citizen`, citizen)).json().voice).toEqual([{ text: WORDS, writtenAt: clock.toISOString() }]);
    // Chat hears only that the citizen wrote: the card is redrawn with a reason, nothing of the words.
    const added = (await outbox()).slice(before);
    expect(added).toEqual([{ kind: 'thread-card', payload: { caseReference: REF, reason: 'citizen-wrote' } }]);
    const everything = JSON.stringify(await outbox()) + lines.join('\n');
    expect(everything).not.toContain('datters skole');
    // Audited with its length, never the words.
    const audited = await db.query<{ actor_kind: string; detail: unknown }>("SELECT actor_kind, detail FROM audit_log WHERE action = 'citizen-voice.write'");
    expect(audited.rows).toEqual([{ actor_kind: 'citizen', detail: { length: WORDS.length } }]);
    expect(JSON.stringify((await db.query('SELECT detail FROM audit_log')).rows)).not.toContain('datters skole');
    // A plan written back with the voice in it (the plan card's edits) does not store the voice with the plan.
    const planScope = await token('plan', REF, 'sagsbehandler-17');
    const put = await call('PUT', `/api/v1/cases/${REF}/plan`, planScope, professional.json(), { 'if-match': professional.headers.etag as string });
    expect(put.statusCode, put.body).toBe(200);
    const stored = await db.query<{ body: Record<string, unknown> }>('SELECT body FROM plans');
    expect(stored.rows.every((row) => !('citizenVoice' in row.body))).toBe(true);
    expect((await call('GET', `/api/v1/cases/${REF}/plan`, read)).json().citizenVoice).toHaveLength(1);
    // The meeting's agenda for the case system carries the words; its chat projection only that the citizen wrote.
    const agenda = await call('GET', `/api/v1/cases/${REF}/agenda`, key);
    expect(agenda.statusCode, agenda.body).toBe(200);
    expect(agenda.json().sections[0].voice).toEqual([{ text: WORDS, writtenAt: clock.toISOString() }]);
    expect(agenda.json().forChat.sections[0]).toEqual({ kind: 'citizen-wishes', marker: true, citizenWrote: true });
    expect(JSON.stringify(agenda.json().forChat)).not.toContain('datters skole');
    // What chat's card reads: when the citizen wrote, never what.
    const { UseCases } = await import('../src/usecases/index.js');
    const overview = await new UseCases(db, () => clock).caseOverview({ tenant: 'aarhus', kind: 'system', id: 'test' }, REF);
    expect(overview.ok && overview.citizenWroteAt).toBe(clock.toISOString());
    expect(JSON.stringify(overview)).not.toContain('datters skole');
  });

  it('records the citizen\'s withdrawal with the citizen as actor; the coordination\'s place gets its notice; nothing more is shared', async () => {
    const before = (await outbox()).length;
    const r = await call('POST', `/api/v1/cases/${REF}/citizen/consent/withdraw`, citizen);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().consent).toMatchObject({ state: 'withdrawn', ended: clock.toISOString() });
    expect(r.json().tasks).toEqual([]);
    const trail = await db.query<{ actor_kind: string; actor: string }>("SELECT actor_kind, actor FROM audit_log WHERE action = 'consent.withdraw'");
    expect(trail.rows).toEqual([{ actor_kind: 'citizen', actor: 'borger-7f3a' }]);
    const activity = await db.query<{ actor: string }>("SELECT a.actor FROM activities a JOIN cases c ON c.id = a.case_id WHERE c.reference = $1 AND a.kind = 'consent-withdrawn'", [REF]);
    expect(activity.rows).toEqual([{ actor: 'citizen:borger-7f3a' }]);
    expect((await outbox()).slice(before)).toEqual([{ kind: 'thread-closed', payload: { caseReference: REF, reason: 'consent-withdrawn' } }]);
    const c = (await call('GET', `/api/v1/cases/${REF}`, key)).json();
    expect(c.consent.withdrawnAt).toBe(clock.toISOString());
    // Nothing left to withdraw: 409, and the citizen still sees their plan.
    expect((await call('POST', `/api/v1/cases/${REF}/citizen/consent/withdraw`, citizen)).statusCode).toBe(409);
    expect((await call('GET', `/api/v1/cases/${REF}/citizen`, citizen)).json().wishes).toBe(plan.citizenWishes);
  });
});

describe("the demo's citizen page (examples/host-vanilla/borger.html)", () => {
  it('the demo gives the coordinator a contact, and the citizen sees it with the next meeting in its room', async () => {
    const { open } = databases[0]!;
    const { db, drop } = await open();
    try {
      const { seedDemo } = await import('../src/demo.js');
      const { UseCases } = await import('../src/usecases/index.js');
      const now = new Date('2026-12-07T09:00:00Z');
      expect(await seedDemo(db, new URL('../../../examples', import.meta.url).pathname, now)).toBe(true);
      const r = await new UseCases(db, () => now).readCitizenView({ tenant: 'demo', kind: 'citizen', id: 'demo-borger' }, 'SAG-2026-0412');
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.view.coordinator).toMatchObject({ name: 'Maja Holm', contact: 'Ring 70 11 22 33, mandag til torsdag kl. 9-12' });
      expect(r.view.nextMeeting).toEqual({ startsAt: '2026-12-15T09:00:00+01:00', endsAt: '2026-12-15T10:00:00+01:00', place: { kind: 'room', name: 'Jobcentret, mødelokale 2' } });
      expect(r.view.wishes).toMatch(/^Jeg vil være en god mor/);
      expect(r.view.steps.length).toBeGreaterThan(3);
    } finally {
      await drop();
    }
  }, 60_000);
});
