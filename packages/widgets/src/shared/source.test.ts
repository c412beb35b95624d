import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { SamspilSourceErrorEvent } from '../events.js';
import '../plan-card/plan-card.js';
import '../responsibility-matrix/responsibility-matrix.js';
import type { SamspilPlanCard } from '../plan-card/plan-card.js';

const plan = {
  version: 0,
  citizenWishes: 'Jeg vil klare mig selv.',
  overallGoal: { kind: 'employment' },
  subGoals: [{ id: 'sg1', title: 'Rutiner', criterion: 'Fem dage i træk', status: 'in-progress' }],
  interventions: [],
  followUps: [],
};

async function reset() {
  await fetch('/fake-api/reset', { method: 'POST', body: JSON.stringify({ plan }) });
}
const read = async () => (await fetch('/fake-api/plan', { headers: { authorization: 'Bearer swt_test' } })).json();

describe('src: loading from and writing to the API', () => {
  beforeEach(reset);

  it('loads the plan from src with the widget token', async () => {
    const el = await fixture<SamspilPlanCard>(html`<samspil-plan-card src="/fake-api/plan" token="swt_test"></samspil-plan-card>`);
    await waitUntil(() => el.plan, 'the plan loads');
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.contain('Jeg vil klare mig selv.');
  });

  it('writes an edit back with If-Match, and shows the server\'s copy after a conflict', async () => {
    const el = await fixture<SamspilPlanCard>(html`<samspil-plan-card editable src="/fake-api/plan" token="swt_test"></samspil-plan-card>`);
    await waitUntil(() => el.plan, 'the plan loads');
    await el.updateComplete;
    const select = el.shadowRoot!.querySelector('select')!;
    select.value = 'achieved';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await waitUntil(async () => (await read()).version === 2, 'the edit is saved');
    expect((await read()).subGoals[0].status).to.equal('achieved');

    // Someone else changes the plan; this widget's next edit is stale.
    await fetch('/fake-api/plan', { method: 'PUT', headers: { authorization: 'Bearer swt_test', 'if-match': '"2"' }, body: JSON.stringify({ ...(await read()), citizenWishes: 'Ændret af en kollega' }) });
    const conflict = oneEvent(el, 'samspil-source-error');
    const again = el.shadowRoot!.querySelector('select')!;
    again.value = 'dropped';
    again.dispatchEvent(new Event('change', { bubbles: true }));
    const event = await conflict;
    expect(event).to.be.instanceOf(SamspilSourceErrorEvent);
    expect(event.detail).to.deep.equal({ status: 409, detail: 'the document is at version 3' });
    await waitUntil(() => el.plan?.citizenWishes === 'Ændret af en kollega', "the server's copy is shown");
    expect((await read()).subGoals[0].status).to.equal('achieved');
  });

  it('reports a refused token as samspil-source-error', async () => {
    const el = document.createElement('samspil-plan-card');
    const error = oneEvent(el, 'samspil-source-error');
    el.token = 'swt_wrong';
    el.src = '/fake-api/plan';
    document.body.append(el);
    expect((await error).detail).to.deep.equal({ status: 401, detail: 'the widget token is not valid' });
    el.remove();
  });
});
