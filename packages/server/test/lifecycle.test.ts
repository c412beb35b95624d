// Data lifecycle: erasing a case leaves nothing of it in any table but the audit log's
// entries under a keyed hash; a tenant's retention erases closed cases in the scheduler;
// delivered messages are removed after 30 days.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { pseudonymKey, pseudonymOf } from '../src/usecases/erasure.js';
import { buildApp } from '../src/http/app.js';
import { memoryLog } from '../src/log.js';
import { StallScheduler } from '../src/scheduler.js';
import { claimThread, finishThread, recordThread } from '../src/store/chat.js';
import type { Db } from '../src/store/db.js';
import { createApiKey, createTenant } from '../src/store/tenants.js';
import { databases } from './databases.js';
import plan from '../../../examples/data/plan.json' with { type: 'json' };

const SECRET = 'lifecycle-secret-lifecycle-secret-0123';
const WISHES = 'Karen Testborger vil gerne have et fleksjob';

describe.each(databases)('the data lifecycle on $kind', ({ open }) => {
  let db: Db;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let key = '';
  let clock = new Date('2026-11-23T09:00:00Z');

  beforeAll(async () => {
    ({ db, drop } = await open());
    await createTenant(db, { id: 'aarhus', name: 'Aarhus' });
    await createTenant(db, { id: 'odense', name: 'Odense' });
    key = await createApiKey(db, 'aarhus');
    app = await buildApp({ db, tokenSecret: SECRET, now: () => clock, log: memoryLog().log });
  });
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  const call = (method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, body?: unknown, auth = key, headers: Record<string, string> = {}) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${auth}`, ...headers }, ...(body === undefined ? {} : { payload: body as object }) });

  /** Every row of every table of the schema, as text. */
  async function everything(): Promise<Record<string, string>> {
    const { rows } = await db.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'");
    const out: Record<string, string> = {};
    for (const { table_name } of rows) out[table_name] = JSON.stringify((await db.query(`SELECT * FROM ${table_name}`)).rows);
    return out;
  }

  /** A case with everything a case can have: plan, matrix, consent, coordinator, activities, a decision, a nudge, outbox rows, a chat place. */
  async function fullCase(reference: string, channel: string): Promise<void> {
    expect((await call('PUT', `/api/v1/cases/${reference}`, { departments: ['jobcenter', 'familie'], participants: [{ person: 'p-1', department: 'jobcenter', role: 'caseworker' }] })).statusCode).toBe(201);
    expect((await call('PUT', `/api/v1/cases/${reference}/plan`, { ...plan, caseReference: reference, citizenWishes: WISHES })).statusCode).toBe(201);
    expect((await call('PUT', `/api/v1/cases/${reference}/consent`, { basis: 'consent', givenAt: '2026-11-20T10:00:00+01:00', departments: ['jobcenter', 'familie'] })).statusCode).toBe(200);
    expect((await call('PUT', `/api/v1/cases/${reference}/coordinator`, { person: 'p-1', reason: 'ejer målet' })).statusCode).toBe(200);
    expect((await call('POST', `/api/v1/cases/${reference}/activities`, { kind: 'decision-requested', decision: { id: 'afg-1', department: 'familie' } })).statusCode).toBe(201);
    { const r = await call('POST', `/api/v1/cases/${reference}/coordination`); expect(r.statusCode, r.body).toBe(201); }
    const claim = await claimThread(db, 'aarhus', 'slack', reference, clock, 60_000);
    expect(claim?.claimed).toBe(true);
    await recordThread(db, 'aarhus', 'slack', reference, { channel, card: 'card-1' }, new Date(clock.getTime() + 60_000));
    await finishThread(db, 'aarhus', 'slack', reference);
    // A change of the plan tells the thread through the outbox; the scheduler writes a nudge (no activity for weeks).
    const etag = (await call('GET', `/api/v1/cases/${reference}/plan`)).headers.etag as string;
    expect((await call('PUT', `/api/v1/cases/${reference}/plan`, { ...plan, caseReference: reference, citizenWishes: `${WISHES}.` }, key, { 'if-match': etag })).statusCode).toBe(200);
  }

  it('erases a case: nothing of it in any table but the audit log, under a keyed hash; its chat place is told without naming it', async () => {
    await fullCase('SAG-ERASE-1', 'C0001');
    await fullCase('SAG-KEEP-1', 'C0002');
    clock = new Date('2026-12-30T09:00:00Z');
    await new StallScheduler({ db, now: () => clock }).tick();
    const before = await everything();
    expect(before.nudges).toContain('stall.');
    expect(before.outbox).toContain('SAG-ERASE-1');

    expect((await call('DELETE', '/api/v1/cases/SAG-ERASE-1')).statusCode).toBe(204);
    expect((await call('GET', '/api/v1/cases/SAG-ERASE-1')).statusCode).toBe(404);
    expect((await call('DELETE', '/api/v1/cases/SAG-ERASE-1')).statusCode).toBe(404);

    const after = await everything();
    for (const [table, rows] of Object.entries(after)) {
      expect(rows, table).not.toContain('SAG-ERASE-1');
      if (table !== 'plans') expect(rows, table).not.toContain('Karen');
    }
    // The other case is whole.
    expect(after.plans).toContain('SAG-KEEP-1');
    expect((await call('GET', '/api/v1/cases/SAG-KEEP-1')).statusCode).toBe(200);
    // The audit log: the case's earlier entries and the erasure, all under the pseudonym.
    const pseudonym = pseudonymOf(pseudonymKey(SECRET), 'aarhus', 'SAG-ERASE-1');
    const { rows: audit } = await db.query<{ action: string }>('SELECT action FROM audit_log WHERE tenant_id = $1 AND case_reference = $2 ORDER BY id', ['aarhus', pseudonym]);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['case.create', 'plan.write', 'consent.give', 'case.erase']));
    // The chat place gets a neutral notice and is closed, by the platform's ids alone.
    const { rows: notices } = await db.query<{ recipient: string; payload: unknown }>("SELECT recipient, payload FROM outbox WHERE kind = 'place-erased'");
    expect(notices).toEqual([{ recipient: 'thread:slack', payload: { channel: 'C0001', thread: null, card: 'card-1' } }]);
  });

  it('refuses erasure to a widget token and to another municipality', async () => {
    await fullCase('SAG-ERASE-2', 'C0003');
    const token = (await call('POST', '/api/v1/widget-tokens', { caseReference: 'SAG-ERASE-2', user: 'u-1', scope: 'plan' })).json().token as string;
    expect((await call('DELETE', '/api/v1/cases/SAG-ERASE-2', undefined, token)).statusCode).toBe(403);
    const other = await createApiKey(db, 'odense');
    expect((await call('DELETE', '/api/v1/cases/SAG-ERASE-2', undefined, other)).statusCode).toBe(404);
    expect((await call('GET', '/api/v1/cases/SAG-ERASE-2')).statusCode).toBe(200);
  });

  it('erases closed cases past their tenant\'s retention in the scheduler, and removes delivered messages after 30 days', async () => {
    await db.query("UPDATE tenants SET retention_days = 30 WHERE id = 'aarhus'");
    clock = new Date('2027-01-04T09:00:00Z');
    for (const reference of ['SAG-OLD', 'SAG-RECENT']) expect((await call('PUT', `/api/v1/cases/${reference}`, { departments: ['jobcenter'] })).statusCode).toBe(201);
    expect((await call('PUT', '/api/v1/cases/SAG-OLD', { status: 'closed' })).statusCode).toBe(200);
    clock = new Date('2027-01-25T09:00:00Z');
    expect((await call('PUT', '/api/v1/cases/SAG-RECENT', { status: 'closed' })).statusCode).toBe(200);
    await db.query(
      "INSERT INTO outbox (tenant_id, kind, recipient, payload, dedupe_key, next_attempt_at, status, sent_at) VALUES ('aarhus', 'digest', 'lead', '{\"date\":\"2026-12-01\",\"items\":[]}', 'old-sent', $1, 'sent', $1), ('aarhus', 'digest', 'lead', '{\"date\":\"2027-01-20\",\"items\":[]}', 'new-sent', $2, 'sent', $2)",
      [new Date('2026-12-01T08:00:00Z'), new Date('2027-01-20T08:00:00Z')],
    );
    clock = new Date('2027-02-04T10:00:00Z');
    const result = await new StallScheduler({ db, now: () => clock, pseudonymKey: pseudonymKey(SECRET) }).tick();
    expect(result.erased).toBeGreaterThanOrEqual(1);
    expect((await call('GET', '/api/v1/cases/SAG-OLD')).statusCode).toBe(404);
    expect((await call('GET', '/api/v1/cases/SAG-RECENT')).statusCode).toBe(200);
    const { rows: erasure } = await db.query<{ actor: string }>("SELECT actor FROM audit_log WHERE action = 'case.erase' AND case_reference = $1", [pseudonymOf(pseudonymKey(SECRET), 'aarhus', 'SAG-OLD')]);
    expect(erasure).toEqual([{ actor: 'retention' }]);
    const { rows: kept } = await db.query<{ dedupe_key: string }>("SELECT dedupe_key FROM outbox WHERE dedupe_key IN ('old-sent', 'new-sent')");
    expect(kept.map((k) => k.dedupe_key)).toEqual(['new-sent']);
    await db.query("UPDATE tenants SET retention_days = NULL WHERE id = 'aarhus'");
  });
});
