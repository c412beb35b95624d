// Issue 26 in Slack, end to end: the real service with the real Bolt app, Slack played by the
// local fake. The plan coordinator links the family system's reference to the coordination
// (`forbind`, and `link`); either reference then reaches the one coordination in chat; a
// participant who is not the coordinator, an outsider, and a reference linked to another
// coordination all get the same neutral refusal. Everything sent is scanned for personal data.
import { personalDataIn, personalDataOf } from '@samspil/chat';
import type { Plan } from '@samspil/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceDatabases } from '@samspil/server/testing';
import type { Json } from './fakes/slack-api.js';
import { demoUsers, startSlack, textOf, type SlackHarness } from './harness.js';

const REF = 'SAG-2026-0412';
const FAM = 'FAM-2026-118';
const USERS = demoUsers('maja', 'sofie', 'outsider');

describe.each(await serviceDatabases())('case references in Slack on $kind', (database) => {
  let h: SlackHarness<keyof typeof USERS>;
  let plan: Plan;

  beforeAll(async () => {
    h = await startSlack(database, { users: USERS, demo: true, clock: '2026-11-24T09:30:00+01:00' });
    plan = await h.plantPersonalData(REF);
    expect((await h.api('PUT', `/cases/${REF}/coordinator`, { person: 'p-job-1' })).status).toBe(200);
    // Maja coordinates another case too: the family system's reference may not be linked to both.
    expect((await h.api('PUT', '/cases/SAG-2026-0977/coordinator', { person: 'p-job-1' })).status).toBe(200);
    expect((await h.api('PUT', '/people/p-bs-1', { name: 'Bo Sand', email: USERS.outsider.email, department: 'familie' })).status).toBe(200);
  }, 120_000);

  afterAll(() => h?.stop());

  it('the plan coordinator links with forbind; others, and a reference linked elsewhere, get the neutral refusal', async () => {
    expect(await h.command('maja', 'forbind')).toContain('Brug: /samspil forbind SAGSNR ANDET-SAGSNR');
    // Not the coordinator (a participant), and no part at all: the same words as for a case that does not exist.
    expect(await h.command('sofie', `forbind ${REF} ${FAM} familie-sag`)).toContain(`Du har ikke adgang til ${REF} eller sagen findes ikke.`);
    expect(await h.command('outsider', `forbind ${REF} ${FAM}`)).toContain(`Du har ikke adgang til ${REF} eller sagen findes ikke.`);
    expect(await h.command('maja', `forbind SAG-NOWHERE ${FAM}`)).toContain('Du har ikke adgang til SAG-NOWHERE eller sagen findes ikke.');
    expect((await h.api('GET', `/cases/${FAM}`)).status).toBe(404);

    const linked = await h.command('maja', `forbind ${REF} ${FAM} familie-sag`);
    expect(linked).toContain(`${FAM} er nu forbundet med koordineringen ${REF}`);
    expect(linked).toContain(`${REF}, ${FAM}`);
    expect(await h.command('maja', `forbind ${REF} ${FAM}`)).toContain(`${FAM} er allerede forbundet med koordineringen ${REF}.`);
    const read = await h.api('GET', `/cases/${FAM}`);
    expect((read.body.references as Json[]).map((r) => [r.reference, r.system])).toEqual([
      [REF, undefined],
      [FAM, 'familie-sag'],
    ]);
    // Linked to this coordination: not to another, even by its own coordinator; the refusal is the neutral one.
    expect(await h.command('maja', `forbind SAG-2026-0977 ${FAM}`)).toContain('Du har ikke adgang til SAG-2026-0977 eller sagen findes ikke.');
    expect((await h.api('GET', `/cases/${FAM}`)).body.reference).toBe(REF);
  });

  it('either reference reaches the coordination in chat: link and status through the family system\'s reference', async () => {
    // The coordinator by the other reference, with the English word (the municipality speaks Danish): named by the reference she used.
    expect(await h.command('maja', `link ${FAM} VOK-2026-7 voksen-sag`)).toContain(`VOK-2026-7 er nu forbundet med koordineringen ${FAM}`);
    const status = await h.command('sofie', `status ${FAM}`);
    expect(status).not.toContain('Du har ikke adgang');
    expect(status).toContain(REF);
    expect(await h.command('outsider', `status ${FAM}`)).toContain(`Du har ikke adgang til ${FAM}`);
    // A CPR number as the other reference goes nowhere and is not echoed.
    const cpr = await h.command('maja', `forbind ${REF} 010190-1234`);
    expect(cpr).not.toContain('010190');
  });

  it("two coordinations joined through the API: the other's channel is told where it goes on, and closed", async () => {
    expect((await h.api('PUT', '/cases/SAG-2026-0977/consent', { basis: 'consent', givenAt: '2026-11-16T09:00:00+01:00', departments: ['jobcenter', 'sundhed'] })).status).toBe(200);
    await h.command('maja', 'coordinate SAG-2026-0977');
    const channel = await h.waitFor(() => h.fake.channel('samspil-sag-2026-0977'), 'the coordination channel of SAG-2026-0977');
    const joined = await h.api('POST', `/cases/${REF}/joins`, { reference: 'SAG-2026-0977' });
    expect(joined.status).toBe(200);
    await h.drain();
    const said = channel.messages.map(textOf).join('\n');
    expect(said).toContain(`Koordineringen er lagt sammen med ${REF}`);
    expect(channel.archived).toBe(true);
    expect((await h.api('GET', '/cases/SAG-2026-0977')).body.reference).toBe(REF);
  });

  it('nothing sent carries personal data', () => {
    const sent = [...h.fake.calls.map((c) => c.args), ...h.fake.responses()];
    expect(personalDataIn(sent, personalDataOf(plan))).toEqual([]);
  });
});
