// Made from custom-elements.json after the analyzer has written it (the build's last step), so
// the reference says exactly what the manifest says:
//   dist/api.html                        the API reference page: per element its properties,
//                                        attributes, events (with their detail), slots, parts
//                                        and CSS custom properties, and an example
//   dist/vscode.html-custom-data.json    VS Code's HTML custom data (html.customData)
//   dist/vue.d.ts                        Vue's GlobalComponents for the three tags (Volar, vue-tsc)
//   dist/jsx.d.ts                        React 19's JSX.IntrinsicElements for the three tags
// Nothing here reaches the widgets' bundle.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('custom-elements.json', root), 'utf8'));
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));

/** The custom elements of the manifest, in the order of their tags. */
const elements = manifest.modules
  .flatMap((mod) => (mod.declarations ?? []).filter((d) => d.customElement && d.tagName).map((d) => ({ ...d, module: mod.path })))
  .sort((a, b) => a.tagName.localeCompare(b.tagName));
if (elements.length === 0) throw new Error('custom-elements.json lists no custom elements');

/** A widget's public properties: its public instance fields. */
const propertiesOf = (d) => (d.members ?? []).filter((m) => m.kind === 'field' && !m.static && (m.privacy ?? 'public') === 'public');
const attributeOf = (d, field) => (d.attributes ?? []).find((a) => a.fieldName === field);
const descriptionOf = (d) => [d.summary, d.description].filter(Boolean).join('\n\n');

/** One example per element: how a vendor's page uses it (HTML and a script setting properties). */
const EXAMPLES = {
  'samspil-plan-card': `<script type="module" src="/path/to/samspil-widgets.js"></script>

<samspil-plan-card id="plan" editable case-system-url="https://sag.example/SAG-2026-0412"></samspil-plan-card>
<script type="module">
  const card = document.getElementById('plan');
  Object.assign(card, { plan, coordinator: 'p-job-1', consent, departments, people });
  card.addEventListener('samspil-plan-change', (e) => save(e.detail.plan));
</script>`,
  'samspil-responsibility-matrix': `<script type="module" src="/path/to/samspil-widgets.js"></script>

<samspil-responsibility-matrix id="matrix" accountable-limit="3"></samspil-responsibility-matrix>
<script type="module">
  const grid = document.getElementById('matrix');
  grid.matrix = matrix; // a core ResponsibilityMatrix
  grid.addEventListener('samspil-matrix-change', (e) => save(e.detail.matrix));
</script>`,
  'samspil-rc-heatmap': `<script type="module" src="/path/to/samspil-widgets.js"></script>

<samspil-rc-heatmap id="rc" view="matrix"></samspil-rc-heatmap>
<script type="module">
  const heatmap = document.getElementById('rc');
  heatmap.result = await (await fetch('rc-2025-04.json')).json(); // samspil rc score --json
  heatmap.addEventListener('samspil-tie-select', (e) => show(e.detail.from, e.detail.to, e.detail.tie));
</script>`,
  'samspil-coordination-overview': `<script type="module" src="/path/to/samspil-widgets.js"></script>

<!-- The token: POST /api/v1/insights/widget-tokens { person, user } from the vendor's backend (scope insights). -->
<samspil-coordination-overview
  src="https://samspil.example/api/v1/insights/overview?weeks=12"
  token="swt_…"
  case-link="https://sag.example/{reference}"></samspil-coordination-overview>`,
  'samspil-citizen-plan': `<script type="module" src="/path/to/samspil-widgets.js"></script>

<!-- In the citizen's portal, after the citizen has logged in: the vendor's backend gets a token of scope citizen. -->
<samspil-citizen-plan src="https://samspil.example/api/v1/cases/SAG-2026-0412/citizen" token="swt_…"></samspil-citizen-plan>
<script type="module">
  const plan = document.querySelector('samspil-citizen-plan');
  plan.addEventListener('samspil-citizen-voice', (e) => console.log('written', e.detail.writtenAt));
  plan.addEventListener('samspil-consent-withdraw', (e) => console.log('withdrawn', e.detail.caseReference));
</script>`,
};
for (const d of elements) if (!EXAMPLES[d.tagName]) throw new Error(`scripts/api-reference.mjs: no example for <${d.tagName}>`);

const escape = (s) => String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
/** The JSDoc's text as HTML: `code` and paragraphs; everything else as text. */
const prose = (s) =>
  escape(s)
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\n/g, ' ').replace(/`([^`]+)`/g, '<code>$1</code>'))
    .join('</p><p>');
const code = (s) => (s ? `<code>${escape(s)}</code>` : '');
const slug = (s) => s.replace(/[^a-z0-9-]/gi, '-');

/** A table with a caption (Danish, then English) and a header row; or a sentence when there is nothing. */
function table(id, [da, en], head, rows, element) {
  const title = `<h3 id="${id}">${da} <span lang="en">(${en})</span></h3>`;
  if (rows.length === 0) return `${title}\n<p>Ingen. <span lang="en">None.</span></p>`;
  return `${title}
<div class="scroll" role="region" aria-labelledby="${element} ${id}" tabindex="0">
<table>
<caption>${da} <span lang="en">(${en})</span> <span class="of">– <code>&lt;${element}&gt;</code></span></caption>
<thead><tr>${head.map(([hda, hen]) => `<th scope="col">${hda} <span lang="en">(${hen})</span></th>`).join('')}</tr></thead>
<tbody>
${rows.map(([first, ...rest]) => `<tr><th scope="row">${first}</th>${rest.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n')}
</tbody>
</table>
</div>`;
}

function section(d) {
  const id = slug(d.tagName);
  const props = propertiesOf(d);
  const events = d.events ?? [];
  const detail = (e) =>
    e.detail
      ? `${code(e.detail.text)}${
          e.detail.fields?.length
            ? `<ul>${e.detail.fields.map((f) => `<li>${code(f.name)}: ${code(f.type?.text)} – <span lang="en">${prose(f.description)}</span></li>`).join('')}</ul>`
            : ''
        }`
      : '';
  return `<section aria-labelledby="${id}">
<h2 id="${id}"><code>&lt;${escape(d.tagName)}&gt;</code></h2>
<p>Klasse <span lang="en">(class)</span>: ${code(d.name)}; modul <span lang="en">(module)</span>: ${code(`@samspil/widgets/${d.module.replace(/^src\//, '').replace(/\.component\.ts$/, '.js').replace(/^[^/]+\//, '')}`)}</p>
<div lang="en"><p>${prose(descriptionOf(d))}</p></div>
${table(`${id}-properties`, ['Egenskaber', 'properties'], [['Navn', 'name'], ['Attribut', 'attribute'], ['Type', 'type'], ['Standard', 'default'], ['Beskrivelse', 'description']], props.map((m) => [code(m.name), code(attributeOf(d, m.name)?.name) || '–', code(m.type?.text), code(m.default) || '–', `<span lang="en">${prose(m.description)}</span>`]), id)}
${table(`${id}-attributes`, ['Attributter', 'attributes'], [['Navn', 'name'], ['Egenskab', 'property'], ['Type', 'type'], ['Beskrivelse', 'description']], (d.attributes ?? []).map((a) => [code(a.name), code(a.fieldName) || '–', code(a.type?.text), `<span lang="en">${prose(a.description)}</span>`]), id)}
${table(`${id}-events`, ['Hændelser', 'events'], [['Navn', 'name'], ['Klasse', 'class'], ['detail', 'detail'], ['Beskrivelse', 'description']], events.map((e) => [code(e.name), code(e.type?.text), detail(e), `<span lang="en">${prose(e.description)}</span>`]), id)}
${table(`${id}-slots`, ['Slots', 'slots'], [['Navn', 'name'], ['Beskrivelse', 'description']], (d.slots ?? []).map((s) => [s.name ? code(s.name) : '(standard)', `<span lang="en">${prose(s.description)}</span>`]), id)}
${table(`${id}-parts`, ['Dele (::part)', 'CSS parts'], [['Navn', 'name'], ['Beskrivelse', 'description']], (d.cssParts ?? []).map((p) => [code(`::part(${p.name})`), `<span lang="en">${prose(p.description)}</span>`]), id)}
${table(`${id}-css-properties`, ['CSS-variabler', 'CSS custom properties'], [['Navn', 'name'], ['Standard', 'default'], ['Beskrivelse', 'description']], (d.cssProperties ?? []).map((p) => [code(p.name), code(p.default) || '–', `<span lang="en">${prose(p.description)}</span>`]), id)}
<h3 id="${id}-example">Eksempel <span lang="en">(example)</span></h3>
<pre><code>${escape(EXAMPLES[d.tagName])}</code></pre>
</section>`;
}

const html = `<!doctype html>
<html lang="da">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Samspil-widgets: API-reference (${escape(pkg.name)} ${escape(pkg.version)})</title>
<link rel="stylesheet" href="api.css">
</head>
<body>
<a class="skip" href="#main">Gå til indholdet <span lang="en">(skip to content)</span></a>
<header>
<h1>Samspil-widgets: API-reference <span lang="en">(API reference)</span></h1>
<p>${escape(pkg.name)} ${escape(pkg.version)}. Lavet af <code>custom-elements.json</code> ved hvert build. <span lang="en">Generated from <code>custom-elements.json</code> by every build.</span></p>
<nav aria-label="Elementer">
<ul>
${elements.map((d) => `<li><a href="#${slug(d.tagName)}"><code>&lt;${escape(d.tagName)}&gt;</code></a></li>`).join('\n')}
</ul>
</nav>
</header>
<main id="main">
${elements.map(section).join('\n')}
</main>
</body>
</html>
`;

// The page's style as a file of its own: the page works under style-src 'self' too.
const css = `body { font: 1rem/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 72rem; padding: 1rem; color: CanvasText; background: Canvas; color-scheme: light dark; }
code, pre { font-family: ui-monospace, monospace; }
pre { overflow-x: auto; padding: .75rem; border: 1px solid GrayText; }
.scroll { overflow-x: auto; }
.scroll:focus-visible, a:focus-visible { outline: 2px solid Highlight; outline-offset: 2px; }
table { border-collapse: collapse; margin-bottom: 1rem; }
caption { text-align: start; font-weight: bold; padding: .25rem 0; }
th, td { border: 1px solid GrayText; padding: .25rem .5rem; text-align: start; vertical-align: top; }
td ul { margin: .25rem 0; padding-inline-start: 1.25rem; }
.skip { position: absolute; left: -10000px; }
.skip:focus { position: static; }
`;

// VS Code's HTML custom data: the tags, their attributes with their values where the type lists them.
const valuesOf = (type) => {
  const text = type?.text ?? '';
  const literals = [...text.matchAll(/'([^']*)'/g)].map((m) => m[1]);
  const rest = text.split('|').map((t) => t.trim()).filter((t) => !/^'.*'$/.test(t) && !['undefined', 'null'].includes(t));
  return literals.length && rest.length === 0 ? literals.map((name) => ({ name })) : undefined;
};
const markdown = (value) => ({ kind: 'markdown', value });
const customData = {
  version: 1.1,
  tags: elements.map((d) => ({
    name: d.tagName,
    description: markdown(
      [d.summary ?? d.description, `Events: ${(d.events ?? []).map((e) => `\`${e.name}\``).join(', ')}.`, `Parts: ${(d.cssParts ?? []).map((p) => `\`${p.name}\``).join(', ')}.`].join('\n\n'),
    ),
    attributes: (d.attributes ?? []).map((a) => {
      const values = valuesOf(a.type);
      return {
        name: a.name,
        description: markdown(a.description),
        ...(values && { values }),
        ...(a.type?.text === 'boolean' && { valueSet: 'v' }),
      };
    }),
  })),
};

// Vue: each tag as a component of GlobalComponents, its props the element's own property types
// and its events `on…` handlers typed with their classes, so Volar and vue-tsc check templates.
const pascal = (s) => s.replace(/(?:^|-)(\w)/g, (_, c) => c.toUpperCase());
const jsdoc = (s, indent) => `${indent}/** ${String(s).replace(/\*\//g, '*\\/').replace(/\n/g, `\n${indent} * `)} */\n`;
const eventClasses = [...new Set(elements.flatMap((d) => (d.events ?? []).map((e) => e.type.text)))].sort();
/** What the typings import: the elements' classes and their events' classes. */
const typingsImport = `import type { ${[...elements.map((d) => d.name), ...eventClasses].join(', ')} } from './index.js';`;
/** An element's own properties as optional props of its class's types, each with its description (not the read-only ones). */
const propLines = (d) =>
  propertiesOf(d)
    .filter((m) => !m.readonly)
    .map((m) => `${jsdoc(m.description, '  ')}  ${m.name}?: ${d.name}['${m.name}'];`)
    .join('\n');
const vue = `// Generated from custom-elements.json by scripts/api-reference.mjs: Vue's typings for the Samspil
// elements. Load it once in a Vue project (e.g. in env.d.ts): import type {} from '@samspil/widgets/vue';
// and tell Vue's compiler the tags are custom elements: compilerOptions.isCustomElement = (tag) => tag.startsWith('samspil-').
import type { DefineComponent } from 'vue';
${typingsImport}

${elements
  .map(
    (d) => `/** Props of \`<${d.tagName}>\` in a Vue template: its properties and its events. */
export interface ${d.name}VueProps {
${propLines(d)}
${(d.events ?? []).map((e) => `${jsdoc(`\`@${e.name}\`: ${e.description}`, '  ')}  on${pascal(e.name)}?: (event: ${e.type.text}) => void;`).join('\n')}
}`,
  )
  .join('\n\n')}

declare module 'vue' {
  interface GlobalComponents {
${elements.map((d) => `${jsdoc(d.summary ?? d.description, '    ')}    '${d.tagName}': DefineComponent<${d.name}VueProps>;`).join('\n')}
  }
}
`;

// React 19: each tag in JSX.IntrinsicElements, its own properties (React 19 sets them as
// properties) and its events as \`on\` + the event's name (React 19 listens to those as DOM events).
const react = `// Generated from custom-elements.json by scripts/api-reference.mjs: React 19's JSX typings for the
// Samspil elements used without wrappers. Load it once (e.g. in a .d.ts): import type {} from '@samspil/widgets/jsx';
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
${typingsImport}

${elements
  .map(
    (d) => `/** Props of \`<${d.tagName}>\` in React 19 JSX: its properties and its events. */
export type ${d.name}JsxProps = Omit<DetailedHTMLProps<HTMLAttributes<${d.name}>, ${d.name}>, ${propertiesOf(d).map((m) => `'${m.name}'`).join(' | ') || 'never'}> & {
${propLines(d)}
${(d.events ?? []).map((e) => `${jsdoc(`\`${e.name}\`: ${e.description}`, '  ')}  'on${e.name}'?: (event: ${e.type.text}) => void;`).join('\n')}
};`,
  )
  .join('\n\n')}

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
${elements.map((d) => `${jsdoc(d.summary ?? d.description, '      ')}      '${d.tagName}': ${d.name}JsxProps;`).join('\n')}
    }
  }
}
`;

mkdirSync(new URL('dist/', root), { recursive: true });
writeFileSync(new URL('dist/api.html', root), html);
writeFileSync(new URL('dist/api.css', root), css);
writeFileSync(new URL('dist/vscode.html-custom-data.json', root), `${JSON.stringify(customData, null, 2)}\n`);
writeFileSync(new URL('dist/vue.d.ts', root), vue);
writeFileSync(new URL('dist/jsx.d.ts', root), react);
console.log(`dist/api.html, dist/vscode.html-custom-data.json, dist/vue.d.ts, dist/jsx.d.ts: ${elements.map((d) => `<${d.tagName}>`).join(', ')}`);
