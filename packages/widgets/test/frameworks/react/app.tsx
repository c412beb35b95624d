// The widgets used directly in React 19, without @samspil/react: React 19 sets a custom
// element's props as properties when the element has them (`plan` is an object, never an
// attribute) and listens to `on<event-name>` as that DOM event. test/frameworks.test.ts checks both.
import '@samspil/widgets';
import type { Plan } from '@samspil/core';
// The JSX typings generated from the manifest (dist/jsx.d.ts), as a vendor loads them.
import type {} from '@samspil/widgets/jsx';
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
// @ts-expect-error: the demo data is a plain JavaScript module shared with the example hosts.
import * as demo from '../../../../../examples/data/demo.js';


function App() {
  const [plan, setPlan] = useState<Plan>(demo.plan);
  const [edits, setEdits] = useState(0);
  return (
    <>
      <p id="state">
        {plan.subGoals[0]!.status} {edits}
      </p>
      <samspil-plan-card
        editable
        layout="full"
        plan={plan}
        coordinator={demo.matrix.coordinator}
        consent={demo.consent}
        departments={demo.departments}
        people={demo.people}
        now={Date.parse('2026-05-01T12:00:00Z')}
        onsamspil-plan-change={(event) => {
          setPlan(event.detail.plan);
          setEdits((n) => n + 1);
        }}
      />
    </>
  );
}

createRoot(document.getElementById('root')!).render(<App />);
