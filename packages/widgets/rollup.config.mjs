// The CDN bundle: all three widgets with Lit and the core bundled into one ES
// module that a plain-HTML host loads with one <script type="module">. Code only
// some pages need (loading data from the API with `src`) is a chunk beside it,
// fetched by the bundle when used.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { minifyTemplateLiterals } from 'rollup-plugin-minify-template-literals';

export default {
  input: 'dist/index.js',
  // The chunks import what they share with the bundle from the bundle itself (Lit, the core).
  preserveEntrySignatures: 'allow-extension',
  output: { dir: 'dist/cdn', entryFileNames: 'samspil-widgets.js', chunkFileNames: 'samspil-[name]-[hash].js', format: 'es', sourcemap: true },
  plugins: [
    nodeResolve({ exportConditions: ['browser', 'production'] }),
    // Lit's html`` and css`` templates carry the source's indentation; strip it.
    minifyTemplateLiterals(),
    terser({ ecma: 2022, module: true, compress: { passes: 3 }, format: { comments: false } }),
  ],
};
