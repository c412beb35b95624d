// The widgets with the demo case, as a host under a strict CSP would give it to them. The test
// (test/csp.test.ts) then uses them: editing, the table and network views, the tie panel.
import { consent, departments, matrix, people, plan } from '../../../../examples/data/demo.js';

const $ = (id) => document.getElementById(id);
Object.assign($('plan'), { plan, coordinator: matrix.coordinator, consent, departments, people, caseReference: plan.caseReference });
$('matrix').matrix = matrix;
// Loading from the API (the fetching chunk); the test seeds the fake API first.
Object.assign($('loaded'), { token: 'swt_test', src: '/fake-api/plan' });
const [before, after] = await Promise.all(['rc-2024-04', 'rc-2025-04'].map((name) => fetch(`../../../../examples/data/${name}.json`).then((r) => r.json())));
Object.assign($('heatmap'), { result: after, baseline: before });
// 40 groups: more than the view holds, so the heatmap renders a window of them and spacers for the rest.
const groups = Array.from({ length: 40 }, (_, i) => `Gruppe ${i + 1}`);
const bands = ['weak', 'moderate', 'strong'];
const ties = groups.flatMap((from, i) =>
  groups.map((to, j) => {
    const score = 3 + ((i * 7 + j) % 20) / 10;
    const dimensions = { frequent: score, timely: score, accurate: score, problem_solving: score, shared_goals: score, shared_knowledge: score, mutual_respect: score };
    return { from, to, n: 5, score, band: bands[(i + j) % 3], suppressed: false, dimensions };
  }),
);
$('large').result = { groups, ties, overall: 3.9, asymmetries: [], ratings: { total: 8000, counted: 8000, excluded: 0 } };
window.ready = true;
