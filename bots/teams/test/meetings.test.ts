// Issue 25 in Teams, end to end: the real service with the real Teams SDK app, the Bot Framework
// played by the local connector fake. A coordinator books a meeting by message (`møde`, and
// `meeting`), the invited get the agenda as a card (references, statuses and counts; the citizen's
// wishes only as a marker), the outcome is recorded in the card's form (a joint decision, two
// actions, the next follow-up) and the second department confirms with Action.Execute; a
// disagreement (`uenighed`, and `disagreement`) goes to the agreed decider, who settles it. Every
// card is checked as Adaptive Cards 1.5, and everything sent is scanned for personal data.
import { personalDataIn, personalDataOf } from '@samspil/chat';
import type { Plan } from '@samspil/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceDatabases } from '@samspil/server/testing';
import { cardProblems } from './card-check.js';
import type { Json } from './fakes/connector.js';
import { dataOf, demoUsers, startTeams, type TeamsHarness } from './harness.js';

const REF = 'SAG-2026-0412';
const USERS = demoUsers('maja', 'anders', 'sofie', 'line', 'lead', 'outsider');

describe.each(await serviceDatabases())('meetings in Teams on $kind', (database) => {
  let h: TeamsHarness<keyof typeof USERS>;

  beforeAll(async () => {
    h = await startTeams(database, { users: USERS, demo: true, clock: '2026-11-24T09:30:00+01:00', say: 'last text' });
    await h.plantPersonalData(REF);
    await h.installInTeam('maja');
    await h.installPersonal();
    expect((await h.api('PATCH', '/settings', { rooms: [{ id: 'lok-1', name: 'Mødelokale 1' }] }, { 'content-type': 'application/merge-patch+json' })).status).toBe(200);
    expect((await h.api('PUT', '/people/p-bs-1', { name: 'Bo Service', email: USERS.outsider.email, department: 'familie' })).status).toBe(200);
    expect((await h.api('POST', `/cases/${REF}/activities`, { kind: 'decision-requested', occurredAt: '2026-11-10T09:00:00Z', decision: { id: 'd-pause', departments: ['jobcenter', 'familie'] } })).status).toBe(201);
  }, 60_000);

  afterAll(() => h?.stop());

  it('books a meeting by message with møde and meeting; the invited get the agenda as a card', async () => {
    expect(await h.say('maja', `møde ${REF} 2026-12-10 10:00`)).toContain(`Mødet M-1 i ${REF} er booket 2026-12-10 10:00`);
    expect(await h.say('sofie', `meeting ${REF} 2026-12-17 09:30`)).toContain('Mødet M-2');
    expect(await h.say('maja', `møde ${REF} i morgen`)).toContain('ÅÅÅÅ-MM-DD TT:MM');
    expect(await h.say('outsider', `møde ${REF} 2026-12-11 10:00`)).toContain(`Du har ikke adgang til ${REF}`);
    await h.service.sender.tick();
    const invitation = h.cardsTo('anders').find((c) => JSON.stringify(c).includes('(M-1)'))!;
    expect(cardProblems(invitation)).toEqual([]);
    const text = JSON.stringify(invitation);
    expect(text).toContain(`Netværksmøde i ${REF} (M-1)`);
    expect(text).toContain('Borgerens ønsker (se planen)');
    expect(text).toContain('Afgørelser der ventes på (1)');
    expect(text).toContain('Mødelokale 1');
    expect(dataOf(invitation, 'meeting.outcome')).toMatchObject({ reference: REF, meeting: 'M-1' });
    for (const who of ['maja', 'sofie', 'line'] as const) expect(h.cardsTo(who).filter((c) => JSON.stringify(c).includes('(M-1)'))).toHaveLength(1);
  }, 30_000);

  it('records the outcome in the card: jobcenter decides, two actions, the next follow-up; then familie confirms', async () => {
    const invitation = h.cardsTo('maja').find((c) => JSON.stringify(c).includes('(M-1)'))!;
    const form = await h.invoke('maja', 'meeting.outcome', dataOf(invitation, 'meeting.outcome'));
    expect(form).toContain('meeting.outcome.save');
    expect(form).toContain('Indsats 5, Jobcenter (planlagt)');
    const save = JSON.parse(form).actions[0].data as Json;
    const inputs = { attended: 'yes', decision: 'd-pause', departments: 'jobcenter', action1_intervention: 'iv-mentor', action1_owner: 'p-job-2', action1_due: '2027-03-31', action2_intervention: 'iv-family', action2_owner: 'p-fam-2', action2_due: '2027-02-26', nextFollowUp: '2027-01-15' };
    // A decision without its departments: the form again, with what to mend.
    expect(await h.invoke('maja', 'meeting.outcome.save', { ...save, ...inputs, departments: '' })).toContain('Vælg, hvilke forvaltninger');
    expect(await h.invoke('maja', 'meeting.outcome.save', { ...save, ...inputs })).toContain('Udfaldet af mødet M-1 er registreret: 1 afgørelse, 2 handlinger, næste opfølgning 2027-01-15');
    const plan = (await h.api('GET', `/cases/${REF}/plan`)).body as Json & { interventions: Json[] };
    expect(plan.interventions.find((i) => i.id === 'iv-family')).toMatchObject({ owner: 'p-fam-2', end: '2027-02-26' });

    await h.service.sender.tick();
    const ask = h.cardsTo('sofie').find((c) => JSON.stringify(c).includes('decision.confirm'))!;
    expect(cardProblems(ask)).toEqual([]);
    expect(await h.invoke('anders', 'decision.confirm', dataOf(ask, 'decision.confirm'))).toContain('Kun en fra forvaltningen');
    expect(await h.invoke('sofie', 'decision.confirm', dataOf(ask, 'decision.confirm'))).toContain('Alle forvaltninger har bekræftet afgørelsen d-pause');
    const decision = ((await h.api('GET', `/cases/${REF}/decisions`)).body.decisions as Json[]).find((d) => d.id === 'd-pause')!;
    expect(decision.decidedAt).toBeDefined();
  }, 30_000);

  it('a disagreement (uenighed, disagreement) goes to the agreed decider, who settles it', async () => {
    expect(await h.say('line', `uenighed ${REF} iv-mentor`)).toContain('Uenigheden U-1');
    expect(await h.say('sofie', `disagreement ${REF} r-family`)).toContain('Uenigheden U-2');
    await h.service.sender.tick();
    const toLead = h.cardsTo('lead').find((c) => JSON.stringify(c).includes('U-1'))!;
    expect(cardProblems(toLead)).toEqual([]);
    expect(await h.invoke('line', 'disagreement.resolve', dataOf(toLead, 'disagreement.resolve'))).toContain('Kun den, samarbejdsaftalen udpeger');
    expect(await h.invoke('lead', 'disagreement.resolve', dataOf(toLead, 'disagreement.resolve'))).toContain('Uenigheden U-1 er afgjort');
    const states = ((await h.api('GET', `/cases/${REF}/disagreements`)).body.disagreements as Json[]).map((d) => [d.id, d.state]);
    expect(states).toEqual([['U-1', 'resolved'], ['U-2', 'open']]);
  }, 30_000);

  it('a joint decision awaited reminds each department missing with its confirm button and "Book møde"; the card books and raises a disagreement', async () => {
    // A joint decision of the jobcentre and social psychiatry, awaited since long before the clock.
    expect((await h.api('POST', `/cases/${REF}/activities`, { kind: 'decision-requested', occurredAt: '2026-10-26T09:00:00Z', decision: { id: 'd-tilbud', departments: ['jobcenter', 'psykiatri'] } })).status).toBe(201);
    await h.service.scheduler.tick();
    await h.service.sender.tick();
    const reminder = h.cardsTo('line').find((c) => JSON.stringify(c).includes('venter på jeres bekræftelse af den fælles afgørelse d-tilbud'))!;
    expect(cardProblems(reminder)).toEqual([]);
    expect(dataOf(reminder, 'decision.confirm')).toMatchObject({ reference: REF, decision: 'd-tilbud', department: 'psykiatri' });
    expect(h.cardsTo('sofie').some((c) => JSON.stringify(c).includes('d-tilbud'))).toBe(false); // familie is not asked
    // "Book møde" on the reminder: the booking form, then the meeting.
    const form = await h.invoke('line', 'meeting.book', dataOf(reminder, 'meeting.book'));
    expect(form).toContain('meeting.book.save');
    expect(form).toContain('Mødelokale 1');
    const save = { ...(JSON.parse(form).actions[0].data as Json), day: '2026-12-14', time: '13:00', room: 'lok-1' };
    expect(await h.invoke('line', 'meeting.book.save', { ...save, day: '2026-11-02' })).toContain('fortiden');
    expect(await h.invoke('line', 'meeting.book.save', save)).toContain(`Mødet M-3 i ${REF} er booket 2026-12-14 13:00`);
    expect(await h.invoke('outsider', 'meeting.book.save', { ...save, day: '2026-12-15' })).toContain(`Du har ikke adgang til ${REF}`);
    // Line confirms for psykiatri; the jobcentre is still missing.
    expect(await h.invoke('line', 'decision.confirm', dataOf(reminder, 'decision.confirm'))).toContain('Venter stadig på: Jobcenter');

    // The plan card in the coordination's place: "Book møde" and "Uenighed".
    await h.say('maja', `coordinate ${REF}`);
    const card = h.connector
      .sent()
      .flatMap((a) => ((a.attachments ?? []) as Json[]).map((x) => x.content as Json))
      .find((c) => JSON.stringify(c ?? {}).includes('disagreement.raise'))!;
    expect(cardProblems(card)).toEqual([]);
    h.shown.push(card);
    expect(await h.invoke('sofie', 'meeting.book.save', { ...dataOf(card, 'meeting.book'), day: '2026-12-16', time: '09:00', room: 'lok-1' })).toContain('Mødet M-4');
    const raising = await h.invoke('line', 'disagreement.raise', dataOf(card, 'disagreement.raise'));
    expect(raising).toContain('intervention:iv-mentor');
    expect(raising).toContain('responsibility:r-family');
    const raise = JSON.parse(raising).actions[0].data as Json;
    expect(await h.invoke('line', 'disagreement.raise.save', { ...raise, subject: 'intervention:iv-ukendt' })).toContain('hverken');
    expect(await h.invoke('line', 'disagreement.raise.save', { ...raise, subject: 'responsibility:r-family' })).toContain('Uenigheden U-3');
    expect(await h.invoke('outsider', 'disagreement.raise', dataOf(card, 'disagreement.raise'))).toContain(`Du har ikke adgang til ${REF}`);
    const meetings = ((await h.api('GET', `/cases/${REF}/meetings`)).body.meetings as Json[]).map((m) => m.id);
    expect(meetings.filter((id) => /^M-/.test(String(id))).sort()).toEqual(['M-1', 'M-2', 'M-3', 'M-4']); // and the demo's own
  }, 60_000);

  it('nothing sent or shown carries the citizen\'s words, a title, a name or a CPR number', async () => {
    const plan = (await h.api('GET', `/cases/${REF}/plan`)).body as unknown as Plan;
    const forbidden = personalDataOf(plan);
    const sent = [...h.connector.sent(), ...h.shown];
    expect(sent.length).toBeGreaterThan(10);
    expect(personalDataIn(sent, forbidden)).toEqual([]);
    expect(personalDataIn([plan], forbidden).length).toBeGreaterThan(3);
  });
});
