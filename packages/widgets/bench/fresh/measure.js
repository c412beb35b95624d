// A fresh page's first paint (npm run bench, bench/fresh.mjs): the page has loaded what its
// <script> and <link> lines name, builds the 60-group result (as a host has its data before it
// shows it), then `draw` shows it; the time runs from just before `draw` to the painted frame:
// `draw` resolved (the element defined, its result set and updateComplete; ECharts' setOption
// returned), then the next animation frame and a task after it. Both ends are also given from
// navigation start (performance.now()), so the whole wait, loading the page included, is known.
import { rcResult } from '../data.js';

const painted = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

/**
 * Times `draw(result)` to the painted frame; the figures go to window.fresh, and a console message
 * tells bench/fresh.mjs (which waits for it rather than polling the page: Playwright's polling
 * would run its own script in the frames being timed). `draw` may resolve with a function showing
 * another result: the first update on the page is then timed too, to its layout (script and
 * layout forced, as the warm bench's update).
 */
export async function measure(draw) {
  const result = rcResult(60, 0);
  // The marks put the three moments in a trace too (bench/profile.mjs).
  const start = performance.mark('fresh:start').startTime;
  const update = await draw(result);
  const drawn = performance.mark('fresh:drawn').startTime;
  await painted();
  window.fresh = { start, drawn, painted: performance.mark('fresh:painted').startTime };
  if (update) {
    const next = rcResult(60, 5);
    await painted();
    const from = performance.mark('fresh:update').startTime;
    await update(next);
    void document.documentElement.offsetHeight; // style and layout
    window.fresh.update = performance.mark('fresh:updated').startTime - from;
  }
  console.info('fresh: painted');
}
