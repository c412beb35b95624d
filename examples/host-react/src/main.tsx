// The example case view in React: the same host as host-vanilla, through @samspil/react.
import { PlanCard, RcHeatmap, ResponsibilityMatrixView, type MatrixChangeEvent, type MeetingOutcomeEvent, type MeetingRequestEvent, type PlanChangeEvent, type TieSelectEvent } from '@samspil/react';
import type { Meeting, Plan, RcResult, ResponsibilityMatrix } from '@samspil/core';
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
// @ts-expect-error: the demo data is a plain JavaScript module shared with host-vanilla.
import * as demo from '../../data/demo.js';

type View = 'matrix' | 'network' | 'table';


function App() {
  const [lang, setLang] = useState<'da' | 'en'>('da');
  const [plan, setPlan] = useState<Plan>(demo.plan);
  const [meetings, setMeetings] = useState<Meeting[]>(demo.meetings);
  const [matrix, setMatrix] = useState<ResponsibilityMatrix>(demo.matrix);
  const [coordinator, setCoordinator] = useState<string | null>(demo.matrix.coordinator);
  const [results, setResults] = useState<[RcResult, RcResult] | null>(null);
  const [view, setView] = useState<View>('matrix');
  const [tie, setTie] = useState('');

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  useEffect(() => {
    Promise.all(['../data/rc-2024-04.json', '../data/rc-2025-04.json'].map((u) => fetch(u).then((r) => r.json()))).then(([a, b]) => setResults([a, b]));
  }, []);

  const active = plan.interventions.filter((iv) => iv.status === 'active').length;
  const coordinatorName = demo.people.find((p: { id: string }) => p.id === coordinator)?.name;
  return (
    <>
      <header className="topbar">
        <span className="brand">KommuneSag</span>
        <span className="tag">Fiktivt demo-sagssystem (React)</span>
        <button type="button" aria-pressed={lang === 'en'} onClick={() => setLang(lang === 'da' ? 'en' : 'da')}>
          {lang === 'da' ? 'English' : 'Dansk'}
        </button>
      </header>
      <main id="case">
        <h1>Sag {plan.caseReference}</h1>
        <p id="case-summary" role="status">
          {lang === 'da'
            ? `${active} af ${plan.interventions.length} indsatser i gang · plankoordinator: ${coordinatorName ?? 'ingen'}`
            : `${active} of ${plan.interventions.length} interventions under way · plan coordinator: ${coordinatorName ?? 'none'}`}
        </p>
        <section aria-label="Én plan">
          <PlanCard
            id="plan"
            plan={plan}
            coordinator={coordinator}
            consent={demo.consent}
            departments={demo.departments}
            people={demo.people}
            caseReference={plan.caseReference}
            meetings={meetings}
            rooms={demo.rooms}
            editable
            onPlanChange={(e: PlanChangeEvent) => setPlan(e.detail.plan)}
            onMeetingRequest={(e: MeetingRequestEvent) => setMeetings([...meetings, demo.bookDemoMeeting(meetings, e.detail)])}
            onMeetingOutcome={(e: MeetingOutcomeEvent) => setMeetings(demo.recordDemoOutcome(meetings, e.detail))}
          />
        </section>
        <section aria-label="Samarbejdsaftale">
          <ResponsibilityMatrixView
            id="matrix"
            matrix={matrix}
            onMatrixChange={(e: MatrixChangeEvent) => {
              const next: string | null = demo.coordinatorOf(e.detail.matrix);
              setCoordinator(next);
              setMatrix({ ...e.detail.matrix, coordinator: next ?? undefined });
            }}
          />
        </section>
        <section aria-label="Relationel koordinering">
          <label>
            {lang === 'da' ? 'Visning' : 'View'}{' '}
            <select value={view} onChange={(e) => setView(e.target.value as View)}>
              <option value="matrix">Matrix</option>
              <option value="network">{lang === 'da' ? 'Netværk' : 'Network'}</option>
              <option value="table">{lang === 'da' ? 'Tabel' : 'Table'}</option>
            </select>
          </label>
          {results && (
            <RcHeatmap id="heatmap" result={results[1]} baseline={results[0]} view={view} onTieSelect={(e: TieSelectEvent) => setTie(`${e.detail.from} → ${e.detail.to}`)} />
          )}
          <p id="tie-note" role="status">{tie}</p>
        </section>
      </main>
    </>
  );
}

createRoot(document.getElementById('root')!).render(<App />);
