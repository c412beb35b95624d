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

describe('src: loads never go backwards', () => {
  const later = { ...plan, citizenWishes: 'Jeg vil have et arbejde.' };
  beforeEach(() => fetch('/fake-api/reset', { method: 'POST', body: JSON.stringify({ plan, later }) }));

  it('shows the later src when the earlier one answers last: the earlier request is aborted, its answer and ETag dropped', async () => {
    // The first src is answered only when the test says so, and whether or not its request was
    // aborted: the widget itself must drop the late answer.
    const real = window.fetch;
    const slow: AbortSignal[] = [];
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    window.fetch = async (input, init) => {
      if (String(input) !== '/fake-api/slow') return real(input, init);
      slow.push(init!.signal!);
      await answered;
      const stale = { ...plan, version: 7, citizenWishes: 'Et gammelt svar' };
      return new Response(JSON.stringify(stale), { headers: { 'content-type': 'application/json', etag: '"7"' } });
    };
    try {
      const el = await fixture<SamspilPlanCard>(html`<samspil-plan-card editable src="/fake-api/slow" token="swt_test"></samspil-plan-card>`);
      expect(el.sourceState).to.equal('loading');
      await waitUntil(() => slow.length === 1, 'the first src is asked');
      el.src = '/fake-api/later';
      await waitUntil(() => el.sourceState === 'loaded', 'the later src loads');
      expect(slow[0]!.aborted, 'the first request is aborted').to.equal(true);
      answer();
      await new Promise((resolve) => setTimeout(resolve, 100));
      await el.updateComplete;
      expect(el.plan?.citizenWishes).to.equal('Jeg vil have et arbejde.');
      expect(el.shadowRoot!.textContent).to.contain('Jeg vil have et arbejde.').and.not.contain('Et gammelt svar');
      expect(el.sourceState).to.equal('loaded');

      // An edit goes to the later src with its version (1), not the stale answer's 7: the server takes it.
      const saved = new Promise<RequestInit>((resolve) => {
        window.fetch = (input, init) => {
          if (init?.method === 'PUT') resolve(init);
          return real(input, init);
        };
      });
      const select = el.shadowRoot!.querySelector('select')!;
      select.value = 'achieved';
      select.dispatchEvent(new Event('change', { bubbles: true }));
      expect(((await saved).headers as Record<string, string>)['if-match']).to.equal('"1"');
      await waitUntil(async () => (await (await real('/fake-api/later', { headers: { authorization: 'Bearer swt_test' } })).json()).version === 2, 'the edit is saved');
    } finally {
      window.fetch = real;
    }
  });

  it('tells how loading stands: idle, loading, loaded, failed', async () => {
    const el = document.createElement('samspil-plan-card');
    expect(el.sourceState).to.equal('idle');
    Object.assign(el, { token: 'swt_test', src: '/fake-api/later' });
    document.body.append(el);
    await el.updateComplete;
    expect(el.sourceState).to.equal('loading');
    await waitUntil(() => el.sourceState === 'loaded', 'the plan loads');
    expect(el.plan?.citizenWishes).to.equal('Jeg vil have et arbejde.');

    const error = oneEvent(el, 'samspil-source-error');
    el.src = '/fake-api/missing';
    await el.updateComplete;
    expect(el.sourceState).to.equal('loading');
    expect((await error).detail.status).to.equal(404);
    expect(el.sourceState, 'failed when the error is told').to.equal('failed');
    expect(el.plan?.citizenWishes, 'the plan shown stays').to.equal('Jeg vil have et arbejde.');

    el.src = undefined;
    await el.updateComplete;
    expect(el.sourceState).to.equal('idle');
    el.remove();
  });

  it('gives up a load when taken out of the page, and loads again when put back', async () => {
    const el = document.createElement('samspil-plan-card');
    Object.assign(el, { token: 'swt_test', src: '/fake-api/later' });
    document.body.append(el);
    await el.updateComplete;
    el.remove();
    expect(el.sourceState).to.equal('idle');
    document.body.append(el);
    await waitUntil(() => el.sourceState === 'loaded', 'the plan loads');
    expect(el.plan?.citizenWishes).to.equal('Jeg vil have et arbejde.');
    el.remove();
  });
});
