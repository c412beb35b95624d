// Issue 25, the service: a meeting booked through the API and from the plan card (a widget token
// of scope plan), its .ics and agenda, its outcome (a joint decision confirmed by two departments
// one after the other, two actions through the plan's version check, the next follow-up), the
// reminders of a joint decision to the departments still missing, and a disagreement routed to the
// agreed decider, nudged past its deadline and resolved. On both databases; what goes to chat is
// scanned for the citizen's words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/http/app.js';
import { StallScheduler } from '../src/scheduler.js';
import { assignCoordinator, putDocument, recordConsent, upsertCase } from '../src/store/cases.js';
import type { Db } from '../src/store/db.js';
import { upsertPerson } from '../src/store/organisation.js';
import { createApiKey, createTenant } from '../src/store/tenants.js';
import { UseCases } from '../src/usecases/index.js';
import { databases } from './databases.js';
import plan from '../../../examples/data/plan.json' with { type: 'json' };
import matrix from '../../../examples/data/matrix.json' with { type: 'json' };

const SECRET = 'test-secret-test-secret-test-secret-0123';
const TENANT = 'aarhus';
const REF = 'SAG-2026-0412';

describe.each(databases)('issue 25 meetings, decisions and disagreements on $kind', ({ open }) => {
  let db: Db;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let key: string;
  let clock = new Date('2026-12-07T09:00:00Z'); // a Monday
  const now = () => clock;
  let scheduler: StallScheduler;
  let useCases: UseCases;
  const chat = (id: string) => ({ tenant: TENANT, kind: 'chat' as const, id });

  beforeAll(async () => {
    ({ db, drop } = await open());
    await createTenant(db, { id: TENANT, name: 'Aarhus' });
    key = await createApiKey(db, TENANT);
    for (const [id, head] of [['jobcenter', 'p-head-job'], ['familie', 'p-head-fam'], ['psykiatri', null]]) {
      await db.query('INSERT INTO departments (tenant_id, id, name, kind, head) VALUES ($1, $2, $2, $3, $4)', [TENANT, id, id === 'jobcenter' ? 'jobcentre' : 'other', head]);
    }
    const person = (id: string, department: string, extra: object = {}) =>
      upsertPerson(db, TENANT, { id, name: id, email: `${id}@example.dk`, department, chat: {}, availability: { status: 'active' }, ...extra });
    await person('p-job-1', 'jobcenter', { teamLead: 'p-lead' });
    await person('p-job-2', 'jobcenter', { teamLead: 'p-lead' });
    await person('p-familie-1', 'familie');
    await person('p-psyk-1', 'psykiatri');
    await person('p-lead', 'jobcenter');
    await person('p-head-job', 'jobcenter');
    await person('p-head-fam', 'familie');
    await person('p-outsider', 'familie');
    const { id } = await upsertCase(db, TENANT, REF, {
      departments: ['jobcenter', 'familie', 'psykiatri'],
      participants: [
        { person: 'p-job-1', department: 'jobcenter', role: 'caseworker' },
        { person: 'p-job-2', department: 'jobcenter', role: 'specialist' },
        { person: 'p-familie-1', department: 'familie', role: 'caseworker' },
        { person: 'p-psyk-1', department: 'psykiatri', role: 'specialist' },
      ],
      openedAt: '2026-10-01T08:00:00Z',
    }, clock);
    await recordConsent(db, id, { basis: 'consent', givenAt: '2026-10-01T08:00:00Z', departments: ['jobcenter', 'familie', 'psykiatri'] });
    await assignCoordinator(db, id, 'p-job-1', new Date('2026-10-01T09:00:00Z'));
    await putDocument(db, 'plans', id, plan, 0);
    await putDocument(db, 'matrices', id, matrix, 0);
    app = await buildApp({ db, tokenSecret: SECRET, now, rateLimit: 1000 });
    scheduler = new StallScheduler({ db, now });
    useCases = new UseCases(db, now);
    const settings = await app.inject({ method: 'PATCH', url: '/api/v1/settings', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/merge-patch+json' }, payload: JSON.stringify({ rooms: [{ id: 'lok-1', name: 'Mødelokale 1, Rådhuset' }, { id: 'lok-2', name: 'Lokale 2' }] }) });
    expect(settings.statusCode).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  const call = (method: 'GET' | 'POST', url: string, body?: unknown, bearer = key) =>
    app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${bearer}` }, ...(body === undefined ? {} : { payload: body as object }) });
  const outbox = async (kind: string) =>
    (await db.query<{ recipient: string; payload: Record<string, unknown> }>('SELECT recipient, payload FROM outbox WHERE kind = $1 ORDER BY id', [kind])).rows;
  const nudges = async (reason: string) =>
    (await db.query<{ id: string; subject: string; status: string; recipient: string }>('SELECT id::text, subject, status, recipient FROM nudges WHERE reason = $1 ORDER BY id', [reason])).rows;
  const tick = async (iso: string) => {
    clock = new Date(iso);
    await db.query("UPDATE cases SET next_check_at = $1 WHERE status = 'active'", [clock]);
    return scheduler.tick();
  };
  /** Nothing sent to chat carries the citizen's words, an intervention's or a goal's title, or the disagreement rule's text. */
  const privacyScan = async () => {
    const sent = JSON.stringify((await db.query('SELECT payload FROM outbox')).rows);
    for (const text of [plan.citizenWishes, plan.overallGoal.description, ...plan.subGoals.map((g) => g.title), ...plan.interventions.map((i) => i.title), matrix.disagreement.rule]) {
      expect(sent).not.toContain(text.slice(0, 30));
    }
    expect(sent).not.toMatch(/\d{6}-?\d{4}/);
  };

  it('books a meeting through the API: the first room by default, the case people invited, each sent the agenda as chat carries it', async () => {
    const r = await call('POST', `/cases/${REF}/meetings`, { startsAt: '2026-12-10T09:00:00Z' });
    expect(r.statusCode, r.body).toBe(201);
    const { meeting, agenda } = r.json();
    expect(meeting).toMatchObject({ id: 'M-1', state: 'booked', place: { kind: 'room', id: 'lok-1' }, endsAt: '2026-12-10T10:00:00.000Z', citizenInvited: true });
    expect([...meeting.invited].sort()).toEqual(['p-familie-1', 'p-job-1', 'p-job-2', 'p-psyk-1']);
    expect(agenda.sections[0]).toEqual({ kind: 'citizen-wishes', marker: true });
    const invitations = await outbox('meeting-invitation');
    expect(invitations.map((m) => m.recipient).sort()).toEqual(['p-familie-1', 'p-job-1', 'p-job-2', 'p-psyk-1']);
    expect(invitations[0]!.payload).toMatchObject({ caseReference: REF, meetingId: 'M-1', chair: 'p-job-1', place: { kind: 'room', id: 'lok-1', name: 'Mødelokale 1, Rådhuset' } });
    await privacyScan();
    const audited = await db.query("SELECT actor_kind FROM audit_log WHERE action = 'meeting.book' AND case_reference = $1", [REF]);
    expect(audited.rows).toEqual([{ actor_kind: 'api-key' }]);
  });

  it('books from the plan card with a widget token of scope plan (its user recorded); a read-only token and another case are refused', async () => {
    const token = async (scope: string, caseReference = REF) => (await call('POST', '/widget-tokens', { caseReference, user: 'vendor-user-7', scope })).json().token as string;
    const plan = await token('plan');
    const r = await call('POST', `/cases/${REF}/meetings`, { startsAt: '2026-12-17T09:00:00Z', place: { kind: 'link', url: 'https://meet.example.dk/abc' }, chair: 'p-familie-1', minutesBy: 'p-job-2' }, plan);
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().meeting).toMatchObject({ id: 'M-2', place: { kind: 'link' }, chair: 'p-familie-1', minutesBy: 'p-job-2' });
    const audited = await db.query<{ actor_kind: string; actor: string }>("SELECT actor_kind, actor FROM audit_log WHERE action = 'meeting.book' ORDER BY id DESC LIMIT 1");
    expect(audited.rows[0]).toEqual({ actor_kind: 'widget', actor: 'vendor-user-7' });
    expect((await call('POST', `/cases/${REF}/meetings`, { startsAt: '2026-12-18T09:00:00Z' }, await token('read'))).statusCode).toBe(403);
    await upsertCase(db, TENANT, 'SAG-OTHER', { departments: ['jobcenter'] }, clock);
    expect((await call('POST', `/cases/${REF}/meetings`, { startsAt: '2026-12-18T09:00:00Z' }, await token('plan', 'SAG-OTHER'))).statusCode).toBe(403);
  });

  it('refuses bad bookings with problem+json naming the field', async () => {
    const problem = async (body: unknown) => {
      const r = await call('POST', `/cases/${REF}/meetings`, body);
      expect(r.headers['content-type']).toContain('application/problem+json');
      return { status: r.statusCode, detail: r.json().detail as string };
    };
    expect(await problem({ startsAt: '2026-12-18T09:00:00Z', place: { kind: 'room', id: 'lok-9' } })).toMatchObject({ status: 422, detail: expect.stringContaining('place.id') });
    expect(await problem({ startsAt: '2026-12-18T09:00:00Z', invited: ['p-job-1', 'p-outsider'] })).toMatchObject({ status: 403, detail: expect.stringContaining('invited[1]') });
    expect(await problem({ startsAt: '2026-12-01T09:00:00Z' })).toMatchObject({ status: 422, detail: expect.stringContaining('startsAt') });
    expect(await problem({ startsAt: '2026-12-18T09:00:00Z', endsAt: '2026-12-18T08:00:00Z' })).toMatchObject({ status: 422, detail: expect.stringContaining('endsAt') });
    expect(await problem({ startsAt: '2026-12-18T09:00:00Z', place: { kind: 'text', text: 'Hos borgeren' } })).toMatchObject({ status: 422, detail: expect.stringContaining('place') });
    expect(await problem({ startsAt: '2026-12-18T09:00:00Z', note: 'fri tekst' })).toMatchObject({ status: 422, detail: expect.stringContaining('note') });
  });

  it('offers the meeting as an .ics file and the agenda with the citizen\'s wishes first (for the case system)', async () => {
    const ics = await call('GET', `/cases/${REF}/meetings/M-1/ics`);
    expect(ics.statusCode).toBe(200);
    expect(ics.headers['content-type']).toContain('text/calendar');
    expect(ics.body).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(ics.body).toContain(`SUMMARY;LANGUAGE=da:Netværksmøde ${REF}`);
    expect(ics.body).toContain('DTSTART:20261210T090000Z');
    expect(ics.body).toContain('LOCATION:Mødelokale 1\\, Rådhuset');
    expect((await call('GET', `/cases/${REF}/meetings/M-9/ics`)).statusCode).toBe(404);
    const agenda = (await call('GET', `/cases/${REF}/agenda`)).json();
    expect(agenda.sections.map((s: { kind: string }) => s.kind)).toEqual(['citizen-wishes', 'sub-goals-due', 'interventions', 'decisions-awaited', 'matrix-findings', 'stall-reasons']);
    expect(agenda.sections[0].wishes).toBe(plan.citizenWishes);
    expect(JSON.stringify(agenda.forChat)).not.toContain(plan.citizenWishes.slice(0, 20));
  });

  it('a joint decision awaited reminds the departments still missing, each with its department', async () => {
    expect((await call('POST', `/cases/${REF}/activities`, { kind: 'decision-requested', occurredAt: '2026-11-20T09:00:00Z', decision: { id: 'd-1', departments: ['jobcenter', 'familie'] } })).statusCode).toBe(201);
    expect((await call('POST', `/cases/${REF}/activities`, { kind: 'decision-requested', decision: { id: 'd-2' } })).json().detail).toContain('departments');
    await tick('2026-12-07T10:00:00Z');
    const [nudge] = await nudges('stall.decision-awaited');
    expect(nudge).toMatchObject({ subject: 'd-1', status: 'open' });
    const reminders = (await outbox('nudge')).filter((m) => m.payload.reason === 'stall.decision-awaited');
    expect(reminders.map((m) => [m.recipient, m.payload.department]).sort()).toEqual([['p-familie-1', 'familie'], ['p-job-1', 'jobcenter']]);
  });

  it('records the outcome: jobcenter decides at the meeting, two actions through the plan version check, the next follow-up; familie is asked to confirm', async () => {
    clock = new Date('2026-12-10T10:30:00Z');
    const body = {
      heldAt: '2026-12-10T09:00:00Z',
      citizenAttended: true,
      planVersion: 1,
      decisions: [{ id: 'd-1', departments: ['jobcenter'] }],
      actions: [
        { intervention: { kind: 'existing', id: 'iv-mentor' }, owner: 'p-job-2', due: '2027-01-31' },
        { intervention: { kind: 'existing', id: 'iv-family-support' }, owner: 'p-familie-1', due: '2027-02-28' },
      ],
      nextFollowUp: '2027-01-15',
    };
    expect((await call('POST', `/cases/${REF}/meetings/M-1/outcome`, { ...body, actions: [{ intervention: { kind: 'existing', id: 'iv-nope' }, owner: 'p-job-2', due: '2027-01-31' }] })).json().detail).toContain('actions[0].intervention.id');
    expect((await call('POST', `/cases/${REF}/meetings/M-1/outcome`, { ...body, actions: [{ ...body.actions[0], owner: 'p-outsider' }] })).statusCode).toBe(403);
    const r = await call('POST', `/cases/${REF}/meetings/M-1/outcome`, body);
    expect(r.statusCode, r.body).toBe(200);
    const answer = r.json();
    expect(answer.planVersion).toBe(2);
    expect(answer.meeting).toMatchObject({ state: 'held', citizenAttended: true });
    expect(answer.decisions[0].confirmations).toEqual([{ department: 'jobcenter', at: '2026-12-10T09:00:00Z' }]);
    const stored = (await call('GET', `/cases/${REF}/plan`)).json();
    expect(stored.interventions.find((i: { id: string }) => i.id === 'iv-mentor')).toMatchObject({ owner: 'p-job-2', end: '2027-01-31' });
    expect(stored.followUps).toContainEqual({ date: '2027-01-15' });
    expect(stored.followUps.find((f: { date: string }) => f.date === '2026-12-15').heldAt).toBeUndefined();
    // Held once; a form filled in against an older plan is refused as a stale plan PUT is.
    expect((await call('POST', `/cases/${REF}/meetings/M-1/outcome`, body)).statusCode).toBe(409);
    const stale = await call('POST', `/cases/${REF}/meetings/M-2/outcome`, { ...body, heldAt: '2026-12-10T10:00:00Z' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().currentVersion).toBe(2);
    expect((await outbox('decision-confirm')).map((m) => [m.recipient, m.payload.department])).toEqual([['p-familie-1', 'familie']]);
    const kinds = (await db.query<{ kind: string }>("SELECT kind FROM activities WHERE kind IN ('meeting-held', 'decision-taken', 'action-agreed', 'follow-up-planned') ORDER BY id")).rows.map((a) => a.kind);
    expect(kinds).toEqual(['meeting-held', 'decision-taken', 'action-agreed', 'action-agreed', 'follow-up-planned']);
    await privacyScan();
  });

  it('familie confirms (a person of another department cannot, nor jobcenter again for it); the decision is taken, its reminder closes, one joint answer', async () => {
    const outsider = await useCases.confirmDecision(chat('p-outsider'), REF, 'd-1', undefined);
    expect(outsider).toMatchObject({ ok: false, reason: 'forbidden' });
    const wrong = await useCases.confirmDecision(chat('p-job-1'), REF, 'd-1', 'familie');
    expect(wrong).toMatchObject({ ok: false, reason: 'forbidden' });
    expect((await call('POST', `/cases/${REF}/decisions/d-1/joint-answer`, {})).statusCode).toBe(422);
    const r = await call('POST', `/cases/${REF}/decisions/d-1/confirmations`, { department: 'familie' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ complete: true, awaiting: [] });
    expect((await call('POST', `/cases/${REF}/decisions/d-1/confirmations`, { department: 'psykiatri' })).json().detail).toContain('department');
    await tick('2026-12-10T11:00:00Z');
    expect((await nudges('stall.decision-awaited')).map((n) => n.status)).toEqual(['closed']);
    const first = await call('POST', `/cases/${REF}/decisions/d-1/joint-answer`, {});
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ departments: ['jobcenter', 'familie'], recorded: true });
    expect((await call('POST', `/cases/${REF}/decisions/d-1/joint-answer`, {})).json().recorded).toBe(false);
    // The plan card's data: the meetings, the decisions and the rooms.
    const card = (await call('GET', `/cases/${REF}/meetings`)).json();
    expect(card.meetings.map((m: { id: string; state: string }) => [m.id, m.state])).toEqual([['M-1', 'held'], ['M-2', 'booked']]);
    expect(card.meetings[0].outcome.actions).toHaveLength(2);
    expect(card.decisions[0]).toMatchObject({ id: 'd-1', departments: ['jobcenter', 'familie'], decidedAt: expect.any(String) });
    expect(card.rooms).toHaveLength(2);
  });

  it('routes a disagreement to the agreed decider (the head of jobcenter) with the municipality\'s deadline, nudges it past the deadline and resolves it', async () => {
    clock = new Date('2026-12-11T09:00:00Z'); // a Friday
    expect((await call('POST', `/cases/${REF}/disagreements`, { about: { kind: 'intervention', id: 'iv-nope' }, raisedBy: 'p-familie-1' })).json().detail).toContain('about.id');
    expect((await call('POST', `/cases/${REF}/disagreements`, { about: { kind: 'intervention', id: 'iv-mentor' }, raisedBy: 'p-outsider' })).statusCode).toBe(403);
    const r = await call('POST', `/cases/${REF}/disagreements`, { about: { kind: 'intervention', id: 'iv-mentor' }, raisedBy: 'p-familie-1' });
    expect(r.statusCode, r.body).toBe(201);
    // Five business days from Friday 11 December: Friday 18 December.
    expect(r.json()).toMatchObject({ id: 'U-1', decider: 'p-head-job', deadline: '2026-12-18', state: 'open' });
    expect((await outbox('disagreement')).map((m) => [m.recipient, m.payload.disagreementId])).toEqual([['p-head-job', 'U-1']]);
    // The municipality's own deadline.
    await app.inject({ method: 'PATCH', url: '/api/v1/settings', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/merge-patch+json' }, payload: JSON.stringify({ disagreementBusinessDays: 2 }) });
    const second = await useCases.raiseDisagreement(chat('p-psyk-1'), REF, { about: { kind: 'responsibility', row: 'r-family' } });
    expect(second).toMatchObject({ ok: true, disagreement: { id: 'U-2', raisedBy: 'p-psyk-1', deadline: '2026-12-15' } });
    expect(await useCases.raiseDisagreement(chat('p-outsider'), REF, { about: { kind: 'responsibility', row: 'r-family' } })).toMatchObject({ ok: false, reason: 'forbidden' });

    await tick('2026-12-16T09:00:00Z');
    const open = await nudges('stall.disagreement-open');
    expect(open.map((n) => [n.subject, n.recipient, n.status])).toEqual([['U-2', 'p-head-job', 'open']]);
    expect((await outbox('nudge')).filter((m) => m.payload.reason === 'stall.disagreement-open').map((m) => m.recipient)).toEqual(['p-head-job']);

    expect(await useCases.resolveDisagreement(chat('p-psyk-1'), REF, 'U-2', 'd-settle')).toMatchObject({ ok: false, reason: 'forbidden' });
    const resolved = await useCases.resolveDisagreement(chat('p-head-job'), REF, 'U-2', 'd-settle');
    expect(resolved).toMatchObject({ ok: true, disagreement: { state: 'resolved', resolution: { decision: 'd-settle' } } });
    expect((await call('POST', `/cases/${REF}/disagreements/U-2/resolution`, { decision: 'd-again' })).statusCode).toBe(409);
    expect((await call('POST', `/cases/${REF}/disagreements/U-1/resolution`, { decision: 'd-settle-1' })).statusCode).toBe(200);
    await tick('2026-12-16T10:00:00Z');
    expect((await nudges('stall.disagreement-open')).map((n) => n.status)).toEqual(['closed']);
    const decisions = (await call('GET', `/cases/${REF}/decisions`)).json().decisions;
    expect(decisions.find((d: { id: string }) => d.id === 'd-settle')).toMatchObject({ departments: ['jobcenter'], decidedAt: '2026-12-16T09:00:00.000Z' });
    expect((await call('GET', `/cases/${REF}/disagreements`)).json().disagreements.map((d: { state: string }) => d.state)).toEqual(['resolved', 'resolved']);
    await privacyScan();
  });

  it('two outcomes of one meeting at once: one is recorded, the other finds it held; a refused plan leaves the meeting booked', async () => {
    // M-2's outcome was refused above as stale: nothing of it was recorded.
    expect((await call('GET', `/cases/${REF}/meetings/M-2`)).json().state).toBe('booked');
    const booked = await call('POST', `/cases/${REF}/meetings`, { id: 'm-race', startsAt: new Date(clock.getTime() + 86_400_000).toISOString() });
    expect(booked.statusCode, booked.body).toBe(201);
    const body = { heldAt: clock.toISOString(), citizenAttended: false, decisions: [], actions: [] };
    const answers = await Promise.all([1, 2].map(() => call('POST', `/cases/${REF}/meetings/m-race/outcome`, body)));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    const held = (await db.query<{ n: string }>("SELECT count(*)::text AS n FROM activities WHERE kind = 'meeting-held' AND body->>'meeting' = 'm-race'")).rows[0]!.n;
    expect(held).toBe('1');
  });

  it('two people booking, and two raising a disagreement, at once get two numbers: neither overwrites the other', async () => {
    const start = new Date(clock.getTime() + 2 * 86_400_000).toISOString();
    const booked = await Promise.all([1, 2].map(() => call('POST', `/cases/${REF}/meetings`, { startsAt: start })));
    expect(booked.map((b) => b.statusCode)).toEqual([201, 201]);
    const ids = booked.map((b) => b.json().meeting.id as string);
    expect(new Set(ids).size).toBe(2);
    const raised = await Promise.all(['iv-mentor', 'iv-family-support'].map((id) => call('POST', `/cases/${REF}/disagreements`, { about: { kind: 'intervention', id }, raisedBy: 'p-job-1' })));
    expect(raised.map((r) => r.statusCode)).toEqual([201, 201]);
    const raisedIds = raised.map((r) => r.json().id as string);
    expect(new Set(raisedIds).size).toBe(2);
    const stored = (await call('GET', `/cases/${REF}/disagreements`)).json().disagreements as { id: string; about: { id: string } }[];
    expect(raisedIds.map((id) => stored.find((d) => d.id === id)?.about.id).sort()).toEqual(['iv-family-support', 'iv-mentor']);
  });

  it('audits every read and write, and refuses a person without a part in the case', async () => {
    const actions = (await db.query<{ action: string }>('SELECT DISTINCT action FROM audit_log WHERE case_reference = $1', [REF])).rows.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['meeting.book', 'meeting.read', 'agenda.read', 'meeting.outcome', 'decision.confirm', 'decision.joint-answer', 'meetings.read', 'decisions.read', 'disagreement.raise', 'disagreement.resolve', 'disagreements.read']));
    expect(await useCases.bookMeeting(chat('p-outsider'), REF, { startsAt: '2026-12-20T09:00:00Z' })).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(await useCases.meetingAgenda(chat('p-outsider'), REF)).toMatchObject({ ok: false, reason: 'forbidden' });
    const denied = await db.query("SELECT detail->>'gesture' AS gesture FROM audit_log WHERE action = 'access.denied' AND actor = 'p-outsider' ORDER BY id");
    expect(denied.rows.map((r) => r.gesture)).toEqual(expect.arrayContaining(['meeting.book', 'agenda.read', 'decision.confirm']));
  });
});
