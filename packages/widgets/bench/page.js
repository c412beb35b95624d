// Runs in Chromium: first render and one update of each widget, and the ECharts
// reference, with synthetic data of the sizes the issue names.
import { drawRcHeatmap } from '/bench/dist/echarts-heatmap.js';
import { rcResult } from '/bench/data.js';

function plan(interventions, status) {
  const subGoals = Array.from({ length: 30 }, (_, i) => ({ id: `sg${i}`, title: `Delmål ${i + 1}`, criterion: 'Målbart kriterium', targetDate: '2027-06-30', status: 'in-progress' }));
  return {
    version: 1,
    citizenWishes: 'Jeg vil klare mig selv og have et arbejde.',
    overallGoal: { kind: 'employment' },
    subGoals,
    interventions: Array.from({ length: interventions }, (_, i) => ({
      id: `iv${i}`,
      title: `Indsats ${i + 1}`,
      department: `d${i % 6}`,
      status: i % 5 === 0 ? status : 'active',
      start: '2027-01-01',
      end: '2027-06-30',
      subGoals: [`sg${i % 30}`],
      dependsOn: i > 0 && i % 4 === 0 ? [`iv${i - 1}`] : [],
      budgetDkk: 1000 + i,
    })),
    followUps: [{ date: '2027-01-15' }],
  };
}

function matrix(rows, cols, letter) {
  const columns = Array.from({ length: cols }, (_, c) => ({ id: `c${c}`, kind: c % 3 ? 'person' : 'department', label: `Kolonne ${c + 1}` }));
  return {
    version: 1,
    columns,
    rows: Array.from({ length: rows }, (_, r) => ({
      id: `r${r}`,
      kind: 'task',
      label: `Opgave ${r + 1}`,
      cells: { [`c${r % cols}`]: 'A', [`c${(r + 1) % cols}`]: letter, [`c${(r + 2) % cols}`]: 'C' },
    })),
    disagreement: { rule: 'Ledermøde', decidedBy: 'c0' },
    coordinator: 'c1',
  };
}

const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
/** The frame that shows it: the next animation frame, then a task after it (the paint has happened by then). */
const painted = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
async function settle() {
  await frame();
  await frame();
}

/** Time from setting the data to the element rendered (script) and laid out (styles and layout forced). */
async function timeWidget(tag, set, first, second, runs) {
  const t = { first: [], firstScript: [], firstPainted: [], update: [], updateScript: [] };
  for (let i = 0; i < runs; i++) {
    const el = document.createElement(tag);
    let start = performance.now();
    set(el, first);
    document.body.append(el);
    await el.updateComplete;
    t.firstScript.push(performance.now() - start);
    el.getBoundingClientRect();
    t.first.push(performance.now() - start);
    await painted();
    t.firstPainted.push(performance.now() - start);
    await settle();
    start = performance.now();
    set(el, second);
    await el.updateComplete;
    t.updateScript.push(performance.now() - start);
    el.getBoundingClientRect();
    t.update.push(performance.now() - start);
    el.remove();
    await settle();
  }
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, median(v)]));
}

async function timeEcharts(first, second, runs) {
  const firsts = [];
  const painteds = [];
  const updates = [];
  for (let i = 0; i < runs; i++) {
    const div = document.createElement('div');
    div.style.cssText = 'width: 1200px; height: 1200px';
    document.body.append(div);
    let t = performance.now();
    const redraw = drawRcHeatmap(div, first);
    firsts.push(performance.now() - t);
    await painted();
    painteds.push(performance.now() - t);
    await settle();
    t = performance.now();
    redraw(second);
    updates.push(performance.now() - t);
    div.remove();
    await settle();
  }
  return { first: median(firsts), firstPainted: median(painteds), update: median(updates) };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

window.runBench = async (runs = 7) => {
  // The CDN entry defines a tag when it first sees it; the bench times rendering, not loading, so it loads all three first.
  const { load } = await import('/packages/widgets/dist/cdn/samspil-widgets.js');
  await Promise.all(['samspil-rc-heatmap', 'samspil-plan-card', 'samspil-responsibility-matrix'].map(load));
  const [r1, r2] = [rcResult(60, 0), rcResult(60, 5)];
  return {
    heatmap: await timeWidget('samspil-rc-heatmap', (el, d) => (el.result = d), r1, r2, runs),
    echarts: await timeEcharts(r1, r2, runs),
    planCard: await timeWidget('samspil-plan-card', (el, d) => (el.plan = d), plan(300, 'planned'), plan(300, 'done'), runs),
    matrix: await timeWidget('samspil-responsibility-matrix', (el, d) => (el.matrix = d), matrix(200, 30, 'R'), matrix(200, 30, 'I'), runs),
  };
};
