import { Plan } from '@samspil/core';
import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { define } from './define.js';
import { LocalizeController, formatNumber, formatPercent, localeOf, type Locale } from './localize.js';
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

  it('writes numbers and per cents as Intl.NumberFormat does, digit for digit, without it', () => {
    // The heatmap's numbers are written without Intl (its first formatter costs a fresh page 20-30 ms).
    const intl = (locale: Locale, options: Intl.NumberFormatOptions) =>
      new Intl.NumberFormat(locale === 'da' ? 'da-DK' : 'en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1, ...options });
    const values = [0, -0, 1.15, 1.05, 0.05, -0.05, 0.25, 2.675, 4.35, 999.95, 9999.95, 123456789.25, 1e20, 1e-7, -1e-7, 0.3 - 0.1 - 0.2, 4.2 - 3.9, NaN, Infinity];
    for (let i = -20000; i <= 20000; i += 7) values.push(i / 1000, i / 200, i * 0.01, i / 7, i * 13.7);
    let seed = 29;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    for (let i = 0; i < 5000; i++) values.push((random() - 0.5) * 10 ** (random() * 8 - 2));
    for (const locale of ['da', 'en'] as const) {
      const [plain, signed, percent] = [intl(locale, {}), intl(locale, { signDisplay: 'exceptZero' }), intl(locale, { style: 'percent', signDisplay: 'exceptZero' })];
      for (const v of values) {
        expect(formatNumber(v, locale), `${v} (${locale})`).to.equal(plain.format(v));
        expect(formatNumber(v, locale, true), `${v} signed (${locale})`).to.equal(signed.format(v));
        expect(formatPercent(v, locale), `${v} % (${locale})`).to.equal(percent.format(v / 100));
      }
    }
    expect([formatNumber(4.25, 'da'), formatNumber(-0.3, 'en', true), formatPercent(8.7, 'da'), formatPercent(1234.5, 'en')]).to.deep.equal(['4,3', '-0.3', '+8,7\u00a0%', '+1,234.5%']);
  });
});
