// The panel of the selected tie in <samspil-rc-heatmap>: its score and its seven
// dimensions. A chunk of its own, loaded at the first selection: the CDN bundle
// has a size budget.
import { RC_ITEMS, type RcItem } from '@samspil/core';
import { html, nothing } from 'lit';
import { formatNumber, type Locale } from '../shared/localize.js';
import { tieOf, type CellAt, type Model } from './rc-heatmap.model.js';
import { dataTable } from './rc-heatmap.table.js';

interface Words {
  score: string;
  change: string;
  suppressed: string;
  noData: string;
  dimension: string;
  dimensions: string;
  dims: Record<RcItem, string>;
}

const words: Record<Locale, Words> = {
  da: {
    score: 'Score',
    change: 'Ændring',
    suppressed: 'Skjult: for få besvarelser til at vise en score.',
    noData: 'Ingen besvarelser.',
    dimension: 'Dimension',
    dimensions: 'De syv dimensioner',
    dims: {
      frequent: 'Hyppig kommunikation',
      timely: 'Rettidig kommunikation',
      accurate: 'Præcis kommunikation',
      problem_solving: 'Problemløsende kommunikation',
      shared_goals: 'Fælles mål',
      shared_knowledge: 'Fælles viden',
      mutual_respect: 'Gensidig respekt',
    },
  },
  en: {
    score: 'Score',
    change: 'Change',
    suppressed: 'Suppressed: too few respondents to show a score.',
    noData: 'No ratings.',
    dimension: 'Dimension',
    dimensions: 'The seven dimensions',
    dims: {
      frequent: 'Frequent communication',
      timely: 'Timely communication',
      accurate: 'Accurate communication',
      problem_solving: 'Problem-solving communication',
      shared_goals: 'Shared goals',
      shared_knowledge: 'Shared knowledge',
      mutual_respect: 'Mutual respect',
    },
  },
};

/** The content of the detail panel for cell `i`: the tie, its score (or why there is none) and its dimensions. */
export function renderDetail(m: Model, base: Model | undefined, i: number, cellAt: CellAt, locale: Locale) {
  const tie = m.ties[i];
  if (!tie) return nothing;
  const c = cellAt(i);
  const say = words[locale];
  const dims = tie.dimensions;
  const before = tieOf(base, tie.from, tie.to)?.dimensions;
  return html`<p><strong>${tie.from} → ${tie.to}</strong></p>
    <p>
      ${tie.suppressed
        ? `${say.suppressed} (n = ${tie.n})`
        : tie.score === null
          ? say.noData
          : `${say.score}: ${c.score} (${c.label}), n = ${tie.n}${c.delta ? `, ${say.change}: ${c.delta}` : ''}`}
    </p>
    ${dims
      ? dataTable(
          'dimensions',
          say.dimensions,
          [say.dimension, say.score, ...(base ? [say.change] : [])],
          RC_ITEMS.map((k) => {
            const v = dims[k];
            const w = before?.[k];
            return html`<tr>
              <th scope="row">${say.dims[k]}</th>
              <td>${v == null ? '–' : formatNumber(v, locale)}</td>
              ${base ? html`<td>${v != null && w != null ? formatNumber(v - w, locale, true) : '–'}</td>` : nothing}
            </tr>`;
          }),
        )
      : nothing}`;
}
