import { RcResult, type RcTie, RC_ITEMS, listOf } from '@samspil/core';
import { LitElement, html, nothing, svg, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { guard } from 'lit/directives/guard.js';
import { formatNumber, LocalizeController, type Locale } from '../shared/localize.js';
import { Validated, renderEmpty, renderInvalid } from '../shared/validation.js';
import { messages, type RcHeatmapMessages as Messages } from './rc-heatmap.messages.js';
import { styles } from './rc-heatmap.styles.js';

export type RcHeatmapView = 'matrix' | 'network' | 'table';
export type RcCellBand = 'strong' | 'moderate' | 'weak' | 'suppressed' | 'none';

/** The detail of `samspil-tie-select`: the rating group, the rated group and their tie. */
export interface RcTieSelectDetail {
  from: string;
  to: string;
  tie: RcTie;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'samspil-tie-select': CustomEvent<RcTieSelectDetail>;
  }
}

const VIEWS: readonly RcHeatmapView[] = ['matrix', 'network', 'table'];
const BANDS = ['strong', 'moderate', 'weak'] as const;

/** A result indexed once: ties by cell (row × n + column, rows rate columns), asymmetric cells, the weakest ties, the most asymmetric pairs. */
interface Model {
  result: RcResult;
  n: number;
  index: Map<string, number>;
  ties: (RcTie | undefined)[];
  asym: Uint8Array;
  weakest: RcTie[];
  pairs: RcResult['asymmetries'];
}

function indexResult(result: RcResult): Model {
  const n = result.groups.length;
  const index = new Map(result.groups.map((g, i) => [g, i]));
  const ties: (RcTie | undefined)[] = new Array(n * n).fill(undefined);
  for (const t of result.ties) {
    const a = index.get(t.from);
    const b = index.get(t.to);
    if (a !== undefined && b !== undefined) ties[a * n + b] = t;
  }
  const asym = new Uint8Array(n * n);
  for (const { a, b } of result.asymmetries) {
    const i = index.get(a);
    const j = index.get(b);
    if (i !== undefined && j !== undefined) asym[i * n + j] = asym[j * n + i] = 1;
  }
  const weakest = result.ties
    .filter((t) => t.from !== t.to && !t.suppressed && t.score !== null)
    .sort((x, y) => x.score! - y.score!)
    .slice(0, 3);
  const pairs = [...result.asymmetries].sort((x, y) => Math.abs(y.gap) - Math.abs(x.gap)).slice(0, 3);
  return { result, n, index, ties, asym, weakest, pairs };
}

function tieOf(m: Model | undefined, from: string, to: string): RcTie | undefined {
  const a = m?.index.get(from);
  const b = m?.index.get(to);
  return a === undefined || b === undefined ? undefined : m!.ties[a * m!.n + b];
}

/** Recomputes only when an argument changes identity. */
function memo<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  let last: A | undefined;
  let value!: R;
  return (...args) => {
    if (!last || args.some((a, i) => a !== last![i])) value = fn(...(last = args));
    return value;
  };
}

const num = (x: number, locale: Locale, signed = false) => formatNumber(x, locale, 1, signed);

/** What one cell shows, formatted once per result, baseline and language. One text node per cell keeps 3,600 cells cheap to lay out. */
interface Cell {
  band: RcCellBand;
  cls: string;
  /** The score, or that it is suppressed or missing. */
  score: string;
  /** The cell's text: score, n and change on three lines. */
  text: string;
  /** The cell's accessible name: the text, then band and asymmetry in words. */
  name: string;
  /** Band (and asymmetry) in words. */
  label: string;
  delta: string;
}

function formatCells(m: Model, base: Model | undefined, t: Messages, locale: Locale): Cell[] {
  return m.ties.map((tie, i) => {
    const asym = m.asym[i] === 1;
    const cls = `c${i % (m.n + 1) === 0 ? ' d' : ''}${asym ? ' asym' : ''}`;
    const band: RcCellBand = !tie ? 'none' : tie.suppressed ? 'suppressed' : (tie.band ?? 'none');
    const label = t.bands[band] + (asym ? `, ${t.asymmetric}` : '');
    if (!tie || tie.suppressed || tie.score === null) {
      const score = tie?.suppressed ? t.bands.suppressed : '–';
      return { band, cls, score, text: score, name: label, label, delta: '' };
    }
    const before = tieOf(base, tie.from, tie.to)?.score;
    const delta = before != null ? num(tie.score - before, locale, true) : '';
    const score = num(tie.score, locale);
    // The name starts with the visible text (WCAG 2.5.3, label in name).
    return { band, cls, score, text: `${score}\nn=${tie.n}${delta && `\n${delta}`}`, name: `${score} n=${tie.n}${delta && ` ${delta}`}, ${label}`, label, delta };
  });
}

/** The network drawing: nodes on a circle, one arrow per scored tie between two groups, offset so A→B and B→A both show. */
function layout(m: Model) {
  const { n } = m;
  const r = Math.max(4, Math.min(14, 240 / n));
  const R = Math.max(130, (n * (2 * r + 12)) / (2 * Math.PI));
  const round = (x: number) => Math.round(x * 10) / 10;
  const pts = m.result.groups.map((_, i) => {
    const a = (2 * Math.PI * i) / n - Math.PI / 2;
    return { x: R * Math.cos(a), y: R * Math.sin(a), cos: Math.cos(a), sin: Math.sin(a) };
  });
  const arrows: { band: string; x1: number; y1: number; x2: number; y2: number }[] = [];
  m.ties.forEach((tie, i) => {
    const p = pts[Math.floor(i / n)];
    const q = pts[i % n];
    if (!tie?.band || tie.suppressed || !p || !q || p === q) return;
    const len = Math.hypot(q.x - p.x, q.y - p.y) || 1;
    const ux = (q.x - p.x) / len;
    const uy = (q.y - p.y) / len;
    const o = r / 3;
    arrows.push({
      band: tie.band,
      x1: round(p.x + ux * (r + 5) - uy * o),
      y1: round(p.y + uy * (r + 5) + ux * o),
      x2: round(q.x - ux * (r + 8) - uy * o),
      y2: round(q.y - uy * (r + 8) + ux * o),
    });
  });
  // Room for the labels: wide to the sides, one line above and below.
  return { r, w: R + r + 140, h: R + r + 30, pts, arrows };
}

/**
 * @tag samspil-rc-heatmap
 * @summary The relational-coordination (RC) result of a survey as a heatmap: rows rate columns,
 * the diagonal is the tie within a group; bands by colour and by glyph, asymmetric pairs marked,
 * a summary in words, the seven dimensions of a selected tie, and a network and a table view.
 *
 * Set `result` to exactly what `samspil rc score --json` prints, and optionally `baseline` to an
 * earlier result to show the change per tie. Invalid data renders an alert naming the path of the
 * first problem; `null` renders the empty state. Danish by default, English with `lang="en"`.
 *
 * @fires {CustomEvent<RcTieSelectDetail>} samspil-tie-select - A cell was selected (click, Enter or Space). Bubbles and is composed; `detail` is `{ from, to, tie }` (`RcTieSelectDetail`).
 *
 * @csspart views - The group of view buttons.
 * @csspart summary - The summary in words: overall score, weakest ties, most asymmetric pairs.
 * @csspart legend - The legend of bands, glyphs and line styles.
 * @csspart grid - The matrix `<table role="grid">`.
 * @csspart cell - A cell of the matrix; carries `data-band="strong|moderate|weak|suppressed|none"` (`none`: no tie).
 * @csspart network - The network `<svg>`.
 * @csspart table - The data `<table>` of the table view.
 * @csspart detail - The panel with the selected tie and its seven dimensions.
 * @csspart dimensions - The table of the seven dimensions in the detail panel.
 * @csspart error - The alert shown for invalid data.
 * @csspart empty - The empty state.
 *
 * @cssprop [--samspil-color-strong] - Strong band.
 * @cssprop [--samspil-color-moderate] - Moderate band.
 * @cssprop [--samspil-color-weak] - Weak band.
 * @cssprop [--samspil-color-suppressed] - Suppressed ties (also the hatching).
 * @cssprop [--samspil-color-text] - Text.
 * @cssprop [--samspil-color-surface] - Background of cells, headers and nodes.
 * @cssprop [--samspil-color-muted] - Captions, the diagonal's border and node outlines.
 * @cssprop [--samspil-color-border] - Table borders and buttons.
 * @cssprop [--samspil-color-accent] - The selected cell and the pressed view button.
 * @cssprop [--samspil-color-danger] - The invalid-data alert.
 * @cssprop [--samspil-focus-ring] - The focus outline (default `2px solid` accent).
 * @cssprop [--samspil-radius] - Corner radius.
 * @cssprop [--samspil-space] - Spacing.
 * @cssprop [--samspil-rc-cell-width=4.5rem] - Minimum width of a matrix cell.
 * @cssprop [--samspil-rc-max-height=80vh] - Height after which the matrix and table scroll (headers stay in view).
 * @cssprop [--samspil-rc-network-size=40rem] - Maximum width of the network drawing.
 */
export class SamspilRcHeatmap extends LitElement {
  static override styles = styles;

  /** Exactly the JSON that `samspil rc score --json` prints. Validated (invalid data renders an alert); `null`/`undefined` is the empty state. */
  @property({ attribute: false }) result: RcResult | null | undefined;

  /** An earlier RC result (validated too); each tie then shows its change: this result minus the baseline. */
  @property({ attribute: false }) baseline: RcResult | null | undefined;

  /** `matrix` (default), `network` or `table`. */
  @property({ reflect: true }) view: RcHeatmapView = 'matrix';

  /** The matrix cell in the tab order (row × groups + column). */
  @state() private active = 0;
  /** The selected cell (row × groups + column), -1 for none. */
  @state() private selected = -1;

  readonly #l10n = new LocalizeController(this, messages);
  readonly #result = new Validated(RcResult);
  readonly #baseline = new Validated(RcResult);
  readonly #model = memo(indexResult);
  readonly #baseModel = memo(indexResult);
  readonly #cells = memo(formatCells);
  readonly #layout = memo(layout);
  #m: Model | undefined;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('result')) {
      this.active = 0;
      this.selected = -1;
    }
  }

  protected override updated(): void {
    for (const td of this.renderRoot.querySelectorAll('td[tabindex="0"], td[aria-selected="true"]')) {
      td.setAttribute('tabindex', '-1');
      td.setAttribute('aria-selected', 'false');
    }
    this.#cell(this.active)?.setAttribute('tabindex', '0');
    this.#cell(this.selected)?.setAttribute('aria-selected', 'true');
  }

  /** The matrix cell at row × groups + column. */
  #cell(i: number): HTMLElement | undefined {
    const n = this.#m?.n ?? 0;
    const rows = this.renderRoot.querySelector<HTMLTableElement>('table[role=grid]')?.tBodies[0]?.rows;
    return i < 0 ? undefined : rows?.[Math.floor(i / n)]?.cells[(i % n) + 1];
  }

  protected override render() {
    const { t, locale } = this.#l10n;
    const checked = this.#result.check(this.result);
    this.#m = undefined;
    if (checked.state === 'invalid') return renderInvalid(checked.issue, locale);
    if (checked.state === 'empty' || !checked.value.groups.length) return renderEmpty(t.empty);
    const b = this.#baseline.check(this.baseline);
    const m = (this.#m = this.#model(checked.value));
    const base = b.state === 'valid' ? this.#baseModel(b.value) : undefined;
    const cells = this.#cells(m, base, t, locale);
    const view = VIEWS.includes(this.view) ? this.view : 'matrix';
    const path = b.state === 'invalid' ? b.issue.path : '';
    return html`
      ${b.state === 'invalid' ? renderInvalid({ ...b.issue, path: `baseline${!path || path.startsWith('[') ? '' : '.'}${path}` }, locale) : nothing}
      <div part="views" class="views" role="group" aria-label=${t.view}>
        ${VIEWS.map((v) => html`<button type="button" data-view=${v} aria-pressed=${v === view} @click=${this.#onView}>${t.views[v]}</button>`)}
      </div>
      ${this.#summary(m, base, t, locale)}
      ${view === 'table' ? nothing : this.#legend(t, view === 'network' ? t.legendRing : t.legendDiagonal)}
      ${view === 'matrix' ? this.#matrix(m, cells, t, !!base) : view === 'network' ? this.#network(m, t) : this.#table(m, cells, t, !!base)}
      ${this.#detail(m, base, cells, t, locale)}
    `;
  }

  #summary(m: Model, base: Model | undefined, t: Messages, locale: Locale) {
    const { overall, ratings } = m.result;
    const s = (x: number | null | undefined) => (x == null ? '–' : num(x, locale));
    const weak = m.weakest.map((x) => `${x.from} → ${x.to} (${s(x.score)})`);
    const pairs = m.pairs.map(
      ({ a, b }) => `${a} → ${b} (${s(tieOf(m, a, b)?.score)}) ${t.versus} ${b} → ${a} (${s(tieOf(m, b, a)?.score)})`,
    );
    const before = base?.result.overall;
    return html`<section part="summary" class="summary" aria-label=${t.summary}>
      <p>${t.overall(s(overall), ratings.counted, ratings.total)}${overall !== null && before != null ? t.overallChange(num(overall - before, locale, true)) : ''}</p>
      <p>${weak.length ? t.weakest(listOf(weak, locale)) : t.noWeakest}</p>
      <p>${pairs.length ? t.asymmetries(listOf(pairs, locale)) : t.noAsymmetries}</p>
    </section>`;
  }

  #legend(t: Messages, last: string) {
    return html`<ul part="legend" class="legend" aria-label=${t.legend}>
      ${([...BANDS, 'suppressed'] as const).map((b) => html`<li><span class="key" data-band=${b}></span>${t.bands[b]}</li>`)}
      <li><span class="key asym"></span>${t.asymmetric}</li>
      <li>${last}</li>
    </ul>`;
  }

  #matrix(m: Model, cells: Cell[], t: Messages, withChange: boolean) {
    const { n } = m;
    // Cells are rendered once per result and language; the roving tabindex and the selection are set in updated().
    const rows = () =>
      m.result.groups.map(
        (g, r) => html`<tr>
          <th scope="row">${g}</th>
          ${cells.slice(r * n, r * n + n).map(
            (c, j) =>
              html`<td part="cell" class=${c.cls} data-band=${c.band} data-from=${r} data-to=${j} tabindex="-1" aria-selected="false" aria-label=${c.name}>${c.text}</td>`,
          )}
        </tr>`,
      );
    return html`<div class="scroll">
      <table part="grid" class="grid" role="grid" @click=${this.#onClick} @keydown=${this.#onKey}>
        <caption>${t.caption}${withChange ? ` ${t.captionChange}` : ''}</caption>
        <thead>
          <tr>
            <th scope="col">${t.corner}</th>
            ${m.result.groups.map((g) => html`<th scope="col">${g}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${guard([cells], rows)}
        </tbody>
      </table>
    </div>`;
  }

  #network(m: Model, t: Messages) {
    const { r, w, h, pts, arrows } = this.#layout(m);
    const label = t.network(m.n, arrows.length);
    return html`<svg part="network" class="network" role="img" aria-label=${label} viewBox="${-w} ${-h} ${2 * w} ${2 * h}">
      <title>${label}</title>
      <defs>
        ${BANDS.map(
          (b) => svg`<marker id="rc-head-${b}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" markerHeight="5" orient="auto"><path class="head" data-band=${b} d="M0 0L10 5L0 10z"/></marker>`,
        )}
      </defs>
      ${arrows.map(
        (a) => svg`<line class="arrow" data-band=${a.band} x1=${a.x1} y1=${a.y1} x2=${a.x2} y2=${a.y2} marker-end="url(#rc-head-${a.band})"/>`,
      )}
      ${pts.map((p, i) => {
        const within = m.ties[i * m.n + i];
        const g = m.result.groups[i];
        const d = r + 10;
        return svg`${within ? svg`<circle class="ring" data-band=${within.suppressed ? 'suppressed' : (within.band ?? 'none')} cx=${p.x} cy=${p.y} r=${r + 3}/>` : nothing}
          <circle class="node" cx=${p.x} cy=${p.y} r=${r}/>
          <text x=${p.x + d * p.cos} y=${p.y + d * p.sin} text-anchor=${p.cos > 0.3 ? 'start' : p.cos < -0.3 ? 'end' : 'middle'} dominant-baseline=${p.sin > 0.3 ? 'hanging' : p.sin < -0.3 ? 'auto' : 'middle'}>${g}</text>`;
      })}
    </svg>`;
  }

  #table(m: Model, cells: Cell[], t: Messages, withChange: boolean) {
    return html`<div class="scroll">
      <table part="table" class="data">
        <caption>${t.tableCaption}</caption>
        <thead>
          <tr>
            ${[t.from, t.to, 'n', t.score, t.band, ...(withChange ? [t.change] : [])].map((h) => html`<th scope="col">${h}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${m.ties.map((tie, i) => {
            const c = cells[i];
            return tie && c
              ? html`<tr><td>${tie.from}</td><td>${tie.to}</td><td>${tie.n}</td><td>${c.score}</td><td>${c.label}</td>${withChange ? html`<td>${c.delta || '–'}</td>` : nothing}</tr>`
              : nothing;
          })}
        </tbody>
      </table>
    </div>`;
  }

  #detail(m: Model, base: Model | undefined, cells: Cell[], t: Messages, locale: Locale) {
    const tie = m.ties[this.selected];
    const c = cells[this.selected];
    const dims = tie?.dimensions;
    const before = tie && tieOf(base, tie.from, tie.to)?.dimensions;
    return html`<div part="detail" class=${tie ? 'detail' : 'detail idle'} aria-live="polite">
      ${tie && c
        ? html`<p><strong>${tie.from} → ${tie.to}</strong>${tie.from === tie.to ? ` (${t.within})` : ''}</p>
            <p>
              ${tie.suppressed
                ? `${t.suppressedNote} (n = ${tie.n})`
                : tie.score === null
                  ? t.noData
                  : `${t.score}: ${c.score} (${c.label}), n = ${tie.n}${c.delta ? `, ${t.change}: ${c.delta}` : ''}`}
            </p>
            ${dims
              ? html`<table part="dimensions" class="dims">
                  <caption>${t.dimensions}</caption>
                  <thead>
                    <tr>
                      <th scope="col">${t.dimension}</th>
                      <th scope="col">${t.score}</th>
                      ${base ? html`<th scope="col">${t.change}</th>` : nothing}
                    </tr>
                  </thead>
                  <tbody>
                    ${RC_ITEMS.map((k) => {
                      const v = dims[k];
                      const w = before?.[k];
                      return html`<tr>
                        <th scope="row">${t.dims[k]}</th>
                        <td>${v == null ? '–' : num(v, locale)}</td>
                        ${base ? html`<td>${v != null && w != null ? num(v - w, locale, true) : '–'}</td>` : nothing}
                      </tr>`;
                    })}
                  </tbody>
                </table>`
              : nothing}`
        : nothing}
    </div>`;
  }

  #onView(e: Event) {
    this.view = (e.currentTarget as HTMLElement).dataset.view as RcHeatmapView;
  }

  /** The cell index of the event's target cell, -1 when it is not a cell. */
  #cellIndex(e: Event): number {
    const td = (e.target as Element).closest<HTMLElement>('td[data-from]');
    return td && this.#m ? Number(td.dataset.from) * this.#m.n + Number(td.dataset.to) : -1;
  }

  #onClick(e: Event) {
    const i = this.#cellIndex(e);
    if (i < 0) return;
    this.active = i;
    this.#select(i);
  }

  #onKey(e: KeyboardEvent) {
    const i = this.#cellIndex(e);
    const n = this.#m?.n ?? 0;
    if (i < 0) return;
    let r = Math.floor(i / n);
    let c = i % n;
    switch (e.key) {
      case 'ArrowUp': r--; break;
      case 'ArrowDown': r++; break;
      case 'ArrowLeft': c--; break;
      case 'ArrowRight': c++; break;
      case 'Home': if (e.ctrlKey) r = 0; c = 0; break;
      case 'End': if (e.ctrlKey) r = n - 1; c = n - 1; break;
      case 'Enter':
      case ' ':
        e.preventDefault();
        this.#select(i);
        return;
      default:
        return;
    }
    e.preventDefault();
    r = Math.max(0, Math.min(n - 1, r));
    c = Math.max(0, Math.min(n - 1, c));
    this.active = r * n + c;
    void this.updateComplete.then(() => this.#cell(this.active)?.focus());
  }

  #select(i: number) {
    const tie = this.#m?.ties[i];
    if (!tie) return;
    this.selected = i;
    this.dispatchEvent(
      new CustomEvent<RcTieSelectDetail>('samspil-tie-select', { bubbles: true, composed: true, detail: { from: tie.from, to: tie.to, tie } }),
    );
  }
}
