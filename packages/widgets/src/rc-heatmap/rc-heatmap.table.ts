// The table view of <samspil-rc-heatmap>: every tie as a row. A chunk of its own:
// most hosts show the matrix, and the CDN bundle has a size budget.
import { html, nothing } from 'lit';
import type { Locale } from '../shared/localize.js';
import type { CellAt, Model } from './rc-heatmap.model.js';

const words = {
  da: { caption: 'RC-relationer', from: 'Fra', to: 'Til', score: 'Score', band: 'Niveau', change: 'Ændring' },
  en: { caption: 'RC ties', from: 'From', to: 'To', score: 'Score', band: 'Band', change: 'Change' },
} satisfies Record<Locale, Record<string, string>>;

/**
 * A data table (the table view, the seven dimensions): caption, column headers and the rows, in a
 * region that scrolls when the table is wider than it (focusable, so the keyboard scrolls it too).
 */
export const dataTable = (part: string, caption: string, head: string[], rows: unknown) =>
  html`<div class="scroll" tabindex="0" role="region" aria-label=${caption}><table part=${part}><caption>${caption}</caption><thead><tr>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead><tbody>${rows}</tbody></table></div>`;

/** The ties as a data table: from, to, n, score, band in words and, against a baseline, the change. */
export function renderTable(m: Model, cellAt: CellAt, locale: Locale, withChange: boolean) {
  const w = words[locale];
  const head = [w.from, w.to, 'n', w.score, w.band, ...(withChange ? [w.change] : [])];
  return dataTable(
    'table',
    w.caption,
    head,
    m.ties.map((tie, i) => {
      if (!tie) return nothing;
      const c = cellAt(i);
      return html`<tr><td>${tie.from}</td><td>${tie.to}</td><td>${tie.n}</td><td>${c.score}</td><td>${c.label}</td>${withChange ? html`<td>${c.delta || '–'}</td>` : nothing}</tr>`;
    }),
  );
}
