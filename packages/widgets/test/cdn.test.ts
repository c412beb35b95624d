// The CDN bundle (issue 23): an entry holding the runtime the widgets share and a loader, within
// its budget, and each widget a chunk of its own, fetched the first time its tag is in the page.
// test/csp/heatmap-only.html is served with the strict CSP of csp.test.ts.
import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';

/** A file of dist/cdn/ as scripts/cdn-sizes.mjs measures it. */
interface Size {
  file: string;
  min: number;
  gzip: number;
  loaded: string;
}

type LoaderWindow = Window & { ready?: boolean; violations: string[]; errors: string[]; load(tag: string): Promise<CustomElementConstructor> };

const BUDGET = 30 * 1024;
const TAGS = ['samspil-plan-card', 'samspil-responsibility-matrix', 'samspil-rc-heatmap', 'samspil-coordination-overview', 'samspil-citizen-plan'];

/** The files of dist/cdn/ a window has fetched, by name. */
const fetched = (win: Window) =>
  win.performance
    .getEntriesByType('resource')
    .map((e) => e.name)
    .filter((url) => url.includes('/packages/widgets/dist/cdn/'))
    .map((url) => url.slice(url.lastIndexOf('/') + 1));

describe('the CDN bundle: an entry and a chunk per widget', () => {
  let sizes: Size[];
  before(async () => {
    sizes = (await executeServerCommand<Size[], undefined>('cdn-sizes'))!;
  });
  afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

  it(`keeps the entry (the shared runtime and the loader) within ${BUDGET} B min+gzip, each widget in a chunk of its own`, () => {
    const entry = sizes.find((s) => s.file === 'samspil-widgets.js')!;
    expect(entry.gzip, 'the entry, min+gzip').to.be.at.most(BUDGET);
    for (const tag of TAGS) expect(sizes.filter((s) => s.loaded === `with <${tag}>`).length, `the chunk of <${tag}>`).to.equal(1);
  });

  it("fetches only the heatmap's chunk for a page with only the heatmap, another widget's when its tag comes, none for a tag another copy took", async () => {
    const frame = document.createElement('iframe');
    frame.style.cssText = 'width: 1200px; height: 900px';
    frame.src = '/packages/widgets/test/csp/heatmap-only.html';
    document.body.append(frame);
    await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    const win = frame.contentWindow as LoaderWindow;
    const doc = frame.contentDocument!;
    await waitUntil(() => win.ready && doc.getElementById('heatmap')!.shadowRoot?.querySelector('[data-band]'), 'the heatmap renders', { timeout: 5000 });

    const chunkOf = (tag: string) => sizes.find((s) => s.loaded === `with <${tag}>`)!.file;
    const widgetChunks = () => fetched(win).filter((f) => TAGS.some((tag) => f === chunkOf(tag)));
    expect(fetched(win)).to.include('samspil-widgets.js');
    expect(widgetChunks(), 'the widget chunks fetched').to.deep.equal([chunkOf('samspil-rc-heatmap')]);
    // The matrix's tag belongs to the other copy: left as it was.
    expect(win.customElements.get('samspil-responsibility-matrix')!.name).to.equal('AnotherCopy');
    expect(doc.getElementById('matrix')!.shadowRoot).to.equal(null);

    // A plan card added later (a host's script): its chunk comes then, and load() gives its class.
    doc.body.append(doc.createElement('samspil-plan-card'));
    await waitUntil(() => win.customElements.get('samspil-plan-card'), 'the plan card is defined');
    expect(widgetChunks().sort()).to.deep.equal([chunkOf('samspil-plan-card'), chunkOf('samspil-rc-heatmap')].sort());
    expect(await win.load('samspil-plan-card')).to.equal(win.customElements.get('samspil-plan-card'));
    await waitUntil(() => doc.querySelector('samspil-plan-card')!.shadowRoot?.querySelector('[part="empty"]'), 'the plan card shows its empty state');
    expect(win.violations, 'CSP violations').to.deep.equal([]);
    expect(win.errors, 'errors on the page').to.deep.equal([]);
  });

  it('defines a widget whose chunk the page preloads (the README\'s modulepreload lines) as soon as the entry runs, before its tag is in the page', async () => {
    const frame = document.createElement('iframe');
    frame.src = '/packages/widgets/test/csp/heatmap-preload.html';
    document.body.append(frame);
    await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    const win = frame.contentWindow as LoaderWindow;
    await waitUntil(() => win.customElements.get('samspil-rc-heatmap'), 'the heatmap is defined', { timeout: 5000 });
    expect(frame.contentDocument!.querySelector('samspil-rc-heatmap'), 'a heatmap in the page').to.equal(null);
    const chunkOf = (tag: string) => sizes.find((s) => s.loaded === `with <${tag}>`)!.file;
    expect(fetched(win).filter((f) => TAGS.some((tag) => f === chunkOf(tag))), 'the widget chunks fetched').to.deep.equal([chunkOf('samspil-rc-heatmap')]);
    expect(win.customElements.get('samspil-plan-card'), 'the plan card, not preloaded').to.equal(undefined);
    expect(win.violations, 'CSP violations').to.deep.equal([]);
  });
});
