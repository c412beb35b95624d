// Issue 24: stalls as the source documents name them, in the service. Time is driven forward
// across business days and closing days (24 December is the tenant's; 25 and 26 are holidays):
// a handover taken over in time and one not, an absence with a cover, a waiting intervention,
// and the done-when (twelve business days without activity and a change of caseworker
// three business days ago, not taken over: both reasons).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/http/app.js';
import { StallScheduler } from '../src/scheduler.js';
import { assignCoordinator, putDocument, recordConsent, upsertCase } from '../src/store/cases.js';
import type { Db } from '../src/store/db.js';
import { upsertPerson } from '../src/store/organisation.js';
import { createApiKey, createTenant } from '../src/store/tenants.js';
import { databases } from './databases.js';
import plan from '../../../examples/data/plan.json' with { type: 'json' };

const SECRET = 'test-secret-test-secret-test-secret-0123';
const TENANT = 'aarhus';

describe.each(databases)('issue 24 stall reasons in the service on $kind', ({ open }) => {
  let db: Db;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let key: string;
  let clock = new Date('2026-12-01T09:00:00Z');
  const now = () => clock;
  let scheduler: StallScheduler;

  beforeAll(async () => {
    ({ db, drop } = await open());
    await createTenant(db, { id: TENANT, name: 'Aarhus', closingDays: ['2026-12-24'] });
    key = await createApiKey(db, TENANT);
    await db.query("INSERT INTO departments (tenant_id, id, name, kind, head) VALUES ($1, 'jobcenter', 'Jobcenter', 'jobcentre', 'p-head')", [TENANT]);
    const person = (id: string, extra: object = {}) => upsertPerson(db, TENANT, { id, name: id, email: `${id}@example.dk`, department: 'jobcenter', chat: {}, availability: { status: 'active' }, ...extra });
    for (const id of ['p-coord', 'p-old', 'p-new', 'p-fam', 'p-owner', 'p-cover']) await person(id, { teamLead: 'p-lead' });
    await person('p-lead');
    await person('p-head');
    await person('p-away', { teamLead: 'p-lead', availability: { status: 'absent', since: '2026-12-01T07:00:00Z', until: '2027-01-15' } });
    app = await buildApp({ db, tokenSecret: SECRET, now, rateLimit: 1000 });
    scheduler = new StallScheduler({ db, now });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  const post = (url: string, body: unknown) => app.inject({ method: 'POST', url: `/api/v1${url}`, headers: { authorization: `Bearer ${key}` }, payload: body as object });

  /** A coordinated case with consent, its last activity at `lastActivity`. */
  async function seed(reference: string, lastActivity: string): Promise<string> {
    const { id } = await upsertCase(db, TENANT, reference, {
      departments: ['jobcenter', 'familie'],
      participants: [
        { person: 'p-old', department: 'jobcenter', role: 'caseworker' },
        { person: 'p-fam', department: 'familie', role: 'caseworker' },
      ],
      openedAt: '2026-10-01T08:00:00Z',
    }, clock);
    await recordConsent(db, id, { basis: 'consent', givenAt: '2026-10-01T08:00:00Z', departments: ['jobcenter', 'familie'] });
    await assignCoordinator(db, id, 'p-coord', new Date('2026-10-01T09:00:00Z'));
    await db.query('UPDATE cases SET last_activity_at = $2, next_check_at = $3 WHERE id = $1', [id, new Date(lastActivity), clock]);
    return id;
  }
  /** The open nudges of a case: their reasons and subjects. */
  const reasons = async (reference: string) =>
    (await db.query<{ reason: string; subject: string }>("SELECT n.reason, n.subject FROM nudges n JOIN cases c ON c.id = n.case_id WHERE c.reference = $1 AND n.status = 'open' ORDER BY n.reason, n.subject", [reference])).rows;
  const at = async (iso: string) => {
    clock = new Date(iso);
    await db.query("UPDATE cases SET next_check_at = $1 WHERE status = 'active'", [clock]);
    return scheduler.tick();
  };

  it('done when: twelve business days without activity and a change of caseworker three business days ago, not taken over, show both reasons', async () => {
    clock = new Date('2026-12-10T09:00:00Z'); // Thursday
    await seed('SAG-DONE', '2026-11-24T10:00:00Z'); // twelve business days before
    const changed = await post('/cases/SAG-DONE/activities', { kind: 'caseworker-changed', occurredAt: '2026-12-07T09:00:00Z', participant: { person: 'p-new', department: 'jobcenter', role: 'caseworker' }, previous: 'p-old' });
    expect(changed.statusCode).toBe(201);
    // The change does not move the no-activity clock; the new caseworker joined, the previous left.
    const row = (await db.query<{ last_activity_at: Date }>("SELECT last_activity_at FROM cases WHERE reference = 'SAG-DONE'")).rows[0]!;
    expect(new Date(row.last_activity_at).toISOString()).toBe('2026-11-24T10:00:00.000Z');
    const people = (await app.inject({ method: 'GET', url: '/api/v1/cases/SAG-DONE', headers: { authorization: `Bearer ${key}` } })).json().participants.map((p: { person: string }) => p.person);
    expect(people.sort()).toEqual(['p-fam', 'p-new']);
    await at('2026-12-10T09:00:00Z');
    expect(await reasons('SAG-DONE')).toEqual([
      { reason: 'stall.handover-pending', subject: 'p-new' },
      { reason: 'stall.no-activity', subject: '' },
    ]);
    // The messages carry codes and ids only.
    const messages = (await db.query<{ payload: Record<string, unknown> }>("SELECT payload FROM outbox WHERE kind = 'nudge' AND payload->>'caseReference' = 'SAG-DONE'")).rows;
    expect(messages.map((m) => m.payload.reason).sort()).toEqual(['stall.handover-pending', 'stall.no-activity']);
    expect(JSON.stringify(messages)).not.toMatch(/Sagsbehandlerskiftet|change of caseworker/);
  });

  it('a handover taken over in time stalls nothing; one that is not stalls after two business days, closing days not counted', async () => {
    clock = new Date('2026-12-14T09:00:00Z'); // Monday
    await seed('SAG-H1', '2026-12-14T09:00:00Z');
    await post('/cases/SAG-H1/activities', { kind: 'caseworker-changed', participant: { person: 'p-new', department: 'jobcenter', role: 'caseworker' }, previous: 'p-old', previousStaysInformed: true });
    clock = new Date('2026-12-15T10:00:00Z');
    expect((await post('/cases/SAG-H1/activities', { kind: 'caseworker-took-over', by: 'p-new' })).statusCode).toBe(201);
    await at('2026-12-17T09:00:00Z'); // Thursday: past the two business days
    expect(await reasons('SAG-H1')).toEqual([]);
    // The previous caseworker stays, informed.
    const participants = (await db.query<{ person: string; role: string }>("SELECT p.person, p.role FROM participants p JOIN cases c ON c.id = p.case_id WHERE c.reference = 'SAG-H1' ORDER BY p.person")).rows;
    expect(participants).toEqual([
      { person: 'p-fam', role: 'caseworker' },
      { person: 'p-new', role: 'caseworker' },
      { person: 'p-old', role: 'other' },
    ]);

    clock = new Date('2026-12-22T09:00:00Z'); // Tuesday before Christmas
    await seed('SAG-H2', '2026-12-22T09:00:00Z');
    await post('/cases/SAG-H2/activities', { kind: 'caseworker-changed', participant: { person: 'p-new', department: 'jobcenter', role: 'caseworker' } });
    // Some other activity, not by the new caseworker, takes nothing over.
    await post('/cases/SAG-H2/activities', { kind: 'meeting-held' });
    await at('2026-12-28T12:00:00Z'); // Monday: the 23rd and the 28th are its two business days (24th closed, 25th-27th not worked)
    expect(await reasons('SAG-H2')).toEqual([]);
    await at('2026-12-29T08:00:00Z'); // Tuesday 09:00
    expect(await reasons('SAG-H2')).toEqual([{ reason: 'stall.handover-pending', subject: 'p-new' }]);
    // Taken over late: the reason no longer holds and its nudge closes.
    await post('/cases/SAG-H2/activities', { kind: 'caseworker-took-over' });
    await at('2026-12-29T09:00:00Z');
    expect(await reasons('SAG-H2')).toEqual([]);
  });

  it('an absent owner of an active intervention stalls the case until someone covers; a waiting intervention stalls it too', async () => {
    clock = new Date('2026-12-02T09:00:00Z');
    const id = await seed('SAG-ABS', '2026-12-02T09:00:00Z');
    const interventions = [
      { ...plan.interventions[0]!, id: 'iv-a', owner: 'p-away', status: 'active', start: '2026-11-02', legalBasis: undefined },
      { ...plan.interventions[0]!, id: 'iv-w', owner: 'p-owner', status: 'planned', start: '2026-12-03', end: '2027-03-01' },
    ];
    await putDocument(db, 'plans', id, { ...plan, caseReference: 'SAG-ABS', interventions, followUps: [] }, 0);
    await at('2026-12-02T10:00:00Z');
    expect(await reasons('SAG-ABS')).toEqual([{ reason: 'stall.responsible-absent', subject: 'iv-a' }]);
    // The team lead is the one asked to name who covers.
    expect((await db.query<{ recipient: string }>("SELECT n.recipient FROM nudges n JOIN cases c ON c.id = n.case_id WHERE c.reference = 'SAG-ABS' AND n.reason = 'stall.responsible-absent'")).rows).toEqual([{ recipient: 'p-lead' }]);
    await at('2026-12-04T09:00:00Z'); // the day after iv-w's planned start, and it has not started
    expect(await reasons('SAG-ABS')).toEqual([
      { reason: 'stall.intervention-waiting', subject: 'iv-w' },
      { reason: 'stall.responsible-absent', subject: 'iv-a' },
    ]);
    // The team lead's digest counts the waiting per department and the interventions without a legal basis.
    const digest = (await db.query<{ payload: { items: { caseReference: string }[]; waiting: unknown; legalBasisMissing: number } }>("SELECT payload FROM outbox WHERE kind = 'digest' AND dedupe_key = 'digest:aarhus:p-lead:2026-12-04'")).rows[0]!.payload;
    expect(digest.waiting).toEqual([{ department: 'familie', interventions: 1, days: 1, longest: 1 }]);
    expect(digest.legalBasisMissing).toBe(1);
    expect(digest.items.map((i) => i.caseReference)).toContain('SAG-ABS');
    const cover = await post('/cases/SAG-ABS/covers', { person: 'p-away', by: 'p-cover', intervention: 'iv-a' });
    expect(cover.statusCode).toBe(201);
    expect(cover.json()).toMatchObject({ person: 'p-away', by: 'p-cover', intervention: 'iv-a', from: '2026-12-04T09:00:00.000Z' });
    expect((await post('/cases/SAG-ABS/covers', { person: 'p-away', by: 'p-away' })).statusCode).toBe(422);
    await at('2026-12-04T09:30:00Z');
    expect(await reasons('SAG-ABS')).toEqual([{ reason: 'stall.intervention-waiting', subject: 'iv-w' }]);
    const audited = (await db.query<{ action: string }>("SELECT action FROM audit_log WHERE case_reference = 'SAG-ABS' AND action = 'cover.record'")).rows;
    expect(audited).toHaveLength(1);
  });
});
