// Bundles the React host (React, the wrappers and the widgets) into dist/app.js, and the citizen's page into dist/borger.js.
import { build } from 'esbuild';

await build({
  entryPoints: { app: 'src/main.tsx', borger: 'src/borger.tsx' },
  bundle: true,
  format: 'esm',
  minify: true,
  sourcemap: true,
  jsx: 'automatic',
  target: 'es2022',
  outdir: 'dist',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
