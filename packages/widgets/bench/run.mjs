// `npm run bench` for the widgets: one Chromium run measuring first render and one
// update of each widget at the sizes, the same 60-group heatmap drawn by
// Apache ECharts as the reference, and both bundles' sizes (ours: the CDN entry and each chunk). Figures, not assertions.
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { serveStatic } from '../../../scripts/static-server.mjs';
import { ENTRY, cdnSizes, sizeLines } from '../scripts/cdn-sizes.mjs';

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
