import { BusinessCalendar, dayOf, isoOfDay } from '../calendar.js';
import type { ResponsibilityMatrix } from '../schemas/matrix.js';
import type { Disagreement, DisagreementSubject } from '../schemas/disagreement.js';
import type { Department, Person, Team } from '../schemas/organisation.js';
import { calendarSettings, TenantSettings, type TenantSettingsInput } from '../schemas/settings.js';

/** What `deciderOf` needs of the municipality's organisation and the case. */
export interface DeciderOrganisation {
  departments: readonly Pick<Department, 'id' | 'head'>[];
  people: readonly Pick<Person, 'id' | 'team' | 'teamLead'>[];
  teams?: readonly Pick<Team, 'id' | 'lead'>[];
  /** The case's plan coordinator (person id), if any. */
  coordinator?: string | null;
}

/**
 * Who settles a disagreement, and by which rule: `agreement` (the collaboration agreement names a
 * person), `department-head` (it names a department: its head), `coordinator-team-lead` (no agreement
 * names anyone: the plan coordinator's team lead). `person` is undefined when that rule finds nobody
 * (`missing` says who is missing); the service then escalates as for a nudge.
 */
export interface Decider {
  person: string | undefined;
  via: 'agreement' | 'department-head' | 'coordinator-team-lead';
  /** The department whose head settles it (`department-head`). */
  department?: string;
  missing?: 'head' | 'coordinator' | 'team-lead';
}

/**
 * The person who settles a disagreement under the collaboration agreement's disagreement rule: the
 * person it names; when it names a department (a department column, or a department's id), that
 * department's head; with no rule (or one naming nobody known), the plan coordinator's team lead (their
 * `teamLead`, else their team's lead). The same for any subject, intervention or responsibility.
 */
export function deciderOf(
  _disagreement: Pick<Disagreement, 'about'> | { about: DisagreementSubject },
  matrix: Pick<ResponsibilityMatrix, 'disagreement' | 'columns'> | null | undefined,
  organisation: DeciderOrganisation,
): Decider {
  const decidedBy = matrix?.disagreement?.decidedBy;
  if (decidedBy !== undefined) {
    const column = matrix!.columns.find((c) => c.id === decidedBy);
    const department = organisation.departments.find((d) => d.id === decidedBy);
    if (column?.kind === 'department' || (!column && department)) {
      return department?.head ? { person: department.head, via: 'department-head', department: decidedBy } : { person: undefined, via: 'department-head', department: decidedBy, missing: 'head' };
    }
    if (column?.kind === 'person' || organisation.people.some((p) => p.id === decidedBy)) return { person: decidedBy, via: 'agreement' };
  }
  const coordinator = organisation.coordinator ? organisation.people.find((p) => p.id === organisation.coordinator) : undefined;
  if (!coordinator) return { person: undefined, via: 'coordinator-team-lead', missing: 'coordinator' };
  const lead = coordinator.teamLead ?? organisation.teams?.find((t) => t.id === coordinator.team)?.lead;
  return lead ? { person: lead, via: 'coordinator-team-lead' } : { person: undefined, via: 'coordinator-team-lead', missing: 'team-lead' };
}

/**
 * The last business day (`YYYY-MM-DD`) to settle a disagreement raised at `raisedAt`: the municipality's
 * `disagreementBusinessDays` (5 by default) business days after the local day it was raised, skipping
 * non-working weekdays, public holidays and the closing days.
 */
export function disagreementDeadline(raisedAt: string, settings: TenantSettingsInput = {}, closingDays: readonly string[] = []): string {
  const cal = new BusinessCalendar(calendarSettings(settings, closingDays));
  const days = TenantSettings.parse(settings).disagreementBusinessDays;
  return isoOfDay(cal.addBusinessDays(cal.localDay(Date.parse(raisedAt)), days));
}

/** The instant (epoch ms) an open disagreement becomes overdue: local midnight after its deadline. */
export function disagreementDueAt(disagreement: Pick<Disagreement, 'deadline'>, calendar: BusinessCalendar = new BusinessCalendar()): number {
  return calendar.startOfDay(dayOf(disagreement.deadline) + 1);
}

/** Whether a disagreement is open after its deadline day at `now`. */
export function disagreementOverdue(disagreement: Pick<Disagreement, 'deadline' | 'state'>, now: number | string, calendar?: BusinessCalendar): boolean {
  const at = typeof now === 'number' ? now : Date.parse(now);
  return disagreement.state === 'open' && at >= disagreementDueAt(disagreement, calendar);
}

/** What a participant gives when raising a disagreement: a reference and a subject, never a text. */
export interface RaiseDisagreement {
  id: string;
  caseReference?: string;
  about: DisagreementSubject;
  raisedBy: string;
  raisedAt: string;
}

/** A new open disagreement with its decider (`deciderOf`) and deadline (`disagreementDeadline`). */
export function raiseDisagreement(
  input: RaiseDisagreement,
  matrix: Pick<ResponsibilityMatrix, 'disagreement' | 'columns'> | null | undefined,
  organisation: DeciderOrganisation,
  settings: TenantSettingsInput = {},
  closingDays: readonly string[] = [],
): Disagreement {
  const decider = deciderOf(input, matrix, organisation).person;
  return {
    id: input.id,
    ...(input.caseReference !== undefined ? { caseReference: input.caseReference } : {}),
    about: input.about,
    raisedBy: input.raisedBy,
    raisedAt: input.raisedAt,
    ...(decider !== undefined ? { decider } : {}),
    deadline: disagreementDeadline(input.raisedAt, settings, closingDays),
    state: 'open',
  };
}

/** The disagreement settled by a decision (by id) at `at`; a new object. */
export function resolveDisagreement(disagreement: Disagreement, decision: string, at: string): Disagreement {
  return { ...disagreement, state: 'resolved', resolvedAt: at, resolution: { decision } };
}
