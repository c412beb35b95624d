// Issue 25: the plan card's meetings (the next one, the last one's outcome), decisions with their
// departments (a joint one awaited until each has confirmed it) and the "Book meeting" event.
import type { Decision, Meeting, Plan } from '@samspil/core';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { SamspilMeetingOutcomeEvent, SamspilMeetingRequestEvent } from '../events.js';
import './plan-card.js';
import type { SamspilPlanCard } from './plan-card.js';

let plan: Plan;
before(async () => {
  plan = await fetch('/examples/data/plan.json').then((r) => r.json());
});

const departments = [
  { id: 'jobcenter', name: 'Jobcenter' },
  { id: 'familie', name: 'Familieafdelingen' },
  { id: 'psykiatri', name: 'Socialpsykiatrien' },
];
const people = [
  { id: 'p-job-1', name: 'Maja Holm', department: 'jobcenter' },
  { id: 'p-job-2', name: 'Anders Lund', department: 'jobcenter' },
  { id: 'p-familie-1', name: 'Sofie Krag', department: 'familie' },
];
const rooms = [{ id: 'r-201', name: 'Mødelokale 2.01, Rådhuset' }];
const NOW = Date.parse('2026-12-08T09:00:00+01:00');

const meetings = (): Meeting[] =>
  [
    { id: 'm-next', caseReference: 'SAG-2026-0412', startsAt: '2026-12-15T10:00:00+01:00', endsAt: '2026-12-15T11:30:00+01:00', place: { kind: 'room', id: 'r-201' }, invited: ['p-job-1', 'p-familie-1'], minutesBy: 'p-familie-1' },
    { id: 'm-later', caseReference: 'SAG-2026-0412', startsAt: '2027-01-15T10:00:00+01:00', endsAt: '2027-01-15T11:00:00+01:00', place: { kind: 'link', url: 'https://møde.example.dk/j/1' } },
    {
      id: 'm-held',
      caseReference: 'SAG-2026-0412',
      startsAt: '2026-11-20T10:00:00+01:00',
      endsAt: '2026-11-20T11:00:00+01:00',
      place: { kind: 'room', id: 'r-201' },
      state: 'held',
      citizenAttended: true,
      outcome: {
        meeting: 'm-held',
        heldAt: '2026-11-20T11:00:00+01:00',
        citizenAttended: true,
        decisions: [
          { id: 'd-joint', departments: ['jobcenter', 'familie', 'psykiatri'] },
          { id: 'd-pause', departments: ['jobcenter'] },
        ],
        actions: [
          { intervention: { kind: 'existing', id: 'iv-mentor' }, owner: 'p-job-2', due: '2027-03-31' },
          { intervention: { kind: 'new', id: 'iv-network', title: 'Netværksmøde hver måned', department: 'familie' }, owner: 'p-familie-1', due: '2027-02-28' },
        ],
        nextFollowUp: '2027-01-15',
      },
    },
  ] as unknown as Meeting[];

const decisions = (): Decision[] =>
  [
    { id: 'd-joint', departments: ['jobcenter', 'familie', 'psykiatri'], requestedAt: '2026-11-02T10:00:00+01:00', confirmations: [{ department: 'familie', at: '2026-11-20T11:00:00+01:00' }] },
    { id: 'd-pause', department: 'jobcenter', requestedAt: '2026-11-02T10:00:00+01:00', decidedAt: '2026-11-20T11:00:00+01:00' },
  ] as Decision[];

interface Options {
  lang?: string;
  editable?: boolean;
  meetings?: unknown;
  layout?: 'full' | 'compact';
}

async function card(o: Options = {}): Promise<SamspilPlanCard> {
  const el = await fixture<SamspilPlanCard>(html`<samspil-plan-card
    lang=${o.lang ?? 'da'}
    layout=${o.layout ?? 'full'}
    ?editable=${o.editable ?? false}
    .plan=${plan}
    .coordinator=${'p-job-1'}
    .departments=${departments}
    .people=${people}
    .meetings=${'meetings' in o ? o.meetings : meetings()}
    .decisions=${decisions()}
    .rooms=${rooms}
    .now=${NOW}
  ></samspil-plan-card>`);
  await el.updateComplete;
  return el;
}

const part = (el: SamspilPlanCard, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
/** The text as rendered (blocks apart). */
const text = (el: Element | null) => ((el as HTMLElement | null)?.innerText ?? '').replace(/\s+/g, ' ').trim();
/** The text of inline content (also where the list skips rendering it off screen: content-visibility). */
const plain = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('samspil-plan-card: meetings and decisions', () => {
  it('shows the next meeting: time, the room’s name, the coordinator chairing, the citizen invited (Danish)', async () => {
    const el = await card();
    const next = text(part(el, 'next-meeting'));
    expect(next).to.contain('15. december 2026').and.contain('10.00').and.contain('11.30');
    expect(next).to.contain('Mødelokale 2.01, Rådhuset');
    expect(next).to.contain('Mødeleder Maja Holm');
    expect(next).to.contain('Referent Sofie Krag');
    expect(next).to.contain('Borgeren Inviteret');
    expect(part(el, 'book-meeting')).to.equal(null); // read-only: the host books from an editable card
  });

  it('a link as the place; English', async () => {
    const el = await card({ lang: 'en', meetings: meetings().filter((m) => m.id !== 'm-next') });
    const next = part(el, 'next-meeting')!;
    expect(text(next)).to.contain('15 January 2027').and.contain('Chair Maja Holm').and.contain('The citizen Invited');
    const link = next.querySelector('a')!;
    expect(link.href).to.equal(new URL('https://møde.example.dk/j/1').href);
    expect(text(link)).to.equal('Online meeting (open link)');
  });

  it('shows the last meeting’s outcome: decisions with their departments and state, actions, the next follow-up', async () => {
    const el = await card();
    const last = part(el, 'last-meeting')!;
    expect(text(last)).to.contain('20. november 2026').and.contain('Borgeren deltog');
    const items = [...last.querySelectorAll('[part="decision"]')].map(plain);
    expect(items[0]).to.equal('Fælles afgørelse d-joint (Jobcenter, Familieafdelingen og Socialpsykiatrien): Afventer Jobcenter og Socialpsykiatrien');
    expect(items[1]).to.equal('Afgørelse d-pause (Jobcenter): Truffet 20. november 2026');
    expect(plain(last)).to.contain('Mentor til transport').and.contain('Anders Lund').and.contain('31. marts 2027');
    expect(plain(last)).to.contain('Netværksmøde hver måned (ny indsats)').and.contain('Sofie Krag');
    expect(text(last)).to.contain('Næste opfølgning: 15. januar 2027');
  });

  it('a joint decision awaiting departments is shown as awaited with the departments missing; in English too', async () => {
    const el = await card({ lang: 'en' });
    const meetingsPart = part(el, 'meetings')!;
    expect(text(meetingsPart)).to.contain('Decisions awaited');
    const awaited = [...meetingsPart.querySelectorAll('[part="awaited"]')].map(plain);
    expect(awaited).to.deep.equal(['Awaiting Jobcenter and Socialpsykiatrien', 'Awaiting Jobcenter and Socialpsykiatrien']);
    expect(plain(part(el, 'last-meeting'))).to.contain('Decision d-pause (Jobcenter): Taken 20 November 2026');
  });

  it('"Book meeting" (editable) dispatches samspil-meeting-request with the case, the coordinator and the next follow-up; by keyboard too', async () => {
    const el = await card({ editable: true });
    const button = part(el, 'book-meeting') as HTMLButtonElement;
    expect(text(button)).to.equal('Book møde');
    setTimeout(() => button.click());
    const event = await oneEvent(el, 'samspil-meeting-request');
    expect(event).to.be.instanceOf(SamspilMeetingRequestEvent);
    expect(SamspilMeetingRequestEvent.type).to.equal('samspil-meeting-request');
    expect(event.bubbles && event.composed).to.equal(true);
    expect(event.detail).to.deep.equal({ caseReference: 'SAG-2026-0412', chair: 'p-job-1', followUp: '2026-12-15' });
    button.focus();
    const next = oneEvent(el, 'samspil-meeting-request');
    await sendKeys({ press: 'Enter' });
    expect((await next).detail.chair).to.equal('p-job-1');
  });

  describe('the outcome form (editable)', () => {
    const form = (el: SamspilPlanCard) => part(el, 'outcome-form') as HTMLFormElement | null;
    const set = (el: SamspilPlanCard, name: string, value: string) => {
      const control = form(el)!.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`)!;
      control.value = value;
    };
    const check = (el: SamspilPlanCard, name: string, value: string) => {
      form(el)!.querySelector<HTMLInputElement>(`[name="${name}"][value="${value}"]`)!.checked = true;
    };
    const save = async (el: SamspilPlanCard) => {
      form(el)!.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
      await el.updateComplete;
      await new Promise((r) => setTimeout(r));
    };
    /** Presses "Record outcome" and waits for the form (its chunk is loaded the first time). */
    async function open(el: SamspilPlanCard) {
      (part(el, 'record-outcome') as HTMLButtonElement).click();
      for (let i = 0; i < 100 && !(form(el) && el.shadowRoot!.activeElement); i++) await new Promise((r) => setTimeout(r, 10));
    }
    async function opened(o: Options = {}) {
      const el = await card({ editable: true, ...o });
      expect(text(part(el, 'record-outcome'))).to.contain(o.lang === 'en' ? 'Record outcome' : 'Registrér udfald');
      await open(el);
      return el;
    }

    it('records the outcome of the meeting due: a half action and a decision without departments are marked, then samspil-meeting-outcome carries the API body', async () => {
      const el = await opened();
      expect(el.shadowRoot!.activeElement?.localName).to.equal('h3');
      expect(text(form(el)!.querySelector('h3'))).to.contain('Udfald af mødet').and.contain('15. december 2026');
      let fired = 0;
      el.addEventListener('samspil-meeting-outcome', () => fired++);
      // Half an action, and a decision without the departments that took it.
      set(el, 'action1_intervention', 'iv-mentor');
      set(el, 'decision', 'd-joint');
      await save(el);
      expect(fired).to.equal(0);
      expect(text(form(el)!.querySelector('[role="alert"]'))).to.equal('Udfaldet er ikke gemt: 2 felter skal rettes.');
      expect(el.shadowRoot!.activeElement?.getAttribute('name')).to.equal('departments'); // the first to mend, in the form's order
      expect(form(el)!.querySelector('[name="action1_owner"]')!.getAttribute('aria-invalid')).to.equal('true');
      expect(text(form(el)!.querySelector('#outcome-error-departments'))).to.contain('Vælg mindst én forvaltning');
      // Mended: the form keeps what was chosen, so only the missing fields are filled in.
      set(el, 'action1_intervention', 'iv-mentor');
      set(el, 'action1_owner', 'p-job-2');
      set(el, 'action1_due', '2027-03-31');
      set(el, 'decision', 'd-joint');
      check(el, 'departments', 'jobcenter');
      check(el, 'departments', 'psykiatri');
      check(el, 'attended', 'yes');
      set(el, 'nextFollowUp', '2027-01-15');
      setTimeout(() => form(el)!.querySelector<HTMLButtonElement>('button[type=submit]')!.click());
      const event = await oneEvent(el, 'samspil-meeting-outcome');
      expect(event).to.be.instanceOf(SamspilMeetingOutcomeEvent);
      expect(event.bubbles && event.composed).to.equal(true);
      expect(event.detail).to.deep.equal({
        caseReference: 'SAG-2026-0412',
        meeting: 'm-next',
        outcome: {
          heldAt: new Date(NOW).toISOString(), // recorded before the meeting's start: now
          citizenAttended: true,
          planVersion: plan.version,
          decisions: [{ id: 'd-joint', departments: ['jobcenter', 'psykiatri'] }],
          actions: [{ intervention: { kind: 'existing', id: 'iv-mentor' }, owner: 'p-job-2', due: '2027-03-31' }],
          nextFollowUp: '2027-01-15',
        },
      });
      await el.updateComplete;
      expect(form(el)).to.equal(null);
    });

    it('a new decision gets the meeting\'s id; Escape closes the form and gives the focus back to its button; read-only has none', async () => {
      const el = await opened({ lang: 'en' });
      set(el, 'decision', 'new');
      check(el, 'departments', 'familie');
      setTimeout(() => form(el)!.querySelector<HTMLButtonElement>('button[type=submit]')!.click());
      const event = await oneEvent(el, 'samspil-meeting-outcome');
      expect(event.detail.outcome.decisions).to.deep.equal([{ id: 'm-next-afg', departments: ['familie'] }]);
      expect(event.detail.outcome.actions).to.deep.equal([]);
      expect('citizenAttended' in event.detail.outcome).to.equal(false);
      await open(el);
      await sendKeys({ press: 'Escape' });
      await el.updateComplete;
      await new Promise((r) => setTimeout(r));
      expect(form(el)).to.equal(null);
      expect(el.shadowRoot!.activeElement?.getAttribute('part')).to.equal('record-outcome');
      expect(part(await card(), 'record-outcome')).to.equal(null);
    });

    it('is accessible (axe) open, and with what to mend; reflows at 320 px', async () => {
      const el = await opened();
      await expect(el).to.be.accessible();
      const en = await opened({ lang: 'en' });
      set(en, 'action2_due', '2027-01-01');
      await save(en);
      expect(text(form(en)!.querySelector('[role="alert"]'))).to.equal('The outcome is not saved: one field needs mending.');
      await expect(en).to.be.accessible();
      await setViewport({ width: 320, height: 800 });
      try {
        const narrow = await opened();
        set(narrow, 'action1_owner', 'p-job-2');
        await save(narrow);
        await new Promise((r) => requestAnimationFrame(r));
        const beyond = [...narrow.shadowRoot!.querySelectorAll<HTMLElement>('*')].filter((e) => e.getBoundingClientRect().right > innerWidth + 0.5);
        expect(beyond.map((e) => `${e.localName}[${e.getAttribute('name') ?? e.getAttribute('part') ?? ''}]`)).to.deep.equal([]);
      } finally {
        await setViewport({ width: 800, height: 600 });
      }
    });
  });

  it('without meetings: says none is booked; a host giving neither meetings nor decisions has no such section; bad meetings show an alert naming the path', async () => {
    const none = await card({ meetings: [], editable: true });
    expect(text(part(none, 'meetings'))).to.contain('Intet møde booket.');
    expect(part(none, 'book-meeting')).to.not.equal(null);
    const plain = await fixture<SamspilPlanCard>(html`<samspil-plan-card editable .plan=${plan}></samspil-plan-card>`);
    expect(part(plain, 'meetings')).to.equal(null);
    expect(part(plain, 'book-meeting')).to.equal(null);
    const bad = await card({ meetings: [{ ...meetings()[0], place: { kind: 'text', text: 'kantinen' } }] });
    expect(text(bad.shadowRoot!.querySelector('[role="alert"]'))).to.contain('meetings[0].place.kind');
  });

  it('reflows at 320 px: nothing wider than the viewport', async () => {
    await setViewport({ width: 320, height: 800 });
    try {
      const el = await card({ editable: true });
      await new Promise((r) => requestAnimationFrame(r));
      const beyond = [...el.shadowRoot!.querySelectorAll<HTMLElement>('*')].filter((e) => e.getBoundingClientRect().right > innerWidth + 0.5);
      expect(beyond.map((e) => `${e.localName}[${e.getAttribute('part') ?? ''}]`)).to.deep.equal([]);
      expect(document.documentElement.scrollWidth).to.be.at.most(innerWidth);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  describe('accessibility (axe)', () => {
    for (const [name, options] of [
      ['Danish, editable', { editable: true }],
      ['English, compact', { lang: 'en', layout: 'compact' }],
      ['English, a link', { lang: 'en', meetings: meetings().slice(1) }],
    ] as [string, Options][]) {
      it(name, async () => {
        await expect(await card(options)).to.be.accessible();
      });
    }
  });
});
