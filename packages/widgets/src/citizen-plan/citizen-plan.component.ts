import { CitizenView, VOICE_MAX_LENGTH, hasCpr, listOf } from '@samspil/core';
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { SamspilCitizenVoiceEvent, SamspilConsentWithdrawEvent, SamspilSourceErrorEvent } from '../events.js';
import { SourceController, type SourceState } from '../shared/source.js';
import { formatDateTime, formatTime, LocalizeController, type Locale } from '../shared/localize.js';
import { base } from '../shared/styles.js';
import { Validated, renderEmpty, renderInvalid } from '../shared/validation.js';
import { messages } from './citizen-plan.messages.js';
import { styles } from './citizen-plan.styles.js';

type Messages = (typeof messages)['da'];

export type { CitizenVoiceDetail, ConsentWithdrawDetail } from '../events.js';
export type { SourceState } from '../shared/source.js';

/** What the voice form says: nothing yet, sending, sent, or why not. */
type VoiceState = 'idle' | 'sending' | 'sent' | 'empty' | 'too-long' | 'cpr' | 'failed';
/** Where the withdrawal stands: not asked, the confirm step, sending, done, or failed. */
type WithdrawState = 'idle' | 'confirm' | 'sending' | 'done' | 'failed';

/** A section: a `part` of that name, a focusable heading with an id, and its body. */
const section = (name: string, heading: string, ...body: unknown[]) =>
  html`<section part=${name} aria-labelledby=${`h-${name}`}><h2 id=${`h-${name}`} tabindex="-1">${heading}</h2>${body}</section>`;

/**
 * The citizen's own plan, for a municipality's citizen portal or a vendor's "my page": in plain
 * Danish (or English), with the citizen's own wishes first; the goal and the small goals on the way
 * with their status in words; "Din tovholder", the plan coordinator, and how to reach them (or to
 * call the municipality); what happens next (the next meeting, the next follow-up, the next steps with
 * who does them and by when); who does what, as far as the consent allows; the consent, with a way to
 * withdraw it after a confirm step that says what stops; and a form to write what matters before a
 * meeting. It never shows other citizens, the professionals' findings, disagreements or stall reasons:
 * its data (core `CitizenView`) holds none of them.
 *
 * With `src` (the API's `/api/v1/cases/{reference}/citizen`) and a citizen's widget token (scope
 * `citizen`), it loads the view, and sends what the citizen writes to `src` + `/voice` and a withdrawal
 * to `src` + `/consent/withdraw` itself. With `data` only, the host does the sending on the events.
 * A text with a CPR number is refused in the browser, kindly, before anything is sent.
 *
 * Every input is validated with core's schema; bad data shows an alert naming the path of the first
 * problem, never an exception. Prints as a plain document without the form and the buttons.
 *
 * @tag samspil-citizen-plan
 * @summary The citizen's own plan in plain language: wishes first, goals, the coordinator, what happens next, who does what, the consent and the citizen's voice before a meeting.
 *
 * @fires {SamspilCitizenVoiceEvent} samspil-citizen-voice - The citizen sent what they wrote: `detail` is `{ text, meeting, writtenAt }`. With `src`, after the service stored it (`writtenAt` set); with `data` only, the host stores it (`writtenAt` undefined) and sets `data` again. Bubbles and is composed; the text never goes anywhere else.
 * @fires {SamspilConsentWithdrawEvent} samspil-consent-withdraw - The citizen confirmed the withdrawal of their consent: `detail` is `{ caseReference, recorded }`; `recorded` is true when the widget recorded it through `src`, false when the host must. Bubbles and is composed.
 * @fires {SamspilSourceErrorEvent} samspil-source-error - Loading from `src`, or sending to it, failed: `detail` is `{ status, detail }` (status 0: the network).
 *
 * @csspart plan - The whole plan (an `article`).
 * @csspart wishes - The citizen's own wishes (a `blockquote`, in their words).
 * @csspart goal - The goal and the small goals with their status.
 * @csspart coordinator - "Din tovholder": name, and how to reach them.
 * @csspart contact - How to reach the coordinator (the case system's contact line).
 * @csspart next - What happens next: the next meeting, the next follow-up and the steps.
 * @csspart next-meeting - The next meeting: when and where.
 * @csspart steps - The next steps with who does them and by when.
 * @csspart tasks - Who does what, from the collaboration agreement, as the consent allows.
 * @csspart voice - The form to write before a meeting, and what the citizen wrote.
 * @csspart voice-status - What happened to what the citizen sent (a live region).
 * @csspart consent - The consent: which places share, since when, and the withdrawal.
 * @csspart withdraw - The button that starts the withdrawal.
 * @csspart confirm - The confirm step that says what stops.
 * @csspart button - Each button.
 * @csspart error - The alert shown for invalid data.
 * @csspart empty - The text shown when there is no plan.
 *
 * @cssprop --samspil-color-text - Text colour. Default: the system's `CanvasText`.
 * @cssprop --samspil-color-surface - Background. Default: the system's `Canvas`.
 * @cssprop --samspil-color-muted - Secondary text (dates).
 * @cssprop --samspil-color-border - Borders of the sections and the form.
 * @cssprop --samspil-color-accent - Links, buttons and the wishes' rule.
 * @cssprop --samspil-color-danger - The form's errors and the invalid-data alert.
 * @cssprop --samspil-radius - Corner radius.
 * @cssprop --samspil-space - Padding and gaps.
 * @cssprop --samspil-focus-ring - Focus outline.
 * @cssprop --samspil-citizen-plan-size - Font size of the plan. Default: `1.125rem` (larger text for a portal).
 */
export class SamspilCitizenPlan extends LitElement {
  static override styles = [base, styles];
  static override properties = {
    src: {},
    token: {},
    data: { attribute: false },
    meeting: {},
    now: { type: Number },
  };

  /** The citizen's view on the Samspil API (`…/api/v1/cases/{reference}/citizen`); the voice and the withdrawal are sent under it. See `token`. */
  declare src: string | undefined;
  /** A widget token of scope `citizen` for `src`, from the vendor's backend after the citizen has logged in to the portal. */
  declare token: string | undefined;
  /** Where loading from `src` stands: `idle` (no `src`), `loading`, `loaded`, or `failed`. Read-only. */
  get sourceState(): SourceState {
    return this.#api.state;
  }

  /** The citizen's view (core `CitizenView`), given by the host or loaded from `src`. `null`/`undefined` shows the empty state. */
  declare data: CitizenView | null | undefined;

  /** The id of the meeting what the citizen writes is for, when the host knows it (sent with the text). */
  declare meeting: string | undefined;

  /** The current time in epoch milliseconds (for tests). Default: the time of rendering. */
  declare now: number | undefined;

  readonly #l10n = new LocalizeController(this, messages);
  readonly #api = new SourceController(this, 'data');
  readonly #check = new Validated(CitizenView);
  #voice: VoiceState = 'idle';
  #withdraw: WithdrawState = 'idle';

  override render(): TemplateResult {
    const { t, locale } = this.#l10n;
    const r = this.#check.check(this.data);
    if (r.state === 'invalid') return renderInvalid(r.issue, locale);
    if (r.state === 'empty') {
      const state = this.#api.state;
      return renderEmpty(state === 'loading' ? t.loading : state === 'failed' ? t.failed : t.empty);
    }
    const v = r.value;
    return html`<article part="plan" class="plan" aria-labelledby="h-plan">
<h1 id="h-plan" class="title">${t.title}</h1>
${section('wishes', t.wishes, v.wishes ? html`<blockquote>${v.wishes}</blockquote>` : html`<p>${t.noWishes}</p>`)}
${this.#goal(v, t)}
${this.#coordinator(v, t)}
${this.#next(v, t, locale)}
${this.#tasks(v, t)}
${this.#voiceForm(v, t, locale)}
${this.#consent(v, t)}
<footer class="meta">${t.reference(v.caseReference)}</footer>
</article>`;
  }

  #goal(v: CitizenView, t: Messages) {
    return section(
      'goal',
      t.goal,
      v.goal ? html`<p><strong>${t.kind[v.goal.kind]}</strong>${v.goal.description ? html`<br />${v.goal.description}` : nothing}</p>` : nothing,
      html`<h3>${t.subGoals}</h3>`,
      v.subGoals.length
        ? html`<ul class="items">${v.subGoals.map(
            (g) => html`<li><strong>${g.title}</strong> <span class=${`status ${g.status}`}>${t.subGoalStatus[g.status]}</span>
${g.criterion ? html`<div>${t.howWeKnow}: ${g.criterion}</div>` : nothing}${g.targetDate ? html`<div class="meta">${t.byDate(this.#l10n.date(g.targetDate))}</div>` : nothing}</li>`,
          )}</ul>`
        : html`<p>${t.noSubGoals}</p>`,
    );
  }

  #coordinator(v: CitizenView, t: Messages) {
    const c = v.coordinator;
    return section(
      'coordinator',
      t.coordinator,
      c
        ? html`<p><strong>${c.name}</strong>${c.title ? html`<br />${c.title}` : nothing}${c.department ? html`<br />${c.department}` : nothing}</p>
<p>${t.coordinatorIntro}</p>
${c.contact ? html`<p part="contact">${t.contact} <strong>${c.contact}</strong></p>` : html`<p part="contact">${t.noContact}</p>`}`
        : html`<p>${t.noCoordinator}</p>`,
    );
  }

  #next(v: CitizenView, t: Messages, locale: Locale) {
    const m = v.nextMeeting;
    return section(
      'next',
      t.next,
      html`<h3>${t.nextMeeting}</h3>`,
      m
        ? html`<dl part="next-meeting"><dt>${t.when}</dt><dd>${formatDateTime(m.startsAt, locale)}–${formatTime(m.endsAt, locale)}</dd>
<dt>${t.where}</dt><dd>${m.place.kind === 'link' ? html`${t.online} <a href=${m.place.url}>${t.join}</a>` : m.place.name}</dd></dl>`
        : html`<p>${t.noMeeting}</p>`,
      v.nextFollowUp ? html`<p>${t.followUp(this.#l10n.date(v.nextFollowUp))}</p>` : nothing,
      html`<h3>${t.steps}</h3>`,
      v.steps.length
        ? html`<ul part="steps" class="items">${v.steps.map(
            (s) => html`<li><strong>${s.title}</strong> <span class="status">${t.stepStatus[s.status]}</span>
<div>${t.who}: ${s.who ? `${s.who}, ${s.department}` : s.department}</div>
${s.by ? html`<div class="meta">${t.stepBy(this.#l10n.date(s.by))}</div>` : s.start ? html`<div class="meta">${t.stepFrom(this.#l10n.date(s.start))}</div>` : nothing}</li>`,
          )}</ul>`
        : html`<p>${t.noSteps}</p>`,
    );
  }

  #tasks(v: CitizenView, t: Messages) {
    const { locale } = this.#l10n;
    const body =
      v.consent.state !== 'given'
        ? html`<p>${t.noTasksConsent}</p>`
        : v.tasks.length
          ? html`<ul class="items">${v.tasks.map(
              (x) => html`<li><strong>${x.task}</strong>${x.does.length ? html`<div>${t.does}: ${listOf(x.does, locale)}</div>` : nothing}${x.decides.length ? html`<div>${t.decides}: ${listOf(x.decides, locale)}</div>` : nothing}</li>`,
            )}</ul>`
          : html`<p>${t.noTasks}</p>`;
    return section('tasks', t.tasks, body);
  }

  #voiceForm(v: CitizenView, t: Messages, locale: Locale) {
    const problem = ({ empty: t.voiceEmpty, 'too-long': t.voiceTooLong(VOICE_MAX_LENGTH), cpr: t.cpr, failed: t.sendFailed } as Partial<Record<VoiceState, string>>)[this.#voice];
    const news = this.#voice === 'sending' ? t.sending : this.#voice === 'sent' ? t.sent : '';
    const invalid = this.#voice === 'empty' || this.#voice === 'too-long' || this.#voice === 'cpr';
    return section(
      'voice',
      t.voice,
      html`<p>${t.voiceIntro}</p>
<form novalidate @submit=${this.#send}>
<label for="voice-text">${t.voiceLabel}</label>
<p id="voice-hint" class="hint">${t.voiceHint(VOICE_MAX_LENGTH)}</p>
<textarea id="voice-text" name="text" rows="5" aria-describedby=${invalid ? 'voice-hint voice-problem' : 'voice-hint'} aria-invalid=${invalid ? 'true' : 'false'} ?disabled=${this.#voice === 'sending'}></textarea>
<p id="voice-problem" class="problem" role="alert">${problem ?? nothing}</p>
<button type="submit" part="button" ?disabled=${this.#voice === 'sending'}>${t.send}</button>
<p part="voice-status" role="status">${news}</p>
</form>`,
      v.voice.length
        ? html`<h3>${t.written}</h3><ul class="items written">${v.voice.map((x) => html`<li><blockquote>${x.text}</blockquote><div class="meta">${t.writtenAt(formatDateTime(x.writtenAt, locale))}</div></li>`)}</ul>`
        : nothing,
    );
  }

  #consent(v: CitizenView, t: Messages) {
    const c = v.consent;
    const date = (iso: string | undefined) => (iso ? this.#l10n.date(iso.slice(0, 10)) : '');
    const legal = c.basis === 'legal-basis';
    const state = legal
      ? html`<p>${t.legalBasis(c.legalReference ?? '')}</p>${c.ended ? html`<p>${t.legalEnded(date(c.ended))}</p>` : nothing}`
      : c.state === 'given'
        ? html`<p>${t.consentGiven(date(c.since))}</p>`
        : c.state === 'withdrawn'
          ? html`<p><strong>${t.consentWithdrawn(date(c.ended))}</strong></p>`
          : html`<p>${t.consentMissing}</p>`;
    const shares = c.state === 'given' && c.departments.length ? html`<p>${t.consentShare}</p><ul class="places">${c.departments.map((d) => html`<li>${d}</li>`)}</ul>` : nothing;
    const may = !legal && c.state === 'given';
    const w = this.#withdraw;
    return section(
      'consent',
      t.consent,
      html`<p>${t.consentIntro}</p>`,
      state,
      shares,
      may && (w === 'idle' || w === 'failed') ? html`<p class="hint">${t.withdrawHint}</p><p><button type="button" part="withdraw button" @click=${this.#ask}>${t.withdraw}</button></p>` : nothing,
      may && (w === 'confirm' || w === 'sending')
        ? html`<div part="confirm" class="confirm" role="group" aria-labelledby="h-confirm">
<h3 id="h-confirm" tabindex="-1">${t.confirmTitle}</h3>
<p>${t.confirmStops}</p>
<ul>${t.stops.map((s) => html`<li>${s}</li>`)}</ul>
<p class="buttons"><button type="button" part="button" data-confirm="yes" ?disabled=${w === 'sending'} @click=${this.#confirm}>${t.confirmYes}</button>
<button type="button" part="button" data-confirm="no" ?disabled=${w === 'sending'} @click=${this.#cancel}>${t.confirmNo}</button></p>
</div>`
        : nothing,
      html`<p role="status" class="withdraw-status">${w === 'sending' ? t.withdrawing : w === 'done' ? t.withdrawn : ''}</p>`,
      w === 'failed' ? html`<p role="alert" class="problem">${t.withdrawFailed}</p>` : nothing,
    );
  }

  /** The withdrawal's confirm step: it says what stops; the keyboard goes to its question. */
  #ask() {
    this.#withdraw = 'confirm';
    this.requestUpdate();
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#h-confirm')?.focus());
  }

  #cancel() {
    this.#withdraw = 'idle';
    this.requestUpdate();
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part~=withdraw]')?.focus());
  }

  async #confirm() {
    const data = this.#check.check(this.data);
    const caseReference = data.state === 'valid' ? data.value.caseReference : undefined;
    if (!this.src) {
      this.#withdraw = 'done';
      this.requestUpdate();
      this.dispatchEvent(new SamspilConsentWithdrawEvent({ caseReference, recorded: false }));
      return this.#focusConsent();
    }
    this.#withdraw = 'sending';
    this.requestUpdate();
    const answer = await this.#post('/consent/withdraw', undefined);
    if (answer.ok) {
      this.#withdraw = 'done';
      if (answer.data) this.data = answer.data as CitizenView;
      this.dispatchEvent(new SamspilConsentWithdrawEvent({ caseReference, recorded: true }));
    } else this.#withdraw = 'failed';
    this.requestUpdate();
    return this.#focusConsent();
  }

  #focusConsent() {
    return this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#h-consent')?.focus());
  }

  /** Sends what the citizen wrote: refused here first when empty, too long or with a CPR number (nothing leaves the browser then). */
  async #send(event: SubmitEvent) {
    event.preventDefault();
    const area = this.renderRoot.querySelector<HTMLTextAreaElement>('#voice-text')!;
    const text = area.value.trim();
    const refused: VoiceState | undefined = !text ? 'empty' : text.length > VOICE_MAX_LENGTH ? 'too-long' : hasCpr(text) ? 'cpr' : undefined;
    if (refused) {
      this.#voice = refused;
      this.requestUpdate();
      await this.updateComplete;
      area.focus();
      return;
    }
    const meeting = this.meeting || undefined;
    if (!this.src) {
      area.value = '';
      this.#voice = 'sent';
      this.requestUpdate();
      this.dispatchEvent(new SamspilCitizenVoiceEvent({ text, meeting, writtenAt: undefined }));
      return;
    }
    this.#voice = 'sending';
    this.requestUpdate();
    const answer = await this.#post('/voice', { text, ...(meeting ? { meeting } : {}) });
    if (answer.ok) {
      const writtenAt = (answer.data as { writtenAt?: string } | undefined)?.writtenAt ?? new Date(this.now ?? Date.now()).toISOString();
      const current = this.#check.check(this.data);
      if (current.state === 'valid') this.data = { ...current.value, voice: [{ text, writtenAt, ...(meeting ? { meeting } : {}) }, ...current.value.voice].slice(0, 20) };
      area.value = '';
      this.#voice = 'sent';
      this.dispatchEvent(new SamspilCitizenVoiceEvent({ text, meeting, writtenAt }));
    } else this.#voice = answer.reason === 'personal-data' ? 'cpr' : 'failed';
    this.requestUpdate();
    await this.updateComplete;
    if (this.#voice !== 'sent') area.focus();
  }

  /** A POST under `src` with the token; never throws. A failure is reported as `samspil-source-error`. */
  async #post(path: string, body: unknown): Promise<{ ok: true; data: unknown } | { ok: false; reason: string | undefined }> {
    const url = `${this.src!.replace(/\/+$/, '')}${path}`;
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) };
    const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body ?? {}) }).catch(() => undefined);
    const answer = (await response?.json().catch(() => undefined)) as { detail?: string; reason?: string } | undefined;
    if (response?.ok) return { ok: true, data: answer };
    this.dispatchEvent(new SamspilSourceErrorEvent({ status: response?.status ?? 0, detail: answer?.detail ?? response?.statusText ?? 'network error' }));
    return { ok: false, reason: answer?.reason };
  }
}
