import { checkMatrix, copenhagenDay, dayOf, Disagreements, ResponsibilityMatrix, type Disagreement, type Finding, type Raci } from '@samspil/core';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { rowCells, type PlainCell } from '../shared/cells.js';
import { cellOf, GridFocus, moveBy } from '../shared/grid.js';
import { SamspilMatrixChangeEvent } from '../events.js';
import { SourceController, type SourceState } from '../shared/source.js';
import { formatDate, LocalizeController, type Locale } from '../shared/localize.js';
import { renderNote } from '../shared/notes.js';
import { renderEmpty, renderInvalid, Validated, type Checked } from '../shared/validation.js';
import { messages } from './responsibility-matrix.messages.js';
import { styles } from './responsibility-matrix.styles.js';

export type { SourceState } from '../shared/source.js';

const LETTERS: readonly Raci[] = ['R', 'A', 'C', 'I'];

/** A cell's letter; `undefined` when the column has no part in the row (own properties only: ids like `constructor` are fine). */
const letterOf = (row: ResponsibilityMatrix['rows'][number], column: string): Raci | undefined =>
  Object.hasOwn(row.cells, column) ? row.cells[column] : undefined;

type Cells = Record<Raci | 'none', PlainCell>;

/** The five cells (a letter or none) of a language and read-only state; every cell showing the same shares one. */
function cellsOf(t: (typeof messages)['da'], readonly: boolean): Cells {
  const cell = (text: string, label: string): PlainCell => ({ text, attrs: { role: 'gridcell', 'aria-label': label, 'aria-readonly': readonly ? 'true' : null } });
  const letter = (l: Raci) => cell(l, `${t.role[l]} (${l})`);
  return { R: letter('R'), A: letter('A'), C: letter('C'), I: letter('I'), none: cell('', t.none) };
}

const renderFinding = (f: Finding, locale: Locale) => renderNote(f.severity, f.message[locale], locale);

/**
 * @tag samspil-responsibility-matrix
 * @summary The collaboration agreement (samarbejdsaftale) as an editable RACI grid: who is Responsible,
 * Accountable, Consulted and Informed for each task, decision and intervention, with the problems
 * `checkMatrix` finds shown as text on the row they concern, and the rule for settling disagreements.
 *
 * @fires {SamspilSourceErrorEvent} samspil-source-error - Loading from or writing to `src` failed: `detail` is `{ status, detail }` (status 0: the network).
 * @fires {SamspilMatrixChangeEvent} samspil-matrix-change - After an edit. `detail: { matrix }` is a new `ResponsibilityMatrix`
 * (the `matrix` property is never mutated; `version` is unchanged, the server bumps it). Bubbles, composed.
 *
 * @csspart findings - The notes on the whole agreement (coordinator, disagreement rule, overloaded columns), above the table.
 * @csspart finding - One note (a finding from `checkMatrix`), in the list above the table or in a row header.
 * @csspart disagreements - The open disagreements (from `disagreements`), above the table: each by reference, what it is about, who settles it and by when.
 * @csspart disagreement - One open disagreement in that list.
 * @csspart disagreement-marker - The marker on the row header of a row with an open disagreement (its accessible name names the disagreement); a cell it concerns is marked too (`data-disagreement`).
 * @csspart agreement - The rule for settling disagreements and who decides.
 * @csspart legend - The key to the letters and the keyboard help.
 * @csspart table - The `<table role="grid">`.
 * @csspart column-header - A column header (a person or department, or the corner header).
 * @csspart row - A body row.
 * @csspart row-header - A row header: the row's label, its kind and its notes.
 * @csspart cell - A cell holding R, A, C, I or nothing.
 * @csspart error - The alert shown for invalid data.
 * @csspart empty - The text shown when there is no matrix.
 *
 * @cssprop --samspil-color-text - Text colour.
 * @cssprop --samspil-color-surface - Background of the widget (set `transparent` to show the page's).
 * @cssprop --samspil-color-muted - Secondary text (kinds, legend).
 * @cssprop --samspil-color-border - Grid lines and frames.
 * @cssprop --samspil-color-accent - Focus ring and the focused cell's tint.
 * @cssprop --samspil-color-warning - Warnings.
 * @cssprop --samspil-color-warning-surface - Background of the notes on the whole agreement.
 * @cssprop --samspil-color-danger - Errors and the invalid-data alert.
 * @cssprop --samspil-radius - Corner radius.
 * @cssprop --samspil-space - Spacing.
 * @cssprop --samspil-focus-ring - The focus outline, e.g. `2px solid blue`.
 * @cssprop --samspil-matrix-header-surface - Background of the row and column headers.
 * @cssprop --samspil-matrix-cell-size - Minimum width and height of a cell (default 2.75rem).
 * @cssprop --samspil-matrix-max-height - Maximum height of the scrolling table (default none); headers stay in view.
 */
export class SamspilResponsibilityMatrix extends LitElement {
  static override styles = styles;
  static override properties = {
    src: {},
    token: {},
    matrix: { attribute: false },
    readonly: { type: Boolean, reflect: true },
    accountableLimit: { type: Number, attribute: 'accountable-limit' },
    disagreements: { attribute: false },
    now: { type: Number },
  };

  /** Load the data from this Samspil API resource (and, for an editable widget, write edits back); see `token`. */
  declare src: string | undefined;
  /** A widget token for `src`, from the vendor's backend. */
  declare token: string | undefined;
  /** Where loading from `src` stands: `idle` (no `src`), `loading`, `loaded`, or `failed` (after `samspil-source-error`). Read-only; the widget renders again when it changes. */
  get sourceState(): SourceState {
    return this.#api.state;
  }

  /**
   * The agreement to show. Each new object is validated and replaces the working copy (set a new object: changes
   * made inside the same object are not seen). Invalid data shows an alert, `null`/`undefined` the empty state.
   */
  declare matrix: ResponsibilityMatrix | null | undefined;

  /** No edits: the letter keys and Delete do nothing and the cells are `aria-readonly`. */
  readonly = false;

  /** A person may be Accountable on at most this many rows (`checkMatrix`'s `accountableLimit`; default 5). */
  declare accountableLimit: number | undefined;

  /**
   * The case's disagreements (core `Disagreement[]`): the open ones are listed above the table, by reference, and
   * marked on the row (and the cell) they concern. Resolved ones are not shown. Nothing but the reference, the
   * subject, who settles it and the deadline is shown: a disagreement carries no text.
   */
  declare disagreements: Disagreement[] | null | undefined;

  /** The current time in epoch milliseconds, for a disagreement past its deadline. Default: the time of rendering. */
  declare now: number | undefined;

  readonly #l10n = new LocalizeController(this, messages);
  readonly #disagreements = new Validated(Disagreements);
  readonly #api = new SourceController(this, 'matrix', SamspilMatrixChangeEvent);
  /** The working copy: the validated `matrix`, then each edit (which re-renders). */
  #work: ResponsibilityMatrix | undefined;
  readonly #validated = new Validated(ResponsibilityMatrix);
  #checked: Checked<ResponsibilityMatrix> = { state: 'empty' };
  #checkedWork: ResponsibilityMatrix | undefined;
  #checkedLimit: number | undefined;
  #rowFindings: Finding[][] = [];
  #otherFindings: Finding[] = [];
  readonly #grid = new GridFocus(this);
  /** The last edited cell, announced in the status region. */
  #edited: [number, number] | undefined;
  /** The shared cells per language and read-only state (so unchanged cells are not rewritten). */
  #cells: Record<string, Cells> = {};

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('matrix')) {
      this.#checked = this.#validated.check(this.matrix);
      this.#work = this.#checked.state === 'valid' ? this.#checked.value : undefined;
      this.#edited = undefined;
    }
    const m = this.#work;
    const limit = Number.isFinite(this.accountableLimit) ? this.accountableLimit : undefined;
    if (m && (m !== this.#checkedWork || limit !== this.#checkedLimit)) {
      this.#checkedWork = m;
      this.#checkedLimit = limit;
      this.#rowFindings = [];
      this.#otherFindings = [];
      for (const f of checkMatrix(m, limit === undefined ? {} : { accountableLimit: limit })) {
        const row = /^rows\[(\d+)\]/.exec(f.path ?? '')?.[1];
        if (row === undefined) this.#otherFindings.push(f);
        else (this.#rowFindings[+row] ??= []).push(f);
      }
    }
  }

  protected override render() {
    const locale = this.#l10n.locale;
    const t = messages[locale];
    if (this.#checked.state === 'invalid') return renderInvalid(this.#checked.issue, locale);
    const m = this.#work;
    if (!m) return renderEmpty(t.empty);
    const checkedDisagreements = this.#disagreements.check(this.disagreements);
    if (checkedDisagreements.state === 'invalid') return renderInvalid(checkedDisagreements.issue, locale, 'disagreements');
    const open = checkedDisagreements.state === 'valid' ? checkedDisagreements.value.filter((d) => d.state === 'open') : [];
    const shared = (this.#cells[locale + this.readonly] ??= cellsOf(t, this.readonly));
    // Past its deadline day in Copenhagen (as the plan card reads days); the service's stall rule uses the municipality's calendar.
    const today = copenhagenDay(this.now ?? Date.now());
    const overdueOf = (d: Disagreement) => today > dayOf(d.deadline);
    const columnLabel = (id: string) => m.columns.find((c) => c.id === id)?.label ?? id;
    const rowOf = ({ about }: Disagreement) => (about.kind === 'responsibility' ? m.rows.findIndex((r) => r.id === about.row) : m.rows.findIndex((r) => r.kind === 'intervention' && r.id === about.id));
    const named = (d: Disagreement) => t.disagreementName(d.id, formatDate(d.deadline, locale), overdueOf(d));
    const markers = new Map<number, Disagreement[]>();
    for (const d of open) {
      const r = rowOf(d);
      if (r >= 0) markers.set(r, [...(markers.get(r) ?? []), d]);
    }
    /** A row's cells: the shared ones, but a cell an open disagreement concerns names it too. */
    const rowCellsOf = (row: ResponsibilityMatrix['rows'][number], r: number) =>
      m.columns.map((col) => {
        const cell = shared[letterOf(row, col.id) ?? 'none'];
        const on = (markers.get(r) ?? []).filter((d) => d.about.kind === 'responsibility' && d.about.column === col.id);
        return on.length ? { text: cell.text, attrs: { ...cell.attrs, 'aria-label': `${cell.attrs['aria-label']}; ${on.map(named).join('; ')}`, 'data-disagreement': on.map((d) => d.id).join(' ') } } : cell;
      });
    const cells = shared;
    const readonly = String(this.readonly);
    const rule = m.disagreement;
    const [er, ec] = this.#edited ?? [-1, -1];
    const edited = m.rows[er];
    const editedColumn = m.columns[ec];
    return html`
      ${this.#otherFindings.length
        ? html`<div part="findings" class="findings" role="group" aria-label=${t.findings}>${this.#otherFindings.map((f) => renderFinding(f, locale))}</div>`
        : nothing}
      ${open.length
        ? html`<div part="disagreements" class="disagreements" role="group" aria-labelledby="disagreements-heading">
            <p id="disagreements-heading"><strong>${t.openDisagreements(open.length)}</strong></p>
            <ul>
              ${open.map((d) => {
                const r = rowOf(d);
                const subject = r >= 0 ? m.rows[r]!.label : d.about.kind === 'intervention' ? d.about.id : d.about.row;
                const overdue = overdueOf(d);
                return html`<li part="disagreement"><strong>${d.id}</strong> · ${t.about[d.about.kind]} ${subject}${d.about.kind === 'responsibility' && d.about.column ? ` (${columnLabel(d.about.column)})` : nothing}
                  · ${t.settledBy} ${d.decider ? columnLabel(d.decider) : t.nobody} · ${t.deadline} ${formatDate(d.deadline, locale)}${overdue ? html` <strong class="overdue">${t.overdue}</strong>` : nothing}</li>`;
              })}
            </ul>
          </div>`
        : nothing}
      ${rule
        ? html`<dl part="agreement" class="agreement">
            <dt>${t.rule}</dt>
            <dd>${rule.rule}</dd>
            <dt>${t.decidedBy}</dt>
            <dd>${m.columns.find((c) => c.id === rule.decidedBy)?.label ?? rule.decidedBy}</dd>
          </dl>`
        : nothing}
      <p part="legend" class="legend" id="help">
        ${LETTERS.map((l) => html`<b>${l}</b> ${t.role[l]} · `)}${t.move} ${this.readonly ? t.readonly : t.edit}
      </p>
      <div class="scroll">
        <table role="grid" part="table" aria-describedby="help" aria-readonly=${readonly} @keydown=${this.#onKeydown} @focusin=${this.#onFocusin}>
          <caption>
            ${t.caption}${m.caseReference ? ` (${m.caseReference})` : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col" part="column-header">${t.corner}</th>
              ${m.columns.map(
                (c) =>
                  html`<th scope="col" part="column-header">${c.label}<small>${t.kind[c.kind]}</small></th>`,
              )}
            </tr>
          </thead>
          <tbody>
            ${m.rows.map(
              (row, r) =>
                html`<tr part="row">
                  <th scope="row" part="row-header">${row.label}${markers.has(r)
                    ? html` <span part="disagreement-marker" class="marker" role="img" aria-label=${markers.get(r)!.map(named).join('; ')}>⚑</span>`
                    : nothing}<small>${t.kind[row.kind]}</small>${this.#rowFindings[r]?.map((f) => renderFinding(f, locale))}</th>${rowCells(rowCellsOf(row, r))}</tr>`,
            )}
          </tbody>
        </table>
      </div>
      <div role="status" class="visually-hidden">
        ${edited && editedColumn
          ? `${edited.label}, ${editedColumn.label}: ${cells[letterOf(edited, editedColumn.id) ?? 'none'].attrs['aria-label']}. ${(this.#rowFindings[er] ?? []).map((f) => f.message[locale]).join(' ')}`
          : ''}
      </div>
    `;
  }

  /** Moves the active cell (without a re-render), kept inside the grid, and returns it. */
  #move(r: number, c: number): HTMLElement | undefined {
    const m = this.#work;
    return m && this.#grid.rove(r, c, m.rows.length, m.columns.length);
  }

  protected override updated(): void {
    this.#move(this.#grid.row, this.#grid.col);
  }

  /** Sets (or with `undefined` clears) one cell in a new working copy and announces it. */
  #set(r: number, c: number, letter: Raci | undefined): void {
    const m = this.#work;
    const row = m?.rows[r];
    const id = m?.columns[c]?.id;
    if (this.readonly || !m || !row || id === undefined || letterOf(row, id) === letter) return;
    const { [id]: _, ...rest } = row.cells;
    const rows = [...m.rows];
    rows[r] = { ...row, cells: letter ? { ...rest, [id]: letter } : rest };
    this.#work = { ...m, rows };
    this.requestUpdate();
    this.#edited = [r, c];
    this.dispatchEvent(new SamspilMatrixChangeEvent({ matrix: this.#work }));
  }

  // Delegated handlers read the position from the DOM's own indexes (no per-cell data attributes or closures).
  #onFocusin(e: FocusEvent): void {
    const at = cellOf(e);
    if (at) this.#move(...at);
  }

  #onKeydown(e: KeyboardEvent): void {
    const at = cellOf(e);
    const m = this.#work;
    if (!at || !m || e.altKey || e.metaKey || e.isComposing) return;
    const letter = e.key.toUpperCase() as Raci;
    const to = moveBy(e, ...at, m.rows.length, m.columns.length);
    if (to) this.#move(...to)?.focus();
    else if (e.key === 'Delete' || e.key === 'Backspace') this.#set(...at, undefined);
    else if (!e.ctrlKey && LETTERS.includes(letter)) this.#set(...at, letter);
    else return;
    e.preventDefault();
  }
}
