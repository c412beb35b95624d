// The platform-neutral views: plan structure in, free text kept out, both languages.
import type { CaseOverview } from '@samspil/server';
import { describe, expect, it } from 'vitest';
import { help, parseCommand, personalDataIn, planCard, referenceIn, type Format } from '../src/index.js';
import { digestMessage, nudgeMessage, rcDigestMessage, rcInvitation, rcStep } from '../src/views.js';

const f: Format = { text: (v) => v, bold: (v) => `**${v}**`, person: (id) => (id ? `@${id}` : '–') };
const now = Date.parse('2026-11-24T10:00:00+01:00');

const overview = (): CaseOverview => ({
  coordination: 'open',
  reasons: [{ id: '1', caseReference: 'SAG-1', reason: 'stall.no-activity', subject: '', since: '2026-11-20T08:00:00Z', step: 0, status: 'open', recipient: 'p1', snoozedUntil: null }],
  case: {
    reference: 'SAG-1',
    tenant: 't',
    status: 'active',
    departments: ['job', 'psyk'],
    participants: [],
    consent: null,
    coordinator: { current: null, history: [] },
    openedAt: '2026-10-01T08:00:00Z',
    lastActivityAt: '2026-11-01T08:00:00Z',
    caseSystemUrl: 'https://sag.example.dk/SAG-1',
  },
  plan: {
    version: 1,
    citizenWishes: 'Karen vil gerne arbejde igen',
    overallGoal: { kind: 'employment', description: 'Job trods depression' },
    subGoals: [{ id: 'g1', title: 'Behandling for depression', criterion: 'Færre indlæggelser', status: 'in-progress', targetDate: '2027-01-31' }],
    interventions: [
      { id: 'a', title: 'Samtaleforløb om depression', department: 'psyk', status: 'active', subGoals: [], dependsOn: [] },
      { id: 'b', title: 'Praktik i dyreklinik', department: 'job', status: 'planned', subGoals: [], dependsOn: ['a'], end: '2027-06-30' },
    ],
    followUps: [{ date: '2026-11-20' }],
  },
});

describe('planCard', () => {
  it('shows the plan by structure: positions, departments, statuses, dates and sequence', () => {
    const card = planCard({ ...overview(), departmentNames: { job: 'Jobcenter', psyk: 'Psykiatri' }, suggestion: { person: 'p2', basis: 'goal-owner' }, now }, f, 'da');
    expect(card.title).toBe('Koordinering af SAG-1');
    expect(card.facts.map((x) => x.value)).toEqual(['Beskæftigelse', 'ingen', '2026-11-20 ⚠️ overskredet', '⚠️ mangler']);
    expect(card.warnings).toHaveLength(2);
    expect(card.lists[0]!.items).toEqual(['Delmål 1: i gang (2027-01-31)']);
    expect(card.lists[1]!.items).toEqual(['Indsats 1, Psykiatri: aktiv', 'Indsats 2, Jobcenter: planlagt (til 2027-06-30), venter på Indsats 1']);
    expect(card.stalled).toContain('ingen aktivitet (siden 2026-11-20)');
    expect(card.actions?.suggestion).toEqual({ person: 'p2', label: 'Foreslået: @p2' });
    expect(card.caseSystem?.url).toBe('https://sag.example.dk/SAG-1');
  });

  it('keeps the citizen\'s words and the caseworkers\' free text out', () => {
    const card = planCard({ ...overview(), departmentNames: {}, now }, f, 'en');
    expect(personalDataIn([card], ['Karen', 'depression', 'dyreklinik', 'indlæggelser'])).toEqual([]);
    expect(card.facts[0]!.value).toBe('Employment');
  });

  it('caps long lists and says how many more', () => {
    const o = overview();
    o.plan!.interventions = Array.from({ length: 30 }, (_, i) => ({ id: `i${i}`, title: 'x', department: 'job', status: 'planned' as const, subGoals: [], dependsOn: [] }));
    const card = planCard({ ...o, departmentNames: {}, now }, f, 'da');
    expect(card.lists[1]!.items).toHaveLength(12);
    expect(card.lists[1]!.more).toBe('… og 18 mere');
  });
});

describe('a reminder (issue 25)', () => {
  it('offers "Book møde" when a meeting settles the stall: a decision awaited or a follow-up passed', () => {
    const reminder = (reason: string, locale: 'da' | 'en' = 'da') => nudgeMessage({ kind: 'nudge', nudgeId: 'n1', caseReference: 'SAG-1', reason, since: '2026-11-20T08:00:00Z', step: 0 }, locale);
    expect(reminder('stall.decision-awaited').bookLabel).toBe('Book møde');
    expect(reminder('stall.follow-up-passed', 'en').bookLabel).toBe('Book meeting');
    expect(reminder('stall.no-activity').bookLabel).toBeUndefined();
    expect(reminder('stall.consent-missing').bookLabel).toBeUndefined();
  });
});

describe('privacy check', () => {
  it('finds CPR numbers and forbidden text, and passes clean messages', () => {
    expect(personalDataIn([{ text: 'SAG-1 er gået i stå' }], ['Karen'])).toEqual([]);
    expect(personalDataIn([{ text: 'borger 010203-1234' }], [])).toHaveLength(1);
    expect(personalDataIn(['Karen vil'], ['Karen'])).toHaveLength(1);
  });
});

describe('commands', () => {
  it('parses the sub-command and its arguments', () => {
    expect(parseCommand('  Coordinate  SAG-1 ')).toEqual({ name: 'coordinate', args: ['SAG-1'] });
    expect(parseCommand('')).toEqual({ name: 'help', args: [] });
  });

  it('has help in both languages with the platform\'s prefix', () => {
    expect(help('da', '/samspil ').commands[0]!.syntax).toBe('/samspil coordinate SAGSNR');
    expect(help('en', '').commands[0]!.syntax).toBe('coordinate CASE-REF');
  });

  it('finds a case reference in a message', () => {
    expect(referenceIn('Kan vi samle SAG-2026-1003 på tværs?')).toBe('SAG-2026-1003');
    expect(referenceIn('ingen reference her')).toBe('');
  });
});

describe('RC invitations and questions', () => {
  it("promise the wave's own k, in both languages", () => {
    const ask = { waveId: '7', waveName: 'Efterår', closesAt: '2026-12-18T15:00:00Z', k: 5, reminder: 0 as const };
    expect(rcInvitation(ask, 'da').detail).toContain('kun grupper med mindst 5 svar tæller med');
    expect(rcInvitation(ask, 'en').detail).toContain('only groups with at least 5 answers count');
    expect(rcInvitation({ ...ask, k: 1 }, 'en').detail).toContain('at least 1 answer counts');
    const questions = { wave: { id: '7', name: 'Efterår', closesAt: ask.closesAt, k: 4 }, group: 'A', locale: 'da' as const, dontKnow: 'ved ikke', partners: [{ group: 'B', answered: false, items: [] }] };
    expect(rcStep(questions, 0, 'da').intro).toContain('mindst 4 svar');
  });
});

describe('the RC digest', () => {
  it("speaks the sources' words: Høj / Middel / Lav, and change as a per cent beside the difference", () => {
    const digest = {
      wave: { id: '7', name: 'Efterår', closedAt: '2026-12-18T15:00:00Z' },
      surveyId: '3',
      previousWave: 'Forår',
      responseRates: [],
      overall: { score: 3.56, change: 0.97 },
      weakestTies: [{ from: 'Jobcenter', to: 'Familie', score: 3.2, band: 'weak' as const }],
      asymmetricPairs: [],
      largestChanges: [{ from: 'Jobcenter', to: 'Familie', before: 2.59, after: 3.56, delta: 0.97 }],
    };
    const text = (locale: 'da' | 'en') => JSON.stringify(rcDigestMessage(digest, f, locale));
    expect(text('da')).toContain('Lav');
    expect(text('da')).toContain('+37,5\u00a0%');
    expect(text('en')).toContain('Low');
    expect(text('en')).toContain('+37.5%');
    expect(text('da')).not.toMatch(/svag|stærk/);
  });
});

describe("the team lead's digest (issue 24)", () => {
  it('counts the waiting per department and the interventions without a legal basis, in both languages, with ids and counts only', () => {
    const items = [
      { caseReference: 'SAG-1', reason: 'stall.handover-pending', since: '2026-11-20T08:00:00Z' },
      { caseReference: 'SAG-2', reason: 'stall.intervention-waiting', since: '2026-11-21T08:00:00Z' },
    ];
    const counts = { waiting: [{ department: 'familie', interventions: 2, days: 9, longest: 6 }], legalBasisMissing: 3 };
    const da = JSON.stringify(digestMessage('2026-11-24', items, now, f, 'da', counts));
    const en = JSON.stringify(digestMessage('2026-11-24', items, now, f, 'en', counts));
    expect(da).toContain('sagsbehandlerskift ikke overtaget');
    expect(da).toContain('familie: 2 indsatser, 9 dage i alt (længst 6)');
    expect(da).toContain('3 aktive indsatser mangler hjemmel.');
    expect(en).toContain('change of caseworker not taken over');
    expect(en).toContain('familie: 2 interventions, 9 days in all (longest 6)');
    expect(en).toContain('3 active interventions state no legal basis.');
    // Without counts, as before.
    expect(digestMessage('2026-11-24', items, now, f, 'en').sections).toHaveLength(1);
  });
});
