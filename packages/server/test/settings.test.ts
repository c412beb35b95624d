// Issue 24: a municipality's own settings in one place (GET/PATCH /api/v1/settings), and
// everything that waits for working hours using them: a municipality working 12:00-20:00 in
// another time zone gets its nudges and digest in its own hours.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { TenantSettings } from '@samspil/core';
import { buildApp } from '../src/http/app.js';
import { StallScheduler } from '../src/scheduler.js';
import { assignCoordinator, recordConsent, upsertCase } from '../src/store/cases.js';
import type { Db } from '../src/store/db.js';
import { upsertPerson } from '../src/store/organisation.js';
import { createApiKey, createTenant } from '../src/store/tenants.js';
import { databases } from './databases.js';

const SECRET = 'test-secret-test-secret-test-secret-0123';

describe.each(databases)('tenant settings on $kind', ({ open }) => {
  let db: Db;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let key: string;
  let otherKey: string;
  let clock = new Date('2026-11-23T09:00:00Z');
  const now = () => clock;

  beforeAll(async () => {
    ({ db, drop } = await open());
    await createTenant(db, { id: 'tokyo', name: 'Evening municipality' });
    await createTenant(db, { id: 'aarhus', name: 'Aarhus' });
    key = await createApiKey(db, 'tokyo');
    otherKey = await createApiKey(db, 'aarhus');
    app = await buildApp({ db, tokenSecret: SECRET, now, rateLimit: 1000 });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  const call = (method: 'GET' | 'PATCH', body?: unknown, bearer = key, type = 'application/merge-patch+json') =>
    app.inject({ method, url: '/api/v1/settings', headers: { authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'content-type': type }) }, ...(body === undefined ? {} : { payload: JSON.stringify(body) }) });

  it('answers the defaults (today\'s behaviour) for a municipality that set nothing', async () => {
    const r = await call('GET');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual(TenantSettings.parse({}));
    expect(r.json()).toMatchObject({ workingHours: { start: '08:00', end: '16:00' }, timeZone: 'Europe/Copenhagen', handoverBusinessDays: 2 });
  });

  it('changes what a merge patch names, keeps the rest; null restores a default; another tenant is untouched', async () => {
    const r = await call('PATCH', { workingHours: { start: '12:00', end: '20:00' }, timeZone: 'Asia/Tokyo', publicHolidays: 'none', handoverBusinessDays: 3 });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ workingHours: { start: '12:00', end: '20:00' }, timeZone: 'Asia/Tokyo', handoverBusinessDays: 3, workingDays: [1, 2, 3, 4, 5] });
    // Only one end of the hours: the other stays.
    expect((await call('PATCH', { workingHours: { end: '19:00' } })).json().workingHours).toEqual({ start: '12:00', end: '19:00' });
    expect((await call('PATCH', { workingHours: { end: '20:00' } }, key, 'application/json')).json().workingHours).toEqual({ start: '12:00', end: '20:00' });
    expect((await call('PATCH', { handoverBusinessDays: null })).json().handoverBusinessDays).toBe(2);
    expect((await call('GET', undefined, otherKey)).json().timeZone).toBe('Europe/Copenhagen');
    const trail = await db.query<{ action: string }>("SELECT action FROM audit_log WHERE tenant_id = 'tokyo' AND action LIKE 'settings.%' ORDER BY id");
    expect(trail.rows.map((a) => a.action)).toContain('settings.change');
  });

  it('refuses a bad value in problem+json naming the field, and stores nothing', async () => {
    const zone = await call('PATCH', { timeZone: 'Mars/Olympus' });
    expect(zone.statusCode).toBe(422);
    expect(zone.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(zone.json().detail).toMatch(/^body timeZone: /);
    const hours = await call('PATCH', { workingHours: { start: '20:00', end: '12:00' } });
    expect(hours.statusCode).toBe(422);
    expect(hours.json().detail).toMatch(/^body workingHours/);
    const days = await call('PATCH', { workingDays: [1, 8] });
    expect(days.json().detail).toMatch(/^body workingDays\.1: /);
    expect((await call('PATCH', [1, 2])).statusCode).toBe(422);
    expect((await call('GET')).json()).toMatchObject({ timeZone: 'Asia/Tokyo', workingHours: { start: '12:00', end: '20:00' }, workingDays: [1, 2, 3, 4, 5] });
    expect((await app.inject({ method: 'GET', url: '/api/v1/settings' })).statusCode).toBe(401);
  });

  it('sends nudges and the digest in the municipality\'s own hours (12:00-20:00 Tokyo time)', async () => {
    await db.query("INSERT INTO departments (tenant_id, id, name, kind, head) VALUES ('tokyo', 'jobcenter', 'Jobcenter', 'jobcentre', 'p-head')");
    const person = (id: string, extra: object = {}) => upsertPerson(db, 'tokyo', { id, name: id, email: `${id}@example.dk`, department: 'jobcenter', chat: {}, availability: { status: 'active' }, ...extra });
    await person('p-coord', { teamLead: 'p-lead' });
    await person('p-lead');
    await person('p-head');
    const { id } = await upsertCase(db, 'tokyo', 'SAG-T1', { departments: ['jobcenter', 'familie'], participants: [{ person: 'p-coord', department: 'jobcenter', role: 'caseworker' }], openedAt: '2026-10-01T03:00:00Z' }, new Date('2026-10-01T03:00:00Z'));
    await recordConsent(db, id, { basis: 'consent', givenAt: '2026-10-01T03:00:00Z', departments: ['jobcenter', 'familie'] });
    await assignCoordinator(db, id, 'p-coord', new Date('2026-10-01T03:00:00Z'));
    clock = new Date('2026-12-01T12:00:00Z'); // Tuesday 21:00 in Tokyo: after its hours (Copenhagen's 13:00 would be within ours)
    await db.query('UPDATE cases SET last_activity_at = $2, next_check_at = $3 WHERE id = $1', [id, new Date('2026-11-02T03:00:00Z'), clock]);
    const scheduler = new StallScheduler({ db, now });
    expect((await scheduler.tick()).nudges).toBeGreaterThan(0);
    const nudge = (await db.query<{ next_attempt_at: Date }>("SELECT next_attempt_at FROM outbox WHERE tenant_id = 'tokyo' AND kind = 'nudge' ORDER BY id LIMIT 1")).rows[0]!;
    expect(new Date(nudge.next_attempt_at).toISOString()).toBe('2026-12-02T03:00:00.000Z'); // Wednesday 12:00 in Tokyo
    // The digest: Tuesday's (its hours had begun), delivered at Wednesday's 12:00; Wednesday's not
    // before 12:00 local, though Copenhagen's 08:00 has long passed for that date.
    const digests = async () => (await db.query<{ dedupe_key: string; next_attempt_at: Date }>("SELECT dedupe_key, next_attempt_at FROM outbox WHERE tenant_id = 'tokyo' AND kind = 'digest' ORDER BY id")).rows.map((d) => [d.dedupe_key, new Date(d.next_attempt_at).toISOString()]);
    expect(await digests()).toEqual([['digest:tokyo:p-lead:2026-12-01', '2026-12-02T03:00:00.000Z']]);
    clock = new Date('2026-12-02T02:30:00Z'); // 11:30 in Tokyo
    await scheduler.tick();
    expect(await digests()).toHaveLength(1);
    clock = new Date('2026-12-02T03:05:00Z'); // 12:05 in Tokyo
    await scheduler.tick();
    expect((await digests())[1]).toEqual(['digest:tokyo:p-lead:2026-12-02', '2026-12-02T03:05:00.000Z']);
  });
});
