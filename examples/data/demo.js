// Fictional demo data for the example hosts: one citizen's coordinated case
// across four departments (the kind of course the source documents describe:
// out of work, depression, diabetes, a divorce, children under review).
// Everyone here is invented.

export const departments = [
  { id: 'jobcenter', name: 'Jobcenter' },
  { id: 'familie', name: 'Familieafdelingen' },
  { id: 'psykiatri', name: 'Social- og psykiatriafdelingen' },
  { id: 'sundhed', name: 'Sundhed og forebyggelse' },
];

export const people = [
  // contact: how a citizen reaches her (issue 28), as the case system sets it; the citizen's plan shows it.
  { id: 'p-job-1', name: 'Maja Holm', title: 'Jobkonsulent, plankoordinator', department: 'jobcenter', contact: 'Ring 70 11 22 33, mandag til torsdag kl. 9-12' },
  { id: 'p-job-2', name: 'Anders Lund', title: 'Virksomhedskonsulent', department: 'jobcenter' },
  { id: 'p-fam-1', name: 'Sofie Krag', title: 'Familierådgiver', department: 'familie' },
  { id: 'p-fam-2', name: 'Jonas Bech', title: 'Familiebehandler', department: 'familie' },
  { id: 'p-psyk-1', name: 'Line Dahl', title: 'Socialrådgiver, voksenområdet', department: 'psykiatri' },
  { id: 'p-sund-1', name: 'Emil Friis', title: 'Sygeplejerske, diabetesforløb', department: 'sundhed' },
];

export const cases = [
  { reference: 'SAG-2026-0412', title: 'Fælles forløb, 4 afdelinger', status: 'Aktiv', updated: '2026-11-20' },
  { reference: 'SAG-2026-0977', title: 'Afventer samtykke', status: 'Afventer', updated: '2026-11-16' },
  { reference: 'SAG-2026-1003', title: 'Ét forløb, jobcenter', status: 'Aktiv', updated: '2026-11-19' },
];

export const consent = {
  basis: 'consent',
  givenAt: '2026-10-28T10:00:00+01:00',
  departments: ['jobcenter', 'familie', 'psykiatri', 'sundhed'],
};

export const plan = {
  caseReference: 'SAG-2026-0412',
  version: 3,
  citizenWishes:
    'Jeg vil være en god mor for min datter og kunne klare mig selv. Jeg vil gerne arbejde med dyr igen, men først skal hverdagen hænge sammen.',
  overallGoal: { kind: 'employment', description: 'Job med støtte inden for dyrepasning', department: 'jobcenter' },
  subGoals: [
    { id: 'sg-routines', title: 'Faste rutiner i hjemmet', criterion: 'Morgenrutinen holder fem hverdage i træk i fire uger', targetDate: '2027-02-26', status: 'in-progress' },
    { id: 'sg-health', title: 'Stabilt blodsukker', criterion: 'Langtidsblodsukker under 53 mmol/mol ved to målinger', targetDate: '2027-03-31', status: 'in-progress' },
    { id: 'sg-bus', title: 'Kan tage bussen alene', criterion: 'Tager bussen alene til jobcentret tre gange', targetDate: '2027-03-31', status: 'not-started' },
    { id: 'sg-internship', title: 'Virksomhedspraktik i en dyreklinik', targetDate: '2027-09-30', status: 'not-started' },
  ],
  interventions: [
    { id: 'iv-family', title: 'Familiebehandling i hjemmet', department: 'familie', owner: 'p-fam-2', status: 'active', start: '2026-11-02', end: '2027-02-26', subGoals: ['sg-routines'], budgetDkk: 48000 },
    { id: 'iv-psych', title: 'Samtaleforløb om angst og depression', department: 'psykiatri', owner: 'p-psyk-1', status: 'active', start: '2026-11-16', end: '2027-04-30', subGoals: ['sg-routines', 'sg-bus'], budgetDkk: 22500 },
    { id: 'iv-diabetes', title: 'Diabetesforløb', department: 'sundhed', owner: 'p-sund-1', status: 'active', start: '2026-11-09', end: '2027-03-31', subGoals: ['sg-health'], budgetDkk: 6500 },
    { id: 'iv-pause', title: 'Pause i rådighedsforpligtelsen', department: 'jobcenter', owner: 'p-job-1', status: 'active', start: '2026-11-02', end: '2027-02-26', subGoals: ['sg-routines'] },
    { id: 'iv-mentor', title: 'Mentor til transport', department: 'jobcenter', owner: 'p-job-2', status: 'planned', start: '2027-03-01', end: '2027-03-31', subGoals: ['sg-bus'], dependsOn: ['iv-family'], budgetDkk: 9500 },
    { id: 'iv-internship', title: 'Virksomhedspraktik', department: 'jobcenter', owner: 'p-job-2', status: 'planned', start: '2027-04-01', end: '2027-09-30', subGoals: ['sg-internship'], dependsOn: ['iv-mentor'] },
  ],
  followUps: [{ date: '2026-11-18', heldAt: '2026-11-18T13:00:00+01:00' }, { date: '2026-12-15' }, { date: '2027-03-15' }],
};

/** The municipality's meeting rooms (TenantSettings.rooms). */
export const rooms = [{ id: 'lokale-2', name: 'Jobcentret, mødelokale 2' }];

/** The next meeting of the case, with the citizen at the head of the table (issue 25's Meeting). */
export const meetings = [
  { id: 'mode-1', caseReference: 'SAG-2026-0412', startsAt: '2026-12-15T09:00:00+01:00', endsAt: '2026-12-15T10:00:00+01:00', place: { kind: 'room', id: 'lokale-2' }, invited: ['p-job-1', 'p-fam-2', 'p-psyk-1'], citizenInvited: true, state: 'booked', sequence: 0 },
];

/** What a host does with "Book møde" without the service: a meeting at the suggested day (the next follow-up, else in a week), 10:00, in the first room. */
export function bookDemoMeeting(booked, { caseReference, chair, followUp }) {
  const day = followUp ?? new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  return {
    id: `mode-${booked.length + 1}`,
    caseReference: caseReference ?? plan.caseReference,
    startsAt: `${day}T10:00:00+01:00`,
    endsAt: `${day}T11:00:00+01:00`,
    place: { kind: 'room', id: rooms[0].id },
    invited: people.map((p) => p.id),
    citizenInvited: true,
    ...(chair ? { chair } : {}),
    state: 'booked',
    sequence: 0,
  };
}

/** What a host does with a meeting's outcome without the service: the meeting is held, with its outcome. */
export function recordDemoOutcome(booked, { meeting, outcome }) {
  return booked.map((m) => (m.id === meeting ? { ...m, state: 'held', ...('citizenAttended' in outcome ? { citizenAttended: outcome.citizenAttended } : {}), outcome: { meeting, ...outcome } } : m));
}

export const matrix = {
  caseReference: 'SAG-2026-0412',
  version: 1,
  coordinator: 'p-job-1',
  columns: [
    { id: 'p-job-1', kind: 'person', label: 'Maja Holm (plankoordinator)' },
    { id: 'p-fam-1', kind: 'person', label: 'Sofie Krag' },
    { id: 'p-psyk-1', kind: 'person', label: 'Line Dahl' },
    { id: 'p-sund-1', kind: 'person', label: 'Emil Friis' },
    { id: 'jobcenter', kind: 'department', label: 'Jobcenter' },
    { id: 'familie', kind: 'department', label: 'Familieafdelingen' },
  ],
  rows: [
    { id: 'r-coordination', kind: 'task', label: 'Plankoordinering og netværksmøder', cells: { 'p-job-1': 'A', 'p-fam-1': 'C', 'p-psyk-1': 'C', 'p-sund-1': 'I' } },
    { id: 'r-pause', kind: 'decision', label: 'Pause i rådighedsforpligtelsen', cells: { jobcenter: 'A', 'p-job-1': 'R', familie: 'I' } },
    { id: 'r-family', kind: 'intervention', label: 'Familiebehandling i hjemmet', cells: { familie: 'A', 'p-fam-1': 'R', 'p-job-1': 'I' } },
    { id: 'r-psych', kind: 'intervention', label: 'Samtaleforløb om angst og depression', cells: { 'p-psyk-1': 'A', 'p-job-1': 'I' } },
    { id: 'r-diabetes', kind: 'intervention', label: 'Diabetesforløb', cells: { 'p-sund-1': 'R' } },
  ],
  disagreement: {
    rule: 'Uenighed løftes til fælles ledermøde inden for fem arbejdsdage. Borgeren skal ikke mærke den.',
    decidedBy: 'jobcenter',
  },
};

/** The coordination row's Accountable is the plan coordinator: the hosts keep the two in step. */
export const COORDINATION_ROW = 'r-coordination';

/** The person Accountable for the coordination row of a matrix, or null. */
export function coordinatorOf(matrix) {
  const row = matrix.rows.find((r) => r.id === COORDINATION_ROW);
  const accountable = row && Object.entries(row.cells).find(([column, letter]) => letter === 'A' && people.some((p) => p.id === column));
  return accountable ? accountable[0] : null;
}
