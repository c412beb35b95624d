// Reflow, text size, text spacing and forced colours (WCAG 2.1: 1.4.10, 1.4.4, 1.4.12, 1.4.11 and
// 2.4.7 under forced colours): all three widgets with the demo case at 320 CSS px, at 200 % text,
// with WCAG's text-spacing overrides and with `forced-colors: active`. Each test writes screenshots
// to packages/widgets/test-results/reflow/ for a person to look at (the folder is not committed).
import { expect, waitUntil } from '@open-wc/testing';
import { emulateMedia, executeServerCommand, sendKeys, setViewport } from '@web/test-runner-commands';
import '../src/index.js';
import type { SamspilRcHeatmap } from '../src/index.js';

type Demo = Record<'consent' | 'departments' | 'matrix' | 'people' | 'plan', unknown> & { matrix: { coordinator: string } };

const screenshot = (name: string, selector?: string) => executeServerCommand('screenshot', { name: `reflow/${name}`, selector });
/** The page and each widget on its own. */
async function screenshots(name: string) {
  await frames();
  await screenshot(name);
  for (const tag of ['samspil-plan-card', 'samspil-responsibility-matrix', 'samspil-rc-heatmap']) await screenshot(`${name}-${tag.slice(8)}`, tag);
}

/** WCAG 1.4.12's overrides, as a user's style sheet gives them: to the page and to every shadow tree. */
const SPACING = `* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p { margin-block-end: 2em !important; }`;

let demo: Demo;
let rc: { after: unknown; before: unknown };

before(async () => {
  demo = (await import('../../../examples/data/demo.js' as string)) as Demo;
  const [before, after] = await Promise.all(['rc-2024-04', 'rc-2025-04'].map((n) => fetch(`/examples/data/${n}.json`).then((r) => r.json())));
  rc = { before, after };
});

/** The three widgets with the demo case, as a host's page would show them, in `lang`. */
async function mountAll(lang = 'da'): Promise<HTMLElement> {
  const page = document.createElement('main');
  page.lang = lang;
  page.innerHTML = `<button type="button">Før</button>
    <samspil-plan-card editable></samspil-plan-card>
    <samspil-responsibility-matrix></samspil-responsibility-matrix>
    <samspil-rc-heatmap></samspil-rc-heatmap>`;
  const { consent, departments, matrix, people, plan } = demo;
  Object.assign(page.querySelector('samspil-plan-card')!, { plan, coordinator: matrix.coordinator, consent, departments, people, caseReference: 'SAG-2026-0412' });
  Object.assign(page.querySelector('samspil-responsibility-matrix')!, { matrix });
  Object.assign(page.querySelector('samspil-rc-heatmap')!, { result: rc.after, baseline: rc.before });
  document.body.append(page);
  await waitUntil(() => heatmapOf(page).shadowRoot?.querySelector('td[part="cell"]'), 'the widgets render');
  await frames();
  return page;
}

const heatmapOf = (page: HTMLElement) => page.querySelector<SamspilRcHeatmap>('samspil-rc-heatmap')!;
const widgets = (page: HTMLElement) => [...page.querySelectorAll<HTMLElement>('samspil-plan-card, samspil-responsibility-matrix, samspil-rc-heatmap')];
const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));

/** Every element of the widgets' shadow trees. */
const shadowElements = (page: HTMLElement) => widgets(page).flatMap((w) => [...w.shadowRoot!.querySelectorAll<HTMLElement>('*')]);

/** What reflow asks: no sideways scrolling of the page, every widget inside the viewport, no content cut off. */
function expectReflow(page: HTMLElement, label: string) {
  const beyond = shadowElements(page)
    .filter((el) => el.getBoundingClientRect().right > innerWidth + 0.5 && !el.closest('.scroll'))
    .map((el) => `${el.localName}.${el.className}[${el.getAttribute('part') ?? ''}] ${Math.round(el.getBoundingClientRect().right)}px`);
  expect(document.documentElement.scrollWidth, `${label}: the page does not scroll sideways (beyond the viewport: ${beyond.slice(0, 5).join(', ')})`).to.be.at.most(innerWidth);
  for (const w of widgets(page)) expect(w.getBoundingClientRect().right, `${label}: ${w.localName} fits the viewport`).to.be.at.most(innerWidth + 0.5);
  const cut: string[] = [];
  for (const el of shadowElements(page)) {
    if (el.matches('.visually-hidden, svg *')) continue;
    const s = getComputedStyle(el);
    const clips = (o: string) => o === 'hidden' || o === 'clip';
    if ((clips(s.overflowX) && el.scrollWidth > el.clientWidth + 1) || (clips(s.overflowY) && el.scrollHeight > el.clientHeight + 1)) cut.push(`${el.localName}.${el.className}: ${el.textContent?.slice(0, 30)}`);
  }
  expect(cut, `${label}: no content is cut off`).to.deep.equal([]);
  // The tables too wide for the viewport scroll in their own region, beside their row headers,
  // and a keyboard user can scroll them (a cell of the grid, or the region itself, takes focus).
  for (const scroller of shadowElements(page).filter((el) => el.classList.contains('scroll'))) {
    if (scroller.scrollWidth <= scroller.clientWidth) continue;
    expect(getComputedStyle(scroller).overflowX, `${label}: a wide table scrolls in its region`).to.equal('auto');
    expect(scroller.matches('[tabindex="0"]') || !!scroller.querySelector('[tabindex="0"]'), `${label}: a wide table can be scrolled with the keyboard`).to.equal(true);
    // A whole column of cells shows beside the sticky row headers.
    const header = scroller.querySelector('tbody th');
    const cell = scroller.querySelector('tbody td[part="cell"], tbody td[role="gridcell"], tbody td');
    if (header && cell && getComputedStyle(header).position === 'sticky') {
      const host = (header.getRootNode() as ShadowRoot).host.localName;
      expect(header.getBoundingClientRect().width + cell.getBoundingClientRect().width, `${label}: ${host}'s row headers leave room for a column of cells`).to.be.at.most(scroller.clientWidth + 0.5);
    }
    // The caption wraps to the region and stays in view.
    const caption = scroller.querySelector('caption');
    if (caption) expect(caption.getBoundingClientRect().right, `${label}: the caption is in view`).to.be.at.most(scroller.getBoundingClientRect().right + 0.5);
  }
}

/** The heatmap's tie panel, then its table and network views, each checked and photographed. */
async function heatmapViews(page: HTMLElement, label: string, name: string) {
  const heatmap = heatmapOf(page);
  heatmap.shadowRoot!.querySelector<HTMLElement>('td[part="cell"]')!.click();
  await waitUntil(() => heatmap.shadowRoot!.querySelector('[part="dimensions"]'), 'the tie panel shows');
  await frames();
  expectReflow(page, `${label}, tie panel`);
  for (const view of ['table', 'network'] as const) {
    heatmap.view = view;
    await waitUntil(() => heatmap.shadowRoot!.querySelector(view === 'table' ? '[part="table"]' : '[part="network"]'), `the ${view} view shows`);
    await frames();
    await screenshot(`${name}-heatmap-${view}`);
    expectReflow(page, `${label}, ${view} view`);
  }
}

/** A computed colour (rgb() or, from color-mix, color(srgb …)) as [r, g, b] in 0..1. */
function rgbOf(color: string): number[] {
  const srgb = /color\(srgb ([\d.]+) ([\d.]+) ([\d.]+)/.exec(color);
  if (srgb) return srgb.slice(1, 4).map(Number);
  const rgb = /rgba?\((\d+), (\d+), (\d+)/.exec(color);
  if (!rgb) throw new Error(`not a colour: ${color}`);
  return rgb.slice(1, 4).map((x) => Number(x) / 255);
}
/** WCAG's contrast ratio of two computed colours. */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = rgbOf(c).map((x) => (x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('reflow, text size, text spacing and forced colours', function () {
  // Each test lays the page out and takes a dozen screenshots: seconds on a busy machine. A bound on correctness, not speed.
  this.timeout(60_000);
  afterEach(async () => {
    document.querySelectorAll('main').forEach((m) => m.remove());
    document.documentElement.style.fontSize = '';
    await emulateMedia({ forcedColors: 'none' });
    await setViewport({ width: 800, height: 600 });
  });

  for (const lang of ['da', 'en']) {
    it(`reflows at 320 CSS px without the page scrolling sideways (${lang}) (1.4.10)`, async () => {
      await setViewport({ width: 320, height: 640 });
      const page = await mountAll(lang);
      await screenshots(`320-${lang}`);
      expectReflow(page, `320 px, ${lang}`);
      await heatmapViews(page, `320 px, ${lang}`, `320-${lang}`);
    });
  }

  it('shows everything at 200 % text, at 1280 and at 640 CSS px (1.4.4)', async () => {
    for (const width of [1280, 640]) {
      await setViewport({ width, height: 800 });
      document.documentElement.style.fontSize = '200%';
      const page = await mountAll();
      const cell = heatmapOf(page).shadowRoot!.querySelector('td[part="cell"]')!;
      expect(parseFloat(getComputedStyle(cell).fontSize), 'the widgets follow the text size').to.be.at.least(31);
      await screenshots(`text-200-${width}`);
      expectReflow(page, `200 % text at ${width} px`);
      await heatmapViews(page, `200 % text at ${width} px`, `text-200-${width}`);
      page.remove();
    }
  });

  it("keeps everything with WCAG's text-spacing overrides, at 320 and at 1280 CSS px (1.4.12)", async () => {
    for (const width of [320, 1280]) {
      await setViewport({ width, height: 800 });
      const page = await mountAll();
      const spacing = new CSSStyleSheet();
      spacing.replaceSync(SPACING);
      document.adoptedStyleSheets = [spacing];
      for (const w of widgets(page)) w.shadowRoot!.adoptedStyleSheets = [...w.shadowRoot!.adoptedStyleSheets, spacing];
      await frames();
      expect(getComputedStyle(heatmapOf(page).shadowRoot!.querySelector('td[part="cell"]')!).letterSpacing, 'the overrides apply inside the widgets').not.to.equal('normal');
      await screenshots(`text-spacing-${width}`);
      expectReflow(page, `text spacing at ${width} px`);
      // Each heatmap cell's three lines (score, band, n) fit in its row.
      for (const td of heatmapOf(page).shadowRoot!.querySelectorAll<HTMLElement>('td[part="cell"]'))
        expect(td.scrollHeight, `text spacing at ${width} px: a cell's lines fit (${td.textContent})`).to.be.at.most(td.clientHeight + 1);
      await heatmapViews(page, `text spacing at ${width} px`, `text-spacing-${width}`);
      document.adoptedStyleSheets = [];
      page.remove();
    }
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`gives each band's stripe 3:1 against the cell and the surface, ${scheme} scheme (1.4.11)`, async () => {
      await emulateMedia({ colorScheme: scheme });
      const page = await mountAll();
      const rcRoot = heatmapOf(page).shadowRoot!;
      const surface = getComputedStyle(heatmapOf(page)).backgroundColor;
      for (const band of ['strong', 'moderate', 'weak', 'suppressed']) {
        const el = rcRoot.querySelector(`td[part="cell"][data-band="${band}"]`) ?? rcRoot.querySelector(`.key[data-band="${band}"]`)!;
        const s = getComputedStyle(el);
        expect(contrast(s.borderInlineStartColor, s.backgroundColor), `${scheme}: ${band} stripe against its cell`).to.be.at.least(3);
        expect(contrast(s.borderInlineStartColor, surface), `${scheme}: ${band} stripe against the surface`).to.be.at.least(3);
        expect(contrast(s.color, s.backgroundColor), `${scheme}: text on a ${band} cell`).to.be.at.least(4.5);
      }
      await emulateMedia({ colorScheme: 'light' });
    });
  }

  it('keeps a cue besides colour and a visible focus in forced colours (1.4.1, 1.4.11, 2.4.7)', async () => {
    await setViewport({ width: 1024, height: 800 });
    await emulateMedia({ forcedColors: 'active' });
    expect(matchMedia('(forced-colors: active)').matches).to.equal(true);
    const page = await mountAll();
    const rcRoot = heatmapOf(page).shadowRoot!;
    // The bands differ by line style where the colours are gone: cells and legend alike.
    const styleOf = (el: Element) => getComputedStyle(el).borderInlineStartStyle;
    const cellStyles = new Map([...rcRoot.querySelectorAll('td[part="cell"][data-band]')].map((td) => [td.getAttribute('data-band'), styleOf(td)]));
    const keyStyles = new Map([...rcRoot.querySelectorAll('.key[data-band]')].map((k) => [k.getAttribute('data-band'), styleOf(k)]));
    expect(new Set(keyStyles.values()).size, 'four bands, four line styles in the legend').to.equal(4);
    for (const [band, style] of cellStyles) if (band !== 'none') expect(style, `a ${band} cell has its band's line style`).to.equal(keyStyles.get(band));
    for (const [, style] of keyStyles) expect(style).not.to.equal('none');
    expect(parseFloat(getComputedStyle(rcRoot.querySelector('td[part="cell"][data-band="strong"]')!).borderInlineStartWidth)).to.be.at.least(4);

    // Focus stays visible: tab from the button before the widgets into the plan card, the matrix and the heatmap.
    page.querySelector('button')!.focus();
    const seen: string[] = [];
    const trail: string[] = [];
    for (let i = 0; i < 40 && seen.length < 3; i++) {
      await sendKeys({ press: 'Tab' });
      const host = document.activeElement as HTMLElement;
      const focused = host.shadowRoot?.activeElement as HTMLElement | null;
      trail.push(`${host.localName}>${focused?.localName ?? ''}`);
      if (!focused || seen.includes(host.localName)) continue;
      const s = getComputedStyle(focused);
      expect(s.outlineStyle, `${host.localName}: ${focused.localName} shows its focus`).not.to.equal('none');
      expect(parseFloat(s.outlineWidth), `${host.localName}: a focus outline of 2 px at least`).to.be.at.least(2);
      expect(s.outlineColor, `${host.localName}: the outline differs from the background`).not.to.equal(getComputedStyle(focused).backgroundColor);
      if (focused.matches('td')) {
        seen.push(host.localName);
        // The widget only: a whole-page screenshot resizes the viewport under the focus.
        await screenshot(`forced-colors-focus-${host.localName.slice(8)}`, host.localName);
      } else if (host.localName === 'samspil-plan-card') seen.push(host.localName);
    }
    expect(seen, `focus went: ${trail.join(', ')}`).to.have.members(['samspil-plan-card', 'samspil-responsibility-matrix', 'samspil-rc-heatmap']);
    await screenshots('forced-colors');
  });
});
