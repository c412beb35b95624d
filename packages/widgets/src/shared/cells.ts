import { noChange } from 'lit';
import { Directive, directive, type ChildPart } from 'lit/directive.js';

/** A grid cell written as plain DOM: its text and attributes (`null` removes one). */
export interface PlainCell {
  text: string;
  attrs: Record<string, string | null>;
}

/**
 * A row's cells after its header, as plain DOM: thousands of Lit template instances cost more than
 * the table's own layout. A cell is written only when its object changes (cells that look the same
 * can share one), and then only its changed text and attributes. New cells get `part="cell"` and
 * tabindex -1 (GridFocus moves the one tab stop).
 */
class RowCells extends Directive {
  #last: readonly PlainCell[] = [];

  render(_cells: readonly PlainCell[]): unknown {
    return noChange;
  }

  override update(part: ChildPart, [cells]: [readonly PlainCell[]]): unknown {
    const tr = part.parentNode as HTMLTableRowElement;
    while (tr.cells.length > cells.length + 1) tr.deleteCell(-1);
    cells.forEach((cell, c) => {
      let td = tr.cells[c + 1];
      let last = this.#last[c];
      if (!td) {
        td = tr.insertCell();
        td.setAttribute('part', 'cell');
        td.tabIndex = -1;
        last = undefined;
      }
      if (cell === last) return;
      // Only what changed: an attribute written again still costs a style check.
      if (cell.text !== last?.text) td.textContent = cell.text;
      for (const [name, value] of Object.entries(cell.attrs)) {
        if (value === last?.attrs[name]) continue;
        if (value === null) td.removeAttribute(name);
        else td.setAttribute(name, value);
      }
    });
    this.#last = cells;
    return noChange;
  }
}

export const rowCells = directive(RowCells);
