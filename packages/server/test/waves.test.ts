// RC waves run by the bot, server side: a wave over three professional groups and twelve
// people answered as each person (what the chat flows call), a changed answer, invitations
// and at most two reminders in working hours, counts only for groups of k or more, and the
// close: scored into a survey series, the key destroyed and nothing left that joins an
// answer to a person; the result equal to `samspil rc score` on the exported answers.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RC_ITEMS, RC_WORDING, readRcSurvey, scoreRc, type RcItem, type RcResult } from '@samspil/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessPolicy } from '../src/access.js';
import { buildApp } from '../src/http/app.js';
import { WidgetTokens } from '../src/http/tokens.js';
import { memoryLog } from '../src/log.js';
import type { Actor } from '../src/store/audit.js';
import type { Db } from '../src/store/db.js';
import { upsertDepartment, upsertPerson, upsertTeam } from '../src/store/organisation.js';
import { enqueue } from '../src/store/outbox.js';
import { createApiKey, createTenant, storeTenantSettings } from '../src/store/tenants.js';
import { pseudonymOf, Waves, type DueRespondent, type WaveAnswers, type WaveDigest } from '../src/usecases/waves.js';
import { databases } from './databases.js';

const SECRET = 'test-secret-test-secret-test-secret-0123';
const JOB = ['job-1', 'job-2', 'job-3', 'job-4', 'job-5'];
const FAM = ['fam-1', 'fam-2', 'fam-3', 'fam-4'];
const SUND = ['sund-1', 'sund-2', 'sund-3'];
const PEOPLE = [...JOB, ...FAM, ...SUND];
const GROUP_OF = new Map<string, string>([...JOB.map((p) => [p, 'Jobcenter'] as const), ...FAM.map((p) => [p, 'Familie'] as const), ...SUND.map((p) => [p, 'Sundhed'] as const)]);
const GROUPS = ['Jobcenter', 'Familie', 'Sundhed'];
/** The groups: by department, by team and by a list of people. */
const GROUP_CHOICE = [
  { name: 'Jobcenter', department: 'jobcenter' },
  { name: 'Familie', team: 't-fam' },
  { name: 'Sundhed', people: SUND },
];

/**
 * A person's answers about a partner, different per person, partner and wave. job-3 does not
 * know how timely Sundhed is ("ved ikke"): with core's default, a rating counts with all seven.
 */
function answersOf(person: string, partner: string, salt: number): WaveAnswers {
  const p = PEOPLE.indexOf(person);
  const g = GROUPS.indexOf(partner);
  return Object.fromEntries(RC_ITEMS.map((item, j) => [item, person === 'job-3' && partner === 'Sundhed' && item === 'timely' ? null : ((p * 3 + g * 2 + j * (salt + 1) + salt) % 5) + 1])) as WaveAnswers;
}

/** Copenhagen is UTC+1 in November and December. */
const at = (local: string) => new Date(`${local}+01:00`);

describe.each(databases)('RC waves on $kind', ({ open }) => {
  let db: Db;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let waves: Waves;
  let key: string;
  let otherKey: string;
  let clock = at('2026-11-20T10:00:00'); // a Friday
  const chat = (id: string, tenant = 'aarhus'): Actor => ({ tenant, kind: 'chat', id });
  const api: Actor = { tenant: 'aarhus', kind: 'api-key', id: 'test' };
  const call = (method: 'GET' | 'PUT' | 'POST', url: string, bearer: string, body?: unknown) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${bearer}` }, ...(body === undefined ? {} : { payload: body as object }) });
  const ok = <T extends { ok: boolean }>(r: T): Extract<T, { ok: true }> => {
    expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
    return r as Extract<T, { ok: true }>;
  };

  let spring: string; // the earlier wave
  let autumn: string; // the wave under test
  let surveyId: string;
  let autumnKey: Buffer;
  const digests: WaveDigest[] = [];

  beforeAll(async () => {
    ({ db, drop } = await open());
    await createTenant(db, { id: 'aarhus', name: 'Aarhus Kommune' });
    await createTenant(db, { id: 'odense', name: 'Odense Kommune' });
    key = await createApiKey(db, 'aarhus');
    otherKey = await createApiKey(db, 'odense');
    for (const [id, head] of [['jobcenter', 'head-job'], ['familie', 'head-fam'], ['sundhed', undefined], ['ledelse', undefined]] as const) {
      await upsertDepartment(db, 'aarhus', { id, name: id, kind: 'other', ...(head ? { head } : {}) });
    }
    await upsertTeam(db, 'aarhus', { id: 't-job', name: 'Team Job', department: 'jobcenter', lead: 'lead-job' });
    await upsertTeam(db, 'aarhus', { id: 't-fam', name: 'Team Familie', department: 'familie', lead: 'lead-fam' });
    const person = (id: string, department: string, team?: string) =>
      upsertPerson(db, 'aarhus', { id, name: `Navn ${id}`, email: `${id}@aarhus.dk`, department, ...(team ? { team, teamLead: team === 't-job' ? 'lead-job' : 'lead-fam' } : {}), chat: {}, availability: { status: 'active' } });
    for (const p of JOB) await person(p, 'jobcenter', 't-job');
    for (const p of FAM) await person(p, 'familie', 't-fam');
    for (const p of SUND) await person(p, 'sundhed');
    for (const p of ['lead-job', 'lead-fam', 'head-job', 'head-fam']) await person(p, 'ledelse');
    await upsertPerson(db, 'aarhus', { id: 'job-gone', name: 'Gone', email: 'gone@aarhus.dk', department: 'jobcenter', chat: {}, availability: { status: 'left' } });
    app = await buildApp({ db, tokenSecret: SECRET, now: () => clock, rateLimit: 10_000, log: memoryLog().log });
    waves = new Waves(db, new AccessPolicy(db), () => clock);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  it('refuses a wave that is not well formed, naming the field', async () => {
    const base = { name: 'Prøve', opensAt: '2026-11-23T08:00:00Z', closesAt: '2026-12-04T15:00:00Z', groups: GROUP_CHOICE };
    const refused = async (body: object) => {
      const r = await call('POST', '/api/v1/rc-waves', key, body);
      expect(r.statusCode, r.body).toBe(422);
      expect(r.headers['content-type']).toContain('application/problem+json');
      return r.json().errors[0].path as string;
    };
    expect(await refused({ ...base, groups: [...GROUP_CHOICE, { name: 'Dobbelt', people: ['job-2'] }] })).toBe('groups[3]');
    expect(await refused({ ...base, pairs: [{ rater: 'Jobcenter', rated: 'Politi' }] })).toBe('pairs[0].rated');
    expect(await refused({ ...base, closesAt: '2026-11-22T08:00:00Z' })).toBe('closesAt');
    expect(await refused({ ...base, k: 0 })).toBe('k');
    expect(await refused({ ...base, minItems: 8 })).toBe('minItems');
    expect(await refused({ ...base, minItems: 0 })).toBe('minItems');
    expect(await refused({ ...base, groups: [{ name: 'Tom', team: 'no-such-team' }] })).toBe('groups[0]');
    expect(await refused({ ...base, groups: [{ name: 'X', people: ['job-1', 'nobody'] }] })).toBe('groups[0].people[1]');
    expect(await refused({ ...base, groups: [{ name: 'X', people: ['job-gone'] }] })).toBe('groups[0].people[0]');
    expect(await refused({ ...base, groups: [{ name: 'X', team: 't-job', department: 'jobcenter' }] })).toBe('groups[0]');
    expect(await refused({ ...base, groups: [] })).toBe('groups');
    expect(await refused({ ...base, groups: [{ name: 'Borger 010190-1234', team: 't-job' }] })).toBe('groups[0].name');
    expect(await refused({ ...base, startedBy: 'nobody' })).toBe('startedBy');
    expect((await call('GET', '/api/v1/rc-waves', key)).json().waves).toEqual([]);
  });

  it('lets a team lead start a wave from chat, and no one else', async () => {
    const input = { name: 'Forår', opensAt: '2026-11-20T08:00:00Z', closesAt: '2026-11-21T08:00:00Z', groups: GROUP_CHOICE };
    expect(await waves.createWave(chat('job-1'), input)).toMatchObject({ ok: false, reason: 'forbidden' });
    const created = ok(await waves.createWave(chat('lead-job'), input)).wave;
    spring = created.id;
    expect(created).toMatchObject({ name: 'Forår', k: 3, state: 'open', startedBy: 'lead-job', surveyId: null });
    // Every group rates every group, its own included; the left person is not asked.
    expect(created.pairs).toHaveLength(9);
    expect(created.groups.map((g) => [g.name, g.members])).toEqual([['Jobcenter', 5], ['Familie', 4], ['Sundhed', 3]]);
    expect(await waves.createWave(chat('lead-fam'), input)).toMatchObject({ ok: false, reason: 'conflict', field: 'name' });
  });

  it('asks each person about their partner groups in the tenant\'s wording and takes their answers, only as themselves', async () => {
    expect(await waves.openWavesFor(chat('fam-2'))).toEqual([{ id: spring, name: 'Forår', opensAt: '2026-11-20T08:00:00.000Z', closesAt: '2026-11-21T08:00:00.000Z', group: 'Familie', answered: false }]);
    const q = ok(await waves.questionsFor(chat('fam-2'), spring, 'da')).questions;
    expect(q.group).toBe('Familie');
    expect(q.dontKnow).toBe('Ved ikke');
    expect(q.partners.map((p) => p.group)).toEqual(GROUPS);
    expect(q.partners[0]!.items.map((i) => i.item)).toEqual([...RC_ITEMS]);
    expect(q.partners[2]!.items[0]!.question).toBe(RC_WORDING.da.frequent.question.replace('{group}', 'Sundhed'));
    expect(q.partners.every((p) => !p.answered)).toBe(true);

    expect(await waves.questionsFor(chat('lead-fam'), spring, 'da')).toMatchObject({ ok: false, reason: 'not-asked' });
    expect(await waves.recordAnswers(api, spring, 'Familie', answersOf('fam-2', 'Familie', 0))).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(await waves.recordAnswers(chat('fam-2'), spring, 'Politi', answersOf('fam-2', 'Familie', 0))).toMatchObject({ ok: false, reason: 'invalid', field: 'partnerGroup' });
    expect(await waves.recordAnswers(chat('fam-2'), spring, 'Familie', { ...answersOf('fam-2', 'Familie', 0), timely: 6 })).toMatchObject({ ok: false, reason: 'invalid', field: 'timely' });
    // No API route takes answers.
    const writes = app.routeTable.filter((r) => r.url.includes('rc-waves') && ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method)).map((r) => `${r.method} ${r.url}`);
    expect(writes.sort()).toEqual(['POST /api/v1/rc-waves', 'POST /api/v1/rc-waves/:id/close']);
  });

  it('closes the first wave with a group below k: its ties suppressed, its few answers gone', async () => {
    // Sundhed: only two answer.
    for (const person of PEOPLE.filter((p) => p !== 'sund-3')) for (const partner of GROUPS) ok(await waves.recordAnswers(chat(person), spring, partner, answersOf(person, partner, 1)));
    const r = await call('POST', `/api/v1/rc-waves/${spring}/close`, key);
    expect(r.statusCode, r.body).toBe(200);
    const closed = r.json();
    expect(closed).toMatchObject({ state: 'closed' });
    surveyId = closed.surveyId;
    const result = (await call('GET', `/api/v1/rc-surveys/${surveyId}/results?wave=${encodeURIComponent('Forår')}`, key)).json() as RcResult;
    for (const t of result.ties.filter((t) => t.from === 'Sundhed')) expect(t, `${t.from}→${t.to}`).toMatchObject({ n: 2, suppressed: true, score: null });
    expect(result.ties.filter((t) => t.from === 'Jobcenter' && !t.suppressed)).toHaveLength(3);
    const { rows } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM rc_wave_answers WHERE wave_id = $1 AND rater_group = 'Sundhed'", [spring]);
    expect(rows[0]!.n).toBe(0);
    expect((await call('POST', `/api/v1/rc-waves/${spring}/close`, key)).statusCode).toBe(409);
  });

  it('starts the next wave over the same groups with an API key, naming the team lead', async () => {
    const r = await call('POST', '/api/v1/rc-waves', key, { name: 'Efterår', opensAt: '2026-11-23T08:00:00Z', closesAt: '2026-12-04T15:00:00Z', groups: GROUP_CHOICE, startedBy: 'lead-job', minItems: 6 });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ k: 3, minItems: 6 });
    autumn = r.json().id;
    autumnKey = Buffer.from((await db.query<{ wave_key: Uint8Array }>('SELECT wave_key FROM rc_waves WHERE id = $1', [autumn])).rows[0]!.wave_key);
    expect(autumnKey).toHaveLength(32);
    // Before it opens: no answers, no invitations.
    expect(await waves.recordAnswers(chat('job-1'), autumn, 'Familie', answersOf('job-1', 'Familie', 2))).toMatchObject({ ok: false, reason: 'not-open' });
    expect(await waves.respondentsDue()).toEqual([]);
  });

  const sendAll = async (due: DueRespondent[]) => {
    for (const d of due) expect(await waves.sendDue(d, async () => {})).toBe(true);
  };
  const due = async () => (await waves.respondentsDue()).filter((d) => d.wave === autumn).map((d) => `${d.person}:${d.message}`).sort();
  const answer = async (people: string[], salt = 2) => {
    for (const person of people) for (const partner of GROUPS) ok(await waves.recordAnswers(chat(person), autumn, partner, answersOf(person, partner, salt)));
  };

  it("the outbox's list does not say who is reminded (who is reminded has not answered)", async () => {
    await enqueue(db, 'aarhus', 'rc-reminder', 'job-5', 'test-outbox-list', clock, { waveId: '1', waveName: 'Test', closesAt: clock.toISOString(), reminder: 1 });
    const listed = (await call('GET', '/api/v1/outbox', key)).json() as { messages: { kind: string; recipient: string }[] };
    const reminders = listed.messages.filter((m) => m.kind === 'rc-reminder');
    expect(reminders.length).toBeGreaterThan(0);
    expect(new Set(reminders.map((m) => m.recipient))).toEqual(new Set(['respondent']));
    await db.query("DELETE FROM outbox WHERE dedupe_key = 'test-outbox-list'");
  });

  it("asks only in the municipality's own working hours: 12:00-20:00 in Reykjavik (UTC) is not Copenhagen's 08:00-16:00", async () => {
    await storeTenantSettings(db, 'aarhus', { workingHours: { start: '12:00', end: '20:00' }, timeZone: 'Atlantic/Reykjavik' });
    clock = at('2026-11-23T09:00:00'); // 08:00 in Reykjavik: before its hours
    expect(await due()).toEqual([]);
    clock = at('2026-11-23T20:30:00'); // 19:30 in Reykjavik: within them, though Copenhagen's day is over
    expect((await due()).length).toBe(PEOPLE.length);
    clock = at('2026-11-23T21:30:00'); // 20:30 in Reykjavik: after
    expect(await due()).toEqual([]);
    await storeTenantSettings(db, 'aarhus', {});
  });

  it('invites everyone once the wave opens, in working hours, once', async () => {
    clock = at('2026-11-23T07:30:00'); // Monday, before work
    expect(await due()).toEqual([]);
    clock = at('2026-11-23T09:00:00');
    const invitations = (await waves.respondentsDue()).filter((d) => d.wave === autumn);
    expect(invitations.map((d) => d.person).sort()).toEqual([...PEOPLE].sort());
    expect(invitations.every((d) => d.message === 0 && d.waveName === 'Efterår')).toBe(true);
    await sendAll(invitations);
    expect(await waves.sendDue(invitations[0]!, async () => {})).toBe(false);
    expect(await due()).toEqual([]);
  });

  it('keeps the latest of a changed answer, one answer per dimension', async () => {
    clock = at('2026-11-23T10:00:00');
    const first = ok(await waves.recordAnswers(chat('job-1'), autumn, 'Familie', answersOf('job-1', 'Familie', 0)));
    expect(first.first).toBe(true);
    const changed = { ...answersOf('job-1', 'Familie', 0), frequent: 1, mutual_respect: null };
    expect(ok(await waves.recordAnswers(chat('job-1'), autumn, 'Familie', changed)).first).toBe(false);
    const { rows } = await db.query<{ item: RcItem; value: number | null }>('SELECT item, value FROM rc_wave_answers WHERE wave_id = $1 AND pseudonym = $2 AND partner_group = $3', [
      autumn,
      pseudonymOf(autumnKey, 'job-1'),
      'Familie',
    ]);
    expect(Object.fromEntries(rows.map((r) => [r.item, r.value === null ? null : Number(r.value)]))).toEqual(changed);
    const q = ok(await waves.questionsFor(chat('job-1'), autumn, 'en')).questions;
    expect(q.partners.find((p) => p.group === 'Familie')).toMatchObject({ answered: true });
    expect(q.partners.find((p) => p.group === 'Familie')!.items.find((i) => i.item === 'frequent')!.answer).toBe(1);
    expect(q.partners.find((p) => p.group === 'Sundhed')).toMatchObject({ answered: false });
    // The audit says once that someone answered, not how often or about whom, under the wave's pseudonym, never the person.
    const audited = await db.query<{ actor_kind: string; detail: Record<string, unknown> }>("SELECT actor_kind, detail FROM audit_log WHERE action = 'rc-wave.respond' AND actor = $2 AND detail->>'wave' = $1", [
      autumn,
      pseudonymOf(autumnKey, 'job-1'),
    ]);
    expect(audited.rows).toEqual([{ actor_kind: 'respondent', detail: { wave: autumn } }]);
    expect((await db.query("SELECT 1 FROM audit_log WHERE action = 'rc-wave.respond' AND actor = 'job-1'")).rows).toEqual([]);
  });

  it('shows response counts per group only for groups with at least k respondents', async () => {
    await answer(['job-1', 'job-2', 'job-3', 'job-4', ...FAM, 'sund-1', 'sund-2']);
    const r = await call('GET', `/api/v1/rc-waves/${autumn}`, key);
    expect(r.statusCode).toBe(200);
    expect(r.json().groups).toEqual([
      { name: 'Jobcenter', members: 5, answered: 4, suppressed: false },
      { name: 'Familie', members: 4, answered: 4, suppressed: false },
      { name: 'Sundhed', members: 3, answered: null, suppressed: true },
    ]);
    expect(r.body).not.toMatch(/sund-1|sund-2|job-1/);
    // The team lead who started it sees it from chat; another lead does not.
    expect(ok(await waves.waveStatus(chat('lead-job'), autumn)).wave.groups[2]).toMatchObject({ suppressed: true, answered: null });
    expect(await waves.waveStatus(chat('lead-fam'), autumn)).toMatchObject({ ok: false, reason: 'forbidden' });
    expect((await waves.listWaves(chat('lead-fam'))).map((w) => w.name)).toEqual([]);
    expect((await call('GET', '/api/v1/rc-waves', key)).json().waves.map((w: { name: string }) => w.name)).toEqual(['Efterår', 'Forår']);
    expect((await call('GET', `/api/v1/rc-waves/${autumn}`, otherKey)).statusCode).toBe(404);
  });

  it('reminds only those who have not answered, in working hours, at most twice', async () => {
    clock = at('2026-11-26T09:00:00'); // in working hours, before a third of the wave has passed
    expect(await due()).toEqual([]);
    clock = at('2026-11-27T03:30:00'); // a third has passed, at night
    expect(await due()).toEqual([]);
    clock = at('2026-11-27T09:00:00');
    expect(await due()).toEqual(['job-5:1', 'sund-3:1']);
    await sendAll((await waves.respondentsDue()).filter((d) => d.wave === autumn));
    expect(await due()).toEqual([]);
    await answer(['sund-3']);
    clock = at('2026-11-30T15:00:00'); // before two thirds have passed
    expect(await due()).toEqual([]);
    clock = at('2026-11-30T22:00:00'); // after, in the evening
    expect(await due()).toEqual([]);
    clock = at('2026-12-01T09:00:00');
    expect(await due()).toEqual(['job-5:2']);
    await sendAll((await waves.respondentsDue()).filter((d) => d.wave === autumn));
    clock = at('2026-12-03T09:00:00');
    expect(await due()).toEqual([]);
    expect(ok(await waves.waveStatus(api, autumn)).wave.groups[2]).toEqual({ name: 'Sundhed', members: 3, answered: 3, suppressed: false });
  });

  it('closes the wave when its time is up: scored into the series, the key destroyed, nothing that joins an answer to a person', async () => {
    const before = await db.query<{ pseudonym: string }>('SELECT DISTINCT pseudonym FROM rc_wave_answers WHERE wave_id = $1', [autumn]);
    expect(before.rows.map((r) => r.pseudonym).sort()).toEqual(PEOPLE.filter((p) => p !== 'job-5').map((p) => pseudonymOf(autumnKey, p)).sort());
    // A third wave stays open, so there is a key in the database to try.
    const other = ok(await waves.createWave(api, { name: 'Vinter', opensAt: '2026-12-01T08:00:00Z', closesAt: '2027-01-01T08:00:00Z', groups: GROUP_CHOICE })).wave.id;
    ok(await waves.recordAnswers(chat('fam-1'), other, 'Jobcenter', answersOf('fam-1', 'Jobcenter', 3)));

    clock = at('2026-12-04T16:00:00');
    expect(await waves.recordAnswers(chat('job-5'), autumn, 'Familie', answersOf('job-5', 'Familie', 2))).toMatchObject({ ok: false, reason: 'closed' });
    expect(await waves.closeDueWaves(async (_tx, digest) => void digests.push(digest))).toBe(1);

    const wave = (await db.query<{ state: string; wave_key: unknown; survey_id: string }>('SELECT state, wave_key, survey_id::text AS survey_id FROM rc_waves WHERE id = $1', [autumn])).rows[0]!;
    expect(wave).toMatchObject({ state: 'closed', wave_key: null, survey_id: surveyId });
    // Recompute every person's HMAC with every key left in the database, and the key the wave had: nothing matches.
    const keys = (await db.query<{ wave_key: Uint8Array }>('SELECT wave_key FROM rc_waves WHERE wave_key IS NOT NULL')).rows.map((r) => Buffer.from(r.wave_key));
    expect(keys).toHaveLength(1);
    const people = (await db.query<{ id: string }>("SELECT id FROM people WHERE tenant_id = 'aarhus'")).rows.map((r) => r.id);
    const guesses = new Set([...keys, autumnKey].flatMap((k) => people.map((p) => pseudonymOf(k, p))));
    const after = (await db.query<{ pseudonym: string }>('SELECT DISTINCT pseudonym FROM rc_wave_answers WHERE wave_id = $1', [autumn])).rows.map((r) => r.pseudonym);
    expect(after).toHaveLength(11);
    expect(after.filter((p) => guesses.has(p))).toEqual([]);
    // Random, and without a digit: exported as the CSV's respondent, no pseudonym can hold a CPR number
    // (a UUID's hex did about once in a thousand, and the export's reader refused it).
    expect(after.filter((p) => /\d/.test(p) || !/^[a-p-]{36}$/.test(p))).toEqual([]);
    // No respondent rows are left for the wave, and none could point at an answer; answers carry no time or person.
    expect((await db.query('SELECT 1 FROM rc_wave_respondents WHERE wave_id = $1', [autumn])).rows).toEqual([]);
    const columns = async (table: string) =>
      (await db.query<{ column_name: string }>('SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY column_name', [table])).rows.map((r) => r.column_name);
    expect(await columns('rc_wave_respondents')).toEqual(['answered', 'group_name', 'invited_at', 'person', 'reminders_sent', 'wave_id']);
    expect(await columns('rc_wave_answers')).toEqual(['item', 'partner_group', 'pseudonym', 'rater_group', 'value', 'wave_id']);
    // The open wave's answers are still its own person's pseudonym (the key lives while it runs).
    expect((await db.query<{ pseudonym: string }>('SELECT DISTINCT pseudonym FROM rc_wave_answers WHERE wave_id = $1', [other])).rows.map((r) => r.pseudonym)).toEqual([pseudonymOf(keys[0]!, 'fam-1')]);
    // Nothing at rest about the wave names a respondent, in any table, the audit log included.
    const tables = (await db.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")).rows.map((r) => r.table_name);
    const aboutWave: string[] = [];
    for (const table of tables) {
      for (const { row } of (await db.query<{ row: Record<string, unknown> }>(`SELECT row_to_json(t) AS row FROM "${table}" t`)).rows) {
        const text = JSON.stringify(row);
        const mentions = [`"wave":"${autumn}"`, `"wave":${autumn}`, `"waveId":"${autumn}"`, `"wave_id":"${autumn}"`, `"wave_id":${autumn}`];
        if ((table === 'rc_waves' && String(row.id) === autumn) || mentions.some((m) => text.includes(m))) aboutWave.push(`${table}: ${text}`);
      }
    }
    expect(aboutWave.some((r) => r.startsWith('audit_log:') && r.includes('rc-wave.respond'))).toBe(true);
    const naming = (person: string) => new RegExp(`(?<![\\w-])${person}(?![\\w-])`);
    const pseudonyms = new Set(PEOPLE.map((p) => pseudonymOf(autumnKey, p)));
    expect(aboutWave.filter((r) => PEOPLE.some((p) => naming(p).test(r)) || [...pseudonyms].some((p) => r.includes(p)))).toEqual([]);
    // The counts per group stay.
    expect(ok(await waves.waveStatus(api, autumn)).wave.groups.map((g) => [g.name, g.members, g.answered])).toEqual([['Jobcenter', 5, 4], ['Familie', 4, 4], ['Sundhed', 3, 3]]);
    expect(await waves.questionsFor(chat('job-1'), autumn, 'da')).toMatchObject({ ok: false, reason: 'closed' });
    expect(await waves.recordAnswers(chat('job-1'), autumn, 'Familie', answersOf('job-1', 'Familie', 0))).toMatchObject({ ok: false, reason: 'closed' });
  });

  it('stores a result equal to `samspil rc score` on the answers exported as CSV', async () => {
    const stored = await call('GET', `/api/v1/rc-surveys/${surveyId}/results?wave=${encodeURIComponent('Efterår')}`, key);
    expect(stored.statusCode).toBe(200);
    const result = stored.json() as RcResult;
    expect(result.groups).toEqual(GROUPS);
    expect(result.ratings.total).toBe(11 * 3);
    expect(result.ties.every((t) => !t.suppressed)).toBe(true);

    const winter = (await waves.listWaves(api)).find((w) => w.name === 'Vinter')!.id;
    expect(await waves.exportAnswers(api, winter)).toMatchObject({ ok: false, reason: 'not-open' });
    const { csv } = ok(await waves.exportAnswers(api, autumn));
    for (const p of PEOPLE) expect(csv).not.toContain(p);
    const read = readRcSurvey(csv);
    expect(read.problems).toEqual([]);
    // The wave counts a rating with six of the seven answered (its minItems): job-3's "ved ikke" on one dimension of Sundhed counts.
    expect(scoreRc(read.table, { minRespondents: 3, minItems: 6, wave: 'Efterår' })).toEqual(result);
    expect(scoreRc(read.table, { minRespondents: 3, wave: 'Efterår' })).not.toEqual(result);
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    const file = join(mkdtempSync(join(tmpdir(), 'samspil-waves-')), 'efteraar.csv');
    writeFileSync(file, csv);
    const cli = spawnSync(process.execPath, [join(root, 'packages/server/bin/samspil.mjs'), 'rc', 'score', file, '--wave', 'Efterår', '--min-respondents', '3', '--min-items', '6', '--json'], { encoding: 'utf8', cwd: root });
    expect(cli.status, cli.stderr).toBe(0);
    expect(JSON.parse(cli.stdout)).toEqual(result);
  });

  it('compares the wave with the previous wave of the same groups, and sends the team lead a digest without names', async () => {
    const survey = (await call('GET', `/api/v1/rc-surveys/${surveyId}`, key)).json();
    expect(survey.waves).toEqual(['Forår', 'Efterår']);
    const compare = await call('GET', `/api/v1/rc-surveys/${surveyId}/compare?from=${encodeURIComponent('Forår')}&to=${encodeURIComponent('Efterår')}`, key);
    expect(compare.statusCode).toBe(200);
    const ties = compare.json().ties as { from: string; to: string; delta: number | null }[];
    expect(ties.filter((t) => t.from === 'Jobcenter' && t.delta !== null)).toHaveLength(3);
    expect(ties.filter((t) => t.from === 'Sundhed').every((t) => t.delta === null)).toBe(true);

    expect(digests).toHaveLength(1);
    const digest = digests[0]!;
    expect(digest).toMatchObject({ recipient: 'lead-job', surveyId, previousWave: 'Forår', wave: { id: autumn, name: 'Efterår' } });
    expect(digest.responseRates).toEqual([
      { group: 'Jobcenter', members: 5, answered: 4, rate: 0.8, suppressed: false },
      { group: 'Familie', members: 4, answered: 4, rate: 1, suppressed: false },
      { group: 'Sundhed', members: 3, answered: 3, rate: 1, suppressed: false },
    ]);
    expect(digest.weakestTies.length).toBe(3);
    const scores = digest.weakestTies.map((t) => t.score);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    const between = compare.json().ties.filter((t: { delta: number | null }) => t.delta !== null).map((t: { delta: number }) => Math.abs(t.delta));
    expect(Math.abs(digest.largestChanges[0]!.delta)).toBe(Math.max(...between));
    expect(digest.overall.change).toBeCloseTo(compare.json().overall.delta, 12);
    for (const p of PEOPLE) expect(JSON.stringify(digest)).not.toContain(p);
    expect(ok(await waves.digest(chat('lead-job'), autumn)).digest).toEqual(digest);
    expect(await waves.digest(chat('lead-fam'), autumn)).toMatchObject({ ok: false, reason: 'forbidden' });
  });

  it('issues a widget token for one survey that reads its results and nothing else', async () => {
    const issue = (bearer: string, body: object) => call('POST', '/api/v1/widget-tokens', bearer, { user: 'konsulent-1', scope: 'read', ...body });
    const issued = await issue(key, { survey: surveyId });
    expect(issued.statusCode, issued.body).toBe(201);
    const token = issued.json().token as string;
    expect((await call('GET', `/api/v1/rc-surveys/${surveyId}/results`, token)).json()).toEqual((await call('GET', `/api/v1/rc-surveys/${surveyId}/results`, key)).json());
    expect((await call('GET', `/api/v1/rc-surveys/${surveyId}/results?wave=${encodeURIComponent('Forår')}`, token)).statusCode).toBe(200);
    // Another survey, the survey's other routes, a case, the waves: refused.
    const csv = 'respondent,group,target,frequent,timely,accurate,problem_solving,shared_goals,shared_knowledge,mutual_respect\nr1,A,B,3,3,3,3,3,3,3\n';
    const upload = await app.inject({ method: 'POST', url: '/api/v1/rc-surveys?name=Andet', headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' }, payload: csv });
    expect(upload.statusCode, upload.body).toBe(201);
    const otherSurvey = upload.json().id as string;
    expect((await call('GET', `/api/v1/rc-surveys/${otherSurvey}/results`, token)).statusCode).toBe(403);
    expect((await call('GET', `/api/v1/rc-surveys/${surveyId}`, token)).statusCode).toBe(403);
    expect((await call('GET', `/api/v1/rc-surveys/${surveyId}/compare?from=a&to=b`, token)).statusCode).toBe(403);
    expect((await call('PUT', '/api/v1/cases/SAG-1', key, { departments: ['jobcenter'] })).statusCode).toBe(201);
    expect((await call('GET', '/api/v1/cases/SAG-1', token)).statusCode).toBe(403);
    expect((await call('GET', `/api/v1/rc-waves/${autumn}`, token)).statusCode).toBe(403);
    // A case's token does not read the survey.
    const caseToken = (await issue(key, { caseReference: 'SAG-1' })).json().token as string;
    expect((await call('GET', `/api/v1/rc-surveys/${surveyId}/results`, caseToken)).statusCode).toBe(403);
    // Another tenant cannot have one issued, and a token of another tenant (even one naming this survey) finds nothing.
    expect((await issue(otherKey, { survey: surveyId })).statusCode).toBe(404);
    const forged = new WidgetTokens(SECRET).sign({ tenant: 'odense', survey: surveyId, user: 'u', scope: 'read', exp: Math.floor(clock.getTime() / 1000) + 60 });
    expect((await call('GET', `/api/v1/rc-surveys/${surveyId}/results`, forged)).statusCode).toBe(404);
    // A survey's token reads only; a token is for a case or a survey.
    const plan = await issue(key, { survey: surveyId, scope: 'plan' });
    expect(plan.statusCode).toBe(422);
    expect(plan.json().errors[0].path).toBe('scope');
    expect((await issue(key, { survey: surveyId, caseReference: 'SAG-1' })).json().errors[0].path).toBe('survey');
    expect((await issue(key, {})).json().errors[0].path).toBe('caseReference');
  });

  it("replaces an item's wording per language with the tenant's (a licensed version), and back", async () => {
    const initial = (await call('GET', '/api/v1/rc-wording', key)).json();
    expect(initial.overrides).toEqual([]);
    expect(initial.wording.en.timely).toEqual({ ...RC_WORDING.en.timely, source: 'samspil' });
    const licensed = { item: 'timely', locale: 'en', question: 'Licensed: does {group} tell you in time?', scale: ['Never', 'Rarely', 'Occasionally', 'Often', 'Always'] };
    const put = await call('PUT', '/api/v1/rc-wording', key, { overrides: [licensed] });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().wording.en.timely).toMatchObject({ question: licensed.question, scale: licensed.scale, source: 'tenant' });
    expect((await call('GET', '/api/v1/rc-wording', key)).json().overrides).toEqual([licensed]);
    expect(put.json().wording.da.timely.source).toBe('samspil');
    const q = ok(await waves.questionsFor(chat('fam-1'), (await waves.listWaves(api)).find((w) => w.name === 'Vinter')!.id, 'en')).questions;
    expect(q.partners[0]!.items.find((i) => i.item === 'timely')!.question).toBe('Licensed: does Jobcenter tell you in time?');
    expect((await call('GET', '/api/v1/rc-wording', otherKey)).json().overrides).toEqual([]);
    const twice = await call('PUT', '/api/v1/rc-wording', key, { overrides: [licensed, licensed] });
    expect(twice.statusCode).toBe(422);
    expect(twice.json().errors[0].path).toBe('overrides[1]');
    expect((await call('PUT', '/api/v1/rc-wording', key, { overrides: [{ ...licensed, item: 'speed' }] })).statusCode).toBe(422);
    expect((await call('PUT', '/api/v1/rc-wording', key, { overrides: [] })).json().wording.en.timely.source).toBe('samspil');
  });
});
