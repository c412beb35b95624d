// Issue 28: the citizen's view of their own case, projected from what the service holds. Pure.
// What it leaves out is the point: other citizens are never in the input; the professionals' plan
// findings, the matrix's disagreement rule, stall reasons, legal bases and budgets never reach the
// output; and who does what shows only the departments the consent in force covers.
import { consentState, type Consent } from '../schemas/consent.js';
import type { CitizenTask, CitizenView } from '../schemas/citizen.js';
import type { ResponsibilityMatrix } from '../schemas/matrix.js';
import type { Meeting, Room } from '../schemas/meeting.js';
import type { DepartmentName, Person } from '../schemas/organisation.js';
import type { Plan } from '../schemas/plan.js';
import type { CitizenVoice } from '../schemas/voice.js';
import { VOICE_SHOWN } from '../schemas/voice.js';
import { nextMeeting } from '../meeting/meeting.js';
import { copenhagenDay, dayOf } from '../calendar.js';

/** What the view is made from: one case's data, as the service (or a vendor's backend) holds it. */
export interface CitizenViewInput {
  caseReference: string;
  plan: Plan | null | undefined;
  matrix: ResponsibilityMatrix | null | undefined;
  consent: Consent | null | undefined;
  /** The current plan coordinator, if any. */
  coordinator: Pick<Person, 'name' | 'title' | 'department' | 'contact'> | null | undefined;
  /** The professionals the plan and the matrix name (owners, person columns): their names and departments. */
  people: readonly Pick<Person, 'id' | 'name' | 'department'>[];
  departments: readonly DepartmentName[];
  meetings: readonly Meeting[];
  rooms: readonly Room[];
  voice: readonly CitizenVoice[];
  /** Epoch milliseconds. */
  now: number;
}

const ACTIVE = new Set(['planned', 'active', 'paused']);

/** The citizen's view of the case: wishes, goal, sub-goals, coordinator, what happens next, who does what (as consent allows), the consent and their own words. */
export function citizenView(input: CitizenViewInput): CitizenView {
  const { plan, consent, now } = input;
  const deptName = new Map(input.departments.map((d) => [d.id, d.name]));
  const dept = (id: string) => deptName.get(id) ?? id;
  const people = new Map(input.people.map((p) => [p.id, p]));
  const today = copenhagenDay(now);
  const state = consentState(consent, now);
  const legal = consent?.basis === 'legal-basis';

  const steps = (plan?.interventions ?? [])
    .filter((iv) => ACTIVE.has(iv.status))
    .map((iv) => {
      const who = iv.owner ? people.get(iv.owner)?.name : undefined;
      return { title: iv.title, department: dept(iv.department), ...(who ? { who } : {}), ...(iv.start ? { start: iv.start } : {}), ...(iv.end ? { by: iv.end } : {}), status: iv.status };
    })
    .sort((a, b) => order(a.by ?? a.start) - order(b.by ?? b.start));

  const next = nextMeeting(input.meetings.filter((m) => m.citizenInvited), now);
  const room = (id: string) => input.rooms.find((r) => r.id === id)?.name ?? id;
  const followUp = (plan?.followUps ?? []).filter((f) => !f.heldAt && dayOf(f.date) >= today).map((f) => f.date).sort()[0];
  const c = input.coordinator;

  return {
    caseReference: input.caseReference,
    wishes: plan?.citizenWishes ?? null,
    goal: plan ? { kind: plan.overallGoal.kind, ...(plan.overallGoal.description ? { description: plan.overallGoal.description } : {}) } : null,
    subGoals: (plan?.subGoals ?? []).map((g) => ({ id: g.id, title: g.title, ...(g.criterion ? { criterion: g.criterion } : {}), ...(g.targetDate ? { targetDate: g.targetDate } : {}), status: g.status })),
    coordinator: c ? { name: c.name, ...(c.title ? { title: c.title } : {}), ...(c.department ? { department: dept(c.department) } : {}), ...(c.contact ? { contact: c.contact } : {}) } : null,
    nextMeeting: next
      ? { startsAt: next.startsAt, endsAt: next.endsAt, place: next.place.kind === 'link' ? { kind: 'link', url: next.place.url } : { kind: 'room', name: room(next.place.id) } }
      : null,
    nextFollowUp: followUp ?? null,
    steps,
    tasks: state === 'given' ? tasksOf(input.matrix, new Set(consent!.departments), people, dept) : [],
    consent: {
      state,
      basis: consent ? consent.basis : 'none',
      ...(consent ? { since: legal ? consent.recordedAt : consent.givenAt } : {}),
      ...(consent && (legal ? consent.endedAt : consent.withdrawnAt) ? { ended: (legal ? consent.endedAt : consent.withdrawnAt)! } : {}),
      departments: (consent?.departments ?? []).map(dept),
      ...(legal ? { legalReference: consent.reference } : {}),
    },
    voice: [...input.voice].sort((a, b) => Date.parse(b.writtenAt) - Date.parse(a.writtenAt)).slice(0, VOICE_SHOWN),
  };
}

/** A date's order; none last. */
const order = (iso: string | undefined) => (iso ? dayOf(iso) : Number.MAX_SAFE_INTEGER);

/**
 * Who does what, from the matrix: for each row, the columns responsible (R: does it) and accountable
 * (A: decides), each only when its department is one the consent covers (a person's column by the
 * person's department; a person we do not know is left out). Consulted and informed are the
 * professionals' own business; a row left with nobody is left out; the disagreement rule never shows.
 */
function tasksOf(matrix: ResponsibilityMatrix | null | undefined, covered: Set<string>, people: Map<string, Pick<Person, 'name' | 'department'>>, dept: (id: string) => string): CitizenTask[] {
  if (!matrix) return [];
  const shown = new Map<string, string>();
  for (const col of matrix.columns) {
    if (col.kind === 'department') {
      if (covered.has(col.id)) shown.set(col.id, dept(col.id));
    } else {
      const person = people.get(col.id);
      if (person && covered.has(person.department)) shown.set(col.id, person.name);
    }
  }
  const tasks: CitizenTask[] = [];
  for (const row of matrix.rows) {
    const names = (letter: string) => Object.entries(row.cells).filter(([col, l]) => l === letter && shown.has(col)).map(([col]) => shown.get(col)!);
    const does = names('R');
    const decides = names('A');
    if (does.length || decides.length) tasks.push({ task: row.label, kind: row.kind, does, decides });
  }
  return tasks;
}
