// Issue 28: the citizen's view of their own case, the voice's schema and LIX.
import { describe, expect, it } from 'vitest';
import { CitizenView, CitizenVoice, citizenView, lix, Person, Plan, ResponsibilityMatrix, Meeting, type CitizenViewInput } from '../src/index.js';

const NOW = Date.parse('2026-12-07T10:00:00Z');

const plan = Plan.parse({
  caseReference: 'SAG-2026-0412',
  citizenWishes: 'Jeg vil gerne have et job i en have.',
  overallGoal: { kind: 'employment', description: 'Job 15 timer om ugen', department: 'jobcenter' },
  subGoals: [
    { id: 'g1', title: 'Tage bussen alene', criterion: 'Tager bussen tre dage i træk', targetDate: '2027-01-15', status: 'in-progress' },
    { id: 'g2', title: 'Faste rutiner hjemme', status: 'achieved' },
  ],
  interventions: [
    { id: 'i1', title: 'Mentor', department: 'jobcenter', owner: 'p-job', status: 'active', end: '2027-02-01', legalBasis: 'LAB § 31 b', budgetDkk: 40000 },
    { id: 'i2', title: 'Familiebehandling', department: 'familie', owner: 'p-unknown', status: 'planned', start: '2026-12-20' },
    { id: 'i3', title: 'Afsluttet forløb', department: 'jobcenter', status: 'done' },
  ],
  followUps: [{ date: '2026-11-01', heldAt: '2026-11-01T10:00:00Z' }, { date: '2027-01-10' }, { date: '2026-12-15' }],
});
const matrix = ResponsibilityMatrix.parse({
  columns: [
    { id: 'jobcenter', kind: 'department', label: 'Jobcenter' },
    { id: 'psyk', kind: 'department', label: 'Psykiatri' },
    { id: 'p-fam', kind: 'person', label: 'Pia Familie' },
  ],
  rows: [
    { id: 'r1', kind: 'task', label: 'Finde praktikplads', cells: { jobcenter: 'R', psyk: 'C' } },
    { id: 'r2', kind: 'decision', label: 'Afgørelse om støtte', cells: { 'p-fam': 'A', psyk: 'R' } },
    { id: 'r3', kind: 'task', label: 'Kun psykiatrien', cells: { psyk: 'R' } },
  ],
  disagreement: { rule: 'Intern regel om uenighed', decidedBy: 'jobcenter' },
});
const meeting = (id: string, startsAt: string, extra: object = {}) =>
  Meeting.parse({ id, caseReference: 'SAG-2026-0412', startsAt, endsAt: new Date(Date.parse(startsAt) + 3_600_000).toISOString(), place: { kind: 'room', id: 'r-1' }, ...extra });

const input = (over: Partial<CitizenViewInput> = {}): CitizenViewInput => ({
  caseReference: 'SAG-2026-0412',
  plan,
  matrix,
  consent: { basis: 'consent', givenAt: '2026-10-01T09:00:00Z', departments: ['jobcenter', 'familie'] },
  coordinator: { name: 'Mette Jensen', title: 'Plankoordinator', department: 'jobcenter', contact: 'Ring 70 20 30 40 kl. 9-12' },
  people: [
    { id: 'p-job', name: 'Jonas Job', department: 'jobcenter' },
    { id: 'p-fam', name: 'Pia Familie', department: 'familie' },
  ],
  departments: [
    { id: 'jobcenter', name: 'Jobcenter Aarhus' },
    { id: 'familie', name: 'Familieafdelingen' },
  ],
  meetings: [meeting('m-old', '2026-11-01T09:00:00Z', { state: 'held' }), meeting('m-later', '2027-01-20T09:00:00Z'), meeting('m-next', '2026-12-16T09:00:00Z'), meeting('m-no-citizen', '2026-12-10T09:00:00Z', { citizenInvited: false })],
  rooms: [{ id: 'r-1', name: 'Mødelokale 2, Rådhuset' }],
  voice: [
    { text: 'Jeg er bange for bussen.', writtenAt: '2026-12-01T10:00:00Z' },
    { text: 'Kan min søster komme med?', writtenAt: '2026-12-05T10:00:00Z' },
  ],
  now: NOW,
  ...over,
});

describe('the citizen view', () => {
  it('shows the wishes, the goal and the sub-goals with their status', () => {
    const v = citizenView(input());
    expect(CitizenView.safeParse(v).success).toBe(true);
    expect(v.wishes).toBe('Jeg vil gerne have et job i en have.');
    expect(v.goal).toEqual({ kind: 'employment', description: 'Job 15 timer om ugen' });
    expect(v.subGoals.map((g) => [g.id, g.status])).toEqual([['g1', 'in-progress'], ['g2', 'achieved']]);
  });

  it('names the coordinator with their contact and department', () => {
    expect(citizenView(input()).coordinator).toEqual({ name: 'Mette Jensen', title: 'Plankoordinator', department: 'Jobcenter Aarhus', contact: 'Ring 70 20 30 40 kl. 9-12' });
    expect(citizenView(input({ coordinator: null })).coordinator).toBeNull();
  });

  it('shows the next meeting the citizen is invited to (by the room\'s name), and the next follow-up not held', () => {
    const v = citizenView(input());
    expect(v.nextMeeting).toEqual({ startsAt: '2026-12-16T09:00:00Z', endsAt: '2026-12-16T10:00:00.000Z', place: { kind: 'room', name: 'Mødelokale 2, Rådhuset' } });
    expect(v.nextFollowUp).toBe('2026-12-15');
    expect(citizenView(input({ meetings: [] })).nextMeeting).toBeNull();
  });

  it('lists the next steps not done, by date, with who does them by name (never an id), and no legal basis or budget', () => {
    const v = citizenView(input());
    expect(v.steps).toEqual([
      { title: 'Familiebehandling', department: 'Familieafdelingen', start: '2026-12-20', status: 'planned' },
      { title: 'Mentor', department: 'Jobcenter Aarhus', who: 'Jonas Job', by: '2027-02-01', status: 'active' },
    ]);
    const json = JSON.stringify(v);
    for (const hidden of ['LAB § 31 b', '40000', 'p-unknown', 'p-job', 'Intern regel', 'Afsluttet forløb']) expect(json).not.toContain(hidden);
  });

  it('shows who does what only for the departments the consent covers, and nothing once it is withdrawn', () => {
    expect(citizenView(input()).tasks).toEqual([
      { task: 'Finde praktikplads', kind: 'task', does: ['Jobcenter Aarhus'], decides: [] },
      { task: 'Afgørelse om støtte', kind: 'decision', does: [], decides: ['Pia Familie'] },
    ]);
    const withdrawn = citizenView(input({ consent: { basis: 'consent', givenAt: '2026-10-01T09:00:00Z', withdrawnAt: '2026-12-01T09:00:00Z', departments: ['jobcenter', 'familie'] } }));
    expect(withdrawn.tasks).toEqual([]);
    expect(withdrawn.consent).toEqual({ state: 'withdrawn', basis: 'consent', since: '2026-10-01T09:00:00Z', ended: '2026-12-01T09:00:00Z', departments: ['Jobcenter Aarhus', 'Familieafdelingen'] });
    expect(citizenView(input({ consent: null })).consent).toEqual({ state: 'missing', basis: 'none', departments: [] });
  });

  it('gives back the citizen\'s own words, the latest first', () => {
    expect(citizenView(input()).voice.map((x) => x.text)).toEqual(['Kan min søster komme med?', 'Jeg er bange for bussen.']);
  });

  it('is empty but valid before there is a plan', () => {
    const v = citizenView(input({ plan: null, matrix: null }));
    expect(CitizenView.safeParse(v).success).toBe(true);
    expect([v.wishes, v.goal, v.steps, v.tasks, v.nextFollowUp]).toEqual([null, null, [], [], null]);
  });
});

describe('the citizen\'s voice and the contact field', () => {
  it('refuses a CPR number in any form, and an empty or too long text', () => {
    const at = '2026-12-07T10:00:00Z';
    for (const cpr of ['010190-1234', '0101901234', '010190 1234', '010190–1234']) expect(CitizenVoice.safeParse({ text: `Mit nummer er ${cpr}`, writtenAt: at }).success, cpr).toBe(false);
    expect(CitizenVoice.safeParse({ text: '   ', writtenAt: at }).success).toBe(false);
    expect(CitizenVoice.safeParse({ text: 'x'.repeat(2001), writtenAt: at }).success).toBe(false);
    expect(CitizenVoice.parse({ text: '  Kan vi mødes kl. 10?  ', writtenAt: at }).text).toBe('Kan vi mødes kl. 10?');
  });

  it('a person may have a contact, never with a CPR number', () => {
    const p = { id: 'p', name: 'P', email: 'p@example.dk', department: 'd' };
    expect(Person.parse({ ...p, contact: 'Tlf. 70 20 30 40' }).contact).toBe('Tlf. 70 20 30 40');
    expect(Person.safeParse({ ...p, contact: '010190-1234' }).success).toBe(false);
    expect(Person.parse(p).contact).toBeUndefined();
  });

  it('the plan carries the voice when read', () => {
    expect(Plan.parse({ ...plan, citizenVoice: [{ text: 'Hej', writtenAt: '2026-12-07T10:00:00Z' }] }).citizenVoice).toHaveLength(1);
    expect(Plan.safeParse({ ...plan, citizenVoice: [{ text: '010190-1234', writtenAt: '2026-12-07T10:00:00Z' }] }).success).toBe(false);
  });
});

describe('LIX', () => {
  it('is words per sentence plus the per cent of long words', () => {
    // 8 words, 2 sentences, 2 long words (bibliotek, eftermiddag): 4 + 25 = 29.
    expect(lix(['Jeg går på bibliotek. Det er en eftermiddag.'])).toEqual({ score: 29, words: 8, longWords: 2, sentences: 2 });
  });

  it('counts each text as a unit, a text without a full stop as one sentence, and digits not as letters', () => {
    expect(lix(['Din tovholder', 'Ring 12345678 i dag'])).toMatchObject({ words: 6, sentences: 2, longWords: 1 });
    expect(lix(['Mødet er kl. 10 i dag.', ''])).toMatchObject({ sentences: 1, words: 6 });
    expect(lix(['Tlf: 70 20 30 40. Ring! Skriv?'])).toMatchObject({ sentences: 4 });
    expect(lix([]).score).toBe(0);
  });

  it('scores long bureaucratic Danish higher than plain Danish', () => {
    const hard = lix(['Koordineringen er blokeret: uden gyldigt samtykke må forvaltningerne ikke udveksle personoplysninger vedrørende borgerens sagsforløb.']);
    const plain = lix(['Du kan trække dit ja tilbage. Så deler de ikke mere.']);
    expect(hard.score).toBeGreaterThan(60);
    expect(plain.score).toBeLessThan(20);
  });
});

describe("the meeting's agenda and the citizen's voice", () => {
  it('carries what the citizen wrote since the last follow-up held, for the case system; chat only that they wrote', async () => {
    const { agendaOf, chatAgendaLines } = await import('../src/index.js');
    const withVoice = Plan.parse({
      ...plan,
      citizenVoice: [
        { text: 'Kan min søster komme med?', writtenAt: '2026-12-05T10:00:00Z' },
        { text: 'Skrevet før sidste møde', writtenAt: '2026-10-30T10:00:00Z' },
      ],
    });
    const snapshot = { case: { reference: 'SAG-2026-0412' } } as Parameters<typeof agendaOf>[2];
    const a = agendaOf(withVoice, null, snapshot, [], [], [], NOW);
    expect(a.sections[0]).toEqual({ kind: 'citizen-wishes', wishes: plan.citizenWishes, voice: [{ text: 'Kan min søster komme med?', writtenAt: '2026-12-05T10:00:00Z' }] });
    expect(a.forChat.sections[0]).toEqual({ kind: 'citizen-wishes', marker: true, citizenWrote: true });
    expect(JSON.stringify(a.forChat)).not.toContain('søster');
    expect(chatAgendaLines(a.forChat, 'da')[0]).toBe('1. Borgerens ønsker (se planen) · borgeren har skrevet før mødet');
    // Nothing written since: no voice, and chat says nothing of it.
    const none = agendaOf(plan, null, snapshot, [], [], [], NOW);
    expect(none.sections[0]).toEqual({ kind: 'citizen-wishes', wishes: plan.citizenWishes });
    expect(none.forChat.sections[0]).toEqual({ kind: 'citizen-wishes', marker: true });
  });
});
