// A stand-in for a vendor's case view: it owns the case data, hands it to the
// widgets as properties and keeps them in step from their events. Served by the
// Samspil service (`npm start`), it reads and writes the plan and the agreement
// through the API with a widget token; opened as static files, it uses demo data.
import { bookDemoMeeting, cases, consent, coordinatorOf, departments, matrix as initialMatrix, meetings, people, plan as initialPlan, recordDemoOutcome, rooms } from '../data/demo.js';

const texts = {
  da: { wave: ({ name, last, previous }) => `${name}: ${last}${previous ? ` (ændring siden ${previous})` : ''}`, language: 'English', summary: (active, total, coordinator) => `${active} af ${total} indsatser i gang · plankoordinator: ${coordinator ?? 'ingen'}`, tie: (t) => `Valgt relation: ${t.from} → ${t.to}` },
  en: { wave: ({ name, last, previous }) => `${name}: ${last}${previous ? ` (change since ${previous})` : ''}`, language: 'Dansk', summary: (active, total, coordinator) => `${active} of ${total} interventions under way · plan coordinator: ${coordinator ?? 'none'}`, tie: (t) => `Selected tie: ${t.from} → ${t.to}` },
};

const state = { plan: initialPlan, matrix: initialMatrix, coordinator: initialMatrix.coordinator, meetings, rooms, decisions: [] };
const $ = (id) => document.getElementById(id);
const lang = () => (document.documentElement.lang === 'en' ? 'en' : 'da');

/** When the service serves this page: a widget token from the stand-in for the vendor's backend. */
const api = await (async () => {
  const reference = initialPlan.caseReference;
  const response = await fetch(`/demo/widget-token?case=${encodeURIComponent(reference)}`).catch(() => undefined);
  const token = response?.ok ? (await response.json().catch(() => undefined))?.token : undefined;
  if (!token) return undefined; // opened as static files: demo data
  const base = `/api/v1/cases/${encodeURIComponent(reference)}`;
  const call = (path, init = {}) =>
    fetch(base + path, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } }).then((r) => r.json());
  return { token, base, call };
})();

if (api) {
  // The widgets load from the API themselves. The demo's token is read-only (no one has
  // logged in), so they show the case without editing; a vendor's token with scope `plan`
  // lets them write each edit back.
  Object.assign($('plan'), { token: api.token, src: `${api.base}/plan`, editable: false });
  Object.assign($('matrix'), { token: api.token, src: `${api.base}/matrix`, readonly: true });
  const current = await api.call('');
  state.coordinator = current.coordinator.current;
  // The case's meetings, decisions and rooms for the card; its disagreements for the agreement.
  const [held, disagreements] = await Promise.all([api.call('/meetings'), api.call('/disagreements')]);
  if (held.meetings) Object.assign(state, { meetings: held.meetings, decisions: held.decisions, rooms: held.rooms });
  if (disagreements.disagreements) $('matrix').disagreements = disagreements.disagreements;
  for (const id of ['plan', 'matrix']) {
    $(id).addEventListener('samspil-source-error', (e) => {
      $('case-summary').textContent = `${e.detail.status}: ${e.detail.detail}`;
    });
  }
}

function render() {
  const t = texts[lang()];
  const coordinator = people.find((p) => p.id === state.coordinator)?.name;
  const plan = $('plan').plan ?? state.plan; // in API mode, what the card loaded
  const active = plan.interventions.filter((iv) => iv.status === 'active').length;
  $('case-summary').textContent = t.summary(active, plan.interventions.length, coordinator);
  $('language').textContent = t.language;
  if (state.rc) $('rc-heading').textContent = t.wave(state.rc);
  Object.assign($('plan'), { coordinator: state.coordinator, consent, departments, people, caseReference: state.plan.caseReference, meetings: state.meetings, decisions: state.decisions, rooms: state.rooms });
  if (!api) {
    $('plan').plan = state.plan;
    $('matrix').matrix = state.matrix;
  }
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

// "Book møde": a vendor books through the API (POST /cases/{ref}/meetings, a `plan` token) and offers
// the .ics file; opened as files, the demo books it here at the suggested day.
$('plan').addEventListener('samspil-meeting-request', (e) => {
  state.meetings = [...state.meetings, bookDemoMeeting(state.meetings, e.detail)];
  render();
});

// A meeting's outcome from the card's form: a vendor records it (POST …/meetings/{id}/outcome) and
// reads the plan and the meetings again; the demo marks the meeting held here.
$('plan').addEventListener('samspil-meeting-outcome', (e) => {
  state.meetings = recordDemoOutcome(state.meetings, e.detail);
  render();
});

// The Accountable of the coordination row is the plan coordinator.
$('matrix').addEventListener('samspil-matrix-change', (e) => {
  state.matrix = e.detail.matrix;
  state.coordinator = coordinatorOf(state.matrix);
  if (!api) state.matrix = { ...state.matrix, coordinator: state.coordinator ?? undefined };
  render();
  api?.call('/coordinator', { method: 'PUT', body: JSON.stringify({ person: state.coordinator, reason: 'Ansvarlig for plankoordinering i samarbejdsaftalen' }) });
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

// RC: served by Samspil, a survey of the demo's (?survey=ID&wave=W, as a wave's digest in chat
// links it; else the latest); the heatmap loads the wave itself, and the wave before is the baseline.
const asked = new URLSearchParams(location.search);
const rc = await fetch(`/demo/widget-token?survey=${encodeURIComponent(asked.get('survey') ?? 'latest')}`).then((r) => (r.ok ? r.json() : undefined), () => undefined);
if (rc?.survey) {
  const results = `/api/v1/rc-surveys/${rc.survey.id}/results`;
  const { waves } = rc.survey;
  const at = Math.max(0, waves.includes(asked.get('wave')) ? waves.indexOf(asked.get('wave')) : waves.length - 1);
  const [previous, last] = [waves[at - 1], waves[at]];
  state.rc = { name: rc.survey.name, last, previous };
  const baseline = previous ? await fetch(`${results}?wave=${encodeURIComponent(previous)}`, { headers: { authorization: `Bearer ${rc.token}` } }).then((r) => (r.ok ? r.json() : undefined)) : undefined;
  Object.assign($('heatmap'), { token: rc.token, src: `${results}?wave=${encodeURIComponent(last)}`, baseline });
} else {
  const [before, after] = await Promise.all(['../data/rc-2024-04.json', '../data/rc-2025-04.json'].map((u) => fetch(u).then((r) => r.json())));
  Object.assign($('heatmap'), { result: after, baseline: before });
}
render();
