// Issue 27: a head of department's weekly digest in Slack, on a small seeded municipality counted
// by hand. It reaches each head on the week's first working morning and not before, on other days
// or at other hours; once per week, with two scheduler turns racing (two service instances on
// PostgreSQL); a clock moved on weeks sends only the week it is in; a team lead who is not a head
// gets none. Its numbers are the overview's (k = 3), its pairs the worst three; nothing in it
// names a person or a case.
import { linkWorkspace, type RunningService } from '@samspil/server';
import { seedVejle, serviceDatabases, VEJLE } from '@samspil/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoPersonNorCase, expectNothingBeforeMonday, expectNothingMoreAt, expectOnceForEachHeadOnMonday, expectOnlyTheWeekItIsIn, type DigestRun } from '../../chat/test/weekly-digest-schedule.js';
import { startSlack, type SlackHarness } from './harness.js';

const TEAM = 'T0VEJLE';
const PUBLIC_URL = 'https://samspil.vejle.example.dk';
const USERS = Object.fromEntries(VEJLE.everyone.map((p) => [p, { id: `U0${p.replace(/-/g, '').toUpperCase()}`, name: p, email: VEJLE.emailOf(p) }]));
const TITLE = 'Ugens overblik over samarbejdet';

describe.each(await serviceDatabases())('the weekly digest in Slack on $kind', (database) => {
  let h: SlackHarness<string>;
  let other: RunningService | undefined;

  /** The weekly digests the app posted to a person (as Slack got them). */
  const digestsTo = (person: string) => h.postedTo(person).map((m) => JSON.stringify(m)).filter((m) => m.includes(TITLE));
  const run = (): DigestRun => ({ service: h.service, at: h.at, other, digestsTo });

  beforeAll(async () => {
    h = await startSlack(database, { users: USERS, clock: '2026-09-01T10:00:00+02:00', team: TEAM, token: 'xoxb-vejle', secret: 'weekly-signing-secret-0123456789ab', publicUrl: PUBLIC_URL });
    await seedVejle(h.service, h.at);
    await linkWorkspace(h.service.db, { platform: 'slack', workspaceId: TEAM, tenant: VEJLE.tenant, settings: {} });
    h.at('2026-12-06T12:00:00+01:00'); // Sunday
    other = await h.secondInstance();
  }, 60_000);

  afterAll(() => h?.stop());

  it('sends nothing on Sunday, nor on Monday before working hours', () => expectNothingBeforeMonday(run()));

  it("reaches each head once on Monday's first working tick, with two turns racing; the team lead who is no head gets none", async () => {
    await expectOnceForEachHeadOnMonday(run());
    // Later that day, and on Tuesday: nothing more.
    await expectNothingMoreAt(run(), '2026-12-07T14:00:00+01:00', '2026-12-08T09:00:00+01:00');
  });

  it("the head of the Jobcenter's: the trend, the stalled by reason (k = 3), the three worst pairs, the link", () => {
    const d = digestsTo('h-job')[0]!;
    expect(d).toContain(`${TITLE}, uge 50`);
    // Open: A1-A4, B1, B2, B4-B6 now (9); A1-A5 at the end of the week of 21 September (5).
    expect(d).toContain('Åbne koordineringer: 9 (+4 på 12 uger)');
    // Stalled now: A1, A2, B1, B2; none then.
    expect(d).toContain('Sager gået i stå nu: 4 (+4 på 12 uger)');
    expect(d).toContain('ingen aktivitet: 3'); // A1, A2, B1
    expect(d).toContain('ingen plankoordinator: under 3'); // B1, B2
    // Ældreområdet: 3 episodes in 1 case; Psykiatrien: 2 in 2 (1.0), before Familieafdelingen's 5 in 5 (1.0) by its lower RC (2.0); Sundhed's 1 in 2 is fourth.
    const pairs = ['Ældreområdet og Jobcenter: 3 stop i under 3 fælles sager', 'Jobcenter og Psykiatrien: under 3 stop i under 3 fælles sager, RC 2,0', 'Familieafdelingen og Jobcenter: 1,00 stop pr. fælles sag (5 i 5 sager)'];
    const positions = pairs.map((p) => d.indexOf(p));
    expect(positions.every((p) => p >= 0), d).toBe(true);
    expect([...positions].sort((x, y) => x - y)).toEqual(positions);
    expect(d).not.toContain('Sundhed');
    expect(d).toContain(`${PUBLIC_URL}/examples/host-vanilla/leader.html`);
  });

  it("the other heads' cover their own departments", () => {
    const fam = digestsTo('h-fam')[0]!;
    // Open: A1-A3, B1, B3 now; A1-A3, A5 then. Stalled: A1, A2, B1.
    expect(fam).toContain('Åbne koordineringer: 5 (+1 på 12 uger)');
    expect(fam).toContain('Sager gået i stå nu: 3 (+3 på 12 uger)');
    expect(fam).toContain('Familieafdelingen og Jobcenter: 1,00 stop pr. fælles sag');
    expect(fam).not.toContain('Psykiatrien og'); // B3: no episodes
    const psy = digestsTo('h-psy')[0]!;
    // Open: A4, B2, B3 now; A4 alone then, so no change is shown. Stalled: B2.
    expect(psy).toMatch(/Åbne koordineringer: 3(?! \()/);
    expect(psy).toMatch(/Sager gået i stå nu: under 3(?! \()/);
    expect(psy).toContain('Jobcenter og Psykiatrien: under 3 stop i under 3 fælles sager, RC 2,0');
  });

  it('a clock moved on weeks sends only the week it is in', async () => {
    // A Wednesday three weeks on; the Monday after.
    await expectOnlyTheWeekItIsIn(run(), '2026-12-30T10:00:00+01:00', '2027-01-04T09:00:00+01:00');
    expect(digestsTo('h-job')[1]).toContain(`${TITLE}, uge 1`);
  });

  it('names no person and no case: numbers, reasons and departments only', () => expectNoPersonNorCase(VEJLE.heads.flatMap(digestsTo), h.logs, 'VEJ-2026-A1'));
});
