// The widgets without wrappers in React 19 and in Vue 3 (issue 16, item 5): the pages under
// test/frameworks/, built and type-checked by test/frameworks/build.mjs before the tests run.
// In each, the framework sets the plan as the element's property (an object, never an
// attribute), and the element's samspil-plan-change reaches the framework's state.
import { expect } from '@open-wc/testing';
import type { SamspilPlanCard } from '../src/index.js';

async function open(path: string): Promise<Document> {
  const frame = document.createElement('iframe');
  frame.style.cssText = 'width: 1200px; height: 900px; border: 0';
  frame.src = path;
  document.body.append(frame);
  await new Promise((resolve, reject) => {
    frame.addEventListener('load', resolve, { once: true });
    frame.addEventListener('error', reject, { once: true });
  });
  return frame.contentDocument!;
}

/** Waits (up to 5 s) until check() holds; fails naming what was awaited. */
async function until(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

for (const [name, path] of [
  ['React 19, the elements in JSX without wrappers', '/packages/widgets/test/frameworks/react/index.html'],
  ['Vue 3, the elements in a single-file component', '/packages/widgets/test/frameworks/vue/index.html'],
] as const) {
  describe(name, () => {
    it('sets properties on the element and hears its events', async () => {
      const doc = await open(path);
      expect(customElements.get('samspil-plan-card'), 'the test page itself registers nothing').to.equal(undefined);
      await until('the plan card to render', () => !!doc.querySelector('samspil-plan-card')?.shadowRoot?.querySelector('[part="sub-goals"] select'));
      const card = doc.querySelector('samspil-plan-card') as SamspilPlanCard;
      const state = doc.getElementById('state')!;
      expect(state.textContent!.trim()).to.equal('in-progress 0');

      // Properties: objects and a number arrive as properties, not as attributes.
      expect(card.plan?.caseReference).to.equal('SAG-2026-0412');
      expect(card.hasAttribute('plan'), 'plan set as an attribute').to.equal(false);
      expect(card.people?.length).to.be.greaterThan(1);
      expect(card.now).to.equal(Date.parse('2026-05-01T12:00:00Z'));
      expect(card.editable).to.equal(true);
      expect(card.layout).to.equal('full');
      expect(card.shadowRoot!.querySelector('[part="coordinator"]')!.textContent).to.contain('Maja Holm');

      // An event: the user edits a status; the framework's state takes the new plan and hands it back.
      const select = card.shadowRoot!.querySelector<HTMLSelectElement>('[part="sub-goals"] select')!;
      select.value = 'achieved';
      select.dispatchEvent(new Event('change', { bubbles: true }));
      await until('the framework to re-render with the edited plan', () => state.textContent!.trim() === 'achieved 1');
      expect(card.plan?.subGoals[0]?.status, 'the new plan set back on the element').to.equal('achieved');
      expect(card.hasAttribute('plan')).to.equal(false);
    });
  });
}
