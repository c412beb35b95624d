import type * as z from 'zod/mini';
import { BusinessCalendar, dayOf, isoOfDay } from '../calendar.js';
import { finding, listOf, type Finding, type Locale } from '../findings.js';
import { both, quoted } from '../format.js';
import { awaitedDepartments, decisionDepartments } from '../meeting/decisions.js';
import { disagreementDueAt } from '../meeting/disagreements.js';
import { consentState, uncoveredDepartments } from '../schemas/consent.js';
import type { Person } from '../schemas/organisation.js';
import type { Intervention } from '../schemas/plan.js';
import { DEFAULT_COORDINATOR_RULE, type CoordinatorRule } from '../schemas/settings.js';
import { StallRules, type CaseSnapshot, type Cover } from '../schemas/stall.js';

/** A reason a case is stalled, and the instant (UTC ISO) it started. */
export interface StallReason extends Finding {
  since: string;
}

export const STALL_CODES = [
  'stall.no-activity',
  'stall.intervention-overdue',
  'stall.decision-awaited',
  'stall.follow-up-passed',
  'stall.no-coordinator',
  'stall.coordinator-unavailable',
  'stall.consent-missing',
  'stall.handover-pending',
  'stall.responsible-absent',
  'stall.intervention-waiting',
  'stall.disagreement-open',
] as const;
export type StallCode = (typeof STALL_CODES)[number];

/** A stall reason's short name, for lists where the sentence would be too long (chat's reminders, the leaders' overview). */
export const STALL_NAMES: Record<Locale, Record<StallCode, string>> = {
  da: {
    'stall.no-activity': 'ingen aktivitet',
    'stall.intervention-overdue': 'indsats over tid',
    'stall.decision-awaited': 'afgørelse venter',
    'stall.follow-up-passed': 'opfølgning overskredet',
    'stall.no-coordinator': 'ingen plankoordinator',
    'stall.coordinator-unavailable': 'plankoordinator fraværende',
    'stall.consent-missing': 'samtykke mangler',
    'stall.handover-pending': 'sagsbehandlerskift ikke overtaget',
    'stall.responsible-absent': 'ansvarlig fraværende, ingen dækker',
    'stall.intervention-waiting': 'indsats venter på opstart',
    'stall.disagreement-open': 'uenighed ikke afgjort',
  },
  en: {
    'stall.no-activity': 'no activity',
    'stall.intervention-overdue': 'intervention overdue',
    'stall.decision-awaited': 'decision awaited',
    'stall.follow-up-passed': 'follow-up passed',
    'stall.no-coordinator': 'no plan coordinator',
    'stall.coordinator-unavailable': 'plan coordinator away',
    'stall.consent-missing': 'consent missing',
    'stall.handover-pending': 'change of caseworker not taken over',
    'stall.responsible-absent': 'responsible away, nobody covers',
    'stall.intervention-waiting': 'intervention waiting to start',
    'stall.disagreement-open': 'disagreement not settled',
  },
};

/** The departments taking part: those on the case and those of its participants. */
export function caseDepartments(snapshot: Pick<CaseSnapshot, 'case'>): string[] {
  const c = snapshot.case;
  return [...new Set([...c.departments, ...c.participants.map((p) => p.department)])];
}

/** Whether a case with these departments needs a plan coordinator under a municipality's rule (default: two or more departments). */
export function coordinatorNeeded(departments: readonly string[], rule: z.input<typeof CoordinatorRule> = DEFAULT_COORDINATOR_RULE): boolean {
  const taking = new Set(departments);
  if (rule.kind === 'departments') return taking.size >= (rule.atLeast ?? 2);
  return rule.combinations.some((combination) => combination.every((d) => taking.has(d)));
}

/** The instant a person's unavailability began (else `fallback`), or undefined when they are available at `at`; an absence ends on its `until` day. */
function awaySince(person: Person | undefined, at: number, fallback: string, cal: BusinessCalendar): number | undefined {
  const a = person?.availability;
  if (!a || a.status === 'active') return undefined;
  const since = Date.parse(a.since ?? fallback);
  if (since > at) return since; // not yet: the caller's add() keeps it for later
  if (a.status === 'absent' && a.until && at >= cal.startOfDay(dayOf(a.until))) return undefined;
  return since;
}

/** Whether a cover in force at `at`, by someone available, stands in for `person` (on `intervention`, when given). */
function covered(covers: readonly Cover[], people: readonly Person[], person: string, at: number, cal: BusinessCalendar, intervention?: string): boolean {
  return covers.some(
    (c) =>
      c.person === person &&
      (c.intervention === undefined || c.intervention === intervention) &&
      Date.parse(c.from) <= at &&
      (!c.until || at < cal.startOfDay(dayOf(c.until))) &&
      awaySince(people.find((p) => p.id === c.by), at, c.from, cal) === undefined,
  );
}

/** The local midnight after an intervention's planned start, when it is planned and has not started; else undefined. */
function waitingFrom(iv: Intervention, cal: BusinessCalendar): number | undefined {
  return iv.status === 'planned' && iv.start ? cal.startOfDay(dayOf(iv.start) + 1) : undefined;
}

type Role = 'owner' | 'accountable' | 'responsible';
const ROLE_WORDS: Record<Role, Record<Locale, string>> = {
  owner: { da: 'ejeren', en: 'the owner' },
  accountable: { da: 'den ansvarlige (A)', en: 'the accountable (A)' },
  responsible: { da: 'den udførende (R)', en: 'the responsible (R)' },
};

/**
 * Every reason the case is stalled at `now`, each with the time it started.
 * Only active cases stall; a paused or closed case has none. Never throws on a
 * validated snapshot.
 */
export function evaluateStall(
  snapshot: CaseSnapshot,
  now: number | string,
  rules: StallRules | ReturnType<typeof StallRules.parse> = {},
  calendar?: BusinessCalendar,
): StallReason[] {
  const r = StallRules.parse(rules);
  const cal = calendar ?? new BusinessCalendar(r.closingDays);
  const at = typeof now === 'number' ? now : Date.parse(now);
  const c = snapshot.case;
  if (c.status !== 'active') return [];
  const out: StallReason[] = [];
  const add = (code: StallCode, since: number, message: Finding['message'], extra: Omit<Finding, 'code' | 'severity' | 'message'> = {}) => {
    if (since <= at) out.push({ ...finding(code, 'warning', message, extra), since: new Date(since).toISOString() });
  };
  const day = (ms: number) => isoOfDay(cal.localDay(ms));

  const lastActivity = Date.parse(c.lastActivityAt);
  add(
    'stall.no-activity',
    cal.endOfBusinessDays(lastActivity, r.inactivityBusinessDays),
    both((l) =>
      l === 'da'
        ? `Ingen aktivitet i ${r.inactivityBusinessDays} arbejdsdage (seneste ${day(lastActivity)}).`
        : `No activity for ${r.inactivityBusinessDays} business days (last on ${day(lastActivity)}).`,
    ),
    { data: { lastActivityAt: c.lastActivityAt } },
  );

  snapshot.plan?.interventions.forEach((iv, i) => {
    if (!iv.end || iv.status === 'done' || iv.status === 'cancelled') return;
    add(
      'stall.intervention-overdue',
      cal.startOfDay(dayOf(iv.end) + 1),
      both((l) =>
        l === 'da'
          ? `Indsatsen ${quoted(iv.title, l)} skulle være afsluttet ${iv.end}.`
          : `The intervention ${quoted(iv.title, l)} was due to end on ${iv.end}.`,
      ),
      { path: `plan.interventions[${i}]`, subject: iv.id, data: { end: iv.end, department: iv.department } },
    );
  });

  // One reason per decision awaited; a joint one lists the departments that have not confirmed it.
  snapshot.decisions.forEach((d, i) => {
    const awaiting = awaitedDepartments(d);
    if (awaiting.length === 0) return;
    const owners = decisionDepartments(d);
    const requested = Date.parse(d.requestedAt);
    const joint = owners.length > 1;
    add(
      'stall.decision-awaited',
      cal.endOfBusinessDays(requested, r.decisionBusinessDays),
      joint
        ? both((l) =>
            l === 'da'
              ? `En fælles afgørelse har ventet mere end ${r.decisionBusinessDays} arbejdsdage (anmodet ${day(requested)}); ${listOf(awaiting, l)} har ikke bekræftet den.`
              : `A joint decision has been awaited for more than ${r.decisionBusinessDays} business days (requested ${day(requested)}); ${listOf(awaiting, l)} ${awaiting.length > 1 ? 'have' : 'has'} not confirmed it.`,
          )
        : both((l) =>
            l === 'da'
              ? `En afgørelse har ventet mere end ${r.decisionBusinessDays} arbejdsdage (anmodet ${day(requested)}).`
              : `A decision has been awaited for more than ${r.decisionBusinessDays} business days (requested ${day(requested)}).`,
          ),
      {
        path: `decisions[${i}]`,
        subject: d.id,
        data: joint ? { requestedAt: d.requestedAt, departments: owners, awaiting } : { requestedAt: d.requestedAt, department: owners[0] },
      },
    );
  });

  // A disagreement still open after its deadline day: by reference, for whoever settles it.
  snapshot.disagreements?.forEach((d, i) => {
    if (d.state !== 'open') return;
    add(
      'stall.disagreement-open',
      disagreementDueAt(d, cal),
      both((l) =>
        l === 'da' ? `Uenigheden ${d.id} er ikke afgjort inden fristen ${d.deadline}.` : `The disagreement ${d.id} was not settled by its deadline, ${d.deadline}.`,
      ),
      {
        path: `disagreements[${i}]`,
        subject: d.id,
        data: { disagreement: d.id, about: d.about.kind, ref: d.about.kind === 'intervention' ? d.about.id : d.about.row, deadline: d.deadline, ...(d.decider ? { decider: d.decider } : {}) },
      },
    );
  });

  snapshot.plan?.followUps.forEach((f, i) => {
    if (f.heldAt) return;
    add(
      'stall.follow-up-passed',
      cal.startOfDay(dayOf(f.date) + 1),
      both((l) => (l === 'da' ? `Opfølgningen ${f.date} er ikke holdt.` : `The follow-up due ${f.date} has not been held.`)),
      { path: `plan.followUps[${i}]`, subject: f.date },
    );
  });

  const departments = caseDepartments(snapshot);
  const coordinated = departments.length >= 2;
  const current = c.coordinator.current;
  const covers = snapshot.covers ?? [];
  if (current === null) {
    if (coordinatorNeeded(departments, r.coordinator)) {
      const ends = c.coordinator.history.map((h) => (h.to ? Date.parse(h.to) : -Infinity));
      add(
        'stall.no-coordinator',
        Math.max(Date.parse(c.openedAt), ...ends),
        both((l) =>
          l === 'da'
            ? `Sagen har ingen plankoordinator, selvom ${departments.length} afdelinger er med.`
            : `The case has no plan coordinator although ${departments.length} departments take part.`,
        ),
        { data: { departments } },
      );
    }
  } else {
    const person = snapshot.people.find((p) => p.id === current);
    const assigned = c.coordinator.history.findLast((h) => h.person === current && !h.to);
    const since = awaySince(person, at, assigned?.from ?? c.openedAt, cal);
    if (person && since !== undefined && !covered(covers, snapshot.people, current, at, cal)) {
      const gone = person.availability.status === 'left';
      add(
        'stall.coordinator-unavailable',
        since,
        both((l) =>
          l === 'da'
            ? gone
              ? 'Plankoordinatoren er stoppet.'
              : `Plankoordinatoren er fraværende${person.availability.until ? ` til ${person.availability.until}` : ''}.`
            : gone
              ? 'The plan coordinator has left.'
              : `The plan coordinator is absent${person.availability.until ? ` until ${person.availability.until}` : ''}.`,
        ),
        { subject: current, data: { availability: person.availability.status } },
      );
    }
  }

  snapshot.handovers?.forEach((h, i, all) => {
    if (h.takenOverAt && Date.parse(h.takenOverAt) <= at) return;
    const changed = Date.parse(h.changedAt);
    // A later change in the same department and role replaces this one: only the last is pending.
    const replaced = all.some((o) => o.participant.department === h.participant.department && o.participant.role === h.participant.role && Date.parse(o.changedAt) > changed);
    if (replaced) return;
    const { person, department, role } = h.participant;
    add(
      'stall.handover-pending',
      cal.endOfBusinessDays(changed, r.handoverBusinessDays),
      both((l) =>
        l === 'da'
          ? `Sagsbehandlerskiftet ${day(changed)} er ikke overtaget af ${person} efter ${r.handoverBusinessDays} arbejdsdage.`
          : `The change of caseworker on ${day(changed)} has not been taken over by ${person} after ${r.handoverBusinessDays} business days.`,
      ),
      { path: `handovers[${i}]`, subject: person, data: { person, department, role, changedAt: h.changedAt, ...(h.previous ? { previous: h.previous } : {}) } },
    );
  });

  snapshot.plan?.interventions.forEach((iv, i) => {
    const from = waitingFrom(iv, cal);
    if (from === undefined) return;
    add(
      'stall.intervention-waiting',
      from,
      both((l) =>
        l === 'da'
          ? `Indsatsen ${quoted(iv.title, l)} skulle være startet ${iv.start}, men venter stadig.`
          : `The intervention ${quoted(iv.title, l)} was due to start on ${iv.start} and is still waiting.`,
      ),
      { path: `plan.interventions[${i}]`, subject: iv.id, data: { start: iv.start, department: iv.department } },
    );
  });

  out.push(...absentHolders(snapshot, at, cal).filter((reason) => Date.parse(reason.since) <= at));

  if (coordinated) {
    const missing = uncoveredDepartments(c.consent, departments, at);
    if (missing.length > 0) {
      const state = consentState(c.consent, at);
      const withdrawnAt = c.consent && (c.consent.basis === 'consent' ? c.consent.withdrawnAt : c.consent.endedAt);
      const message = (l: Locale) => {
        if (state === 'withdrawn') return l === 'da' ? 'Samtykket er trukket tilbage.' : 'Consent has been withdrawn.';
        if (state === 'missing') return l === 'da' ? 'Der er intet samtykke eller andet hjemmelsgrundlag.' : 'There is no consent or other legal basis.';
        return l === 'da'
          ? `Samtykket dækker ikke ${listOf(missing, l)}.`
          : `The consent does not cover ${listOf(missing, l)}.`;
      };
      add('stall.consent-missing', state === 'withdrawn' && withdrawnAt ? Date.parse(withdrawnAt) : Date.parse(c.openedAt), both(message), {
        path: 'case.consent',
        data: { state, departments: missing },
      });
    }
  }
  return out;
}

/**
 * `stall.responsible-absent`: for each active intervention, its owner and the people accountable
 * (A) or responsible (R) for it in the collaboration agreement who are away with nobody covering.
 * Named by reference (ids), never by the intervention's title: the reason travels to chat.
 */
function absentHolders(snapshot: CaseSnapshot, at: number, cal: BusinessCalendar): StallReason[] {
  const plan = snapshot.plan;
  if (!plan) return [];
  const matrix = snapshot.matrix;
  const people = new Set(matrix?.columns.filter((col) => col.kind === 'person').map((col) => col.id));
  const out: StallReason[] = [];
  plan.interventions.forEach((iv, i) => {
    if (iv.status !== 'active') return;
    const roles = new Map<string, Role[]>();
    const hold = (person: string, role: Role) => roles.set(person, [...(roles.get(person) ?? []), role]);
    if (iv.owner) hold(iv.owner, 'owner');
    for (const row of matrix?.rows ?? []) {
      if (row.kind !== 'intervention' || row.id !== iv.id) continue;
      for (const [column, letter] of Object.entries(row.cells)) {
        if (!people.has(column)) continue;
        if (letter === 'A') hold(column, 'accountable');
        if (letter === 'R') hold(column, 'responsible');
      }
    }
    const absent: { person: Person; roles: Role[]; since: number }[] = [];
    for (const [id, held] of roles) {
      const person = snapshot.people.find((p) => p.id === id);
      const since = awaySince(person, at, snapshot.case.openedAt, cal);
      if (person && since !== undefined && since <= at && !covered(snapshot.covers ?? [], snapshot.people, id, at, cal, iv.id)) absent.push({ person, roles: held, since });
    }
    if (absent.length === 0) return;
    const who = (l: Locale) =>
      absent
        .map(({ person: p, roles: held }) => {
          const a = p.availability;
          const state =
            a.status === 'left'
              ? l === 'da' ? 'er stoppet' : 'has left'
              : `${l === 'da' ? 'er fraværende' : 'is absent'}${a.until ? ` ${l === 'da' ? 'til' : 'until'} ${a.until}` : ''}`;
          return `${listOf(held.map((role) => ROLE_WORDS[role][l]), l)} ${p.id} ${state}`;
        })
        .join('; ');
    const since = Math.min(...absent.map((x) => x.since));
    out.push({
      ...finding(
        'stall.responsible-absent',
        'warning',
        both((l) => (l === 'da' ? `Indsats ${iv.id}: ${who(l)}, og ingen dækker.` : `Intervention ${iv.id}: ${who(l)}, and nobody covers.`)),
        {
          path: `plan.interventions[${i}]`,
          subject: iv.id,
          data: {
            intervention: iv.id,
            department: iv.department,
            absent: absent.map(({ person: p, roles: held }) => ({ person: p.id, roles: held, availability: p.availability.status, ...(p.availability.until ? { until: p.availability.until } : {}) })),
          },
        },
      ),
      since: new Date(since).toISOString(),
    });
  });
  return out;
}

/** Waiting interventions of one department: how many, and their days past the planned start (in all, and the longest). */
export interface DepartmentWaiting {
  department: string;
  interventions: number;
  days: number;
  longest: number;
}

/**
 * For a digest: per department, the planned interventions of active cases that are past their
 * planned start without having started, counted in calendar days (a citizen waits every day),
 * the most days in all first.
 */
export function waitingByDepartment(snapshots: readonly CaseSnapshot[], now: number | string, calendar: BusinessCalendar = new BusinessCalendar()): DepartmentWaiting[] {
  const at = typeof now === 'number' ? now : Date.parse(now);
  const today = calendar.localDay(at);
  const byDepartment = new Map<string, DepartmentWaiting>();
  for (const s of snapshots) {
    if (s.case.status !== 'active') continue;
    for (const iv of s.plan?.interventions ?? []) {
      const from = waitingFrom(iv, calendar);
      if (from === undefined || from > at) continue;
      const days = today - dayOf(iv.start!);
      const d = byDepartment.get(iv.department) ?? { department: iv.department, interventions: 0, days: 0, longest: 0 };
      byDepartment.set(iv.department, { department: d.department, interventions: d.interventions + 1, days: d.days + days, longest: Math.max(d.longest, days) });
    }
  }
  return [...byDepartment.values()].sort((a, b) => b.days - a.days || a.department.localeCompare(b.department));
}
