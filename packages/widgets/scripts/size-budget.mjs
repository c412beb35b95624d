// Fails the build when the CDN bundle of all three widgets exceeds its budget.
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

export const BUDGET_BYTES = 30 * 1024;
const file = new URL('../dist/cdn/samspil-widgets.js', import.meta.url);
const bytes = readFileSync(file);
const gzipped = gzipSync(bytes, { level: 9 }).length;
const line = `dist/cdn/samspil-widgets.js: ${(bytes.length / 1024).toFixed(1)} KB min, ${(gzipped / 1024).toFixed(1)} KB min+gzip (budget ${BUDGET_BYTES / 1024} KB)`;
for (const chunk of readdirSync(new URL('../dist/cdn/', import.meta.url)).filter((f) => f.endsWith('.js') && f !== 'samspil-widgets.js')) {
  const size = gzipSync(readFileSync(new URL(`../dist/cdn/${chunk}`, import.meta.url)), { level: 9 }).length;
  console.log(`  dist/cdn/${chunk} (loaded only when used): ${(size / 1024).toFixed(1)} KB min+gzip`);
}
if (gzipped > BUDGET_BYTES) {
  console.error(`${line}: OVER BUDGET`);
  process.exit(1);
}
console.log(line);
