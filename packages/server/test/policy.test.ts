// The need-to-know rule itself, person by person, and what follows from it for the
// escalation ladder, the digests and what the outbox carries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessPolicy } from '../src/access.js';
import { memoryLog } from '../src/log.js';
import { LogPort } from '../src/outbox.js';
import { StallScheduler } from '../src/scheduler.js';
import { ladderOf } from '../src/store/access.js';
import { assignCoordinator, putDocument, recordConsent, upsertCase } from '../src/store/cases.js';
import type { Db } from '../src/store/db.js';
import { upsertPerson } from '../src/store/organisation.js';
import { createTenant } from '../src/store/tenants.js';
import { databases } from './databases.js';

const T = 'aarhus';

describe.each(databases)('the access policy on $kind', ({ open }) => {
  let db: Db;
  let drop: () => Promise<void>;
  let policy: AccessPolicy;
  let caseId: string;

  beforeAll(async () => {
    ({ db, drop } = await open());
    policy = new AccessPolicy(db);
    await createTenant(db, { id: T, name: 'Aarhus' });
    await createTenant(db, { id: 'odense', name: 'Odense' });
    for (const [id, name, head] of [['jobcenter', 'Jobcenter', 'head-job'], ['familie', 'Familie', 'head-fam'], ['sundhed', 'Sundhed', 'head-sund']] as const) {
      await db.query('INSERT INTO departments (tenant_id, id, name, kind, head) VALUES ($1, $2, $3, $4, $5)', [T, id, name, 'other', head]);
    }
    await db.query("INSERT INTO teams (tenant_id, id, name, department, lead) VALUES ($1, 'team-fam', 'Familieteam', 'familie', 'lead-fam-team'), ($1, 'team-sund', 'Sundhedsteam', 'sundhed', 'lead-sund-team')", [T]);
    const person = (id: string, department: string, extra: object = {}) => upsertPerson(db, T, { id, name: id, email: `${id}@example.dk`, department, chat: {}, availability: { status: 'active' }, ...extra });
    await person('case-job', 'jobcenter', { teamLead: 'lead-job' });
    await person('case-fam', 'familie', { team: 'team-fam' });
    await person('coord', 'jobcenter', { teamLead: 'lead-job' });
    await person('lead-job', 'jobcenter');
    await person('lead-fam-team', 'familie');
    await person('colleague-job', 'jobcenter', { teamLead: 'lead-job' });
    await person('sund-worker', 'sundhed', { teamLead: 'lead-sund' });
    await person('lead-sund', 'sundhed');
    const c = await upsertCase(db, T, 'SAG-1', {
      departments: ['jobcenter'],
      participants: [
        { person: 'case-job', department: 'jobcenter', role: 'caseworker' },
        { person: 'case-fam', department: 'familie', role: 'caseworker' },
      ],
      openedAt: '2026-10-01T08:00:00Z',
    }, new Date('2026-11-02T13:00:00Z'));
    caseId = c.id;
    await assignCoordinator(db, caseId, 'coord', new Date('2026-10-01T09:00:00Z'));
  }, 60_000);
  afterAll(async () => drop?.());

  it('lets in the participants, the coordinator, and the team leads and heads of the departments taking part; no one else', async () => {
    const everyone = ['case-job', 'case-fam', 'coord', 'lead-job', 'lead-fam-team', 'head-job', 'head-fam', 'colleague-job', 'sund-worker', 'lead-sund', 'lead-sund-team', 'head-sund', 'nobody'];
    const allowed = await policy.withPart(T, 'SAG-1', everyone);
    // jobcenter is the case's department, familie its participant's: both take part; sundhed does not.
    expect([...allowed].sort()).toEqual(['case-fam', 'case-job', 'coord', 'head-fam', 'head-job', 'lead-fam-team', 'lead-job'].sort());
    // Another tenant's case of the same reference lets no one of this tenant in, nor the case of another reference.
    expect((await policy.withPart('odense', 'SAG-1', everyone)).size).toBe(0);
    expect((await policy.withPart(T, 'SAG-NONE', everyone)).size).toBe(0);
  });

  it('a person in chat may act on the case only with a part in it; each refusal is audited, a CPR number as no reference', async () => {
    const chat = (id: string) => ({ tenant: T, kind: 'chat' as const, id });
    expect(await policy.mayActOn(chat('lead-fam-team'), 'SAG-1', 'status')).toBe(true);
    expect(await policy.mayActOn(chat('colleague-job'), 'SAG-1', 'status')).toBe(false);
    expect(await policy.mayActOn(chat('colleague-job'), '010190-1234', 'status')).toBe(false);
    expect(await policy.mayActOn({ tenant: T, kind: 'widget', id: 'u' }, 'SAG-1', 'x')).toBe(false);
    const { rows } = await db.query<{ actor: string; case_reference: string | null; detail: { gesture: string } }>("SELECT actor, case_reference, detail FROM audit_log WHERE action = 'access.denied' ORDER BY id");
    expect(rows).toEqual([
      { actor: 'colleague-job', case_reference: 'SAG-1', detail: { gesture: 'status' } },
      { actor: 'colleague-job', case_reference: null, detail: { gesture: 'status' } },
      { actor: 'u', case_reference: 'SAG-1', detail: { gesture: 'x' } },
    ]);
  });

  it('the escalation ladder reaches only people with a part in the case', async () => {
    expect(await ladderOf(db, T, caseId)).toEqual({ coordinator: 'coord', teamLead: 'lead-job', head: 'head-job' });
    // The coordinator moves to a department that does not take part, with a lead there: the ladder stays on the case.
    await upsertPerson(db, T, { id: 'coord', name: 'coord', email: 'coord@example.dk', department: 'sundhed', teamLead: 'lead-sund', chat: {}, availability: { status: 'active' } });
    expect(await ladderOf(db, T, caseId)).toEqual({ coordinator: 'coord', teamLead: 'lead-job', head: 'head-job' });
    await upsertPerson(db, T, { id: 'coord', name: 'coord', email: 'coord@example.dk', department: 'jobcenter', teamLead: 'lead-job', chat: {}, availability: { status: 'active' } });
  });

  it('the outbox carries codes, ids and dates, never the text that quotes an intervention', async () => {
    await recordConsent(db, caseId, { basis: 'consent', givenAt: '2026-10-01T08:00:00Z', departments: ['jobcenter', 'familie'] });
    const title = 'Samtaleforløb om angst og depression';
    await putDocument(db, 'plans', caseId, {
      caseReference: 'SAG-1', citizenWishes: 'Karen vil gerne arbejde med dyr', overallGoal: { kind: 'employment', description: 'Job' }, subGoals: [],
      interventions: [{ id: 'iv-1', title, department: 'familie', status: 'active', start: '2026-10-01', end: '2026-10-31', subGoals: [], dependsOn: [] }], followUps: [],
    }, 0);
    const scheduler = new StallScheduler({ db, now: () => new Date('2026-11-23T09:00:00Z') });
    await scheduler.tick();
    const { rows } = await db.query<{ kind: string; payload: Record<string, unknown> }>("SELECT kind, payload FROM outbox WHERE kind = 'nudge'");
    expect(rows.length).toBeGreaterThan(0);
    const overdue = rows.find((r) => r.payload.reason === 'stall.intervention-overdue')!;
    expect(overdue.payload).toMatchObject({ caseReference: 'SAG-1', reason: 'stall.intervention-overdue', subject: 'iv-1', step: 0 });
    expect(JSON.stringify(rows)).not.toContain('angst');
    expect(JSON.stringify(rows)).not.toContain('Karen');
  });

  it('the log port names kind, recipient and id, never the payload', async () => {
    const { log, lines } = memoryLog();
    await new LogPort(log).deliver({ id: '42', tenant: T, kind: 'nudge', recipient: 'coord', dedupeKey: 'k', attempts: 1, payload: { caseReference: 'SAG-1', reason: 'stall.no-activity', subject: '', since: '2026-11-20T08:00:00.000Z', step: 0 } });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ kind: 'nudge', recipient: 'coord', message: '42' });
    expect(lines[0]).not.toContain('SAG-1');
  });
});
