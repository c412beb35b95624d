import type { ResponsibilityMatrix } from '@samspil/core';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { SamspilMatrixChangeEvent } from '../events.js';
import './responsibility-matrix.js';
import type { SamspilResponsibilityMatrix } from './responsibility-matrix.js';

/** The example agreement (examples/data/matrix.json). */
const example = (): ResponsibilityMatrix => ({
  caseReference: 'SAG-2026-0412',
  version: 1,
  coordinator: 'p-job-1',
  columns: [
    { id: 'p-job-1', kind: 'person', label: 'Plankoordinator, jobcentret' },
    { id: 'p-familie-1', kind: 'person', label: 'Familierådgiver' },
    { id: 'p-psyk-1', kind: 'person', label: 'Psykolog, socialpsykiatrien' },
    { id: 'jobcenter', kind: 'department', label: 'Jobcenter' },
    { id: 'familie', kind: 'department', label: 'Familieafdelingen' },
  ],
  rows: [
    { id: 'r-plan', kind: 'task', label: 'Holde den fælles plan opdateret', cells: { 'p-job-1': 'A', 'p-familie-1': 'C', 'p-psyk-1': 'C' } },
    { id: 'r-pause', kind: 'decision', label: 'Pause i rådighedsforpligtelsen', cells: { jobcenter: 'A', 'p-job-1': 'R', familie: 'I' } },
    { id: 'r-family', kind: 'intervention', label: 'Familiestøtte i hjemmet', cells: { familie: 'A', 'p-familie-1': 'R', 'p-job-1': 'I' } },
    { id: 'r-meeting', kind: 'task', label: 'Indkalde til netværksmøde', cells: { 'p-job-1': 'R', 'p-familie-1': 'A', jobcenter: 'A' } },
  ],
  disagreement: {
    rule: 'Uenighed løftes til fælles ledermøde inden for fem arbejdsdage; borgeren mærker den ikke.',
    decidedBy: 'jobcenter',
  },
});

type El = SamspilResponsibilityMatrix;

const mount = (matrix: unknown, lang = 'da') =>
  fixture<El>(html`<samspil-responsibility-matrix lang=${lang} .matrix=${matrix as ResponsibilityMatrix}></samspil-responsibility-matrix>`);

const root = (el: El) => el.shadowRoot!;
const table = (el: El) => root(el).querySelector('table')!;
const cell = (el: El, r: number, c: number) => table(el).tBodies[0]!.rows[r]!.cells[c + 1]!;
const rowText = (el: El, r: number) => table(el).tBodies[0]!.rows[r]!.querySelector('th')!.textContent!.replace(/\s+/g, ' ');
const focusable = (el: El) => [...root(el).querySelectorAll<HTMLElement>('[tabindex="0"]')];
const active = (el: El) => root(el).activeElement;

/** Presses a key on the focused element (or the given cell), as a user would. */
async function press(el: El, key: string, init: KeyboardEventInit = {}) {
  const target = (active(el) as HTMLElement | null) ?? cell(el, 0, 0);
  const event = new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true, ...init });
  target.dispatchEvent(event);
  await el.updateComplete;
  return event;
}

describe('samspil-responsibility-matrix', () => {
  it('renders a grid with column and row headers and the letters', async () => {
    const el = await mount(example());
    const t = table(el);
    expect(t.getAttribute('role')).to.equal('grid');
    const cols = [...t.tHead!.querySelectorAll('th[scope="col"]')].map((th) => th.textContent!.trim());
    expect(cols).to.have.length(6);
    expect(cols[1]).to.contain('Plankoordinator, jobcentret').and.contain('person');
    expect(cols[4]).to.contain('Jobcenter').and.contain('afdeling');
    const rows = t.tBodies[0]!.rows;
    expect(rows).to.have.length(4);
    expect(rows[1]!.querySelector('th[scope="row"]')!.textContent).to.contain('Pause i rådighedsforpligtelsen').and.contain('beslutning');
    expect(rows[2]!.querySelector('th[scope="row"]')!.textContent).to.contain('indsats');
    expect(t.querySelectorAll('td[role="gridcell"]')).to.have.length(20);
    expect(cell(el, 0, 0).textContent!.trim()).to.equal('A');
    expect(cell(el, 0, 0).getAttribute('aria-label')).to.equal('Ansvarlig (A)');
    expect(cell(el, 1, 0).textContent!.trim()).to.equal('R');
    expect(cell(el, 1, 0).getAttribute('aria-label')).to.equal('Udførende (R)');
    expect(cell(el, 0, 1).getAttribute('aria-label')).to.equal('Konsulteret (C)');
    expect(cell(el, 1, 4).getAttribute('aria-label')).to.equal('Informeret (I)');
    expect(cell(el, 0, 3).textContent!.trim()).to.equal('');
    expect(cell(el, 0, 3).getAttribute('aria-label')).to.equal('Ingen rolle');
    expect(t.getAttribute('aria-readonly')).to.equal('false');
    expect(cell(el, 0, 0).hasAttribute('aria-readonly')).to.equal(false);
    expect(t.querySelector('caption')!.textContent).to.contain('Samarbejdsaftale').and.contain('SAG-2026-0412');
  });

  it('has exactly one tab stop and moves it with the arrow keys, Home and End', async () => {
    const el = await mount(example());
    expect(focusable(el)).to.deep.equal([cell(el, 0, 0)]);
    cell(el, 0, 0).focus();
    await press(el, 'ArrowRight');
    expect(active(el)).to.equal(cell(el, 0, 1));
    await press(el, 'ArrowDown');
    await press(el, 'ArrowDown');
    expect(active(el)).to.equal(cell(el, 2, 1));
    expect(focusable(el)).to.deep.equal([cell(el, 2, 1)]);
    await press(el, 'End');
    expect(active(el)).to.equal(cell(el, 2, 4));
    await press(el, 'ArrowRight'); // stays at the edge
    expect(active(el)).to.equal(cell(el, 2, 4));
    await press(el, 'Home');
    expect(active(el)).to.equal(cell(el, 2, 0));
    await press(el, 'ArrowLeft');
    expect(active(el)).to.equal(cell(el, 2, 0));
    await press(el, 'ArrowUp');
    expect(active(el)).to.equal(cell(el, 1, 0));
    await press(el, 'End', { ctrlKey: true });
    expect(active(el)).to.equal(cell(el, 3, 4));
    await press(el, 'ArrowDown');
    expect(active(el)).to.equal(cell(el, 3, 4));
    expect(focusable(el)).to.deep.equal([cell(el, 3, 4)]);
    const event = await press(el, 'Home', { ctrlKey: true });
    expect(event.defaultPrevented).to.equal(true);
    expect(active(el)).to.equal(cell(el, 0, 0));
    // A click (focus) on a cell makes it the tab stop.
    cell(el, 2, 3).focus();
    expect(focusable(el)).to.deep.equal([cell(el, 2, 3)]);
    // Tab moves out of the grid: other keys are left alone.
    expect((await press(el, 'Tab')).defaultPrevented).to.equal(false);
    // The tab stop survives a re-render.
    el.readonly = true;
    await el.updateComplete;
    expect(focusable(el)).to.deep.equal([cell(el, 2, 3)]);
  });

  it('sets a cell with R/A/C/I, emits a new matrix and leaves the input untouched', async () => {
    const input = example();
    const before = structuredClone(input);
    const el = await mount(input);
    cell(el, 0, 3).focus();
    const heard = oneEvent(el, 'samspil-matrix-change');
    await press(el, 'r');
    const event = (await heard) as CustomEvent<{ matrix: ResponsibilityMatrix }>;
    expect(event).to.be.instanceOf(SamspilMatrixChangeEvent);
    expect(event.bubbles).to.equal(true);
    expect(event.composed).to.equal(true);
    const next = event.detail.matrix;
    expect(next).not.to.equal(input);
    expect(next.rows[0]!.cells).to.deep.equal({ 'p-job-1': 'A', 'p-familie-1': 'C', 'p-psyk-1': 'C', jobcenter: 'R' });
    expect(next.version).to.equal(1);
    expect(next.rows.slice(1)).to.deep.equal(input.rows.slice(1));
    expect(input).to.deep.equal(before);
    expect(el.matrix).to.equal(input);
    // The component shows the edited state and keeps the focus.
    expect(cell(el, 0, 3).textContent!.trim()).to.equal('R');
    expect(cell(el, 0, 3).getAttribute('aria-label')).to.equal('Udførende (R)');
    expect(active(el)).to.equal(cell(el, 0, 3));
    // The edit is announced.
    expect(root(el).querySelector('[role="status"]')!.textContent).to.contain('Udførende (R)');

    // Each letter, and edits build on the working copy.
    const events: ResponsibilityMatrix[] = [];
    el.addEventListener('samspil-matrix-change', (e) => events.push((e as CustomEvent).detail.matrix));
    for (const key of ['C', 'i', 'A']) await press(el, key);
    expect(events.map((m) => m.rows[0]!.cells.jobcenter)).to.deep.equal(['C', 'I', 'A']);
    expect(events[2]!.rows[0]!.cells['p-job-1']).to.equal('A');
    expect(events[0]).not.to.equal(events[1]);
    // The same letter again, modifier combinations (Ctrl+C copies) and other letters change nothing.
    await press(el, 'a');
    await press(el, 'c', { ctrlKey: true });
    await press(el, 'x');
    expect(events).to.have.length(3);
    expect(cell(el, 0, 3).textContent!.trim()).to.equal('A');
    expect(input).to.deep.equal(before);
  });

  it('clears a cell with Delete and Backspace', async () => {
    const input = example();
    const el = await mount(input);
    cell(el, 0, 0).focus();
    let heard = oneEvent(el, 'samspil-matrix-change');
    await press(el, 'Delete');
    let next = ((await heard) as CustomEvent).detail.matrix as ResponsibilityMatrix;
    expect(next.rows[0]!.cells).to.deep.equal({ 'p-familie-1': 'C', 'p-psyk-1': 'C' });
    expect(Object.hasOwn(next.rows[0]!.cells, 'p-job-1')).to.equal(false);
    expect(cell(el, 0, 0).textContent!.trim()).to.equal('');
    expect(cell(el, 0, 0).getAttribute('aria-label')).to.equal('Ingen rolle');
    await press(el, 'ArrowRight');
    heard = oneEvent(el, 'samspil-matrix-change');
    await press(el, 'Backspace');
    next = ((await heard) as CustomEvent).detail.matrix as ResponsibilityMatrix;
    expect(next.rows[0]!.cells).to.deep.equal({ 'p-psyk-1': 'C' });
    expect(input.rows[0]!.cells).to.deep.equal({ 'p-job-1': 'A', 'p-familie-1': 'C', 'p-psyk-1': 'C' });
  });

  it('shows the findings as text on the row they concern', async () => {
    const el = await mount(example());
    // Row 3 has two Accountables, rows 0 has no Responsible.
    expect(rowText(el, 3)).to.contain('har mere end én ansvarlig (A)').and.contain('Fejl:');
    expect(rowText(el, 0)).to.contain('Ingen udfører (R)').and.contain('Advarsel:');
    expect(rowText(el, 1)).not.to.contain('Advarsel').and.not.to.contain('Fejl');
    expect(root(el).querySelectorAll('[part="finding"]')).to.have.length(2);

    // Remove the only A of row 1: nobody is accountable.
    cell(el, 1, 3).focus();
    await press(el, 'Delete');
    expect(rowText(el, 1)).to.contain('Ingen har ansvaret (A) for »Pause i rådighedsforpligtelsen«');
    // Give row 2 a second A: more than one accountable, naming both.
    cell(el, 2, 2).focus();
    await press(el, 'A');
    expect(rowText(el, 2)).to.contain('»Familiestøtte i hjemmet« har mere end én ansvarlig (A):').and.contain('»Psykolog, socialpsykiatrien«').and.contain('»Familieafdelingen«');
    expect(root(el).querySelector('[role="status"]')!.textContent).to.contain('har mere end én ansvarlig');
    // Remove one A of row 3: its finding goes.
    cell(el, 3, 3).focus();
    await press(el, 'Delete');
    expect(rowText(el, 3)).not.to.contain('ansvarlig (A)');
  });

  it('shows matrix-level findings above the table and honours accountable-limit', async () => {
    const m = example();
    delete m.disagreement;
    m.coordinator = 'p-psyk-1';
    m.rows[0]!.cells = { 'p-job-1': 'A', 'p-familie-1': 'R' };
    const el = await mount(m);
    const findings = root(el).querySelector('[part="findings"]')!;
    expect(findings.compareDocumentPosition(table(el)) & Node.DOCUMENT_POSITION_FOLLOWING).to.be.greaterThan(0);
    expect(findings.textContent).to.contain('Plankoordinatoren »Psykolog, socialpsykiatrien« har ingen rolle i samarbejdsaftalen.');
    expect(findings.textContent).to.contain('Samarbejdsaftalen siger ikke, hvordan uenighed afgøres, og af hvem.');
    expect(findings.textContent).not.to.contain('grænsen');
    expect(root(el).querySelector('[part="agreement"]')).to.equal(null);

    el.accountableLimit = 0;
    await el.updateComplete;
    expect(findings.textContent).to.contain('»Plankoordinator, jobcentret« har ansvaret (A) for 1 rækker; grænsen er 0.');
    const viaAttribute = await fixture<El>(
      html`<samspil-responsibility-matrix accountable-limit="0" .matrix=${example()}></samspil-responsibility-matrix>`,
    );
    expect(root(viaAttribute).querySelector('[part="findings"]')!.textContent).to.contain('grænsen er 0');

    const noCoordinator = example();
    delete noCoordinator.coordinator;
    el.matrix = noCoordinator;
    await el.updateComplete;
    expect(root(el).querySelector('[part="findings"]')!.textContent).to.contain('nævner ingen plankoordinator');
  });

  it('shows the rule for disagreements and who decides', async () => {
    const el = await mount(example());
    const agreement = root(el).querySelector('[part="agreement"]')!;
    expect(agreement.textContent).to.contain('Ved uenighed').and.contain('Uenighed løftes til fælles ledermøde');
    expect(agreement.textContent).to.contain('Afgøres af').and.contain('Jobcenter');
    expect(agreement.querySelector('dd:last-of-type')!.textContent!.trim()).to.equal('Jobcenter');
  });

  it('replaces the working copy when a new matrix is set', async () => {
    const el = await mount(example());
    cell(el, 0, 3).focus();
    await press(el, 'R');
    expect(cell(el, 0, 3).textContent!.trim()).to.equal('R');
    el.matrix = example();
    await el.updateComplete;
    expect(cell(el, 0, 3).textContent!.trim()).to.equal('');
    // A smaller matrix keeps one tab stop inside it.
    cell(el, 3, 4).focus();
    const small = example();
    small.rows = small.rows.slice(0, 1);
    small.columns = small.columns.slice(0, 2);
    el.matrix = small;
    await el.updateComplete;
    expect(focusable(el)).to.deep.equal([cell(el, 0, 1)]);
  });

  it('blocks edits when readonly', async () => {
    const input = example();
    const el = await fixture<El>(html`<samspil-responsibility-matrix readonly .matrix=${input}></samspil-responsibility-matrix>`);
    expect(el.readonly).to.equal(true);
    let fired = 0;
    el.addEventListener('samspil-matrix-change', () => fired++);
    cell(el, 0, 0).focus();
    for (const key of ['R', 'c', 'I', 'Delete', 'Backspace']) await press(el, key);
    expect(fired).to.equal(0);
    expect(cell(el, 0, 0).textContent!.trim()).to.equal('A');
    expect(table(el).getAttribute('aria-readonly')).to.equal('true');
    expect([...table(el).querySelectorAll('td')].every((td) => td.getAttribute('aria-readonly') === 'true')).to.equal(true);
    // Moving still works.
    await press(el, 'ArrowDown');
    expect(active(el)).to.equal(cell(el, 1, 0));
    // The property reflects, and turning it off allows edits again.
    el.readonly = false;
    await el.updateComplete;
    expect(el.hasAttribute('readonly')).to.equal(false);
    await press(el, 'C');
    expect(fired).to.equal(1);
    el.readonly = true;
    await el.updateComplete;
    expect(el.hasAttribute('readonly')).to.equal(true);
  });

  it('speaks English with lang="en"', async () => {
    const el = await mount(example(), 'en');
    expect(cell(el, 0, 0).getAttribute('aria-label')).to.equal('Accountable (A)');
    expect(cell(el, 1, 0).getAttribute('aria-label')).to.equal('Responsible (R)');
    expect(cell(el, 0, 1).getAttribute('aria-label')).to.equal('Consulted (C)');
    expect(cell(el, 1, 4).getAttribute('aria-label')).to.equal('Informed (I)');
    expect(cell(el, 0, 3).getAttribute('aria-label')).to.equal('No role');
    expect(rowText(el, 3)).to.contain('Error:').and.contain('has more than one accountable (A)');
    expect(rowText(el, 0)).to.contain('Warning:').and.contain('Nobody is responsible (R)');
    expect(rowText(el, 1)).to.contain('decision');
    expect(table(el).querySelector('caption')!.textContent).to.contain('Collaboration agreement');
    const agreement = root(el).querySelector('[part="agreement"]')!.textContent!;
    expect(agreement).to.contain('When there is disagreement').and.contain('Decided by');
    const text = root(el).textContent!;
    for (const danish of ['Ansvarlig', 'Afgøres', 'Samarbejdsaftale', 'opgave', 'beslutning', 'Advarsel', 'Fejl', 'Ingen rolle', 'piletasterne']) expect(text).not.to.contain(danish);
    // Switching the language re-renders.
    el.setAttribute('lang', 'da');
    await new Promise((r) => setTimeout(r));
    await el.updateComplete;
    expect(cell(el, 0, 0).getAttribute('aria-label')).to.equal('Ansvarlig (A)');
  });

  it('shows an alert naming the path of invalid data, and never throws', async () => {
    const badCell = example() as unknown as { rows: { cells: Record<string, string> }[] };
    badCell.rows[0]!.cells.x = 'Z';
    const el = await mount(badCell);
    const alert = root(el).querySelector('[role="alert"]')!;
    expect(alert.textContent).to.contain('rows[0].cells.x');
    expect(table(el)).to.equal(null);

    const badKind = example() as unknown as { columns: { kind: string }[] };
    badKind.columns[1]!.kind = 'team';
    el.matrix = badKind as never;
    await el.updateComplete;
    expect(root(el).querySelector('[role="alert"]')!.textContent).to.contain('columns[1].kind');

    const throwing = {
      get columns(): never {
        throw new Error('boom');
      },
    };
    for (const [i, bad] of [42, 'matrix', [], { columns: 'no' }, throwing].entries()) {
      el.matrix = bad as never;
      await el.updateComplete;
      expect(root(el).querySelector('[role="alert"]'), `case ${i}`).to.exist;
    }
    // Back to valid data.
    el.matrix = example();
    await el.updateComplete;
    expect(root(el).querySelector('[role="alert"]')).to.equal(null);
    expect(table(el)).to.exist;
  });

  it('shows an empty state for null and undefined', async () => {
    const el = await mount(undefined);
    expect(root(el).querySelector('[part="empty"]')!.textContent).to.contain('Der er ingen samarbejdsaftale at vise.');
    expect(table(el)).to.equal(null);
    el.matrix = example();
    await el.updateComplete;
    expect(table(el)).to.exist;
    el.matrix = null;
    await el.updateComplete;
    expect(table(el)).to.equal(null);
    expect(root(el).querySelector('[part="empty"]')).to.exist;
    const english = await mount(null, 'en');
    expect(root(english).textContent).to.contain('There is no collaboration agreement to show.');
    await expect(el).to.be.accessible();
  });

  it('renders data as text, never as markup', async () => {
    const evil = '<img src=x onerror="window.__xss=1">';
    const m = example();
    m.columns[0]!.label = evil;
    m.rows[0]!.label = evil;
    m.rows[3]!.label = evil;
    m.disagreement!.rule = evil;
    m.caseReference = 'SAG-<b>1</b>';
    m.columns[3]!.label = evil;
    const el = await mount(m);
    await new Promise((r) => setTimeout(r, 50));
    expect(root(el).querySelector('img')).to.equal(null);
    expect(root(el).querySelector('b:not(.finding b, .legend b)')).to.equal(null);
    expect((window as unknown as { __xss?: number }).__xss).to.equal(undefined);
    expect(table(el).tHead!.textContent).to.contain(evil);
    expect(rowText(el, 0)).to.contain(evil);
    expect(root(el).querySelector('[part="agreement"]')!.textContent).to.contain(evil);
    // Labels inside finding messages are text too.
    expect(rowText(el, 3)).to.contain(`»${evil}«`);
  });

  it('copes with ids such as "constructor" and "__proto__"', async () => {
    const m = example();
    m.columns.push({ id: 'constructor', kind: 'person', label: 'Konstruktør' });
    const el = await mount(m);
    expect(cell(el, 0, 5).textContent!.trim()).to.equal('');
    cell(el, 0, 5).focus();
    const heard = oneEvent(el, 'samspil-matrix-change');
    await press(el, 'I');
    const next = ((await heard) as CustomEvent).detail.matrix as ResponsibilityMatrix;
    expect(Object.hasOwn(next.rows[0]!.cells, 'constructor')).to.equal(true);
    expect(cell(el, 0, 5).textContent!.trim()).to.equal('I');
  });

  it('is accessible in Danish, in English and when readonly', async () => {
    const da = await mount(example());
    await expect(da).to.be.accessible();
    const en = await mount(example(), 'en');
    await expect(en).to.be.accessible();
    const ro = await fixture<El>(html`<samspil-responsibility-matrix readonly .matrix=${example()}></samspil-responsibility-matrix>`);
    await expect(ro).to.be.accessible();
    const invalid = await mount({ columns: [], rows: [{}] });
    await expect(invalid).to.be.accessible();
  });

  // Speed is measured by `npm run bench`, not asserted here; this checks the large grid behaves.
  it('renders 200 rows × 30 columns and edits and moves within it', async () => {
    const columns = Array.from({ length: 30 }, (_, i) => ({ id: `c${i}`, kind: i % 3 ? ('person' as const) : ('department' as const), label: `Kolonne ${i}` }));
    const rows = Array.from({ length: 200 }, (_, r) => ({
      id: `r${r}`,
      kind: (['task', 'decision', 'intervention'] as const)[r % 3]!,
      label: `Række ${r}`,
      cells: Object.fromEntries(columns.filter((_, c) => (r + c) % 4 === 0).map((c, i) => [c.id, 'RACI'[(i + r) % 4]!])) as Record<string, 'R' | 'A' | 'C' | 'I'>,
    }));
    const big: ResponsibilityMatrix = { version: 3, coordinator: 'c1', columns, rows, disagreement: { rule: 'Leder afgør', decidedBy: 'c0' } };
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    const el = document.createElement('samspil-responsibility-matrix');
    el.matrix = big;
    host.append(el);
    await el.updateComplete;
    expect(table(el).querySelectorAll('td[role="gridcell"]')).to.have.length(6000);
    expect(focusable(el)).to.have.length(1);

    cell(el, 100, 15).focus();
    await press(el, 'A');
    await new Promise((r) => requestAnimationFrame(r));
    await press(el, 'ArrowRight');
    expect(cell(el, 100, 15).textContent!.trim()).to.equal('A');
    expect(active(el)).to.equal(cell(el, 100, 16));
  });
});
