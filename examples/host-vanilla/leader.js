// The case system's leader dashboard: the leaders' overview of the demo municipality, as the chosen
// head of department would see it. Served by the Samspil service (`npm start`), the stand-in for the
// vendor's backend hands the page a widget token of scope `insights` for that leader, and the widget
// loads /api/v1/insights/overview itself; opened as static files, it shows a saved overview.
const $ = (id) => document.getElementById(id);
const lang = () => (document.documentElement.lang === 'en' ? 'en' : 'da');
const texts = {
  da: { heading: 'Lederoverblik', label: 'Vis som', cases: 'Sager', language: 'English', saved: 'Gemte demotal: start tjenesten (npm start) for at se demokommunens egne.', failed: (s) => `Overblikket kunne ikke hentes (${s}).` },
  en: { heading: "Leader's overview", label: 'Show as', cases: 'Cases', language: 'Dansk', saved: 'Saved demo figures: start the service (npm start) to see the demo municipality’s own.', failed: (s) => `The overview could not be loaded (${s}).` },
};

function render() {
  const t = texts[lang()];
  $('leader-heading').textContent = t.heading;
  $('leader-label').firstChild.textContent = `${t.label} `;
  $('to-cases').textContent = t.cases;
  $('language').textContent = t.language;
  if ($('leader-note').dataset.saved) $('leader-note').textContent = t.saved;
}

async function show(leader) {
  const answer = await fetch(`/demo/widget-token?insights=${encodeURIComponent(leader)}`).then((r) => (r.ok ? r.json() : undefined), () => undefined);
  if (answer?.token) {
    Object.assign($('overview'), { token: answer.token, src: '/api/v1/insights/overview?weeks=12' });
    return;
  }
  // Opened as static files: the saved overview.
  $('leader-as').disabled = true;
  $('leader-note').dataset.saved = 'true';
  $('overview').data = await fetch('../data/insights.json').then((r) => r.json());
  render();
}

$('overview').addEventListener('samspil-source-error', (e) => {
  $('leader-note').textContent = texts[lang()].failed(e.detail.status);
});
$('leader-as').addEventListener('change', (e) => show(e.target.value));
$('language').addEventListener('click', () => {
  document.documentElement.lang = lang() === 'da' ? 'en' : 'da';
  $('language').setAttribute('aria-pressed', String(lang() === 'en'));
  render();
});
render();
await show($('leader-as').value);
