import { css } from './css.js';

/**
 * The tokens every widget shares. Hosts theme through these `--samspil-*`
 * properties (documented in each component); the fallbacks follow the host's
 * light or dark scheme through system colours and `light-dark()`.
 */
export const base = css`
  :host {
    display: block;
    color-scheme: light dark;
    font: inherit;
    color: var(--samspil-color-text,CanvasText);
    background: var(--_surface);
    --_surface: var(--samspil-color-surface,Canvas);
    --_muted: var(--samspil-color-muted,light-dark(#555,#b5b5b5));
    --_border: var(--samspil-color-border,light-dark(#c7c7c7,#5a5a5a));
    --_accent: var(--samspil-color-accent,light-dark(#0b5cad,#7db7f0));
    --_warning: var(--samspil-color-warning,light-dark(#8a4b00,#ffb45c));
    --_warning-surface: var(--samspil-color-warning-surface,light-dark(#fff4e0,#3a2a12));
    --_danger: var(--samspil-color-danger,light-dark(#a4161a,#ff8a80));
    --_strong: var(--samspil-color-strong,light-dark(#1a7f37,#3fb950));
    --_moderate: var(--samspil-color-moderate,light-dark(#9a6700,#d4a72c));
    --_weak: var(--samspil-color-weak,light-dark(#d1242f,#f85149));
    --_suppressed: var(--samspil-color-suppressed,light-dark(#767676,#8c8c8c));
    --_radius: var(--samspil-radius,6px);
    --_space: var(--samspil-space,0.75rem);
    --_focus: var(--samspil-focus-ring,2px solid var(--_accent));
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  :focus-visible {
    outline: var(--_focus);
    outline-offset: 2px;
  }
  [role='alert'] {
    border: 2px solid var(--_danger);
    border-radius: var(--_radius);
    padding: var(--_space);
    color: var(--_danger);
  }
  .empty {
    color: var(--_muted);
    font-style: italic;
  }
  /* A finding or warning (renderNote): its severity in words, in the severity's colour. */
  .warning > strong {
    color: var(--_warning);
  }
  .error > strong {
    color: var(--_danger);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;

/**
 * The tables of the matrix and the heatmap. A `<table role="grid">` scrolls inside `.scroll` up to
 * `--_max-height` with its headers in view; its cells are at least `--_cell` wide.
 */
export const tables = css`
  .scroll {
    overflow: auto;
    max-height: var(--_max-height);
    container-type: inline-size;
  }
  table {
    border-collapse: separate;
    border-spacing: 0;
    border: 0 solid var(--_border);
    border-width: 1px 0 0 1px;
    font-variant-numeric: tabular-nums;
  }
  /* The caption wraps to the region's width and stays in view as the table scrolls sideways (WCAG 1.4.10). */
  caption {
    text-align: start;
    padding-block-end: 0.25em;
    position: sticky;
    left: 0;
    max-width: 100cqi;
  }
  th,
  td {
    border: 0 solid var(--_border);
    border-width: 0 1px 1px 0;
    padding: 0.25em 0.5em;
  }
  th {
    text-align: start;
    background: var(--_header,var(--_surface));
  }
  [role='grid'] thead th {
    position: sticky;
    top: 0;
    z-index: 1;
    vertical-align: bottom;
  }
  [role='grid'] tbody th,
  [role='grid'] thead th:first-child {
    position: sticky;
    left: 0;
    z-index: 1;
  }
  [role='grid'] thead th:first-child {
    z-index: 2;
  }
  [role='grid'] td {
    min-width: var(--_cell);
    text-align: center;
  }
  [role='grid'] td:focus-visible {
    outline-offset: -4px;
  }
`;
