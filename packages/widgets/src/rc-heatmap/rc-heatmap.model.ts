// The heatmap's model: an RC result indexed once, and its cells formatted as they are rendered.
// The component and its chunks (table, detail, network) share it, so no chunk imports the component.
import { relativeChange, type RcResult, type RcTie } from '@samspil/core';
import type { PlainCell } from '../shared/cells.js';
import { formatNumber, formatPercent, type Locale } from '../shared/localize.js';
import type { RcHeatmapMessages as Messages } from './rc-heatmap.messages.js';

/** A cell's band: `none` when the groups have no tie. */
export type RcCellBand = 'strong' | 'moderate' | 'weak' | 'suppressed' | 'none';

export const BANDS = ['strong', 'moderate', 'weak'] as const;

/** A result indexed once: ties by cell (row × n + column, rows rate columns), asymmetric cells, the weakest ties, the most asymmetric pairs. */
export interface Model {
  result: RcResult;
  n: number;
  /** The cell of a tie, row × n + column; -1 when a group is not in the result. */
  at: (from: string, to: string) => number;
  ties: (RcTie | undefined)[];
  asym: Uint8Array;
  weakest: RcTie[];
  pairs: RcResult['asymmetries'];
}

export function indexResult(result: RcResult): Model {
  const n = result.groups.length;
  const index = new Map(result.groups.map((g, i) => [g, i]));
  const at = (from: string, to: string) => {
    const i = index.get(from);
    const j = index.get(to);
    return i === undefined || j === undefined ? -1 : i * n + j;
  };
  const ties: (RcTie | undefined)[] = new Array(n * n);
  // One pass: each tie to its cell, and the three lowest scores between groups (the first of equals first), without sorting them all.
  const weakest: RcTie[] = [];
  for (const t of result.ties) {
    const k = at(t.from, t.to);
    if (k >= 0) ties[k] = t;
    if (t.from !== t.to && !t.suppressed && t.score !== null) {
      let j = weakest.length;
      while (j && weakest[j - 1]!.score! > t.score) j--;
      if (j < 3) {
        weakest.splice(j, 0, t);
        weakest.splice(3);
      }
    }
  }
  const asym = new Uint8Array(n * n);
  for (const { a, b } of result.asymmetries) {
    if (at(a, b) >= 0) asym[at(a, b)] = asym[at(b, a)] = 1;
  }
  const pairs = [...result.asymmetries].sort((x, y) => Math.abs(y.gap) - Math.abs(x.gap)).slice(0, 3);
  return { result, n, at, ties, asym, weakest, pairs };
}

export const tieOf = (m: Model | undefined, from: string, to: string): RcTie | undefined => m?.ties[m.at(from, to)];

/** Recomputes only when an argument changes identity. */
export function memo<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  let last: A | undefined;
  let value!: R;
  return (...args) => {
    if (!last || args.some((a, i) => a !== last![i])) value = fn(...(last = args));
    return value;
  };
}

/**
 * What one cell shows: the matrix cell (its text: score, n and, against a baseline, the change and the
 * relative change, a line each; one text node keeps the cells cheap to lay out) and the words the
 * table view and the detail panel use.
 */
export interface Cell extends PlainCell {
  /** The score, or that it is suppressed or missing. */
  score: string;
  /** Band (and asymmetry) in words. */
  label: string;
  /** The change against the baseline: the difference and, as the sources compare, relative to the baseline (+0,3 (+7,5 %)). */
  delta: string;
}

/** Cell `i` (row × n + column), formatted the first time it is rendered. */
export type CellAt = (i: number) => Cell;

/** The cells of a result, baseline and language; only the rendered ones are ever formatted. */
export function cellsOf(m: Model, base: Model | undefined, t: Messages, locale: Locale): CellAt {
  const cells: Cell[] = new Array(m.n * m.n);
  return (i) => (cells[i] ??= formatCell(m, base, t, locale, i));
}

function formatCell(m: Model, base: Model | undefined, t: Messages, locale: Locale, i: number): Cell {
  const tie = m.ties[i];
  const asym = m.asym[i] === 1;
  const band: RcCellBand = !tie ? 'none' : tie.suppressed ? 'suppressed' : (tie.band ?? 'none');
  const label = t.bands[band] + (asym ? `, ${t.asymmetric}` : '');
  const scored = tie && !tie.suppressed && tie.score !== null;
  const before = scored ? tieOf(base, tie.from, tie.to)?.score : null;
  const difference = scored && before != null ? formatNumber(tie.score! - before, locale, true) : '';
  const relative = scored ? relativeChange(before, tie.score) : null;
  const percent = relative === null ? '' : formatPercent(relative, locale);
  const delta = percent ? `${difference} (${percent})` : difference;
  const score = scored ? formatNumber(tie.score!, locale) : tie?.suppressed ? t.bands.suppressed : '–';
  // The change on two lines (the difference, then the relative change): a cell is narrow.
  const text = scored ? `${score}\nn=${tie.n}${difference && `\n${difference}`}${percent && `\n${percent}`}` : score;
  const column = i % m.n;
  const attrs = {
    class: `${i % (m.n + 1) === 0 ? 'd' : ''}${asym ? ' asym' : ''}`,
    'data-band': band,
    'data-from': `${(i / m.n) | 0}`,
    'data-to': `${column}`,
    'aria-colindex': `${column + 2}`,
    'aria-selected': 'false',
    // The name starts with the visible text (WCAG 2.5.3, label in name).
    'aria-label': scored ? `${text.replaceAll('\n', ' ')}, ${label}` : label,
  };
  return { text, attrs, score, label, delta };
}

