// Bundles the React host (React, the wrappers and the widgets) into dist/app.js.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/main.tsx'],
  bundle: true,
  format: 'esm',
  minify: true,
  sourcemap: true,
  jsx: 'automatic',
  target: 'es2022',
  outfile: 'dist/app.js',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
