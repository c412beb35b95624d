import { RcResult, type RcTie, RC_ITEMS, listOf } from '@samspil/core';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { rowCells, type PlainCell } from '../shared/cells.js';
import { cellOf, GridFocus, moveBy } from '../shared/grid.js';
import { SourceController } from '../shared/source.js';
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

export const BANDS = ['strong', 'moderate', 'weak'] as const;
/** Rows rendered above and below the scroll viewport. */
const WINDOW_MARGIN = 4;

/** A result indexed once: ties by cell (row × n + column, rows rate columns), asymmetric cells, the weakest ties, the most asymmetric pairs. */
export interface Model {
  result: RcResult;
  n: number;
  /** The cell of a tie, row × n + column; -1 when a group is not in the result. */
  at: (from: string, to: string) => number;
  ties: (RcTie | undefined)[];
  asym: Uint8Array;
  weakest: RcTie[];
  pairs: RcResult['asymmetries'];
}

function indexResult(result: RcResult): Model {
  const n = result.groups.length;
  const index = new Map(result.groups.map((g, i) => [g, i]));
  const at = (from: string, to: string) => {
    const i = index.get(from);
    const j = index.get(to);
    return i === undefined || j === undefined ? -1 : i * n + j;
  };
  const ties: (RcTie | undefined)[] = new Array(n * n).fill(undefined);
  for (const t of result.ties) {
    const k = at(t.from, t.to);
    if (k >= 0) ties[k] = t;
  }
  const asym = new Uint8Array(n * n);
  for (const { a, b } of result.asymmetries) {
    if (at(a, b) >= 0) asym[at(a, b)] = asym[at(b, a)] = 1;
  }
  const weakest = result.ties
    .filter((t) => t.from !== t.to && !t.suppressed && t.score !== null)
    .sort((x, y) => x.score! - y.score!)
    .slice(0, 3);
  const pairs = [...result.asymmetries].sort((x, y) => Math.abs(y.gap) - Math.abs(x.gap)).slice(0, 3);
  return { result, n, at, ties, asym, weakest, pairs };
}

/** A data table: caption, column headers and the rows. */
const dataTable = (part: string, caption: string, head: string[], rows: unknown) =>
  html`<table part=${part}><caption>${caption}</caption><thead><tr>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead><tbody>${rows}</tbody></table>`;

const tieOf = (m: Model | undefined, from: string, to: string): RcTie | undefined => m?.ties[m.at(from, to)];

/** Recomputes only when an argument changes identity. */
export function memo<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  let last: A | undefined;
  let value!: R;
  return (...args) => {
    if (!last || args.some((a, i) => a !== last![i])) value = fn(...(last = args));
    return value;
  };
}

/**
 * What one cell shows, formatted once per result, baseline and language: the matrix cell (its text, on
 * three lines: score, n and change; one text node keeps 3,600 cells cheap to lay out) and the words
 * the table view and the detail panel use.
 */
interface Cell extends PlainCell {
  /** The score, or that it is suppressed or missing. */
  score: string;
  /** Band (and asymmetry) in words. */
  label: string;
  delta: string;
}

function formatCells(m: Model, base: Model | undefined, t: Messages, locale: Locale): Cell[] {
  return m.ties.map((tie, i) => {
    const asym = m.asym[i] === 1;
    const band: RcCellBand = !tie ? 'none' : tie.suppressed ? 'suppressed' : (tie.band ?? 'none');
    const label = t.bands[band] + (asym ? `, ${t.asymmetric}` : '');
    const scored = tie && !tie.suppressed && tie.score !== null;
    const before = scored ? tieOf(base, tie.from, tie.to)?.score : null;
    const delta = scored && before != null ? formatNumber(tie.score! - before, locale, true) : '';
    const score = scored ? formatNumber(tie.score!, locale) : tie?.suppressed ? t.bands.suppressed : '–';
    const text = scored ? `${score}\nn=${tie.n}${delta && `\n${delta}`}` : score;
    const attrs = {
      class: `${i % (m.n + 1) === 0 ? 'd' : ''}${asym ? ' asym' : ''}`,
      'data-band': band,
      'data-from': String(Math.floor(i / m.n)),
      'data-to': String(i % m.n),
      'aria-selected': 'false',
      // The name starts with the visible text (WCAG 2.5.3, label in name).
      'aria-label': scored ? `${text.replaceAll('\n', ' ')}, ${label}` : label,
    };
    return { text, attrs, score, label, delta };
  });
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
 * @fires samspil-source-error - Loading from or writing to `src` failed: `detail` is `{ status, detail }` (status 0: the network).
 * @fires {CustomEvent<RcTieSelectDetail>} samspil-tie-select - A cell was selected (click, Enter or Space). Bubbles and is composed; `detail` is `{ from, to, tie }` (`RcTieSelectDetail`).
 *
 * @csspart summary - The summary in words: the weakest ties and the most asymmetric pairs.
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
 * @cssprop [--samspil-color-suppressed] - Suppressed ties.
 * @cssprop [--samspil-color-text] - Text.
 * @cssprop [--samspil-color-surface] - Background of cells, headers and nodes.
 * @cssprop [--samspil-color-muted] - Captions, the diagonal's border and node outlines.
 * @cssprop [--samspil-color-border] - Table borders.
 * @cssprop [--samspil-color-accent] - The selected cell.
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
  static override properties = {
    src: {},
    token: {},
    result: { attribute: false },
    baseline: { attribute: false },
    view: { reflect: true },
  };

  /** Exactly the JSON that `samspil rc score --json` prints. Validated (invalid data renders an alert); `null`/`undefined` is the empty state. */
  /** Load the data from this Samspil API resource (and, for an editable widget, write edits back); see `token`. */
  declare src: string | undefined;
  /** A widget token for `src`, from the vendor's backend. */
  declare token: string | undefined;
  declare result: RcResult | null | undefined;

  /** An earlier RC result (validated too); each tie then shows its change: this result minus the baseline. */
  declare baseline: RcResult | null | undefined;

  /** `matrix` (default), `network` or `table`; the host offers the choice (any other value shows the matrix). */
  view: RcHeatmapView = 'matrix';

  readonly #l10n = new LocalizeController(this, messages);
  readonly #api = new SourceController(this, 'result');
  readonly #grid = new GridFocus(this);
  readonly #result = new Validated(RcResult);
  readonly #baseline = new Validated(RcResult);
  readonly #model = memo(indexResult);
  readonly #baseModel = memo(indexResult);
  readonly #cells = memo(formatCells);
  #drawing: typeof import('./rc-heatmap.network.js') | undefined;
  #m: Model | undefined;
  /** The selected cell (row × groups + column), -1 for none. */
  #selected = -1;
  /**
   * The rows rendered: those in the scroll viewport and a margin. A 60-group table
   * laid out whole costs the browser more than everything else together.
   */
  #first = 0;
  #rowPx = 0;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('result')) {
      this.#grid.row = this.#grid.col = 0;
      this.#selected = -1;
    }
    if (changed.has('view')) this.#rowPx = 0; // a new scroller: measure again
  }

  protected override updated(): void {
    // The cells are written once per result and language; the tab stop and the selection are set here.
    const n = this.#m?.n ?? 0;
    const scroller = this.renderRoot.querySelector<HTMLElement>('.scroll:has([role=grid])');
    if (scroller && !this.#rowPx) {
      this.#rowPx = scroller.querySelector('tbody tr[aria-rowindex]')?.getBoundingClientRect().height ?? 0;
      scroller.addEventListener('scroll', () => this.#scrolled(scroller), { passive: true });
      if (this.#rowPx && n > this.#last(n)) this.requestUpdate(); // the spacer can now have its height
    }
    // The tab stop stays on a rendered row, so the grid can always be tabbed into.
    const row = Math.min(Math.max(this.#grid.row, Math.min(this.#first, n)), this.#last(n) - 1);
    // Rendered rows are reused for other rows as the window moves: focus follows the active cell.
    const hadFocus = (this.renderRoot as ShadowRoot).activeElement?.matches('td');
    const stop = this.#grid.rove(row, this.#grid.col, n, n);
    if (hadFocus && stop !== (this.renderRoot as ShadowRoot).activeElement) stop?.focus({ preventScroll: true });
    this.renderRoot.querySelector('td[aria-selected=true]')?.setAttribute('aria-selected', 'false');
    this.#grid.cell(Math.floor(this.#selected / n), this.#selected % n)?.setAttribute('aria-selected', 'true');
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
    const { view } = this;
    return html`
      ${b.state === 'invalid' ? renderInvalid(b.issue, locale, 'baseline') : nothing}
      ${this.#summary(m, t, locale)}
      ${view === 'table' ? nothing : this.#legend(t, view === 'network' ? t.legendRing : t.legendDiagonal)}
      ${view === 'network' ? this.#network(m, t) : view === 'table' ? this.#table(m, cells, t, !!base) : this.#matrix(m, cells, t, !!base)}
      ${this.#detail(m, base, cells, t, locale)}
    `;
  }

  #summary(m: Model, t: Messages, locale: Locale) {
    const s = (x: number | null | undefined) => (x == null ? '–' : formatNumber(x, locale));
    const tie = (from: string, to: string) => `${from} → ${to} (${s(tieOf(m, from, to)?.score)})`;
    const weak = m.weakest.map((x) => tie(x.from, x.to));
    const pairs = m.pairs.map(({ a, b }) => `${tie(a, b)} ${t.versus} ${tie(b, a)}`);
    return html`<section part="summary" aria-label=${t.summary}>
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

  /** One past the last rendered row. */
  #last(n: number): number {
    const visible = this.#rowPx ? Math.ceil(innerHeight / this.#rowPx) : 12;
    return Math.min(n, this.#first + visible + 2 * WINDOW_MARGIN);
  }

  #scrolled(scroller: HTMLElement): void {
    const first = Math.max(0, Math.floor(scroller.scrollTop / (this.#rowPx || 1)) - WINDOW_MARGIN);
    if (first !== this.#first) {
      this.#first = first;
      this.requestUpdate();
    }
  }

  /** Brings row `r` into the rendered window (for the keyboard), scrolling it into view. */
  async #reveal(r: number): Promise<void> {
    const n = this.#m?.n ?? 0;
    if (r >= this.#first && r < this.#last(n)) return;
    this.#first = Math.max(0, r - WINDOW_MARGIN);
    this.requestUpdate();
    await this.updateComplete;
    this.#grid.cell(r, 0)?.scrollIntoView({ block: 'nearest' });
  }

  #matrix(m: Model, cells: Cell[], t: Messages, withChange: boolean) {
    const { n } = m;
    const first = Math.min(this.#first, n);
    const last = this.#last(n);
    const spacer = (rows: number) => (rows > 0 ? html`<tr class="spacer" aria-hidden="true" style=${`height:${rows * this.#rowPx}px`}></tr>` : nothing);
    return html`<div class="scroll">
      <table part="grid" role="grid" aria-rowcount=${n + 1} @click=${this.#onClick} @keydown=${this.#onKey}>
        <caption>${t.caption}</caption>
        <thead>
          <tr>
            <th scope="col">${t.corner}</th>
            ${m.result.groups.map((g) => html`<th scope="col">${g}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${spacer(first)}
          ${m.result.groups
            .slice(first, last)
            .map((g, i) => html`<tr aria-rowindex=${first + i + 2}><th scope="row">${g}</th>${rowCells(cells.slice((first + i) * n, (first + i + 1) * n))}</tr>`)}
          ${spacer(n - last)}
        </tbody>
      </table>
    </div>`;
  }

  /** The network view is a chunk of its own, loaded the first time it is shown. */
  #network(m: Model, t: Messages) {
    if (this.#drawing) return this.#drawing.renderNetwork(m, t);
    void import('./rc-heatmap.network.js').then((drawing) => {
      this.#drawing = drawing;
      this.requestUpdate();
    });
    return nothing;
  }

  #table(m: Model, cells: Cell[], t: Messages, withChange: boolean) {
    const head = [t.from, t.to, 'n', t.score, t.band, ...(withChange ? [t.change] : [])];
    return html`<div class="scroll">
      ${dataTable(
        'table',
        t.tableCaption,
        head,
        m.ties.map((tie, i) => {
          const c = cells[i]!;
          return tie
            ? html`<tr><td>${tie.from}</td><td>${tie.to}</td><td>${tie.n}</td><td>${c.score}</td><td>${c.label}</td>${withChange ? html`<td>${c.delta || '–'}</td>` : nothing}</tr>`
            : nothing;
        }),
      )}
    </div>`;
  }

  #detail(m: Model, base: Model | undefined, cells: Cell[], t: Messages, locale: Locale) {
    const tie = m.ties[this.#selected];
    const c = cells[this.#selected];
    const dims = tie?.dimensions;
    const before = tie && tieOf(base, tie.from, tie.to)?.dimensions;
    // No whitespace around the content: the panel is :empty (and takes no room) while nothing is selected.
    return html`<div part="detail" aria-live="polite">${tie && c
        ? html`<p><strong>${tie.from} → ${tie.to}</strong></p>
            <p>
              ${tie.suppressed
                ? `${t.suppressedNote} (n = ${tie.n})`
                : tie.score === null
                  ? t.noData
                  : `${t.score}: ${c.score} (${c.label}), n = ${tie.n}${c.delta ? `, ${t.change}: ${c.delta}` : ''}`}
            </p>
            ${dims
              ? dataTable(
                  'dimensions',
                  t.dimensions,
                  [t.dimension, t.score, ...(base ? [t.change] : [])],
                  RC_ITEMS.map((k) => {
                    const v = dims[k];
                    const w = before?.[k];
                    return html`<tr>
                      <th scope="row">${t.dims[k]}</th>
                      <td>${v == null ? '–' : formatNumber(v, locale)}</td>
                      ${base ? html`<td>${v != null && w != null ? formatNumber(v - w, locale, true) : '–'}</td>` : nothing}
                    </tr>`;
                  }),
                )
              : nothing}`
        : nothing}</div>`;
  }

  #onClick(e: Event) {
    const at = cellOf(e);
    const n = this.#m?.n ?? 0;
    if (!at) return;
    this.#grid.rove(...at, n, n);
    this.#select(at[0] * n + at[1]);
  }

  #onKey(e: KeyboardEvent) {
    const at = cellOf(e);
    const n = this.#m?.n ?? 0;
    if (!at) return;
    const to = moveBy(e, ...at, n, n);
    if (to) {
      const [r, c] = [Math.max(0, Math.min(to[0], n - 1)), to[1]];
      void this.#reveal(r).then(() => this.#grid.rove(r, c, n, n)?.focus());
    } else if (e.key === 'Enter' || e.key === ' ') this.#select(at[0] * n + at[1]);
    else return;
    e.preventDefault();
  }

  #select(i: number) {
    const tie = this.#m?.ties[i];
    if (!tie) return;
    this.#selected = i;
    this.requestUpdate();
    this.dispatchEvent(
      new CustomEvent<RcTieSelectDetail>('samspil-tie-select', { bubbles: true, composed: true, detail: { from: tie.from, to: tie.to, tie } }),
    );
  }
}
