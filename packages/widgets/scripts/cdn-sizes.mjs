// The CDN bundle's files and their sizes: the entry (the shared runtime and the loader, which a
// page loads first) and each chunk (a widget's, samspil-<tag>.js, loaded when its tag is first in
// the page, or one loaded when used, its name hashed). Used by the build's budget check, the bench and test/cdn.test.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

/** The entry's budget, min+gzip (gzip -9). */
export const BUDGET_BYTES = 30 * 1024;
export const ENTRY = 'samspil-widgets.js';
/** Each widget's own chunk's budget, min+gzip: what a page pays when it shows that widget, on top of the entry. */
export const CHUNK_BUDGET_BYTES = 8 * 1024;
const TAGS = ['samspil-plan-card', 'samspil-responsibility-matrix', 'samspil-rc-heatmap', 'samspil-coordination-overview', 'samspil-citizen-plan'];

/**
 * Each file of dist/cdn/ (the entry first, then the chunks by name): `file`, `min` and `gzip`
 * bytes, and `loaded`: when a page loads it (at once, with a tag, or when used).
 */
export function cdnSizes(dir = new URL('../dist/cdn/', import.meta.url)) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
  if (!files.includes(ENTRY)) throw new Error(`${ENTRY} is not in dist/cdn: build first`);
  return [ENTRY, ...files.filter((f) => f !== ENTRY).sort()].map((file) => {
    const bytes = readFileSync(new URL(file, dir));
    const tag = TAGS.find((t) => file === `${t}.js`);
    const loaded = file === ENTRY ? 'at once' : tag ? `with <${tag}>` : 'when used';
    return { file, min: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, loaded };
  });
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

/** One line per file, for people: `dist/cdn/x.js: 12.3 KB min, 4.5 KB min+gzip (loaded …)`. */
export const sizeLines = (sizes = cdnSizes()) =>
  sizes.map((s) => `dist/cdn/${s.file}: ${kb(s.min)} min, ${kb(s.gzip)} min+gzip = ${s.gzip} B (loaded ${s.loaded})${s.file === ENTRY ? `, budget ${kb(BUDGET_BYTES)}` : s.loaded.startsWith('with <') ? `, budget ${kb(CHUNK_BUDGET_BYTES)}` : ''}`);
