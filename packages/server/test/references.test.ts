// One plan per citizen however many case systems (issue 26): a coordination reached by each
// department's own case reference. Linking is an audited act of the plan coordinator or an API
// key; a reference belongs to one coordination only; a plan changed through one reference is the
// plan read through the other (and by a widget token for either); participants are replaced per
// system; erasure goes one reference at a time and takes the coordination with the last.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { AccessPolicy } from '../src/access.js';
import { buildApp } from '../src/http/app.js';
import { memoryLog } from '../src/log.js';
import type { Actor } from '../src/store/audit.js';
import type { Db } from '../src/store/db.js';
import { StallScheduler } from '../src/scheduler.js';
import { claimThread, finishThread, recordThread } from '../src/store/chat.js';
import { migrate } from '../src/store/migrate.js';
import { createApiKey, createTenant } from '../src/store/tenants.js';
import { pseudonymKey, pseudonymOf } from '../src/usecases/erasure.js';
import { UseCases } from '../src/usecases/index.js';
import { databases } from './databases.js';
import plan from '../../../examples/data/plan.json' with { type: 'json' };
import matrix from '../../../examples/data/matrix.json' with { type: 'json' };

const SECRET = 'references-secret-references-secret-0123';

describe.each(databases)('case references on $kind', ({ open }) => {
  let db: Db;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let jobKey = '';
  let famKey = '';
  let useCases: UseCases;
  let clock = new Date('2026-11-23T09:00:00Z');
  const chat = (id: string): Actor => ({ tenant: 'aarhus', kind: 'chat', id });

  beforeAll(async () => {
    ({ db, drop } = await open());
    await createTenant(db, { id: 'aarhus', name: 'Aarhus' });
    jobKey = await createApiKey(db, 'aarhus', 'jobcenter', null, 'job-sag');
    famKey = await createApiKey(db, 'aarhus', 'familie', null, 'familie-sag');
    app = await buildApp({ db, tokenSecret: SECRET, now: () => clock, rateLimit: 10_000, log: memoryLog().log });
    useCases = new UseCases(db, () => clock);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  const call = (method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, auth: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${auth}`, ...headers }, ...(body === undefined ? {} : { payload: body as object }) });
  const token = async (caseReference: string, scope: 'read' | 'plan') => (await call('POST', '/api/v1/widget-tokens', jobKey, { caseReference, user: 'widget-user', scope })).json().token as string;
  const people = (c: { participants: { person: string }[] }) => c.participants.map((p) => p.person).sort();

  it('links a second system\'s reference: either reaches the one coordination, its plan, matrix and people', async () => {
    expect(
      (await call('PUT', '/api/v1/cases/SAG-1', jobKey, { departments: ['jobcenter'], participants: [{ person: 'p-job', department: 'jobcenter', role: 'caseworker' }] })).statusCode,
    ).toBe(201);
    expect((await call('PUT', '/api/v1/cases/SAG-1/coordinator', jobKey, { person: 'p-job' })).statusCode).toBe(200);

    const linked = await call('POST', '/api/v1/cases/SAG-1/references', jobKey, { reference: 'FAM-1', system: 'familie-sag' });
    expect(linked.statusCode).toBe(201);
    expect(linked.json().references.map((r: { reference: string; system?: string }) => [r.reference, r.system])).toEqual([
      ['SAG-1', 'job-sag'],
      ['FAM-1', 'familie-sag'],
    ]);
    // Again: nothing changes.
    const again = await call('POST', '/api/v1/cases/SAG-1/references', jobKey, { reference: 'FAM-1', system: 'familie-sag' });
    expect([again.statusCode, again.json().linked]).toEqual([200, false]);

    // The family system writes through its own reference: the same coordination, not a new case.
    const fam = await call('PUT', '/api/v1/cases/FAM-1', famKey, { departments: ['jobcenter', 'familie'], participants: [{ person: 'p-fam', department: 'familie', role: 'caseworker' }] });
    expect(fam.statusCode).toBe(200);
    expect(fam.json().reference).toBe('SAG-1');
    const read = (await call('GET', '/api/v1/cases/FAM-1', famKey)).json();
    expect(read.reference).toBe('SAG-1');
    expect(people(read)).toEqual(['p-fam', 'p-job']);
    expect(read.coordinator.current).toBe('p-job');
    expect(read.references.map((r: { reference: string }) => r.reference)).toEqual(['SAG-1', 'FAM-1']);
    expect(read.references[1].linkedBy).toMatch(/^api-key:/);

    // A plan written through one reference is the plan read through the other.
    expect((await call('PUT', '/api/v1/cases/SAG-1/plan', jobKey, plan)).statusCode).toBe(201);
    const viaFam = await call('GET', '/api/v1/cases/FAM-1/plan', famKey);
    expect([viaFam.statusCode, viaFam.headers.etag]).toEqual([200, '"1"']);
  });

  it('a plan change through one reference is seen by the widget token of the other, and a token reaches the coordination by either', async () => {
    const famWidget = await token('FAM-1', 'plan');
    const changed = { ...plan, overallGoal: { ...plan.overallGoal, description: 'Fleksjob inden sommer' } };
    // Written by the family system's widget through FAM-1 …
    const put = await call('PUT', '/api/v1/cases/FAM-1/plan', famWidget, changed, { 'if-match': '"1"' });
    expect(put.statusCode).toBe(200);
    // … read by the jobcentre through SAG-1 and by a widget token for SAG-1.
    const viaJob = await call('GET', '/api/v1/cases/SAG-1/plan', jobKey);
    expect([viaJob.headers.etag, viaJob.json().overallGoal.description]).toEqual(['"2"', 'Fleksjob inden sommer']);
    const jobWidget = await token('SAG-1', 'read');
    expect((await call('GET', '/api/v1/cases/SAG-1/plan', jobWidget)).json().overallGoal.description).toBe('Fleksjob inden sommer');
    // The family widget's token through the jobcentre's reference: the same coordination.
    expect((await call('GET', '/api/v1/cases/SAG-1/plan', famWidget)).json().overallGoal.description).toBe('Fleksjob inden sommer');
    // Its scope still holds: a read token does not write through the other reference.
    expect((await call('PUT', '/api/v1/cases/FAM-1/plan', jobWidget, changed, { 'if-match': '"2"' })).statusCode).toBe(403);
    // A token for another coordination's reference is refused.
    expect((await call('PUT', '/api/v1/cases/SAG-9', jobKey, {})).statusCode).toBe(201);
    expect((await call('GET', '/api/v1/cases/SAG-9/plan', famWidget)).statusCode).toBe(403);
  });

  it("PUT …/participants through a reference replaces only that system's participants", async () => {
    const r = await call('PUT', '/api/v1/cases/FAM-1/participants', famKey, [{ person: 'p-fam-2', department: 'familie', role: 'caseworker' }]);
    expect(r.statusCode).toBe(200);
    expect(people(r.json())).toEqual(['p-fam-2', 'p-job']);
    const j = await call('PUT', '/api/v1/cases/SAG-1/participants', jobKey, [{ person: 'p-job', department: 'jobcenter', role: 'caseworker' }, { person: 'p-job-2', department: 'jobcenter', role: 'specialist' }]);
    expect(people(j.json())).toEqual(['p-fam-2', 'p-job', 'p-job-2']);
  });

  it('need to know follows the link: a person from either system has a part by either reference', async () => {
    // p-fam-2 came only through the family system's case; p-job-2 only through the jobcentre's.
    const p = new AccessPolicy(db);
    expect(await p.mayActOn(chat('p-fam-2'), 'SAG-1', 'test')).toBe(true);
    expect(await p.mayActOn(chat('p-job-2'), 'FAM-1', 'test')).toBe(true);
    expect(await p.mayActOn(chat('p-fam-2'), 'SAG-9', 'test')).toBe(false);
    for (const person of ['p-fam-2', 'p-job-2']) expect((await useCases.caseOverview(chat(person), 'FAM-1')).ok).toBe(true);
  });

  it('only the plan coordinator links from chat; anyone else gets the neutral refusal, audited', async () => {
    // No part at all, a participant who is not the coordinator, and a case that does not exist: the same words.
    const outsider = await useCases.linkReference(chat('p-outsider'), 'SAG-1', 'VOK-1', 'voksen-sag', 'link');
    const participant = await useCases.linkReference(chat('p-fam-2'), 'SAG-1', 'VOK-1', 'voksen-sag', 'link');
    const missing = await useCases.linkReference(chat('p-job'), 'SAG-NONE', 'VOK-1', 'voksen-sag', 'link');
    for (const r of [outsider, participant, missing]) expect(r).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(new Set([outsider, participant, missing].map((r) => (r.ok ? '' : r.detail.replace(/"[^"]*"/, '"…"')))).size).toBe(1);
    const { rows } = await db.query<{ actor: string }>("SELECT actor FROM audit_log WHERE action = 'access.denied' AND detail->>'gesture' LIKE 'link%' ORDER BY id");
    expect(rows.map((r) => r.actor)).toEqual(['p-outsider', 'p-fam-2', 'p-job']);
    expect((await call('GET', '/api/v1/cases/VOK-1', jobKey)).statusCode).toBe(404);
    // The coordinator links.
    const done = await useCases.linkReference(chat('p-job'), 'FAM-1', 'VOK-1', 'voksen-sag', 'link');
    expect(done.ok && done.references.map((r) => r.reference)).toEqual(['SAG-1', 'FAM-1', 'VOK-1']);
  });

  it('a reference linked to another coordination is refused: 409 for an API key, the neutral refusal in chat', async () => {
    const r = await call('POST', '/api/v1/cases/SAG-9/references', jobKey, { reference: 'FAM-1', system: 'familie-sag' });
    expect(r.statusCode).toBe(409);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await call('GET', '/api/v1/cases/FAM-1', jobKey)).json().reference).toBe('SAG-1');
    expect((await call('PUT', '/api/v1/cases/SAG-9/coordinator', jobKey, { person: 'p-nine' })).statusCode).toBe(200);
    const inChat = await useCases.linkReference(chat('p-nine'), 'SAG-9', 'FAM-1', undefined, 'link');
    const nowhere = await useCases.linkReference(chat('p-outsider'), 'SAG-9', 'FAM-1', undefined, 'link');
    expect(inChat).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(!inChat.ok && !nowhere.ok && inChat.detail.replace(/"[^"]*"/, '') === nowhere.detail.replace(/"[^"]*"/, '')).toBe(true);
    // Bodies are declared: an unknown field, a CPR number, a bad label.
    expect((await call('POST', '/api/v1/cases/SAG-9/references', jobKey, { reference: 'X-1', extra: 1 })).statusCode).toBe(422);
    expect((await call('POST', '/api/v1/cases/SAG-9/references', jobKey, { reference: '010190-1234' })).statusCode).toBe(422);
    expect((await call('POST', '/api/v1/cases/SAG-9/references', jobKey, { reference: 'X-1', system: 'a b' })).statusCode).toBe(422);
  });

  it('the link routes are in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(Object.keys(doc.paths['/cases/{reference}/references'])).toContain('post');
    expect(Object.keys(doc.paths['/cases/{reference}/references/{other}'])).toContain('delete');
  });

  it('a write through a key with a system label records it', async () => {
    const { rows } = await db.query<{ detail: { keySystem?: string } }>("SELECT detail FROM audit_log WHERE action = 'participants.write' ORDER BY id");
    expect(rows.map((r) => r.detail.keySystem)).toEqual(['familie-sag', 'job-sag']);
    // A person in chat carries no key's label.
    const denied = await db.query<{ detail: { keySystem?: string } }>("SELECT detail FROM audit_log WHERE action = 'access.denied'");
    expect(denied.rows.length).toBeGreaterThan(0);
    expect(denied.rows.filter((r) => r.detail.keySystem !== undefined)).toEqual([]);
  });

  it('unlinking keeps the history; its participants leave; the last reference is not unlinked', async () => {
    expect((await call('DELETE', '/api/v1/cases/SAG-1/references/VOK-1', jobKey)).statusCode).toBe(204);
    expect((await call('GET', '/api/v1/cases/VOK-1', jobKey)).statusCode).toBe(404);
    const { rows } = await db.query<{ reference: string; unlinked_by: string | null }>("SELECT reference, unlinked_by FROM case_references WHERE reference = 'VOK-1'");
    expect(rows).toHaveLength(1);
    expect(rows[0]!.unlinked_by).toMatch(/^api-key:/);
    expect((await call('DELETE', '/api/v1/cases/SAG-9/references/SAG-9', jobKey)).statusCode).toBe(409);
    expect((await call('DELETE', '/api/v1/cases/SAG-9/references/FAM-1', jobKey)).statusCode).toBe(404);
  });

  it('erasure through one reference unlinks it and erases what came only through it; the last takes the coordination and every reference', async () => {
    const key = pseudonymKey(SECRET);
    expect((await call('DELETE', '/api/v1/cases/FAM-1', jobKey)).statusCode).toBe(204);
    expect((await call('GET', '/api/v1/cases/FAM-1', jobKey)).statusCode).toBe(404);
    const left = (await call('GET', '/api/v1/cases/SAG-1', jobKey)).json();
    expect(left.references.map((r: { reference: string }) => r.reference)).toEqual(['SAG-1']);
    expect(people(left)).toEqual(['p-job', 'p-job-2']);
    expect((await call('GET', '/api/v1/cases/SAG-1/plan', jobKey)).statusCode).toBe(200);
    const famTrace = await db.query("SELECT 1 FROM audit_log WHERE case_reference = 'FAM-1' UNION ALL SELECT 1 FROM case_references WHERE reference = 'FAM-1'");
    expect(famTrace.rows).toHaveLength(0);
    expect((await db.query('SELECT 1 FROM audit_log WHERE case_reference = $1', [pseudonymOf(key, 'aarhus', 'FAM-1')])).rows.length).toBeGreaterThan(0);

    // The last reference: the coordination, its plan and every reference it ever had (VOK-1, unlinked, too).
    const id = (await db.query<{ id: string }>("SELECT id::text AS id FROM cases WHERE reference = 'SAG-1'")).rows[0]!.id;
    expect((await call('DELETE', '/api/v1/cases/SAG-1', jobKey)).statusCode).toBe(204);
    for (const table of ['cases', 'plans', 'participants', 'case_references']) {
      expect((await db.query(`SELECT 1 FROM ${table} WHERE ${table === 'cases' ? 'id' : 'case_id'} = $1`, [id])).rows, table).toHaveLength(0);
    }
    expect((await db.query("SELECT case_reference FROM audit_log WHERE case_reference IN ('SAG-1', 'FAM-1', 'VOK-1')")).rows).toEqual([]);
    expect((await call('GET', '/api/v1/cases/SAG-1', jobKey)).statusCode).toBe(404);
  });

  it("retention erases a closed coordination through each of its references, the last taking it", async () => {
    await db.query("UPDATE tenants SET retention_days = 30 WHERE id = 'aarhus'");
    expect((await call('PUT', '/api/v1/cases/SAG-R', jobKey, { departments: ['jobcenter'] })).statusCode).toBe(201);
    expect((await call('POST', '/api/v1/cases/SAG-R/references', jobKey, { reference: 'FAM-R', system: 'familie-sag' })).statusCode).toBe(201);
    expect((await call('PUT', '/api/v1/cases/FAM-R', famKey, { status: 'closed' })).statusCode).toBe(200);
    const id = (await db.query<{ id: string }>("SELECT id::text AS id FROM cases WHERE reference = 'SAG-R'")).rows[0]!.id;
    const later = new Date(clock.getTime() + 40 * 86_400_000);
    const result = await new StallScheduler({ db, now: () => later, pseudonymKey: pseudonymKey(SECRET) }).tick();
    expect(result.erased).toBe(2);
    for (const reference of ['SAG-R', 'FAM-R']) expect((await call('GET', `/api/v1/cases/${reference}`, jobKey)).statusCode).toBe(404);
    expect((await db.query('SELECT 1 FROM cases WHERE id = $1', [id])).rows).toHaveLength(0);
    expect((await db.query("SELECT 1 FROM audit_log WHERE case_reference IN ('SAG-R', 'FAM-R')")).rows).toHaveLength(0);
    await db.query("UPDATE tenants SET retention_days = NULL WHERE id = 'aarhus'");
  });

  it('joins two existing coordinations by the merge rules; the other becomes read-only history and its chat place is closed with a pointer', async () => {
    // The family department's coordination, older: its coordinator assigned first.
    expect((await call('PUT', '/api/v1/cases/FAM-J', famKey, { departments: ['familie'], participants: [{ person: 'p-fam-j', department: 'familie', role: 'caseworker' }] })).statusCode).toBe(201);
    expect((await call('PUT', '/api/v1/cases/FAM-J/coordinator', famKey, { person: 'p-fam-j' })).statusCode).toBe(200);
    expect((await call('PUT', '/api/v1/cases/FAM-J/consent', famKey, { basis: 'consent', givenAt: '2026-11-01T09:00:00Z', departments: ['familie', 'psykiatri'] })).statusCode).toBe(200);
    expect((await call('PUT', '/api/v1/cases/FAM-J/plan', famKey, plan)).statusCode).toBe(201);
    expect((await call('PUT', '/api/v1/cases/FAM-J/matrix', famKey, matrix)).statusCode).toBe(201);
    const claim = await claimThread(db, 'aarhus', 'slack', 'FAM-J', clock, 60_000);
    expect(claim?.claimed).toBe(true);
    await recordThread(db, 'aarhus', 'slack', 'FAM-J', { channel: 'C0FAMJ', card: 'card-j' }, new Date(clock.getTime() + 60_000));
    await finishThread(db, 'aarhus', 'slack', 'FAM-J');
    clock = new Date(clock.getTime() + 86_400_000);
    // The jobcentre's, later.
    expect((await call('PUT', '/api/v1/cases/JOB-J', jobKey, { departments: ['jobcenter', 'familie'], participants: [{ person: 'p-job-j', department: 'jobcenter', role: 'caseworker' }] })).statusCode).toBe(201);
    expect((await call('PUT', '/api/v1/cases/JOB-J/coordinator', jobKey, { person: 'p-job-j' })).statusCode).toBe(200);
    expect((await call('PUT', '/api/v1/cases/JOB-J/consent', jobKey, { basis: 'consent', givenAt: '2026-11-02T09:00:00Z', departments: ['jobcenter', 'familie'] })).statusCode).toBe(200);
    expect((await call('PUT', '/api/v1/cases/JOB-J/plan', jobKey, plan)).statusCode).toBe(201);

    // A person with a part in only one of the two may not join them; neither may a link.
    expect(await useCases.joinCoordinations(chat('p-job-j'), 'JOB-J', 'FAM-J')).toMatchObject({ ok: false, reason: 'forbidden' });
    expect((await call('POST', '/api/v1/cases/JOB-J/references', jobKey, { reference: 'FAM-J' })).statusCode).toBe(409);

    const joined = await call('POST', '/api/v1/cases/JOB-J/joins', jobKey, { reference: 'FAM-J' });
    expect(joined.statusCode).toBe(200);
    const { merged } = joined.json();
    // The earlier coordinator stays; consent is the intersection; the matrix came from the other; both plans' interventions are kept, for review.
    expect(merged.coordinator).toEqual({ kept: 'p-job-j', other: 'p-fam-j', now: 'p-fam-j', named: false });
    expect(merged.consent).toEqual(['familie']);
    expect(merged.matrix).toBe('other');
    expect(merged.references).toEqual(['FAM-J']);
    expect(merged.review).toHaveLength(plan.interventions.length * 2);
    expect(Object.keys(merged.renamed).length).toBeGreaterThan(0);

    const read = (await call('GET', '/api/v1/cases/FAM-J', famKey)).json();
    expect(read.reference).toBe('JOB-J');
    expect(read.references.map((r: { reference: string }) => r.reference)).toEqual(['JOB-J', 'FAM-J']);
    expect(people(read)).toEqual(['p-fam-j', 'p-job-j']);
    expect(read.coordinator.current).toBe('p-fam-j');
    expect(read.consent.departments).toEqual(['familie']);
    expect([...read.departments].sort()).toEqual(['familie', 'jobcenter']);
    const onePlan = await call('GET', '/api/v1/cases/FAM-J/plan', famKey);
    expect([onePlan.headers.etag, onePlan.json().interventions.length]).toEqual(['"2"', plan.interventions.length * 2]);
    expect((await call('GET', '/api/v1/cases/JOB-J/matrix', jobKey)).statusCode).toBe(200);
    // The other is history: no reference reaches it, the case list leaves it out, the merge is recorded.
    const history = await db.query<{ reference: string; status: string; merged_into: string }>("SELECT reference, status, merged_into::text AS merged_into FROM cases WHERE reference LIKE 'merged:%FAM-J'");
    expect(history.rows).toHaveLength(1);
    expect(history.rows[0]!.status).toBe('closed');
    const listed = (await call('GET', '/api/v1/cases', jobKey)).json().cases.map((c: { reference: string }) => c.reference);
    expect(listed.filter((r: string) => r.startsWith('merged:'))).toEqual([]);
    expect((await db.query("SELECT detail->>'from' AS from FROM case_merges")).rows).toEqual([{ from: 'FAM-J' }]);
    // Its chat place is closed with a pointer to the one that remains.
    const { rows: closing } = await db.query<{ payload: { channel: string; mergedInto: string } }>("SELECT payload FROM outbox WHERE kind = 'place-erased' AND payload ? 'mergedInto'");
    expect(closing.map((r) => [r.payload.channel, r.payload.mergedInto])).toEqual([['C0FAMJ', 'JOB-J']]);
    // Joined already: 409.
    expect((await call('POST', '/api/v1/cases/JOB-J/joins', jobKey, { reference: 'FAM-J' })).statusCode).toBe(409);

    // Erased with the last reference: the history too.
    expect((await call('DELETE', '/api/v1/cases/JOB-J', jobKey)).statusCode).toBe(204);
    expect((await call('DELETE', '/api/v1/cases/FAM-J', jobKey)).statusCode).toBe(204);
    expect((await db.query("SELECT 1 FROM cases WHERE reference LIKE '%-J'")).rows).toHaveLength(0);
    expect((await db.query('SELECT 1 FROM case_merges')).rows).toHaveLength(0);
  });

  it('the migration gives every existing case its reference as the first', async () => {
    expect((await call('PUT', '/api/v1/cases/OLD-1', jobKey, {})).statusCode).toBe(201);
    await db.query("DELETE FROM case_references WHERE reference = 'OLD-1'");
    expect((await call('GET', '/api/v1/cases/OLD-1', jobKey)).statusCode).toBe(404);
    await db.query("DELETE FROM schema_migrations WHERE name = '014_case_references.sql'");
    expect(await migrate(db)).toEqual(['014_case_references.sql']);
    const read = await call('GET', '/api/v1/cases/OLD-1', jobKey);
    expect(read.statusCode).toBe(200);
    expect(read.json().references).toMatchObject([{ reference: 'OLD-1', linkedBy: 'system:migration' }]);
  });
});
