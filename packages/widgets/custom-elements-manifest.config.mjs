// @custom-elements-manifest/analyzer: the manifest lists each widget's properties,
// attributes, events, parts and CSS properties from their JSDoc, and the event classes.
// The API reference page (dist/api.html), VS Code's HTML custom data and the Vue typings are
// made from it (scripts/api-reference.mjs), so what is not described here is not documented.

/** The source text of a type node, on one line. */
const typeText = (node) => node.getText().replace(/\s+/g, ' ').trim();

// Filled while src/events.ts is analysed: each event class's detail type, and each detail
// interface's fields (name, type, description) for the reference's tables.
const detailOf = new Map();
const interfaces = new Map();

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
      analyzePhase({ ts, node }) {
        // class SamspilPlanChangeEvent extends SamspilEvent<PlanChangeDetail>: the detail type.
        if (ts.isClassDeclaration(node) && node.name) {
          const base = node.heritageClauses?.flatMap((h) => h.types).find((t) => t.expression.getText() === 'SamspilEvent');
          const arg = base?.typeArguments?.[0];
          if (arg) detailOf.set(node.name.text, typeText(arg));
        }
        if (ts.isInterfaceDeclaration(node) && node.name.text.endsWith('Detail')) {
          interfaces.set(
            node.name.text,
            node.members.filter(ts.isPropertySignature).map((m) => ({
              name: m.name.getText(),
              type: { text: m.type ? typeText(m.type) : 'unknown' },
              description: (m.jsDoc ?? []).map((d) => (typeof d.comment === 'string' ? d.comment : '')).join('\n').trim(),
            })),
          );
        }
      },
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
              // The event's `detail`: its type (the class's type argument) and, for an interface of
              // src/events.ts, its fields, each described. Not in the schema's Event, an addition.
              const detail = detailOf.get(e.type?.text);
              if (!detail) {
                problem(`event ${e.name}: no detail type (its class should extend SamspilEvent<Detail>)`);
                continue;
              }
              const fields = interfaces.get(detail);
              e.detail = { text: detail, ...(fields && { fields }) };
              for (const f of fields ?? []) if (!f.description) problem(`event ${e.name}: detail field ${f.name} (${detail}): no description`);
            }
            for (const m of d.members ?? []) {
              if (m.kind === 'field' && !m.static && m.privacy === 'public' && !m.description) problem(`property ${m.name}: no description`);
              if (m.kind === 'method' && !m.static && m.privacy === 'public' && !m.description) problem(`method ${m.name}(): no description`);
            }
            for (const a of d.attributes ?? []) if (!a.description) problem(`attribute ${a.name}: no description`);
            for (const s of d.slots ?? []) if (!s.description) problem(`slot ${s.name || '(default)'}: no description`);
            for (const p of d.cssParts ?? []) if (!p.description) problem(`::part(${p.name}): no description`);
            for (const p of d.cssProperties ?? []) if (!p.description) problem(`CSS property ${p.name}: no description`);
            for (const s of d.cssStates ?? []) if (!s.description) problem(`CSS state ${s.name}: no description`);
            if (!d.description && !d.summary) problem('no description of the element');
          }
        }
        if (problems.length) throw new Error(`custom-elements.json:\n  ${problems.join('\n  ')}`);
      },
    },
  ],
};
