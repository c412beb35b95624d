// A stand-in for a vendor's case view: it owns the case data, hands it to the
// widgets as properties and keeps them in step from their events.
import { cases, COORDINATION_ROW, consent, departments, matrix as initialMatrix, people, plan as initialPlan } from '../data/demo.js';

const texts = {
  da: { language: 'English', summary: (active, total, coordinator) => `${active} af ${total} indsatser i gang · plankoordinator: ${coordinator ?? 'ingen'}`, tie: (t) => `Valgt relation: ${t.from} → ${t.to}` },
  en: { language: 'Dansk', summary: (active, total, coordinator) => `${active} of ${total} interventions under way · plan coordinator: ${coordinator ?? 'none'}`, tie: (t) => `Selected tie: ${t.from} → ${t.to}` },
};

const state = { plan: initialPlan, matrix: initialMatrix, coordinator: initialMatrix.coordinator };
const $ = (id) => document.getElementById(id);
const lang = () => (document.documentElement.lang === 'en' ? 'en' : 'da');

function render() {
  const t = texts[lang()];
  const coordinator = people.find((p) => p.id === state.coordinator)?.name;
  const active = state.plan.interventions.filter((iv) => iv.status === 'active').length;
  $('case-summary').textContent = t.summary(active, state.plan.interventions.length, coordinator);
  $('language').textContent = t.language;
  Object.assign($('plan'), { plan: state.plan, coordinator: state.coordinator, consent, departments, people, caseReference: state.plan.caseReference });
  $('matrix').matrix = state.matrix;
}

$('case-reference').textContent = initialPlan.caseReference;
$('case-list').replaceChildren(
  ...cases.map((c) => {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = '#';
    a.textContent = `${c.reference} – ${c.title}`;
    if (c.reference === initialPlan.caseReference) a.setAttribute('aria-current', 'page');
    li.append(a);
    return li;
  }),
);

$('plan').addEventListener('samspil-plan-change', (e) => {
  state.plan = e.detail.plan;
  render();
});

// The Accountable of the coordination row is the plan coordinator.
$('matrix').addEventListener('samspil-matrix-change', (e) => {
  state.matrix = e.detail.matrix;
  const row = state.matrix.rows.find((r) => r.id === COORDINATION_ROW);
  const accountable = row && Object.entries(row.cells).find(([column, letter]) => letter === 'A' && people.some((p) => p.id === column));
  state.coordinator = accountable ? accountable[0] : null;
  state.matrix = { ...state.matrix, coordinator: state.coordinator ?? undefined };
  render();
});

$('heatmap').addEventListener('samspil-tie-select', (e) => {
  $('tie-note').textContent = texts[lang()].tie(e.detail);
});
$('rc-view').addEventListener('change', (e) => $('heatmap').setAttribute('view', e.target.value));

$('language').addEventListener('click', () => {
  document.documentElement.lang = lang() === 'da' ? 'en' : 'da';
  $('language').setAttribute('aria-pressed', String(lang() === 'en'));
  render();
});

const [before, after] = await Promise.all(['../data/rc-2024-04.json', '../data/rc-2025-04.json'].map((u) => fetch(u).then((r) => r.json())));
Object.assign($('heatmap'), { result: after, baseline: before });
render();
