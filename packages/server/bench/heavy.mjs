// The heaviest valid requests one key can send (the API's limits: 500 participants; a plan of
// 500 sub-goals, interventions and follow-ups; a matrix of 500 rows and 10,000 cells), for the
// fair-share test and benchmark: another municipality must not wait for them.
const participants = Array.from({ length: 500 }, (_, i) => ({ person: `person-${i}`, department: `department-${i % 20}`, role: 'specialist' }));
const plan = {
  citizenWishes: 'Jeg vil gerne arbejde med dyr igen og klare mig selv.',
  overallGoal: { kind: 'employment', description: 'Job i ordinær beskæftigelse', department: 'jobcenter' },
  subGoals: Array.from({ length: 500 }, (_, i) => ({ id: `sg-${i}`, title: `Delmål ${i}`, criterion: 'Målbart kriterium', targetDate: '2027-06-30', status: 'in-progress' })),
  interventions: Array.from({ length: 500 }, (_, i) => ({
    id: `iv-${i}`,
    title: `Indsats ${i}`,
    department: `department-${i % 20}`,
    owner: `person-${i}`,
    status: 'active',
    start: '2026-01-05',
    end: '2027-06-30',
    subGoals: [`sg-${i}`],
    dependsOn: i ? [`iv-${i - 1}`] : [],
  })),
  followUps: Array.from({ length: 500 }, () => ({ date: '2026-03-02', heldAt: '2026-03-02T09:00:00Z' })),
};
const columns = Array.from({ length: 20 }, (_, c) => ({ id: `col-${c}`, kind: 'person', label: `Kolonne ${c}` }));
const matrix = { columns, rows: Array.from({ length: 500 }, (_, r) => ({ id: `row-${r}`, kind: 'task', label: `Opgave ${r}`, cells: Object.fromEntries(columns.map((c, i) => [c.id, 'RACI'[(r + i) % 4]])) })) };
const BODIES = [
  ['participants', JSON.stringify(participants)],
  ['plan', JSON.stringify(plan)],
  ['matrix', JSON.stringify(matrix)],
];

/**
 * Sends the heaviest requests to case `reference`, one after another (each document replaced
 * at its version, kept in `versions` from one call to the next), until `running()` is false.
 * Returns the statuses answered.
 */
export async function sendHeavy(url, key, reference, running, versions = { plan: 0, matrix: 0 }) {
  const statuses = [];
  for (let i = 0; running(); i++) {
    const [kind, body] = BODIES[i % BODIES.length];
    const version = versions[kind];
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...(version ? { 'if-match': `"${version}"` } : {}) };
    const res = await fetch(`${url}/api/v1/cases/${reference}/${kind}`, { method: 'PUT', headers, body });
    await res.arrayBuffer();
    statuses.push(res.status);
    if (version !== undefined && res.status < 300) versions[kind] = version + 1;
  }
  return statuses;
}
