// Prints the CDN bundle's entry and each chunk, and fails the build when the entry (the shared
// runtime and the loader, what every page loads) or a widget's own chunk exceeds its budget.
import { BUDGET_BYTES, CHUNK_BUDGET_BYTES, ENTRY, cdnSizes, sizeLines } from './cdn-sizes.mjs';

const sizes = cdnSizes();
for (const line of sizeLines(sizes)) console.log(line);
const entry = sizes.find((s) => s.file === ENTRY);
if (entry.gzip > BUDGET_BYTES) {
  console.error(`dist/cdn/${ENTRY}: ${entry.gzip} B min+gzip, OVER the budget of ${BUDGET_BYTES} B`);
  process.exit(1);
}
for (const chunk of sizes.filter((s) => s.loaded.startsWith('with <') && s.gzip > CHUNK_BUDGET_BYTES)) {
  console.error(`dist/cdn/${chunk.file}: ${chunk.gzip} B min+gzip, OVER a widget chunk's budget of ${CHUNK_BUDGET_BYTES} B`);
  process.exit(1);
}
