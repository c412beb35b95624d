// The example host's leader's page (issue 27): opened as static files (no service), it shows the saved
// overview of the demo municipality through the CDN bundle's lazily loaded chunk, with RC beside the
// stalls per department pair, links from the drill-down back into the case view, both languages, and
// reflows at 320 px.
import { expect, waitUntil } from '@open-wc/testing';

async function openLeaderPage(width = 1200): Promise<{ doc: Document; win: Window }> {
  const frame = document.createElement('iframe');
  frame.style.cssText = `width: ${width}px; height: 900px; border: 0`;
  frame.src = '/examples/host-vanilla/leader.html';
  document.body.append(frame);
  await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  const doc = frame.contentDocument!;
  await waitUntil(() => doc.querySelector('samspil-coordination-overview')?.shadowRoot?.querySelector('table[part=pairs]'), 'the overview renders', { timeout: 10000 });
  return { doc, win: frame.contentWindow! };
}

describe("the example host's leader's page", () => {
  afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

  it("shows the demo municipality's overview, RC beside the stalls per department pair, the worst pair first", async () => {
    const { doc } = await openLeaderPage();
    const root = doc.querySelector('samspil-coordination-overview')!.shadowRoot!;
    const first = root.querySelector('table[part=pairs] tbody tr')!;
    expect(first.querySelector('th')!.textContent).to.equal('Jobcenter – Social- og psykiatriafdelingen');
    expect(first.textContent).to.match(/RC Jobcenter → Social- og psykiatriafdelingen: \d,\d (Høj|Middel|Lav)/);
    expect(root.querySelector('svg[part=trend]')).to.exist;
    expect(doc.getElementById('leader-note')!.textContent).to.contain('npm start');
    // Each stalled case links back into the case system.
    const links = [...root.querySelectorAll<HTMLAnchorElement>('[part=cases] a')];
    expect(links.length).to.be.greaterThan(0);
    for (const a of links) expect(a.getAttribute('href')).to.match(/^http:\/\/localhost:8080\/examples\/host-vanilla\/index\.html\?case=SAG-/);
  });

  it('switches to English with the host, and reflows at 320 px', async () => {
    const { doc } = await openLeaderPage(320);
    (doc.getElementById('language') as HTMLButtonElement).click();
    const overview = doc.querySelector('samspil-coordination-overview')!;
    await waitUntil(() => overview.shadowRoot!.querySelector('h2')!.textContent === 'Coordination over time', 'English');
    expect(doc.getElementById('leader-heading')!.textContent).to.equal("Leader's overview");
    expect(doc.documentElement.scrollWidth, 'the page is no wider than the screen').to.be.at.most(320);
  });
});
