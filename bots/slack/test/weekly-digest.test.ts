// Issue 27: a head of department's weekly digest in Slack, on a small seeded municipality counted
// by hand. It reaches each head on the week's first working morning and not before, on other days
// or at other hours; once per week, with two scheduler turns racing (two service instances on
// PostgreSQL); a clock moved on weeks sends only the week it is in; a team lead who is not a head
// gets none. Its numbers are the overview's (k = 3), its pairs the worst three; nothing in it
// names a person or a case.
import { personalDataIn } from '@samspil/chat';
import { createApiKey, createTenant, linkWorkspace, memoryLog, startService, type RunningService } from '@samspil/server';
import { serviceDatabases, TEST_SERVICE } from '@samspil/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackAdapter } from '../src/index.js';
import { FakeSlack, type Json } from './fakes/slack-api.js';

const TEAM = 'T0VEJLE';
const PUBLIC_URL = 'https://samspil.vejle.example.dk';
const TENANT = 'vejle';
const HEADS = ['h-job', 'h-fam', 'h-psy'];
const CASEWORKERS = { job: 'cj1', fam: 'cf1', psy: 'cp1', sund: 'cs1', aeld: 'ca1' } as const;
const EVERYONE = [...HEADS, 'l-job', ...Object.values(CASEWORKERS)];
const userOf = (person: string) => `U0${person.replace(/-/g, '').toUpperCase()}`;
const nameOf = (person: string) => `Medarbejder ${person}`;
const TITLE = 'Ugens overblik over samarbejdet';

describe.each(await serviceDatabases())('the weekly digest in Slack on $kind', (database) => {
  let storage: Awaited<ReturnType<typeof database.create>> | undefined;
  let fake: FakeSlack;
  let service: RunningService;
  let other: RunningService | undefined;
  let apiKey = '';
  const { log, lines: logs } = memoryLog();
  let clock = Date.parse('2026-09-01T10:00:00+02:00');
  const at = (iso: string) => (clock = Date.parse(iso));
  const references: string[] = [];

  const api = async (method: string, path: string, body?: unknown, type = 'application/json') => {
    const res = await fetch(`${service.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, ...(body ? { 'content-type': type } : {}) },
      ...(body ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };

  /** The weekly digests the app posted to a person (as Slack got them). */
  const digestsTo = (person: string) =>
    fake.calls.filter((c) => c.method === 'chat.postMessage' && fake.channel(String(c.args.channel))?.user === userOf(person) && JSON.stringify(c.args).includes(TITLE)).map((c) => JSON.stringify(c.args));
  const weeklyRows = async () =>
    (await service.db.query<{ recipient: string; dedupe_key: string }>("SELECT recipient, dedupe_key FROM outbox WHERE kind = 'weekly-digest' ORDER BY dedupe_key")).rows.map((r) => r.dedupe_key);
  const tick = async () => (await service.scheduler.tick()).weeklyDigests;

  beforeAll(async () => {
    storage = await database.create();
    fake = await FakeSlack.start({ token: 'xoxb-vejle', teamId: TEAM });
    for (const p of EVERYONE) fake.addUser({ id: userOf(p), name: p, email: `${p}@vejle.example.dk` });
    service = await startService({
      ...TEST_SERVICE,
      ...storage.options,
      now: () => new Date(clock),
      log,
      adapters: [slackAdapter({ signingSecret: 'weekly-signing-secret-0123456789ab', botToken: 'xoxb-vejle', apiUrl: fake.url, publicUrl: PUBLIC_URL, pacingWindowMs: 6_000 })],
    });
    await createTenant(service.db, { id: TENANT, name: 'Vejle Kommune' });
    await linkWorkspace(service.db, { platform: 'slack', workspaceId: TEAM, tenant: TENANT, settings: {} });
    apiKey = await createApiKey(service.db, TENANT);

    // The organisation: three departments with heads, two without; a team lead in the Jobcenter who is no head.
    const departments: [string, string, string?][] = [['job', 'Jobcenter', 'h-job'], ['fam', 'Familieafdelingen', 'h-fam'], ['psy', 'Psykiatrien', 'h-psy'], ['sund', 'Sundhed'], ['aeld', 'Ældreområdet']];
    for (const [id, name, head] of departments) expect((await api('PUT', `/departments/${id}`, { name, kind: 'other', ...(head ? { head } : {}) })).status).toBe(200);
    expect((await api('PUT', '/teams/t-job', { name: 'Team Vest', department: 'job', lead: 'l-job' })).status).toBe(200);
    const person = async (id: string, department: string, team?: string) =>
      expect((await api('PUT', `/people/${id}`, { name: nameOf(id), email: `${id}@vejle.example.dk`, department, ...(team ? { team } : {}), chat: {}, availability: { status: 'active' } })).status).toBe(200);
    for (const [d, p] of Object.entries(CASEWORKERS)) await person(p, d, d === 'job' ? 't-job' : undefined);
    for (const [id, d] of [['h-job', 'job'], ['h-fam', 'fam'], ['h-psy', 'psy'], ['l-job', 'job']]) await person(id!, d!);

    // The cases: A… open since 1 September (before the trend's first week, 21-27 September), B… since 15 October.
    const seed = async (id: string, departments: (keyof typeof CASEWORKERS)[], openedAt: string) => {
      const reference = `VEJ-2026-${id}`;
      references.push(reference);
      const participants = departments.map((d) => ({ person: CASEWORKERS[d], department: d, role: 'caseworker' }));
      expect((await api('PUT', `/cases/${reference}`, { departments, participants, openedAt })).status).toBe(201);
      return (await service.db.query<{ id: string }>('SELECT id::text AS id FROM cases WHERE tenant_id = $1 AND reference = $2', [TENANT, reference])).rows[0]!.id;
    };
    // Stall episodes as history (the demo's way): the stalls now acknowledged, so no reminder climbs or joins a daily digest.
    const stall = (caseId: string, reason: string, since: string, closedAt?: string) =>
      service.db.query('INSERT INTO nudges (tenant_id, case_id, reason, period, since, status, closed_at, acknowledged_at, stepped_at) VALUES ($1, $2, $3, $4, $7, $5, $6, $7, $7)', [
        TENANT, caseId, reason, since, closedAt ? 'closed' : 'acknowledged', closedAt ?? null, new Date(since),
      ]);
    const A = '2026-09-01T10:00:00+02:00';
    const B = '2026-10-15T10:00:00+02:00';
    const a1 = await seed('A1', ['job', 'fam'], A);
    await stall(a1, 'stall.no-activity', '2026-11-20T10:00:00+01:00');
    const a2 = await seed('A2', ['job', 'fam'], A);
    await stall(a2, 'stall.no-activity', '2026-11-25T10:00:00+01:00');
    const a3 = await seed('A3', ['job', 'fam'], A);
    await stall(a3, 'stall.decision-awaited', '2026-11-10T10:00:00+01:00', '2026-11-17T10:00:00+01:00');
    const a4 = await seed('A4', ['job', 'psy'], A);
    await stall(a4, 'stall.consent-missing', '2026-10-05T10:00:00+02:00', '2026-10-12T10:00:00+02:00');
    await seed('A5', ['job', 'fam'], A);
    const b1 = await seed('B1', ['job', 'fam'], B);
    await stall(b1, 'stall.no-coordinator', '2026-10-20T10:00:00+02:00');
    await stall(b1, 'stall.no-activity', '2026-12-01T10:00:00+01:00');
    const b2 = await seed('B2', ['job', 'psy'], B);
    await stall(b2, 'stall.no-coordinator', '2026-10-20T10:00:00+02:00');
    await seed('B3', ['fam', 'psy'], B);
    const b4 = await seed('B4', ['job', 'sund'], B);
    await stall(b4, 'stall.follow-up-passed', '2026-11-02T10:00:00+01:00', '2026-11-03T10:00:00+01:00');
    await seed('B5', ['job', 'sund'], B);
    const b6 = await seed('B6', ['job', 'aeld'], B);
    for (const day of ['10-26', '11-09', '11-23']) await stall(b6, 'stall.intervention-overdue', `2026-${day}T10:00:00+01:00`, `2026-${day}T16:00:00+01:00`);
    // A5 closed on 20 October.
    at('2026-10-20T12:00:00+02:00');
    expect((await api('PUT', '/cases/VEJ-2026-A5', { status: 'closed' })).status).toBe(200);
    // The stall rules would add reminders of their own (no consent, no coordinator): their
    // scheduler's tests are theirs; here the episodes are the seeded ones, so the counts are by hand.
    await service.db.query("UPDATE cases SET next_check_at = '9999-12-31T00:00:00Z' WHERE tenant_id = $1", [TENANT]);

    // RC: Jobcentret rates Psykiatrien 2.0 and Psykiatrien rates Jobcentret 4.0 (three respondents each), mapped to the departments.
    const items = (v: number) => Array(7).fill(v).join(',');
    const csv = ['respondent,group,target,wave,frequent,timely,accurate,problem_solving,shared_goals,shared_knowledge,mutual_respect']
      .concat([1, 2, 3].map((i) => `J${i},Jobcentret,Psykiatrien,2026-10,${items(2)}`), [1, 2, 3].map((i) => `P${i},Psykiatrien,Jobcentret,2026-10,${items(4)}`))
      .join('\n');
    const upload = await api('POST', `/rc-surveys?name=${encodeURIComponent('RC Vejle')}`, `${csv}\n`, 'text/csv');
    expect(upload.status, JSON.stringify(upload.body)).toBe(201);
    const mapped = await api('PUT', `/rc-surveys/${upload.body.id}/departments`, { groups: [{ group: 'Jobcentret', department: 'job' }, { group: 'Psykiatrien', department: 'psy' }] });
    expect(mapped.status, JSON.stringify(mapped.body)).toBe(200);

    at('2026-12-06T12:00:00+01:00'); // Sunday
    // A second instance on the same database (PostgreSQL), its own turns stopped: the test runs them.
    if (database.kind === 'postgres') {
      other = await startService({ ...TEST_SERVICE, ...storage.options, now: () => new Date(clock), log, chatPort: { name: 'none', deliver: async () => Promise.reject(new Error('the second instance delivers nothing')) } });
      await Promise.all([other.scheduler.stop(), other.sender.stop()]);
    }
  }, 60_000);

  afterAll(async () => {
    await other?.stop();
    await service?.stop();
    await storage?.drop();
    await fake?.close();
  });

  it('sends nothing on Sunday, nor on Monday before working hours', async () => {
    expect(await tick()).toBe(0);
    at('2026-12-07T07:55:00+01:00');
    expect(await tick()).toBe(0);
    expect(await weeklyRows()).toEqual([]);
  });

  it("reaches each head once on Monday's first working tick, with two turns racing; the team lead who is no head gets none", async () => {
    at('2026-12-07T08:05:00+01:00');
    const turns = await Promise.all([service.scheduler.tick(), (other ?? service).scheduler.tick()]);
    expect(turns[0].weeklyDigests + turns[1].weeklyDigests).toBe(3);
    expect(await weeklyRows()).toEqual(['weekly-digest:vejle:h-fam:2026-12-07', 'weekly-digest:vejle:h-job:2026-12-07', 'weekly-digest:vejle:h-psy:2026-12-07']);
    await service.sender.tick();
    for (const head of HEADS) expect(digestsTo(head), head).toHaveLength(1);
    expect(digestsTo('l-job')).toEqual([]);
    // Later that day, and on Tuesday: nothing more.
    at('2026-12-07T14:00:00+01:00');
    expect(await tick()).toBe(0);
    at('2026-12-08T09:00:00+01:00');
    expect(await tick()).toBe(0);
    await service.sender.tick();
    for (const head of HEADS) expect(digestsTo(head), head).toHaveLength(1);
  });

  it("the head of the Jobcenter's: the trend, the stalled by reason (k = 3), the three worst pairs, the link", () => {
    const d = digestsTo('h-job')[0]!;
    expect(d).toContain(`${TITLE}, uge 50`);
    // Open: A1-A4, B1, B2, B4-B6 now (9); A1-A5 at the end of the week of 21 September (5).
    expect(d).toContain('Åbne koordineringer: 9 (+4 på 12 uger)');
    // Stalled now: A1, A2, B1, B2; none then.
    expect(d).toContain('Sager gået i stå nu: 4 (+4 på 12 uger)');
    expect(d).toContain('ingen aktivitet: 3'); // A1, A2, B1
    expect(d).toContain('ingen plankoordinator: under 3'); // B1, B2
    // Ældreområdet: 3 episodes in 1 case; Psykiatrien: 2 in 2 (1.0), before Familieafdelingen's 5 in 5 (1.0) by its lower RC (2.0); Sundhed's 1 in 2 is fourth.
    const pairs = ['Ældreområdet og Jobcenter: 3 stop i under 3 fælles sager', 'Jobcenter og Psykiatrien: under 3 stop i under 3 fælles sager, RC 2,0', 'Familieafdelingen og Jobcenter: 1,00 stop pr. fælles sag (5 i 5 sager)'];
    const positions = pairs.map((p) => d.indexOf(p));
    expect(positions.every((p) => p >= 0), d).toBe(true);
    expect([...positions].sort((x, y) => x - y)).toEqual(positions);
    expect(d).not.toContain('Sundhed');
    expect(d).toContain(`${PUBLIC_URL}/examples/host-vanilla/leader.html`);
  });

  it("the other heads' cover their own departments", () => {
    const fam = digestsTo('h-fam')[0]!;
    // Open: A1-A3, B1, B3 now; A1-A3, A5 then. Stalled: A1, A2, B1.
    expect(fam).toContain('Åbne koordineringer: 5 (+1 på 12 uger)');
    expect(fam).toContain('Sager gået i stå nu: 3 (+3 på 12 uger)');
    expect(fam).toContain('Familieafdelingen og Jobcenter: 1,00 stop pr. fælles sag');
    expect(fam).not.toContain('Psykiatrien og'); // B3: no episodes
    const psy = digestsTo('h-psy')[0]!;
    // Open: A4, B2, B3 now; A4 alone then, so no change is shown. Stalled: B2.
    expect(psy).toMatch(/Åbne koordineringer: 3(?! \()/);
    expect(psy).toMatch(/Sager gået i stå nu: under 3(?! \()/);
    expect(psy).toContain('Jobcenter og Psykiatrien: under 3 stop i under 3 fælles sager, RC 2,0');
  });

  it('a clock moved on weeks sends only the week it is in', async () => {
    at('2026-12-30T10:00:00+01:00'); // a Wednesday three weeks on
    expect(await tick()).toBe(0);
    at('2027-01-04T09:00:00+01:00'); // the Monday after
    expect(await tick()).toBe(3);
    const rows = await weeklyRows();
    expect(rows.filter((k) => k.endsWith(':2027-01-04'))).toHaveLength(3);
    expect(rows.filter((k) => /:2026-12-(14|21|28)$/.test(k))).toEqual([]);
    await service.sender.tick();
    for (const head of HEADS) expect(digestsTo(head), head).toHaveLength(2);
    expect(digestsTo('h-job')[1]).toContain(`${TITLE}, uge 1`);
    expect(digestsTo('l-job')).toEqual([]);
  });

  it('names no person and no case: numbers, reasons and departments only', () => {
    const sent = HEADS.flatMap(digestsTo);
    expect(sent.length).toBe(6);
    expect(personalDataIn(sent, [...EVERYONE.map(nameOf), ...EVERYONE.map((p) => `${p}@`), ...references])).toEqual([]);
    expect(personalDataIn(logs, [...EVERYONE.map(nameOf), ...EVERYONE.map((p) => `${p}@`)])).toEqual([]);
    // The scan finds what it looks for.
    expect(personalDataIn([{ text: 'VEJ-2026-A1' }], references)).toHaveLength(1);
  });
});
