// Issue 25 in Slack, end to end: the real service with the real Bolt app, Slack played by the
// local fake. A coordinator books a meeting from chat (`møde`, and `meeting`), the invited get the
// agenda (references, statuses and counts; the citizen's wishes only as a marker), the outcome is
// recorded in the modal (a joint decision, two actions, the next follow-up) and the second
// department confirms with its button; a disagreement (`uenighed`, and `disagreement`) goes to the
// agreed decider, who settles it with the button. Everything sent is scanned for personal data.
import { personalDataIn, personalDataOf } from '@samspil/chat';
import type { Plan } from '@samspil/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceDatabases } from '@samspil/server/testing';
import type { Json } from './fakes/slack-api.js';
import { postSigned, slashCommand } from './fakes/sign.js';
import { demoUsers, SECRET, startSlack, TEAM, textOf, type SlackHarness } from './harness.js';

const REF = 'SAG-2026-0412';
const USERS = demoUsers('maja', 'anders', 'sofie', 'line', 'lead', 'outsider');

describe.each(await serviceDatabases())('meetings in Slack on $kind', (database) => {
  let h: SlackHarness<keyof typeof USERS>;
  const sentLog: unknown[] = [];

  beforeAll(async () => {
    h = await startSlack(database, { users: USERS, demo: true, clock: '2026-11-24T09:30:00+01:00' }); // a Tuesday, within working hours
    await h.plantPersonalData(REF);
    expect((await h.api('PATCH', '/settings', { rooms: [{ id: 'lok-1', name: 'Mødelokale 1' }] }, { 'content-type': 'application/merge-patch+json' })).status).toBe(200);
    // A professional of the municipality without a part in the case.
    expect((await h.api('PUT', '/people/p-bs-1', { name: 'Bo Sand', email: USERS.outsider.email, department: 'familie' })).status).toBe(200);
    // A joint decision awaited of the jobcentre and the family department.
    expect((await h.api('POST', `/cases/${REF}/activities`, { kind: 'decision-requested', occurredAt: '2026-11-05T09:00:00Z', decision: { id: 'd-pause', departments: ['jobcenter', 'familie'] } })).status).toBe(201);
  }, 60_000);

  afterAll(() => h?.stop());

  it('books a meeting from chat with møde and meeting; refusals say why; the invited get the agenda in a DM', async () => {
    expect(await h.command('maja', `møde ${REF} 2026-12-10 10:00`)).toContain(`Mødet M-1 i ${REF} er booket 2026-12-10 10:00`);
    expect(await h.command('sofie', `meeting ${REF} 2026-12-17 09:30`)).toContain('Mødet M-2');
    expect(await h.command('maja', `møde ${REF} 10-12-2026 10:00`)).toContain('ÅÅÅÅ-MM-DD TT:MM');
    expect(await h.command('maja', `møde ${REF} 2026-12-11 10:00 lok-9`)).toContain('Lokalet lok-9 er ikke på kommunens liste');
    expect(await h.command('maja', `møde ${REF}`)).toContain('Brug: /samspil møde SAGSNR');
    expect(await h.command('outsider', `møde ${REF} 2026-12-11 10:00`)).toContain(`Du har ikke adgang til ${REF}`);
    await h.drain();
    const invitation = h.dmsTo('anders', 'M-1')[0]!;
    const text = textOf(invitation);
    expect(text).toContain(`Netværksmøde i ${REF} (M-1)`);
    expect(text).toContain('Hvornår: 2026-12-10 10:00');
    expect(text).toContain('Mødelokale 1');
    expect(text).toContain('1. Borgerens ønsker (se planen)');
    expect(text).toContain('Afgørelser der ventes på (1): jobcenter 1, familie 1');
    expect(text).toContain('meeting.outcome');
    for (const who of ['maja', 'sofie', 'line'] as const) expect(h.dmsTo(who, 'M-1')).toHaveLength(1);
    // The joint decision has waited more than ten business days: each department still missing is reminded with its confirm button.
    await h.service.scheduler.tick();
    await h.drain();
    for (const [who, department] of [['maja', 'jobcenter'], ['sofie', 'familie']] as const) {
      const reminder = h.dmsTo(who, 'venter på jeres bekræftelse af den fælles afgørelse d-pause');
      expect(reminder).toHaveLength(1);
      expect(textOf(reminder[0])).toContain(`\\"department\\":\\"${department}\\"`);
    }
    sentLog.push(...h.fake.calls.map((c) => c.args));
  }, 30_000);

  it('records the outcome in the modal: jobcenter decides, two actions with owners and dates, the next follow-up', async () => {
    const trigger = h.fake.triggerId();
    await h.press('maja', h.dmsTo('maja', 'M-1')[0]!, 'meeting.outcome', trigger);
    const view = (await h.waitFor(() => h.fake.callsTo('views.open').find((c) => c.args.trigger_id === trigger), 'the outcome modal')).args.view as Json;
    expect(view.callback_id).toBe('meeting.outcome');
    const shown = textOf(view);
    expect(shown).toContain('d-pause');
    expect(shown).toContain('Indsats 5, Jobcenter (planlagt)');
    sentLog.push(view);
    const select = (value: string) => ({ value: { type: 'static_select', selected_option: { value } } });
    const date = (value: string) => ({ value: { type: 'datepicker', selected_date: value } });
    const submit = (values: Json) =>
      h.interact({ type: 'view_submission', user: { id: USERS.maja.id, username: 'maja', team_id: TEAM }, view: { id: 'V1', callback_id: 'meeting.outcome', private_metadata: view.private_metadata, type: 'modal', state: { values } } }).then((r) => r.json() as Promise<Json>);
    const values: Json = {
      attended: select('yes'),
      decision: select('d-pause'),
      departments: { value: { type: 'multi_static_select', selected_options: [{ value: 'jobcenter' }] } },
      action1_intervention: select('iv-mentor'),
      action1_owner: select('p-job-2'),
      action1_due: date('2027-03-31'),
      action2_intervention: select('iv-family'),
      action2_owner: select('p-fam-2'),
      action2_due: date('2027-02-26'),
      nextFollowUp: date('2027-01-15'),
    };
    // An action half filled in is marked where it is.
    expect(await submit({ ...values, action2_due: { value: { type: 'datepicker', selected_date: null } } })).toMatchObject({ response_action: 'errors', errors: { action2_due: expect.stringContaining('Udfyld') } });
    const saved = await submit(values);
    expect(saved).toMatchObject({ response_action: 'update' });
    expect(textOf(saved)).toContain('Udfaldet af mødet M-1 er registreret: 1 afgørelse, 2 handlinger, næste opfølgning 2027-01-15');
    const plan = (await h.api('GET', `/cases/${REF}/plan`)).body as Json & { interventions: Json[]; followUps: Json[] };
    expect(plan.interventions.find((i) => i.id === 'iv-mentor')).toMatchObject({ owner: 'p-job-2', end: '2027-03-31' });
    expect(plan.followUps).toContainEqual({ date: '2027-01-15' });
    const meetings = (await h.api('GET', `/cases/${REF}/meetings`)).body as { meetings: Json[]; decisions: Json[] };
    expect(meetings.meetings.find((m) => m.id === 'M-1')).toMatchObject({ state: 'held', citizenAttended: true });
    expect(meetings.decisions.find((d) => d.id === 'd-pause')!.decidedAt).toBeUndefined();
    // Again: the outcome is recorded already.
    expect(textOf(await submit(values))).toContain('allerede registreret');
  }, 30_000);

  it('the family department confirms the joint decision with its button; the jobcentre cannot confirm for it', async () => {
    await h.drain();
    // After the meeting, the department still missing is asked to confirm (besides the reminder before it).
    const ask = h.dmsTo('sofie', 'Fælles afgørelse d-pause')[0]!;
    expect(textOf(ask)).toContain('decision.confirm');
    sentLog.push(ask);
    // Anders (jobcenter) presses a copy of Sofie's button: refused, it is not his department's.
    await h.press('anders', ask, 'decision.confirm');
    expect(await h.updated()).toContain('Kun en fra forvaltningen');
    await h.press('sofie', ask, 'decision.confirm');
    expect(await h.updated()).toContain('Alle forvaltninger har bekræftet afgørelsen d-pause');
    const decision = ((await h.api('GET', `/cases/${REF}/decisions`)).body.decisions as Json[]).find((d) => d.id === 'd-pause')!;
    expect(decision.decidedAt).toBeDefined();
    expect((decision.confirmations as Json[]).map((c) => c.department)).toEqual(['jobcenter', 'familie']);
    // The card shows the next meeting and the last one's outcome, and the decision awaited is gone.
    expect(await h.command('maja', `status ${REF}`)).toContain('afgørelse venter');
    await h.service.scheduler.tick();
    const card = await h.command('maja', `status ${REF}`);
    expect(card).toContain('Næste møde');
    expect(card).toMatch(/Næste møde\*\\n2026-12-\d\d \d\d:\d\d \(/);
    expect(card).toContain('M-1, 2026-12-10: 1 afgørelse, 2 handlinger, næste opfølgning 2027-01-15');
    expect(card).not.toContain('afgørelse venter');
  }, 30_000);

  it('a disagreement (uenighed, disagreement) goes to the head of the agreed department, who settles it with the button', async () => {
    expect(await h.command('line', `uenighed ${REF} iv-mentor`)).toContain('Uenigheden U-1');
    expect(await h.command('sofie', `disagreement ${REF} r-family`)).toContain('Uenigheden U-2');
    expect(await h.command('sofie', `uenighed ${REF} ukendt-id`)).toContain('hverken en indsats');
    expect(await h.command('outsider', `uenighed ${REF} iv-mentor`)).toContain(`Du har ikke adgang til ${REF}`);
    await h.drain();
    const toLead = h.dmsTo('lead', 'U-1')[0]!;
    expect(textOf(toLead)).toContain('indsatsen iv-mentor');
    expect(textOf(toLead)).toContain('disagreement.resolve');
    sentLog.push(toLead);
    await h.press('line', toLead, 'disagreement.resolve');
    expect(await h.updated()).toContain('Kun den, samarbejdsaftalen udpeger');
    await h.press('lead', toLead, 'disagreement.resolve');
    expect(await h.updated()).toContain('Uenigheden U-1 er afgjort');
    const states = ((await h.api('GET', `/cases/${REF}/disagreements`)).body.disagreements as Json[]).map((d) => [d.id, d.state, d.decider]);
    expect(states).toEqual([['U-1', 'resolved', 'leder-jobcenter'], ['U-2', 'open', 'leder-jobcenter']]);
  }, 30_000);

  it('books a meeting from a reminder\'s and from the plan card\'s button, and raises a disagreement from the card; an outsider is refused', async () => {
    const select = (value: string) => ({ value: { type: 'static_select', selected_option: { value } } });
    /** Presses `actionId` on `message` and returns the modal it opened. */
    const opened = async (who: keyof typeof USERS, message: Json, actionId: string) => {
      const trigger = h.fake.triggerId();
      await h.press(who, message, actionId, trigger);
      return (await h.waitFor(() => h.fake.callsTo('views.open').find((c) => c.args.trigger_id === trigger), `the modal of ${actionId}`)).args.view as Json;
    };
    const submit = (who: keyof typeof USERS, view: Json, values: Json) =>
      h.interact({ type: 'view_submission', user: { id: USERS[who].id, username: who, team_id: TEAM }, view: { id: 'V2', callback_id: view.callback_id, private_metadata: view.private_metadata, type: 'modal', state: { values } } }).then((r) => r.json() as Promise<Json>);
    // The reminder of the joint decision awaited (the first test's) offers to book the meeting where it is taken.
    const reminder = h.dmsTo('maja', 'venter på jeres bekræftelse af den fælles afgørelse d-pause')[0]!;
    const booking = await opened('maja', reminder, 'meeting.book');
    expect(booking.callback_id).toBe('meeting.book');
    expect(textOf(booking)).toContain('Mødelokale 1');
    expect(textOf(booking)).toContain('"initial_time":"10:00"');
    sentLog.push(booking);
    const values = { day: { value: { type: 'datepicker', selected_date: '2026-12-14' } }, time: { value: { type: 'timepicker', selected_time: '13:00' } }, room: select('lok-1') };
    // A day in the past is marked on the day; then it books.
    expect(await submit('maja', booking, { ...values, day: { value: { type: 'datepicker', selected_date: '2026-11-02' } } })).toMatchObject({ response_action: 'errors', errors: { day: expect.stringContaining('fortiden') } });
    const booked = await submit('maja', booking, values);
    expect(textOf(booked)).toContain(`Mødet M-3 i ${REF} er booket 2026-12-14 13:00`);
    // Someone without a part in the case, with a copy of the form: refused, nothing booked.
    expect(textOf(await submit('outsider', booking, { ...values, day: { value: { type: 'datepicker', selected_date: '2026-12-15' } } }))).toContain(`Du har ikke adgang til ${REF}`);
    const meetings = ((await h.api('GET', `/cases/${REF}/meetings`)).body.meetings as Json[]).map((m) => m.id);
    expect(meetings.filter((id) => /^M-/.test(String(id))).sort()).toEqual(['M-1', 'M-2', 'M-3']); // and the demo's own

    // The plan card of the coordination's place: "Book møde" and "Uenighed".
    h.fake.calls.length = 0;
    expect(await h.command('maja', `coordinate ${REF}`)).toBeTruthy();
    await h.drain();
    const card = await h.waitFor(
      () => h.fake.calls.map((c) => c.args).find((a) => textOf(a.blocks ?? []).includes('disagreement.raise')),
      'the plan card with its buttons',
    );
    const cardMessage = { ...card, ts: '1700000000.000100' } as Json;
    sentLog.push(card);
    const fromCard = await opened('sofie', cardMessage, 'meeting.book');
    expect(fromCard.callback_id).toBe('meeting.book');
    expect(textOf(await submit('sofie', fromCard, { ...values, day: { value: { type: 'datepicker', selected_date: '2026-12-16' } } }))).toContain('Mødet M-4');
    const raising = await opened('line', cardMessage, 'disagreement.raise');
    expect(raising.callback_id).toBe('disagreement.raise');
    expect(textOf(raising)).toContain('intervention:iv-mentor');
    expect(textOf(raising)).toContain('responsibility:r-family');
    sentLog.push(raising);
    expect(await submit('line', raising, { subject: select('intervention:iv-ukendt') })).toMatchObject({ response_action: 'errors', errors: { subject: expect.stringContaining('hverken') } });
    expect(textOf(await submit('line', raising, { subject: select('responsibility:r-family') }))).toContain('Uenigheden U-3');
    // An outsider pressing the card's button gets no form.
    const refused = await opened('outsider', cardMessage, 'disagreement.raise');
    expect(refused.callback_id).toBeUndefined();
    expect(textOf(refused)).toContain(`Du har ikke adgang til ${REF}`);
  }, 60_000);

  it("the card shows the next meeting in the municipality's time zone, as its invitation does", async () => {
    expect((await h.api('PATCH', '/settings', { timeZone: 'Atlantic/Faroe' }, { 'content-type': 'application/merge-patch+json' })).status).toBe(200);
    // The card reads the municipality's calendar at most every 30 s.
    h.at(new Date(h.now().getTime() + 31_000).toISOString());
    try {
      const meetings = (await h.api('GET', `/cases/${REF}/meetings`)).body.meetings as (Json & { id: string; startsAt: string; state: string })[];
      const next = meetings.filter((m) => m.state === 'booked' && Date.parse(m.startsAt) > h.now().getTime()).sort((a, b) => a.startsAt.localeCompare(b.startsAt))[0]!;
      const faroe = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Atlantic/Faroe', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(next.startsAt));
      const card = await h.command('maja', `status ${REF}`);
      // An hour behind Copenhagen in winter: the Copenhagen time would be another text.
      expect(card).toContain(`${faroe} (${next.id})`);
    } finally {
      expect((await h.api('PATCH', '/settings', { timeZone: 'Europe/Copenhagen' }, { 'content-type': 'application/merge-patch+json' })).status).toBe(200);
      h.at(new Date(h.now().getTime() + 31_000).toISOString());
    }
  }, 30_000);

  it('help names both words; nothing sent carries the citizen\'s words, a title, a name or a CPR number', async () => {
    const help = await postSigned(h.url(), slashCommand({ team_id: TEAM, user_id: USERS.maja.id, user_name: 'maja', text: 'help', response_url: h.fake.responseUrl(), trigger_id: h.fake.triggerId() }), 'form', { secret: SECRET });
    expect(help.text).toMatch(/møde SAGSNR[\s\S]*meeting\)[\s\S]*uenighed SAGSNR[\s\S]*disagreement\)/);
    const plan = (await h.api('GET', `/cases/${REF}/plan`)).body as unknown as Plan;
    const forbidden = personalDataOf(plan);
    const sent = [...sentLog, ...h.fake.calls.map((c) => c.args), ...h.fake.responses().map((r) => r.body), ...h.acks];
    expect(sent.length).toBeGreaterThan(10);
    expect(personalDataIn(sent, forbidden)).toEqual([]);
    expect(personalDataIn([plan], forbidden).length).toBeGreaterThan(3);
  });
});
