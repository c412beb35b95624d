// `npm run bench` for the widgets: one Chromium run measuring first render and one
// update of each widget at the sizes, the same 60-group heatmap drawn by
// Apache ECharts as the reference, the heatmap's first paint on a fresh page beside ECharts'
// (bench/fresh.mjs), and both bundles' sizes (ours: the CDN entry and each chunk). Figures, not assertions.
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { serveStatic } from '../../../scripts/static-server.mjs';
import { ENTRY, cdnSizes, sizeLines } from '../scripts/cdn-sizes.mjs';
import { fresh } from './fresh.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '../../..');

// The ECharts reference bundle, built like ours: ES module, minified.
await build({ entryPoints: [join(here, 'echarts-heatmap.js')], bundle: true, minify: true, format: 'esm', outfile: join(here, 'dist/echarts-heatmap.js'), logLevel: 'warning' });
const gz = async (file) => gzipSync(await readFile(file), { level: 9 }).length;
// The CDN bundle's entry and chunks (min+gzip each); a page with all three widgets loads the entry and their three chunks.
const cdn = cdnSizes();
const widgetFiles = cdn.filter((s) => s.file === ENTRY || s.loaded.startsWith('with'));
const ours = widgetFiles.reduce((sum, s) => sum + s.gzip, 0);
const heatmapPage = widgetFiles.filter((s) => s.file === ENTRY || s.loaded === 'with <samspil-rc-heatmap>').reduce((sum, s) => sum + s.gzip, 0);
const echartsSize = await gz(join(here, 'dist/echarts-heatmap.js'));

const { server, url } = await serveStatic(root, { aliases: { '/bench/': here }, index: '/bench/page.html' });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`${url}/`);
  await page.waitForFunction(() => typeof window.runBench === 'function');
  const r = await page.evaluate(() => window.runBench(7));
  const ms = (x) => `${x.toFixed(1).padStart(7)} ms`;
  console.log(`samspil widgets bench, ${await browser.version()} headless, median of 7`);
  const split = (x) => `(script ${x.firstScript.toFixed(1)} + layout ${(x.first - x.firstScript).toFixed(1)})`;
  const splitU = (x) => `(script ${x.updateScript.toFixed(1)} + layout ${(x.update - x.updateScript).toFixed(1)})`;
  console.log(`  rc-heatmap, 60 groups (3,600 cells)   first render ${ms(r.heatmap.first)} ${split(r.heatmap)} (target ≤ 50)   update ${ms(r.heatmap.update)} ${splitU(r.heatmap)} (target ≤ 16)`);
  console.log(`  ECharts heatmap, same data (reference) first render ${ms(r.echarts.first)}                  update ${ms(r.echarts.update)}`);
  console.log(`    ratio first render ECharts/ours = ${(r.echarts.first / r.heatmap.first).toFixed(1)}× (target ≥ 3×)`);
  console.log(`  to the painted frame (attached, data set, rendered, then the next animation frame and a task): rc-heatmap ${ms(r.heatmap.firstPainted)}, ECharts ${ms(r.echarts.firstPainted)}; ratio ECharts/ours = ${(r.echarts.firstPainted / r.heatmap.firstPainted).toFixed(1)}× (target ≥ 3×)`);
  // A fresh page per run (bench/fresh/): what a user waits for the first time the heatmap is drawn in a page.
  const runs = 11;
  const f = await fresh(browser, url, runs);
  const ratio = (a, b) => `${(a / b).toFixed(1)}×`;
  console.log(`  fresh page, the heatmap drawn for the first time in it (a new browser context per run, the four pages in turn, median of ${runs}):`);
  console.log("    each page loads what its lines name and builds the 60-group result; timed from there (the script's start) to the painted");
  console.log('    frame: create the element, set `result`, defined (its chunk loaded), updateComplete, the next animation frame and a task');
  console.log(`    rc-heatmap with the README's modulepreload lines ${ms(f.preload.draw)}, ECharts ${ms(f.echarts.draw)}: ratio ECharts/ours = ${ratio(f.echarts.draw, f.preload.draw)} (target ≥ 5×)`);
  console.log(`    rc-heatmap without them                  ${ms(f.heatmap.draw)}: ratio ${ratio(f.echarts.draw, f.heatmap.draw)} (its chunk fetched once the entry has seen the tag); no widget (a line of text) ${ms(f.blank.draw)}`);
  console.log(`    the first update after it (script and layout): rc-heatmap ${ms(f.preload.update)} (target ≤ 16), ECharts ${ms(f.echarts.update)}`);
  console.log(`    from navigation start (the page, its scripts and the data too): rc-heatmap with modulepreload ${ms(f.preload.total)}, without ${ms(f.heatmap.total)}; ECharts ${ms(f.echarts.total)}; no widget ${ms(f.blank.total)}`);
  console.log(`      ratio ECharts/ours = ${ratio(f.echarts.total, f.preload.total)} with modulepreload, ${ratio(f.echarts.total, f.heatmap.total)} without (the page without a widget is most of ours: the browser's own navigation, the page's scripts, the data)`);
  const files = (x) => x.files.map((s) => `${s.file} ${s.start.toFixed(0)}–${s.end.toFixed(0)}`).join(', ');
  console.log(`    fetched (ms from navigation start), with modulepreload: ${files(f.preload)}; the script's start ${f.preload.start.toFixed(0)}`);
  console.log(`      without: ${files(f.heatmap)}; the script's start ${f.heatmap.start.toFixed(0)}`);
  console.log(`      ECharts: ${files(f.echarts)}; the script's start ${f.echarts.start.toFixed(0)}`);
  console.log(`  plan-card, 300 interventions          first render ${ms(r.planCard.first)} ${split(r.planCard)}   update ${ms(r.planCard.update)} ${splitU(r.planCard)}`);
  console.log(`  responsibility-matrix, 200 × 30       first render ${ms(r.matrix.first)} ${split(r.matrix)}   update ${ms(r.matrix.update)} ${splitU(r.matrix)}`);
  // Like for like: ECharts draws the heatmap, so against it goes what a page showing the heatmap loads.
  console.log(`  bundle min+gzip: a page with the heatmap loads the entry and its chunk, ${(heatmapPage / 1024).toFixed(1)} KB; ECharts heatmap ${(echartsSize / 1024).toFixed(1)} KB; ratio ${(heatmapPage / echartsSize).toFixed(2)} (target ≤ 0.20)`);
  console.log(`    all three widgets (the entry and every widget's chunk: Lit, core): ${(ours / 1024).toFixed(1)} KB, ratio ${(ours / echartsSize).toFixed(2)}`);
  console.log('  the CDN bundle, file by file (the entry within its budget; each chunk loaded with its tag or when used):');
  for (const line of sizeLines(cdn)) console.log(`    ${line}`);
} finally {
  await browser.close();
  server.close();
}
