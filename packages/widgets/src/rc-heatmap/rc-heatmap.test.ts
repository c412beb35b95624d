import type { RcResult, RcTie } from '@samspil/core';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { SamspilTieSelectEvent } from '../events.js';
import './rc-heatmap.js';
import type { RcTieSelectDetail, SamspilRcHeatmap } from './rc-heatmap.js';

const J = 'Jobcenter';
const F = 'Familieafdelingen';
const S = 'Socialpsykiatri';
const dims = (x: number) => ({
  frequent: x,
  timely: x + 0.1,
  accurate: x - 0.1,
  problem_solving: x,
  shared_goals: x + 0.2,
  shared_knowledge: x,
  mutual_respect: x - 0.2,
});
const tie = (from: string, to: string, n: number, score: number | null, band: RcTie['band']): RcTie => ({
  from,
  to,
  n,
  score,
  band,
  suppressed: score === null,
  dimensions: score === null ? null : dims(score),
});

/** Three groups; F→F is suppressed, S→F has no tie, J→F / F→J is asymmetric. */
function small(groups: [string, string, string] = [J, F, S]): RcResult {
  const [j, f, s] = groups;
  return {
    groups,
    ties: [
      tie(j, j, 5, 4.6, 'strong'),
      tie(j, f, 5, 4.24, 'strong'),
      tie(j, s, 4, 3.7, 'moderate'),
      tie(f, j, 6, 3.0, 'weak'),
      tie(f, f, 2, null, null),
      tie(f, s, 3, 3.96, 'moderate'),
      tie(s, j, 3, 3.58, 'moderate'),
      tie(s, s, 4, 4.2, 'moderate'),
    ],
    overall: 3.71,
    asymmetries: [{ a: j, b: f, gap: 1.24 }],
    ratings: { total: 40, counted: 36, excluded: 4 },
  };
}

function baselineOf(r: RcResult): RcResult {
  const b = structuredClone(r);
  b.overall = 3.5;
  const jf = b.ties[1]!;
  jf.score = 3.9;
  jf.dimensions = dims(3.9);
  b.ties[3]!.score = 3.4;
  return b;
}

/** `n` groups named `Gruppe 1`…, every tie scored but some suppressed, one asymmetric pair. */
function many(n: number): RcResult {
  const groups = Array.from({ length: n }, (_, i) => `Gruppe ${i + 1}`);
  const bands = ['weak', 'moderate', 'strong'] as const;
  const result: RcResult = {
    groups,
    ties: groups.flatMap((from, i) =>
      groups.map((to, j) => tie(from, to, 3 + ((i + j) % 5), (i * j) % 17 === 0 ? null : 3 + ((i * 7 + j) % 20) / 10, bands[(i + j) % 3]!)),
    ),
    overall: 3.9,
    asymmetries: [{ a: groups[0]!, b: groups[1]!, gap: 0.6 }],
    ratings: { total: 10000, counted: 9000, excluded: 1000 },
  };
  for (const t of result.ties) if (t.suppressed) t.band = null;
  return result;
}

async function mount(result: unknown, extra: Partial<Pick<SamspilRcHeatmap, 'baseline' | 'view'>> = {}, lang?: string) {
  const el = await fixture<SamspilRcHeatmap>(
    html`<samspil-rc-heatmap lang=${lang ?? 'da'} .result=${result} .baseline=${extra.baseline ?? null} view=${extra.view ?? 'matrix'}></samspil-rc-heatmap>`,
  );
  await settled(el);
  return el;
}
/** Rendered, with the chunk of the network or the table view loaded when that view is shown. */
async function settled(el: SamspilRcHeatmap) {
  await el.updateComplete;
  if (el.view === 'network') await waitUntil(() => el.shadowRoot!.querySelector('svg[part="network"]'), 'the network view loads');
  if (el.view === 'table') await waitUntil(() => el.shadowRoot!.querySelector('table[part="table"]'), 'the table view loads');
}
/** The detail panel once it shows `tie` (its chunk loads at the first selection). */
async function detailOf(el: SamspilRcHeatmap, tie: string) {
  await waitUntil(() => el.shadowRoot!.querySelector('[part="detail"]')!.textContent!.includes(tie), 'the detail panel shows the tie');
  return el.shadowRoot!.querySelector('[part="detail"]')!;
}
const root = (el: SamspilRcHeatmap) => el.shadowRoot!;
const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const cell = (el: SamspilRcHeatmap, r: number, c: number) =>
  root(el).querySelector<HTMLTableCellElement>(`td[data-from="${r}"][data-to="${c}"]`)!;
const key = (target: Element, k: string, init: KeyboardEventInit = {}) =>
  target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true, cancelable: true, ...init }));
const selections = (el: SamspilRcHeatmap) => {
  const seen: RcTieSelectDetail[] = [];
  document.addEventListener('samspil-tie-select', (e) => seen.push(e.detail));
  el.addEventListener('samspil-tie-select', (e) => expect(e instanceof SamspilTieSelectEvent && e.bubbles && e.composed).to.equal(true));
  return seen;
};

describe('samspil-rc-heatmap', () => {
  it('renders a matrix: rows rate columns, one decimal in Danish, bands by data-band, colour and line style, n per cell', async () => {
    const el = await mount(small());
    const grid = root(el).querySelector('table[role="grid"]')!;
    expect(grid.getAttribute('part')).to.equal('grid');
    expect(grid.querySelectorAll('td[part="cell"]')).to.have.length(9);
    expect([...grid.querySelectorAll('thead th')].map(text).slice(1)).to.deep.equal([J, F, S]);
    expect([...grid.querySelectorAll('tbody th')].map(text)).to.deep.equal([J, F, S]);
    expect([...grid.querySelectorAll('td')].map((td) => td.dataset.band)).to.deep.equal([
      'strong', 'strong', 'moderate',
      'weak', 'suppressed', 'moderate',
      'moderate', 'none', 'moderate',
    ]);
    const jf = cell(el, 0, 1);
    expect(jf.textContent).to.equal('4,2\nn=5');
    expect(jf.getAttribute('aria-label')).to.equal('4,2 n=5, Høj, asymmetrisk');
    expect(cell(el, 0, 2).getAttribute('aria-label')).to.equal('3,7 n=4, Middel');
    expect(text(cell(el, 1, 2))).to.match(/^4,0/); // 3.96 to one decimal
    expect(text(cell(el, 1, 0))).to.match(/^3,0/);
    // The cue besides colour: the line style of the cell's band stripe, as in the legend and the network.
    expect(['strong', 'moderate', 'weak', 'suppressed'].map((b) => getComputedStyle(root(el).querySelector(`td[data-band="${b}"]`)!).borderInlineStartStyle)).to.deep.equal(['solid', 'dashed', 'dotted', 'double']);
    expect(getComputedStyle(jf).backgroundColor).not.to.equal(getComputedStyle(cell(el, 1, 0)).backgroundColor);
    expect(cell(el, 0, 0).classList.contains('d')).to.equal(true);
    expect(text(cell(el, 2, 1))).to.equal('–');
    expect(cell(el, 2, 1).getAttribute('aria-label')).to.equal('ingen data');
  });

  it('never shows a number in a suppressed cell', async () => {
    const el = await mount(small());
    const ff = cell(el, 1, 1);
    expect(ff.dataset.band).to.equal('suppressed');
    expect(text(ff)).to.equal('skjult');
    expect(ff.textContent).not.to.match(/\d/);
    expect(ff.getAttribute('aria-label')).to.equal('skjult');
  });

  it('marks asymmetric pairs visibly and in text', async () => {
    const el = await mount(small());
    const marked = [...root(el).querySelectorAll<HTMLElement>('td.asym')].map((td) => `${td.dataset.from}-${td.dataset.to}`);
    expect(marked).to.deep.equal(['0-1', '1-0']);
    expect(getComputedStyle(cell(el, 0, 1), '::after').content).to.contain('⇄');
    expect(cell(el, 1, 0).getAttribute('aria-label')).to.equal('3,0 n=6, Lav, asymmetrisk');
    expect(cell(el, 0, 2).getAttribute('aria-label')).not.to.contain('asymmetrisk');
  });

  it('moves focus with arrow keys (roving tabindex) and selects with Enter and Space', async () => {
    const el = await mount(small());
    const seen = selections(el);
    const tabbable = () => [...root(el).querySelectorAll('td[tabindex="0"]')];
    expect(tabbable()).to.deep.equal([cell(el, 0, 0)]);
    cell(el, 0, 0).focus();
    key(cell(el, 0, 0), 'ArrowRight');
    await el.updateComplete;
    expect(root(el).activeElement).to.equal(cell(el, 0, 1));
    key(cell(el, 0, 1), 'ArrowDown');
    await el.updateComplete;
    key(cell(el, 1, 1), 'ArrowLeft');
    await el.updateComplete;
    key(cell(el, 1, 0), 'ArrowLeft'); // stays at the edge
    await el.updateComplete;
    expect(root(el).activeElement).to.equal(cell(el, 1, 0));
    expect(tabbable()).to.deep.equal([cell(el, 1, 0)]);
    expect(root(el).querySelectorAll('td[tabindex="-1"]')).to.have.length(8);
    const enter = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true });
    cell(el, 1, 0).dispatchEvent(enter);
    expect(enter.defaultPrevented).to.equal(true);
    await el.updateComplete;
    expect(seen).to.have.length(1);
    expect(seen[0]!.from).to.equal(F);
    expect(seen[0]!.to).to.equal(J);
    expect(seen[0]!.tie).to.include({ from: F, to: J, n: 6, score: 3.0, band: 'weak' });
    expect(cell(el, 1, 0).getAttribute('aria-selected')).to.equal('true');
    key(cell(el, 1, 0), 'End', { ctrlKey: true });
    await el.updateComplete;
    expect(root(el).activeElement).to.equal(cell(el, 2, 2));
    key(cell(el, 2, 2), ' ');
    expect(seen.map((d) => `${d.from}→${d.to}`)).to.deep.equal([`${F}→${J}`, `${S}→${S}`]);
    key(cell(el, 2, 2), 'Home');
    await el.updateComplete;
    expect(root(el).activeElement).to.equal(cell(el, 2, 0));
  });

  it('selects a cell on click and shows its seven dimensions', async () => {
    const el = await mount(small());
    const seen = selections(el);
    expect(root(el).querySelector('[part="detail"]')!.textContent!.trim()).to.equal('');
    cell(el, 0, 1).click();
    await el.updateComplete;
    expect(seen).to.have.length(1);
    expect(seen[0]).to.deep.include({ from: J, to: F });
    expect(cell(el, 0, 1).tabIndex).to.equal(0);
    const detail = await detailOf(el, `${J} → ${F}`);
    expect(detail.getAttribute('aria-live')).to.equal('polite');
    expect(text(detail)).to.contain(`${J} → ${F}`).and.contain('4,2').and.contain('n = 5');
    const rows = [...detail.querySelectorAll('tbody tr')];
    expect(rows).to.have.length(7);
    expect(rows.map((r) => text(r.querySelector('th')))).to.deep.equal([
      'Hyppig kommunikation',
      'Rettidig kommunikation',
      'Præcis kommunikation',
      'Problemløsende kommunikation',
      'Fælles mål',
      'Fælles viden',
      'Gensidig respekt',
    ]);
    expect(text(rows[1]!.querySelector('td'))).to.equal('4,3'); // timely 4.34
    // A suppressed tie: selectable, says so, no score and no dimensions.
    cell(el, 1, 1).click();
    await detailOf(el, `${F} → ${F}`);
    expect(text(detail)).to.contain('Skjult').and.not.contain('Hyppig');
    // No tie: nothing to select.
    cell(el, 2, 1).click();
    await el.updateComplete;
    expect(seen).to.have.length(2);
  });

  it('shows the change against a baseline in the cell and the detail', async () => {
    const r = small();
    const el = await mount(r, { baseline: baselineOf(r) });
    expect(cell(el, 0, 1).textContent).to.equal('4,2\nn=5\n+0,3\n+8,7\u00a0%');
    expect(cell(el, 0, 1).getAttribute('aria-label')).to.equal('4,2 n=5 +0,3 +8,7\u00a0%, Høj, asymmetrisk');
    expect(text(cell(el, 1, 0))).to.match(/[-−]0,4 [-−]11,8\s%/);
    expect(text(cell(el, 0, 0))).to.contain('0,0').and.not.contain('+0,0');
    expect(text(cell(el, 1, 1))).to.equal('skjult');
    cell(el, 0, 1).click();
    const detail = await detailOf(el, `${J} → ${F}`);
    expect(text(detail)).to.contain('Ændring: +0,3 (+8,7 %)');
    expect(detail.querySelectorAll('thead th')).to.have.length(3);
    expect(text(detail.querySelector('tbody tr'))).to.equal('Hyppig kommunikation 4,2 +0,3');
  });

  it('renders the network view: one arrow per scored tie between groups, a ring per within-group tie', async () => {
    const el = await mount(small(), { view: 'network' });
    const svg = root(el).querySelector('svg[part="network"]')!;
    expect(svg.getAttribute('role')).to.equal('img');
    expect(svg.getAttribute('aria-label')).to.contain('3 grupper og 5 relationer');
    expect(text(svg.querySelector('title'))).to.equal(svg.getAttribute('aria-label'));
    const arrows = [...svg.querySelectorAll('line.arrow')];
    // J→F, J→S, F→J, F→S, S→J (F→F suppressed, S→F missing, diagonals are rings).
    expect(arrows.map((a) => a.getAttribute('data-band'))).to.deep.equal(['strong', 'moderate', 'weak', 'moderate', 'moderate']);
    expect(arrows.every((a) => /^url\(#rc-head-/.test(a.getAttribute('marker-end')!))).to.equal(true);
    expect(getComputedStyle(arrows[2]!).strokeDasharray).not.to.equal('none');
    expect(getComputedStyle(arrows[0]!).strokeDasharray).to.equal('none');
    expect([...svg.querySelectorAll('circle.ring')].map((c) => c.getAttribute('data-band'))).to.deep.equal(['strong', 'suppressed', 'moderate']);
    expect([...svg.querySelectorAll('text')].map(text)).to.deep.equal([J, F, S]);
    expect(root(el).querySelector('table[role="grid"]')).to.equal(null);
  });

  it('renders the table view and switches views with the view property (reflected)', async () => {
    const r = small();
    const el = await mount(r, { view: 'table', baseline: baselineOf(r) });
    const table = root(el).querySelector('table[part="table"]')!;
    expect(table.getAttribute('role')).to.equal(null);
    expect([...table.querySelectorAll('thead th')].map(text)).to.deep.equal(['Fra', 'Til', 'n', 'Score', 'Niveau', 'Ændring']);
    const rows = [...table.querySelectorAll<HTMLTableRowElement>('tbody tr')].map((tr) => [...tr.cells].map(text));
    expect(rows).to.have.length(8);
    expect(rows[1]).to.deep.equal([J, F, '5', '4,2', 'Høj, asymmetrisk', '+0,3 (+8,7 %)']);
    expect(rows[4]).to.deep.equal([F, F, '2', 'skjult', 'skjult', '–']);
    el.view = 'network';
    await settled(el);
    expect(el.getAttribute('view')).to.equal('network');
    expect(root(el).querySelector('svg[part="network"]')).not.to.equal(null);
    el.view = 'matrix';
    await el.updateComplete;
    expect(el.getAttribute('view')).to.equal('matrix');
    expect(root(el).querySelectorAll('td[part="cell"]')).to.have.length(9);
  });

  it('summarises the weakest ties and the most asymmetric pairs in words', async () => {
    const el = await mount(small());
    const summary = root(el).querySelector('[part="summary"]')!;
    expect(text(summary)).to.contain(`Svageste relationer: ${F} → ${J} (3,0), ${S} → ${J} (3,6) og ${J} → ${S} (3,7).`);
    expect(text(summary)).to.contain(`Mest asymmetriske par: ${J} → ${F} (4,2) mod ${F} → ${J} (3,0).`);
    const none = await mount({ ...small(), asymmetries: [], ties: small().ties.map((t) => ({ ...t, score: null, band: null, suppressed: true, dimensions: null })) });
    expect(text(root(none).querySelector('[part="summary"]'))).to.contain('Ingen asymmetriske par.').and.contain('Ingen relationer');
  });

  it('speaks English with lang="en"', async () => {
    const el = await mount(small(), {}, 'en');
    expect(text(cell(el, 0, 1))).to.contain('4.2');
    expect(cell(el, 0, 1).getAttribute('aria-label')).to.equal('4.2 n=5, High, asymmetric');
    expect([...root(el).querySelectorAll('[part~="legend"] li')].map(text).slice(0, 3)).to.deep.equal(['High', 'Middle', 'Low']);
    expect(text(cell(el, 1, 1))).to.equal('suppressed');
    expect(text(root(el).querySelector('[part="summary"]'))).to.contain(`Weakest ties: ${F} → ${J} (3.0)`).and.contain('Most asymmetric pairs');
    cell(el, 0, 1).click();
    expect(text(await detailOf(el, `${J} → ${F}`))).to.contain('Frequent communication').and.contain('Mutual respect');
    el.setAttribute('lang', 'da');
    await new Promise((r) => setTimeout(r));
    await el.updateComplete;
    expect(cell(el, 0, 1).getAttribute('aria-label')).to.equal('4,2 n=5, Høj, asymmetrisk');
  });

  it('shows an alert naming the path of the first problem for invalid data, and never throws', async () => {
    const bad = small() as unknown as { ties: { n: unknown }[] };
    bad.ties[0]!.n = 'fem';
    const el = await mount(bad);
    const alert = root(el).querySelector('[role="alert"]')!;
    expect(text(alert)).to.contain('ties[0].n');
    expect(root(el).querySelector('table')).to.equal(null);
    const hostile = Object.defineProperty({}, 'groups', {
      get() {
        throw new Error('boom');
      },
      enumerable: true,
    });
    for (const value of ['x', 42, [], { groups: 'x' }, hostile]) {
      el.result = value as RcResult;
      await el.updateComplete;
      expect(root(el).querySelector('[role="alert"]'), String(value)).not.to.equal(null);
    }
    const r = small();
    const badBase = structuredClone(r) as unknown as { ties: { n: unknown }[] };
    badBase.ties[0]!.n = -1;
    const withBase = await mount(r, { baseline: badBase as unknown as RcResult });
    expect(text(root(withBase).querySelector('[role="alert"]'))).to.contain('baseline.ties[0].n');
    expect(root(withBase).querySelectorAll('td[part="cell"]')).to.have.length(9);
  });

  it('shows the empty state for null, undefined and a result without groups', async () => {
    for (const value of [null, undefined, { ...small(), groups: [], ties: [], asymmetries: [] }]) {
      const el = await mount(value);
      expect(text(root(el).querySelector('[part="empty"]'))).to.equal('Der er ingen RC-resultater at vise.');
      expect(root(el).querySelector('[role="alert"]')).to.equal(null);
    }
    const en = await mount(null, {}, 'en');
    expect(text(root(en).querySelector('[part="empty"]'))).to.equal('There are no RC results to show.');
  });

  it('renders names from data as text, never as markup', async () => {
    const evil = '<img src=x onerror="window.__xss=1">';
    const el = await mount(small([J, evil, S]));
    for (const view of ['matrix', 'network', 'table'] as const) {
      el.view = view;
      await settled(el);
      expect(root(el).querySelector('img'), view).to.equal(null);
      expect(root(el).textContent).to.contain(evil);
    }
    el.view = 'matrix';
    await el.updateComplete;
    cell(el, 1, 0).click();
    await detailOf(el, `${evil} → ${J}`);
    expect(text(root(el).querySelector('[part="summary"]'))).to.contain(evil);
    expect(root(el).querySelector('img')).to.equal(null);
    await new Promise((r) => setTimeout(r, 50));
    expect((window as { __xss?: unknown }).__xss).to.equal(undefined);
  });

  for (const lang of ['da', 'en']) {
    for (const view of ['matrix', 'network', 'table'] as const) {
      it(`is accessible: ${view} view, lang=${lang}`, async () => {
        const r = small();
        const el = await mount(r, { view, baseline: baselineOf(r) }, lang);
        if (view === 'matrix') {
          cell(el, 0, 1).click();
          await detailOf(el, `${J} → ${F}`);
        }
        await expect(el).to.be.accessible();
      });
    }
  }

  it('is accessible in the empty and invalid states', async () => {
    await expect(await mount(null)).to.be.accessible();
    await expect(await mount({ groups: 1 })).to.be.accessible();
  });

  it('renders 60 groups (3,600 cells) as a window of rows and columns, and the keyboard reaches every one', async () => {
    const big = many(60);
    const el = document.createElement('samspil-rc-heatmap');
    document.body.append(el);
    try {
      // Speed is measured by `npm run bench`; here: only the cells in view are in the DOM,
      // screen readers are told the whole size, and the keyboard and scrolling bring any cell in.
      el.result = structuredClone(big);
      el.baseline = baselineOf(big); // four lines in the scored cells, the diagonal's too
      await el.updateComplete;
      const grid = root(el).querySelector<HTMLTableElement>('table[role="grid"]')!;
      expect(grid.getAttribute('aria-rowcount')).to.equal('61');
      expect(grid.getAttribute('aria-colcount')).to.equal('61');
      const rendered = root(el).querySelectorAll('tbody tr[aria-rowindex]');
      expect(rendered.length).to.be.within(5, 40);
      expect(rendered[0]!.getAttribute('aria-rowindex')).to.equal('2');
      const columns = [...grid.querySelectorAll('thead th[aria-colindex]')].map((th) => th.getAttribute('aria-colindex'));
      expect(columns.length - 1).to.be.within(5, 40);
      expect(columns.slice(0, 3)).to.deep.equal(['1', '2', '3']);
      const cells = [...root(el).querySelectorAll<HTMLElement>('td[part="cell"]')];
      expect(cells.length).to.equal(rendered.length * (columns.length - 1));
      expect(cells.every((td) => td.dataset.band && td.getAttribute('aria-colindex') === String(Number(td.dataset.to) + 2))).to.equal(true);
      const heights = new Set([...rendered].map((tr) => tr.getBoundingClientRect().height));
      expect(heights.size, 'one height for every row').to.equal(1);
      key(cell(el, 0, 0), 'End'); // spacers before the rendered columns too
      await waitUntil(() => cell(el, 0, 59), 'End reaches the last column');
      await expect(el).to.be.accessible();
      key(cell(el, 0, 59), 'Home');
      await waitUntil(() => cell(el, 0, 0) && el.shadowRoot!.activeElement === cell(el, 0, 0), 'Home goes back');
      key(cell(el, 0, 0), 'ArrowDown');
      await waitUntil(() => cell(el, 1, 0)?.tabIndex === 0, 'the tab stop moves down');
      key(cell(el, 1, 0), 'End');
      await waitUntil(() => cell(el, 1, 59) && el.shadowRoot!.activeElement === cell(el, 1, 59), 'End reaches the last column');
      expect(cell(el, 1, 59).getAttribute('aria-colindex')).to.equal('61');
      key(cell(el, 1, 59), 'End', { ctrlKey: true });
      await waitUntil(() => cell(el, 59, 59) && el.shadowRoot!.activeElement === cell(el, 59, 59), 'Ctrl+End reaches the last cell');
      expect(cell(el, 59, 59).closest('tr')!.getAttribute('aria-rowindex')).to.equal('61');
      expect(text(cell(el, 59, 59))).not.to.equal('');
      // The spacers put the last cell where the whole table would have it.
      const last = cell(el, 59, 59).getBoundingClientRect();
      const body = grid.tBodies[0]!.getBoundingClientRect();
      const header = cell(el, 59, 59).closest('tr')!.querySelector('th')!.getBoundingClientRect().width;
      expect(last.left - body.left - header).to.be.closeTo(59 * last.width, 2);
      expect(last.top - body.top).to.be.closeTo(59 * last.height, 2);
      const seen = selections(el);
      root(el).querySelector<HTMLElement>('td.spacer')!.click(); // a spacer is no cell
      key(cell(el, 59, 59), ' ');
      await el.updateComplete;
      expect(seen.map((d) => `${d.from}→${d.to}`)).to.deep.equal(['Gruppe 60→Gruppe 60']);
      expect(cell(el, 59, 59).getAttribute('aria-selected')).to.equal('true');
      // Scrolling back renders the first rows and columns again, and the tab stop stays on a rendered cell.
      const scroller = root(el).querySelector<HTMLElement>('.scroll')!;
      scroller.scrollTo(0, 0);
      scroller.dispatchEvent(new Event('scroll'));
      await waitUntil(() => cell(el, 0, 0), 'the first cell is rendered again');
      await el.updateComplete;
      expect(root(el).querySelectorAll('td[part="cell"][tabindex="0"]')).to.have.length(1);
      expect(root(el).querySelectorAll('[aria-selected="true"]')).to.have.length(0);
      // Another view and back: the matrix starts again at the top left.
      scroller.scrollTo(0, 2000);
      scroller.dispatchEvent(new Event('scroll'));
      await waitUntil(() => !cell(el, 0, 0), 'the first row leaves the window');
      el.view = 'table';
      await settled(el);
      el.view = 'matrix';
      await el.updateComplete;
      expect(cell(el, 0, 0)).to.exist;
    } finally {
      el.remove();
    }
  });

  it('follows its scroller only while connected: the observer and the scroll listener go when it is removed and come back with it', async () => {
    // The browser's own ResizeObserver and listeners, recorded: what each observer watches, which scroll listeners each element has.
    const observers: Set<Element>[] = [];
    const RealObserver = window.ResizeObserver;
    window.ResizeObserver = class extends RealObserver {
      readonly #targets = new Set<Element>();
      constructor(callback: ResizeObserverCallback) {
        super(callback);
        observers.push(this.#targets);
      }
      override observe(target: Element, options?: ResizeObserverOptions) {
        this.#targets.add(target);
        super.observe(target, options);
      }
      override unobserve(target: Element) {
        this.#targets.delete(target);
        super.unobserve(target);
      }
      override disconnect() {
        this.#targets.clear();
        super.disconnect();
      }
    };
    const { addEventListener, removeEventListener } = EventTarget.prototype;
    const scrollListeners = new Map<EventTarget, Set<unknown>>();
    const listenersOf = (target: EventTarget) => scrollListeners.get(target) ?? scrollListeners.set(target, new Set()).get(target)!;
    EventTarget.prototype.addEventListener = function (this: EventTarget, type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions) {
      if (type === 'scroll') listenersOf(this).add(listener);
      addEventListener.call(this, type, listener, options);
    };
    EventTarget.prototype.removeEventListener = function (this: EventTarget, type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions) {
      if (type === 'scroll') listenersOf(this).delete(listener);
      removeEventListener.call(this, type, listener, options);
    };
    const el = document.createElement('samspil-rc-heatmap');
    try {
      el.result = many(40);
      document.body.append(el);
      await el.updateComplete;
      const scroller = root(el).querySelector<HTMLElement>('.scroll')!;
      const observed = () => observers.filter((targets) => targets.has(scroller)).length;
      expect(observed(), 'one observer watches the scroller').to.equal(1);
      expect(listenersOf(scroller).size, 'one scroll listener').to.equal(1);
      el.remove();
      expect(observed(), 'removed: nothing watches the scroller').to.equal(0);
      expect(listenersOf(scroller).size, 'removed: no scroll listener').to.equal(0);
      document.body.append(el);
      await el.updateComplete;
      expect(observed(), 'back: watched again').to.equal(1);
      expect(listenersOf(scroller).size, 'back: one scroll listener again').to.equal(1);
      scroller.scrollTo(0, 2000);
      await waitUntil(() => !cell(el, 0, 0), 'the window follows the scrolling again');
    } finally {
      window.ResizeObserver = RealObserver;
      EventTarget.prototype.addEventListener = addEventListener;
      EventTarget.prototype.removeEventListener = removeEventListener;
      el.remove();
    }
  });
});
