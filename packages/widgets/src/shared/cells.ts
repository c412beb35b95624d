import { noChange } from 'lit';
import { Directive, directive, type ChildPart } from 'lit/directive.js';

/** A grid cell written as plain DOM: its text and attributes (`null` removes one). */
export interface PlainCell {
  text: string;
  attrs: Record<string, string | null>;
}

/**
 * A row's cells as plain DOM: thousands of Lit template instances cost more than the table's own
 * layout. The cells stand where the directive is in the row's template (a windowed grid puts spacers
 * around them). A cell is written only when its object changes (cells that look the same can share
 * one), and then only its changed text and attributes, so a cell element shows whichever cell of the
 * list is at its place. New cells get `part="cell"` and tabindex -1 (GridFocus moves the one tab stop).
 */
class RowCells extends Directive {
  #last: readonly PlainCell[] = [];
  #tds: HTMLTableCellElement[] = [];

  render(_cells: readonly PlainCell[]): unknown {
    return noChange;
  }

  override update(part: ChildPart, [cells]: [readonly PlainCell[]]): unknown {
    while (this.#tds.length > cells.length) this.#tds.pop()!.remove();
    cells.forEach((cell, c) => {
      let td = this.#tds[c];
      let last = this.#last[c];
      if (!td) {
        td = document.createElement('td');
        td.setAttribute('part', 'cell');
        td.tabIndex = -1;
        part.parentNode.insertBefore(td, part.endNode);
        this.#tds.push(td);
        last = undefined;
      }
      if (cell === last) return;
      // Only what changed: an attribute written again still costs a style check.
      if (cell.text !== last?.text) td.textContent = cell.text;
      for (const name in cell.attrs) {
        const value = cell.attrs[name]!;
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
