// The heatmap's first paint on a fresh page, beside ECharts' (issue 29): each run opens every page
// of bench/fresh/ in a new browser context (its own empty cache, a new renderer), in turn and in a
// rotating order, so both draw under the same load. A page loads the bundle its lines name, builds
// the 60-group result, then times drawing it to the painted frame (bench/fresh/measure.js).

/** The pages, by name: ours without and with the README's modulepreload lines, ECharts, and the floor (no widget). */
export const FRESH_PAGES = { heatmap: 'heatmap.html', preload: 'heatmap-preload.html', echarts: 'echarts.html', blank: 'blank.html' };

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Opens `pageUrl` in `tab` and resolves when the page says it has painted (a console message): nothing
 * of Playwright's runs in the page meanwhile (its waitForFunction polls in animation frames).
 */
export async function paintedIn(tab, pageUrl, timeout = 30000) {
  const painted = tab.waitForEvent('console', { predicate: (m) => m.text() === 'fresh: painted', timeout });
  await tab.goto(pageUrl, { waitUntil: 'commit' });
  await painted;
}

/** One visit: the page's figures (ms) and the files it fetched (start and end from navigation start). */
export async function visit(browser, url, page) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  try {
    const tab = await context.newPage();
    tab.on('pageerror', (e) => console.error(`${page}: page error:`, e.message));
    await paintedIn(tab, `${url}/bench/fresh/${FRESH_PAGES[page]}`);
    return await tab.evaluate(() => ({
      ...window.fresh,
      files: performance
        .getEntriesByType('resource')
        .filter((e) => e.name.endsWith('.js'))
        .map((e) => ({ file: e.name.slice(e.name.lastIndexOf('/') + 1), start: e.startTime, end: e.responseEnd })),
    }));
  } finally {
    await context.close();
  }
}

/**
 * `runs` visits of each page (after one of each not counted), interleaved. For each page the medians
 * of: from the script's start (`draw`), from navigation start (`total`), the first update after it
 * (`update`, script and layout), and when each file was fetched.
 */
export async function fresh(browser, url, runs = 11) {
  const pages = Object.keys(FRESH_PAGES);
  const seen = Object.fromEntries(pages.map((p) => [p, []]));
  for (let run = -1; run < runs; run++) {
    for (let k = 0; k < pages.length; k++) {
      const page = pages[(Math.max(run, 0) + k) % pages.length];
      const r = await visit(browser, url, page);
      if (run >= 0) seen[page].push(r);
    }
  }
  return Object.fromEntries(
    pages.map((p) => {
      const rs = seen[p];
      const files = rs[0].files.map(({ file }) => {
        const at = rs.map((r) => r.files.find((f) => f.file === file)).filter(Boolean);
        return { file, start: median(at.map((f) => f.start)), end: median(at.map((f) => f.end)) };
      });
      const updates = rs.map((r) => r.update).filter((u) => u !== undefined);
      return [p, { draw: median(rs.map((r) => r.painted - r.start)), total: median(rs.map((r) => r.painted)), start: median(rs.map((r) => r.start)), update: updates.length ? median(updates) : undefined, files }];
    }),
  );
}
