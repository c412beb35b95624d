import { RcResult, listOf } from '@samspil/core';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { SamspilTieSelectEvent } from '../events.js';
import { rowCells } from '../shared/cells.js';
import { chunk } from '../shared/chunk.js';
import { cellOf, GridFocus, moveBy } from '../shared/grid.js';
import { ScrollerController } from '../shared/scroller.js';
import { SourceController, type SourceState } from '../shared/source.js';
import { formatNumber, LocalizeController, type Locale } from '../shared/localize.js';
import { Validated, renderEmpty, renderInvalid } from '../shared/validation.js';
import { messages, type RcHeatmapMessages as Messages } from './rc-heatmap.messages.js';
import { isRcResult } from './rc-heatmap.check.js';
import { BANDS, cellsOf, indexResult, memo, tieOf, type CellAt, type Model } from './rc-heatmap.model.js';
import { styles } from './rc-heatmap.styles.js';

export type { RcTieSelectDetail } from '../events.js';
export type { SourceState } from '../shared/source.js';
export type { RcCellBand } from './rc-heatmap.model.js';

export type RcHeatmapView = 'matrix' | 'network' | 'table';

// Views and the panel that many hosts never show are chunks of their own, loaded the first time they are shown.
const network = chunk(() => import('./rc-heatmap.network.js'));
const table = chunk(() => import('./rc-heatmap.table.js'));
const detail = chunk(() => import('./rc-heatmap.detail.js'));

/** Rows and columns rendered beyond those in view: scrolling shows them while the next window renders. */
const MARGIN = 1;

/** Rows or columns [first, last). */
interface Span {
  first: number;
  last: number;
}

const same = (a: Span, b: Span) => a.first === b.first && a.last === b.last;
/** `have` holds all of `want`, and at most two rows (or columns) more: it can stay. */
const holds = (have: Span, want: Span) => have.first <= want.first && have.last >= want.last && have.last - have.first <= want.last - want.first + 2;
const clamp = (x: number, min: number, max: number) => Math.max(min, Math.min(x, max));

/** The rows (or columns) in a scroller's view and the margin: `size` px each, the first at `origin`, of `count`. */
function inView(scroll: number, extent: number, origin: number, size: number, count: number): Span {
  const first = clamp(Math.floor((scroll - origin) / size) - MARGIN, 0, count);
  return { first, last: clamp(Math.ceil((scroll + extent - origin) / size) + MARGIN, first, count) };
}

/** `span` moved as little as it takes to hold `i`, with the margin beyond it. */
function holding(span: Span, i: number, count: number): Span {
  const by = i < span.first ? Math.max(0, i - MARGIN) - span.first : i >= span.last ? Math.min(count, i + MARGIN + 1) - span.last : 0;
  return { first: span.first + by, last: span.last + by };
}

/**
 * The width of every column in em (at least --_cell), one for all so the window can place the
 * columns it does not render: wide enough for the longest word in a group name or a cell
 * ("skjult") at about 0.7em a letter (bold, in a wide font); a longer word breaks rather than
 * widen its column. At most 35vw (the grid sets it): on a narrow screen a column shows beside the row headers. In em, not ch: the bold column headers would resolve ch wider than the cells.
 */
function columnEm(m: Model, t: Messages): number {
  let longest = t.bands.suppressed.length;
  for (const g of m.result.groups) for (const word of g.split(' ')) longest = Math.max(longest, word.length);
  return Math.min(longest, 24) * 0.7 + 1.6;
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
 * @fires {SamspilSourceErrorEvent} samspil-source-error - Loading from or writing to `src` failed: `detail` is `{ status, detail }` (status 0: the network).
 * @fires {SamspilTieSelectEvent} samspil-tie-select - A cell was selected (click, Enter or Space). Bubbles and is composed; `detail` is `{ from, to, tie }` (`RcTieSelectDetail`).
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

  /** Load the data from this Samspil API resource (and, for an editable widget, write edits back); see `token`. */
  declare src: string | undefined;
  /** A widget token for `src`, from the vendor's backend. */
  declare token: string | undefined;
  /** Where loading from `src` stands: `idle` (no `src`), `loading`, `loaded`, or `failed` (after `samspil-source-error`). Read-only; the widget renders again when it changes. */
  get sourceState(): SourceState {
    return this.#api.state;
  }

  /** Exactly the JSON that `samspil rc score --json` prints. Validated (invalid data renders an alert); `null`/`undefined` is the empty state. */
  declare result: RcResult | null | undefined;

  /** An earlier RC result (validated too); each tie then shows its change: this result minus the baseline. */
  declare baseline: RcResult | null | undefined;

  /** `matrix` (default), `network` or `table`; the host offers the choice (any other value shows the matrix). */
  view: RcHeatmapView = 'matrix';

  readonly #l10n = new LocalizeController(this, messages);
  readonly #api = new SourceController(this, 'result');
  readonly #grid = new GridFocus(this);
  readonly #result = new Validated(RcResult, isRcResult);
  readonly #baseline = new Validated(RcResult, isRcResult);
  readonly #model = memo(indexResult);
  readonly #baseModel = memo(indexResult);
  readonly #cells = memo(cellsOf);
  #m: Model | undefined;
  /** The selected cell (row × groups + column), -1 for none. */
  #selected = -1;
  /**
   * The rows and columns rendered: those in the scroller's view and a margin. A 60-group table
   * laid out whole costs the browser more than everything else together.
   */
  #rows: Span = { first: 0, last: 0 };
  #cols: Span = { first: 0, last: 0 };
  /** The number of groups the window was placed for; another number starts again at the top left. */
  #windowFor = -1;
  /** The scroller of the grid (a new one with each view), followed while the widget is connected. */
  readonly #scroll = new ScrollerController(this, () => this.#follow());

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('result')) {
      this.#grid.row = this.#grid.col = 0;
      this.#selected = -1;
    }
    if (changed.has('view')) this.#windowFor = -1; // a new scroller, at the top left
  }

  protected override updated(): void {
    // The cells are written once per result and language; the tab stop and the selection are set here.
    const n = this.#m?.n ?? 0;
    this.#scroll.watch(this.renderRoot.querySelector('[part=grid]')?.parentElement ?? undefined);
    // The tab stop stays on a rendered cell, so the grid can always be tabbed into.
    const row = clamp(this.#grid.row, this.#rows.first, this.#rows.last - 1);
    const col = clamp(this.#grid.col, this.#cols.first, this.#cols.last - 1);
    // Rendered cells are reused for other cells as the window moves: focus follows the active cell.
    const hadFocus = (this.renderRoot as ShadowRoot).activeElement?.matches('td');
    const stop = this.#grid.rove(row, col, n, n);
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
    const cellAt = this.#cells(m, base, t, locale);
    const { view } = this;
    const columnWidth = columnEm(m, t);
    if (m.n !== this.#windowFor) this.#placeWindow(m.n, columnWidth);
    const drawing = view === 'network' ? network(this) : undefined;
    const panel = this.#selected >= 0 ? detail(this) : undefined;
    // No whitespace in the detail panel: it is :empty (and takes no room) while nothing is selected.
    return html`
      ${b.state === 'invalid' ? renderInvalid(b.issue, locale, 'baseline') : nothing}
      ${this.#summary(m, t, locale)}
      ${view === 'table' ? nothing : this.#legend(t, view === 'network' ? (drawing?.legend[locale] ?? '') : t.legendDiagonal)}
      ${view === 'network'
        ? (drawing?.renderNetwork(m, locale, this.renderRoot as ShadowRoot) ?? nothing)
        : view === 'table'
          ? (table(this)?.renderTable(m, cellAt, locale, !!base) ?? nothing)
          : this.#matrix(m, cellAt, t, columnWidth, !!base)}
      <div part="detail" aria-live="polite">${panel?.renderDetail(m, base, this.#selected, cellAt, locale) ?? nothing}</div>
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

  /**
   * A first window from the top left, before anything is laid out: the rows the default scroller
   * (80vh) and the columns the viewport's width could show beside the header row and the row
   * headers, at 16px to the em. Once the scroller is laid out (before the first paint), #follow fits
   * the window to it, keeping this one when it holds what is in view (it is usually a row and a column larger), so nothing renders twice.
   */
  #placeWindow(n: number, columnWidth: number): void {
    this.#windowFor = n;
    this.#rows = { first: 0, last: Math.min(n, Math.ceil(innerHeight / 90 - 1) + MARGIN) }; // 80vh at 72px a row, less the header row
    // columnEm is at least 5.8em ("skjult"), wider than the default --_cell (4.5rem).
    this.#cols = { first: 0, last: Math.min(n, Math.ceil(innerWidth / (16 * columnWidth) - 1) + MARGIN) };
    this.#scroll.scroller?.scrollTo(0, 0);
  }

  /** Renders the rows and columns in the scroller's view and the margin, when those are others than the rendered ones. */
  #follow(): void {
    const { scroller } = this.#scroll;
    const cell = scroller?.querySelector<HTMLElement>('td[aria-colindex]');
    const n = this.#m?.n ?? 0;
    // No cell to measure by while there are groups (a window placed from a layout that changed
    // under it, such as the text size): start again from the top left rather than stay empty.
    if (scroller && !cell && n > 0) this.#show({ first: 0, last: Math.min(n, 1 + MARGIN) }, { first: 0, last: Math.min(n, 1 + MARGIN) });
    if (!scroller || !cell) return;
    const box = cell.getBoundingClientRect();
    const frame = scroller.getBoundingClientRect();
    if (!box.width) return; // not laid out (hidden)
    // Where row 0 and column 0 start in the scroller's content: every row has one height, every column one width.
    const top = box.top - frame.top + scroller.scrollTop - Number(cell.dataset.from) * box.height;
    const left = box.left - frame.left + scroller.scrollLeft - Number(cell.dataset.to) * box.width;
    const rows = inView(scroller.scrollTop, scroller.clientHeight, top, box.height, n);
    const cols = inView(scroller.scrollLeft, scroller.clientWidth, left, box.width, n);
    // A window that holds these already stays (the first one, placed before layout, is often a row and a
    // column larger): rendering it again would cost the first paint a second render and layout.
    if (holds(this.#rows, rows) && holds(this.#cols, cols)) return;
    this.#show(rows, cols);
  }

  /** Brings cell (r, c) into the rendered window, for the keyboard (focusing it then scrolls it into view). */
  async #reveal(r: number, c: number): Promise<void> {
    const n = this.#m?.n ?? 0;
    if (this.#show(holding(this.#rows, r, n), holding(this.#cols, c, n))) await this.updateComplete;
  }

  /** Renders these rows and columns when they are others than those rendered; true if so. */
  #show(rows: Span, cols: Span): boolean {
    // Never an empty window while there are groups: the grid keeps a cell to tab into and to measure by.
    const n = this.#m?.n ?? 0;
    const some = (span: Span): Span => (n > 0 && span.last <= span.first ? { first: Math.min(span.first, n - 1), last: Math.min(span.first, n - 1) + 1 } : span);
    rows = some(rows);
    cols = some(cols);
    if (same(rows, this.#rows) && same(cols, this.#cols)) return false;
    this.#rows = rows;
    this.#cols = cols;
    this.requestUpdate();
    return true;
  }

  #matrix(m: Model, cellAt: CellAt, t: Messages, columnWidth: number, changes: boolean) {
    const { n } = m;
    const { groups } = m.result;
    const { first: r0, last: r1 } = this.#rows;
    const { first: c0, last: c1 } = this.#cols;
    const columns = Array.from({ length: c1 - c0 }, (_, k) => c0 + k);
    // Spacers stand for the rows and columns not rendered (one row height and one column width for all).
    // Custom properties through the style property (CSSOM), never a style attribute: a strict CSP
    // (style-src without 'unsafe-inline') refuses style attributes but allows the CSSOM.
    const rowSpacer = (k: number) => (k > 0 ? html`<tr class="spacer" aria-hidden="true" .style=${`--_span:${k}`}></tr>` : nothing);
    const colSpacer = (k: number) => (k > 0 ? html`<td class="spacer" aria-hidden="true" .style=${`--_span:${k}`}></td>` : nothing);
    return html`<div class="scroll">
      <table part="grid" role="grid" class=${changes ? 'changes' : ''} aria-rowcount=${n + 1} aria-colcount=${n + 1} .style=${`--_col:max(var(--_cell),min(${columnWidth}em,35vw))`} @click=${this.#onClick} @keydown=${this.#onKey}>
        <caption>${t.caption}</caption>
        <thead>
          <tr aria-rowindex="1">
            <th scope="col" aria-colindex="1">${t.corner}</th>
            ${colSpacer(c0)}${columns.map((c) => html`<th scope="col" aria-colindex=${c + 2}>${groups[c]}</th>`)}${colSpacer(n - c1)}
          </tr>
        </thead>
        <tbody>
          ${rowSpacer(r0)}${groups.slice(r0, r1).map((g, k) => {
            const r = r0 + k;
            return html`<tr aria-rowindex=${r + 2}><th scope="row" aria-colindex="1">${g}</th>${colSpacer(c0)}${rowCells(columns.map((c) => cellAt(r * n + c)))}${colSpacer(n - c1)}</tr>`;
          })}${rowSpacer(n - r1)}
        </tbody>
      </table>
    </div>`;
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
      const [r, c] = [clamp(to[0], 0, n - 1), clamp(to[1], 0, n - 1)];
      void this.#reveal(r, c).then(() => this.#grid.rove(r, c, n, n)?.focus());
    } else if (e.key === 'Enter' || e.key === ' ') this.#select(at[0] * n + at[1]);
    else return;
    e.preventDefault();
  }

  #select(i: number) {
    const tie = this.#m?.ties[i];
    if (!tie) return;
    this.#selected = i;
    this.requestUpdate();
    this.dispatchEvent(new SamspilTieSelectEvent({ from: tie.from, to: tie.to, tie }));
  }
}
