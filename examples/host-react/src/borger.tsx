// The citizen's page of a portal ("Min side", in the style of borger.dk), in React: the same page as
// host-vanilla/borger.html, through @samspil/react's CitizenPlan. Served by the Samspil service it
// gets a token of scope `citizen` from the demo's stand-in for the vendor's backend, and the widget
// loads the plan and sends what the citizen writes itself; opened as files it shows the demo's view.
import { CitizenPlan, type CitizenVoiceEvent, type ConsentWithdrawEvent } from '@samspil/react';
import type { CitizenView } from '@samspil/core';
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';

const REFERENCE = 'SAG-2026-0412';
const texts = {
  da: { language: 'English', portal: 'Min side', note: 'Fiktiv borgerportal i stil med borger.dk', crumbs: 'Brødkrummesti', home: 'Forside', plan: 'Min plan', voice: 'Din tovholder kan læse det før mødet.', withdrawn: 'Dit ja er trukket tilbage.', demo: 'Demo: intet er sendt, siden er åbnet som filer.' },
  en: { language: 'Dansk', portal: 'My page', note: 'A fictional citizen portal in the style of borger.dk', crumbs: 'Breadcrumbs', home: 'Home', plan: 'My plan', voice: 'Your contact person can read it before the meeting.', withdrawn: 'Your yes has been taken back.', demo: 'Demo: nothing was sent; the page is opened as files.' },
};

type Source = { token: string; src: string } | { data: CitizenView };

function Portal() {
  const [lang, setLang] = useState<'da' | 'en'>('da');
  const [source, setSource] = useState<Source | undefined>();
  const [status, setStatus] = useState('');
  const t = texts[lang];

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  useEffect(() => {
    (async () => {
      const response = await fetch(`/demo/widget-token?case=${encodeURIComponent(REFERENCE)}&as=citizen`).catch(() => undefined);
      const token = response?.ok ? ((await response.json().catch(() => undefined)) as { token?: string } | undefined)?.token : undefined;
      if (token) setSource({ token, src: `/api/v1/cases/${encodeURIComponent(REFERENCE)}/citizen` });
      else setSource({ data: (await fetch('../data/citizen-view.json').then((r) => r.json())) as CitizenView });
    })();
  }, []);

  return (
    <>
      <header className="portal">
        <span className="logo">{t.portal}</span>
        <span className="note">{t.note}</span>
        <button type="button" aria-pressed={lang === 'en'} onClick={() => setLang(lang === 'da' ? 'en' : 'da')}>
          {t.language}
        </button>
      </header>
      <nav className="crumbs" aria-label={t.crumbs}>
        <ol>
          <li><a href="#">{t.home}</a></li>
          <li><a href="#">{t.portal}</a></li>
          <li aria-current="page">{t.plan}</li>
        </ol>
      </nav>
      <main id="indhold">
        {source && (
          <CitizenPlan
            {...source}
            onCitizenVoice={(e: CitizenVoiceEvent) => setStatus(e.detail.writtenAt ? t.voice : t.demo)}
            onConsentWithdraw={(e: ConsentWithdrawEvent) => setStatus(e.detail.recorded ? t.withdrawn : t.demo)}
          />
        )}
        <p role="status">{status}</p>
      </main>
    </>
  );
}

createRoot(document.getElementById('root')!).render(<Portal />);
