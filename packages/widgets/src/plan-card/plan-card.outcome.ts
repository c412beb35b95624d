// The plan card's outcome form (issue 25): what a meeting decided, recorded where the caseworker
// works. Choices, dates and checkboxes only (notes stay in the case); the card checks the form and
// announces the outcome, the host records it (POST …/meetings/{id}/outcome) and sets the data again.
import { heldAtOf, newDecisionId, type Decision, type Meeting, type MeetingOutcomeInput, type Plan } from '@samspil/core';
import { html, nothing } from 'lit';
import type { messages } from './plan-card.messages.js';

/** How many actions one form records (the API takes more). */
export const FORM_ACTIONS = 2;

/** The form's field names; an error is keyed by the field (or the action's group) it concerns. */
const field = {
  attended: 'attended',
  decision: 'decision',
  departments: 'departments',
  action: (n: number) => `action${n}`,
  intervention: (n: number) => `action${n}_intervention`,
  owner: (n: number) => `action${n}_owner`,
  due: (n: number) => `action${n}_due`,
  nextFollowUp: 'nextFollowUp',
};

export interface OutcomeFormView {
  t: (typeof messages)['da'];
  meeting: Meeting;
  /** The meeting's start as the card writes it. */
  when: string;
  plan: Plan;
  /** The decisions still awaited: one of them, or a new one, is what the meeting may have decided. */
  awaited: Decision[];
  departments: { id: string; name: string }[];
  people: { id: string; name: string }[];
  /** What to mend, by field. */
  errors: Record<string, string>;
}

const errorId = (name: string) => `outcome-error-${name}`;
/** A field's error, and the attributes that tie it to its control. */
const errorOf = (v: OutcomeFormView, name: string) => v.errors[name];
const errorText = (v: OutcomeFormView, name: string) => (errorOf(v, name) ? html`<p class="flag" id=${errorId(name)}>${errorOf(v, name)}</p>` : nothing);

/** The form, for the meeting whose outcome is due. */
export function renderOutcomeForm(v: OutcomeFormView, onSubmit: (e: SubmitEvent) => void, onCancel: () => void) {
  const { t } = v;
  const errors = Object.keys(v.errors).length;
  const option = (value: string, label: string) => html`<option value=${value}>${label}</option>`;
  const action = (n: number) => {
    const invalid = errorOf(v, field.action(n)) ? 'true' : nothing;
    const described = errorOf(v, field.action(n)) ? errorId(field.action(n)) : nothing;
    return html`<fieldset aria-describedby=${described}>
<legend>${t.action(n)}</legend>
${errorText(v, field.action(n))}
<label>${t.intervention} <select name=${field.intervention(n)} aria-invalid=${invalid}>${option('', t.choose)}${v.plan.interventions.map((iv) => option(iv.id, iv.title))}</select></label>
<label>${t.owner} <select name=${field.owner(n)} aria-invalid=${invalid}>${option('', t.choose)}${v.people.map((p) => option(p.id, p.name))}</select></label>
<label>${t.date} <input type="date" name=${field.due(n)} aria-invalid=${invalid}></label>
</fieldset>`;
  };
  return html`<form part="outcome-form" novalidate @submit=${onSubmit} @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && onCancel()}>
<h3 tabindex="-1">${t.outcomeOf(v.when)}</h3>
<p>${t.outcomeIntro}</p>
${errors ? html`<p role="alert" class="flag">${t.fixErrors(errors)}</p>` : nothing}
<fieldset>
<legend>${t.attendedQuestion}</legend>
${[['yes', t.yes], ['no', t.no], ['', t.notSaid]].map(([value, label]) => html`<label><input type="radio" name=${field.attended} value=${value!} ?checked=${value === ''}> ${label}</label>`)}
</fieldset>
<label>${t.decisionTakenField} <select name=${field.decision}>${option('', t.noDecision)}${v.awaited.map((d) => option(d.id, d.id))}${option('new', t.newDecision)}</select></label>
<fieldset aria-describedby=${errorOf(v, field.departments) ? errorId(field.departments) : nothing}>
<legend>${t.takenBy}</legend>
${errorText(v, field.departments)}
${v.departments.map((d) => html`<label><input type="checkbox" name=${field.departments} value=${d.id} aria-invalid=${errorOf(v, field.departments) ? 'true' : nothing}> ${d.name}</label>`)}
</fieldset>
${Array.from({ length: FORM_ACTIONS }, (_, i) => action(i + 1))}
<label>${t.nextFollowUp} <input type="date" name=${field.nextFollowUp}></label>
<p class="buttons"><button type="submit">${t.save}</button> <button type="button" @click=${onCancel}>${t.cancel}</button></p>
</form>`;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** An outcome as the API's outcome route takes it: the meeting is in the path. */
export type OutcomeBody = Omit<MeetingOutcomeInput, 'meeting'>;

/** The outcome the form holds, or what to mend (by field): an action is whole or empty; a decision names its departments. */
export function readOutcomeForm(form: HTMLFormElement, v: Pick<OutcomeFormView, 't' | 'meeting' | 'plan'>, now: number): { outcome: OutcomeBody } | { errors: Record<string, string> } {
  const { t, meeting, plan } = v;
  const data = new FormData(form);
  const one = (name: string) => String(data.get(name) ?? '');
  const errors: Record<string, string> = {};
  const actions: NonNullable<MeetingOutcomeInput['actions']> = [];
  for (let n = 1; n <= FORM_ACTIONS; n++) {
    const [intervention, owner, due] = [one(field.intervention(n)), one(field.owner(n)), one(field.due(n))];
    const given = [intervention, owner, due].filter(Boolean).length;
    if (given === 0) continue;
    if (given < 3 || !DAY.test(due)) errors[field.action(n)] = t.actionIncomplete;
    else actions.push({ intervention: { kind: 'existing', id: intervention }, owner, due });
  }
  const decision = one(field.decision);
  const departments = data.getAll(field.departments).map(String);
  if (decision && departments.length === 0) errors[field.departments] = t.needsDepartments;
  if (Object.keys(errors).length) return { errors };
  const attended = one(field.attended);
  const next = one(field.nextFollowUp);
  return {
    outcome: {
      heldAt: heldAtOf(meeting, now),
      ...(attended ? { citizenAttended: attended === 'yes' } : {}),
      planVersion: plan.version,
      decisions: decision ? [{ id: decision === 'new' ? newDecisionId(meeting.id) : decision, departments }] : [],
      actions,
      ...(DAY.test(next) ? { nextFollowUp: next } : {}),
    },
  };
}

/** The first control to mend, for focus. */
export function firstInvalid(form: HTMLFormElement): HTMLElement | null {
  return form.querySelector<HTMLElement>('[aria-invalid="true"]');
}
