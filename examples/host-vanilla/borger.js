// A stand-in for a municipality's citizen portal ("Min side", in the style of borger.dk): after the
// citizen has logged in (the portal's business), its backend hands the page a widget token of scope
// `citizen` for the citizen's one case, and <samspil-citizen-plan> loads the plan and sends what the
// citizen writes and a withdrawal itself. Served by the Samspil service (`npm start`) it uses the demo's
// stand-in for that backend; opened as static files it shows the demo's view (data/citizen-view.json)
// and only tells what it would send.
const REFERENCE = 'SAG-2026-0412';
const $ = (id) => document.getElementById(id);
const widget = $('citizen-plan');
const texts = {
  da: { language: 'English', voice: 'Din tovholder kan læse det før mødet.', withdrawn: 'Dit ja er trukket tilbage.', demo: 'Demo: intet er sendt, siden er åbnet som filer.' },
  en: { language: 'Dansk', voice: 'Your contact person can read it before the meeting.', withdrawn: 'Your yes has been taken back.', demo: 'Demo: nothing was sent; the page is opened as files.' },
};
const lang = () => (document.documentElement.lang === 'en' ? 'en' : 'da');

const response = await fetch(`/demo/widget-token?case=${encodeURIComponent(REFERENCE)}&as=citizen`).catch(() => undefined);
const token = response?.ok ? (await response.json().catch(() => undefined))?.token : undefined;
if (token) Object.assign(widget, { token, src: `/api/v1/cases/${encodeURIComponent(REFERENCE)}/citizen` });
else widget.data = await fetch('../data/citizen-view.json').then((r) => r.json());

widget.addEventListener('samspil-citizen-voice', (e) => ($('portal-status').textContent = e.detail.writtenAt ? texts[lang()].voice : texts[lang()].demo));
widget.addEventListener('samspil-consent-withdraw', (e) => ($('portal-status').textContent = e.detail.recorded ? texts[lang()].withdrawn : texts[lang()].demo));
widget.addEventListener('samspil-source-error', (e) => ($('portal-status').textContent = `${e.detail.status}: ${e.detail.detail}`));

$('language').addEventListener('click', () => {
  const en = lang() === 'da';
  document.documentElement.lang = en ? 'en' : 'da';
  $('language').textContent = texts[lang()].language;
  $('language').setAttribute('aria-pressed', String(en));
});
