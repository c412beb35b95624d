// The overview's line chart in our own small SVG (as the heatmap draws its network): weekly series
// with gaps where a count is suppressed. Each is a picture with
// a name (role="img"); its figures are in the table view the widget offers beside it.
import { svg, type SVGTemplateResult } from 'lit';

const W = 600;
const H = 200;
const PAD = { left: 36, right: 12, top: 12, bottom: 28 };

/** One series: its key (a CSS class gives its colour and dash), the values per week (null: not shown). */
export interface Series {
  key: string;
  values: (number | null)[];
}

/** The runs of consecutive shown values, as polyline points. */
function runs(values: (number | null)[], x: (i: number) => number, y: (v: number) => number): string[] {
  const out: string[] = [];
  let current: string[] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (current.length) out.push(current.join(' '));
      current = [];
    } else current.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
  });
  if (current.length) out.push(current.join(' '));
  return out;
}

/** A nice top for the y axis: the maximum rounded up to 1, 2 or 5 times a power of ten. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((m) => m * p).find((m) => m >= max)!;
}

/** The line chart: weeks along x (labels under the first, middle and last), 0..max up y. */
export function lineChart(series: Series[], labels: string[]): SVGTemplateResult {
  const n = labels.length;
  const top = niceMax(Math.max(0, ...series.flatMap((s) => s.values.filter((v): v is number => v !== null))));
  const x = (i: number) => PAD.left + (n <= 1 ? 0 : (i * (W - PAD.left - PAD.right)) / (n - 1));
  const y = (v: number) => H - PAD.bottom - (v / top) * (H - PAD.top - PAD.bottom);
  const shown = n <= 1 ? [0] : [0, Math.floor((n - 1) / 2), n - 1];
  return svg`
    <line class="axis" x1=${PAD.left} y1=${y(0)} x2=${W - PAD.right} y2=${y(0)}></line>
    <line class="grid" x1=${PAD.left} y1=${y(top)} x2=${W - PAD.right} y2=${y(top)}></line>
    <text class="tick" x=${PAD.left - 6} y=${y(0)} text-anchor="end" dominant-baseline="middle">0</text>
    <text class="tick" x=${PAD.left - 6} y=${y(top)} text-anchor="end" dominant-baseline="middle">${top}</text>
    ${shown.map((i) => svg`<text class="tick" x=${x(i)} y=${H - 8} text-anchor=${i === 0 ? 'start' : i === n - 1 ? 'end' : 'middle'}>${labels[i]}</text>`)}
    ${series.map(
      (s) => svg`<g class=${`series ${s.key}`}>
        ${runs(s.values, x, y).map((points) => svg`<polyline points=${points}></polyline>`)}
        ${s.values.map((v, i) => (v === null ? null : svg`<circle cx=${x(i)} cy=${y(v)} r="3"></circle>`))}
      </g>`,
    )}`;
}

export const CHART_VIEWBOX = `0 0 ${W} ${H}`;

