// A stand-in for a vendor's case view: it owns the case data, hands it to the
// widgets as properties and keeps them in step from their events. Served by the
// Samspil service (`npm start`), it reads and writes the plan and the agreement
// through the API with a widget token; opened as static files, it uses demo data.
import { cases, COORDINATION_ROW, consent, departments, matrix as initialMatrix, people, plan as initialPlan } from '../data/demo.js';

const texts = {
  da: { language: 'English', summary: (active, total, coordinator) => `${active} af ${total} indsatser i gang · plankoordinator: ${coordinator ?? 'ingen'}`, tie: (t) => `Valgt relation: ${t.from} → ${t.to}` },
  en: { language: 'Dansk', summary: (active, total, coordinator) => `${active} of ${total} interventions under way · plan coordinator: ${coordinator ?? 'none'}`, tie: (t) => `Selected tie: ${t.from} → ${t.to}` },
};

const state = { plan: initialPlan, matrix: initialMatrix, coordinator: initialMatrix.coordinator };

/** The API, when the service serves this page: the token comes from the stand-in for the vendor's backend. */
const api = await (async () => {
  const reference = initialPlan.caseReference;
  const response = await fetch(`/demo/widget-token?case=${encodeURIComponent(reference)}`).catch(() => undefined);
  if (!response?.ok) return undefined;
  const { token } = await response.json();
  const base = `/api/v1/cases/${encodeURIComponent(reference)}`;
  const versions = {};
  const call = async (path, init = {}) => {
    const r = await fetch(base + path, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers } });
    if (r.headers.get('etag')) versions[path] = r.headers.get('etag');
    if (!r.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${r.status} ${(await r.json()).detail ?? ''}`);
    return r.json();
  };
  return {
    get: (path) => call(path),
    /** Writes with If-Match on the version read; a conflict reloads the server's copy. */
    put: (path, body) => call(path, { method: 'PUT', body: JSON.stringify(body), headers: versions[path] ? { 'if-match': versions[path] } : {} }),
  };
})();

if (api) {
  const [plan, matrix, current] = await Promise.all([api.get('/plan'), api.get('/matrix'), api.get('')]);
  Object.assign(state, { plan, matrix, coordinator: current.coordinator.current });
}

async function save(path, body) {
  if (!api) return;
  try {
    await api.put(path, body);
  } catch (error) {
    $('case-summary').textContent = String(error.message);
    state[path.slice(1)] = await api.get(path);
    render();
  }
}
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
  save('/plan', state.plan);
});

// The Accountable of the coordination row is the plan coordinator.
$('matrix').addEventListener('samspil-matrix-change', (e) => {
  state.matrix = e.detail.matrix;
  const row = state.matrix.rows.find((r) => r.id === COORDINATION_ROW);
  const accountable = row && Object.entries(row.cells).find(([column, letter]) => letter === 'A' && people.some((p) => p.id === column));
  state.coordinator = accountable ? accountable[0] : null;
  state.matrix = { ...state.matrix, coordinator: state.coordinator ?? undefined };
  render();
  save('/matrix', state.matrix);
  save('/coordinator', { person: state.coordinator, reason: 'Ansvarlig for plankoordinering i samarbejdsaftalen' });
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
