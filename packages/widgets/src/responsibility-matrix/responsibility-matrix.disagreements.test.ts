// Issue 25: the matrix shows open disagreements: a list above the table, and a marker on the row
// (and on the cell) each concerns, with an accessible name. By reference only: a disagreement has no text.
import type { Disagreement, ResponsibilityMatrix } from '@samspil/core';
import { expect, fixture, html } from '@open-wc/testing';
import './responsibility-matrix.js';
import type { SamspilResponsibilityMatrix } from './responsibility-matrix.js';

let matrix: ResponsibilityMatrix;
before(async () => {
  matrix = await fetch('/examples/data/matrix.json').then((r) => r.json());
});

const NOW = Date.parse('2026-12-08T09:00:00+01:00');
const disagreements = (): Disagreement[] =>
  [
    { id: 'u-1', about: { kind: 'responsibility', row: matrix.rows[1]!.id, column: matrix.columns[0]!.id }, raisedBy: 'p-familie-1', raisedAt: '2026-11-24T10:00:00+01:00', decider: matrix.columns[0]!.id, deadline: '2026-12-01' },
    { id: 'u-2', about: { kind: 'intervention', id: 'iv-unknown' }, raisedBy: 'p-job-1', raisedAt: '2026-12-07T10:00:00+01:00', deadline: '2026-12-14' },
    { id: 'u-3', about: { kind: 'responsibility', row: matrix.rows[0]!.id }, raisedBy: 'p-job-1', raisedAt: '2026-11-01T10:00:00+01:00', deadline: '2026-11-07', state: 'resolved', resolvedAt: '2026-11-05T10:00:00+01:00', resolution: { decision: 'd-9' } },
  ] as Disagreement[];

const mount = (lang = 'da', list: unknown = disagreements()) =>
  fixture<SamspilResponsibilityMatrix>(html`<samspil-responsibility-matrix lang=${lang} .matrix=${matrix} .disagreements=${list} .now=${NOW}></samspil-responsibility-matrix>`);
const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('samspil-responsibility-matrix: open disagreements', () => {
  it('lists the open ones by reference, subject, who settles it and the deadline; not the resolved one (Danish)', async () => {
    const el = await mount();
    const list = el.shadowRoot!.querySelector('[part="disagreements"]')!;
    expect(text(list.querySelector('p'))).to.equal('2 åbne uenigheder');
    const items = [...list.querySelectorAll('[part="disagreement"]')].map(text);
    expect(items).to.have.length(2);
    expect(items[0]).to.contain('u-1').and.contain(`om ansvaret for ${matrix.rows[1]!.label} (${matrix.columns[0]!.label})`).and.contain(`afgøres af ${matrix.columns[0]!.label}`).and.contain('frist 1. december 2026').and.contain('Fristen er overskredet');
    expect(items[1]).to.contain('u-2').and.contain('om indsatsen iv-unknown').and.contain('afgøres af ingen udpeget').and.contain('frist 14. december 2026').and.not.contain('overskredet');
    expect(text(el.shadowRoot!)).to.not.contain('u-3');
  });

  it('marks the row and the cell with an accessible name', async () => {
    const el = await mount();
    const rows = el.shadowRoot!.querySelector('table')!.tBodies[0]!.rows;
    const marker = rows[1]!.querySelector('[part="disagreement-marker"]')!;
    expect(marker.getAttribute('role')).to.equal('img');
    expect(marker.getAttribute('aria-label')).to.equal('Åben uenighed u-1, frist 1. december 2026, overskredet');
    expect(rows[0]!.querySelector('[part="disagreement-marker"]')).to.equal(null);
    const cell = rows[1]!.cells[1]!;
    expect(cell.dataset.disagreement).to.equal('u-1');
    expect(cell.getAttribute('aria-label')).to.match(/; Åben uenighed u-1, frist 1\. december 2026, overskredet$/);
    expect(getComputedStyle(cell, '::after').content).to.equal('"⚑"');
    expect(rows[1]!.cells[2]!.hasAttribute('data-disagreement')).to.equal(false);
  });

  it('speaks English; nothing when none is open; an alert naming the path of bad data', async () => {
    const el = await mount('en');
    expect(text(el.shadowRoot!.querySelector('[part="disagreements"] p'))).to.equal('2 open disagreements');
    expect(el.shadowRoot!.querySelector('[part="disagreement-marker"]')!.getAttribute('aria-label')).to.equal('Open disagreement u-1, deadline 1 December 2026, overdue');
    expect(text(el.shadowRoot!.querySelector('[part="disagreement"]'))).to.contain('about the responsibility for').and.contain('The deadline has passed');
    expect((await mount('da', [])).shadowRoot!.querySelector('[part="disagreements"]')).to.equal(null);
    const bad = await mount('da', [{ ...disagreements()[0], about: { kind: 'note', text: 'x' } }]);
    expect(text(bad.shadowRoot!.querySelector('[role="alert"]'))).to.contain('disagreements[0].about.kind');
  });

  it('is accessible (axe), in both languages', async () => {
    await expect(await mount('da')).to.be.accessible();
    await expect(await mount('en')).to.be.accessible();
  });
});
