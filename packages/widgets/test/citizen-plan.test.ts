// Issue 28: <samspil-citizen-plan>, the citizen's own plan for a citizen portal. From `data` and from
// `src` + `token`; the voice with the kind CPR refusal (nothing leaves the browser); the withdrawal's
// confirm step; LIX over every text it can show; keyboard, axe, reflow at 320 px (400 % zoom) and on a
// 360 px phone, forced colours, print, and a strict CSP with the CDN bundle.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { emulateMedia, executeServerCommand, sendKeys, setViewport } from '@web/test-runner-commands';
import { citizenView, lix, type CitizenView, type CitizenViewInput } from '@samspil/core';
import { SamspilCitizenVoiceEvent, SamspilConsentWithdrawEvent } from '../src/events.js';
import '../src/citizen-plan/citizen-plan.js';
import '../src/plan-card/plan-card.js';
import { define } from '../src/shared/define.js';
import { messages } from '../src/citizen-plan/citizen-plan.messages.js';
import type { SamspilCitizenPlan } from '../src/citizen-plan/citizen-plan.js';

type Demo = { plan: CitizenViewInput['plan']; matrix: CitizenViewInput['matrix']; consent: CitizenViewInput['consent']; people: { id: string; name: string; title?: string; department: string; contact?: string }[]; departments: { id: string; name: string }[] };

const NOW = Date.parse('2026-12-07T10:00:00Z');
let view: CitizenView;
let demoPlan: CitizenViewInput['plan'];

before(async () => {
  const demo = (await import('../../../examples/data/demo.js' as string)) as Demo;
  const coordinator = demo.people.find((p) => p.id === 'p-job-1')!;
  demoPlan = demo.plan;
  view = citizenView({
    caseReference: 'SAG-2026-0412',
    plan: demo.plan,
    matrix: demo.matrix,
    consent: demo.consent,
    coordinator: { ...coordinator, contact: 'Ring 87 13 00 00, mandag til torsdag kl. 9-12' },
    people: demo.people,
    departments: demo.departments,
    meetings: [{ id: 'm-1', caseReference: 'SAG-2026-0412', startsAt: '2026-12-15T09:00:00Z', endsAt: '2026-12-15T10:00:00Z', place: { kind: 'room', id: 'r-2' }, invited: [], citizenInvited: true, state: 'booked', sequence: 0 }],
    rooms: [{ id: 'r-2', name: 'Jobcentret, mødelokale 2' }],
    voice: [],
    now: NOW,
  });
});

const root = (el: HTMLElement) => el.shadowRoot!;
const part = (el: HTMLElement, name: string) => root(el).querySelector<HTMLElement>(`[part~="${name}"]`);
const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));

async function plan(data: unknown = view, lang = 'da'): Promise<SamspilCitizenPlan> {
  return fixture<SamspilCitizenPlan>(html`<samspil-citizen-plan lang=${lang} .data=${data}></samspil-citizen-plan>`);
}

async function write(el: SamspilCitizenPlan, words: string) {
  const area = root(el).querySelector('textarea')!;
  area.value = words;
  root(el).querySelector<HTMLButtonElement>('form button[type=submit]')!.click();
}

const posts = async () => (await fetch('/fake-api/posts').then((r) => r.json())) as { what: string; body: { text?: string } }[];
const reset = () => fetch('/fake-api/reset', { method: 'POST', body: JSON.stringify({ 'citizen-view': view }) });

describe('<samspil-citizen-plan>', () => {
  it('shows the wishes first, then the goal, the coordinator, what happens next, who does what, the voice and the consent', async () => {
    const el = await plan();
    const sections = [...root(el).querySelectorAll('section')].map((s) => s.getAttribute('part'));
    expect(sections).to.deep.equal(['wishes', 'goal', 'coordinator', 'next', 'tasks', 'voice', 'consent']);
    expect(text(part(el, 'wishes')!.querySelector('blockquote'))).to.equal(view.wishes);
    expect(text(part(el, 'goal'))).to.contain('Et job').and.contain('Faste rutiner i hjemmet').and.contain('I gang').and.contain('Ikke begyndt');
    expect(text(part(el, 'coordinator'))).to.contain('Din tovholder').and.contain('Maja Holm');
    expect(text(part(el, 'contact'))).to.contain('Ring 87 13 00 00, mandag til torsdag kl. 9-12');
    expect(text(part(el, 'next-meeting'))).to.contain('15. december 2026').and.contain('Jobcentret, mødelokale 2');
    expect(text(part(el, 'steps'))).to.contain('Familiebehandling i hjemmet').and.contain('Jonas Bech, Familieafdelingen').and.contain('Senest den 26. februar 2027');
    expect(text(part(el, 'tasks'))).to.contain('Gør det');
    expect(text(part(el, 'consent'))).to.contain('Du sagde ja den 28. oktober 2026').and.contain('Familieafdelingen');
    // Nothing of the professionals' own: no budget, no legal basis.
    expect(text(root(el) as unknown as Element)).not.to.match(/48000|48\.000|§/);
  });

  it('says to call the municipality when the coordinator has no contact, or there is no coordinator', async () => {
    const el = await plan({ ...view, coordinator: { name: 'Maja Holm' } });
    expect(text(part(el, 'contact'))).to.equal('Ring til kommunen og spørg efter din tovholder.');
    const none = await plan({ ...view, coordinator: null });
    expect(text(part(none, 'coordinator'))).to.contain('Du har ikke fået en tovholder endnu. Ring til kommunen');
  });

  it('speaks English, and shows the empty and invalid states without throwing', async () => {
    const en = await plan(view, 'en');
    expect(text(part(en, 'coordinator'))).to.contain('Your contact person');
    expect(text(root(await plan(null)) as unknown as Element)).to.equal('Der er ingen plan endnu. Ring til kommunen, hvis du har spørgsmål.');
    const bad = await plan({ ...view, subGoals: [{ id: 'x', title: '', status: 'in-progress' }] });
    expect(text(part(bad, 'error'))).to.equal('Data kan ikke vises: fejl i subGoals[0].title.');
    // A second copy's define() of the same tag does not throw.
    expect(() => define('samspil-citizen-plan', class extends HTMLElement {})).not.to.throw();
  });

  describe('the voice before a meeting', () => {
    beforeEach(reset);

    it('refuses a CPR number kindly in the browser: nothing is sent', async () => {
      const el = document.createElement('samspil-citizen-plan');
      Object.assign(el, { src: '/fake-api/citizen-view', token: 'swt_test' });
      document.body.append(el);
      await waitUntil(() => el.sourceState === 'loaded', 'loads from src');
      await el.updateComplete;
      await write(el, 'Mit cpr-nummer er 010190-1234, ring til mig');
      await waitUntil(() => text(root(el).querySelector('#voice-problem')) !== '');
      expect(text(root(el).querySelector('#voice-problem'))).to.equal(messages.da.cpr);
      const area = root(el).querySelector('textarea')!;
      expect(area.getAttribute('aria-invalid')).to.equal('true');
      expect(area.getAttribute('aria-describedby')).to.contain('voice-problem');
      expect(root(el).activeElement).to.equal(area);
      expect(await posts()).to.deep.equal([]);
      el.remove();
    });

    it('sends the words through src, shows them back, and tells the host; a refusal by the service is kind too', async () => {
      const el = document.createElement('samspil-citizen-plan');
      Object.assign(el, { src: '/fake-api/citizen-view', token: 'swt_test', meeting: 'm-1' });
      document.body.append(el);
      await waitUntil(() => el.sourceState === 'loaded', 'loads from src');
      await el.updateComplete;
      const sent = oneEvent(el, SamspilCitizenVoiceEvent.type);
      await write(el, 'Kan min søster komme med til mødet?');
      const event = (await sent) as SamspilCitizenVoiceEvent;
      expect(event.detail.text).to.equal('Kan min søster komme med til mødet?');
      expect(event.detail.meeting).to.equal('m-1');
      expect(event.detail.writtenAt).to.be.a('string');
      await el.updateComplete;
      expect(text(part(el, 'voice-status'))).to.equal(messages.da.sent);
      expect(text(part(el, 'voice')!.querySelector('.written blockquote'))).to.equal('Kan min søster komme med til mødet?');
      expect(root(el).querySelector('textarea')!.value).to.equal('');
      expect((await posts()).map((p) => p.body)).to.deep.equal([{ text: 'Kan min søster komme med til mødet?', meeting: 'm-1' }]);
      // A number the browser does not take for a CPR number, refused by the service: the same kind words.
      await write(el, 'Mit nummer er 123456-7890');
      await waitUntil(() => text(root(el).querySelector('#voice-problem')) !== '');
      expect(text(root(el).querySelector('#voice-problem'))).to.equal(messages.da.cpr);
      el.remove();
    });

    it('with data only, tells the host, which stores it; an empty text is refused', async () => {
      const el = await plan();
      await write(el, '   ');
      await el.updateComplete;
      expect(text(root(el).querySelector('#voice-problem'))).to.equal(messages.da.voiceEmpty);
      const sent = oneEvent(el, SamspilCitizenVoiceEvent.type);
      await write(el, 'Jeg er bange for bussen.');
      const event = (await sent) as SamspilCitizenVoiceEvent;
      expect(event.detail).to.deep.equal({ text: 'Jeg er bange for bussen.', meeting: undefined, writtenAt: undefined });
    });
  });

  describe('withdrawing consent', () => {
    beforeEach(reset);

    it('asks first and says what stops; "no" keeps it and returns the keyboard to the button', async () => {
      const el = await plan();
      part(el, 'withdraw')!.click();
      await el.updateComplete;
      const confirm = part(el, 'confirm')!;
      expect(text(confirm)).to.contain('Vil du trække dit ja tilbage?').and.contain('Det fælles arbejde med din plan stopper.');
      expect(root(el).activeElement).to.equal(confirm.querySelector('h3'));
      confirm.querySelector<HTMLButtonElement>('[data-confirm=no]')!.click();
      await el.updateComplete;
      await el.updateComplete;
      expect(part(el, 'confirm')).to.equal(null);
      expect(root(el).activeElement).to.equal(part(el, 'withdraw'));
    });

    it('records it through src once confirmed, shows the withdrawal and tells the host', async () => {
      const el = document.createElement('samspil-citizen-plan');
      Object.assign(el, { src: '/fake-api/citizen-view', token: 'swt_test' });
      document.body.append(el);
      await waitUntil(() => el.sourceState === 'loaded', 'loads from src');
      await el.updateComplete;
      part(el, 'withdraw')!.click();
      await el.updateComplete;
      const withdrawn = oneEvent(el, SamspilConsentWithdrawEvent.type);
      part(el, 'confirm')!.querySelector<HTMLButtonElement>('[data-confirm=yes]')!.click();
      expect(((await withdrawn) as SamspilConsentWithdrawEvent).detail).to.deep.equal({ caseReference: 'SAG-2026-0412', recorded: true });
      await el.updateComplete;
      expect(text(part(el, 'consent'))).to.contain('Du trak dit ja tilbage').and.contain(messages.da.withdrawn);
      expect(part(el, 'withdraw')).to.equal(null);
      expect(text(part(el, 'tasks')!.querySelector('p'))).to.equal(messages.da.noTasksConsent);
      expect((await posts()).map((p) => p.what)).to.deep.equal(['consent/withdraw']);
      el.remove();
    });

    it('works with the keyboard alone', async () => {
      const el = await plan();
      part(el, 'withdraw')!.focus();
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(part(el, 'confirm')).not.to.equal(null);
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Tab' });
      expect(root(el).activeElement?.getAttribute('data-confirm')).to.equal('no');
      await sendKeys({ press: 'Space' });
      await el.updateComplete;
      await el.updateComplete;
      expect(part(el, 'confirm')).to.equal(null);
    });
  });

  it("shows the coordinator what the citizen wrote, in the professional plan card, after the wishes", async () => {
    const card = await fixture<HTMLElement>(html`<samspil-plan-card .plan=${{ ...demoPlan, citizenVoice: [{ text: 'Kan min søster komme med?', writtenAt: '2026-12-07T10:00:00Z' }] }}></samspil-plan-card>`);
    const voice = part(card, 'citizen-voice')!;
    expect(text(voice.querySelector('h2'))).to.equal('Borgeren har skrevet før mødet');
    expect(text(voice.querySelector('blockquote'))).to.equal('Kan min søster komme med?');
    expect(text(voice)).to.contain('7. december 2026');
    expect(voice.previousElementSibling?.getAttribute('part')).to.equal('wishes');
    await expect(card).to.be.accessible();
    const without = await fixture<HTMLElement>(html`<samspil-plan-card .plan=${demoPlan}></samspil-plan-card>`);
    expect(part(without, 'citizen-voice')).to.equal(null);
  });

  it('keeps its own texts plain: LIX 30 or less over everything it can show', () => {
    const all = (m: Record<string, unknown>): string[] =>
      Object.values(m).flatMap((v) => (typeof v === 'string' ? [v] : typeof v === 'function' ? [String((v as (a: unknown) => string)(v.length && /max/.test(String(v)) ? 2000 : '15. december 2026'))] : Array.isArray(v) ? v : typeof v === 'object' && v ? all(v as Record<string, unknown>) : []));
    const da = lix(all(messages.da));
    const en = lix(all(messages.en));
    console.log(`LIX of <samspil-citizen-plan>'s texts: Danish ${da.score.toFixed(1)} (${da.words} words, ${da.sentences} sentences, ${da.longWords} long), English ${en.score.toFixed(1)}`);
    expect(da.words).to.be.greaterThan(300);
    expect(da.score).to.be.at.most(30);
    expect(en.score).to.be.at.most(30);
  });

  describe('accessibility (axe)', () => {
    it('Danish and English', async () => {
      await expect(await plan()).to.be.accessible();
      await expect(await plan(view, 'en')).to.be.accessible();
    });
    it('with the confirm step open and a refusal shown', async () => {
      const el = await plan();
      part(el, 'withdraw')!.click();
      await write(el, '010190-1234');
      await el.updateComplete;
      await expect(el).to.be.accessible();
    });
    it('withdrawn, without a coordinator, empty and invalid', async () => {
      await expect(await plan({ ...view, coordinator: null, nextMeeting: null, steps: [], tasks: [], consent: { state: 'withdrawn', basis: 'consent', departments: [], since: '2026-10-28T09:00:00Z', ended: '2026-12-01T09:00:00Z' } })).to.be.accessible();
      await expect(await plan(null)).to.be.accessible();
      await expect(await plan({ nope: true })).to.be.accessible();
    });
  });

  describe('on a phone', () => {
    afterEach(() => setViewport({ width: 800, height: 600 }));
    for (const [label, width] of [['320 px (400 % zoom of 1280 px)', 320], ['a 360 px phone', 360]] as const) {
      it(`reflows at ${label}: nothing wider than the screen, wishes first`, async () => {
        await setViewport({ width, height: 800 });
        const el = await plan();
        await frames();
        expect(document.documentElement.scrollWidth).to.be.at.most(innerWidth);
        const beyond = [...root(el).querySelectorAll<HTMLElement>('*')].filter((x) => x.getBoundingClientRect().right > innerWidth + 0.5).map((x) => x.localName);
        expect(beyond).to.deep.equal([]);
        const [wishes, coordinator, next] = ['wishes', 'coordinator', 'next'].map((p) => part(el, p)!.getBoundingClientRect().top);
        expect(wishes).to.be.below(coordinator!).and.below(next!);
        await executeServerCommand('screenshot', { name: `citizen-plan/phone-${width}`, selector: 'samspil-citizen-plan' });
      });
    }
  });

  it('keeps its buttons and borders under forced colours', async () => {
    const el = await plan();
    try {
      await emulateMedia({ forcedColors: 'active' });
      const button = part(el, 'withdraw')!;
      const style = getComputedStyle(button);
      expect(style.borderTopStyle).to.equal('solid');
      expect(parseFloat(style.borderTopWidth)).to.be.at.least(2);
      expect(getComputedStyle(part(el, 'wishes')!).borderTopStyle).to.equal('solid');
    } finally {
      await emulateMedia({ forcedColors: 'none' });
    }
  });

  it('prints the plan black on white, without the form and the buttons', async () => {
    const el = await plan();
    el.style.setProperty('--samspil-color-text', 'rgb(0, 0, 255)');
    try {
      await emulateMedia({ media: 'print' });
      expect(getComputedStyle(el).color).to.equal('rgb(0, 0, 0)');
      expect(getComputedStyle(root(el).querySelector('form')!).display).to.equal('none');
      expect(getComputedStyle(part(el, 'withdraw')!).display).to.equal('none');
      expect(getComputedStyle(part(el, 'wishes')!).display).to.equal('block');
      expect(getComputedStyle(part(el, 'coordinator')!).breakInside).to.equal('avoid');
    } finally {
      await emulateMedia({ media: 'screen' });
    }
    expect(getComputedStyle(root(el).querySelector('form')!).display).to.equal('block');
  });

  it('loads, sends and withdraws under a strict CSP from the CDN bundle, without one violation', async () => {
    await reset();
    const frame = document.createElement('iframe');
    frame.style.cssText = 'width: 400px; height: 900px';
    frame.src = '/packages/widgets/test/csp/citizen-plan.html';
    const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    document.body.append(frame);
    await loaded;
    const win = frame.contentWindow as Window & { violations: string[]; ready?: boolean };
    await waitUntil(() => win.ready, 'the widget is defined', { timeout: 5000 });
    const el = frame.contentDocument!.getElementById('citizen') as SamspilCitizenPlan;
    await waitUntil(() => el.shadowRoot?.querySelector('[part~=wishes]'), 'loads from the API');
    await write(el, 'Kan vi mødes om eftermiddagen?');
    await waitUntil(() => text(el.shadowRoot!.querySelector('[part~=voice-status]')) !== '' && !text(el.shadowRoot!.querySelector('[part~=voice-status]')).startsWith('Vi sender'));
    (el.shadowRoot!.querySelector('[part~=withdraw]') as HTMLElement).click();
    await el.updateComplete;
    (el.shadowRoot!.querySelector('[data-confirm=yes]') as HTMLElement).click();
    await waitUntil(() => text(el.shadowRoot!.querySelector('[part~=consent]')).includes('Du trak dit ja tilbage'));
    expect(win.violations).to.deep.equal([]);
    frame.remove();
  });
});
