import { Plan } from '@samspil/core';
import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { define } from './define.js';
import { LocalizeController, localeOf } from './localize.js';
import { Validated } from './validation.js';

class Probe extends LitElement {
  readonly l10n = new LocalizeController(this, { da: { hello: 'Hej' }, en: { hello: 'Hello' } });
  override render() {
    return html`<p>${this.l10n.t.hello}</p>`;
  }
}
define('samspil-probe', Probe);

describe('shared', () => {
  it('define() tolerates a second copy of a tag', () => {
    class Other extends HTMLElement {}
    expect(() => define('samspil-probe', Other)).not.to.throw();
    expect(customElements.get('samspil-probe')).to.equal(Probe);
  });

  it('follows lang on the element, its ancestors and the document, Danish by default', async () => {
    const el = await fixture<Probe>(html`<samspil-probe></samspil-probe>`);
    expect(localeOf(el)).to.equal('da');
    expect(el.shadowRoot!.textContent).to.contain('Hej');
    el.setAttribute('lang', 'en-GB');
    await el.updateComplete;
    await new Promise((r) => setTimeout(r));
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.contain('Hello');
    const wrapped = await fixture<HTMLElement>(html`<div lang="en"><samspil-probe></samspil-probe></div>`);
    expect(localeOf(wrapped.querySelector('samspil-probe')!)).to.equal('en');
  });

  it('validates once per value and names the path of the first problem', () => {
    const v = new Validated(Plan);
    expect(v.check(undefined)).to.deep.equal({ state: 'empty' });
    const bad = { citizenWishes: 'x', overallGoal: { kind: 'employment' }, interventions: [{ id: 'a', title: 'b', department: 3 }] };
    const result = v.check(bad);
    expect(result.state).to.equal('invalid');
    expect(result.state === 'invalid' && result.issue.path).to.equal('interventions[0].department');
    expect(v.check(bad)).to.equal(result);
  });
});
