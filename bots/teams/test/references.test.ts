// Issue 26 in Teams, end to end: the real service with the real Teams SDK app, the Bot Framework
// played by the local connector fake. The plan coordinator links the family system's reference
// by message (`forbind`, and `link`); either reference then reaches the one coordination; a
// participant who is not the coordinator, an outsider, and a reference linked to another
// coordination all get the same neutral refusal. Everything sent is scanned for personal data.
import { personalDataIn, personalDataOf } from '@samspil/chat';
import type { Plan } from '@samspil/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceDatabases } from '@samspil/server/testing';
import type { Json } from './fakes/connector.js';
import { demoUsers, startTeams, type TeamsHarness } from './harness.js';

const REF = 'SAG-2026-0412';
const FAM = 'FAM-2026-118';
const USERS = demoUsers('maja', 'sofie', 'outsider');

describe.each(await serviceDatabases())('case references in Teams on $kind', (database) => {
  let h: TeamsHarness<keyof typeof USERS>;
  let plan: Plan;

  beforeAll(async () => {
    h = await startTeams(database, { users: USERS, demo: true, clock: '2026-11-24T09:30:00+01:00' });
    plan = await h.plantPersonalData(REF);
    expect((await h.api('PUT', `/cases/${REF}/coordinator`, { person: 'p-job-1' })).status).toBe(200);
    expect((await h.api('PUT', '/cases/SAG-2026-0977/coordinator', { person: 'p-job-1' })).status).toBe(200);
    await h.installInTeam('maja');
    await h.installPersonal();
    expect((await h.api('PUT', '/people/p-bs-1', { name: 'Bo Service', email: USERS.outsider.email, department: 'familie' })).status).toBe(200);
  }, 120_000);

  afterAll(() => h?.stop());

  it('the plan coordinator links with forbind and link, by either reference; everyone else gets the neutral refusal', async () => {
    expect(await h.say('sofie', `forbind ${REF} ${FAM} familie-sag`)).toContain(`Du har ikke adgang til ${REF} eller sagen findes ikke.`);
    expect(await h.say('outsider', `link ${REF} ${FAM}`)).toContain(`Du har ikke adgang til ${REF} eller sagen findes ikke.`);
    expect((await h.api('GET', `/cases/${FAM}`)).status).toBe(404);

    expect(await h.say('maja', `forbind ${REF} ${FAM} familie-sag`)).toContain(`${FAM} er nu forbundet med koordineringen ${REF}`);
    // By the family system's reference, with the English word.
    expect(await h.say('maja', `link ${FAM} VOK-2026-7 voksen-sag`)).toContain(`VOK-2026-7 er nu forbundet med koordineringen ${FAM}`);
    const read = await h.api('GET', `/cases/VOK-2026-7`);
    expect((read.body.references as Json[]).map((r) => r.reference)).toEqual([REF, FAM, 'VOK-2026-7']);
    // Linked here: not to another coordination, even by its own coordinator; the same neutral words.
    expect(await h.say('maja', `forbind SAG-2026-0977 ${FAM}`)).toContain('Du har ikke adgang til SAG-2026-0977 eller sagen findes ikke.');
    // Either reference reaches the coordination: its plan card by the family system's reference.
    const status = await h.say('sofie', `status ${FAM}`);
    expect(status).not.toContain('Du har ikke adgang');
    expect(status).toContain(REF);
  });

  it('nothing sent carries personal data', () => {
    const sent = Object.values(USERS).flatMap((u) => h.connector.conversation(h.connector.personalConversationId(u.id))?.sent ?? []);
    expect(sent.length).toBeGreaterThan(0);
    expect(personalDataIn(sent, personalDataOf(plan))).toEqual([]);
  });
});
