import {
  CaseSystemUrl,
  Consent,
  Decisions,
  DepartmentNames,
  Id,
  Plan,
  Meetings,
  ProfessionalNames,
  Rooms,
  awaitedDepartments,
  chairOf,
  checkPlan,
  consentState,
  copenhagenDay,
  dayOf,
  formatDkk,
  decisionDepartments,
  isoOfDay,
  lastHeldMeeting,
  listOf,
  meetingToRecord,
  nextMeeting,
  quoted,
  uncoveredDepartments,
  type Decision,
  type DepartmentName,
  type Finding,
  type Meeting,
  type MeetingDecision,
  type Room,
  type FollowUp,
  type ProfessionalName,
  type Intervention,
} from '@samspil/core';
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { SamspilMeetingOutcomeEvent, SamspilMeetingRequestEvent, SamspilPlanChangeEvent } from '../events.js';
import { chunk } from '../shared/chunk.js';
import { SourceController, type SourceState } from '../shared/source.js';
import { formatDateTime, formatTime, LocalizeController, type Locale } from '../shared/localize.js';
import { renderNote } from '../shared/notes.js';
import { base } from '../shared/styles.js';
import { Validated, renderEmpty, renderInvalid } from '../shared/validation.js';
import { messages } from './plan-card.messages.js';
import { styles } from './plan-card.styles.js';

type Messages = (typeof messages)['da'];

/** A professional named on the card (plan coordinator, intervention owner). Never the citizen. */
export type Professional = ProfessionalName;

export type { MeetingOutcomeDetail, MeetingRequestDetail, PlanChangeDetail } from '../events.js';
export type { SourceState } from '../shared/source.js';

/** What the card derives from one working copy of the plan: computed once, not per render. */
interface View {
  plan: Plan;
  departments: DepartmentName[];
  names: Map<string, string>;
  findings: Finding[];
  groups: [department: string, items: [Intervention, number][]][];
  titles: Map<string, string>;
  /** The departments taking part: the case's, the overall goal's and the interventions'. */
  taking: string[];
}

/** What one render shows: the checked inputs, what is derived from the plan, and the formatting the sections share. */
interface Card extends View {
  t: Messages;
  locale: Locale;
  people: Map<string, Professional>;
  consent: Consent | undefined;
  coordinator: string | undefined;
  url: string | undefined;
  reference: string | undefined;
  /** Undefined when the host gives none: then the card has no meetings (and no "Book meeting"). */
  meetings: Meeting[] | undefined;
  decisions: Decision[] | undefined;
  rooms: Room[];
  /** The full layout (else compact). */
  full: boolean;
  /** The time of this render (epoch ms) and its day in Copenhagen. */
  now: number;
  today: number;
  /** A department's display name; a `YYYY-MM-DD` date and an instant's day in the current language. */
  dept: (id: string) => string;
  date: (iso: string) => string;
  instant: (iso: string) => string;
}

/** The outcome form is a chunk of its own (the CDN bundle's budget): loaded when a user opens it. */
const outcomeForms = chunk(() => import('./plan-card.outcome.js'));

/** A section of the card: a `part` of that name, a focusable heading, and its body. */
const section = (name: string, heading: string, ...body: unknown[]) => html`<section part=${name}><h2 tabindex="-1">${heading}</h2>${body}</section>`;

/** A list of `items`, or a paragraph saying `empty` when there are none. */
const list = <T>(items: readonly T[], item: (x: T) => unknown, empty: string) =>
  items.length ? html`<ul>${items.map((x) => html`<li>${item(x)}</li>`)}</ul>` : html`<p>${empty}</p>`;

const warn = (text: string, locale: Locale) => renderNote('warning', text, locale, 'warning');

/**
 * The citizen's one shared plan, as the caseworkers and the citizen see it: the
 * citizen's own wishes first, the overall goal, measurable sub-goals,
 * interventions per department in their sequence, the plan coordinator, the next
 * follow-up, consent, the budget, and the problems found by core's plan checks.
 * Prints as a plain A4 document for the citizen: black on white, without the edit
 * controls, the link to the case system or the professionals' list of problems.
 *
 * Every input is validated with the core schemas; bad data shows an alert naming
 * the path of the first problem (`interventions[2].department`), never an exception.
 *
 * @tag samspil-plan-card
 * @summary The citizen's shared plan: wishes, goals, interventions, coordinator, follow-up, consent, budget and problems.
 *
 * @fires {SamspilSourceErrorEvent} samspil-source-error - Loading from or writing to `src` failed: `detail` is `{ status, detail }` (status 0: the network).
 * @fires {SamspilMeetingOutcomeEvent} samspil-meeting-outcome - In `editable` mode with `meetings` given, when the user saves the outcome form of the meeting whose outcome is due (the earliest booked one that has started, else the next): `detail` is `{ caseReference, meeting, outcome }`, `outcome` being the body of `POST /cases/{reference}/meetings/{meeting}/outcome` (decisions with their departments, actions on the plan's interventions with owner and date, the next follow-up, the plan's version). The host records it and sets `meetings`, `decisions` and `plan`. Bubbles and is composed.
 * @fires {SamspilMeetingRequestEvent} samspil-meeting-request - In `editable` mode with `meetings` given, when the user presses "Book meeting" (Book møde): `detail` is `{ caseReference, chair, followUp }` (the coordinator and the next follow-up not held, as suggestions). The host books the meeting and sets `meetings`. Bubbles and is composed.
 * @fires {SamspilPlanChangeEvent} samspil-plan-change - In `editable` mode, after the user changes a sub-goal's or an intervention's status or marks a follow-up as held. Bubbles and is composed; `detail.plan` is a new `Plan` (the input is never mutated), and the card shows it until `plan` is set to another object.
 *
 * @csspart card - The card around everything (an `article`).
 * @csspart wishes - The citizen's own wishes (a `blockquote`, verbatim).
 * @csspart citizen-voice - What the citizen wrote before a meeting in the citizen's portal (`plan.citizenVoice`), the latest first, each in their words with when.
 * @csspart goal - The overall goal.
 * @csspart sub-goals - The sub-goals with criterion, target date and status (full layout).
 * @csspart interventions - The interventions grouped by department (full layout).
 * @csspart legal-basis - An intervention's legal basis (`SEL § 52`), when the plan states it.
 * @csspart coordinator - The plan coordinator, or a warning that there is none.
 * @csspart follow-up - The next follow-up (and all follow-ups in the full layout).
 * @csspart consent - The consent or legal basis and whether it blocks coordination.
 * @csspart budget - The budget per department and in total (full layout).
 * @csspart findings - The warnings and errors from the plan checks.
 * @csspart finding - One of them: its severity in words, then the problem.
 * @csspart warning - Each warning (no coordinator, consent blocks coordination, overdue follow-up).
 * @csspart meetings - The meetings: the next one, the last one's outcome, the decisions awaited.
 * @csspart next-meeting - The next meeting: time, place (the link or the room's name), chair, whether the citizen is invited.
 * @csspart book-meeting - The "Book meeting" button (editable, with `meetings` given).
 * @csspart record-outcome - The "Record outcome" button (editable, with a meeting whose outcome is due).
 * @csspart outcome-form - The outcome form: whether the citizen came, the decision and its departments, two actions, the next follow-up.
 * @csspart last-meeting - The last meeting held: whether the citizen came, its decisions, its actions and the next follow-up.
 * @csspart decision - A decision with its departments and whether it is taken or awaited.
 * @csspart awaited - The departments a decision still waits for (a joint decision is taken when each has confirmed it).
 * @csspart meta - The case reference and the link to the case system.
 * @csspart error - The alert shown for invalid data.
 * @csspart empty - The text shown when there is no plan.
 *
 * @cssprop --samspil-color-text - Text colour. Default: the system's `CanvasText`.
 * @cssprop --samspil-color-surface - Card background. Default: the system's `Canvas`.
 * @cssprop --samspil-color-muted - Secondary text (owners, dates, footer).
 * @cssprop --samspil-color-border - Card and table borders.
 * @cssprop --samspil-color-accent - Links and the wishes' rule.
 * @cssprop --samspil-color-warning - Warning text and rule.
 * @cssprop --samspil-color-warning-surface - Warning background.
 * @cssprop --samspil-color-danger - Overdue follow-ups, errors and the invalid-data alert.
 * @cssprop --samspil-radius - Corner radius.
 * @cssprop --samspil-space - Padding and gaps.
 * @cssprop --samspil-focus-ring - Focus outline of the edit controls and the link.
 * @cssprop --samspil-plan-card-wishes-size - Font size of the citizen's wishes. Default: `1.25em`.
 */
export class SamspilPlanCard extends LitElement {
  static override styles = [base, styles];
  static override properties = {
    src: {},
    token: {},
    plan: { attribute: false },
    meetings: { attribute: false },
    decisions: { attribute: false },
    rooms: { attribute: false },
    coordinator: {},
    consent: { attribute: false },
    departments: { attribute: false },
    people: { attribute: false },
    caseReference: { attribute: 'case-reference' },
    caseSystemUrl: { attribute: 'case-system-url' },
    now: { type: Number },
    layout: { reflect: true },
    editable: { type: Boolean, reflect: true },
  };

  /** Load the data from this Samspil API resource (and, for an editable widget, write edits back); see `token`. */
  declare src: string | undefined;
  /** A widget token for `src`, from the vendor's backend. */
  declare token: string | undefined;
  /** Where loading from `src` stands: `idle` (no `src`), `loading`, `loaded`, or `failed` (after `samspil-source-error`). Read-only; the widget renders again when it changes. */
  get sourceState(): SourceState {
    return this.#api.state;
  }

  /** The core `Plan` (validated with core's schema; defaults are filled in). `null`/`undefined` shows the empty state. */
  declare plan: Plan | null | undefined;

  /**
   * The case's meetings (core `Meeting[]`): the card shows the next one booked and the outcome of the last one held,
   * and, when `editable`, a "Book meeting" button. A meeting's place is a link or a room (named from `rooms`). Without
   * it (nor `decisions`) the card has no meetings section.
   */
  declare meetings: Meeting[] | null | undefined;

  /**
   * The case's decisions (core `Decision[]`, `departments` or the old single `department`): whether each is taken or
   * awaited, and by which departments. A joint decision is awaited until each of its departments has confirmed it.
   */
  declare decisions: Decision[] | null | undefined;

  /** The municipality's meeting rooms (`{id, name}[]`, core `TenantSettings.rooms`), to name a meeting's room. */
  declare rooms: Room[] | null | undefined;

  /** The person id of the case's current plan coordinator; `null` when there is none (a warning is shown). */
  declare coordinator: string | null | undefined;

  /** The case's consent or other recorded legal basis (core `Consent`); `null` when none is recorded. */
  declare consent: Consent | null | undefined;

  /** The departments taking part in the case, with their display names. */
  declare departments: DepartmentName[] | undefined;

  /** The professionals to name as coordinator and owners (core `Person` objects fit). */
  declare people: Professional[] | undefined;

  /** The vendor's case reference; defaults to the plan's `caseReference`. */
  declare caseReference: string | undefined;

  /** Deep link back to the case in the vendor's system (http or https). */
  declare caseSystemUrl: string | undefined;

  /** The current time in epoch milliseconds, for overdue follow-ups and consent. Default: the time of rendering. */
  declare now: number | undefined;

  /** `full` shows everything; `compact` shows wishes, goal, coordinator, next follow-up, consent and problems. */
  layout: 'compact' | 'full' = 'full';

  /** Lets the user change statuses and mark follow-ups as held; each edit fires `samspil-plan-change`. */
  editable = false;

  readonly #l10n = new LocalizeController(this, messages);
  readonly #api = new SourceController(this, 'plan', SamspilPlanChangeEvent);

  /** In the order they are checked; the key is the property and the path prefix of its problems. */
  readonly #checks = {
    plan: new Validated(Plan),
    coordinator: new Validated(Id),
    consent: new Validated(Consent),
    departments: new Validated(DepartmentNames),
    people: new Validated(ProfessionalNames),
    caseReference: new Validated(Id),
    caseSystemUrl: new Validated(CaseSystemUrl),
    meetings: new Validated(Meetings),
    decisions: new Validated(Decisions),
    rooms: new Validated(Rooms),
  };

  #source: Plan | undefined;
  #working: Plan | undefined;
  #view: View | undefined;
  /** The meeting whose outcome form is open, and what to mend in it. */
  #recording: { meeting: string; errors: Record<string, string> } | undefined;

  override render(): TemplateResult {
    const { t, locale } = this.#l10n;
    const v: Record<string, unknown> = {};
    for (const [key, validated] of Object.entries(this.#checks)) {
      const r = validated.check(this[key as keyof this]);
      if (r.state === 'invalid') return renderInvalid(r.issue, locale, key === 'plan' ? '' : key);
      if (r.state === 'empty' && key === 'plan') return renderEmpty(t.empty);
      v[key] = r.state === 'valid' ? r.value : undefined;
    }
    // A new plan object replaces the working copy; edits replace it in between.
    if (v.plan !== this.#source) this.#working = this.#source = v.plan as Plan;
    const c = this.#card(v);
    const { reference } = c;
    return html`<article part="card" class="card" aria-label=${reference ? `${t.card}, ${t.caseRef.toLowerCase()} ${reference}` : t.card}>
${this.#wishes(c)}
${this.#voice(c)}
${this.#goal(c)}
${c.full ? [this.#subGoals(c), this.#interventions(c)] : nothing}
<div class="facts">
${this.#coordinator(c)}
${this.#followUps(c)}
${this.#consent(c)}
</div>
${this.#meetings(c)}
${c.full ? this.#budget(c) : nothing}
${this.#findings(c)}
${this.#meta(c)}
</article>`;
  }

  /** What this render shows, from the checked inputs (`v`, by property) and the working copy of the plan. */
  #card(v: Record<string, unknown>): Card {
    const { t, locale } = this.#l10n;
    const view = this.#derive(this.#working!, (v.departments as DepartmentName[] | undefined) ?? []);
    const now = this.now ?? Date.now();
    const date = (iso: string) => this.#l10n.date(iso);
    return {
      ...view,
      t,
      locale,
      people: new Map(((v.people as Professional[] | undefined) ?? []).map((p) => [p.id, p])),
      consent: v.consent as Consent | undefined,
      coordinator: v.coordinator as string | undefined,
      url: v.caseSystemUrl as string | undefined,
      reference: (v.caseReference as string | undefined) ?? view.plan.caseReference,
      meetings: v.meetings as Meeting[] | undefined,
      decisions: v.decisions as Decision[] | undefined,
      rooms: (v.rooms as Room[] | undefined) ?? [],
      full: this.layout !== 'compact',
      now,
      today: copenhagenDay(now),
      dept: (id) => view.names.get(id) ?? id,
      date,
      instant: (iso) => date(isoOfDay(copenhagenDay(Date.parse(iso)))),
    };
  }

  #wishes({ t, plan }: Card) {
    return section('wishes', t.wishes, html`<blockquote>${plan.citizenWishes}</blockquote>`);
  }

  /** What the citizen wrote before a meeting (the citizen's portal), the latest first: their words, for the coordinator and the meeting. */
  #voice({ t, locale, plan }: Card) {
    const voice = plan.citizenVoice ?? [];
    return voice.length
      ? section('citizen-voice', t.citizenVoice, html`<ul>${voice.map((v) => html`<li><blockquote>${v.text}</blockquote><div class="meta">${t.written} ${formatDateTime(v.writtenAt, locale)}</div></li>`)}</ul>`)
      : nothing;
  }

  #goal({ t, plan }: Card) {
    const { kind, description } = plan.overallGoal;
    return section('goal', t.goal, html`<p><strong>${t.kind[kind]}</strong>${description ? `: ${description}` : nothing}</p>`);
  }

  #subGoals({ t, plan, date }: Card) {
    return section(
      'sub-goals',
      t.subGoals,
      list(plan.subGoals.map((g, i) => [g, i] as const), ([g, i]) => html`<strong>${g.title}</strong><div class="meta">${g.criterion
          ? html`<span>${t.criterion}: ${g.criterion}</span>`
          : html`<span class="missing">${t.noCriterion}</span>`}${g.targetDate ? html`<span>${t.target}: ${date(g.targetDate)}</span>` : nothing}${this.#status('subGoals', i, g.status, t.subGoalStatus, g.title)}</div>`, t.none),
    );
  }

  #interventions({ t, locale, groups, titles, people, dept, date }: Card) {
    const intervention = ([iv, i]: [Intervention, number]) => html`<strong>${iv.title}</strong><div class="meta"><span>${t.owner}: ${iv.owner ? (people.get(iv.owner)?.name ?? iv.owner) : t.nobody}</span>${iv.legalBasis ? html`<span part="legal-basis">${t.interventionBasis}: ${iv.legalBasis}</span>` : nothing}${iv.start || iv.end
        ? html`<span>${iv.start ? date(iv.start) : '…'} – ${iv.end ? date(iv.end) : '…'}</span>`
        : nothing}${this.#status('interventions', i, iv.status, t.interventionStatus, iv.title)}</div>${iv.dependsOn.map((id) => html`<div>${t.waitsFor} ${quoted(titles.get(id) ?? id, locale)}</div>`)}`;
    return section(
      'interventions',
      t.interventions,
      groups.length ? groups.map(([d, items]) => html`<h3>${dept(d)}</h3>${list(items, intervention, t.none)}`) : html`<p>${t.none}</p>`,
    );
  }

  #coordinator({ t, locale, coordinator, people, dept }: Card) {
    const person = coordinator ? people.get(coordinator) : undefined;
    return section(
      'coordinator',
      t.coordinator,
      coordinator
        ? html`<p><strong>${person?.name ?? coordinator}</strong>${person?.title ? `, ${person.title}` : nothing}${person?.department ? ` (${dept(person.department)})` : nothing}</p>`
        : warn(t.noCoordinator, locale),
    );
  }

  #followUps(c: Card) {
    const { t, plan, full } = c;
    const followUps = plan.followUps.map((f, i) => [f, i] as const).sort(([a], [b]) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    const next = followUps.find(([f]) => !f.heldAt);
    const followUp = (x: readonly [FollowUp, number]) => this.#followUp(c, x);
    return section(
      'follow-up',
      t.followUp,
      next ? html`<p>${t.next}: ${followUp(next)}</p>` : html`<p>${t.noFollowUp}</p>`,
      full && followUps.length > (next ? 1 : 0) ? list(followUps.filter((f) => f !== next), followUp, t.none) : nothing,
    );
  }

  /** One follow-up: its date, when it was held, whether it is overdue, and (editable) a button marking it held. */
  #followUp({ t, today, date, instant }: Card, [f, i]: readonly [FollowUp, number]) {
    const overdue = !f.heldAt && dayOf(f.date) < today;
    return html`<span class=${overdue ? 'overdue' : ''}>${date(f.date)}</span>${f.heldAt ? ` · ${t.held} ${instant(f.heldAt)}` : nothing}${overdue
        ? html` <strong part="warning" class="flag"><span aria-hidden="true">⚠</span> ${t.overdue}</strong>`
        : nothing}${this.editable && !f.heldAt
        ? html` <button type="button" data-edit="followUps" data-i=${i} aria-label=${`${t.markHeld}: ${date(f.date)}`} @click=${this.#edit}>${t.markHeld}</button>`
        : nothing}`;
  }

  #consent({ t, locale, consent, now, taking, dept, instant }: Card) {
    const state = consentState(consent, now);
    const legal = consent?.basis === 'legal-basis';
    const since = consent && { given: legal ? consent.recordedAt : consent.givenAt, withdrawn: legal ? consent.endedAt : consent.withdrawnAt, missing: undefined }[state];
    const uncovered = taking.length > 1 ? uncoveredDepartments(consent, taking, now) : [];
    return section(
      'consent',
      t.consent,
      html`<p><strong>${t.consentState[state]}</strong>${since ? ` ${instant(since)}` : nothing}</p>`,
      legal ? html`<p>${t.legalBasis}: ${consent.reference}</p>` : nothing,
      uncovered.length ? warn((state === 'given' ? t.notCovered : t.blocked)(listOf(uncovered.map(dept), locale)), locale) : nothing,
    );
  }

  /**
   * With `meetings` (or `decisions`) given: the next meeting, the "Book meeting" button (editable), the last
   * meeting's outcome and the decisions awaited. A host that gives neither has no meetings section.
   */
  #meetings(c: Card) {
    const { t, meetings, decisions = [], now } = c;
    if (!meetings && !c.decisions) return nothing;
    const next = meetings && nextMeeting(meetings, now);
    const last = meetings && lastHeldMeeting(meetings);
    const awaited = decisions.filter((d) => awaitedDepartments(d).length > 0);
    return section(
      'meetings',
      t.meetings,
      meetings ? [html`<h3>${t.nextMeeting}</h3>`, next ? this.#nextMeeting(c, next) : html`<p>${t.noMeeting}</p>`] : nothing,
      meetings && this.editable ? html`<p><button type="button" part="book-meeting" @click=${this.#book}>${t.bookMeeting}</button></p>` : nothing,
      meetings && this.editable ? this.#outcome(c, meetings) : nothing,
      last?.outcome ? this.#lastMeeting(c, last) : nothing,
      awaited.length ? [html`<h3>${t.decisionsAwaited}</h3>`, list(awaited, (d) => this.#decision(c, d), t.none)] : nothing,
    );
  }

  #nextMeeting({ t, locale, people, rooms, coordinator }: Card, m: Meeting) {
    const name = (id: string | undefined) => (id ? (people.get(id)?.name ?? id) : t.nobody);
    const place = m.place;
    return html`<dl part="next-meeting">
<dt>${t.when}</dt><dd>${formatDateTime(m.startsAt, locale)}–${formatTime(m.endsAt, locale)}</dd>
<dt>${t.place}</dt><dd>${place.kind === 'link' ? html`<a href=${place.url}>${t.joinOnline}</a>` : (rooms.find((r) => r.id === place.id)?.name ?? place.id)}</dd>
<dt>${t.chair}</dt><dd>${name(chairOf(m, coordinator))}</dd>
${m.minutesBy ? html`<dt>${t.minutesBy}</dt><dd>${name(m.minutesBy)}</dd>` : nothing}
<dt>${t.citizen}</dt><dd>${m.citizenInvited ? t.citizenInvited : t.citizenNotInvited}</dd>
</dl>`;
  }

  /** The last meeting held: its day, whether the citizen came, its decisions, its actions and the next follow-up. */
  #lastMeeting(c: Card, m: Meeting) {
    const { t, people, titles, decisions = [], date, instant } = c;
    const o = m.outcome!;
    const attended = o.citizenAttended ?? m.citizenAttended;
    return html`<h3>${t.lastMeeting}</h3><div part="last-meeting">
<p>${instant(o.heldAt)}${attended === undefined ? nothing : ` · ${attended ? t.citizenAttended : t.citizenAbsent}`}</p>
${o.decisions.length ? html`<h4>${t.decisions}</h4>${list(o.decisions, (d) => this.#decision(c, decisions.find((x) => x.id === d.id) ?? d), t.none)}` : nothing}
${o.actions.length
    ? html`<h4>${t.actions}</h4>${list(o.actions, ({ intervention: iv, owner, due }) => html`<strong>${iv.kind === 'new' ? iv.title : (titles.get(iv.id) ?? iv.id)}</strong>${iv.kind === 'new' ? ` (${t.newIntervention})` : nothing}<div class="meta"><span>${t.owner}: ${people.get(owner)?.name ?? owner}</span><span>${t.due} ${date(due)}</span></div>`, t.none)}`
    : nothing}
${o.nextFollowUp ? html`<p>${t.nextFollowUp}: ${date(o.nextFollowUp)}</p>` : nothing}
</div>`;
  }

  /** A decision with its departments: taken (when), or awaited with the departments still missing. */
  #decision({ t, locale, dept, instant }: Card, d: Decision | MeetingDecision) {
    const recorded = 'requestedAt' in d;
    const owners = decisionDepartments(d);
    const awaiting = recorded ? awaitedDepartments(d) : [];
    return html`<span part="decision">${owners.length > 1 ? t.jointDecision : t.decision} ${d.id} (${listOf(owners.map(dept), locale)}): ${awaiting.length
      ? html`<strong part="awaited" class="flag">${t.awaiting(listOf(awaiting.map(dept), locale))}</strong>`
      : recorded && d.decidedAt ? `${t.taken} ${instant(d.decidedAt)}` : t.takenAtMeeting}</span>`;
  }

  /** The meeting whose outcome is due: its "Record outcome" button, or its form when open. */
  #outcome(c: Card, meetings: Meeting[]) {
    const { t, locale, decisions = [], people, taking, dept, now } = c;
    const due = meetingToRecord(meetings, now);
    if (!due) return nothing;
    const when = formatDateTime(due.startsAt, locale);
    // The form's chunk is asked for only once the form is open.
    const recording = this.#recording?.meeting === due.id ? this.#recording : undefined;
    const forms = recording && outcomeForms(this);
    if (!recording || !forms) return html`<p><button type="button" part="record-outcome" @click=${() => this.#open(due.id)}>${t.recordOutcome} (${when})</button></p>`;
    const view = {
      t,
      meeting: due,
      when,
      plan: c.plan,
      awaited: decisions.filter((d) => awaitedDepartments(d).length > 0),
      departments: taking.map((id) => ({ id, name: dept(id) })),
      people: [...people.values()].map((p) => ({ id: p.id, name: p.name })),
      errors: recording.errors,
    };
    const submit = (e: SubmitEvent) => {
      e.preventDefault();
      const read = forms.readOutcomeForm(e.currentTarget as HTMLFormElement, view, this.now ?? Date.now());
      if ('errors' in read) return this.#open(due.id, read.errors);
      this.#close('[part~="meetings"] h2');
      this.dispatchEvent(new SamspilMeetingOutcomeEvent({ caseReference: c.reference, meeting: due.id, outcome: read.outcome }));
    };
    return forms.renderOutcomeForm(view, submit, () => this.#close('[part~="record-outcome"]'));
  }

  /** Opens the outcome form (again, with what to mend): focus goes to its heading, or to the first field to mend. */
  async #open(meeting: string, errors: Record<string, string> = {}) {
    const forms = await outcomeForms.loaded();
    this.#recording = { meeting, errors };
    this.requestUpdate();
    await this.updateComplete;
    const form = this.renderRoot.querySelector<HTMLFormElement>('[part~="outcome-form"]');
    (Object.keys(errors).length && form ? forms.firstInvalid(form) : form?.querySelector<HTMLElement>('h3'))?.focus();
  }

  /** Closes the form; focus goes to `focus` (the button that opened it, or the section). */
  async #close(focus: string) {
    this.#recording = undefined;
    this.requestUpdate();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(focus)?.focus();
  }

  /** "Book meeting": the host books; the card suggests the coordinator as chair and the next follow-up's date. */
  #book() {
    const plan = this.#working;
    const followUp = plan?.followUps.filter((f) => !f.heldAt).map((f) => f.date).sort()[0];
    const reference = this.#checks.caseReference.check(this.caseReference);
    const coordinator = this.#checks.coordinator.check(this.coordinator);
    this.dispatchEvent(
      new SamspilMeetingRequestEvent({
        caseReference: reference.state === 'valid' ? reference.value : plan?.caseReference,
        chair: coordinator.state === 'valid' ? coordinator.value : undefined,
        followUp,
      }),
    );
  }

  #budget({ t, locale, findings, dept }: Card) {
    const kr = (f: Finding | undefined) => formatDkk(Math.round(Number(f?.data?.amountDkk) * 100), locale);
    const total = findings.find((f) => f.code === 'plan.budget-total');
    return section(
      'budget',
      t.budget,
      total
        ? html`<table><tbody>${findings
            .filter((f) => f.code === 'plan.budget-department')
            .map((f) => html`<tr><th scope="row">${dept(String(f.data?.department))}</th><td>${kr(f)}</td></tr>`)}</tbody><tfoot><tr><th scope="row">${t.total}</th><td>${kr(total)}</td></tr></tfoot></table>`
        : html`<p>${t.noBudget}</p>`,
    );
  }

  #findings({ t, locale, findings }: Card) {
    return section(
      'findings',
      t.findings,
      list(
        findings.filter((f) => f.severity !== 'info'),
        (f) => renderNote(f.severity, f.message[locale], locale),
        t.noFindings,
      ),
    );
  }

  /** The case reference and the link to the case system, when there are any. */
  #meta({ t, reference, url }: Card) {
    return reference || url
      ? html`<footer part="meta">${reference ? html`<span>${t.caseRef} ${reference}</span>` : nothing}${url ? html`<a href=${url}>${t.openCase}</a>` : nothing}</footer>`
      : nothing;
  }

  /** A status as text, or as a labelled native select when editable. */
  #status(key: 'subGoals' | 'interventions', i: number, value: string, labels: Record<string, string>, title: string) {
    const { t } = this.#l10n;
    return this.editable
      ? html`<label>${t.status} <select data-edit=${key} data-i=${i} aria-label=${`${t.status}: ${title}`} @change=${this.#edit}>${Object.entries(labels).map(
          ([k, label]) => html`<option value=${k} .selected=${k === value}>${label}</option>`,
        )}</select></label>`
      : html`<span>${t.status}: ${labels[value]}</span>`;
  }

  /** One edit: a new plan (never mutating the current one) becomes the working copy and is announced. */
  #edit(event: Event) {
    const control = event.currentTarget as HTMLSelectElement;
    const key = control.dataset.edit as 'subGoals' | 'interventions' | 'followUps';
    const index = Number(control.dataset.i);
    const current = this.#working!;
    const patch = key === 'followUps' ? { heldAt: new Date(this.now ?? Date.now()).toISOString() } : { status: control.value };
    const plan = { ...current, [key]: current[key].map((item, i) => (i === index ? { ...item, ...patch } : item)) } as Plan;
    this.#working = plan;
    this.requestUpdate();
    this.dispatchEvent(new SamspilPlanChangeEvent({ plan }));
    // The button goes away with the follow-up it marked: keep the keyboard user in the section.
    if (key === 'followUps') this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part=follow-up] h2')?.focus());
  }

  #derive(plan: Plan, departments: DepartmentName[]): View {
    if (this.#view?.plan === plan && this.#view.departments === departments) return this.#view;
    const names = new Map(departments.map((d) => [d.id, d.name]));
    const groups = new Map<string, [Intervention, number][]>();
    plan.interventions.forEach((iv, i) => {
      const group = groups.get(iv.department);
      if (group) group.push([iv, i]);
      else groups.set(iv.department, [[iv, i]]);
    });
    const goal = plan.overallGoal.department;
    return (this.#view = {
      plan,
      departments,
      names,
      findings: checkPlan(plan, { departmentNames: Object.fromEntries(names) }),
      groups: [...groups],
      // The first of two interventions with the same id wins, as in core's checks.
      titles: new Map(plan.interventions.toReversed().map((iv) => [iv.id, iv.title])),
      taking: [...new Set([...names.keys(), ...(goal ? [goal] : []), ...groups.keys()])],
    });
  }
}
