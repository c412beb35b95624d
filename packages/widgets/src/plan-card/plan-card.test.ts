import type { Consent, Plan } from '@samspil/core';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import { SamspilPlanChangeEvent } from '../events.js';
import './plan-card.js';
import type { PlanChangeDetail, SamspilPlanCard } from './plan-card.js';

const press = (key: string) => sendKeys({ press: key });

/** examples/data/plan.json, verbatim. */
const examplePlan = {
  caseReference: 'SAG-2026-0412',
  version: 3,
  citizenWishes: 'Jeg vil være en god mor for min datter og kunne klare mig selv. Jeg vil gerne arbejde med dyr igen.',
  overallGoal: {
    kind: 'employment',
    description: 'Job i ordinær beskæftigelse, evt. med støtte, inden for dyrepasning',
    department: 'jobcenter',
  },
  subGoals: [
    {
      id: 'sg-routines',
      title: 'Faste rutiner i hjemmet',
      criterion: 'Morgenrutinen holder fem hverdage i træk i fire uger',
      targetDate: '2027-02-26',
      status: 'in-progress',
    },
    {
      id: 'sg-bus',
      title: 'Kan tage bussen alene',
      criterion: 'Tager bussen alene til jobcentret tre gange',
      targetDate: '2027-03-31',
      status: 'not-started',
    },
    { id: 'sg-internship', title: 'Virksomhedspraktik i en dyreklinik', targetDate: '2027-09-30', status: 'not-started' },
  ],
  interventions: [
    {
      id: 'iv-family-support',
      title: 'Familiestøtte i hjemmet',
      department: 'familie',
      owner: 'p-familie-1',
      status: 'active',
      legalBasis: 'BL § 32',
      start: '2026-11-02',
      end: '2027-02-26',
      subGoals: ['sg-routines'],
      budgetDkk: 48000,
    },
    {
      id: 'iv-psychologist',
      title: 'Psykologforløb',
      department: 'psykiatri',
      owner: 'p-psyk-1',
      status: 'active',
      legalBasis: 'SEL § 102',
      start: '2026-11-16',
      end: '2027-04-30',
      subGoals: ['sg-routines', 'sg-bus'],
      budgetDkk: 22500,
    },
    {
      id: 'iv-mentor',
      title: 'Mentor til transport',
      department: 'jobcenter',
      owner: 'p-job-2',
      status: 'planned',
      start: '2027-03-01',
      end: '2027-03-31',
      subGoals: ['sg-bus'],
      dependsOn: ['iv-family-support'],
      budgetDkk: 9500,
    },
    {
      id: 'iv-internship',
      title: 'Virksomhedspraktik',
      department: 'jobcenter',
      owner: 'p-job-1',
      status: 'planned',
      start: '2027-04-01',
      end: '2027-09-30',
      subGoals: ['sg-internship'],
      dependsOn: ['iv-mentor'],
    },
  ],
  followUps: [{ date: '2026-12-15' }, { date: '2027-03-15' }],
} as unknown as Plan;

const departments = [
  { id: 'jobcenter', name: 'Jobcenter' },
  { id: 'familie', name: 'Familieafdelingen' },
  { id: 'psykiatri', name: 'Socialpsykiatrien' },
];
const people = [
  { id: 'p-job-1', name: 'Maja Holm', title: 'Jobkonsulent', department: 'jobcenter' },
  { id: 'p-job-2', name: 'Anders Lund', department: 'jobcenter' },
  { id: 'p-familie-1', name: 'Sofie Krag', title: 'Familierådgiver', department: 'familie' },
  { id: 'p-psyk-1', name: 'Line Dahl', department: 'psykiatri' },
];
const consentGiven: Consent = { basis: 'consent', givenAt: '2026-10-28T10:00:00+01:00', departments: ['jobcenter', 'familie', 'psykiatri'] };
/** Before the first follow-up (15 December 2026). */
const BEFORE = Date.parse('2026-12-01T12:00:00+01:00');
/** After the first follow-up: it is overdue. */
const AFTER = Date.parse('2027-01-10T12:00:00+01:00');

interface Options {
  plan?: unknown;
  coordinator?: string | null;
  consent?: unknown;
  now?: number;
  layout?: 'full' | 'compact';
  editable?: boolean;
  lang?: string;
}

async function card(o: Options = {}): Promise<SamspilPlanCard> {
  const el = await fixture<SamspilPlanCard>(html`<samspil-plan-card
    lang=${o.lang ?? 'da'}
    layout=${o.layout ?? 'full'}
    ?editable=${o.editable ?? false}
    .plan=${'plan' in o ? o.plan : examplePlan}
    .coordinator=${'coordinator' in o ? o.coordinator : 'p-job-1'}
    .consent=${'consent' in o ? o.consent : consentGiven}
    .departments=${departments}
    .people=${people}
    .now=${o.now ?? BEFORE}
    case-system-url="https://sag.example.dk/sager/SAG-2026-0412"
  ></samspil-plan-card>`);
  await el.updateComplete;
  return el;
}

const root = (el: SamspilPlanCard) => el.shadowRoot!;
const part = (el: SamspilPlanCard, name: string) => root(el).querySelector<HTMLElement>(`[part~="${name}"]`);
/** The text as laid out: elements that are not inline are separated by a space. */
function text(node: Element | null): string {
  const walk = (n: Node): string =>
    n instanceof Element
      ? ((block) => `${block}${[...n.childNodes].map(walk).join('')}${block}`)(getComputedStyle(n).display === 'inline' ? '' : ' ')
      : n.nodeType === Node.TEXT_NODE
        ? n.textContent!
        : '';
  return node ? walk(node).replace(/\s+/g, ' ').trim() : '';
}
const all = <E extends Element = HTMLElement>(el: SamspilPlanCard, selector: string) => [...root(el).querySelectorAll<E>(selector)];

describe('samspil-plan-card', () => {
  it('renders the example plan: wishes first and verbatim, goal, sub-goals, interventions per department, budget', async () => {
    const el = await card();
    const article = part(el, 'card')!;
    expect(article.getAttribute('aria-label')).to.equal('Fælles plan, sag SAG-2026-0412');
    // The citizen's own words come first, verbatim, in a blockquote.
    expect(article.firstElementChild!.getAttribute('part')).to.equal('wishes');
    const quote = part(el, 'wishes')!.querySelector('blockquote')!;
    expect(quote.textContent).to.equal(examplePlan.citizenWishes);
    expect(part(el, 'wishes')!.compareDocumentPosition(part(el, 'goal')!) & Node.DOCUMENT_POSITION_FOLLOWING).to.be.greaterThan(0);

    expect(text(part(el, 'goal'))).to.equal('Overordnet mål Beskæftigelse: Job i ordinær beskæftigelse, evt. med støtte, inden for dyrepasning');

    const goals = all(el, '[part="sub-goals"] li').map(text);
    expect(goals).to.have.length(3);
    expect(goals[0]).to.equal('Faste rutiner i hjemmet Kriterium: Morgenrutinen holder fem hverdage i træk i fire uger Nås senest: 26. februar 2027 Status: I gang');
    expect(goals[1]).to.contain('Kriterium: Tager bussen alene til jobcentret tre gange').and.contain('Status: Ikke startet');
    expect(goals[2]).to.contain('Intet målbart kriterium').and.contain('30. september 2027');

    // Grouped by department, in the order the plan first names them, with the departments' names.
    expect(all(el, '[part="interventions"] h3').map(text)).to.deep.equal(['Familieafdelingen', 'Socialpsykiatrien', 'Jobcenter']);
    const jobcentre = all(el, '[part="interventions"] ul')[2]!;
    const [mentor, internship] = [...jobcentre.querySelectorAll('li')].map(text);
    expect(mentor).to.equal(
      'Mentor til transport Ansvarlig: Anders Lund 1. marts 2027 – 31. marts 2027 Status: Planlagt venter på »Familiestøtte i hjemmet«',
    );
    expect(internship).to.contain('Ansvarlig: Maja Holm').and.contain('venter på »Mentor til transport«');
    expect(text(all(el, '[part="interventions"] ul')[0]!)).to.contain('Ansvarlig: Sofie Krag').and.contain('Status: Aktiv').and.not.contain('venter på');

    const rows = all(el, '[part="budget"] tr').map((tr) => [...tr.children].map(text));
    expect(rows).to.deep.equal([
      ['Familieafdelingen', '48.000 kr.'],
      ['Socialpsykiatrien', '22.500 kr.'],
      ['Jobcenter', '9.500 kr.'],
      ['I alt', '80.000 kr.'],
    ]);

    expect(text(part(el, 'coordinator'))).to.equal('Plankoordinator Maja Holm, Jobkonsulent (Jobcenter)');
    expect(all(el, '[part="findings"] li').map(text)).to.deep.equal([
      'Advarsel: Delmålet »Virksomhedspraktik i en dyreklinik« har intet målbart kriterium.',
    ]);
    expect(all(el, '[part="meta"] > *').map(text)).to.deep.equal(['Sag SAG-2026-0412', 'Åbn sagen i fagsystemet']);
    expect(part(el, 'meta')!.querySelector('a')!.getAttribute('href')).to.equal('https://sag.example.dk/sager/SAG-2026-0412');
    // Read-only: no edit controls.
    expect(all(el, 'select, button')).to.have.length(0);
  });

  it('shows an intervention’s legal basis, and warns of an active one without', async () => {
    const el = await card();
    expect(text(all(el, '[part="interventions"] ul')[0]!)).to.contain('Hjemmel: BL § 32');
    expect(all(el, '[part="legal-basis"]').map(text)).to.deep.equal(['Hjemmel: BL § 32', 'Hjemmel: SEL § 102']);
    const plan = structuredClone(examplePlan) as typeof examplePlan & { interventions: { legalBasis?: string }[] };
    delete plan.interventions[1]!.legalBasis;
    const without = await card({ plan });
    expect(all(without, '[part="findings"] li').map(text)).to.include('Advarsel: Den aktive indsats »Psykologforløb« har ingen hjemmel (fx SEL § 52).');
    const english = await card({ plan, lang: 'en' });
    expect(text(all(english, '[part="interventions"] ul')[0]!)).to.contain('Legal basis: BL § 32');
    expect(text(part(english, 'findings'))).to.contain('Warning: The active intervention “Psykologforløb” states no legal basis (e.g. SEL § 52).');
  });

  it('lists errors from the plan checks in text', async () => {
    const plan = structuredClone(examplePlan);
    plan.interventions[2]!.dependsOn = ['iv-gone'];
    const el = await card({ plan });
    const problems = all(el, '[part="findings"] li').map(text);
    expect(problems).to.include('Fejl: Indsatsen »Mentor til transport« venter på en indsats, der ikke findes: iv-gone.');
    expect(text(part(el, 'interventions'))).to.contain('venter på »iv-gone«');
  });

  it('warns in text when the case has no plan coordinator', async () => {
    for (const coordinator of [null, undefined]) {
      const el = await card({ coordinator });
      const warning = part(el, 'coordinator')!.querySelector('[part~="warning"]');
      expect(text(warning)).to.equal('Advarsel: Sagen har ingen plankoordinator. Udpeg en, så nogen ejer planen.');
    }
    const named = await card();
    expect(part(named, 'coordinator')!.querySelector('[part~="warning"]')).to.equal(null);
    const unknown = await card({ coordinator: 'p-elsewhere' });
    expect(text(part(unknown, 'coordinator'))).to.equal('Plankoordinator p-elsewhere');
  });

  it('shows the next follow-up and highlights it in text when overdue', async () => {
    const onTime = await card({ now: BEFORE });
    expect(text(part(onTime, 'follow-up')!.querySelector('p'))).to.equal('Næste: 15. december 2026');
    expect(part(onTime, 'follow-up')!.querySelector('[part~="warning"]')).to.equal(null);

    const late = await card({ now: AFTER });
    const next = part(late, 'follow-up')!.querySelector('p')!;
    expect(text(next)).to.equal('Næste: 15. december 2026 ⚠ Overskredet');
    expect(text(next.querySelector('[part~="warning"]'))).to.equal('⚠ Overskredet');
    expect(next.querySelector('.overdue')).to.exist;
    // The full layout lists the other follow-ups too.
    expect(all(late, '[part="follow-up"] li').map(text)).to.deep.equal(['15. marts 2027']);

    // The earliest follow-up not held is the next one; a held one shows when it was held.
    const plan = structuredClone(examplePlan);
    plan.followUps = [{ date: '2027-03-15' }, { date: '2026-12-15', heldAt: '2026-12-15T09:30:00+01:00' }];
    const held = await card({ plan, now: AFTER });
    expect(text(part(held, 'follow-up')!.querySelector('p'))).to.equal('Næste: 15. marts 2027');
    expect(all(held, '[part="follow-up"] li').map(text)).to.deep.equal(['15. december 2026 · Holdt 15. december 2026']);

    const none = await card({ plan: { ...examplePlan, followUps: [] } });
    expect(text(part(none, 'follow-up'))).to.equal('Opfølgning Ingen opfølgning planlagt.');
  });

  it('shows consent given, withdrawn and missing, and warns where it blocks coordination', async () => {
    const blocked = (el: SamspilPlanCard) => text(part(el, 'consent')!.querySelector('[part~="warning"]'));

    const given = await card();
    expect(text(part(given, 'consent'))).to.equal('Samtykke Givet 28. oktober 2026');
    expect(part(given, 'consent')!.querySelector('[part~="warning"]')).to.equal(null);

    const withdrawn = await card({ consent: { ...consentGiven, withdrawnAt: '2026-11-20T10:00:00+01:00' } });
    expect(text(part(withdrawn, 'consent')!.querySelector('p'))).to.equal('Trukket tilbage 20. november 2026');
    expect(blocked(withdrawn)).to.equal(
      'Advarsel: Koordineringen er blokeret: uden gyldigt samtykke må Jobcenter, Familieafdelingen og Socialpsykiatrien ikke dele oplysninger.',
    );

    const missing = await card({ consent: null });
    expect(text(part(missing, 'consent')!.querySelector('p'))).to.equal('Mangler');
    expect(blocked(missing)).to.contain('Koordineringen er blokeret');

    const partial = await card({ consent: { ...consentGiven, departments: ['jobcenter', 'familie'] } });
    expect(text(part(partial, 'consent')!.querySelector('p'))).to.equal('Givet 28. oktober 2026');
    expect(blocked(partial)).to.equal('Advarsel: Koordineringen er blokeret: samtykket dækker ikke Socialpsykiatrien.');

    const legal = await card({
      consent: { basis: 'legal-basis', reference: 'Serviceloven § 49 b', recordedAt: '2026-10-01T09:00:00+02:00', departments: ['jobcenter', 'familie', 'psykiatri'] },
    });
    expect(text(part(legal, 'consent'))).to.contain('Givet 1. oktober 2026').and.contain('Retligt grundlag: Serviceloven § 49 b');

    // One department alone needs no consent to coordinate with itself.
    const single = await fixture<SamspilPlanCard>(html`<samspil-plan-card
      .plan=${{ citizenWishes: 'Et job.', overallGoal: { kind: 'employment' }, interventions: [{ id: 'a', title: 'Mentor', department: 'jobcenter', subGoals: ['x'] }] }}
      .consent=${null}
    ></samspil-plan-card>`);
    expect(text(part(single, 'consent'))).to.equal('Samtykke Mangler');
  });

  it('has a compact layout with wishes, goal, coordinator, next follow-up, consent and problems', async () => {
    const el = await card({ layout: 'compact', now: AFTER, coordinator: null });
    expect(el.getAttribute('layout')).to.equal('compact');
    const parts = all(el, '[part]').map((e) => e.getAttribute('part'));
    expect(parts).to.include.members(['wishes', 'goal', 'coordinator', 'follow-up', 'consent', 'findings']);
    for (const absent of ['sub-goals', 'interventions', 'budget']) expect(part(el, absent), absent).to.equal(null);
    expect(text(part(el, 'wishes')!.querySelector('blockquote'))).to.equal(examplePlan.citizenWishes);
    expect(text(part(el, 'coordinator'))).to.contain('ingen plankoordinator');
    expect(text(part(el, 'follow-up'))).to.equal('Opfølgning Næste: 15. december 2026 ⚠ Overskredet');
    expect(all(el, '[part="findings"] li')).to.have.length(1);

    el.layout = 'full';
    await el.updateComplete;
    expect(part(el, 'interventions')).to.exist;
    expect(el.getAttribute('layout')).to.equal('full');
  });

  it('edits a status: a new plan in samspil-plan-change, the input untouched, the card updated', async () => {
    const input = structuredClone(examplePlan);
    const before = structuredClone(input);
    const el = await card({ plan: input, editable: true });
    const select = all<HTMLSelectElement>(el, '[part="sub-goals"] select')[0]!;
    expect(select.value).to.equal('in-progress');
    expect(select.getAttribute('aria-label')).to.equal('Status: Faste rutiner i hjemmet');

    select.value = 'achieved';
    setTimeout(() => select.dispatchEvent(new Event('change', { bubbles: true })));
    const event = (await oneEvent(el, 'samspil-plan-change')) as CustomEvent<PlanChangeDetail>;
    expect(event).to.be.instanceOf(SamspilPlanChangeEvent);
    expect(event.bubbles && event.composed).to.equal(true);
    const edited = event.detail.plan;
    expect(edited).to.not.equal(input);
    expect(edited.subGoals[0]!.status).to.equal('achieved');
    expect(edited.subGoals[1]).to.deep.equal({ ...before.subGoals[1] });
    expect(edited.version).to.equal(3);
    expect(input).to.deep.equal(before);

    await el.updateComplete;
    expect(all<HTMLSelectElement>(el, '[part="sub-goals"] select')[0]!.value).to.equal('achieved');

    // A second edit builds on the first; the first event's plan stays as it was.
    const mentor = all<HTMLSelectElement>(el, '[part="interventions"] select')[2]!;
    expect(mentor.getAttribute('aria-label')).to.equal('Status: Mentor til transport');
    mentor.value = 'active';
    setTimeout(() => mentor.dispatchEvent(new Event('change', { bubbles: true })));
    const second = ((await oneEvent(el, 'samspil-plan-change')) as CustomEvent<PlanChangeDetail>).detail.plan;
    expect(second.subGoals[0]!.status).to.equal('achieved');
    expect(second.interventions[2]!.status).to.equal('active');
    expect(edited.interventions[2]!.status).to.equal('planned');
    expect(input).to.deep.equal(before);

    // A new plan object replaces the working copy.
    el.plan = structuredClone(before);
    await el.updateComplete;
    expect(all<HTMLSelectElement>(el, 'select').map((s) => s.value).slice(0, 1)).to.deep.equal(['in-progress']);
    expect(all<HTMLSelectElement>(el, '[part="interventions"] select')[2]!.value).to.equal('planned');
  });

  it('marks a follow-up as held at `now`', async () => {
    const input = structuredClone(examplePlan);
    const el = await card({ plan: input, editable: true, now: AFTER });
    const button = part(el, 'follow-up')!.querySelector('button')!;
    expect(button.getAttribute('aria-label')).to.equal('Markér som holdt: 15. december 2026');
    setTimeout(() => button.click());
    const { plan } = ((await oneEvent(el, 'samspil-plan-change')) as CustomEvent<PlanChangeDetail>).detail;
    expect(plan.followUps[0]).to.deep.equal({ date: '2026-12-15', heldAt: new Date(AFTER).toISOString() });
    expect(input.followUps[0]).to.deep.equal({ date: '2026-12-15' });
    await el.updateComplete;
    expect(text(part(el, 'follow-up')!.querySelector('p'))).to.equal('Næste: 15. marts 2027 Markér som holdt');
    expect(all(el, '[part="follow-up"] li').map(text)).to.deep.equal(['15. december 2026 · Holdt 10. januar 2027']);
    // The button is gone with its follow-up: focus goes to the section's heading, not to the document (WCAG 2.4.3).
    await el.updateComplete;
    expect(root(el).activeElement).to.equal(part(el, 'follow-up')!.querySelector('h2'));
  });

  it('edit controls are reachable and operable with the keyboard', async () => {
    const full = await card({ editable: true });

    // Tab from the document into the card: the first control is the first sub-goal's status.
    const start = document.createElement('button');
    start.textContent = 'before';
    full.before(start);
    start.focus();
    await press('Tab');
    const first = all<HTMLSelectElement>(full, 'select')[0]!;
    expect(root(full).activeElement).to.equal(first);
    const changed = oneEvent(full, 'samspil-plan-change');
    await press('ArrowDown');
    const { plan } = ((await changed) as CustomEvent<PlanChangeDetail>).detail;
    expect(plan.subGoals[0]!.status).to.equal('achieved');

    // Every control is in the tab order: 3 sub-goals, 4 interventions, 2 follow-ups, the link.
    const controls = all(full, 'select, button, a[href]');
    expect(controls).to.have.length(10);
    for (const control of controls.slice(1)) {
      await press('Tab');
      expect(root(full).activeElement).to.equal(control);
    }

    // The follow-up button works with Enter.
    const button = part(full, 'follow-up')!.querySelector('button')!;
    button.focus();
    const held = oneEvent(full, 'samspil-plan-change');
    await press('Enter');
    expect(((await held) as CustomEvent<PlanChangeDetail>).detail.plan.followUps[0]!.heldAt).to.be.a('string');
    await full.updateComplete;
    // The button is gone with its follow-up; focus stays in the follow-up section, not on the page.
    expect(root(full).activeElement).to.equal(part(full, 'follow-up')!.querySelector('h2'));
    await press('Tab');
    expect(root(full).activeElement).to.equal(part(full, 'follow-up')!.querySelector('button'));
    start.remove();
  });

  it('speaks English with lang="en" and follows lang changes', async () => {
    const el = await card({ lang: 'en', now: AFTER, coordinator: null, consent: null });
    expect(part(el, 'card')!.getAttribute('aria-label')).to.equal('Shared plan, case SAG-2026-0412');
    expect(text(part(el, 'wishes'))).to.contain("The citizen's own wishes");
    expect(text(part(el, 'goal'))).to.contain('Overall goal Employment:');
    expect(text(part(el, 'sub-goals')!.querySelector('li'))).to.contain('Criterion:').and.contain('Target date: 26 February 2027').and.contain('Status: In progress');
    expect(text(part(el, 'interventions'))).to.contain('waits for “Familiestøtte i hjemmet”').and.contain('Owner: Anders Lund');
    expect([...part(el, 'budget')!.querySelectorAll('tfoot th, tfoot td')].map(text)).to.deep.equal(['Total', 'DKK 80,000']);
    expect(text(part(el, 'coordinator'))).to.contain('Warning: The case has no plan coordinator.');
    expect(text(part(el, 'follow-up'))).to.contain('Next: 15 December 2026 ⚠ Overdue');
    expect(text(part(el, 'consent'))).to.contain('Missing').and.contain('Coordination is blocked: without valid consent, Jobcenter, Familieafdelingen and Socialpsykiatrien may not share information.');
    expect(text(part(el, 'findings'))).to.contain('Warning: The sub-goal “Virksomhedspraktik i en dyreklinik” has no measurable criterion.');
    expect(all(el, '[part="meta"] > *').map(text)).to.deep.equal(['Case SAG-2026-0412', 'Open the case in the case system']);

    el.setAttribute('lang', 'da');
    await new Promise((r) => setTimeout(r));
    await el.updateComplete;
    expect(text(part(el, 'goal'))).to.contain('Overordnet mål Beskæftigelse');
  });

  it('shows an alert naming the path of the first problem, and never throws', async () => {
    const broken = structuredClone(examplePlan) as unknown as { interventions: Record<string, unknown>[] };
    broken.interventions[0]!.department = 42;
    const el = await card({ plan: broken });
    const alert = root(el).querySelector('[role="alert"]')!;
    expect(text(alert)).to.contain('interventions[0].department');
    expect(part(el, 'wishes')).to.equal(null);

    const cases: [Partial<SamspilPlanCard>, string][] = [
      [{ consent: { basis: 'consent', departments: ['jobcenter'] } as unknown as Consent }, 'consent.givenAt'],
      [{ departments: [{ id: 'jobcenter', name: 'Jobcenter' }, { id: 'familie', name: '' }] }, 'departments[1].name'],
      [{ people: 'nobody' as unknown as [] }, 'people'],
      [{ coordinator: '010203-1234' }, 'coordinator'],
      [{ caseSystemUrl: 'javascript:alert(1)' }, 'caseSystemUrl'],
      [{ plan: 'not a plan' as unknown as Plan }, 'roden'],
    ];
    for (const [props, path] of cases) {
      const bad = await card();
      Object.assign(bad, props);
      await bad.updateComplete;
      expect(text(root(bad).querySelector('[role="alert"]')), path).to.contain(`fejl i ${path}`);
      expect(root(bad).querySelector('a'), path).to.equal(null);
    }
    // Fixed, it renders again.
    el.plan = examplePlan;
    await el.updateComplete;
    expect(root(el).querySelector('[role="alert"]')).to.equal(null);
  });

  it('shows the empty state without a plan', async () => {
    for (const plan of [null, undefined]) {
      const el = await card({ plan });
      expect(text(part(el, 'empty'))).to.equal('Der er ingen plan at vise.');
      expect(part(el, 'card')).to.equal(null);
    }
    const en = await card({ plan: null, lang: 'en' });
    expect(text(part(en, 'empty'))).to.equal('There is no plan to show.');
  });

  it('renders data as text, never as markup', async () => {
    const evil = '<img src=x onerror="window.__xss=1">';
    const plan = structuredClone(examplePlan);
    plan.citizenWishes = evil;
    plan.subGoals[0]!.title = evil;
    plan.interventions[0]!.title = evil;
    plan.interventions[0]!.subGoals = []; // a finding that quotes the title
    plan.overallGoal.description = evil;
    const el = await fixture<SamspilPlanCard>(html`<samspil-plan-card
      editable
      .plan=${plan}
      .coordinator=${'p-x'}
      .people=${[{ id: 'p-x', name: evil, title: evil }]}
      .departments=${[{ id: 'familie', name: evil }]}
    ></samspil-plan-card>`);
    await new Promise((r) => setTimeout(r, 50));
    expect(root(el).querySelector('img')).to.equal(null);
    expect((window as { __xss?: unknown }).__xss).to.equal(undefined);
    expect(part(el, 'wishes')!.querySelector('blockquote')!.textContent).to.equal(evil);
    expect(text(part(el, 'interventions')!.querySelector('h3'))).to.equal(evil);
    expect(text(part(el, 'coordinator'))).to.contain(evil);
    expect(text(part(el, 'findings'))).to.contain(evil);
  });

  it('prints black on white without interactive controls', async () => {
    const el = await card({ editable: true, now: AFTER });
    el.style.setProperty('--samspil-color-text', 'rgb(0, 0, 255)');
    try {
      await emulateMedia({ media: 'print' });
      expect(getComputedStyle(el).color).to.equal('rgb(0, 0, 0)');
      expect(getComputedStyle(part(el, 'follow-up')!.querySelector('button')!).display).to.equal('none');
      const select = root(el).querySelector('select')!;
      expect(getComputedStyle(select).appearance).to.equal('none');
      expect(getComputedStyle(part(el, 'sub-goals')!).breakInside).to.equal('avoid');
      expect(getComputedStyle(part(el, 'meta')!.querySelector('a')!).display).to.equal('none');
      expect(getComputedStyle(part(el, 'findings')!).display).to.equal('none');
      expect(getComputedStyle(part(el, 'wishes')!).display).to.equal('block');
    } finally {
      await emulateMedia({ media: 'screen' });
    }
    expect(getComputedStyle(el).color).to.equal('rgb(0, 0, 255)');
    expect(getComputedStyle(part(el, 'follow-up')!.querySelector('button')!).display).to.not.equal('none');
  });

  it('is themed through --samspil-* properties and parts, and takes its case reference as an attribute', async () => {
    const el = await fixture<SamspilPlanCard>(html`<samspil-plan-card
      case-reference="SAG-9"
      style="--samspil-color-warning: rgb(1, 2, 3); --samspil-color-accent: rgb(4, 5, 6); --samspil-plan-card-wishes-size: 31px"
      .plan=${examplePlan}
      .coordinator=${null}
    ></samspil-plan-card>`);
    expect(getComputedStyle(part(el, 'coordinator')!.querySelector('.warning > strong')!).color).to.equal('rgb(1, 2, 3)');
    const quote = part(el, 'wishes')!.querySelector('blockquote')!;
    expect(getComputedStyle(quote).borderInlineStartColor).to.equal('rgb(4, 5, 6)');
    expect(getComputedStyle(quote).fontSize).to.equal('31px');
    expect(text(part(el, 'meta'))).to.equal('Sag SAG-9');
    const parts = new Set(all(el, '[part]').flatMap((e) => e.getAttribute('part')!.split(' ')));
    for (const name of ['card', 'wishes', 'goal', 'sub-goals', 'interventions', 'coordinator', 'follow-up', 'consent', 'budget', 'findings', 'warning', 'meta']) {
      expect(parts.has(name), name).to.equal(true);
    }
  });

  it('renders all of 300 interventions, read-only and editable', async () => {
    const plan = {
      citizenWishes: 'Jeg vil klare mig selv.',
      overallGoal: { kind: 'employment' },
      subGoals: Array.from({ length: 30 }, (_, i) => ({ id: `sg${i}`, title: `Delmål ${i}`, criterion: 'Målbart', targetDate: '2027-06-30' })),
      interventions: Array.from({ length: 300 }, (_, i) => ({
        id: `iv${i}`,
        title: `Indsats ${i + 1}`,
        department: `d${i % 6}`,
        owner: `p${i % 10}`,
        status: 'active',
        start: '2027-01-01',
        end: '2027-06-30',
        subGoals: [`sg${i % 30}`],
        dependsOn: i % 4 === 0 && i > 0 ? [`iv${i - 1}`] : [],
        budgetDkk: 1000 + i,
      })),
      followUps: [{ date: '2027-01-15' }],
    };
    // Speed is measured by `npm run bench`; here the large plan must render completely, read-only and editable.
    for (const editable of [false, true]) {
      const el = document.createElement('samspil-plan-card');
      el.editable = editable;
      el.plan = plan as unknown as Plan;
      document.body.append(el);
      await el.updateComplete;
      expect(root(el).querySelectorAll('[part="interventions"] li')).to.have.length(300);
      expect(root(el).querySelectorAll('select')).to.have.length(editable ? 330 : 0);
      el.remove();
    }
  });

  describe('accessibility (axe)', () => {
    for (const [name, options] of [
      ['full, Danish', {}],
      ['compact, Danish', { layout: 'compact' }],
      ['editable, Danish', { editable: true, now: AFTER }],
      ['editable compact, English', { editable: true, layout: 'compact', lang: 'en' }],
      ['full with warnings, English', { lang: 'en', coordinator: null, consent: null, now: AFTER }],
    ] as [string, Options][]) {
      it(name, async () => {
        const el = await card(options);
        await expect(el).to.be.accessible();
      });
    }
    it('empty and invalid states', async () => {
      await expect(await card({ plan: null })).to.be.accessible();
      await expect(await card({ plan: { citizenWishes: '' } })).to.be.accessible();
    });
  });
});
