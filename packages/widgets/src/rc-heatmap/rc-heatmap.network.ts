// The network view of <samspil-rc-heatmap>, as in the source documents. A chunk of
// its own: most hosts show the matrix, and the CDN bundle has a size budget.
import { html, nothing, svg } from 'lit';
import { BANDS, memo, type Model } from './rc-heatmap.model.js';
import { css } from '../shared/css.js';
import type { Locale } from '../shared/localize.js';

/** The legend's last item while the network shows. */
export const legend: Record<Locale, string> = {
  da: 'Pilene går fra den gruppe, der vurderer; ringen om en gruppe er relationen inden for gruppen',
  en: 'Arrows run from the rating group; the ring around a group is its within-group tie',
};

const label: Record<Locale, (groups: number, ties: number) => string> = {
  da: (groups, ties) => `Netværk med ${groups} grupper og ${ties} relationer.`,
  en: (groups, ties) => `Network of ${groups} groups and ${ties} ties.`,
};

/** The network drawing: nodes on a circle, one arrow per scored tie between two groups, offset so A→B and B→A both show. */
function layout(m: Model) {
  const { n } = m;
  const r = Math.max(4, Math.min(14, 240 / n));
  const R = Math.max(130, (n * (2 * r + 12)) / (2 * Math.PI));
  const round = (x: number) => Math.round(x * 10) / 10;
  const pts = m.result.groups.map((_, i) => {
    const a = (2 * Math.PI * i) / n - Math.PI / 2;
    return { x: R * Math.cos(a), y: R * Math.sin(a), cos: Math.cos(a), sin: Math.sin(a) };
  });
  const arrows: { band: string; x1: number; y1: number; x2: number; y2: number }[] = [];
  m.ties.forEach((tie, i) => {
    const p = pts[Math.floor(i / n)];
    const q = pts[i % n];
    if (!tie?.band || tie.suppressed || !p || !q || p === q) return;
    const len = Math.hypot(q.x - p.x, q.y - p.y) || 1;
    const ux = (q.x - p.x) / len;
    const uy = (q.y - p.y) / len;
    const o = r / 3;
    arrows.push({
      band: tie.band,
      x1: round(p.x + ux * (r + 5) - uy * o),
      y1: round(p.y + uy * (r + 5) + ux * o),
      x2: round(q.x - ux * (r + 8) - uy * o),
      y2: round(q.y - uy * (r + 8) + ux * o),
    });
  });
  // Room for the labels: wide to the sides, one line above and below.
  return { r, w: R + r + 140, h: R + r + 30, pts, arrows };
}

const cachedLayout = memo(layout);

/**
 * The drawing's style (the band colours and line styles are the component's), adopted by the
 * shadow root that shows the network: a constructable style sheet, which a strict CSP allows
 * (style-src 'self'), where a <style> element in the template would be refused.
 */
const sheet = css`
  svg {
    display: block;
    width: 100%;
    max-width: var(--samspil-rc-network-size, 40rem);
    height: auto;
    font-size: 12px;
  }
  text {
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
`;

function adopt(root: ShadowRoot): void {
  const s = sheet.styleSheet;
  if (s && !root.adoptedStyleSheets.includes(s)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, s];
}

/** The network: groups as nodes on a circle, arrows from rater to rated by band, a ring for the within-group tie. */
export function renderNetwork(m: Model, locale: Locale, root: ShadowRoot) {
  const { r, w, h, pts, arrows } = cachedLayout(m);
  const name = label[locale](m.n, arrows.length);
  adopt(root);
  return html`<svg part="network" role="img" aria-label=${name} viewBox="${-w} ${-h} ${2 * w} ${2 * h}">
    <title>${name}</title>
    <defs>
      ${BANDS.map(
        (b) => svg`<marker id="rc-head-${b}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" markerHeight="5" orient="auto"><path class="head" data-band=${b} d="M0 0L10 5L0 10z"></path></marker>`,
      )}
    </defs>
    ${arrows.map(
      (a) => svg`<line class="arrow" data-band=${a.band} x1=${a.x1} y1=${a.y1} x2=${a.x2} y2=${a.y2} marker-end="url(#rc-head-${a.band})"></line>`,
    )}
    ${pts.map((p, i) => {
      const within = m.ties[i * m.n + i];
      const g = m.result.groups[i];
      const d = r + 10;
      return svg`${within ? svg`<circle class="ring" data-band=${within.suppressed ? 'suppressed' : (within.band ?? 'none')} cx=${p.x} cy=${p.y} r=${r + 3}></circle>` : nothing}
        <circle class="node" cx=${p.x} cy=${p.y} r=${r}></circle>
        <text x=${p.x + d * p.cos} y=${p.y + d * p.sin} text-anchor=${p.cos > 0.3 ? 'start' : p.cos < -0.3 ? 'end' : 'middle'} dominant-baseline=${p.sin > 0.3 ? 'hanging' : p.sin < -0.3 ? 'auto' : 'middle'}>${g}</text>`;
    })}
  </svg>`;
}
