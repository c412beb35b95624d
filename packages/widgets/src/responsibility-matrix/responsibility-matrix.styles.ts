import { css } from 'lit';
import { base } from '../shared/styles.js';

export const styles = [
  base,
  css`
    :host {
      /* Every text sits on the widget's own surface, so it keeps its contrast when the widget's scheme differs from the page's. */
      background: var(--_surface);
      --_cell: var(--samspil-matrix-cell-size, 2.75rem);
      --_header: var(--samspil-matrix-header-surface, light-dark(#f3f3f3, #262626));
    }
    .findings,
    .agreement,
    .legend {
      margin: 0 0 var(--_space);
    }
    .finding {
      margin: 0.25rem 0 0;
      padding-inline-start: 0.5rem;
      border-inline-start: 3px solid var(--_warning);
      color: var(--_warning);
      font-weight: normal;
      font-size: 0.875em;
    }
    .finding.is-error {
      border-color: var(--_danger);
      color: var(--_danger);
    }
    .findings .finding {
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
    dt {
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
    .scroll {
      overflow: auto;
      max-height: var(--samspil-matrix-max-height, none);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
    }
    table {
      border-collapse: separate;
      border-spacing: 0;
    }
    caption {
      text-align: start;
      font-weight: bold;
      padding: 0.5rem;
    }
    th,
    td {
      border: 0 solid var(--_border);
      border-width: 0 1px 1px 0;
      padding: 0.375rem 0.5rem;
    }
    th {
      text-align: start;
      vertical-align: top;
      background: var(--_header);
    }
    thead th {
      position: sticky;
      top: 0;
      z-index: 1;
      vertical-align: bottom;
      min-width: 6rem;
    }
    th[scope='row'],
    thead th:first-child {
      position: sticky;
      left: 0;
      min-width: 14rem;
      max-width: 24rem;
    }
    thead th:first-child {
      z-index: 2;
    }
    small {
      display: block;
      font-weight: normal;
    }
    td {
      min-width: var(--_cell);
      height: var(--_cell);
      text-align: center;
      font-weight: bold;
      cursor: cell;
    }
    :host([readonly]) td {
      cursor: default;
    }
    tr:hover > td {
      background: color-mix(in srgb, var(--_accent) 8%, transparent);
    }
    td:focus-visible {
      outline-offset: -3px;
      background: color-mix(in srgb, var(--_accent) 18%, transparent);
    }
  `,
];
