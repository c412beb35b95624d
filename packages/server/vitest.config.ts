import { defineConfig } from 'vitest/config';

/** Tests that compare times (n against 8n, a p99 beside another's): run after the others, one file at a time, so no neighbour skews one side of a ratio. */
const TIMED = ['test/linear.test.ts', 'test/fair-share.test.ts', 'test/survey-upload.test.ts'];

export default defineConfig({
  // Opening PGlite and migrating takes seconds on a busy machine.
  test: {
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'server', include: ['test/**/*.test.ts'], exclude: TIMED, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'server timed', include: TIMED, fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
