// For the chat adapters' tests of the weekly digest (issue 27): a small municipality, Vejle, seeded
// through the API as a vendor's system would send it, its stall episodes as history (the demo's
// way), so each adapter's test checks its digests against the same hand counts. Not used at run time.
import type { Db } from './store/db.js';
import { createApiKey, createTenant } from './store/tenants.js';

export const VEJLE = {
  tenant: 'vejle',
  /**
   * The heads of department: Jobcenter, Familieafdelingen and Psykiatrien (Sundhed and Ældreområdet
   * have none; Biblioteket's head, h-bib, is not among the people yet).
   */
  heads: ['h-job', 'h-fam', 'h-psy'],
  /** The lead of a Jobcenter team, who is no head. */
  teamLead: 'l-job',
  caseworkers: { job: 'cj1', fam: 'cf1', psy: 'cp1', sund: 'cs1', aeld: 'ca1' },
  /** Everyone, for the platform's directory. */
  everyone: ['h-job', 'h-fam', 'h-psy', 'l-job', 'cj1', 'cf1', 'cp1', 'cs1', 'ca1'],
  nameOf: (person: string) => `Medarbejder ${person}`,
  emailOf: (person: string) => `${person}@vejle.example.dk`,
  references: ['A1', 'A2', 'A3', 'A4', 'A5', 'B1', 'B2', 'B3', 'B4', 'B5', 'B6'].map((id) => `VEJ-2026-${id}`),
} as const;

type Department = keyof typeof VEJLE.caseworkers;

/**
 * Seeds Vejle into a running service (its `url` and `db`); `setClock` moves the service's clock
 * (A5 is closed on 20 October). Returns its API key. The hand counts, as of Monday 7 December
 * 2026 with the 12-week trend from 21 September (k = 3):
 *
 * - A1-A5 opened 1 September, B1-B6 15 October; A5 closed 20 October.
 * - Jobcenter and Familieafdelingen: A1, A2, A3, A5, B1. Jobcenter and Psykiatrien: A4, B2.
 *   Familieafdelingen and Psykiatrien: B3. Jobcenter and Sundhed: B4, B5. Jobcenter and Ældreområdet: B6.
 * - Stalled now: A1 and A2 (no activity), B1 (no coordinator, no activity), B2 (no coordinator).
 *   Resolved episodes: A3 (decision awaited), A4 (consent missing), B4 (follow-up passed), B6 (an
 *   intervention overdue, three times).
 * - RC: Jobcentret rates Psykiatrien 2.0, Psykiatrien rates Jobcentret 4.0 (three respondents each).
 */
export async function seedVejle(service: { url: string; db: Db }, setClock: (iso: string) => void): Promise<string> {
  const { tenant } = VEJLE;
  await createTenant(service.db, { id: tenant, name: 'Vejle Kommune' });
  const key = await createApiKey(service.db, tenant);
  const api = async (method: string, path: string, body: unknown, type = 'application/json') => {
    const res = await fetch(`${service.url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${key}`, 'content-type': type }, body: typeof body === 'string' ? body : JSON.stringify(body) });
    const answer = (await res.json()) as Record<string, unknown>;
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(answer)}`);
    return answer;
  };

  const departments: [string, string, string?][] = [['job', 'Jobcenter', 'h-job'], ['fam', 'Familieafdelingen', 'h-fam'], ['psy', 'Psykiatrien', 'h-psy'], ['sund', 'Sundhed'], ['aeld', 'Ældreområdet'], ['bib', 'Biblioteket', 'h-bib']];
  for (const [id, name, head] of departments) await api('PUT', `/departments/${id}`, { name, kind: 'other', ...(head ? { head } : {}) });
  await api('PUT', '/teams/t-job', { name: 'Team Vest', department: 'job', lead: VEJLE.teamLead });
  const person = (id: string, department: string, team?: string) =>
    api('PUT', `/people/${id}`, { name: VEJLE.nameOf(id), email: VEJLE.emailOf(id), department, ...(team ? { team } : {}), chat: {}, availability: { status: 'active' } });
  for (const [d, p] of Object.entries(VEJLE.caseworkers)) await person(p, d, d === 'job' ? 't-job' : undefined);
  for (const [id, d] of [['h-job', 'job'], ['h-fam', 'fam'], ['h-psy', 'psy'], ['l-job', 'job']] as const) await person(id, d);

  const seed = async (id: string, departments: Department[], openedAt: string) => {
    const reference = `VEJ-2026-${id}`;
    const participants = departments.map((d) => ({ person: VEJLE.caseworkers[d], department: d, role: 'caseworker' }));
    await api('PUT', `/cases/${reference}`, { departments, participants, openedAt });
    return (await service.db.query<{ id: string }>('SELECT id::text AS id FROM cases WHERE tenant_id = $1 AND reference = $2', [tenant, reference])).rows[0]!.id;
  };
  // The stalls now acknowledged, so none climbs the ladder or joins a team lead's daily digest.
  const stall = (caseId: string, reason: string, since: string, closedAt?: string) =>
    service.db.query('INSERT INTO nudges (tenant_id, case_id, reason, period, since, status, closed_at, acknowledged_at, stepped_at) VALUES ($1, $2, $3, $4, $7, $5, $6, $7, $7)', [
      tenant, caseId, reason, since, closedAt ? 'closed' : 'acknowledged', closedAt ?? null, new Date(since),
    ]);
  const A = '2026-09-01T10:00:00+02:00';
  const B = '2026-10-15T10:00:00+02:00';
  await stall(await seed('A1', ['job', 'fam'], A), 'stall.no-activity', '2026-11-20T10:00:00+01:00');
  await stall(await seed('A2', ['job', 'fam'], A), 'stall.no-activity', '2026-11-25T10:00:00+01:00');
  await stall(await seed('A3', ['job', 'fam'], A), 'stall.decision-awaited', '2026-11-10T10:00:00+01:00', '2026-11-17T10:00:00+01:00');
  await stall(await seed('A4', ['job', 'psy'], A), 'stall.consent-missing', '2026-10-05T10:00:00+02:00', '2026-10-12T10:00:00+02:00');
  await seed('A5', ['job', 'fam'], A);
  const b1 = await seed('B1', ['job', 'fam'], B);
  await stall(b1, 'stall.no-coordinator', '2026-10-20T10:00:00+02:00');
  await stall(b1, 'stall.no-activity', '2026-12-01T10:00:00+01:00');
  await stall(await seed('B2', ['job', 'psy'], B), 'stall.no-coordinator', '2026-10-20T10:00:00+02:00');
  await seed('B3', ['fam', 'psy'], B);
  await stall(await seed('B4', ['job', 'sund'], B), 'stall.follow-up-passed', '2026-11-02T10:00:00+01:00', '2026-11-03T10:00:00+01:00');
  await seed('B5', ['job', 'sund'], B);
  const b6 = await seed('B6', ['job', 'aeld'], B);
  for (const day of ['10-26', '11-09', '11-23']) await stall(b6, 'stall.intervention-overdue', `2026-${day}T10:00:00+01:00`, `2026-${day}T16:00:00+01:00`);
  setClock('2026-10-20T12:00:00+02:00');
  await api('PUT', '/cases/VEJ-2026-A5', { status: 'closed' });
  // The stall rules would add reminders of their own (no consent, no coordinator); they are the
  // scheduler's tests'. Here the episodes are the seeded ones, so the counts are by hand.
  await service.db.query("UPDATE cases SET next_check_at = '9999-12-31T00:00:00Z' WHERE tenant_id = $1", [tenant]);

  const items = (v: number) => Array(7).fill(v).join(',');
  const csv = ['respondent,group,target,wave,frequent,timely,accurate,problem_solving,shared_goals,shared_knowledge,mutual_respect']
    .concat([1, 2, 3].map((i) => `J${i},Jobcentret,Psykiatrien,2026-10,${items(2)}`), [1, 2, 3].map((i) => `P${i},Psykiatrien,Jobcentret,2026-10,${items(4)}`))
    .join('\n');
  const survey = await api('POST', `/rc-surveys?name=${encodeURIComponent('RC Vejle')}`, `${csv}\n`, 'text/csv');
  await api('PUT', `/rc-surveys/${String(survey.id)}/departments`, { groups: [{ group: 'Jobcentret', department: 'job' }, { group: 'Psykiatrien', department: 'psy' }] });
  return key;
}
