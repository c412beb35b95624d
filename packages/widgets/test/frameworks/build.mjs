// Builds the framework pages of test/frameworks.test.ts into test/frameworks/dist/ and type-checks
// them: the widgets in React 19 without wrappers (react/app.tsx) and in a Vue 3 single-file
// component (vue/App.vue, compiled with Vue's own compiler-sfc, typed by the manifest's Vue typings
// in dist/vue.d.ts, checked with vue-tsc including vue/type-errors.vue, which must fail where it says).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { compileScript, parse } from 'vue/compiler-sfc';

const here = fileURLToPath(new URL('.', import.meta.url));
const require = createRequire(import.meta.url);

/** Compiles a .vue file to a TypeScript module (script setup with its template inlined). */
const vueSfc = {
  name: 'vue-sfc',
  setup(b) {
    b.onLoad({ filter: /\.vue$/ }, async ({ path }) => {
      const { descriptor, errors } = parse(await readFile(path, 'utf8'), { filename: path });
      if (errors.length) return { errors: errors.map((e) => ({ text: String(e.message ?? e) })) };
      const id = createHash('sha256').update(path).digest('hex').slice(0, 8);
      const script = compileScript(descriptor, {
        id,
        inlineTemplate: true,
        templateOptions: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('samspil-') } },
      });
      return { contents: script.content, loader: 'ts', resolveDir: here + 'vue' };
    });
  },
};

await build({
  entryPoints: { react: `${here}react/app.tsx`, vue: `${here}vue/main.ts` },
  outdir: `${here}dist`,
  bundle: true,
  format: 'esm',
  target: 'es2022',
  jsx: 'automatic',
  sourcemap: true,
  // Lit's decorators-free classes need the widgets' own class-field semantics.
  tsconfigRaw: { compilerOptions: { useDefineForClassFields: false } },
  define: {
    'process.env.NODE_ENV': '"production"',
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  },
  conditions: ['browser', 'production'],
  plugins: [vueSfc],
  logLevel: 'warning',
});

// Types: the React page with tsc, the Vue files with vue-tsc (templates against GlobalComponents).
const bin = (pkg, name) => {
  const json = require.resolve(`${pkg}/package.json`);
  const { bin: b } = JSON.parse(readFileSync(json, 'utf8'));
  return join(dirname(json), typeof b === 'string' ? b : b[name]);
};
execFileSync(process.execPath, [bin('typescript', 'tsc'), '-p', `${here}react/tsconfig.json`], { stdio: 'inherit' });
execFileSync(process.execPath, [bin('vue-tsc', 'vue-tsc'), '-p', `${here}vue/tsconfig.json`], { stdio: 'inherit' });
console.log('test/frameworks/dist: react.js, vue.js (types checked)');
