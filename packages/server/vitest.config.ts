import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Opening PGlite and migrating takes seconds on a busy machine.
  test: { include: ['test/**/*.test.ts'], hookTimeout: 60_000 },
});
