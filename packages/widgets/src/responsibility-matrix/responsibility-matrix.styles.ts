import { css } from '../shared/css.js';
import { base, tables } from '../shared/styles.js';

export const styles = [
  base,
  tables,
  css`
    :host {
      --_cell: var(--samspil-matrix-cell-size,2.75rem);
      --_header: var(--samspil-matrix-header-surface,light-dark(#f3f3f3,#262626));
      --_max-height: var(--samspil-matrix-max-height,none);
    }
    .disagreements ul {
      margin: 0.25rem 0 0;
      padding-inline-start: 1.25rem;
    }
    .disagreements p {
      margin: 0;
    }
    .overdue,
    .marker {
      color: var(--_danger);
    }
    td[data-disagreement]::after {
      content: '⚑';
      color: var(--_danger);
      font-size: 0.75em;
      vertical-align: super;
    }
    .findings,
    .disagreements,
    .agreement,
    .legend {
      margin: 0 0 var(--_space);
    }
    [part='finding'] {
      margin: 0.25rem 0 0;
      font-weight: normal;
      font-size: 0.875em;
    }
    .findings > p {
      padding: 0.5rem;
      background: var(--_warning-surface);
      border-radius: var(--_radius);
    }
    .agreement {
      display: grid;
      grid-template-columns: auto 1fr;
      gap: 0.25rem var(--_space);
      padding: var(--_space);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }
    dt,
    caption {
      font-weight: bold;
    }
    dd {
      margin: 0;
    }
    .legend,
    small {
      color: var(--_muted);
      font-size: 0.875em;
    }
    small {
      display: block;
      font-weight: normal;
    }
    /* A long word breaks, and the row headers take at most 40vw: on a narrow screen a column of cells shows beside them. */
    th {
      vertical-align: top;
      min-width: 6rem;
      overflow-wrap: anywhere;
    }
    th:first-child {
      min-width: min(14rem,40vw);
      max-width: 24rem;
    }
    td {
      height: var(--_cell);
      font-weight: bold;
      cursor: cell;
    }
    :host([readonly]) td {
      cursor: default;
    }
    td:focus-visible {
      background: color-mix(in srgb,var(--_accent) 18%,transparent);
    }
  `,
];
