// The example hosts end to end: each page loads the widgets the way a vendor
// would (plain HTML from the CDN bundle; React through @samspil/react), and an
// edit in one widget shows up in another.
import { expect } from '@open-wc/testing';
import { executeServerCommand, setViewport } from '@web/test-runner-commands';

async function openHost(path: string, width = 1200): Promise<Document> {
  const frame = document.createElement('iframe');
  frame.style.cssText = `width: ${width}px; height: 900px; border: 0`;
  frame.src = path;
  document.body.append(frame);
  await new Promise((resolve, reject) => {
    frame.addEventListener('load', resolve, { once: true });
    frame.addEventListener('error', reject, { once: true });
  });
  const doc = frame.contentDocument!;
  // The widgets render once the bundle is evaluated and the host has set their data.
  for (let i = 0; i < 100; i++) {
    const heatmap = doc.querySelector('samspil-rc-heatmap');
    if (heatmap?.shadowRoot?.querySelector('[data-band]')) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return doc;
}

const shadow = (doc: Document, selector: string) => doc.querySelector(selector)!.shadowRoot!;

function pressKey(target: Element, key: string) {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true }));
}

for (const [name, path] of [
  ['plain HTML host (CDN bundle)', '/examples/host-vanilla/index.html'],
  ['React host (@samspil/react)', '/examples/host-react/index.html'],
] as const) {
  describe(name, () => {
    it('shows all three widgets with the demo case', async () => {
      const doc = await openHost(path);
      expect(customElements.get('samspil-plan-card'), 'the test page itself registers nothing').to.equal(undefined);
      const plan = shadow(doc, 'samspil-plan-card');
      expect(plan.textContent).to.contain('Jeg vil være en god mor for min datter');
      expect(plan.textContent).to.contain('Maja Holm');
      const matrix = shadow(doc, 'samspil-responsibility-matrix');
      expect(matrix.querySelector('table[role="grid"]')).to.exist;
      const heatmap = shadow(doc, 'samspil-rc-heatmap');
      expect(heatmap.querySelectorAll('[data-band]').length).to.be.greaterThan(20);
      expect(doc.getElementById('case-summary')!.textContent).to.contain('Maja Holm');
      // The next meeting (issue 25), in the municipality's room.
      expect(plan.querySelector('[part~="next-meeting"]')!.textContent).to.contain('Jobcentret, mødelokale 2');
    });

    it('books a meeting from the plan card: the host adds it and the card shows it', async () => {
      const doc = await openHost(path);
      const card = doc.querySelector('samspil-plan-card') as HTMLElement & { meetings: unknown[] };
      const before = card.meetings.length;
      (card.shadowRoot!.querySelector('[part~="book-meeting"]') as HTMLButtonElement).click();
      for (let i = 0; i < 40 && card.meetings.length === before; i++) await new Promise((r) => setTimeout(r, 25));
      expect(card.meetings.length).to.equal(before + 1);
      expect((card.meetings.at(-1) as { citizenInvited: boolean }).citizenInvited).to.equal(true);
    });

    it('records a meeting\'s outcome in the plan card: the host marks it held and the card shows it', async () => {
      const doc = await openHost(path);
      const card = doc.querySelector('samspil-plan-card')!;
      (card.shadowRoot!.querySelector('[part~="record-outcome"]') as HTMLButtonElement).click();
      // The form is a chunk of its own, loaded the first time it opens.
      for (let i = 0; i < 100 && !card.shadowRoot!.querySelector('[part~="outcome-form"]'); i++) await new Promise((r) => setTimeout(r, 20));
      const form = card.shadowRoot!.querySelector('[part~="outcome-form"]') as HTMLFormElement;
      form.querySelector<HTMLInputElement>('[name="attended"][value="yes"]')!.checked = true;
      form.querySelector<HTMLInputElement>('[name="nextFollowUp"]')!.value = '2027-01-15';
      form.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
      for (let i = 0; i < 40 && !card.shadowRoot!.querySelector('[part~="last-meeting"]'); i++) await new Promise((r) => setTimeout(r, 25));
      expect(card.shadowRoot!.querySelector('[part~="last-meeting"]')!.textContent).to.contain('Borgeren deltog').and.contain('15. januar 2027');
    });

    it('moves the plan coordinator when the coordination row gets another Accountable', async () => {
      const doc = await openHost(path);
      const matrix = doc.querySelector('samspil-responsibility-matrix')!;
      const grid = matrix.shadowRoot!.querySelector('table[role="grid"]') as HTMLTableElement;
      // Row 0 is the coordination row; column 1 is Sofie Krag (family department).
      const cell = grid.tBodies[0]!.rows[0]!.cells[2]!;
      cell.focus();
      pressKey(cell, 'A');
      pressKey(grid.tBodies[0]!.rows[0]!.cells[1]!, 'C');
      await new Promise((r) => setTimeout(r, 100));
      expect(doc.getElementById('case-summary')!.textContent).to.contain('Sofie Krag');
      const plan = shadow(doc, 'samspil-plan-card');
      expect(plan.querySelector('[part~="coordinator"]')!.textContent).to.contain('Sofie Krag');
    });

    it('does not scroll sideways at 1400 px or at 360 px (WCAG 1.4.10)', async () => {
      for (const width of [1400, 360]) {
        await setViewport({ width: Math.max(width, 800) + 20, height: 940 }); // the whole frame in the screenshot
        const doc = await openHost(path, width);
        await new Promise((r) => setTimeout(r, 100));
        const root = doc.documentElement;
        await executeServerCommand('screenshot', { name: `reflow/host-${path.split('/')[2]}-${width}`, selector: `iframe[src="${path}"]` });
        // clientWidth: the viewport less a vertical scrollbar; innerWidth counts the scrollbar.
        expect(root.scrollWidth, `${width} px: the page is as wide as its viewport`).to.be.at.most(root.clientWidth);
        expect(root.scrollWidth).to.be.at.most(doc.defaultView!.innerWidth);
        document.querySelectorAll('iframe').forEach((f) => f.remove());
      }
      await setViewport({ width: 800, height: 600 });
    });

    it('switches the widgets to English with the page language', async () => {
      const doc = await openHost(path);
      (doc.querySelector('header button') as HTMLButtonElement).click();
      await new Promise((r) => setTimeout(r, 100));
      expect(doc.documentElement.lang).to.equal('en');
      expect(shadow(doc, 'samspil-plan-card').textContent).to.match(/plan coordinator/i);
    });
  });
}
