import { css } from '../shared/css.js';
import { base, tables } from '../shared/styles.js';

export const styles = [
  base,
  tables,
  css`
    :host {
      --_cell: var(--samspil-rc-cell-width,4.5rem);
      /* Three lines of a cell, at whatever line height (WCAG 1.4.12 asks for 1.5): every row one height. */
      --_row: max(4.5em,3lh + .75em);
      --_max-height: var(--samspil-rc-max-height,80vh);
    }
    p {
      margin: 0 0 0.25em;
    }
    .legend {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 1rem;
      margin: var(--_space) 0;
      padding: 0;
      list-style: none;
      font-size: 0.875em;
    }
    /* A band: its colour and, as the cue without colour, a line style (cells, legend, arrows, rings). */
    [data-band='strong'] {
      --band: var(--_strong);
      --line: solid;
    }
    [data-band='moderate'] {
      --band: var(--_moderate);
      --line: dashed;
      --dash: 6 3;
    }
    [data-band='weak'] {
      --band: var(--_weak);
      --line: dotted;
      --dash: 1.5 3;
    }
    [data-band='suppressed'] {
      --band: var(--_suppressed);
      --line: double;
      --dash: 1 5;
    }
    .key {
      display: inline-block;
      width: 2.25em;
      height: 1.2em;
      margin-inline-end: 0.35em;
      vertical-align: middle;
      text-align: center;
      border: 1px solid var(--_border);
    }
    .key,
    [part='cell'] {
      border-inline-start: 0.45em var(--line,solid) var(--band,var(--_border));
      background-color: color-mix(in srgb,var(--band,transparent) 30%,var(--_surface));
    }
    .key.asym {
      border-inline-start-width: 1px;
    }
    .asym::after {
      content: '⇄' / '';
    }
    /*
     * One height for every row and one width (--_col, set on the grid) for every column, so the
     * window of rendered cells places the rest by arithmetic: three lines of a cell fit in a row,
     * and a word too long for its column breaks rather than widen it. The row headers are as wide
     * as a column (which fits the longest word of a group's name): on a narrow screen a column of
     * cells shows beside them.
     */
    tbody tr[aria-rowindex] {
      height: var(--_row);
    }
    /* Against a baseline a cell has a fourth line, the relative change. */
    .changes {
      --_row: max(5.7em,4lh + .75em);
    }
    [role='grid'] :is(td, th) {
      width: var(--_col);
      min-width: var(--_col);
      overflow-wrap: anywhere;
    }
    /* The window re-renders as it scrolls; anchoring the scroll to a reused cell would move it again. */
    .scroll {
      overflow-anchor: none;
    }
    /* A spacer stands for --_span rows or columns that are not rendered. */
    tr.spacer {
      height: calc(var(--_span)*var(--_row));
    }
    td.spacer {
      min-width: calc(var(--_span)*var(--_col));
    }
    [part='cell'] {
      white-space: pre-line;
      line-height: 1.2;
      padding-block: 0.125em;
      cursor: pointer;
    }
    td.asym {
      position: relative;
    }
    td.asym::after {
      position: absolute;
      inset-block-start: 1px;
      inset-inline-end: 3px;
      font-size: 0.8em;
      font-weight: 700;
    }
    .d {
      border-block: 4px double var(--_muted);
      border-inline-end: 4px double var(--_muted);
    }
    [aria-selected='true'] {
      outline: 3px solid var(--_accent);
      outline-offset: -3px;
    }
    [part='detail']:not(:empty) {
      margin-block-start: var(--_space);
      padding: var(--_space);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }
  `,
];
