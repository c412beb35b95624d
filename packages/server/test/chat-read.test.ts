// A case as a person in chat reads it (issue 29: `status` in one statement): need to know,
// the audit entry either way, the people the card names, tenants apart; and PGlite's
// prepared statements behaving as PGlite's own `query` did.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignCoordinator, findCaseOverview, findCaseOverviewFor, upsertCase } from '../src/store/cases.js';
import { openDb, type Db } from '../src/store/db.js';
import { upsertPerson } from '../src/store/organisation.js';
import { linkReference } from '../src/store/references.js';
import { createTenant } from '../src/store/tenants.js';
import { UseCases } from '../src/usecases/index.js';
import { databases } from './databases.js';

const T = 'aarhus';
const chat = (id: string, tenant = T) => ({ tenant, kind: 'chat' as const, id });

describe.each(databases)('a case read from chat on $kind', ({ kind, open }) => {
  let db: Db;
  let url: string | undefined;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ db, url, drop } = await open());
    await createTenant(db, { id: T, name: 'Aarhus' });
    await createTenant(db, { id: 'odense', name: 'Odense' });
    for (const tenant of [T, 'odense']) {
      await db.query("INSERT INTO departments (tenant_id, id, name, kind, head) VALUES ($1, 'jobcenter', 'Jobcenter', 'other', 'head-job')", [tenant]);
      for (const id of ['case-job', 'coord', 'colleague', 'head-job']) {
        await upsertPerson(db, tenant, { id, name: `${id} i ${tenant}`, email: `${id}@${tenant}.example.dk`, department: 'jobcenter', chat: { teams: `29:${id}` }, availability: { status: 'active' } });
      }
    }
    await db.query("UPDATE departments SET head = NULL WHERE tenant_id = 'odense'");
    const c = await upsertCase(db, T, 'SAG-1', { departments: ['jobcenter'], participants: [{ person: 'case-job', department: 'jobcenter', role: 'caseworker' }] }, new Date('2026-11-02T13:00:00Z'));
    await assignCoordinator(db, c.id, 'coord', new Date('2026-11-02T14:00:00Z'));
    // Another case system's reference, linked to the same coordination (issue 26).
    await linkReference(db, T, c.id, 'FAM-77', 'familie-sag', 'api-key:k', new Date('2026-11-02T15:00:00Z'));
    // The other tenant has a case of the same reference, with nobody on it.
    await upsertCase(db, 'odense', 'SAG-1', { departments: [] }, new Date('2026-11-02T13:00:00Z'));
  }, 60_000);
  afterAll(async () => drop?.());

  const audited = async () =>
    (await db.query<{ tenant_id: string; actor: string; action: string; case_reference: string | null; detail: object }>('SELECT tenant_id, actor, action, case_reference, detail FROM audit_log ORDER BY id')).rows;

  it('gives one with a part in the case what the overview gives, the people it names, and audits the read', async () => {
    const before = (await audited()).length;
    const read = await findCaseOverviewFor(db, chat('case-job'), 'SAG-1', 'status', 'teams');
    const overview = await findCaseOverview(db, T, 'SAG-1');
    expect(read).toMatchObject({ id: overview!.id, case: overview!.case, coordination: overview!.coordination, nudges: overview!.nudges });
    expect(read!.people.map((p) => [p.id, p.name, p.chatId])).toEqual([
      ['case-job', 'case-job i aarhus', '29:case-job'],
      ['coord', 'coord i aarhus', '29:coord'],
    ]);
    // Any linked reference reaches it (audited under the reference asked by).
    expect((await findCaseOverviewFor(db, chat('case-job'), 'FAM-77', 'status', 'teams'))?.id).toBe(overview!.id);
    // The head of a department taking part has a part too.
    expect(await findCaseOverviewFor(db, chat('head-job'), 'SAG-1', 'status', 'teams')).toBeDefined();
    // The card shows the case's meetings: their read is audited with the case's.
    expect(read!.meetings).toEqual([]);
    expect((await audited()).slice(before)).toEqual([
      { tenant_id: T, actor: 'case-job', action: 'case.read', case_reference: 'SAG-1', detail: {} },
      { tenant_id: T, actor: 'case-job', action: 'meetings.read', case_reference: 'SAG-1', detail: {} },
      { tenant_id: T, actor: 'case-job', action: 'case.read', case_reference: 'FAM-77', detail: {} },
      { tenant_id: T, actor: 'case-job', action: 'meetings.read', case_reference: 'FAM-77', detail: {} },
      { tenant_id: T, actor: 'head-job', action: 'case.read', case_reference: 'SAG-1', detail: {} },
      { tenant_id: T, actor: 'head-job', action: 'meetings.read', case_reference: 'SAG-1', detail: {} },
    ]);
  });

  it('refuses one without a part, a case that does not exist and another tenant alike, each refusal audited with its gesture', async () => {
    const before = (await audited()).length;
    expect(await findCaseOverviewFor(db, chat('colleague'), 'SAG-1', 'status', 'teams')).toBeUndefined();
    expect(await findCaseOverviewFor(db, chat('case-job'), 'SAG-NONE', 'status', 'teams')).toBeUndefined();
    // The same person id in Odense has no part in Odense's SAG-1, and never reaches Aarhus's.
    expect(await findCaseOverviewFor(db, chat('case-job', 'odense'), 'SAG-1', 'plan.refresh', 'teams')).toBeUndefined();
    expect((await audited()).slice(before)).toEqual([
      { tenant_id: T, actor: 'colleague', action: 'access.denied', case_reference: 'SAG-1', detail: { gesture: 'status' } },
      { tenant_id: T, actor: 'case-job', action: 'access.denied', case_reference: 'SAG-NONE', detail: { gesture: 'status' } },
      { tenant_id: 'odense', actor: 'case-job', action: 'access.denied', case_reference: 'SAG-1', detail: { gesture: 'plan.refresh' } },
    ]);
  });

  it('the use case answers as the policy and the overview did: refused, or the case with its people', async () => {
    const useCases = new UseCases(db, () => new Date('2026-11-03T09:00:00Z'));
    expect(await useCases.caseOverviewFor(chat('colleague'), 'SAG-1', 'status', 'slack')).toMatchObject({ ok: false, reason: 'forbidden' });
    const read = await useCases.caseOverviewFor(chat('coord'), 'SAG-1', 'status', 'slack');
    const overview = await useCases.caseOverview({ tenant: T, kind: 'api-key', id: 'k' }, 'SAG-1');
    expect(read).toMatchObject({ ...overview, people: [{ id: 'case-job' }, { id: 'coord' }] });
    // A reference like a CPR number is refused and audited without it, as the policy does.
    const before = (await audited()).length;
    expect(await useCases.caseOverviewFor(chat('coord'), '010190-1234', 'status', 'slack')).toMatchObject({ ok: false });
    expect((await audited()).slice(before)).toEqual([{ tenant_id: T, actor: 'coord', action: 'access.denied', case_reference: null, detail: { gesture: 'status' } }]);
  });

  it('keeps the people a card names per tenant: read once, left out of the next read, forgotten when a person is saved', async () => {
    const useCases = new UseCases(db, () => new Date('2026-11-03T09:00:00Z'));
    const names = async (actor: ReturnType<typeof chat>, reference: string) => {
      const read = await useCases.caseOverviewFor(actor, reference, 'status', 'teams');
      return read.ok ? read.people.map((p) => [p.id, p.name, p.chatId]) : read;
    };
    const aarhus = [
      ['case-job', 'case-job i aarhus', '29:case-job'],
      ['coord', 'coord i aarhus', '29:coord'],
    ];
    expect(await names(chat('coord'), 'SAG-1')).toEqual(aarhus);
    // The store leaves out whom the caller knows already.
    expect((await findCaseOverviewFor(db, chat('coord'), 'SAG-1', 'status', 'teams', ['coord', 'someone']))!.people.map((p) => p.id)).toEqual(['case-job']);
    // A name changed behind this process's back (another instance) is not read again at once: it was kept.
    await db.query("UPDATE people SET name = 'changed elsewhere' WHERE tenant_id = $1 AND id = 'case-job'", [T]);
    expect(await names(chat('coord'), 'SAG-1')).toEqual(aarhus);
    // The same ids in another tenant are that tenant's people.
    await upsertCase(db, 'odense', 'SAG-2', { departments: ['jobcenter'], participants: [{ person: 'case-job', department: 'jobcenter', role: 'caseworker' }] }, new Date('2026-11-02T13:00:00Z'));
    expect(await names(chat('case-job', 'odense'), 'SAG-2')).toEqual([['case-job', 'case-job i odense', '29:case-job']]);
    // A person saved here is read again at the next card, as are the others of the tenant.
    await useCases.savePerson({ tenant: T, kind: 'api-key', id: 'k' }, { id: 'coord', name: 'Coord Ny', email: 'coord@aarhus.example.dk', department: 'jobcenter', chat: { teams: '29:coord' }, availability: { status: 'active' } });
    expect(await names(chat('coord'), 'SAG-1')).toEqual([
      ['case-job', 'changed elsewhere', '29:case-job'],
      ['coord', 'Coord Ny', '29:coord'],
    ]);
  });

  it('a statement kept prepared answers as any, again and again, and reads a changed table again', async () => {
    // On PostgreSQL one connection, so the statement prepared before the change is the one used after it.
    const one = url ? await openDb({ url, poolSize: 1 }) : db;
    try {
      const read = () => one.query<Record<string, unknown>>('SELECT * FROM tenants WHERE id = $1', [T], { prepared: true });
      for (let i = 0; i < 4; i++) expect((await read()).rows).toMatchObject([{ id: T, name: 'Aarhus' }]);
      // PostgreSQL refuses a kept plan whose columns changed (another instance's migration): read unprepared, then prepared anew.
      await one.query('ALTER TABLE tenants ADD COLUMN extra text');
      try {
        for (let i = 0; i < 4; i++) expect(Object.keys((await read()).rows[0]!)).toContain('extra');
      } finally {
        await one.query('ALTER TABLE tenants DROP COLUMN extra');
      }
      for (let i = 0; i < 4; i++) expect(Object.keys((await read()).rows[0]!)).not.toContain('extra');
    } finally {
      if (one !== db) await one.close();
    }
  });

  it.runIf(kind === 'pglite')('PGlite: a kept statement reads a changed table again, and a transaction whose statement failed is rolled back', async () => {
    const read = () => db.query<Record<string, unknown>>('SELECT * FROM tenants WHERE id = $1', [T]);
    expect(Object.keys((await read()).rows[0]!)).not.toContain('extra');
    await db.query('ALTER TABLE tenants ADD COLUMN extra text');
    try {
      expect(Object.keys((await read()).rows[0]!)).toContain('extra');
    } finally {
      await db.query('ALTER TABLE tenants DROP COLUMN extra');
    }
    expect(Object.keys((await read()).rows[0]!)).not.toContain('extra');
    // An error caught inside: the transaction is rolled back, and says so, as PGlite's own did.
    await expect(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO tenants (id, name) VALUES ('vejle', 'Vejle')");
        await tx.query('SELECT 1 / 0').catch(() => undefined);
      }),
    ).rejects.toMatchObject({ code: '25P02' });
    expect((await db.query("SELECT id FROM tenants WHERE id = 'vejle'")).rows).toEqual([]);
    // An error: thrown with PostgreSQL's code, the statement's text and its parameters.
    await expect(db.query('INSERT INTO tenants (id, name) VALUES ($1, $2)', [T, 'Aarhus'])).rejects.toMatchObject({ code: '23505', params: [T, 'Aarhus'] });
    // Parameters typed as PostgreSQL describes them: arrays, JSON, instants, numbers, booleans, null.
    const { rows } = await db.query<Record<string, unknown>>('SELECT $1::text[] AS a, $2::jsonb AS j, $3::timestamptz AS t, $4::int AS n, $5::boolean AS b, $6::text AS z', [
      ['x', 'y"z'],
      { k: [1, 2] },
      new Date('2026-11-02T13:00:00Z'),
      42,
      true,
      null,
    ]);
    expect(rows[0]).toEqual({ a: ['x', 'y"z'], j: { k: [1, 2] }, t: new Date('2026-11-02T13:00:00Z'), n: 42, b: true, z: null });
  });
});
