import { checkMatrix, ResponsibilityMatrix, type Finding, type Raci } from '@samspil/core';
import { html, LitElement, noChange, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Directive, directive, type ChildPart } from 'lit/directive.js';
import { LocalizeController, type Locale } from '../shared/localize.js';
import { renderEmpty, renderInvalid, Validated, type Checked } from '../shared/validation.js';
import { messages } from './responsibility-matrix.messages.js';
import { styles } from './responsibility-matrix.styles.js';

const LETTERS: readonly Raci[] = ['R', 'A', 'C', 'I'];


/** A cell's letter; `undefined` when the column has no part in the row (own properties only: ids like `constructor` are fine). */
const letterOf = (row: ResponsibilityMatrix['rows'][number], column: string): Raci | undefined =>
  Object.hasOwn(row.cells, column) ? row.cells[column] : undefined;

type Names = Record<Raci | 'none', string>;

/**
 * One row's cells as plain DOM after the row header. 6,000 Lit template instances cost more than the
 * table's own layout; this writes only the cells whose letter, wording or read-only state changed.
 * Cells are created with tabindex -1; the component moves the single tabindex 0 (roving tabindex).
 */
class RowCells extends Directive {
  #last: unknown[] = [];

  render(_letters: (Raci | undefined)[], _names: Names, _readonly: boolean): unknown {
    return noChange;
  }

  override update(part: ChildPart, args: Parameters<RowCells['render']>): unknown {
    const [letters, names, readonly] = args;
    const [lastLetters, lastNames, lastReadonly] = this.#last as typeof args | [];
    const tr = part.parentNode as HTMLTableRowElement;
    while (tr.cells.length > letters.length + 1) tr.deleteCell(-1);
    letters.forEach((v, c) => {
      let td = tr.cells[c + 1];
      if (!td) {
        td = tr.insertCell();
        td.setAttribute('role', 'gridcell');
        td.setAttribute('part', 'cell');
        td.tabIndex = -1;
      } else if (v === lastLetters?.[c] && names === lastNames && readonly === lastReadonly) return;
      td.textContent = v ?? '';
      td.setAttribute('aria-label', names[v ?? 'none']);
      if (readonly) td.setAttribute('aria-readonly', 'true');
      else td.removeAttribute('aria-readonly');
    });
    this.#last = args;
    return noChange;
  }
}
const rowCells = directive(RowCells);

/** One finding as text: its severity in words (not by colour alone) and its message. */
const renderFinding = (f: Finding, locale: Locale) =>
  html`<p part="finding" class="finding is-${f.severity}"><b>${messages[locale].severity[f.severity]}:</b> ${f.message[locale]}</p>`;

/**
 * @tag samspil-responsibility-matrix
 * @summary The collaboration agreement (samarbejdsaftale) as an editable RACI grid: who is Responsible,
 * Accountable, Consulted and Informed for each task, decision and intervention, with the problems
 * `checkMatrix` finds shown as text on the row they concern, and the rule for settling disagreements.
 *
 * @fires samspil-matrix-change - After an edit. `detail: { matrix }` is a new `ResponsibilityMatrix`
 * (the `matrix` property is never mutated; `version` is unchanged, the server bumps it). Bubbles, composed.
 *
 * @csspart findings - The notes on the whole agreement (coordinator, disagreement rule, overloaded columns), above the table.
 * @csspart finding - One note (a finding from `checkMatrix`), in the list above the table or in a row header.
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
 * @cssprop --samspil-color-accent - Focus ring and row highlight.
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

  /**
   * The agreement to show. Each new object is validated and replaces the working copy (set a new object: changes
   * made inside the same object are not seen). Invalid data shows an alert, `null`/`undefined` the empty state.
   */
  @property({ attribute: false }) matrix: ResponsibilityMatrix | null | undefined;

  /** No edits: the letter keys and Delete do nothing and the cells are `aria-readonly`. */
  @property({ type: Boolean, reflect: true }) readonly = false;

  /** A person may be Accountable on at most this many rows (`checkMatrix`'s `accountableLimit`; default 5). */
  @property({ type: Number, attribute: 'accountable-limit' }) accountableLimit: number | undefined;

  /** The working copy: the validated `matrix`, then each edit. */
  @state() private work: ResponsibilityMatrix | undefined;

  readonly #l10n = new LocalizeController(this, messages);
  readonly #validated = new Validated(ResponsibilityMatrix);
  #checked: Checked<ResponsibilityMatrix> = { state: 'empty' };
  #checkedWork: ResponsibilityMatrix | undefined;
  #checkedLimit: number | undefined;
  #rowFindings: Finding[][] = [];
  #otherFindings: Finding[] = [];
  /** The active cell (roving tabindex). */
  #row = 0;
  #col = 0;
  /** The last edited cell, announced in the status region. */
  #edited: [number, number] | undefined;
  /** The cell that has tabindex 0. */
  #stop: HTMLElement | undefined;
  /** The cells' accessible names per language (one object per language, so unchanged cells are not rewritten). */
  #names: Partial<Record<Locale, Names>> = {};

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('matrix')) {
      this.#checked = this.#validated.check(this.matrix);
      this.work = this.#checked.state === 'valid' ? this.#checked.value : undefined;
      this.#edited = undefined;
    }
    const m = this.work;
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
      this.#row = Math.max(0, Math.min(this.#row, m.rows.length - 1));
      this.#col = Math.max(0, Math.min(this.#col, m.columns.length - 1));
    }
  }

  protected override render() {
    const locale = this.#l10n.locale;
    const t = messages[locale];
    if (this.#checked.state === 'invalid') return renderInvalid(this.#checked.issue, locale);
    const m = this.work;
    if (!m) return renderEmpty(t.empty);
    const names = (this.#names[locale] ??= { R: `${t.role.R} (R)`, A: `${t.role.A} (A)`, C: `${t.role.C} (C)`, I: `${t.role.I} (I)`, none: t.none });
    const readonly = String(this.readonly);
    const rule = m.disagreement;
    const [er, ec] = this.#edited ?? [-1, -1];
    const edited = m.rows[er];
    const editedColumn = m.columns[ec];
    return html`
      ${this.#otherFindings.length
        ? html`<div part="findings" class="findings" role="group" aria-label=${t.findings}>${this.#otherFindings.map((f) => renderFinding(f, locale))}</div>`
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
                  html`<th scope="col" part="column-header">${c.label}<small>${t.kind[c.kind]}${c.id === m.coordinator ? `, ${t.coordinator}` : ''}</small></th>`,
              )}
            </tr>
          </thead>
          <tbody>
            ${m.rows.map(
              (row, r) =>
                html`<tr part="row">
                  <th scope="row" part="row-header">${row.label}<small>${t.kind[row.kind]}</small>${this.#rowFindings[r]?.map((f) => renderFinding(f, locale))}</th>${rowCells(
                    m.columns.map((col) => letterOf(row, col.id)),
                    names,
                    this.readonly,
                  )}</tr>`,
            )}
          </tbody>
        </table>
      </div>
      <div role="status" class="visually-hidden">
        ${edited && editedColumn
          ? `${edited.label}, ${editedColumn.label}: ${names[letterOf(edited, editedColumn.id) ?? 'none']}. ${(this.#rowFindings[er] ?? []).map((f) => f.message[locale]).join(' ')}`
          : ''}
      </div>
    `;
  }

  /** The cell element at row `r`, column `c` (0-based, headers not counted). */
  #cell(r: number, c: number): HTMLElement | undefined {
    return this.renderRoot.querySelector('tbody')?.rows[r]?.cells[c + 1];
  }

  /** Gives the active cell the only tabindex 0 (roving tabindex). */
  #rove(): HTMLElement | undefined {
    const cell = this.#cell(this.#row, this.#col);
    if (cell && cell !== this.#stop) {
      if (this.#stop) this.#stop.tabIndex = -1;
      cell.tabIndex = 0;
      this.#stop = cell;
    }
    return cell;
  }

  protected override updated(): void {
    this.#rove();
  }

  /** Moves the active cell (without a re-render) and focuses it. */
  #move(r: number, c: number): void {
    const m = this.work;
    if (!m) return;
    this.#row = Math.max(0, Math.min(r, m.rows.length - 1));
    this.#col = Math.max(0, Math.min(c, m.columns.length - 1));
    this.#rove()?.focus();
  }

  /** Sets (or with `undefined` clears) one cell in a new working copy and announces it. */
  #set(r: number, c: number, letter: Raci | undefined): void {
    const m = this.work;
    const row = m?.rows[r];
    const id = m?.columns[c]?.id;
    if (this.readonly || !m || !row || id === undefined || letterOf(row, id) === letter) return;
    const { [id]: _, ...rest } = row.cells;
    const rows = [...m.rows];
    rows[r] = { ...row, cells: letter ? { ...rest, [id]: letter } : rest };
    this.work = { ...m, rows };
    this.#edited = [r, c];
    this.dispatchEvent(new CustomEvent('samspil-matrix-change', { bubbles: true, composed: true, detail: { matrix: this.work } }));
  }

  #position(e: Event): [number, number] | undefined {
    // Delegated handlers read the position from the DOM's own indexes (no per-cell data attributes or closures):
    // only body rows have <td>s, and the row header is cell 0.
    const cell = (e.target as Element).closest?.('td');
    const row = cell?.parentElement as HTMLTableRowElement | undefined;
    return cell && row ? [row.sectionRowIndex, cell.cellIndex - 1] : undefined;
  }

  #onFocusin(e: FocusEvent): void {
    const at = this.#position(e);
    if (at) this.#move(...at);
  }

  #onKeydown(e: KeyboardEvent): void {
    const at = this.#position(e);
    const m = this.work;
    if (!at || !m || e.altKey || e.metaKey || e.isComposing) return;
    let [r, c] = at;
    const letter = e.key.toUpperCase() as Raci;
    switch (e.key) {
      case 'ArrowUp':
        r--;
        break;
      case 'ArrowDown':
        r++;
        break;
      case 'ArrowLeft':
        c--;
        break;
      case 'ArrowRight':
        c++;
        break;
      case 'Home':
        c = 0;
        if (e.ctrlKey) r = 0;
        break;
      case 'End':
        c = m.columns.length - 1;
        if (e.ctrlKey) r = m.rows.length - 1;
        break;
      case 'Delete':
      case 'Backspace':
        this.#set(r, c, undefined);
        break;
      default:
        if (e.ctrlKey || !LETTERS.includes(letter)) return;
        this.#set(r, c, letter);
    }
    e.preventDefault();
    this.#move(r, c);
  }
}
