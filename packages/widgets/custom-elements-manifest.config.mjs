// @custom-elements-manifest/analyzer: the manifest lists each widget's properties,
// attributes, events, parts and CSS properties from their JSDoc.
export default {
  globs: ['src/**/*.component.ts'],
  outdir: '.',
  litelement: true,
  // The package.json already points at custom-elements.json; do not rewrite it.
  packagejson: false,
};
