import type { InsightsOverview } from '@samspil/core';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { define } from '../shared/define.js';
import './coordination-overview.js';
import { isoWeek, type SamspilCoordinationOverview } from './coordination-overview.js';

const week = (w: string, open: number, stalled: number | { under: number }, started: number | { under: number }) => ({
  week: w,
  openCoordinations: open,
  stalled,
  stalledByReason: {},
  stalledByDepartment: {},
  episodesStarted: started,
  episodesResolved: 0,
  handovers: 0,
  absences: 0,
  remindersSent: started,
  remindersAcknowledged: 0,
  remindersEscalated: 0,
});
const under = { under: 3 };

/** What the API answers for a small municipality (the server's test's figures at k = 3). */
function overview(): InsightsOverview {
  return {
    figures: {
      period: { from: '2026-11-15T23:00:00.000Z', to: '2026-12-02T12:00:00.000Z', weeks: 3 },
      k: 3,
      departments: null,
      openCoordinations: 14,
      stalled: {
        total: 6,
        byReason: { 'stall.no-activity': 4, 'stall.no-coordinator': under, 'stall.decision-awaited': 3 },
        byDepartment: { job: { total: 5, byReason: { 'stall.no-activity': 3 } }, fam: { total: under, byReason: {} } },
      },
      episodes: { started: 9, resolved: 4 },
      timeToCoordinator: { n: 8, medianDays: 2, p90Days: 3.6, waiting: under },
      timeToFirstPlan: { n: under, medianDays: null, p90Days: null, waiting: 3 },
      decisionTime: { n: 5, medianDays: 8, p90Days: 21.5, waiting: 4 },
      decisionsAwaited: { job: 4, psy: under },
      handovers: 3,
      absences: under,
      caseload: { coordinators: 5, median: 3, max: 6, byCoordinator: [] },
      professionalsPerCitizen: { cases: 16, median: 4, max: 11 },
      reminders: { sent: 9, acknowledged: 5, escalated: under },
      trend: [week('2026-11-16', 12, 3, 4), week('2026-11-23', 14, under, 3), week('2026-11-30', 14, 6, under)],
      stalledCases: [
        { reference: 'SAG-2026-0412', caseSystemUrl: 'https://sag.example/SAG-2026-0412', reasons: ['stall.no-coordinator'], since: '2026-11-23T08:00:00.000Z' },
        { reference: 'SAG-2026-0977', caseSystemUrl: 'javascript:alert(1)', reasons: ['stall.no-activity', 'stall.decision-awaited'], since: '2026-11-24T09:00:00.000Z' },
        { reference: 'SAG-2026-1003', caseSystemUrl: null, reasons: ['stall.no-activity'], since: '2026-11-25T09:00:00.000Z' },
      ],
    },
    pairs: [
      { a: 'job', b: 'psy', sharedCases: 3, episodes: 6, episodesPerCase: 2, decisionsAwaited: under, rc: { aToB: null, bToA: null } },
      {
        a: 'fam',
        b: 'job',
        sharedCases: 9,
        episodes: 9,
        episodesPerCase: 1,
        decisionsAwaited: 4,
        rc: { aToB: { score: 4.2, band: 'strong', previous: null, change: null, changePercent: null }, bToA: { score: 3.2, band: 'weak', previous: 2.8, change: 0.4, changePercent: 14.285714 } },
      },
    ],
    rc: { latest: 'RC Odense: efterår', previous: 'RC Odense: forår', survey: '1' },
    departmentNames: [
      { id: 'job', name: 'Jobcentret' },
      { id: 'fam', name: 'Familie' },
      { id: 'psy', name: 'Psykiatrien' },
    ],
    viewer: { kind: 'municipality' },
  };
}

const root = (el: SamspilCoordinationOverview) => el.shadowRoot!;
const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
/** A row's or an item's cells, each one's text, joined by a space. */
const cells = (el: Element) => [...el.children].map((c) => text(c)).filter(Boolean).join(' ');

async function mount(data: unknown = overview(), lang = 'da', extra: Partial<SamspilCoordinationOverview> = {}) {
  const el = await fixture<SamspilCoordinationOverview>(html`<samspil-coordination-overview lang=${lang} .data=${data}></samspil-coordination-overview>`);
  Object.assign(el, extra);
  await el.updateComplete;
  return el;
}

describe('<samspil-coordination-overview>', () => {
  afterEach(async () => {
    await setViewport({ width: 800, height: 600 });
  });

  it('tolerates a second copy defining its tag', () => {
    expect(() => define('samspil-coordination-overview', class extends HTMLElement {})).not.to.throw();
    expect(customElements.get('samspil-coordination-overview')!.name).to.equal('SamspilCoordinationOverview');
  });

  it('shows the key figures, with counts under k as "under 3"', async () => {
    const el = await mount();
    const figures = [...root(el).querySelectorAll('[part=figures] div')].map((d) => [text(d.querySelector('dt')), text(d.querySelector('dd'))]);
    expect(figures).to.deep.include(['Åbne koordineringer', '14']);
    expect(figures).to.deep.include(['Stop startet / løst i perioden', '9 / 4']);
    expect(figures).to.deep.include(['Påmindelser sendt / kvitteret / eskaleret', '9 / 5 / under 3']);
    expect(figures).to.deep.include(['Fravær uden dækning', 'under 3']);
    expect(figures).to.deep.include(['Tid til plankoordinator (median / 90 %)', '2,0 dage / 3,6 dage under 3 venter stadig']);
    expect(figures).to.deep.include(['Tid til første plan (median / 90 %)', '– / – 3 venter stadig']);
    expect(figures).to.deep.include(['Fagpersoner pr. borger (median / højst)', '4 / 11']);
  });

  it('draws the trend in SVG with gaps for suppressed weeks, and shows it as a table on request (keyboard)', async () => {
    const el = await mount();
    const chart = root(el).querySelector('svg[part=trend]')!;
    expect(chart.getAttribute('role')).to.equal('img');
    expect(chart.getAttribute('aria-label')).to.contain('Åbne koordineringer');
    // Open coordinations: one run of three points; stalled: week 2 suppressed, so two runs of one point.
    expect(chart.querySelectorAll('.series.openCoordinations polyline')).to.have.length(1);
    expect(chart.querySelectorAll('.series.openCoordinations circle')).to.have.length(3);
    expect(chart.querySelectorAll('.series.stalled polyline')).to.have.length(2);
    expect(chart.querySelectorAll('.series.stalled circle')).to.have.length(2);
    const button = root(el).querySelector<HTMLButtonElement>('button[data-chart=trend]')!;
    expect(button.getAttribute('aria-pressed')).to.equal('false');
    button.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(root(el).querySelector('svg[part=trend]')).to.equal(null);
    const rows = [...root(el).querySelectorAll('table[part=trend] tbody tr')].map((r) => [...r.children].map((c) => text(c)));
    expect(rows).to.deep.equal([
      [`uge ${isoWeek('2026-11-16')} (16. november 2026)`, '12', '3', '4'],
      ['uge 48 (23. november 2026)', '14', 'under 3', '3'],
      ['uge 49 (30. november 2026)', '14', '6', 'under 3'],
    ]);
    expect(root(el).querySelector('button[data-chart=trend]')!.getAttribute('aria-pressed')).to.equal('true');
    await expect(el).to.be.accessible();
  });

  it('breaks the stalls down by reason, largest first, as bars or a table', async () => {
    const el = await mount();
    const bars = [...root(el).querySelectorAll('[part=reasons] li')].map(cells);
    expect(bars).to.deep.equal(['ingen aktivitet 4', 'afgørelse venter 3', 'ingen plankoordinator under 3']);
    expect(root(el).querySelector('[part=reasons] rect.suppressed')).to.exist;
    el.tables = new Set(['reasons']);
    await el.updateComplete;
    const rows = [...root(el).querySelectorAll('table[part=reasons] tbody tr')].map(cells);
    expect(rows).to.deep.equal(['ingen aktivitet 4', 'afgørelse venter 3', 'ingen plankoordinator under 3']);
  });

  it('puts the department pairs beside RC, worst first, with the change since the previous measurement', async () => {
    const el = await mount();
    const rows = [...root(el).querySelectorAll('table[part=pairs] tbody tr')].map((r) => [...r.children].map((c) => text(c)));
    expect(rows[0]!.slice(0, 5)).to.deep.equal(['Jobcentret – Psykiatrien', '3', '6', '2,0', 'under 3']);
    expect(rows[0]![5]).to.contain('ingen RC');
    expect(rows[1]![0]).to.equal('Familie – Jobcentret');
    expect(rows[1]![5]).to.equal('RC Familie → Jobcentret: 4,2 Høj');
    expect(rows[1]![6]).to.equal('RC Jobcentret → Familie: 3,2 Lav (+0,4, +14,3 %)');
    expect(root(el).querySelector('table[part=pairs] [data-band=weak]')).to.exist;
    expect(text(root(el).querySelector('[aria-labelledby=pairs] p'))).to.equal('RC fra RC Odense: efterår, ændring siden RC Odense: forår.');
    const departments = [...root(el).querySelectorAll('table[part=departments] tbody tr')].map(cells);
    expect(departments).to.deep.equal(['Familie under 3 0', 'Jobcentret 5 4', 'Psykiatrien 0 under 3']);
  });

  it('drills down to the stalled cases by reference, linking only http(s) into the case system', async () => {
    const el = await mount(overview(), 'da', { caseLink: 'https://vendor.example/sag/{reference}' });
    const details = root(el).querySelector('details')!;
    expect(text(details.querySelector('summary'))).to.equal('Sager i stå (3)');
    details.querySelector('summary')!.focus();
    await sendKeys({ press: 'Enter' });
    expect(details.open).to.equal(true);
    const items = [...details.querySelectorAll('li')];
    expect(items.map((li) => li.querySelector('a')?.getAttribute('href') ?? null)).to.deep.equal([
      'https://sag.example/SAG-2026-0412',
      'https://vendor.example/sag/SAG-2026-0977', // its own link is no http(s) link: the host's template instead
      'https://vendor.example/sag/SAG-2026-1003',
    ]);
    expect(text(items[1])).to.contain('ingen aktivitet, afgørelse venter');
    const plain = await mount(overview());
    expect(plain.shadowRoot!.querySelectorAll('details a')).to.have.length(1);
    await expect(el).to.be.accessible();
  });

  it('speaks English', async () => {
    const el = await mount(overview(), 'en');
    expect(text(root(el).querySelector('h2'))).to.equal('Coordination over time');
    expect(cells(root(el).querySelector('[part=reasons] li')!)).to.equal('no activity 4');
    expect(text(root(el).querySelectorAll('table[part=pairs] tbody tr')[1]!.children[6])).to.equal('RC Jobcentret → Familie: 3.2 Low (+0.4, +14.3%)');
    expect(text(root(el).querySelector('[part=figures] div:nth-child(6) dd'))).to.equal('under 3');
    await expect(el).to.be.accessible();
  });

  it('never throws: invalid data names its first problem, none shows the empty state', async () => {
    const bad = overview() as unknown as { figures: { trend: { stalled: unknown }[] } };
    bad.figures.trend[1]!.stalled = 'mange';
    const el = await mount(bad);
    expect(text(root(el).querySelector('[role=alert]'))).to.equal('Data kan ikke vises: fejl i figures.trend[1].stalled.');
    await expect(el).to.be.accessible();
    el.data = null;
    await el.updateComplete;
    expect(text(root(el).querySelector('[part=empty]'))).to.equal('Der er intet overblik at vise.');
    el.data = 42 as never;
    await el.updateComplete;
    expect(root(el).querySelector('[role=alert]')).to.exist;
  });

  it('loads from src with a token', async () => {
    await fetch('/fake-api/reset', { method: 'POST', body: JSON.stringify({ overview: overview() }) });
    const el = await fixture<SamspilCoordinationOverview>(html`<samspil-coordination-overview src="/fake-api/overview" token="swt_test"></samspil-coordination-overview>`);
    await waitUntil(() => el.sourceState === 'loaded', 'loaded');
    await el.updateComplete;
    expect(text(root(el).querySelector('[part=figures] dd'))).to.equal('14');
  });

  it('reflows at 320 px: nothing wider than the screen but the tables, which scroll in their own region', async () => {
    await setViewport({ width: 320, height: 640 });
    const el = await mount();
    el.tables = new Set(['trend', 'reasons']);
    await el.updateComplete;
    expect(el.getBoundingClientRect().width).to.be.at.most(320);
    for (const child of root(el).querySelectorAll('section > *:not(.scroll), .figures div, svg.chart')) {
      expect((child as HTMLElement).getBoundingClientRect().right, child.className || child.localName).to.be.at.most(321);
    }
    for (const region of root(el).querySelectorAll('.scroll')) expect(region.getBoundingClientRect().right).to.be.at.most(321);
    expect(document.documentElement.scrollWidth, 'the page is no wider than the screen').to.be.at.most(320);
    await expect(el).to.be.accessible();
  });
});
