// The CDN bundle: an ES module that a plain-HTML host loads with one <script type="module">.
// Its entry (dist/cdn/samspil-widgets.js, from src/cdn.ts) holds the runtime the widgets share
// (Lit, what they use of the core, the shared controllers and styles, the events) and the loader;
// each widget is a chunk of its own (samspil-plan-card.js, …), imported when its tag is first in
// the page, and code only some pages need (loading from `src`, the heatmap's views and tie panel)
// is a chunk beside them, fetched when used. The entry and the widgets' chunks keep their names
// from build to build, so a host can name them in <link rel="modulepreload"> lines; the others
// carry a hash.
import { rmSync } from 'node:fs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { minifyTemplateLiterals } from 'rollup-plugin-minify-template-literals';

const dist = new URL('dist/', import.meta.url).pathname;
/** The modules that are a widget's own chunk: its tag's file (the loader imports it). */
const WIDGETS = ['plan-card/plan-card.js', 'responsibility-matrix/responsibility-matrix.js', 'rc-heatmap/rc-heatmap.js', 'coordination-overview/coordination-overview.js', 'citizen-plan/citizen-plan.js'].map((f) => dist + f);

/**
 * The chunk a module goes in: the entry's (`samspil-widgets`) when more than one widget needs it,
 * else none (rollup puts it with the one widget, or the lazy chunk, that needs it). What a module
 * is needed by is found by walking up its static importers to the chunks' roots: a widget's file,
 * or a module imported with import() (a view, the fetching code), which counts as its folder's
 * widget, or as itself outside one.
 */
function sharedByWidgets(id, { getModuleInfo }) {
  const roots = new Set();
  const seen = new Set();
  const walk = (m) => {
    if (seen.has(m)) return;
    seen.add(m);
    const info = getModuleInfo(m);
    if (!info) return;
    if (WIDGETS.includes(m) || info.dynamicImporters.length) {
      roots.add(WIDGETS.find((w) => m.startsWith(w.slice(0, w.lastIndexOf('/') + 1))) ?? m);
      return;
    }
    if (info.isEntry) roots.add('entry');
    info.importers.forEach(walk);
  };
  walk(id);
  return roots.size > 1 || roots.has('entry') ? 'samspil-widgets' : undefined;
}

export default {
  input: { 'samspil-widgets': 'dist/cdn.js' },
  // The chunks import what they share from the entry itself (Lit, the core).
  preserveEntrySignatures: 'allow-extension',
  output: {
    dir: 'dist/cdn',
    entryFileNames: '[name].js',
    // A widget's chunk holds its tag's file (not always as its facade: the lazy chunks import from it too).
    chunkFileNames: ({ moduleIds }) => (moduleIds.some((id) => WIDGETS.includes(id)) ? 'samspil-[name].js' : 'samspil-[name]-[hash].js'),
    format: 'es',
    sourcemap: true,
    // V8's explicit compile hint: every function of the entry and of a widget's chunk is compiled
    // eagerly, on a background thread while the file streams in, rather than on the main thread the
    // first time it is called, which is the first render. The chunks loaded when used do without.
    banner: (chunk) => (chunk.isEntry || chunk.moduleIds.some((id) => WIDGETS.includes(id)) ? '//# allFunctionsCalledOnLoad' : ''),
    manualChunks: sharedByWidgets,
  },
  plugins: [
    // The chunks' names carry a hash: those of an earlier build go, so dist/cdn holds one build.
    { name: 'clean-cdn', buildStart: () => rmSync(new URL('dist/cdn/', import.meta.url), { recursive: true, force: true }) },
    nodeResolve({ exportConditions: ['browser', 'production'] }),
    // Lit's html`` and css`` templates carry the source's indentation; strip it.
    minifyTemplateLiterals(),
    terser({ ecma: 2022, module: true, compress: { passes: 3 }, format: { comments: /^# allFunctionsCalledOnLoad$/ } }),
  ],
};
