import { css } from 'lit';
import { base } from '../shared/styles.js';

export const styles = [
  base,
  css`
    :host {
      /* The base sets the text colour for the host's scheme; paint the matching surface so the text stays legible on a page of the other scheme. */
      background: var(--_surface);
      --_cell: var(--samspil-rc-cell-width, 4.5rem);
    }
    .views {
      display: flex;
      gap: 0.25rem;
      margin-block-end: var(--_space);
    }
    button {
      font: inherit;
      color: inherit;
      background: var(--_surface);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      padding: 0.25em 0.75em;
      cursor: pointer;
    }
    button[aria-pressed='true'] {
      border-color: var(--_accent);
      box-shadow: inset 0 -3px var(--_accent);
      font-weight: 600;
    }
    .summary p,
    .detail p {
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
    /* A band: its colour and, as the cue without colour, a line style (cells, legend, arrows, rings); suppressed ties are hatched. */
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
      background-image: repeating-linear-gradient(45deg, transparent 0 5px, var(--_suppressed) 5px 7px);
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
    td.c {
      border-inline-start: 0.45em var(--line, solid) var(--band, var(--_border));
      background-color: color-mix(in srgb, var(--band, transparent) 30%, var(--_surface));
    }
    .key.asym {
      border-inline-start-width: 1px;
    }
    .key.asym::before,
    td.asym::after {
      content: '⇄' / '';
    }
    .scroll {
      overflow: auto;
      max-height: var(--samspil-rc-max-height, 80vh);
    }
    table {
      border-collapse: collapse;
      font-variant-numeric: tabular-nums;
    }
    caption {
      text-align: start;
      color: var(--_muted);
      padding-block-end: 0.25em;
    }
    th,
    td {
      border: 1px solid var(--_border);
      padding: 0.25em 0.45em;
    }
    th {
      background: var(--_surface);
      font-weight: 600;
      text-align: start;
    }
    .grid thead th {
      position: sticky;
      top: 0;
      z-index: 1;
      vertical-align: bottom;
    }
    .grid tbody th {
      position: sticky;
      left: 0;
      z-index: 1;
    }
    td.c {
      min-width: var(--_cell);
      text-align: center;
      white-space: pre-line;
      line-height: 1.25;
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
    td.d {
      border-block: 4px double var(--_muted);
      border-inline-end: 4px double var(--_muted);
    }
    td.c[aria-selected='true'] {
      outline: 3px solid var(--_accent);
      outline-offset: -3px;
    }
    td.c:focus-visible {
      outline: var(--_focus);
      outline-offset: -4px;
    }
    .detail {
      margin-block-start: var(--_space);
      padding: var(--_space);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }
    .detail.idle {
      margin: 0;
      padding: 0;
      border: 0;
    }
    .network {
      display: block;
      width: 100%;
      max-width: var(--samspil-rc-network-size, 40rem);
      height: auto;
      font-size: 12px;
    }
    .network text {
      fill: currentColor;
    }
    .node {
      fill: var(--_surface);
      stroke: var(--_muted);
    }
    .arrow,
    .ring {
      fill: none;
      stroke: var(--band);
      stroke-dasharray: var(--dash, none);
    }
    .arrow {
      stroke-width: 1.5;
    }
    .ring {
      stroke-width: 3;
    }
    .head {
      fill: var(--band);
    }
  `,
];
