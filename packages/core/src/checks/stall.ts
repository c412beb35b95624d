import { BusinessCalendar, copenhagenDay, dayOf, isoOfDay, startOfCopenhagenDay } from '../calendar.js';
import { finding, listOf, type Finding, type Locale } from '../findings.js';
import { both, quoted } from '../format.js';
import { consentState, uncoveredDepartments } from '../schemas/consent.js';
import { StallRules, type CaseSnapshot } from '../schemas/stall.js';

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
] as const;
export type StallCode = (typeof STALL_CODES)[number];

/** The departments taking part: those on the case and those of its participants. */
export function caseDepartments(snapshot: Pick<CaseSnapshot, 'case'>): string[] {
  const c = snapshot.case;
  return [...new Set([...c.departments, ...c.participants.map((p) => p.department)])];
}

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
  const day = (ms: number) => isoOfDay(copenhagenDay(ms));

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
      startOfCopenhagenDay(dayOf(iv.end) + 1),
      both((l) =>
        l === 'da'
          ? `Indsatsen ${quoted(iv.title, l)} skulle være afsluttet ${iv.end}.`
          : `The intervention ${quoted(iv.title, l)} was due to end on ${iv.end}.`,
      ),
      { path: `plan.interventions[${i}]`, subject: iv.id, data: { end: iv.end, department: iv.department } },
    );
  });

  snapshot.decisions.forEach((d, i) => {
    if (d.decidedAt) return;
    const requested = Date.parse(d.requestedAt);
    add(
      'stall.decision-awaited',
      cal.endOfBusinessDays(requested, r.decisionBusinessDays),
      both((l) =>
        l === 'da'
          ? `En afgørelse har ventet mere end ${r.decisionBusinessDays} arbejdsdage (anmodet ${day(requested)}).`
          : `A decision has been awaited for more than ${r.decisionBusinessDays} business days (requested ${day(requested)}).`,
      ),
      { path: `decisions[${i}]`, subject: d.id, data: { requestedAt: d.requestedAt, department: d.department } },
    );
  });

  snapshot.plan?.followUps.forEach((f, i) => {
    if (f.heldAt) return;
    add(
      'stall.follow-up-passed',
      startOfCopenhagenDay(dayOf(f.date) + 1),
      both((l) => (l === 'da' ? `Opfølgningen ${f.date} er ikke holdt.` : `The follow-up due ${f.date} has not been held.`)),
      { path: `plan.followUps[${i}]`, subject: f.date },
    );
  });

  const departments = caseDepartments(snapshot);
  const coordinated = departments.length >= 2;
  const current = c.coordinator.current;
  if (current === null) {
    if (coordinated) {
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
    if (person && person.availability.status !== 'active') {
      const assigned = c.coordinator.history.findLast((h) => h.person === current && !h.to);
      const since = person.availability.since ?? assigned?.from ?? c.openedAt;
      const gone = person.availability.status === 'left';
      add(
        'stall.coordinator-unavailable',
        Date.parse(since),
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
