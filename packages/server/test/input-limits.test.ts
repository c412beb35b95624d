// Every input bounded, every answer discreet: dates and instants within 1900-2200 and as given,
// integers within their columns, arrays within the stated limits, no CPR number in any form in
// any field Samspil stores or shows; and one tenant's bad row does not stop the scheduler for
// the others, nor make the service unready.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/http/app.js';
import { memoryLog } from '../src/log.js';
import { startService, type RunningService } from '../src/service.js';
import { serviceDatabases, TEST_SERVICE } from '../src/testing.js';
import type { Db } from '../src/store/db.js';
import { createApiKey, createTenant } from '../src/store/tenants.js';
import { UseCases } from '../src/usecases/index.js';
import { databases } from './databases.js';

const BAD_INSTANTS = [
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00+14:00',
  '0049-06-01T12:00:00Z',
  '1899-12-31T12:00:00Z',
  '2201-01-01T12:00:00Z',
  '2026-03-02T09:15:00-23:59',
  '2026-03-02T09:15:00+14:01',
  '9999-12-31T23:59:59-15:00',
  '2026-02-30T09:15:00Z',
];
const BAD_DATES = ['0000-01-01', '0001-01-01', '0049-06-01', '1899-12-31', '2201-01-01', '2026-02-30'];
const CPR_FORMS = ['01-01-90-1234', '01/01/90-1234', '０１０１９０-１２３４', '٠١٠١٩٠-١٢٣٤', '010190–1234', '01.01.90.1234', '01 01 90 1234'];

const person = (extra: object = {}) => ({ name: 'Anne Andersen', email: 'anne@example.dk', department: 'jobcenter', ...extra });
const plan = (extra: object = {}) => ({ citizenWishes: 'Arbejde med dyr', overallGoal: { kind: 'employment' }, ...extra });
const wave = (extra: object = {}) => ({ name: 'forår', opensAt: '2026-03-01T08:00:00+01:00', closesAt: '2099-03-15T16:00:00+01:00', groups: [{ name: 'Jobcenter', department: 'jobcenter' }], ...extra });

/** Each date or instant a request carries: where, and the body that puts `v` there. */
const instantFields: [string, string, string, (v: string) => object][] = [
  ['PUT', '/cases/SAG-1', 'openedAt', (v) => ({ openedAt: v })],
  ['PUT', '/cases/SAG-1/consent', 'givenAt', (v) => ({ basis: 'consent', givenAt: v, departments: ['jobcenter'] })],
  ['PUT', '/cases/SAG-1/consent', 'withdrawnAt', (v) => ({ basis: 'consent', givenAt: '2026-01-05T09:00:00Z', withdrawnAt: v, departments: ['jobcenter'] })],
  ['PUT', '/cases/SAG-1/consent', 'recordedAt', (v) => ({ basis: 'legal-basis', reference: 'Serviceloven § 49 b', recordedAt: v, departments: ['jobcenter'] })],
  ['PUT', '/cases/SAG-1/consent', 'endedAt', (v) => ({ basis: 'legal-basis', reference: 'Serviceloven § 49 b', recordedAt: '2026-01-05T09:00:00Z', endedAt: v, departments: ['jobcenter'] })],
  ['POST', '/cases/SAG-1/consent/withdraw', 'at', (v) => ({ at: v })],
  ['POST', '/cases/SAG-1/activities', 'occurredAt', (v) => ({ kind: 'meeting-held', occurredAt: v })],
  ['POST', '/cases/SAG-1/activities', 'occurredAt', (v) => ({ kind: 'decision-requested', occurredAt: v, decision: { id: 'd1', department: 'jobcenter' } })],
  ['PUT', '/cases/SAG-1/plan', 'followUps[0].heldAt', (v) => plan({ followUps: [{ date: '2026-03-02', heldAt: v }] })],
  ['PUT', '/cases/SAG-1/plan', 'updatedAt', (v) => plan({ updatedAt: v })],
  ['PUT', '/people/p1', 'availability.since', (v) => person({ availability: { status: 'absent', since: v } })],
  ['POST', '/rc-waves', 'opensAt', (v) => wave({ opensAt: v })],
  ['POST', '/rc-waves', 'closesAt', (v) => wave({ closesAt: v })],
];
const dateFields: [string, string, string, (v: string) => object][] = [
  ['PUT', '/cases/SAG-1/plan', 'subGoals[0].targetDate', (v) => plan({ subGoals: [{ id: 'sg1', title: 'Bussen', targetDate: v }] })],
  ['PUT', '/cases/SAG-1/plan', 'interventions[0].start', (v) => plan({ interventions: [{ id: 'iv1', title: 'Praktik', department: 'jobcenter', start: v }] })],
  ['PUT', '/cases/SAG-1/plan', 'interventions[0].end', (v) => plan({ interventions: [{ id: 'iv1', title: 'Praktik', department: 'jobcenter', end: v }] })],
  ['PUT', '/cases/SAG-1/plan', 'followUps[0].date', (v) => plan({ followUps: [{ date: v }] })],
  ['PUT', '/people/p1', 'availability.until', (v) => person({ availability: { status: 'absent', until: v } })],
];

/** Each field Samspil stores or shows that a person types: where, and the body (or URL) that puts `v` there. */
const textFields: [string, (v: string) => string, string, (v: string) => object | undefined][] = [
  ['PUT', () => '/departments/d1', 'name', (v) => ({ name: v, kind: 'jobcentre' })],
  ['PUT', () => '/teams/t1', 'name', (v) => ({ name: v, department: 'jobcenter', lead: 'p1' })],
  ['PUT', () => '/people/p1', 'name', (v) => person({ name: v })],
  ['PUT', () => '/people/p1', 'title', (v) => person({ title: `Sagsbehandler ${v}` })],
  ['PUT', () => '/cases/SAG-1/consent', 'reference', (v) => ({ basis: 'legal-basis', reference: `Serviceloven ${v}`, recordedAt: '2026-01-05T09:00:00Z', departments: ['jobcenter'] })],
  ['PUT', () => '/cases/SAG-1/coordinator', 'reason', (v) => ({ person: 'p1', reason: `Borger ${v} ønskede det` })],
  ['PUT', () => '/rc-wording', 'overrides[0].question', (v) => ({ overrides: [{ item: 'timely', locale: 'da', question: `Hvor ${v}?` }] })],
  ['PUT', () => '/rc-wording', 'overrides[0].scale', (v) => ({ overrides: [{ item: 'timely', locale: 'da', question: 'Hvor ofte?', scale: ['a', 'b', v, 'd', 'e'] }] })],
  ['PUT', () => '/cases/SAG-1/matrix', 'columns[0].label', (v) => ({ columns: [{ id: 'c1', kind: 'person', label: `Anne ${v}` }], rows: [] })],
  ['PUT', () => '/cases/SAG-1/matrix', 'rows[0].cells', (v) => ({ columns: [], rows: [{ id: 'r1', kind: 'task', label: 'Opgave', cells: { [v]: 'R' } }] })],
  ['POST', () => '/widget-tokens', 'user', (v) => ({ caseReference: 'SAG-1', user: `bruger ${v}`, scope: 'read' })],
  ['POST', () => '/rc-waves', 'groups[0].name', (v) => wave({ groups: [{ name: v, department: 'jobcenter' }] })],
  ['POST', (v) => `/rc-surveys?name=${encodeURIComponent(`Måling ${v}`)}`, 'name', () => undefined],
];

describe.each(databases)('input bounds on $kind', ({ open }) => {
  let db: Db;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let key = '';

  beforeAll(async () => {
    ({ db, drop } = await open());
    await createTenant(db, { id: 'aarhus', name: 'Aarhus' });
    key = await createApiKey(db, 'aarhus');
    app = await buildApp({ db, tokenSecret: 's'.repeat(32), rateLimit: 100_000, log: memoryLog().log });
    expect((await send('PUT', '/cases/SAG-1', { departments: ['jobcenter'] })).statusCode).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  const send = (method: string, path: string, payload?: object, headers: Record<string, string> = {}) =>
    app.inject({ method: method as 'GET', url: `/api/v1${path}`, headers: { authorization: `Bearer ${key}`, ...headers }, ...(payload === undefined ? {} : { payload }) });

  /** A 422 whose detail names the field, and which does not repeat what was sent. */
  const expectRefused = async (method: string, path: string, field: string, payload: object | undefined, value: string, where = 'body') => {
    const res = await send(method, path, payload);
    const what = `${method} ${path} ${field} = ${value}`;
    expect(res.statusCode, `${what}: ${res.body}`).toBe(422);
    expect(res.json().detail, what).toContain(`${where} ${field}`);
    expect(res.body, what).not.toContain(value);
    return res.json().detail as string;
  };

  it('refuses every out-of-range, rolled-over or over-offset instant and date in every field of every route, naming the field', async () => {
    for (const [method, path, field, body] of instantFields) for (const v of BAD_INSTANTS) await expectRefused(method, path, field, body(v), v);
    for (const [method, path, field, body] of dateFields) for (const v of BAD_DATES) await expectRefused(method, path, field, body(v), v);
  });

  it('stores an instant in range exactly: the same instant, answered in UTC to the millisecond', async () => {
    for (const given of ['1900-01-01T00:00:00Z', '2200-12-31T23:59:59.999Z', '2026-03-02T09:15:00.5+14:00', '2026-03-02T09:15:00-14:00', '1949-06-01T12:00:00+02:00']) {
      expect((await send('PUT', '/cases/SAG-2', { openedAt: given })).statusCode).toBeLessThan(300);
      const read = await send('GET', '/cases/SAG-2');
      expect(read.statusCode).toBe(200);
      expect(read.json().openedAt, given).toBe(new Date(given).toISOString());
    }
    const at = '2026-03-02T09:15:00.123+14:00';
    const recorded = await send('POST', '/cases/SAG-2/activities', { kind: 'meeting-held', occurredAt: at });
    expect(recorded.statusCode).toBe(201);
    expect(recorded.json().occurredAt).toBe('2026-03-01T19:15:00.123Z');
  });

  it('refuses integers beyond their columns', async () => {
    expect((await send('POST', '/rc-waves', wave({ k: 2_147_483_648 }))).json()).toMatchObject({ status: 422, detail: 'body k: must be at most 5000' });
    expect((await send('POST', '/rc-waves', wave({ minItems: 2_147_483_648 }))).json()).toMatchObject({ status: 422, detail: 'body minItems: must be at most 7' });
    expect((await send('PUT', '/cases/SAG-1/plan', plan({ version: 2_147_483_648 }))).json()).toMatchObject({ status: 422, detail: 'body version: must be at most 2147483647' });
  });

  it('refuses arrays over their limits, naming the field and the limit', async () => {
    const participants = (n: number) => Array.from({ length: n }, (_, i) => ({ person: `p${i}`, department: 'jobcenter', role: 'specialist' }));
    expect((await send('PUT', '/cases/SAG-1/participants', participants(501))).json()).toMatchObject({ status: 422, detail: 'body: must be at most 500 items' });
    expect((await send('PUT', '/cases/SAG-1', { participants: participants(501) })).json()).toMatchObject({ status: 422, detail: 'body participants: must be at most 500 items' });
    expect((await send('PUT', '/cases/SAG-1/participants', participants(500))).statusCode).toBe(200);
    expect((await send('GET', '/cases/SAG-1')).json().participants).toHaveLength(500);

    const interventions = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `iv${i}`, title: 'Indsats', department: 'jobcenter' }));
    expect((await send('PUT', '/cases/SAG-1/plan', plan({ interventions: interventions(501) }))).json()).toMatchObject({ status: 422, detail: 'body interventions: must be at most 500 items' });

    const columns = Array.from({ length: 26 }, (_, c) => ({ id: `c${c}`, kind: 'person', label: `Kolonne ${c}` }));
    const rows = (n: number, cols = columns) => Array.from({ length: n }, (_, r) => ({ id: `r${r}`, kind: 'task', label: 'Opgave', cells: Object.fromEntries(cols.map((c) => [c.id, 'R'])) }));
    expect((await send('PUT', '/cases/SAG-1/matrix', { columns: columns.slice(0, 1), rows: rows(501, columns.slice(0, 1)) })).json()).toMatchObject({ status: 422, detail: 'body rows: must be at most 500 items' });
    expect((await send('PUT', '/cases/SAG-1/matrix', { columns, rows: rows(400) })).json()).toMatchObject({ status: 422, detail: 'body rows: must have at most 10000 cells in all' });
  });

  it('refuses a CPR number in every form in every field that is stored or shown, without repeating it', async () => {
    for (const [method, path, field, body] of textFields) {
      for (const cpr of CPR_FORMS) {
        const where = path(cpr).includes('?') ? 'query' : 'body';
        const detail = await expectRefused(method, path(cpr), field, body(cpr), cpr, where);
        expect(detail).toContain('CPR');
      }
    }
    // From chat a coordinator's reason comes to the use case itself.
    const useCases = new UseCases(db, () => new Date());
    const chat = { tenant: 'aarhus', kind: 'chat' as const, id: 'p1' };
    for (const cpr of CPR_FORMS) expect(await useCases.assignCoordinator(chat, 'SAG-1', 'p1', `Borger ${cpr}`)).toMatchObject({ ok: false, reason: 'personal-data' });
    expect((await send('GET', '/cases/SAG-1')).json().coordinator.current).toBeNull();
  });
});

describe.each(await serviceDatabases())("one tenant's bad data in a scheduler turn on $kind", ({ create }) => {
  let service: RunningService;
  let drop: () => Promise<void>;
  const { log, lines } = memoryLog();
  let clock = new Date('2026-01-05T09:00:00Z');
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    const database = await create();
    drop = database.drop;
    service = await startService({ ...TEST_SERVICE, ...database.options, log, metrics: {}, now: () => clock });
    for (const tenant of ['aarhus', 'odense']) {
      await createTenant(service.db, { id: tenant, name: tenant });
      keys[tenant] = await createApiKey(service.db, tenant);
    }
  }, 60_000);
  afterAll(async () => {
    await service?.stop();
    await drop?.();
  });

  const api = (tenant: string, method: string, path: string, body?: object) =>
    fetch(`${service.url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${keys[tenant]}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });

  it("checks the other tenants' cases, counts the failure, and stays ready", async () => {
    for (const [tenant, reference] of [['aarhus', 'BAD-1'], ['aarhus', 'OLD-1'], ['odense', 'GOOD-1']] as const) {
      expect((await api(tenant, 'PUT', `/cases/${reference}`, { departments: ['jobcenter'], openedAt: '2026-01-05T09:00:00+01:00' })).status).toBe(201);
    }
    // Rows stored before the API bounded them: a plan that is not one, and an opening 1 BC.
    await service.db.query(`INSERT INTO plans (case_id, version, body) SELECT id, 1, '{"interventions": "not a list"}' FROM cases WHERE reference = 'BAD-1'`);
    await service.db.query(`UPDATE cases SET opened_at = '0001-01-01 00:00:00+00 BC' WHERE reference = 'OLD-1'`);
    // Weeks later every case has stalled; the bad one is due first.
    clock = new Date(clock.getTime() + 40 * 86_400_000);
    await service.db.query(`UPDATE cases SET next_check_at = $1::timestamptz - CASE reference WHEN 'BAD-1' THEN interval '2 hours' ELSE interval '1 hour' END`, [clock]);

    // A turn of the scheduler as it runs (not a test's call): its state is what /readyz reads.
    await service.scheduler.stop();
    service.scheduler.start(3_600_000);
    await service.scheduler.stop();
    service.scheduler.start(3_600_000);

    const stalled = async (tenant: string) => ((await (await api(tenant, 'GET', '/stalled')).json()) as { cases: { reference: string }[] }).cases.map((c) => c.reference);
    expect(await stalled('odense')).toEqual(['GOOD-1']);
    expect(await stalled('aarhus')).toEqual(['OLD-1']);
    const ready = await fetch(`${service.url}/readyz`);
    expect(ready.status, await ready.clone().text()).toBe(200);
    expect(service.scheduler.state).toBe('ok');

    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toMatch(/samspil_scheduler_failures_total\{step="stall-check",tenant="aarhus"\} [12]\n/);
    expect(metrics).not.toMatch(/samspil_scheduler_failures_total\{[^}]*tenant="odense"/);
    const failure = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.code === 'samspil_scheduler_item_failed');
    expect(failure).toMatchObject({ step: 'stall-check', tenant: 'aarhus', cause: { name: 'TypeError' } });
    expect(JSON.stringify(failure)).not.toContain('BAD-1');

    // The case stored 1 BC reads as the earliest instant the API answers, in the list and alone.
    const list = await api('aarhus', 'GET', '/cases');
    expect(list.status).toBe(200);
    expect(((await list.json()) as { cases: { reference: string; openedAt: string }[] }).cases.find((c) => c.reference === 'OLD-1')?.openedAt).toBe('1900-01-01T00:00:00.000Z');
    expect((await api('aarhus', 'GET', '/cases/OLD-1')).status).toBe(200);
  });
});
