import { InsightsOverview, type RcBand } from '@samspil/core';
import { LitElement, html, nothing, svg, type TemplateResult } from 'lit';
import { formatDate, formatNumber, formatPercent, LocalizeController, type Locale } from '../shared/localize.js';
import { SourceController, type SourceState } from '../shared/source.js';
import { Validated, renderEmpty, renderInvalid } from '../shared/validation.js';
import { CHART_VIEWBOX, lineChart, niceMax, type Series } from './coordination-overview.chart.js';
import { messages, type CoordinationOverviewMessages as Messages } from './coordination-overview.messages.js';
import { styles } from './coordination-overview.styles.js';

export type { SourceState } from '../shared/source.js';
export type { InsightsOverview } from '@samspil/core';

type Overview = InsightsOverview;
type Count = Overview['figures']['openCoordinations'];
type Pair = Overview['pairs'][number];
type Tie = Pair['rc']['aToB'];

/** The charts that have a table view. */
export type OverviewChart = 'trend' | 'reasons';

const SERIES = ['openCoordinations', 'stalled', 'episodesStarted'] as const;

/** A count as a number for a chart, null where it is suppressed. */
const value = (c: Count): number | null => (typeof c === 'number' ? c : null);

/** The ISO week number of a `YYYY-MM-DD` Monday. */
export function isoWeek(monday: string): number {
  const d = new Date(`${monday}T00:00:00Z`);
  const thursday = new Date(d.getTime() + 3 * 86_400_000);
  const jan1 = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  return Math.floor((thursday.getTime() - jan1) / 86_400_000 / 7) + 1;
}

/** Only http(s) links into the case system are followed; anything else shows as text. */
const safeUrl = (url: string | null | undefined): string | undefined => (url && /^https?:\/\//i.test(url.trim()) ? url.trim() : undefined);

/**
 * @tag samspil-coordination-overview
 * @summary The leaders' overview of coordinated case work: key figures, a weekly trend of open and
 * stalled coordinations, why cases stall, the departments, the pairs of departments with their stalls
 * beside their relational-coordination (RC) scores, and a drill-down to the stalled cases' references.
 *
 * Set `data` to what `GET /api/v1/insights/overview` answers, or `src` to that URL and `token` to a
 * widget token of scope `insights` (issued for one person: the overview shows what they may see).
 * Counts under k show as "under 3" as the API gives them. Every chart has a table view. Invalid data
 * renders an alert naming the path of the first problem; `null` renders the empty state. Danish by
 * default, English with `lang="en"`. A stalled case's reference links into the case system when the
 * case has its link, or through `case-link` (`{reference}` is replaced).
 *
 * @fires {SamspilSourceErrorEvent} samspil-source-error - Loading from `src` failed: `detail` is `{ status, detail }` (status 0: the network).
 *
 * @csspart figures - The key figures (`<dl>`).
 * @csspart trend - The trend chart (`<svg>`), or its table in the table view.
 * @csspart reasons - The reasons cases stall (bars), or its table in the table view.
 * @csspart departments - The table of departments.
 * @csspart pairs - The table of department pairs beside RC.
 * @csspart cases - The drill-down list of stalled cases.
 * @csspart error - The alert shown for invalid data.
 * @csspart empty - The empty state.
 *
 * @cssprop [--samspil-color-open] - The open-coordinations line (default: accent).
 * @cssprop [--samspil-color-stalled] - The stalled-cases line and the reason bars (default: the weak band's colour).
 * @cssprop [--samspil-color-started] - The new-stalls line (default: the moderate band's colour).
 * @cssprop [--samspil-color-strong] - A strong RC score.
 * @cssprop [--samspil-color-moderate] - A moderate RC score.
 * @cssprop [--samspil-color-weak] - A weak RC score.
 * @cssprop [--samspil-color-suppressed] - A suppressed count's bar.
 * @cssprop [--samspil-color-text] - Text.
 * @cssprop [--samspil-color-surface] - Background.
 * @cssprop [--samspil-color-muted] - Captions and axes.
 * @cssprop [--samspil-color-border] - Borders.
 * @cssprop [--samspil-color-accent] - Links and the focus ring.
 * @cssprop [--samspil-color-danger] - The invalid-data alert.
 * @cssprop [--samspil-focus-ring] - The focus outline (default `2px solid` accent).
 * @cssprop [--samspil-radius] - Corner radius.
 * @cssprop [--samspil-space] - Spacing.
 * @cssprop [--samspil-overview-max-height=70vh] - Height after which a table scrolls.
 */
export class SamspilCoordinationOverview extends LitElement {
  static override styles = styles;
  static override properties = {
    src: {},
    token: {},
    data: { attribute: false },
    caseLink: { attribute: 'case-link' },
    tables: { attribute: false },
  };

  /** Load the overview from this Samspil API resource (`…/api/v1/insights/overview`); see `token`. */
  declare src: string | undefined;
  /** A widget token of scope `insights` for `src`, from the vendor's backend. */
  declare token: string | undefined;
  /** Where loading from `src` stands: `idle` (no `src`), `loading`, `loaded`, or `failed` (after `samspil-source-error`). Read-only. */
  get sourceState(): SourceState {
    return this.#api.state;
  }
  /** What `GET /api/v1/insights/overview` answers. Validated (invalid data renders an alert); `null`/`undefined` is the empty state. */
  declare data: InsightsOverview | null | undefined;
  /** A link into the case system for a stalled case without its own: `{reference}` is replaced by the case's reference (URL-encoded). */
  declare caseLink: string | undefined;
  /** The charts shown as tables (the reader's choice; a host may set it). */
  tables: Set<OverviewChart> = new Set();

  readonly #l10n = new LocalizeController(this, messages);
  readonly #api = new SourceController(this, 'data');
  readonly #data = new Validated(InsightsOverview);

  protected override render() {
    const { t, locale } = this.#l10n;
    const checked = this.#data.check(this.data);
    if (checked.state === 'invalid') return renderInvalid(checked.issue, locale);
    if (checked.state === 'empty') return renderEmpty(t.empty);
    const o = checked.value;
    const names = new Map(o.departmentNames.map((d) => [d.id, d.name]));
    const dept = (id: string) => names.get(id) ?? id;
    const f = o.figures;
    const day = (iso: string) => formatDate(iso.slice(0, 10), locale);
    return html`
      <h2>${t.title}</h2>
      <p>${t.period(day(f.period.from), day(f.period.to), f.period.weeks)}</p>
      ${this.#figures(o, t, locale)} ${this.#trend(o, t, locale)} ${this.#reasons(o, t, locale)} ${this.#departments(o, t, dept)} ${this.#pairs(o, t, locale, dept)}
      ${this.#cases(o, t, locale)}
    `;
  }

  #count(c: Count, t: Messages): string {
    return typeof c === 'number' ? String(c) : t.under(c.under);
  }

  #days(d: number | null, t: Messages, locale: Locale): string {
    return d === null ? t.none : t.days(formatNumber(d, locale));
  }

  #figures(o: Overview, t: Messages, locale: Locale): TemplateResult {
    const f = o.figures;
    const c = (x: Count) => this.#count(x, t);
    const duration = (d: Overview['figures']['timeToCoordinator']) =>
      html`${this.#days(d.medianDays, t, locale)} / ${this.#days(d.p90Days, t, locale)} <small>${t.waiting(c(d.waiting))}</small>`;
    const num = (x: number | null) => (x === null ? t.none : formatNumber(x, locale).replace(/[.,]0$/, ''));
    const items: [string, unknown][] = [
      [t.open, c(f.openCoordinations)],
      [t.stalledNow, c(f.stalled.total)],
      [t.episodes, `${c(f.episodes.started)} / ${c(f.episodes.resolved)}`],
      [t.reminders, `${c(f.reminders.sent)} / ${c(f.reminders.acknowledged)} / ${c(f.reminders.escalated)}`],
      [t.handovers, c(f.handovers)],
      [t.absences, c(f.absences)],
      [t.toCoordinator, duration(f.timeToCoordinator)],
      [t.toPlan, duration(f.timeToFirstPlan)],
      [t.decision, duration(f.decisionTime)],
      [t.professionals, `${num(f.professionalsPerCitizen.median)} / ${num(f.professionalsPerCitizen.max)}`],
      [t.caseload, `${num(f.caseload.median)} / ${num(f.caseload.max)}`],
    ];
    return html`<section aria-labelledby="figures">
      <h3 id="figures">${t.figures}</h3>
      <dl class="figures" part="figures">${items.map(([label, v]) => html`<div><dt>${label}</dt><dd>${v}</dd></div>`)}</dl>
    </section>`;
  }

  #toggle(chart: OverviewChart, t: Messages): TemplateResult {
    const asTable = this.tables.has(chart);
    return html`<button type="button" aria-pressed=${asTable ? 'true' : 'false'} data-chart=${chart} @click=${() => this.#flip(chart)}>${t.showTable}</button>`;
  }

  #flip(chart: OverviewChart): void {
    const next = new Set(this.tables);
    if (next.has(chart)) next.delete(chart);
    else next.add(chart);
    this.tables = next;
  }

  #trend(o: Overview, t: Messages, locale: Locale): TemplateResult {
    const weeks = o.figures.trend;
    const labels = weeks.map((w) => t.weekOf(isoWeek(w.week)));
    const body = this.tables.has('trend')
      ? html`<div class="scroll" tabindex="0" role="region" aria-labelledby="trend-caption">
          <table part="trend">
            <caption id="trend-caption">${t.trendCaption}</caption>
            <thead>
              <tr><th scope="col">${t.week}</th>${SERIES.map((s) => html`<th scope="col">${t.series[s]}</th>`)}</tr>
            </thead>
            <tbody>
              ${weeks.map((w, i) => html`<tr><th scope="row">${labels[i]} <span class="visually-hidden">(${formatDate(w.week, locale)})</span></th>${SERIES.map((s) => html`<td class="num">${this.#count(w[s], t)}</td>`)}</tr>`)}
            </tbody>
          </table>
        </div>`
      : html`<ul class="legend">
            ${SERIES.map((s) => html`<li><svg width="28" height="10" aria-hidden="true" class=${`series ${s}`}><polyline points="0,5 28,5"></polyline></svg> ${t.series[s]}</li>`)}
          </ul>
          <svg class="chart" part="trend" viewBox=${CHART_VIEWBOX} role="img" aria-label=${t.chartOf(t.trendCaption)}>
            ${lineChart(SERIES.map((s): Series => ({ key: s, values: weeks.map((w) => value(w[s])) })), labels)}
          </svg>`;
    return html`<section aria-labelledby="trend">
      <div class="head"><h3 id="trend">${t.trend}</h3>${this.#toggle('trend', t)}</div>
      ${body}
    </section>`;
  }

  #reasons(o: Overview, t: Messages, locale: Locale): TemplateResult {
    void locale;
    const rows = Object.entries(o.figures.stalled.byReason)
      .map(([reason, c]) => ({ reason, label: t.reasonNames[reason] ?? reason, c }))
      .sort((a, b) => (value(b.c) ?? 0.5) - (value(a.c) ?? 0.5) || a.label.localeCompare(b.label));
    const max = niceMax(Math.max(0, ...rows.map((r) => value(r.c) ?? 0)));
    const body =
      rows.length === 0
        ? html`<p>${t.noStalls}</p>`
        : this.tables.has('reasons')
          ? html`<div class="scroll" tabindex="0" role="region" aria-labelledby="reasons-caption">
              <table part="reasons">
                <caption id="reasons-caption">${t.reasonsCaption}</caption>
                <thead><tr><th scope="col">${t.reason}</th><th scope="col">${t.cases}</th></tr></thead>
                <tbody>${rows.map((r) => html`<tr><th scope="row">${r.label}</th><td class="num">${this.#count(r.c, t)}</td></tr>`)}</tbody>
              </table>
            </div>`
          : html`<ul class="bars" part="reasons" aria-label=${t.reasonsCaption}>
              ${rows.map((r) => {
                const v = value(r.c);
                return html`<li>
                  <span>${r.label}</span>
                  <svg aria-hidden="true">${svg`<rect class=${v === null ? 'suppressed' : ''} x="0" y="0" height="100%" width=${v === null ? '2%' : `${Math.max(1, (v / max) * 100)}%`}></rect>`}</svg>
                  <span class="num">${this.#count(r.c, t)}</span>
                </li>`;
              })}
            </ul>`;
    return html`<section aria-labelledby="reasons">
      <div class="head"><h3 id="reasons">${t.reasons}</h3>${rows.length ? this.#toggle('reasons', t) : nothing}</div>
      ${body}
    </section>`;
  }

  #departments(o: Overview, t: Messages, dept: (id: string) => string): TemplateResult | typeof nothing {
    const f = o.figures;
    const ids = [...new Set([...(f.departments ?? []), ...Object.keys(f.stalled.byDepartment), ...Object.keys(f.decisionsAwaited)])].sort((a, b) => dept(a).localeCompare(dept(b)));
    if (!ids.length) return nothing;
    return html`<section aria-labelledby="departments">
      <h3 id="departments">${t.departments}</h3>
      <div class="scroll" tabindex="0" role="region" aria-labelledby="departments-caption">
        <table part="departments">
          <caption id="departments-caption">${t.departmentsCaption}</caption>
          <thead><tr><th scope="col">${t.department}</th><th scope="col">${t.stalled}</th><th scope="col">${t.decisionsAwaited}</th></tr></thead>
          <tbody>
            ${ids.map(
              (id) => html`<tr><th scope="row">${dept(id)}</th><td class="num">${this.#count(f.stalled.byDepartment[id]?.total ?? 0, t)}</td><td class="num">${this.#count(f.decisionsAwaited[id] ?? 0, t)}</td></tr>`,
            )}
          </tbody>
        </table>
      </div>
    </section>`;
  }

  #tie(tie: Tie, t: Messages, locale: Locale): TemplateResult {
    if (!tie || tie.score === null) return html`<span>${t.noRc}</span>`;
    const band = tie.band as RcBand | null;
    return html`<span data-band=${band ?? nothing}>${formatNumber(tie.score, locale)}${band ? ` ${t.bands[band]}` : ''}</span>${tie.change !== null
        ? html` <span>${t.change(`${formatNumber(tie.change, locale, true)}${tie.changePercent !== null ? `, ${formatPercent(tie.changePercent, locale)}` : ''}`)}</span>`
        : nothing}`;
  }

  #pairs(o: Overview, t: Messages, locale: Locale, dept: (id: string) => string): TemplateResult {
    const source = o.rc.latest ? t.pairsRc(o.rc.latest, o.rc.previous) : t.pairsNoRc;
    return html`<section aria-labelledby="pairs">
      <h3 id="pairs">${t.pairs}</h3>
      <p>${source}</p>
      ${o.pairs.length === 0
        ? html`<p>${t.noPairs}</p>`
        : html`<div class="scroll" tabindex="0" role="region" aria-labelledby="pairs-caption">
            <table part="pairs">
              <caption id="pairs-caption">${t.pairsCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">${t.pair}</th><th scope="col">${t.shared}</th><th scope="col">${t.stalled}</th><th scope="col">${t.perCase}</th>
                  <th scope="col">${t.decisionsAwaited}</th><th scope="col">RC →</th><th scope="col">RC ←</th>
                </tr>
              </thead>
              <tbody>
                ${o.pairs.map(
                  (p) => html`<tr>
                    <th scope="row">${dept(p.a)} – ${dept(p.b)}</th>
                    <td class="num">${this.#count(p.sharedCases, t)}</td>
                    <td class="num">${this.#count(p.episodes, t)}</td>
                    <td class="num">${p.episodesPerCase === null ? t.none : formatNumber(p.episodesPerCase, locale)}</td>
                    <td class="num">${this.#count(p.decisionsAwaited, t)}</td>
                    <td><span class="visually-hidden">${t.rcFrom(dept(p.a), dept(p.b))}: </span>${this.#tie(p.rc.aToB, t, locale)}</td>
                    <td><span class="visually-hidden">${t.rcFrom(dept(p.b), dept(p.a))}: </span>${this.#tie(p.rc.bToA, t, locale)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`}
    </section>`;
  }

  #link(reference: string, own: string | null): string | undefined {
    return safeUrl(own) ?? (this.caseLink ? safeUrl(this.caseLink.replaceAll('{reference}', encodeURIComponent(reference))) : undefined);
  }

  #cases(o: Overview, t: Messages, locale: Locale): TemplateResult {
    const cases = o.figures.stalledCases;
    return html`<section aria-labelledby="cases">
      <h3 id="cases" class="visually-hidden">${t.drill(cases.length)}</h3>
      <details part="cases">
        <summary>${t.drill(cases.length)}</summary>
        ${cases.length === 0
          ? html`<p>${t.drillNone}</p>`
          : html`<ul class="cases">
              ${cases.map((c) => {
                const href = this.#link(c.reference, c.caseSystemUrl);
                return html`<li>
                  ${href ? html`<a href=${href}>${c.reference}</a>` : html`<span>${c.reference}</span>`}: ${c.reasons.map((r) => t.reasonNames[r] ?? r).join(', ')}
                  (${t.since(formatDate(c.since.slice(0, 10), locale))})
                </li>`;
              })}
            </ul>`}
      </details>
    </section>`;
  }
}
