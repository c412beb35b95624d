// The API reference page the build makes from custom-elements.json (scripts/api-reference.mjs,
// issue 16, item 4): every property, attribute, event, part and CSS custom property of the
// manifest in its element's table, with its description, an example per element, and the page
// accessible (axe). And VS Code's custom data lists the same tags and attributes.
import { expect } from '@open-wc/testing';

interface Described { name: string; description?: string; fieldName?: string }
interface Declaration {
  tagName?: string;
  customElement?: boolean;
  members?: (Described & { kind: string; static?: boolean; privacy?: string })[];
  attributes?: Described[];
  events?: (Described & { detail?: { text: string } })[];
  slots?: Described[];
  cssParts?: Described[];
  cssProperties?: Described[];
}

const dist = '/packages/widgets/dist';
const load = async (path: string) => {
  const response = await fetch(path);
  expect(response.status, path).to.equal(200);
  return response;
};

describe('API reference (dist/api.html)', () => {
  let page: Document;
  let elements: Declaration[];
  before(async () => {
    page = new DOMParser().parseFromString(await (await load(`${dist}/api.html`)).text(), 'text/html');
    const manifest = (await (await load('/packages/widgets/custom-elements.json')).json()) as { modules: { declarations?: Declaration[] }[] };
    elements = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement);
    expect(elements.map((d) => d.tagName).sort()).to.deep.equal(['samspil-citizen-plan', 'samspil-coordination-overview', 'samspil-plan-card', 'samspil-rc-heatmap', 'samspil-responsibility-matrix']);
  });

  /** The rows of one table of an element's section: first cell's text to the row's text. */
  function rows(tag: string, kind: string): Map<string, string> {
    const table = page.querySelector(`[aria-labelledby="${tag} ${tag}-${kind}"] table`);
    const body = [...(table?.querySelectorAll('tbody tr') ?? [])];
    return new Map(body.map((tr) => [tr.querySelector('th')!.textContent!.trim(), tr.textContent!.replace(/\s+/g, ' ')]));
  }
  const words = (s = '') => s.replace(/`/g, '').replace(/\s+/g, ' ').trim().slice(0, 40);

  it('has a table of each kind for each element, listing every entry of the manifest with its description', () => {
    for (const d of elements) {
      const tag = d.tagName!;
      const section = page.getElementById(tag)!.closest('section')!;
      for (const kind of ['properties', 'attributes', 'events', 'slots', 'parts', 'css-properties']) {
        expect(section.querySelector(`h3#${tag}-${kind}`), `${tag}: heading of ${kind}`).to.exist;
      }
      const check = (kind: string, entries: Described[], key: (e: Described) => string) => {
        const table = rows(tag, kind);
        expect(table.size, `${tag} ${kind}`).to.equal(entries.length);
        for (const e of entries) {
          expect(table.get(key(e)), `${tag} ${kind}: ${key(e)}`).to.contain(words(e.description));
        }
      };
      check('properties', (d.members ?? []).filter((m) => m.kind === 'field' && !m.static && (m.privacy ?? 'public') === 'public'), (e) => e.name);
      check('attributes', d.attributes ?? [], (e) => e.name);
      check('events', d.events ?? [], (e) => e.name);
      check('slots', d.slots ?? [], (e) => e.name || '(standard)');
      check('parts', d.cssParts ?? [], (e) => `::part(${e.name})`);
      check('css-properties', d.cssProperties ?? [], (e) => e.name);
      for (const e of d.events ?? []) {
        expect(e.detail?.text, `${tag} ${e.name}: detail type in the manifest`).to.match(/Detail$/);
        expect(rows(tag, 'events').get(e.name)).to.contain(e.detail!.text);
      }
      const example = section.querySelector(`h3#${tag}-example + pre code`)!.textContent!;
      expect(example).to.contain(`<${tag}`);
    }
  });

  it('is accessible (axe), with every table captioned and its headers scoped', async () => {
    expect(page.documentElement.lang).to.equal('da');
    expect(page.title).to.contain('API');
    for (const table of page.querySelectorAll('table')) {
      expect(table.querySelector('caption')?.textContent).to.not.equal('');
      for (const th of table.querySelectorAll('th')) expect(th.getAttribute('scope')).to.be.oneOf(['col', 'row']);
    }
    const container = document.createElement('div');
    container.lang = 'da';
    container.append(...[...page.body.children].map((n) => document.importNode(n, true)));
    document.body.append(container);
    try {
      await expect(container).to.be.accessible();
    } finally {
      container.remove();
    }
  });

  it("VS Code's custom data lists each element and its attributes, described", async () => {
    const data = (await (await load(`${dist}/vscode.html-custom-data.json`)).json()) as {
      version: number;
      tags: { name: string; description: { value: string }; attributes: { name: string; description: { value: string }; values?: { name: string }[] }[] }[];
    };
    expect(data.version).to.equal(1.1);
    for (const d of elements) {
      const tag = data.tags.find((t) => t.name === d.tagName)!;
      expect(tag, d.tagName).to.exist;
      expect(tag.description.value).to.not.equal('');
      expect(tag.attributes.map((a) => a.name)).to.deep.equal((d.attributes ?? []).map((a) => a.name));
      for (const a of tag.attributes) expect(a.description.value, `${d.tagName} ${a.name}`).to.not.equal('');
    }
    const layout = data.tags.find((t) => t.name === 'samspil-plan-card')!.attributes.find((a) => a.name === 'layout')!;
    expect(layout.values?.map((v) => v.name)).to.deep.equal(['compact', 'full']);
  });
});
