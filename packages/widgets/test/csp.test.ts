// The widgets under a strict Content-Security-Policy, as a vendor may serve them:
//   default-src 'self'; style-src 'self'; require-trusted-types-for 'script'
// test/csp/index.html is served with exactly that policy (web-test-runner.config.mjs) and loads the
// CDN bundle; this test uses every widget and every lazily loaded chunk on it (the fetching code,
// the table and network views, the tie panel) and fails on any securitypolicyviolation there.
import { expect, waitUntil } from '@open-wc/testing';

type CspWindow = Window & { violations: string[]; ready?: boolean };

async function openStrictPage(): Promise<{ win: CspWindow; doc: Document }> {
  const frame = document.createElement('iframe');
  frame.style.cssText = 'width: 1200px; height: 900px';
  frame.src = '/packages/widgets/test/csp/index.html';
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  document.body.append(frame);
  await loaded;
  const win = frame.contentWindow as CspWindow;
  await waitUntil(() => win.ready, 'the page sets the widgets their data', { timeout: 5000 });
  return { win, doc: frame.contentDocument! };
}

const shadow = (doc: Document, id: string) => doc.getElementById(id)!.shadowRoot!;
const settle = () => new Promise((r) => setTimeout(r, 100));

describe('strict CSP and Trusted Types', () => {
  before(async () => {
    const plan = (await import('../../../examples/data/demo.js' as string)).plan;
    await fetch('/fake-api/reset', { method: 'POST', body: JSON.stringify({ plan }) });
  });
  afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

  it('serves the page with the policy, and the page reports a violation (the test can see one)', async () => {
    const response = await fetch('/packages/widgets/test/csp/index.html');
    expect(response.headers.get('content-security-policy')).to.equal("default-src 'self'; style-src 'self'; require-trusted-types-for 'script'");
    const { win, doc } = await openStrictPage();
    // A style attribute, what the heatmap used to write: the policy refuses it and the page records it.
    doc.body.setAttribute('style', 'outline: 1px solid red');
    await waitUntil(() => win.violations.length > 0, 'a refused style attribute is reported');
    expect(win.violations[0]).to.match(/^style-src-attr/);
    // A string where Trusted Types wants a TrustedHTML: refused too.
    expect(() => (doc.body.innerHTML = '<p>x</p>')).to.throw(/TrustedHTML/);
  });

  it('shows and uses all three widgets and their chunks without one violation', async () => {
    const { win, doc } = await openStrictPage();
    // The plan card: rendered, edited (a status select), and a second one loaded from the API (the fetching chunk).
    const plan = shadow(doc, 'plan');
    await waitUntil(() => plan.textContent!.includes('Maja Holm'), 'the plan card renders');
    const select = plan.querySelector('select')!;
    select.value = select.options[select.options.length - 1]!.value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await waitUntil(() => shadow(doc, 'loaded').querySelector('[part~="wishes"]'), 'the plan loads from the API');

    // The matrix: keyboard edits.
    const grid = shadow(doc, 'matrix').querySelector<HTMLTableElement>('table[role="grid"]')!;
    const cell = grid.tBodies[0]!.rows[1]!.cells[2]!;
    cell.focus();
    cell.dispatchEvent(new KeyboardEvent('keydown', { key: 'R', bubbles: true, composed: true }));
    cell.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true, composed: true }));

    // The heatmap: the matrix (the spacers and column width the window sets), the tie panel, the table and network views.
    const heatmap = doc.getElementById('heatmap') as HTMLElement & { view: string; updateComplete: Promise<unknown> };
    const rc = heatmap.shadowRoot!;
    await waitUntil(() => rc.querySelector('td[part="cell"]'), 'the heatmap renders');
    const large = shadow(doc, 'large');
    await waitUntil(() => large.querySelector('td[part="cell"]'), 'the large heatmap renders');
    const table = large.querySelector<HTMLElement>('table[role="grid"]')!;
    expect(large.querySelectorAll('.spacer').length, 'spacers stand for the rows and columns not rendered').to.be.greaterThan(0);
    const scroller = table.parentElement!;
    scroller.scrollTo(scroller.scrollWidth / 2, scroller.scrollHeight / 2);
    await waitUntil(
      () => large.querySelectorAll('tr.spacer').length === 2 && large.querySelectorAll('thead td.spacer').length === 2,
      'scrolled to the middle, spacers on all four sides',
    );
    rc.querySelector<HTMLElement>('td[part="cell"]')!.click();
    await waitUntil(() => rc.querySelector('[part="dimensions"]'), 'the tie panel loads');
    heatmap.view = 'table';
    await waitUntil(() => rc.querySelector('[part="table"]'), 'the table view loads');
    heatmap.view = 'network';
    await waitUntil(() => rc.querySelector('svg[part="network"]'), 'the network view loads');
    const arrow = rc.querySelector('line.arrow')!;
    expect(getComputedStyle(arrow).fill, "the network's style sheet applies").to.equal('none');
    heatmap.view = 'matrix';
    await heatmap.updateComplete;
    await settle();

    // Lit's styles are constructable style sheets (adoptedStyleSheets), which style-src 'self' allows.
    for (const id of ['plan', 'matrix', 'heatmap']) expect(shadow(doc, id).adoptedStyleSheets.length, id).to.be.greaterThan(0);
    expect(getComputedStyle(rc.querySelector('td[part="cell"]')!).borderInlineStartWidth, "the widgets' styles apply").not.to.equal('0px');
    for (const id of ['plan', 'loaded', 'matrix', 'heatmap', 'large']) expect(shadow(doc, id).querySelector('style'), `no <style> element in ${id}`).to.equal(null);
    expect(win.violations).to.deep.equal([]);
    expect(table.style.getPropertyValue('--_col'), 'the column width is set through the CSSOM').to.match(/em/);
  });
});
