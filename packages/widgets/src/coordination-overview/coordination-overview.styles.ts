import { css } from '../shared/css.js';
import { base, tables } from '../shared/styles.js';

export const styles = [
  base,
  tables,
  css`
    :host {
      --_max-height: var(--samspil-overview-max-height,70vh);
      --_open: var(--samspil-color-open,var(--_accent));
      --_stalled: var(--samspil-color-stalled,var(--_weak));
      --_started: var(--samspil-color-started,var(--_moderate));
    }
    h2,
    h3 {
      margin: var(--_space) 0 0.25em;
      font-size: 1.1em;
    }
    h2 {
      font-size: 1.25em;
    }
    p {
      margin: 0 0 0.5em;
    }
    section {
      margin-block-end: calc(var(--_space) * 1.5);
    }
    .figures {
      display: grid;
      grid-template-columns: repeat(auto-fill,minmax(min(100%,15rem),1fr));
      gap: 0.5rem;
      margin: 0;
    }
    .figures div {
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      padding: 0.5em;
    }
    .figures dt {
      font-size: 0.875em;
      color: var(--_muted);
    }
    .figures dd {
      margin: 0;
      font-size: 1.25em;
      font-variant-numeric: tabular-nums;
    }
    .figures dd small {
      display: block;
      font-size: 0.7em;
      color: var(--_muted);
    }
    .head {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      justify-content: space-between;
      gap: 0.5em;
    }
    button {
      font: inherit;
      color: inherit;
      background: var(--_surface);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      padding: 0.25em 0.75em;
      cursor: pointer;
      min-height: 44px;
    }
    svg.chart {
      display: block;
      width: 100%;
      max-width: 48rem;
      height: auto;
      overflow: visible;
    }
    .axis {
      stroke: var(--_muted);
    }
    .grid {
      stroke: var(--_border);
      stroke-dasharray: 2 4;
    }
    .tick {
      fill: currentColor;
      font-size: 16px;
    }
    .series polyline {
      fill: none;
      stroke-width: 2.5;
    }
    .series.openCoordinations {
      stroke: var(--_open);
      fill: var(--_open);
    }
    .series.stalled {
      stroke: var(--_stalled);
      fill: var(--_stalled);
    }
    .series.stalled polyline {
      stroke-dasharray: 8 4;
    }
    .series.episodesStarted {
      stroke: var(--_started);
      fill: var(--_started);
    }
    .series.episodesStarted polyline {
      stroke-dasharray: 2 3;
    }
    .legend {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 1rem;
      margin: 0.25em 0;
      padding: 0;
      list-style: none;
      font-size: 0.875em;
    }
    .legend svg {
      vertical-align: middle;
    }
    .bars {
      list-style: none;
      padding: 0;
      margin: 0;
      display: grid;
      grid-template-columns: minmax(0,max-content) minmax(4rem,1fr) max-content;
      gap: 0.25em 0.75em;
      align-items: center;
    }
    .bars li {
      display: contents;
    }
    .bars svg {
      width: 100%;
      height: 0.9em;
    }
    .bars rect {
      fill: var(--_stalled);
    }
    .bars rect.suppressed {
      fill: var(--_suppressed);
    }
    /* Positioned: the visually hidden words in the cells stay inside the scrolling region, not widening the page. */
    .scroll {
      max-width: 100%;
      position: relative;
    }
    td.num {
      text-align: end;
      font-variant-numeric: tabular-nums;
    }
    [data-band='strong'] {
      color: var(--_strong);
    }
    [data-band='moderate'] {
      color: var(--_moderate);
    }
    [data-band='weak'] {
      color: var(--_weak);
      font-weight: 600;
    }
    details summary {
      cursor: pointer;
      min-height: 44px;
      display: flex;
      align-items: center;
    }
    ul.cases {
      padding-inline-start: 1.25em;
    }
    a {
      color: var(--_accent);
    }
  `,
];
