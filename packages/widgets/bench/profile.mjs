// Where a fresh page's first paint goes, by the browser's own profiler:
//   node bench/profile.mjs [heatmap|preload|echarts|blank] [runs]
// (after `npm run build`, and `npm run bench` once for ECharts' bundle). Two looks at the pages of
// bench/fresh/, each visit in a new browser context:
// - a trace (Chrome's Tracing, the DevTools timeline's categories) of the renderer's main thread,
//   its time split into compile, script, GC, style, layout, paint and other, from navigation start
//   to the script's start, to drawn (updateComplete, or ECharts' setOption) and to the painted frame;
// - the sampling profiler's samples in the same trace: JavaScript self time by function between
//   the script's start and the painted frame, our bundles' positions mapped to their sources
//   through the source maps.
// Figures of one machine at one time: compare pages in the same run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serveStatic } from '../../../scripts/static-server.mjs';
import { FRESH_PAGES, paintedIn } from './fresh.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const page = process.argv[2] ?? 'preload';
const runs = Number(process.argv[3] ?? 5);
if (!FRESH_PAGES[page]) throw new Error(`a page of bench/fresh.mjs: ${Object.keys(FRESH_PAGES).join(', ')}`);

const CATEGORIES = ['disabled-by-default-v8.cpu_profiler', 'blink.user_timing', 'devtools.timeline', 'v8', 'v8.execute', 'blink', 'loading', 'disabled-by-default-devtools.timeline', 'disabled-by-default-v8.compile'];
const BUCKETS = ['compile', 'script', 'gc', 'style', 'layout', 'paint', 'other'];
/** A trace event's kind of work, by its name. */
function bucket(name) {
  if (/GC|Scavenge|MarkCompact|Sweep/i.test(name)) return 'gc';
  if (/Compile|Parse(Program|Function)|PreParse|parseOnBackground|v8\.compile/i.test(name) && !/HTML|StyleSheet/.test(name)) return 'compile';
  if (/UpdateLayoutTree|RecalcStyle|StyleSheet|StyleEngine|ScheduleStyle|CSS/i.test(name)) return 'style';
  if (/Layout(?!Tree)|performLayout|Shape/i.test(name)) return 'layout';
  if (/Paint|Commit|Layerize|Composit|Raster/i.test(name)) return 'paint';
  if (/evaluate|FunctionCall|Microtask|EvaluateScript|V8\.|v8\.|Execute|TimerFire|FireAnimationFrame|EventDispatch|CustomElement/i.test(name)) return 'script';
  return 'other';
}

/**
 * The main thread's slices between navigation start and the painted frame, each with its self time
 * (µs), and the page's marks (measure.js) on the trace's clock.
 */
function mainThread(traceEvents) {
  const parse = traceEvents.find((e) => e.name === 'ParseHTML' && String(e.args?.beginData?.url).includes('/bench/fresh/'));
  const mark = (name) => traceEvents.find((e) => e.name === name && e.pid === parse.pid);
  const nav = traceEvents.find((e) => e.name === 'navigationStart' && e.pid === parse.pid && String(e.args?.data?.documentLoaderURL).includes('/bench/fresh/'));
  // The marks carry their time from the page's time origin, so that origin is found on the trace's clock.
  const painted = mark('fresh:painted');
  const t0 = painted ? painted.ts - painted.args.data.startTime * 1000 : nav.ts;
  const marks = ['fresh:start', 'fresh:drawn', 'fresh:painted'].map((name) => mark(name).ts);
  const slices = [];
  const open = [];
  for (const e of traceEvents.filter((x) => x.pid === parse.pid && x.tid === parse.tid).sort((a, b) => a.ts - b.ts)) {
    if (e.ph === 'X') slices.push({ name: e.name, ts: e.ts, dur: e.dur ?? 0 });
    else if (e.ph === 'B') open.push(e);
    else if (e.ph === 'E' && open.length) {
      const b = open.pop();
      slices.push({ name: b.name, ts: b.ts, dur: e.ts - b.ts });
    }
  }
  const within = slices.filter((s) => s.ts >= t0 && s.ts <= marks[2]).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const stack = [];
  for (const s of within) {
    while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= s.ts) stack.pop();
    s.self = s.dur;
    if (stack.length && s.ts + s.dur <= stack.at(-1).ts + stack.at(-1).dur + 1) stack.at(-1).self -= s.dur;
    stack.push(s);
  }
  return { edges: [t0, ...marks], slices: within };
}

/** JavaScript self time (µs, over the runs) by function and source, of the trace's CPU profile samples between `from` and `to`. */
const self = new Map();
function samples(traceEvents, from, to, runs) {
  const page = traceEvents.find((e) => e.name === 'fresh:start');
  const profile = traceEvents.find((e) => e.name === 'Profile' && e.pid === page.pid);
  const nodes = new Map();
  let t = profile.args.data.startTime;
  for (const e of traceEvents) {
    if (e.name !== 'ProfileChunk' || e.pid !== page.pid || e.id !== profile.id) continue;
    const { cpuProfile = {}, timeDeltas = [] } = e.args.data;
    for (const n of cpuProfile.nodes ?? []) nodes.set(n.id, n.callFrame);
    (cpuProfile.samples ?? []).forEach((id, k) => {
      const dt = timeDeltas[k] ?? 0;
      t += dt;
      const frame = nodes.get(id);
      if (t < from || t > to || !frame || ['(idle)', '(root)'].includes(frame.functionName)) return;
      const { functionName, url: src, lineNumber, columnNumber } = frame;
      const where = src ? (original(src, lineNumber, columnNumber) ?? `${src.slice(src.lastIndexOf('/') + 1)}:${lineNumber + 1}:${columnNumber + 1}`) : '';
      const key = `${functionName || '(anonymous)'} ${where}`.trim();
      self.set(key, (self.get(key) ?? 0) + Math.min(dt, 1000) / runs);
    });
  }
}

/** Maps a bundle's generated line and column to `source:line` through its source map (VLQ mappings). */
const maps = new Map();
function original(url, line, column) {
  const path = new URL(url).pathname;
  if (!path.startsWith('/packages/widgets/dist/cdn/')) return undefined;
  if (!maps.has(path)) {
    let map;
    try {
      map = JSON.parse(readFileSync(join(here, '..', path.replace('/packages/widgets/', '') + '.map'), 'utf8'));
    } catch {
      map = null;
    }
    maps.set(path, map && { sources: map.sources, lines: decode(map.mappings) });
  }
  const map = maps.get(path);
  const segments = map?.lines[line];
  if (!segments) return undefined;
  let best;
  for (const s of segments) if (s[0] <= column) best = s;
  return best && `${map.sources[best[1]].replace(/.*node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, '').replace(/^(\.\.\/)+/, '')}:${best[2] + 1}`;
}
function decode(mappings) {
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const state = [0, 0, 0, 0];
  return mappings.split(';').map((line) => {
    state[0] = 0;
    return line
      .split(',')
      .filter(Boolean)
      .map((segment) => {
        const values = [];
        let value = 0;
        let shift = 0;
        for (const ch of segment) {
          const digit = B64.indexOf(ch);
          value += (digit & 31) << shift;
          if (digit & 32) shift += 5;
          else {
            values.push(value & 1 ? -(value >>> 1) : value >>> 1);
            value = shift = 0;
          }
        }
        for (let i = 0; i < 4 && i < values.length; i++) state[i] += values[i];
        return values.length >= 4 ? [state[0], state[1], state[2]] : [state[0], 0, -1];
      })
      .filter((s) => s[2] >= 0);
  });
}

const { server, url } = await serveStatic(join(here, '../../..'), { aliases: { '/bench/': here, ...(process.env.CDN ? { '/packages/widgets/dist/cdn/': process.env.CDN } : {}) } });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
const pageUrl = `${url}/bench/fresh/${FRESH_PAGES[page]}`;
const ms = (us) => (us / 1000).toFixed(1).padStart(7);
try {
  // The trace: one visit at a time, the phases' sums over the runs.
  const phases = ['navigation start → script', 'script → drawn', 'drawn → painted'];
  const sums = phases.map(() => Object.fromEntries([...BUCKETS, 'idle'].map((b) => [b, 0])));
  const names = new Map();
  const marks = { start: 0, drawn: 0, painted: 0 };
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const tab = await context.newPage();
    const chunks = [];
    await browser.startTracing(tab, { categories: CATEGORIES });
    await paintedIn(tab, pageUrl);
    const fresh = await tab.evaluate(() => window.fresh);
    chunks.push(await browser.stopTracing());
    await context.close();
    const { traceEvents } = JSON.parse(chunks[0].toString());
    const { edges, slices } = mainThread(traceEvents);
    samples(traceEvents, edges[1], edges[3], runs);
    for (const k of ['start', 'drawn', 'painted']) marks[k] += fresh[k] / runs;
    phases.forEach((_, i) => {
      const [a, b] = [edges[i], edges[i + 1]];
      let busy = 0;
      for (const s of slices) {
        const overlap = Math.min(s.ts + s.dur, b) - Math.max(s.ts, a);
        if (overlap <= 0 || s.dur <= 0) continue;
        const part = (s.self * overlap) / s.dur;
        sums[i][bucket(s.name)] += part / runs;
        busy += part;
        if (['compile', 'script', 'other'].includes(bucket(s.name))) names.set(`${i}\t${s.name}`, (names.get(`${i}\t${s.name}`) ?? 0) + part / runs);
      }
      sums[i].idle += (b - a - busy) / runs;
    });
  }
  console.log(`${page} (bench/fresh/${FRESH_PAGES[page]}), mean of ${runs} traced visits (tracing slows it): script's start ${marks.start.toFixed(0)} ms, drawn ${marks.drawn.toFixed(0)}, painted ${marks.painted.toFixed(0)} from navigation start`);
  console.log(`  main thread, ms: ${''.padEnd(18)}${[...BUCKETS, 'idle'].map((b) => b.padStart(8)).join('')}`);
  phases.forEach((phase, i) => {
    console.log(`  ${phase.padEnd(34)}${[...BUCKETS, 'idle'].map((b) => ms(sums[i][b] * 1)).map((x) => x.padStart(8)).join('')}`);
    const top = [...names].filter(([k]) => k.startsWith(`${i}\t`)).sort((a, b) => b[1] - a[1]).slice(0, 6);
    console.log(`    ${top.map(([k, v]) => `${k.split('\t')[1]} ${(v / 1000).toFixed(1)}`).join('; ')}`);
  });

  console.log(`  JavaScript by self time (the sampling profiler's, in the same traces), between the script's start and the painted frame:`);
  for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${ms(us)} ${key}`);
} finally {
  await browser.close();
  server.close();
}
