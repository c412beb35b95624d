import { defineConfig } from 'vitest/config';

/** Tests that compare times (n against 8n): run after the others, one file at a time, so no neighbour skews one side of a ratio. */
const TIMED = ['test/rc-csv.test.ts', 'test/rc-survey-linear.test.ts', 'test/cpr.test.ts'];

export default defineConfig({
  test: {
    projects: [
      { extends: true, test: { name: 'core', include: ['test/**/*.test.ts'], exclude: TIMED, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'core timed', include: TIMED, fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
