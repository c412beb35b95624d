import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BusinessCalendar } from '../src/calendar.js';
import { evaluateStall, STALL_CODES, waitingByDepartment, type StallReason } from '../src/checks/stall.js';
import { CaseworkerChanged, CaseworkerTookOver, handoversOf, movesActivityClock } from '../src/schemas/activity.js';
import { CaseSnapshot, type CaseSnapshotInput, type StallRules } from '../src/schemas/stall.js';

type CaseInput = CaseSnapshotInput['case'];
type PlanInput = NonNullable<CaseSnapshotInput['plan']>;

const OPENED = '2026-11-02T09:00:00+01:00'; // Monday

/** A single-department, active case with recent activity; override what a test is about. */
function snapshot(caseOver: Partial<CaseInput> = {}, rest: Omit<Partial<CaseSnapshotInput>, 'case'> = {}) {
  return CaseSnapshot.parse({
    case: {
      reference: 'SAG-2026-0001',
      tenant: 'aarhus',
      departments: ['jobcenter'],
      openedAt: OPENED,
      lastActivityAt: OPENED,
      ...caseOver,
    },
    ...rest,
  });
}

/** A case across two departments with an active coordinator and consent covering both. */
function coordinated(caseOver: Partial<CaseInput> = {}, rest: Omit<Partial<CaseSnapshotInput>, 'case'> = {}) {
  return snapshot(
    {
      departments: ['jobcenter', 'familie'],
      consent: { basis: 'consent', givenAt: OPENED, departments: ['jobcenter', 'familie'] },
      coordinator: { current: 'p-koord', history: [{ person: 'p-koord', from: OPENED }] },
      ...caseOver,
    },
    { people: [koordinator()], ...rest },
  );
}

function koordinator(availability?: { status: 'active' | 'absent' | 'left'; since?: string; until?: string }) {
  return { id: 'p-koord', name: 'Kim Koordinator', email: 'kim@jobcenter.example.dk', department: 'jobcenter', availability };
}

/** The reasons of one code. */
function reasons(snap: CaseSnapshot, now: string, code: string, rules?: StallRules, calendar?: BusinessCalendar): StallReason[] {
  return evaluateStall(snap, now, rules, calendar).filter((r) => r.code === code);
}

/** One millisecond before an ISO instant. */
const justBefore = (iso: string) => new Date(Date.parse(iso) - 1).toISOString();

describe('stall.no-activity', () => {
  const snap = snapshot({ lastActivityAt: '2026-11-02T14:00:00+01:00' });

  it('starts at local midnight after the 10th business day', () => {
    const found = reasons(snap, '2026-12-01T12:00:00+01:00', 'stall.no-activity');
    expect(found).toEqual([
      {
        code: 'stall.no-activity',
        severity: 'warning',
        message: {
          da: 'Ingen aktivitet i 10 arbejdsdage (seneste 2026-11-02).',
          en: 'No activity for 10 business days (last on 2026-11-02).',
        },
        data: { lastActivityAt: '2026-11-02T14:00:00+01:00' },
        since: '2026-11-16T23:00:00.000Z',
      },
    ]);
  });

  it('is not there just before', () => {
    expect(reasons(snap, justBefore('2026-11-16T23:00:00.000Z'), 'stall.no-activity')).toEqual([]);
    expect(reasons(snap, '2026-11-16T23:00:00.000Z', 'stall.no-activity')).toHaveLength(1);
  });

  it('takes a custom number of business days', () => {
    const rules = { inactivityBusinessDays: 3 };
    // Mon 2 Nov + 3 business days = Thu 5 Nov; the period ends at midnight before Fri 6 Nov.
    expect(reasons(snap, justBefore('2026-11-05T23:00:00.000Z'), 'stall.no-activity', rules)).toEqual([]);
    const found = reasons(snap, '2026-11-05T23:00:00.000Z', 'stall.no-activity', rules);
    expect(found.map((r) => r.since)).toEqual(['2026-11-05T23:00:00.000Z']);
    expect(found[0]!.message.en).toBe('No activity for 3 business days (last on 2026-11-02).');
  });

  it('counts from the local day of the last activity', () => {
    // 23:30 UTC on Monday 2 November is already Tuesday 3 November in Copenhagen.
    const late = snapshot({ lastActivityAt: '2026-11-02T23:30:00Z' });
    const found = reasons(late, '2026-12-01T12:00:00Z', 'stall.no-activity');
    expect(found.map((r) => r.since)).toEqual(['2026-11-17T23:00:00.000Z']);
    expect(found[0]!.message.da).toContain('(seneste 2026-11-03)');
  });

  it('skips Easter', () => {
    const easter = snapshot({ lastActivityAt: '2026-04-01T10:00:00+02:00' });
    // 2–6 April are holidays or weekend; the 10th business day is Mon 20 April.
    const found = reasons(easter, '2026-05-01T12:00:00+02:00', 'stall.no-activity');
    expect(found.map((r) => r.since)).toEqual(['2026-04-20T22:00:00.000Z']);
    expect(reasons(easter, justBefore('2026-04-20T22:00:00.000Z'), 'stall.no-activity')).toEqual([]);
  });

  describe('over Christmas, with closing days', () => {
    const xmas = snapshot({ lastActivityAt: '2026-12-18T15:00:00+01:00' }); // Friday
    const closing = ['2026-12-24', '2026-12-31'];

    it('without closing days: 10 business days end on Tue 5 January', () => {
      expect(reasons(xmas, '2027-01-20T12:00:00+01:00', 'stall.no-activity').map((r) => r.since)).toEqual([
        '2027-01-05T23:00:00.000Z',
      ]);
    });

    it('closing days in the rules push it to Thu 7 January', () => {
      const rules = { closingDays: closing };
      expect(reasons(xmas, '2027-01-20T12:00:00+01:00', 'stall.no-activity', rules).map((r) => r.since)).toEqual([
        '2027-01-07T23:00:00.000Z',
      ]);
      expect(reasons(xmas, justBefore('2027-01-07T23:00:00.000Z'), 'stall.no-activity', rules)).toEqual([]);
    });

    it('a calendar passed in is used instead of the rules', () => {
      const calendar = new BusinessCalendar(closing);
      expect(reasons(xmas, '2027-01-20T12:00:00+01:00', 'stall.no-activity', {}, calendar).map((r) => r.since)).toEqual([
        '2027-01-07T23:00:00.000Z',
      ]);
    });
  });
});

describe('stall.intervention-overdue', () => {
  const withInterventions = (interventions: PlanInput['interventions']) =>
    snapshot({}, { plan: { citizenWishes: 'Jeg vil klare mig selv.', overallGoal: { kind: 'employment' }, interventions } });

  it('starts at local midnight after the end date', () => {
    const snap = withInterventions([
      { id: 'iv-1', title: 'Familiestøtte', department: 'familie', status: 'active', end: '2026-11-13' },
    ]);
    const found = reasons(snap, '2026-11-14T12:00:00+01:00', 'stall.intervention-overdue');
    expect(found).toEqual([
      {
        code: 'stall.intervention-overdue',
        severity: 'warning',
        message: {
          da: 'Indsatsen »Familiestøtte« skulle være afsluttet 2026-11-13.',
          en: 'The intervention “Familiestøtte” was due to end on 2026-11-13.',
        },
        path: 'plan.interventions[0]',
        subject: 'iv-1',
        data: { end: '2026-11-13', department: 'familie' },
        since: '2026-11-13T23:00:00.000Z',
      },
    ]);
    expect(reasons(snap, justBefore('2026-11-13T23:00:00.000Z'), 'stall.intervention-overdue')).toEqual([]);
  });

  it('uses summer time in summer', () => {
    const snap = withInterventions([{ id: 'iv-1', title: 'Mentor', department: 'jobcenter', end: '2026-06-30' }]);
    expect(reasons(snap, '2026-07-01T12:00:00+02:00', 'stall.intervention-overdue').map((r) => r.since)).toEqual([
      '2026-06-30T22:00:00.000Z',
    ]);
    expect(reasons(snap, justBefore('2026-06-30T22:00:00.000Z'), 'stall.intervention-overdue')).toEqual([]);
  });

  it('ignores done and cancelled interventions and those without an end date', () => {
    const snap = withInterventions([
      { id: 'iv-done', title: 'A', department: 'jobcenter', status: 'done', end: '2026-11-13' },
      { id: 'iv-cancelled', title: 'B', department: 'jobcenter', status: 'cancelled', end: '2026-11-13' },
      { id: 'iv-open', title: 'C', department: 'jobcenter', status: 'active' },
      { id: 'iv-planned', title: 'D', department: 'jobcenter', status: 'planned', end: '2026-11-13' },
      { id: 'iv-paused', title: 'E', department: 'jobcenter', status: 'paused', end: '2026-11-13' },
    ]);
    const found = reasons(snap, '2026-12-01T12:00:00+01:00', 'stall.intervention-overdue');
    expect(found.map((r) => [r.subject, r.path])).toEqual([
      ['iv-planned', 'plan.interventions[3]'],
      ['iv-paused', 'plan.interventions[4]'],
    ]);
  });
});

describe('stall.decision-awaited', () => {
  const decisions = [{ id: 'd-1', department: 'familie', requestedAt: '2026-11-03T10:00:00+01:00' }];

  it('starts after 10 business days', () => {
    const snap = snapshot({}, { decisions });
    const found = reasons(snap, '2026-12-01T12:00:00+01:00', 'stall.decision-awaited');
    expect(found).toEqual([
      {
        code: 'stall.decision-awaited',
        severity: 'warning',
        message: {
          da: 'En afgørelse har ventet mere end 10 arbejdsdage (anmodet 2026-11-03).',
          en: 'A decision has been awaited for more than 10 business days (requested 2026-11-03).',
        },
        path: 'decisions[0]',
        subject: 'd-1',
        data: { requestedAt: '2026-11-03T10:00:00+01:00', department: 'familie' },
        since: '2026-11-17T23:00:00.000Z',
      },
    ]);
    expect(reasons(snap, justBefore('2026-11-17T23:00:00.000Z'), 'stall.decision-awaited')).toEqual([]);
  });

  it('takes a custom number of business days, independent of the inactivity rule', () => {
    const snap = snapshot({}, { decisions });
    const rules = { decisionBusinessDays: 2, inactivityBusinessDays: 20 };
    expect(reasons(snap, '2026-11-05T23:00:00.000Z', 'stall.decision-awaited', rules).map((r) => r.since)).toEqual([
      '2026-11-05T23:00:00.000Z',
    ]);
    expect(reasons(snap, justBefore('2026-11-05T23:00:00.000Z'), 'stall.decision-awaited', rules)).toEqual([]);
    expect(reasons(snap, '2026-11-05T23:00:00.000Z', 'stall.no-activity', rules)).toEqual([]);
  });

  it('ignores decisions already made', () => {
    const snap = snapshot({}, { decisions: [{ ...decisions[0]!, decidedAt: '2026-11-30T09:00:00+01:00' }] });
    expect(reasons(snap, '2026-12-15T12:00:00+01:00', 'stall.decision-awaited')).toEqual([]);
  });
});

describe('stall.follow-up-passed', () => {
  const withFollowUps = (followUps: PlanInput['followUps']) =>
    snapshot({}, { plan: { citizenWishes: 'Jeg vil klare mig selv.', overallGoal: { kind: 'employment' }, followUps } });

  it('starts at local midnight after the follow-up date', () => {
    const snap = withFollowUps([{ date: '2026-11-18' }]);
    expect(reasons(snap, '2026-11-19T12:00:00+01:00', 'stall.follow-up-passed')).toEqual([
      {
        code: 'stall.follow-up-passed',
        severity: 'warning',
        message: { da: 'Opfølgningen 2026-11-18 er ikke holdt.', en: 'The follow-up due 2026-11-18 has not been held.' },
        path: 'plan.followUps[0]',
        subject: '2026-11-18',
        since: '2026-11-18T23:00:00.000Z',
      },
    ]);
    expect(reasons(snap, justBefore('2026-11-18T23:00:00.000Z'), 'stall.follow-up-passed')).toEqual([]);
  });

  it('does not count follow-ups that were held', () => {
    const snap = withFollowUps([{ date: '2026-11-18', heldAt: '2026-11-18T10:00:00+01:00' }, { date: '2026-11-25' }]);
    const found = reasons(snap, '2026-12-01T12:00:00+01:00', 'stall.follow-up-passed');
    expect(found.map((r) => [r.subject, r.path])).toEqual([['2026-11-25', 'plan.followUps[1]']]);
  });
});

describe('stall.no-coordinator', () => {
  const opened = '2026-11-16T09:00:00+01:00';

  it('starts when a case across departments was opened without a coordinator', () => {
    const snap = coordinated({ openedAt: opened, lastActivityAt: opened, coordinator: { current: null, history: [] } });
    const found = reasons(snap, '2026-11-20T12:00:00+01:00', 'stall.no-coordinator');
    expect(found).toEqual([
      {
        code: 'stall.no-coordinator',
        severity: 'warning',
        message: {
          da: 'Sagen har ingen plankoordinator, selvom 2 afdelinger er med.',
          en: 'The case has no plan coordinator although 2 departments take part.',
        },
        data: { departments: ['jobcenter', 'familie'] },
        since: '2026-11-16T08:00:00.000Z',
      },
    ]);
    expect(reasons(snap, justBefore('2026-11-16T08:00:00.000Z'), 'stall.no-coordinator')).toEqual([]);
  });

  it('starts when the last coordinator stopped', () => {
    const snap = coordinated({
      openedAt: opened,
      lastActivityAt: opened,
      coordinator: {
        current: null,
        history: [
          { person: 'p-a', from: opened, to: '2026-11-18T12:00:00+01:00' },
          { person: 'p-b', from: '2026-11-18T12:00:00+01:00', to: '2026-11-20T12:00:00+01:00' },
        ],
      },
    });
    expect(reasons(snap, '2026-11-25T12:00:00+01:00', 'stall.no-coordinator').map((r) => r.since)).toEqual([
      '2026-11-20T11:00:00.000Z',
    ]);
    expect(reasons(snap, justBefore('2026-11-20T11:00:00.000Z'), 'stall.no-coordinator')).toEqual([]);
  });

  it('counts the departments of participants too', () => {
    const snap = snapshot({
      departments: ['jobcenter'],
      participants: [{ person: 'p-f', department: 'familie', role: 'caseworker' }],
      consent: { basis: 'consent', givenAt: OPENED, departments: ['jobcenter', 'familie'] },
    });
    const found = reasons(snap, '2026-11-03T12:00:00+01:00', 'stall.no-coordinator');
    expect(found.map((r) => r.data)).toEqual([{ departments: ['jobcenter', 'familie'] }]);
  });
});

describe('stall.coordinator-unavailable', () => {
  it('starts when the coordinator became absent, and says until when', () => {
    const snap = coordinated({}, { people: [koordinator({ status: 'absent', since: '2026-11-09T08:00:00+01:00', until: '2026-12-31' })] });
    const found = reasons(snap, '2026-11-10T12:00:00+01:00', 'stall.coordinator-unavailable');
    expect(found).toEqual([
      {
        code: 'stall.coordinator-unavailable',
        severity: 'warning',
        message: { da: 'Plankoordinatoren er fraværende til 2026-12-31.', en: 'The plan coordinator is absent until 2026-12-31.' },
        subject: 'p-koord',
        data: { availability: 'absent' },
        since: '2026-11-09T07:00:00.000Z',
      },
    ]);
    expect(reasons(snap, justBefore('2026-11-09T07:00:00.000Z'), 'stall.coordinator-unavailable')).toEqual([]);
  });

  it('reports a coordinator who has left', () => {
    const snap = coordinated({}, { people: [koordinator({ status: 'left', since: '2026-11-30T16:00:00+01:00' })] });
    const found = reasons(snap, '2026-12-01T12:00:00+01:00', 'stall.coordinator-unavailable');
    expect(found.map((r) => [r.since, r.message.da, r.message.en, r.data])).toEqual([
      ['2026-11-30T15:00:00.000Z', 'Plankoordinatoren er stoppet.', 'The plan coordinator has left.', { availability: 'left' }],
    ]);
  });

  it('falls back to the start of the assignment, then to the opening of the case', () => {
    const assigned = coordinated(
      { coordinator: { current: 'p-koord', history: [{ person: 'p-koord', from: '2026-11-04T10:00:00+01:00' }] } },
      { people: [koordinator({ status: 'absent' })] },
    );
    const found = reasons(assigned, '2026-11-10T12:00:00+01:00', 'stall.coordinator-unavailable');
    expect(found.map((r) => r.since)).toEqual(['2026-11-04T09:00:00.000Z']);
    expect(found[0]!.message.en).toBe('The plan coordinator is absent.');

    const noHistory = coordinated({ coordinator: { current: 'p-koord', history: [] } }, { people: [koordinator({ status: 'absent' })] });
    expect(reasons(noHistory, '2026-11-10T12:00:00+01:00', 'stall.coordinator-unavailable').map((r) => r.since)).toEqual([
      '2026-11-02T08:00:00.000Z',
    ]);
  });

  it('is not there for an active coordinator', () => {
    expect(reasons(coordinated(), '2026-11-03T12:00:00+01:00', 'stall.coordinator-unavailable')).toEqual([]);
  });
});

describe('stall.consent-missing', () => {
  const now = '2026-11-20T12:00:00+01:00';

  it('starts at the opening when there is no consent at all', () => {
    const snap = coordinated({ consent: null });
    expect(reasons(snap, now, 'stall.consent-missing')).toEqual([
      {
        code: 'stall.consent-missing',
        severity: 'warning',
        message: {
          da: 'Der er intet samtykke eller andet hjemmelsgrundlag.',
          en: 'There is no consent or other legal basis.',
        },
        path: 'case.consent',
        data: { state: 'missing', departments: ['jobcenter', 'familie'] },
        since: '2026-11-02T08:00:00.000Z',
      },
    ]);
    expect(reasons(snap, justBefore('2026-11-02T08:00:00.000Z'), 'stall.consent-missing')).toEqual([]);
  });

  it('names the departments a given consent does not cover', () => {
    const snap = coordinated({
      departments: ['jobcenter', 'familie', 'psykiatri'],
      consent: { basis: 'consent', givenAt: OPENED, departments: ['jobcenter'] },
    });
    const found = reasons(snap, now, 'stall.consent-missing');
    expect(found.map((r) => [r.since, r.data])).toEqual([
      ['2026-11-02T08:00:00.000Z', { state: 'given', departments: ['familie', 'psykiatri'] }],
    ]);
    expect(found[0]!.message).toEqual({
      da: 'Samtykket dækker ikke familie og psykiatri.',
      en: 'The consent does not cover familie and psykiatri.',
    });
  });

  it('starts when consent was withdrawn', () => {
    const withdrawnAt = '2026-11-10T13:00:00+01:00';
    const snap = coordinated({
      consent: { basis: 'consent', givenAt: OPENED, withdrawnAt, departments: ['jobcenter', 'familie'] },
    });
    const found = reasons(snap, now, 'stall.consent-missing');
    expect(found.map((r) => [r.since, r.data, r.message.en])).toEqual([
      ['2026-11-10T12:00:00.000Z', { state: 'withdrawn', departments: ['jobcenter', 'familie'] }, 'Consent has been withdrawn.'],
    ]);
    expect(found[0]!.message.da).toBe('Samtykket er trukket tilbage.');
    // Before the withdrawal the consent still covered both departments.
    expect(reasons(snap, justBefore('2026-11-10T12:00:00.000Z'), 'stall.consent-missing')).toEqual([]);
  });

  it('is satisfied by a legal basis instead of consent, until it ends', () => {
    const legal = {
      basis: 'legal-basis' as const,
      reference: 'Serviceloven § 49 b',
      recordedAt: OPENED,
      departments: ['jobcenter', 'familie'],
    };
    expect(reasons(coordinated({ consent: legal }), now, 'stall.consent-missing')).toEqual([]);

    const ended = coordinated({ consent: { ...legal, endedAt: '2026-11-15T10:00:00+01:00' } });
    expect(reasons(ended, now, 'stall.consent-missing').map((r) => [r.since, r.data])).toEqual([
      ['2026-11-15T09:00:00.000Z', { state: 'withdrawn', departments: ['jobcenter', 'familie'] }],
    ]);
  });

  it('treats consent given later than now as missing', () => {
    const snap = coordinated({ consent: { basis: 'consent', givenAt: '2026-11-25T10:00:00+01:00', departments: ['jobcenter', 'familie'] } });
    expect(reasons(snap, now, 'stall.consent-missing').map((r) => [r.since, r.data])).toEqual([
      ['2026-11-02T08:00:00.000Z', { state: 'missing', departments: ['jobcenter', 'familie'] }],
    ]);
    expect(reasons(snap, '2026-11-25T10:00:00+01:00', 'stall.consent-missing')).toEqual([]);
  });
});

describe('evaluateStall: whole cases', () => {
  /** A case where every rule fires by 2026-12-15. */
  const everything = (status: 'active' | 'paused' | 'closed') =>
    coordinated(
      {
        status,
        consent: { basis: 'consent', givenAt: OPENED, withdrawnAt: '2026-11-10T10:00:00+01:00', departments: ['jobcenter', 'familie'] },
      },
      {
        plan: {
          citizenWishes: 'Jeg vil klare mig selv.',
          overallGoal: { kind: 'employment' },
          interventions: [{ id: 'iv-1', title: 'Familiestøtte', department: 'familie', end: '2026-11-13' }],
          followUps: [{ date: '2026-11-18' }],
        },
        people: [koordinator({ status: 'absent', since: '2026-11-09T08:00:00+01:00' })],
        decisions: [{ id: 'd-1', department: 'familie', requestedAt: '2026-11-03T10:00:00+01:00' }],
      },
    );

  it('an active case can carry several reasons at once', () => {
    const codes = evaluateStall(everything('active'), '2026-12-15T12:00:00+01:00').map((r) => r.code);
    expect(codes).toEqual([
      'stall.no-activity',
      'stall.intervention-overdue',
      'stall.decision-awaited',
      'stall.follow-up-passed',
      'stall.coordinator-unavailable',
      'stall.consent-missing',
    ]);
    for (const code of codes) expect(STALL_CODES).toContain(code);
  });

  it('paused and closed cases give no reasons', () => {
    expect(evaluateStall(everything('paused'), '2026-12-15T12:00:00+01:00')).toEqual([]);
    expect(evaluateStall(everything('closed'), '2026-12-15T12:00:00+01:00')).toEqual([]);
  });

  it('a healthy coordinated case gives no reasons', () => {
    expect(evaluateStall(coordinated(), '2026-11-10T12:00:00+01:00')).toEqual([]);
  });

  it('a single-department case gets neither no-coordinator nor consent-missing', () => {
    const snap = snapshot({ consent: null, coordinator: { current: null, history: [] } });
    expect(evaluateStall(snap, '2026-11-10T12:00:00+01:00')).toEqual([]);
  });

  it('accepts `now` as epoch milliseconds', () => {
    const snap = snapshot({ lastActivityAt: '2026-11-02T14:00:00+01:00' });
    expect(evaluateStall(snap, Date.parse('2026-11-16T23:00:00.000Z')).map((r) => r.since)).toEqual(['2026-11-16T23:00:00.000Z']);
    expect(evaluateStall(snap, Date.parse('2026-11-16T23:00:00.000Z') - 1)).toEqual([]);
  });

  it('gives the expected reasons for the example cases', () => {
    const cases = JSON.parse(readFileSync(new URL('../../../examples/data/cases.json', import.meta.url), 'utf8')) as unknown[];
    const result = cases.map((c) =>
      evaluateStall(CaseSnapshot.parse(c), '2026-12-01T12:00:00+01:00').map((r) => [r.code, r.since]),
    );
    expect(result).toEqual([
      [
        ['stall.no-activity', '2026-11-16T23:00:00.000Z'],
        ['stall.intervention-overdue', '2026-11-13T23:00:00.000Z'],
        ['stall.decision-awaited', '2026-11-17T23:00:00.000Z'],
        ['stall.follow-up-passed', '2026-11-18T23:00:00.000Z'],
        ['stall.coordinator-unavailable', '2026-11-09T07:00:00.000Z'],
      ],
      [
        ['stall.no-coordinator', '2026-11-16T08:00:00.000Z'],
        ['stall.consent-missing', '2026-11-16T08:00:00.000Z'],
      ],
      [],
    ]);
  });
});

// Monday 23 November 2026; three business days before it is Wednesday 18, twelve is Thursday 5.
const NOW = '2026-11-23T10:00:00+01:00';
const caseworker = (person = 'p-ny') => ({ person, department: 'familie', role: 'caseworker' as const });
const person = (id: string, availability?: { status: 'active' | 'absent' | 'left'; since?: string; until?: string }) => ({
  id,
  name: `Person ${id}`,
  email: `${id}@kommune.example.dk`,
  department: 'familie',
  availability,
});

describe('stall.handover-pending', () => {
  const changed = { participant: caseworker(), previous: 'p-gammel', changedAt: '2026-11-18T10:00:00+01:00' };

  it('holds from a change not taken over after 2 business days, naming the new caseworker', () => {
    const snap = snapshot({}, { handovers: [changed] });
    expect(reasons(snap, justBefore('2026-11-20T23:00:00.000Z'), 'stall.handover-pending')).toEqual([]);
    expect(reasons(snap, NOW, 'stall.handover-pending')).toEqual([
      {
        code: 'stall.handover-pending',
        severity: 'warning',
        message: {
          da: 'Sagsbehandlerskiftet 2026-11-18 er ikke overtaget af p-ny efter 2 arbejdsdage.',
          en: 'The change of caseworker on 2026-11-18 has not been taken over by p-ny after 2 business days.',
        },
        path: 'handovers[0]',
        subject: 'p-ny',
        data: { person: 'p-ny', department: 'familie', role: 'caseworker', previous: 'p-gammel', changedAt: '2026-11-18T10:00:00+01:00' },
        since: '2026-11-20T23:00:00.000Z', // midnight after Friday 20, the second business day
      },
    ]);
  });

  it('does not hold once the new caseworker took over in time', () => {
    const snap = snapshot({}, { handovers: [{ ...changed, takenOverAt: '2026-11-20T15:00:00+01:00' }] });
    expect(reasons(snap, NOW, 'stall.handover-pending')).toEqual([]);
  });

  it('takes the municipality its handover days, and a later change in the same place replaces the first', () => {
    expect(reasons(snapshot({}, { handovers: [changed] }), NOW, 'stall.handover-pending', { handoverBusinessDays: 4 })).toEqual([]);
    const again = { participant: caseworker('p-tredje'), changedAt: '2026-11-18T15:00:00+01:00' };
    expect(reasons(snapshot({}, { handovers: [changed, again] }), NOW, 'stall.handover-pending').map((r) => r.subject)).toEqual(['p-tredje']);
  });

  it('shows both the handover and the missing activity: last activity twelve business days ago, a change three ago, no take-over', () => {
    const snap = snapshot({ lastActivityAt: '2026-11-05T11:00:00+01:00' }, { handovers: [changed] });
    expect(evaluateStall(snap, NOW).map((r) => [r.code, r.since])).toEqual([
      ['stall.no-activity', '2026-11-19T23:00:00.000Z'],
      ['stall.handover-pending', '2026-11-20T23:00:00.000Z'],
    ]);
  });

  it('a change never moves the no-activity clock, taken over or not (property)', () => {
    const instant = fc.integer({ min: Date.parse('2026-10-01T00:00:00Z'), max: Date.parse('2026-11-23T09:00:00Z') }).map((ms) => new Date(ms).toISOString());
    const handover = fc.record({ participant: fc.constantFrom(caseworker('p-a'), caseworker('p-b')), changedAt: instant, takenOverAt: fc.option(instant, { nil: undefined }) });
    fc.assert(
      fc.property(instant, fc.array(handover, { maxLength: 4 }), (last, handovers) => {
        const without = reasons(snapshot({ lastActivityAt: last }), NOW, 'stall.no-activity');
        const withChanges = reasons(snapshot({ lastActivityAt: last }, { handovers: handovers.map((h) => (h.takenOverAt ? h : { participant: h.participant, changedAt: h.changedAt })) }), NOW, 'stall.no-activity');
        expect(withChanges).toEqual(without);
      }),
      { numRuns: 200 },
    );
  });
});

describe('handoversOf and the activity clock', () => {
  it('a change is taken over by the new caseworker’s next activity, or an explicit take-over', () => {
    const change = { kind: 'caseworker-changed', occurredAt: '2026-11-18T10:00:00+01:00', participant: caseworker(), previous: 'p-gammel', previousStaysInformed: true };
    expect(handoversOf([change])).toEqual([{ participant: caseworker(), previous: 'p-gammel', previousStaysInformed: true, changedAt: change.occurredAt }]);
    // Someone else's activity does not take it over; the new caseworker's does.
    const taken = handoversOf([{ kind: 'meeting-held', occurredAt: '2026-11-19T09:00:00+01:00', by: 'p-anden' }, { kind: 'meeting-held', occurredAt: '2026-11-20T09:00:00+01:00', by: 'p-ny' }, change]);
    expect(taken[0]!.takenOverAt).toBe('2026-11-20T09:00:00+01:00');
    expect(handoversOf([change, { kind: 'caseworker-took-over', occurredAt: '2026-11-19T08:00:00+01:00' }])[0]!.takenOverAt).toBe('2026-11-19T08:00:00+01:00');
    expect(handoversOf([change, { kind: 'caseworker-took-over', occurredAt: '2026-11-19T08:00:00+01:00', by: 'p-anden' }])[0]!.takenOverAt).toBeUndefined();
    // An activity before the change is not a take-over.
    expect(handoversOf([change, { kind: 'meeting-held', occurredAt: '2026-11-17T08:00:00+01:00', by: 'p-ny' }])[0]!.takenOverAt).toBeUndefined();
  });

  it('the change, the take-over and the participant writes leave the clock; other activities move it', () => {
    expect(['caseworker-changed', 'caseworker-took-over', 'participants-changed'].map(movesActivityClock)).toEqual([false, false, false]);
    expect(['meeting-held', 'decision-taken', 'intervention-status-changed', 'plan-changed'].map(movesActivityClock)).toEqual([true, true, true, true]);
    expect(CaseworkerChanged.parse({ kind: 'caseworker-changed', participant: caseworker() })).toEqual({ kind: 'caseworker-changed', participant: caseworker(), previousStaysInformed: false });
    expect(CaseworkerTookOver.parse({ kind: 'caseworker-took-over', by: 'p-ny' })).toEqual({ kind: 'caseworker-took-over', by: 'p-ny' });
  });
});

describe('stall.responsible-absent', () => {
  const plan = (owner?: string, status: 'active' | 'planned' = 'active') => ({
    citizenWishes: 'Have ro i hverdagen',
    overallGoal: { kind: 'education' as const },
    interventions: [{ id: 'iv-1', title: 'Familiebehandling', department: 'familie', owner, status, legalBasis: 'BL § 32' }],
  });
  const matrix = {
    columns: [
      { id: 'p-a', kind: 'person' as const, label: 'Anne' },
      { id: 'p-r', kind: 'person' as const, label: 'Rasmus' },
      { id: 'familie', kind: 'department' as const, label: 'Familieafdelingen' },
    ],
    rows: [{ id: 'iv-1', kind: 'intervention' as const, label: 'Familiebehandling', cells: { 'p-a': 'A' as const, 'p-r': 'R' as const, familie: 'C' as const } }],
  };
  const away = { status: 'absent' as const, since: '2026-11-16T08:00:00+01:00', until: '2026-12-07' };

  it('names the role and the intervention by reference when its accountable person is away', () => {
    const snap = snapshot({}, { plan: plan('p-r'), matrix, people: [person('p-a', away), person('p-r')] });
    expect(reasons(snap, NOW, 'stall.responsible-absent')).toEqual([
      {
        code: 'stall.responsible-absent',
        severity: 'warning',
        message: {
          da: 'Indsats iv-1: den ansvarlige (A) p-a er fraværende til 2026-12-07, og ingen dækker.',
          en: 'Intervention iv-1: the accountable (A) p-a is absent until 2026-12-07, and nobody covers.',
        },
        path: 'plan.interventions[0]',
        subject: 'iv-1',
        data: { intervention: 'iv-1', department: 'familie', absent: [{ person: 'p-a', roles: ['accountable'], availability: 'absent', until: '2026-12-07' }] },
        since: '2026-11-16T07:00:00.000Z',
      },
    ]);
    // Not before the absence, not from the day of return, and not for an intervention not active.
    expect(reasons(snap, '2026-11-16T07:59:00+01:00', 'stall.responsible-absent')).toEqual([]);
    expect(reasons(snap, '2026-12-07T00:00:00+01:00', 'stall.responsible-absent')).toEqual([]);
    expect(reasons(snapshot({}, { plan: plan('p-r', 'planned'), matrix, people: [person('p-a', away)] }), NOW, 'stall.responsible-absent')).toEqual([]);
  });

  it('covers the owner and the responsible (R) too, one reason per intervention', () => {
    const snap = snapshot({}, { plan: plan('p-r'), matrix, people: [person('p-a'), person('p-r', { status: 'left', since: '2026-11-20T16:00:00+01:00' })] });
    const [found] = reasons(snap, NOW, 'stall.responsible-absent');
    expect(found!.message.en).toBe('Intervention iv-1: the owner and the responsible (R) p-r has left, and nobody covers.');
    expect(found!.data!.absent).toEqual([{ person: 'p-r', roles: ['owner', 'responsible'], availability: 'left' }]);
  });

  it('is resolved by a recorded cover, from when it starts, by someone not away themselves', () => {
    const people = [person('p-a', away), person('p-r'), person('p-vikar')];
    const cover = { person: 'p-a', by: 'p-vikar', from: '2026-11-19T08:00:00+01:00' };
    expect(reasons(snapshot({}, { plan: plan(), matrix, people, covers: [cover] }), NOW, 'stall.responsible-absent')).toEqual([]);
    expect(reasons(snapshot({}, { plan: plan(), matrix, people, covers: [cover] }), '2026-11-18T12:00:00+01:00', 'stall.responsible-absent')).toHaveLength(1);
    expect(reasons(snapshot({}, { plan: plan(), matrix, people, covers: [{ ...cover, intervention: 'iv-2' }] }), NOW, 'stall.responsible-absent')).toHaveLength(1);
    const coverAway = [person('p-a', away), person('p-vikar', { status: 'absent' })];
    expect(reasons(snapshot({}, { plan: plan(), matrix, people: coverAway, covers: [cover] }), NOW, 'stall.responsible-absent')).toHaveLength(1);
  });

  it('a cover resolves the coordinator’s absence as well', () => {
    const snap = coordinated({}, { people: [koordinator({ status: 'absent', since: '2026-11-16T08:00:00+01:00' }), person('p-vikar')], covers: [{ person: 'p-koord', by: 'p-vikar', from: '2026-11-16T08:00:00+01:00' }] });
    expect(reasons(snap, NOW, 'stall.coordinator-unavailable')).toEqual([]);
  });
});

describe('stall.intervention-waiting', () => {
  const plan = (start: string, status: 'planned' | 'active' = 'planned', end?: string) => ({
    citizenWishes: 'Komme i gang',
    overallGoal: { kind: 'employment' as const },
    interventions: [{ id: 'iv-wait', title: 'Mentor', department: 'jobcenter', status, start, end }],
  });

  it('holds from the midnight after a planned start that never came, distinct from overdue', () => {
    const snap = snapshot({ lastActivityAt: '2026-11-20T10:00:00+01:00' }, { plan: plan('2026-11-16') });
    expect(evaluateStall(snap, NOW)).toEqual([
      {
        code: 'stall.intervention-waiting',
        severity: 'warning',
        message: {
          da: 'Indsatsen »Mentor« skulle være startet 2026-11-16, men venter stadig.',
          en: 'The intervention “Mentor” was due to start on 2026-11-16 and is still waiting.',
        },
        path: 'plan.interventions[0]',
        subject: 'iv-wait',
        data: { start: '2026-11-16', department: 'jobcenter' },
        since: '2026-11-16T23:00:00.000Z',
      },
    ]);
    expect(reasons(snap, justBefore('2026-11-16T23:00:00.000Z'), 'stall.intervention-waiting')).toEqual([]);
    expect(reasons(snapshot({}, { plan: plan('2026-11-16', 'active') }), NOW, 'stall.intervention-waiting')).toEqual([]);
    // Past its end as well: both, each its own reason.
    const late = snapshot({ lastActivityAt: '2026-11-20T10:00:00+01:00' }, { plan: plan('2026-11-02', 'planned', '2026-11-13') });
    expect(evaluateStall(late, NOW).map((r) => r.code)).toEqual(['stall.intervention-overdue', 'stall.intervention-waiting']);
  });

  it('counts waiting days per department for a digest, in calendar days, active cases only', () => {
    const withPlan = (reference: string, interventions: object[], status: 'active' | 'closed' = 'active') =>
      snapshot({ reference, status }, { plan: { citizenWishes: 'x', overallGoal: { kind: 'other' }, interventions } });
    const snaps = [
      withPlan('S1', [
        { id: 'a', title: 'A', department: 'jobcenter', start: '2026-11-16' }, // 7 days on Monday 23rd
        { id: 'b', title: 'B', department: 'familie', start: '2026-11-20' }, // 3 days
        { id: 'c', title: 'C', department: 'familie', start: '2026-11-23' }, // today: not yet
        { id: 'd', title: 'D', department: 'familie', start: '2026-11-01', status: 'active' },
      ]),
      withPlan('S2', [{ id: 'e', title: 'E', department: 'familie', start: '2026-11-13' }]), // 10 days
      withPlan('S3', [{ id: 'f', title: 'F', department: 'sundhed', start: '2026-10-01' }], 'closed'),
    ];
    expect(waitingByDepartment(snaps, NOW)).toEqual([
      { department: 'familie', interventions: 2, days: 13, longest: 10 },
      { department: 'jobcenter', interventions: 1, days: 7, longest: 7 },
    ]);
  });
});

describe('the coordinator rule in the stall check', () => {
  it('asks for a coordinator under the municipality’s combinations only', () => {
    const snap = snapshot({ departments: ['jobcenter', 'sundhed'], consent: { basis: 'consent', givenAt: OPENED, departments: ['jobcenter', 'sundhed'] } });
    expect(reasons(snap, NOW, 'stall.no-coordinator')).toHaveLength(1);
    const rule = { kind: 'combinations' as const, combinations: [['jobcenter', 'familie']] };
    expect(reasons(snap, NOW, 'stall.no-coordinator', { coordinator: rule })).toEqual([]);
  });

  it('counts business days in the municipality’s own calendar (another time zone)', () => {
    const snap = snapshot({ lastActivityAt: '2026-11-02T14:00:00-02:00' });
    const nuuk = new BusinessCalendar({ timeZone: 'America/Nuuk' });
    // Ten business days after Monday 2 November end at Nuuk's midnight before Tuesday 17th: 02:00 UTC.
    expect(reasons(snap, NOW, 'stall.no-activity', {}, nuuk).map((r) => r.since)).toEqual(['2026-11-17T02:00:00.000Z']);
  });
});
