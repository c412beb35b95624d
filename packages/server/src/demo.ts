// A demo municipality with fictional data, loaded when the store is empty, so
// `npm start` shows the example host working against the API at once.
import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { Meeting, Plan, ResponsibilityMatrix, readRcSurvey, validate, type Consent, type DepartmentKind, type Schema } from '@samspil/core';
import { assignCoordinator, putDocument, recordActivity, recordConsent, upsertCase } from './store/cases.js';
import type { Db } from './store/db.js';
import { upsertDepartment, upsertPerson } from './store/organisation.js';
import { recordDecision, recordStallEpisode, storeGroupDepartments } from './store/insights.js';
import { saveSurvey } from './store/surveys.js';
import { scoreWaves } from './survey-import.js';
import { anyTenant, createTenant, ensureApiKey, getTenant, storeTenantSettings } from './store/tenants.js';
import { insertMeeting } from './store/meetings.js';

export const DEMO_TENANT = 'demo';

interface DemoData {
  departments: { id: string; name: string }[];
  people: { id: string; name: string; title: string; department: string; contact?: string }[];
  /** The municipality's rooms, and the case's next meeting (issue 28: the citizen's plan shows it). */
  rooms?: { id: string; name: string }[];
  meetings?: unknown[];
  consent: Consent;
  plan: Plan;
  matrix: ResponsibilityMatrix;
}

function parsed<S extends Schema>(schema: S, value: unknown) {
  const r = validate(schema, value);
  if (!r.ok) throw new Error(`demo data: ${r.issues[0]!.path}: ${r.issues[0]!.message}`);
  return r.value as object;
}

/** Loads the demo tenant into an empty store (no tenant at all), else leaves it be. Returns whether it did. */
export async function seedDemo(db: Db, examples: string, now: Date, options: { history?: boolean | undefined } = {}): Promise<boolean> {
  if (await anyTenant(db)) return false;
  const demo = (await import(pathToFileURL(`${examples}/data/demo.js`).href)) as DemoData;
  const survey = readRcSurvey(await readFile(`${examples}/data/survey.csv`, 'utf8'));
  const loaded = await db.transaction(async (tx) => {
    // Another instance starting at once may have loaded it meanwhile.
    if (!(await createTenant(tx, { id: DEMO_TENANT, name: 'Demokommune', closingDays: ['2026-12-24', '2026-12-31', '2027-06-05'] }))) return false;
    const kinds: Record<string, string> = { jobcenter: 'jobcentre', familie: 'family', psykiatri: 'adult-social', sundhed: 'health' };
    for (const d of demo.departments) {
      await upsertDepartment(tx, DEMO_TENANT, { id: d.id, name: d.name, kind: (kinds[d.id] ?? 'other') as DepartmentKind, head: `leder-${d.id}` });
    }
    for (const p of demo.people) {
      await upsertPerson(tx, DEMO_TENANT, { ...p, email: `${p.id}@demokommune.example.dk`, teamLead: `leder-${p.department}`, team: `team-${p.department}`, chat: {}, availability: { status: 'active' } });
    }
    for (const d of demo.departments) {
      await upsertPerson(tx, DEMO_TENANT, { id: `leder-${d.id}`, name: `Leder, ${d.name}`, email: `leder-${d.id}@demokommune.example.dk`, department: d.id, title: 'Teamleder', chat: {}, availability: { status: 'active' } });
    }
    const participants = demo.people.map((p) => ({ person: p.id, department: p.department, role: 'caseworker' as const }));
    const main = await upsertCase(tx, DEMO_TENANT, demo.plan.caseReference!, {
      departments: demo.departments.map((d) => d.id),
      participants,
      openedAt: '2026-10-28T09:00:00+01:00',
      caseSystemUrl: 'http://localhost:8080/examples/host-vanilla/index.html',
    }, now);
    await recordConsent(tx, main.id, demo.consent);
    await assignCoordinator(tx, main.id, demo.matrix.coordinator ?? null, new Date('2026-10-28T10:30:00+01:00'), 'Jobcentret ejer det overordnede mål');
    // The next meeting, the citizen invited, in one of the municipality's rooms: the citizen's plan (issue 28) shows it.
    await storeTenantSettings(tx, DEMO_TENANT, { rooms: demo.rooms ?? [] });
    for (const m of demo.meetings ?? []) await insertMeeting(tx, main.id, parsed(Meeting, m) as Meeting, 'system:demo');
    // Through the schemas, as the API would take them: their defaults filled in.
    await putDocument(tx, 'plans', main.id, parsed(Plan, { ...demo.plan, version: 0 }), 0);
    await putDocument(tx, 'matrices', main.id, parsed(ResponsibilityMatrix, { ...demo.matrix, version: 0 }), 0);
    // A second case that has stalled: no activity for weeks, no coordinator, no consent.
    await upsertCase(tx, DEMO_TENANT, 'SAG-2026-0977', { departments: ['jobcenter', 'sundhed'], participants: participants.filter((p) => ['jobcenter', 'sundhed'].includes(p.department)), openedAt: '2026-10-01T09:00:00+02:00' }, new Date('2026-10-06T09:00:00+02:00'));
    if (options.history) await seedHistory(tx, demo, now);
    return true;
  });
  if (!loaded) return false;
  const saved = await saveSurvey(db, DEMO_TENANT, 'Relationel koordinering, demo', scoreWaves(survey));
  // The survey's groups as the demo's departments, for the leaders' overview's department pairs.
  await storeGroupDepartments(db, saved.id, [
    { group: 'Jobcenter', department: 'jobcenter' },
    { group: 'Familieafdelingen', department: 'familie' },
    { group: 'Socialpsykiatri', department: 'psykiatri' },
    { group: 'Sundhed og ældre', department: 'sundhed' },
  ]);
  return true;
}

const DAY = 86_400_000;

/**
 * Twelve weeks of fictional history for the leaders' overview (issue 27): 48 more cases across the
 * demo's departments, each opened in the last sixteen weeks, most with a coordinator and a plan after
 * some days, some decisions, changes of caseworker and stall episodes (nudges), some still open.
 * Deterministic (a fixed seed), relative to `now`.
 */
async function seedHistory(tx: Db, demo: Pick<DemoData, 'departments'>, now: Date): Promise<void> {
  let seed = 27;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY);
  const pairs: [string, string][] = [['jobcenter', 'psykiatri'], ['jobcenter', 'familie'], ['familie', 'psykiatri'], ['jobcenter', 'sundhed'], ['psykiatri', 'sundhed'], ['familie', 'sundhed']];
  // Professionals of their own, in no team and in no chat: the history stays out of the demo's chat.
  const people = demo.departments.flatMap((d) => [1, 2, 3].map((n) => ({ id: `p-hist-${d.id}-${n}`, name: `Fagperson ${n}, ${d.name}`, department: d.id })));
  for (const p of people) await upsertPerson(tx, DEMO_TENANT, { ...p, email: `${p.id}@demokommune.example.dk`, title: 'Sagsbehandler (historik)', chat: {}, availability: { status: 'active' } });
  const reasons = ['stall.no-activity', 'stall.decision-awaited', 'stall.no-coordinator', 'stall.handover-pending', 'stall.intervention-waiting', 'stall.follow-up-passed', 'stall.responsible-absent'];
  for (let i = 0; i < 48; i++) {
    // The first pairs get more cases and, below, more stalls: the overview has a worst pair to show.
    const [a, b] = pairs[Math.min(pairs.length - 1, Math.floor(random() * random() * pairs.length * 1.3))]!;
    const opened = 7 + Math.floor(random() * 105);
    const onCase = people.filter((p) => (p.department === a || p.department === b) && random() < 0.8);
    const { id } = await upsertCase(tx, DEMO_TENANT, `SAG-2026-${String(2001 + i)}`, {
      departments: [a, b],
      participants: onCase.map((p) => ({ person: p.id, department: p.department, role: 'caseworker' as const })),
      openedAt: at(opened).toISOString(),
      caseSystemUrl: `http://localhost:8080/examples/host-vanilla/index.html?case=SAG-2026-${String(2001 + i)}`,
    }, at(opened));
    const closed = random() < 0.15 && opened > 30;
    if (random() < 0.85) {
      const coordinator = pick(people.filter((p) => p.department === a));
      await assignCoordinator(tx, id, coordinator.id, at(Math.max(0, opened - Math.floor(random() * 12))), 'demo');
    }
    if (random() < 0.75) await recordActivity(tx, id, 'plan-changed', at(Math.max(0, opened - 2 - Math.floor(random() * 20))), 'system:demo', { version: 1 });
    if (random() < 0.3) await recordActivity(tx, id, 'caseworker-changed', at(Math.floor(random() * opened)), 'system:demo');
    const decisions = random() < 0.5 ? 1 + Math.floor(random() * 2) : 0;
    for (let d = 0; d < decisions; d++) {
      const requested = Math.floor(random() * opened);
      const taken = requested - 2 - Math.floor(random() * 25);
      await recordDecision(tx, id, { id: `afg-${d + 1}`, department: pick([a, b]), requestedAt: at(requested), decidedAt: taken > 0 ? at(taken) : undefined });
    }
    const episodes = Math.floor(random() * (a === 'jobcenter' && b === 'psykiatri' ? 4 : 2.5));
    for (let e = 0; e < episodes; e++) {
      const since = Math.floor(random() * opened);
      const length = 2 + Math.floor(random() * 20);
      await recordStallEpisode(tx, {
        tenant: DEMO_TENANT,
        caseId: id,
        reason: pick(reasons),
        since: at(since),
        closedAt: since - length > 0 ? at(since - length) : undefined,
        step: random() < 0.3 ? 1 : 0,
        acknowledgedAt: random() < 0.5 ? at(Math.max(0, since - 1)) : undefined,
      });
    }
    if (closed) await upsertCase(tx, DEMO_TENANT, `SAG-2026-${String(2001 + i)}`, { status: 'closed' }, at(Math.floor(random() * 20)));
  }
}

/**
 * The demo's API key: one key, the same at every start (derived from the token secret, so
 * nothing more is kept), not a new never-revoked key each time. None where the demo tenant
 * is not (the store had tenants before the first start).
 */
export async function demoApiKey(db: Db, secret: string): Promise<string | undefined> {
  if (!(await getTenant(db, DEMO_TENANT))) return undefined;
  const derived = createHmac('sha512', secret).update('samspil demo api key').digest();
  return ensureApiKey(db, DEMO_TENANT, derived.subarray(0, 6).toString('hex'), derived.subarray(6, 38).toString('base64url'), 'demo, printed at start');
}
