// Issue 25, core: the meeting, its agenda and outcome, joint decisions and disagreements.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  agendaOf,
  applyOutcome,
  awaitedDepartments,
  BusinessCalendar,
  CaseSnapshot,
  chatAgendaLines,
  checkMeeting,
  CITIZEN_WISHES_MARKER,
  confirmDecision,
  Decision,
  deciderOf,
  disagreementDeadline,
  disagreementOverdue,
  Disagreement,
  evaluateStall,
  foldIcsLine,
  icsText,
  hasCpr,
  jointAnswerOf,
  JointAnswer,
  lastHeldMeeting,
  mayConfirm,
  Meeting,
  MeetingOutcome,
  meetingIcs,
  movesActivityClock,
  nextMeeting,
  Plan,
  raiseDisagreement,
  resolveDisagreement,
  ResponsibilityMatrix,
  TenantSettings,
  validate,
  type StallReason,
} from '../src/index.js';

const problems = (schema: Parameters<typeof validate>[0], input: unknown) => {
  const r = validate(schema, input);
  return r.ok ? [] : r.issues.map((i) => i.path);
};

const meetingInput = {
  id: 'm-1',
  caseReference: 'SAG-2026-0412',
  startsAt: '2026-12-15T10:00:00+01:00',
  endsAt: '2026-12-15T11:30:00+01:00',
  place: { kind: 'room', id: 'r-201' },
  invited: ['p-job-1', 'p-familie-1'],
  bookedAt: '2026-12-07T08:00:00Z',
};

describe('Meeting and its outcome (schemas)', () => {
  it('takes a meeting in a room or at a link, with defaults: the citizen invited, booked', () => {
    const m = Meeting.parse(meetingInput);
    expect(m).toMatchObject({ citizenInvited: true, state: 'booked', sequence: 0, invited: ['p-job-1', 'p-familie-1'] });
    expect(problems(Meeting, { ...meetingInput, place: { kind: 'link', url: 'https://møde.example.dk/j/123' } })).toEqual([]);
  });

  it('refuses free text as the place, an end before the start, attendance before it is held, a CPR number in an id, too many invited, an unbounded instant', () => {
    expect(problems(Meeting, { ...meetingInput, place: { kind: 'text', text: 'kantinen' } })).toEqual(['place.kind']);
    expect(problems(Meeting, { ...meetingInput, place: { kind: 'link', url: 'javascript:alert(1)' } })).toEqual(['place.url']);
    expect(problems(Meeting, { ...meetingInput, place: 'Mødelokale 2' })).toEqual(['place']);
    expect(problems(Meeting, { ...meetingInput, endsAt: meetingInput.startsAt })).toEqual(['endsAt']);
    expect(problems(Meeting, { ...meetingInput, citizenAttended: true })).toEqual(['citizenAttended']);
    expect(problems(Meeting, { ...meetingInput, state: 'held', citizenAttended: false })).toEqual([]);
    expect(problems(Meeting, { ...meetingInput, invited: ['010190-1234'] })).toEqual(['invited[0]']);
    expect(problems(Meeting, { ...meetingInput, invited: Array.from({ length: 501 }, (_, i) => `p-${i}`) })).toEqual(['invited']);
    expect(problems(Meeting, { ...meetingInput, startsAt: '0099-12-15T10:00:00Z' })).toContain('startsAt');
  });

  it('takes an outcome whose new intervention has a short title without a CPR number', () => {
    const outcome = { meeting: 'm-1', heldAt: '2026-12-15T11:30:00+01:00', actions: [{ intervention: { kind: 'new', id: 'iv-new', title: 'Ny indsats', department: 'jobcenter' }, owner: 'p-job-1', due: '2027-01-31' }] };
    expect(problems(MeetingOutcome, outcome)).toEqual([]);
    const cpr = structuredClone(outcome);
    cpr.actions[0]!.intervention.title = 'Ny indsats for 010190-1234';
    expect(problems(MeetingOutcome, cpr)).toEqual(['actions[0].intervention.title']);
    expect(problems(MeetingOutcome, { ...outcome, notes: 'Borgeren sagde ...' })).toEqual([]); // an unknown key is dropped, never kept
    expect(MeetingOutcome.parse({ ...outcome, notes: 'x' })).not.toHaveProperty('notes');
    expect(problems(MeetingOutcome, { ...outcome, decisions: [{ id: 'd-1', departments: [] }] })).toEqual(['decisions[0].departments']);
  });

  it('a decision takes departments, and still the single department, read as one', () => {
    expect(Decision.parse({ id: 'd-1', department: 'familie', requestedAt: '2026-11-03T10:00:00+01:00' })).toMatchObject({ department: 'familie' });
    expect(awaitedDepartments(Decision.parse({ id: 'd-1', department: 'familie', requestedAt: '2026-11-03T10:00:00+01:00' }))).toEqual(['familie']);
    expect(problems(Decision, { id: 'd-1', requestedAt: '2026-11-03T10:00:00+01:00' })).toEqual(['departments']);
    expect(problems(Decision, { id: 'd-1', departments: [], requestedAt: '2026-11-03T10:00:00+01:00' })).toEqual(['departments']);
  });

  it('TenantSettings: the rooms with id and name, no id twice; the disagreement deadline 5 business days by default', () => {
    expect(TenantSettings.parse({ rooms: [{ id: 'r-201', name: 'Mødelokale 2.01' }] }).rooms).toHaveLength(1);
    expect(problems(TenantSettings, { rooms: [{ id: 'r', name: 'A' }, { id: 'r', name: 'B' }] })).toEqual(['rooms']);
    expect(problems(TenantSettings, { rooms: [{ id: 'r', name: 'Hos 010190-1234' }] })).toEqual(['rooms[0].name']);
    expect(TenantSettings.parse({}).disagreementBusinessDays).toBe(5);
  });

  it('checkMeeting: a room not on the list, someone without a part, no chair', () => {
    const m = Meeting.parse({ ...meetingInput, invited: ['p-job-1', 'p-fremmed'], minutesBy: 'p-job-1' });
    expect(checkMeeting(m, { people: ['p-job-1'], coordinator: null, rooms: [] }).map((f) => [f.code, f.path])).toEqual([
      ['meeting.unknown-room', 'place.id'],
      ['meeting.not-on-case', 'invited[1]'],
      ['meeting.no-chair', 'chair'],
    ]);
    expect(checkMeeting(m, { people: ['p-job-1', 'p-fremmed'], coordinator: 'p-job-1', rooms: [{ id: 'r-201', name: 'Mødelokale' }] })).toEqual([]);
  });

  it('the next meeting is the first booked one not over; the last held is the latest held', () => {
    const at = (d: string, state: 'booked' | 'held' | 'cancelled', id: string) => Meeting.parse({ ...meetingInput, id, state, startsAt: `${d}T10:00:00Z`, endsAt: `${d}T11:00:00Z` });
    const ms = [at('2026-12-20', 'booked', 'a'), at('2026-12-10', 'booked', 'b'), at('2026-12-09', 'cancelled', 'c'), at('2026-11-01', 'held', 'd'), at('2026-10-01', 'held', 'e')];
    expect(nextMeeting(ms, '2026-12-08T00:00:00Z')?.id).toBe('b');
    expect(nextMeeting(ms, '2026-12-10T10:30:00Z')?.id).toBe('b'); // under way
    expect(nextMeeting(ms, '2026-12-10T11:00:00Z')?.id).toBe('a');
    expect(lastHeldMeeting(ms)?.id).toBe('d');
  });
});

const NAME = 'Mette Sørensen';
const CPR = '010190-1234';

function planWith(words: string) {
  return Plan.parse({
    caseReference: 'SAG-2026-0412',
    version: 4,
    citizenWishes: `Jeg hedder ${words}. Jeg vil arbejde med dyr.`,
    overallGoal: { kind: 'employment', description: words },
    subGoals: [
      { id: 'sg-bus', title: `Bussen alene (${words})`, criterion: words, targetDate: '2026-12-20', status: 'not-started' },
      { id: 'sg-later', title: words, criterion: 'x', targetDate: '2027-06-01' },
      { id: 'sg-done', title: words, criterion: 'x', targetDate: '2026-12-01', status: 'achieved' },
    ],
    interventions: [
      { id: 'iv-late', title: `Familiestøtte ${words}`, department: 'familie', status: 'active', start: '2026-09-01', end: '2026-11-30', subGoals: ['sg-bus'] },
      { id: 'iv-wait', title: `Mentor ${words}`, department: 'jobcenter', status: 'planned', start: '2026-12-01', subGoals: ['sg-bus'] },
      { id: 'iv-ok', title: words, department: 'jobcenter', status: 'active', start: '2026-11-01', end: '2027-03-01', subGoals: ['sg-bus'] },
    ],
    followUps: [{ date: '2026-12-15' }],
  });
}

function matrixWith(words: string) {
  return ResponsibilityMatrix.parse({
    version: 1,
    columns: [
      { id: 'p-job-1', kind: 'person', label: 'Maja Holm' },
      { id: 'familie', kind: 'department', label: 'Familieafdelingen' },
    ],
    rows: [
      { id: 'row-plan', kind: 'task', label: `Planen ${words}`, cells: { 'p-job-1': 'A', familie: 'R' } },
      { id: 'row-nobody', kind: 'decision', label: `Bevilling ${words}`, cells: { familie: 'R' } },
    ],
    disagreement: { rule: `Afgøres af familieafdelingens leder ${words}`, decidedBy: 'familie' },
    coordinator: 'p-job-1',
  });
}

const caseSnapshot = CaseSnapshot.parse({
  case: { reference: 'SAG-2026-0412', tenant: 'demo', departments: ['jobcenter', 'familie'], openedAt: '2026-09-01T09:00:00+02:00', lastActivityAt: '2026-12-01T09:00:00+01:00' },
});
const decisions = [
  Decision.parse({ id: 'd-joint', departments: ['jobcenter', 'familie', 'psykiatri'], requestedAt: '2026-11-02T10:00:00+01:00', confirmations: [{ department: 'familie', at: '2026-11-05T10:00:00+01:00' }] }),
  Decision.parse({ id: 'd-one', department: 'familie', requestedAt: '2026-11-20T10:00:00+01:00' }),
  Decision.parse({ id: 'd-taken', department: 'jobcenter', requestedAt: '2026-11-20T10:00:00+01:00', decidedAt: '2026-11-25T10:00:00+01:00' }),
];
const disagreements = [
  Disagreement.parse({ id: 'u-1', about: { kind: 'intervention', id: 'iv-wait' }, raisedBy: 'p-familie-1', raisedAt: '2026-11-24T10:00:00+01:00', decider: 'p-head', deadline: '2026-12-01' }),
  Disagreement.parse({ id: 'u-2', about: { kind: 'responsibility', row: 'row-plan' }, raisedBy: 'p-job-1', raisedAt: '2026-11-20T10:00:00+01:00', deadline: '2026-11-27', state: 'resolved', resolvedAt: '2026-11-26T10:00:00+01:00', resolution: { decision: 'd-x' } }),
];
const NOW = '2026-12-08T09:00:00+01:00';
const reasons: StallReason[] = [{ code: 'stall.intervention-overdue', severity: 'warning', message: { da: `»Familiestøtte ${NAME}«`, en: NAME }, subject: 'iv-late', since: '2026-11-30T23:00:00.000Z' }];

describe('agendaOf', () => {
  it('orders the sections: the citizen’s wishes first, then sub-goals due, interventions, decisions by department, the matrix, stall reasons', () => {
    const a = agendaOf(planWith('x'), matrixWith('x'), caseSnapshot, reasons, decisions, disagreements, NOW);
    expect(a.sections.map((s) => s.kind)).toEqual(['citizen-wishes', 'sub-goals-due', 'interventions', 'decisions-awaited', 'matrix-findings', 'stall-reasons']);
    expect(a.sections[0]).toEqual({ kind: 'citizen-wishes', wishes: 'Jeg hedder x. Jeg vil arbejde med dyr.' });
    expect(a.forChat.sections[1]).toEqual({ kind: 'sub-goals-due', count: 1, items: [{ id: 'sg-bus', status: 'not-started' }] });
    expect(a.forChat.sections[2]).toEqual({
      kind: 'interventions',
      count: 2,
      items: [
        { id: 'iv-late', department: 'familie', status: 'active', state: 'overdue' },
        { id: 'iv-wait', department: 'jobcenter', status: 'planned', state: 'waiting' },
      ],
    });
    expect(a.forChat.sections[3]).toEqual({
      kind: 'decisions-awaited',
      count: 2,
      items: [
        { department: 'jobcenter', count: 1, decisions: ['d-joint'] },
        { department: 'psykiatri', count: 1, decisions: ['d-joint'] },
        { department: 'familie', count: 1, decisions: ['d-one'] },
      ],
    });
    expect(a.forChat.sections[4]).toEqual({ kind: 'matrix-findings', count: 2, noAccountable: ['row-nobody'], disagreements: [{ id: 'u-1', state: 'open', overdue: true }] });
    expect(a.forChat.sections[5]).toEqual({ kind: 'stall-reasons', count: 1, items: [{ code: 'stall.intervention-overdue', subject: 'iv-late' }] });
    expect(chatAgendaLines(a.forChat, 'da')[0]).toBe('1. Borgerens ønsker (se planen)');
    expect(chatAgendaLines(a.forChat, 'en')[3]).toBe('4. Decisions awaited (2): jobcenter 1, psykiatri 1, familie 1');
  });

  it('for chat: the wishes as a marker, never the words; no name, CPR number or title from the plan, the matrix or the reasons', () => {
    const words = `${NAME} ${CPR}`;
    const a = agendaOf(planWith(words), matrixWith(words), caseSnapshot, reasons, decisions, disagreements, NOW);
    expect(JSON.stringify(a.sections)).toContain(NAME); // the case system's view has them
    const chat = JSON.stringify(a.forChat) + chatAgendaLines(a.forChat, 'da').join('\n') + chatAgendaLines(a.forChat, 'en').join('\n');
    for (const bit of [NAME, 'Mette', 'Sørensen', CPR, '0101901234', 'Familiestøtte', 'Mentor', 'Bussen', 'dyr', 'Planen', 'Bevilling']) expect(chat).not.toContain(bit);
    expect(hasCpr(chat)).toBe(false);
    expect(a.forChat.sections[0]).toEqual({ kind: 'citizen-wishes', marker: true });
    expect(CITIZEN_WISHES_MARKER.da).toBe('Borgerens ønsker (se planen)');
  });

  it('for chat, whatever the words: property over arbitrary wishes, titles, labels and reason messages', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 3, maxLength: 40 }).filter((s) => s.trim().length >= 3 && /\p{L}{3}/u.test(s)), (raw) => {
        const words = `§${raw.trim()}§`; // marked, so it cannot be mistaken for an id or a code
        const own = [{ ...reasons[0]!, message: { da: words, en: words } }];
        const a = agendaOf(planWith(words), matrixWith(words), caseSnapshot, own, decisions, disagreements, NOW);
        const chat = JSON.stringify(a.forChat) + chatAgendaLines(a.forChat, 'da').join('');
        return !chat.includes(words) && !chat.includes('§');
      }),
      { numRuns: 200 },
    );
  });
});

describe('joint decisions', () => {
  const joint = Decision.parse({ id: 'd-1', departments: ['jobcenter', 'familie', 'psykiatri'], requestedAt: '2026-11-02T10:00:00+01:00' });
  const at = (d: number) => `2026-11-${String(d).padStart(2, '0')}T10:00:00.000Z`;

  it('is awaited until every department has confirmed it, in any order; decided at the last confirmation', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(['jobcenter', 'familie', 'psykiatri'], { minLength: 3, maxLength: 3 }), fc.shuffledSubarray([3, 4, 5], { minLength: 3, maxLength: 3 }), (order, days) => {
        let d = joint;
        order.forEach((department, i) => {
          const r = confirmDecision(d, { department, at: at(days[i]!) });
          expect(r.ok).toBe(true);
          if (!r.ok) return;
          d = r.decision;
          expect(r.complete).toBe(i === 2);
          expect(awaitedDepartments(d)).toEqual(['jobcenter', 'familie', 'psykiatri'].filter((x) => !order.slice(0, i + 1).includes(x)));
        });
        expect(d.decidedAt).toBe(at(5));
        expect(joint.confirmations).toBeUndefined(); // never mutated
        expect(jointAnswerOf(d)).toEqual({ kind: 'joint-answer-given', occurredAt: at(5), decision: 'd-1', departments: ['jobcenter', 'familie', 'psykiatri'] });
      }),
    );
  });

  it('a second confirmation of one department changes nothing; a department that does not own it is refused', () => {
    const once = confirmDecision(joint, { department: 'familie', at: at(3) });
    expect(once.ok && confirmDecision(once.decision, { department: 'familie', at: at(4) })).toMatchObject({ ok: true, unchanged: true, complete: false });
    expect(confirmDecision(joint, { department: 'sundhed', at: at(3) })).toEqual({ ok: false, reason: 'not-an-owner' });
    expect(jointAnswerOf(joint)).toBeUndefined();
    expect(JointAnswer.parse({ kind: 'joint-answer-given', decision: 'd-1', departments: ['a', 'b'] })).toBeTruthy();
    expect(movesActivityClock('joint-answer-given')).toBe(true);
    expect(movesActivityClock('decision-confirmed')).toBe(true);
  });

  it('who confirms for a department: a person of it with a part in the case, or the API key', () => {
    expect(mayConfirm({ kind: 'api-key' }, 'familie')).toBe(true);
    expect(mayConfirm({ kind: 'person', person: 'p-1', department: 'familie', hasPart: true }, 'familie')).toBe(true);
    expect(mayConfirm({ kind: 'person', person: 'p-1', department: 'familie', hasPart: false }, 'familie')).toBe(false);
    expect(mayConfirm({ kind: 'person', person: 'p-1', department: 'jobcenter', hasPart: true }, 'familie')).toBe(false);
  });

  it('stall.decision-awaited: one reason for a joint decision, listing the departments still missing', () => {
    const snap = CaseSnapshot.parse({ ...caseSnapshot, decisions: [{ ...joint, confirmations: [{ department: 'familie', at: at(4) }] }] });
    const found = evaluateStall(snap, '2026-12-01T12:00:00+01:00').filter((r) => r.code === 'stall.decision-awaited');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      subject: 'd-1',
      since: '2026-11-16T23:00:00.000Z',
      data: { departments: ['jobcenter', 'familie', 'psykiatri'], awaiting: ['jobcenter', 'psykiatri'] },
      message: { da: expect.stringContaining('jobcenter og psykiatri har ikke bekræftet den'), en: expect.stringContaining('jobcenter and psykiatri have not confirmed it') },
    });
    const done = CaseSnapshot.parse({ ...caseSnapshot, decisions: [{ ...joint, confirmations: ['jobcenter', 'familie', 'psykiatri'].map((department) => ({ department, at: at(4) })), decidedAt: at(4) }] });
    expect(evaluateStall(done, '2026-12-01T12:00:00+01:00').filter((r) => r.code === 'stall.decision-awaited')).toEqual([]);
  });
});

describe('disagreements', () => {
  const organisation = {
    departments: [{ id: 'familie', head: 'p-head-familie' }, { id: 'jobcenter' }],
    people: [{ id: 'p-koord', team: 't-job' }, { id: 'p-koord-2', teamLead: 'p-lead-2' }, { id: 'p-job-1' }],
    teams: [{ id: 't-job', lead: 'p-lead-job' }],
    coordinator: 'p-koord',
  };
  const about = { about: { kind: 'intervention' as const, id: 'iv-1' } };

  it('goes to the department head when the agreement names a department; to the person it names', () => {
    expect(deciderOf(about, matrixWith('x'), organisation)).toEqual({ person: 'p-head-familie', via: 'department-head', department: 'familie' });
    const byPerson = { ...matrixWith('x'), disagreement: { rule: 'x', decidedBy: 'p-job-1' } };
    expect(deciderOf(about, byPerson, organisation)).toEqual({ person: 'p-job-1', via: 'agreement' });
    const headless = { ...matrixWith('x'), columns: [{ id: 'jobcenter', kind: 'department' as const, label: 'Jobcenter' }], disagreement: { rule: 'x', decidedBy: 'jobcenter' } };
    expect(deciderOf(about, headless, organisation)).toEqual({ person: undefined, via: 'department-head', department: 'jobcenter', missing: 'head' });
  });

  it('with no agreement, to the plan coordinator’s team lead (their own, else their team’s)', () => {
    const none = { ...matrixWith('x'), disagreement: undefined };
    expect(deciderOf(about, none, organisation)).toEqual({ person: 'p-lead-job', via: 'coordinator-team-lead' });
    expect(deciderOf(about, null, { ...organisation, coordinator: 'p-koord-2' })).toEqual({ person: 'p-lead-2', via: 'coordinator-team-lead' });
    expect(deciderOf(about, null, { ...organisation, coordinator: 'p-job-1' })).toMatchObject({ person: undefined, missing: 'team-lead' });
    expect(deciderOf(about, null, { ...organisation, coordinator: null })).toMatchObject({ person: undefined, missing: 'coordinator' });
  });

  it('the deadline is 5 business days by default, past weekends, public holidays and closing days', () => {
    expect(disagreementDeadline('2026-12-07T10:00:00+01:00')).toBe('2026-12-14'); // Monday → next Monday
    expect(disagreementDeadline('2026-12-18T15:00:00+01:00')).toBe('2026-12-28'); // Friday; 24 Dec open by default, 25 Dec a holiday
    expect(disagreementDeadline('2026-12-18T15:00:00+01:00', {}, ['2026-12-24', '2026-12-31'])).toBe('2026-12-29'); // the municipality closes 24 Dec
    expect(disagreementDeadline('2026-12-07T10:00:00+01:00', { disagreementBusinessDays: 2 })).toBe('2026-12-09');
    expect(disagreementDeadline('2026-03-30T23:30:00+02:00')).toBe('2026-04-09'); // Easter 2026: Thursday 2, Friday 3 and Monday 6 April closed
    expect(disagreementDeadline('2026-03-30T22:30:00Z')).toBe('2026-04-10'); // already 31 March in Copenhagen
  });

  it('raised: decider and deadline; open past its deadline day it stalls the case (stall.disagreement-open), by reference', () => {
    const d = raiseDisagreement({ id: 'u-1', about: { kind: 'responsibility', row: 'row-plan', column: 'familie' }, raisedBy: 'p-job-1', raisedAt: '2026-12-07T10:00:00+01:00' }, matrixWith('x'), organisation, {}, []);
    expect(d).toEqual({ id: 'u-1', about: { kind: 'responsibility', row: 'row-plan', column: 'familie' }, raisedBy: 'p-job-1', raisedAt: '2026-12-07T10:00:00+01:00', decider: 'p-head-familie', deadline: '2026-12-14', state: 'open' });
    expect(Disagreement.parse(d)).toEqual(d);
    const snap = CaseSnapshot.parse({ ...caseSnapshot, case: { ...caseSnapshot.case, lastActivityAt: '2026-12-14T10:00:00+01:00' }, disagreements: [d] });
    const open = (at: string) => evaluateStall(snap, at).filter((r) => r.code === 'stall.disagreement-open');
    expect(open('2026-12-14T23:59:59+01:00')).toEqual([]);
    expect(disagreementOverdue(d, '2026-12-14T23:59:59+01:00')).toBe(false);
    expect(open('2026-12-15T00:00:00+01:00')).toEqual([
      {
        code: 'stall.disagreement-open',
        severity: 'warning',
        message: { da: 'Uenigheden u-1 er ikke afgjort inden fristen 2026-12-14.', en: 'The disagreement u-1 was not settled by its deadline, 2026-12-14.' },
        path: 'disagreements[0]',
        subject: 'u-1',
        data: { disagreement: 'u-1', about: 'responsibility', ref: 'row-plan', deadline: '2026-12-14', decider: 'p-head-familie' },
        since: '2026-12-14T23:00:00.000Z',
      },
    ]);
    const resolved = resolveDisagreement(d, 'd-settled', '2026-12-15T09:00:00+01:00');
    expect(Disagreement.parse(resolved).state).toBe('resolved');
    expect(evaluateStall(CaseSnapshot.parse({ ...snap, disagreements: [resolved] }), '2026-12-16T10:00:00+01:00').filter((r) => r.code === 'stall.disagreement-open')).toEqual([]);
    expect(problems(Disagreement, { ...d, state: 'resolved' })).toEqual(['resolution', 'resolvedAt']);
  });

  it('counts in the municipality’s own calendar (a time zone and working days of its own)', () => {
    const settings = { timeZone: 'Asia/Tokyo', workingDays: [1, 2, 3, 4], publicHolidays: 'none' as const };
    const cal = new BusinessCalendar(settings);
    expect(disagreementDeadline('2026-12-07T10:00:00Z', settings)).toBe('2026-12-15'); // Monday evening in Tokyo; Fridays off
    expect(disagreementOverdue({ deadline: '2026-12-15', state: 'open' }, '2026-12-15T14:59:59Z', cal)).toBe(false); // still the 15th in Tokyo
    expect(disagreementOverdue({ deadline: '2026-12-15', state: 'open' }, '2026-12-15T15:00:00Z', cal)).toBe(true);
  });
});

describe('applyOutcome', () => {
  const plan = planWith('x');
  const outcome = MeetingOutcome.parse({
    meeting: 'm-1',
    heldAt: '2026-12-15T11:30:00+01:00',
    citizenAttended: true,
    planVersion: 4,
    decisions: [
      { id: 'd-joint', departments: ['jobcenter', 'psykiatri'] },
      { id: 'd-new', departments: ['familie'] },
    ],
    actions: [
      { intervention: { kind: 'existing', id: 'iv-wait' }, owner: 'p-job-2', due: '2027-02-28' },
      { intervention: { kind: 'new', id: 'iv-new', title: 'Netværksmøde hver måned', department: 'familie' }, owner: 'p-familie-1', due: '2027-03-31' },
    ],
    nextFollowUp: '2027-02-01',
  });

  it('updates an existing intervention, adds a new one, holds the follow-up and plans the next; returns the activities', () => {
    const r = applyOutcome(plan, outcome, { decisions });
    if (!r.ok) throw new Error(r.problem.code);
    expect(r.plan.version).toBe(4);
    expect(r.plan.interventions.find((iv) => iv.id === 'iv-wait')).toMatchObject({ owner: 'p-job-2', end: '2027-02-28', status: 'planned', title: 'Mentor x' });
    expect(r.plan.interventions.at(-1)).toEqual({ id: 'iv-new', title: 'Netværksmøde hver måned', department: 'familie', owner: 'p-familie-1', status: 'planned', end: '2027-03-31', subGoals: [], dependsOn: [] });
    expect(r.plan.followUps).toEqual([{ date: '2026-12-15', heldAt: '2026-12-15T11:30:00+01:00' }, { date: '2027-02-01' }]);
    expect(Plan.parse(r.plan)).toEqual(r.plan);
    expect(plan.interventions).toHaveLength(3); // never mutated
    expect(r.activities.map((a) => a.kind)).toEqual(['meeting-held', 'decision-taken', 'decision-taken', 'action-agreed', 'action-agreed', 'follow-up-planned']);
    expect(r.activities.every((a) => movesActivityClock(a.kind) && a.occurredAt === outcome.heldAt)).toBe(true);
    expect(r.activities[4]).toEqual({ kind: 'action-agreed', occurredAt: outcome.heldAt, intervention: 'iv-new', created: true, owner: 'p-familie-1', due: '2027-03-31' });
    expect(JSON.stringify(r.activities)).not.toContain('Netværksmøde'); // by reference only
    // The joint decision awaited is closed (familie had confirmed before); the new one is taken at the meeting.
    expect(r.decisions.map((d) => [d.id, awaitedDepartments(d), d.decidedAt])).toEqual([
      ['d-joint', [], '2026-12-15T10:30:00.000Z'],
      ['d-new', [], '2026-12-15T10:30:00.000Z'],
    ]);
  });

  it('a joint decision awaited stays awaited for an owner not among those who decided', () => {
    const r = applyOutcome(plan, { ...outcome, decisions: [{ id: 'd-joint', departments: ['jobcenter'] }] }, { decisions });
    expect(r.ok && awaitedDepartments(r.decisions[0]!)).toEqual(['psykiatri']);
  });

  it('refuses a stale plan version, an unknown intervention, a new one with an id the plan has', () => {
    expect(applyOutcome(plan, { ...outcome, planVersion: 3 })).toEqual({ ok: false, problem: { code: 'outcome.stale-plan', path: 'planVersion' } });
    const unknown = { ...outcome, actions: [{ intervention: { kind: 'existing' as const, id: 'iv-nope' }, owner: 'p', due: '2027-01-01' }] };
    expect(applyOutcome(plan, unknown)).toEqual({ ok: false, problem: { code: 'outcome.unknown-intervention', path: 'actions[0].intervention.id' } });
    const clash = { ...outcome, actions: [{ intervention: { kind: 'new' as const, id: 'iv-ok', title: 'T', department: 'd' }, owner: 'p', due: '2027-01-01' }] };
    expect(applyOutcome(plan, clash)).toMatchObject({ ok: false, problem: { code: 'outcome.duplicate-intervention' } });
  });
});

/** Lines as RFC 5545 unfolds them: a CRLF followed by one space or tab is removed. */
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '').split('\r\n');
const octets = (s: string) => new TextEncoder().encode(s).length;

describe('meetingIcs', () => {
  const rooms = [{ id: 'r-201', name: 'Mødelokale 2.01, Rådhuset; 2. sal' }];
  const meeting = Meeting.parse(meetingInput);

  it('is one VCALENDAR with one VEVENT: UID, DTSTAMP, DTSTART and DTEND in UTC, the case reference only in SUMMARY, the room as LOCATION', () => {
    const ics = meetingIcs(meeting, 'SAG-2026-0412', 'da', { rooms });
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/); // CRLF only
    expect(unfold(ics).slice(0, -1)).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Samspil//Samspil netværksmøde//DA',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
      'BEGIN:VEVENT',
      'UID:meeting-m-1@samspil.dk',
      'DTSTAMP:20261207T080000Z',
      'DTSTART:20261215T090000Z',
      'DTEND:20261215T103000Z',
      'SEQUENCE:0',
      'STATUS:CONFIRMED',
      'SUMMARY;LANGUAGE=da:Netværksmøde SAG-2026-0412',
      'LOCATION:Mødelokale 2.01\\, Rådhuset\\; 2. sal',
      'END:VEVENT',
      'END:VCALENDAR',
    ]);
    expect(meetingIcs(meeting, 'SAG-2026-0412', 'en')).toContain('SUMMARY;LANGUAGE=en:Network meeting SAG-2026-0412\r\n');
    expect(meetingIcs({ ...meeting, state: 'cancelled', sequence: 2 }, 'SAG-1', 'da')).toMatch(/SEQUENCE:2\r\nSTATUS:CANCELLED/);
  });

  it('a link as LOCATION and URL, folded at 75 octets and unfolded back whole', () => {
    const url = `https://møde.example.dk/j/${'æøå-0123456789'.repeat(12)}?pwd=abc`;
    const ics = meetingIcs(Meeting.parse({ ...meetingInput, place: { kind: 'link', url } }), 'SAG-2026-0412', 'en', { now: '2026-12-07T09:00:00+01:00' });
    const physical = ics.split('\r\n').slice(0, -1);
    expect(physical.every((l) => octets(l) <= 75)).toBe(true);
    expect(physical.filter((l) => l.startsWith(' ')).length).toBeGreaterThan(4);
    const lines = unfold(ics);
    expect(lines).toContain(`URL:${url}`);
    expect(lines).toContain(`LOCATION:${url}`);
    expect(lines).toContain('DTSTAMP:20261207T080000Z');
    // Every line is NAME[;PARAM]:VALUE, and the required properties are each there once.
    for (const l of lines.filter(Boolean)) expect(l).toMatch(/^[A-Z-]+(;[A-Z-]+=[^:;]+)*:/);
    for (const p of ['UID', 'DTSTAMP', 'DTSTART', 'DTEND']) expect(lines.filter((l) => l.startsWith(`${p}:`))).toHaveLength(1);
  });

  it('escapes TEXT as §3.3.11 asks: backslash, semicolon, comma, line breaks; drops other control characters', () => {
    expect(icsText('a\\b;c,d\r\ne\nf\u0007g\th')).toBe('a\\\\b\\;c\\,d\\ne\\nf' + 'g\th');
    const ics = meetingIcs(meeting, 'SAG-1', 'da', { rooms: [{ id: 'r-201', name: 'Lokale 1\nbagved' }] });
    expect(unfold(ics)).toContain('LOCATION:Lokale 1\\nbagved');
  });

  it('folding: never more than 75 octets, never splits a character, and unfolding gives the line back (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (s) => {
        const line = `LOCATION:${s.replace(/[\r\n]/g, '')}`;
        const folded = foldIcsLine(line);
        const parts = folded.split('\r\n');
        return parts.every((p, i) => octets(p) <= 75 && (i === 0 || p.startsWith(' '))) && folded.replace(/\r\n /g, '') === line && parts.every((p) => (p as string & { isWellFormed(): boolean }).isWellFormed());
      }),
      { numRuns: 500 },
    );
  });
});
