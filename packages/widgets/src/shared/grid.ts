/**
 * The keyboard model both grids share (the matrix and the heatmap): a `<table role="grid">`
 * whose body rows start with a row header, arrow keys, Home and End (with Ctrl: the first
 * or last row too), and a roving tabindex that keeps exactly one cell in the tab order.
 */
export class GridFocus {
  /** The active cell: the one in the tab order. */
  row = 0;
  col = 0;
  #stop: HTMLElement | undefined;

  constructor(private readonly host: { renderRoot: ParentNode }) {}

  /** The body cell at row `r`, column `c` (0-based; the row header is not counted); undefined when not rendered. */
  cell(r: number, c: number): HTMLElement | undefined {
    const grid = this.host.renderRoot.querySelector('table[role=grid]');
    // A windowed grid renders some rows and columns only, each naming its place with
    // aria-rowindex and aria-colindex (the header row and the row header are 1).
    return (
      (grid?.hasAttribute('aria-colcount')
        ? grid.querySelector<HTMLElement>(`tbody > [aria-rowindex="${r + 2}"] > td[aria-colindex="${c + 2}"]`)
        : (grid as HTMLTableElement | null)?.tBodies[0]?.rows[r]?.cells[c + 1]) ?? undefined
    );
  }

  /** Makes (r, c), kept inside a grid of `rows` × `cols`, the active cell and the only one with tabindex 0; returns it. */
  rove(r: number, c: number, rows: number, cols: number): HTMLElement | undefined {
    this.row = Math.max(0, Math.min(r, rows - 1));
    this.col = Math.max(0, Math.min(c, cols - 1));
    // A windowed grid may not have rendered that cell yet: then the tab stop stays where it is, or,
    // when that cell is gone, goes to the first rendered one, so the grid can always be tabbed into.
    const cell = this.cell(this.row, this.col) ?? (this.#stop?.isConnected ? this.#stop : this.host.renderRoot.querySelector<HTMLElement>('table[role=grid] tbody td[part=cell]') ?? undefined);
    if (cell && (cell !== this.#stop || cell.tabIndex !== 0)) {
      if (this.#stop && this.#stop !== cell) this.#stop.tabIndex = -1;
      cell.tabIndex = 0;
      this.#stop = cell;
    }
    return cell;
  }
}

/** The row and column of the body cell an event comes from (the row header is not counted). */
export function cellOf(e: Event): [row: number, col: number] | undefined {
  const cell = (e.target as Element).closest?.<HTMLTableCellElement>('td[part=cell]'); // not a windowed grid's spacer
  const row = cell?.parentElement as HTMLTableRowElement | undefined;
  const index = row?.getAttribute('aria-rowindex');
  const col = cell?.getAttribute('aria-colindex');
  return cell && row ? [index ? Number(index) - 2 : row.sectionRowIndex, col ? Number(col) - 2 : cell.cellIndex - 1] : undefined;
}

/** Where an arrow key, Home or End moves from (r, c) in a grid of `rows` × `cols` (`rove` keeps it inside); `undefined` for other keys. */
export function moveBy(e: KeyboardEvent, r: number, c: number, rows: number, cols: number): [number, number] | undefined {
  switch (e.key) {
    case 'ArrowUp':
      return [r - 1, c];
    case 'ArrowDown':
      return [r + 1, c];
    case 'ArrowLeft':
      return [r, c - 1];
    case 'ArrowRight':
      return [r, c + 1];
    case 'Home':
      return [e.ctrlKey ? 0 : r, 0];
    case 'End':
      return [e.ctrlKey ? rows - 1 : r, cols - 1];
  }
  return undefined;
}
