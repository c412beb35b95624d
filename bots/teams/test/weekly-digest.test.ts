// Issue 27: a head of department's weekly digest in Teams, in English (the municipality's
// setting), on the small seeded municipality counted by hand (@samspil/server/testing's Vejle).
// It reaches each head on the week's first working morning and not before, on other days or at
// other hours; once per week, with two scheduler turns racing (two service instances on
// PostgreSQL); a clock moved on weeks sends only the week it is in; a team lead who is not a head
// gets none. Every card is an Adaptive Card 1.5; nothing in it names a person or a case.
import { linkWorkspace, type RunningService } from '@samspil/server';
import { seedVejle, serviceDatabases, VEJLE } from '@samspil/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoPersonNorCase, expectNothingBeforeMonday, expectNothingMoreAt, expectOnceForEachHeadOnMonday, expectOnlyTheWeekItIsIn, type DigestRun } from '../../chat/test/weekly-digest-schedule.js';
import { cardProblems } from './card-check.js';
import { startTeams, type TeamsHarness } from './harness.js';

const APP = '5b3e1c2d-7a8f-4e90-9b1c-2d3e4f5a6b7c';
const ENTRA = '6c7d8e9f-0a1b-4c2d-8e3f-4a5b6c7d8e9f';
const PUBLIC_URL = 'https://samspil.vejle.example.dk';
const USERS = Object.fromEntries(VEJLE.everyone.map((p) => [p, { id: `29:${p}`, aadObjectId: `aad-${p}`, name: VEJLE.nameOf(p), email: VEJLE.emailOf(p) }]));
const TITLE = "The week's overview of the collaboration";

describe.each(await serviceDatabases())('the weekly digest in Teams on $kind', (database) => {
  let h: TeamsHarness<string>;
  let other: RunningService | undefined;

  /** The weekly digests' cards the bot sent to a person in their 1:1 chat. */
  const digestsTo = (person: string) => h.cardsTo(person).filter((c) => JSON.stringify(c).includes(TITLE));
  const textsTo = (person: string) => digestsTo(person).map((c) => JSON.stringify(c));
  const run = (): DigestRun => ({ service: h.service, at: h.at, other, digestsTo });

  beforeAll(async () => {
    h = await startTeams(database, { users: USERS, clock: '2026-09-01T10:00:00+02:00', appId: APP, entraId: ENTRA, team: { id: '19:vejle-team@thread.tacv2', name: 'Vejle' }, publicUrl: PUBLIC_URL });
    await seedVejle(h.service, h.at);
    // The municipality's Teams speaks English.
    await linkWorkspace(h.service.db, { platform: 'teams', workspaceId: ENTRA, tenant: VEJLE.tenant, settings: { tenantId: ENTRA, language: 'en' } });
    await h.installInTeam('h-job');
    h.at('2026-12-06T12:00:00+01:00'); // Sunday
    other = await h.secondInstance();
  }, 60_000);

  afterAll(() => h?.stop());

  it('sends nothing on Sunday, nor on Monday before working hours', () => expectNothingBeforeMonday(run()));

  it("reaches each head once on Monday's first working tick, with two turns racing; the team lead who is no head gets none", async () => {
    await expectOnceForEachHeadOnMonday(run());
    await expectNothingMoreAt(run(), '2026-12-07T15:30:00+01:00', '2026-12-09T09:00:00+01:00'); // that afternoon, and Wednesday
  });

  it("the head of the Jobcenter's, in English: the trend, the stalled by reason (k = 3), the three worst pairs, the link", () => {
    const card = digestsTo('h-job')[0]!;
    expect(cardProblems(card)).toEqual([]);
    const d = JSON.stringify(card);
    expect(d).toContain(`${TITLE}, week 50`);
    expect(d).toContain('Open coordinations: 9 (+4 over 12 weeks)');
    expect(d).toContain('Cases stalled now: 4 (+4 over 12 weeks)');
    expect(d).toContain('no activity: 3');
    expect(d).toContain('no plan coordinator: under 3');
    const pairs = ['Ældreområdet and Jobcenter: 3 stalls in under 3 shared cases', 'Jobcenter and Psykiatrien: under 3 stalls in under 3 shared cases, RC 2.0', 'Familieafdelingen and Jobcenter: 1.00 stalls per shared case (5 in 5 cases)'];
    const positions = pairs.map((p) => d.indexOf(p));
    expect(positions.every((p) => p >= 0), d).toBe(true);
    expect([...positions].sort((x, y) => x - y)).toEqual(positions);
    expect(d).not.toContain('Sundhed');
    expect(d).toContain('"Action.OpenUrl"');
    expect(d).toContain(`${PUBLIC_URL}/examples/host-vanilla/leader.html`);
  });

  it("the other heads' cover their own departments", () => {
    const fam = textsTo('h-fam')[0]!;
    expect(fam).toContain('Open coordinations: 5 (+1 over 12 weeks)');
    expect(fam).toContain('Cases stalled now: 3 (+3 over 12 weeks)');
    expect(fam).toContain('Familieafdelingen and Jobcenter: 1.00 stalls per shared case');
    expect(fam).not.toContain('Psykiatrien and');
    const psy = textsTo('h-psy')[0]!;
    expect(psy).toMatch(/Open coordinations: 3(?! \()/);
    expect(psy).toMatch(/Cases stalled now: under 3(?! \()/);
    expect(psy).toContain('Jobcenter and Psykiatrien: under 3 stalls in under 3 shared cases, RC 2.0');
  });

  it('a clock moved on weeks sends only the week it is in', async () => {
    // A Thursday three weeks on; the Monday after, as working hours begin.
    await expectOnlyTheWeekItIsIn(run(), '2026-12-31T10:00:00+01:00', '2027-01-04T08:00:00+01:00');
    expect(textsTo('h-job')[1]).toContain(`${TITLE}, week 1`);
  });

  it('names no person and no case: numbers, reasons and departments only', () => expectNoPersonNorCase(VEJLE.heads.flatMap(textsTo), h.logs, 'VEJ-2026-B6'));
});
