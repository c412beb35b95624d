// @custom-elements-manifest/analyzer: the manifest lists each widget's properties,
// attributes, events, parts and CSS properties from their JSDoc, and the event classes.
export default {
  globs: ['src/**/*.component.ts', 'src/events.ts'],
  outdir: '.',
  litelement: true,
  // The package.json already points at custom-elements.json; do not rewrite it.
  packagejson: false,
  plugins: [
    {
      // The widgets' public contract, checked as the manifest is written: every public property
      // and every event has a description, and every event is named as its class. The analyzer lists
      // `dispatchEvent(new SamspilFooEvent(...))` as an event without a name (the name is the
      // class's static `type`): a `@fires` must name an event of that class, and the unnamed
      // entry goes.
      name: 'samspil-contract',
      packageLinkPhase({ customElementsManifest }) {
        const problems = [];
        // Each event class's name: the default of its static `type` (src/events.ts).
        const typeOf = new Map();
        for (const mod of customElementsManifest.modules) {
          for (const d of mod.declarations ?? []) {
            const type = d.members?.find((m) => m.static && m.name === 'type')?.default;
            if (type) typeOf.set(d.name, type.slice(1, -1));
          }
        }
        for (const mod of customElementsManifest.modules) {
          for (const d of mod.declarations ?? []) {
            if (!d.customElement) continue;
            const problem = (text) => problems.push(`<${d.tagName}> ${text}`);
            const events = d.events ?? [];
            const named = new Set(events.filter((e) => e.name).map((e) => e.type?.text));
            for (const e of events.filter((e) => !e.name)) {
              if (!named.has(e.type?.text)) problem(`dispatches ${e.type?.text ?? 'an event'} without a @fires naming it`);
            }
            d.events = events.filter((e) => e.name);
            for (const e of d.events) {
              if (typeOf.get(e.type?.text) !== e.name) problem(`event ${e.name}: its class (${e.type?.text}) has another name`);
              if (!e.description) problem(`event ${e.name}: no description`);
            }
            for (const m of d.members ?? []) {
              if (m.kind === 'field' && !m.static && m.privacy === 'public' && !m.description) problem(`property ${m.name}: no description`);
            }
          }
        }
        if (problems.length) throw new Error(`custom-elements.json:\n  ${problems.join('\n  ')}`);
      },
    },
  ],
};
