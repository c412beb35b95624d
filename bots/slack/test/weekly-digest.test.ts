// Issue 27: a head of department's weekly digest in Slack, on a small seeded municipality counted
// by hand. It reaches each head on the week's first working morning and not before, on other days
// or at other hours; once per week, with two scheduler turns racing (two service instances on
// PostgreSQL); a clock moved on weeks sends only the week it is in; a team lead who is not a head
// gets none. Its numbers are the overview's (k = 3), its pairs the worst three; nothing in it
// names a person or a case.
import { personalDataIn } from '@samspil/chat';
import { linkWorkspace, startService, type RunningService } from '@samspil/server';
import { seedVejle, serviceDatabases, TEST_SERVICE, VEJLE } from '@samspil/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlack, type SlackHarness } from './harness.js';

const TEAM = 'T0VEJLE';
const PUBLIC_URL = 'https://samspil.vejle.example.dk';
const { heads: HEADS, everyone: EVERYONE, nameOf, references } = VEJLE;
const USERS = Object.fromEntries(EVERYONE.map((p) => [p, { id: `U0${p.replace(/-/g, '').toUpperCase()}`, name: p, email: VEJLE.emailOf(p) }]));
const TITLE = 'Ugens overblik over samarbejdet';

describe.each(await serviceDatabases())('the weekly digest in Slack on $kind', (database) => {
  let h: SlackHarness<string>;
  let other: RunningService | undefined;

  /** The weekly digests the app posted to a person (as Slack got them). */
  const digestsTo = (person: string) => h.postedTo(person).map((m) => JSON.stringify(m)).filter((m) => m.includes(TITLE));
  const weeklyRows = async () => (await h.service.db.query<{ dedupe_key: string }>("SELECT dedupe_key FROM outbox WHERE kind = 'weekly-digest' ORDER BY dedupe_key")).rows.map((r) => r.dedupe_key);
  const tick = async () => (await h.service.scheduler.tick()).weeklyDigests;

  beforeAll(async () => {
    h = await startSlack(database, { users: USERS, clock: '2026-09-01T10:00:00+02:00', team: TEAM, token: 'xoxb-vejle', secret: 'weekly-signing-secret-0123456789ab', publicUrl: PUBLIC_URL });
    await seedVejle(h.service, h.at);
    await linkWorkspace(h.service.db, { platform: 'slack', workspaceId: TEAM, tenant: VEJLE.tenant, settings: {} });

    h.at('2026-12-06T12:00:00+01:00'); // Sunday
    // A second instance on the same database (PostgreSQL), its own turns stopped: the test runs them.
    if (database.kind === 'postgres') {
      other = await startService({ ...TEST_SERVICE, ...h.storage.options, now: h.now, log: h.log, chatPort: { name: 'none', deliver: async () => Promise.reject(new Error('the second instance delivers nothing')) } });
      await Promise.all([other.scheduler.stop(), other.sender.stop()]);
    }
  }, 60_000);

  afterAll(async () => {
    await other?.stop();
    await h?.stop();
  });

  it('sends nothing on Sunday, nor on Monday before working hours', async () => {
    expect(await tick()).toBe(0);
    h.at('2026-12-07T07:55:00+01:00');
    expect(await tick()).toBe(0);
    expect(await weeklyRows()).toEqual([]);
  });

  it("reaches each head once on Monday's first working tick, with two turns racing; the team lead who is no head gets none", async () => {
    h.at('2026-12-07T08:05:00+01:00');
    const turns = await Promise.all([h.service.scheduler.tick(), (other ?? h.service).scheduler.tick()]);
    expect(turns[0].weeklyDigests + turns[1].weeklyDigests).toBe(3);
    expect(await weeklyRows()).toEqual(['weekly-digest:vejle:h-fam:2026-12-07', 'weekly-digest:vejle:h-job:2026-12-07', 'weekly-digest:vejle:h-psy:2026-12-07']);
    // Biblioteket's head, not among the people: no digest, and no refusal audited turn after turn.
    expect((await h.service.db.query("SELECT 1 FROM audit_log WHERE action = 'access.denied'")).rows).toEqual([]);
    await h.service.sender.tick();
    for (const head of HEADS) expect(digestsTo(head), head).toHaveLength(1);
    expect(digestsTo('l-job')).toEqual([]);
    // Later that day, and on Tuesday: nothing more.
    h.at('2026-12-07T14:00:00+01:00');
    expect(await tick()).toBe(0);
    h.at('2026-12-08T09:00:00+01:00');
    expect(await tick()).toBe(0);
    await h.service.sender.tick();
    for (const head of HEADS) expect(digestsTo(head), head).toHaveLength(1);
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
    h.at('2026-12-30T10:00:00+01:00'); // a Wednesday three weeks on
    expect(await tick()).toBe(0);
    h.at('2027-01-04T09:00:00+01:00'); // the Monday after
    expect(await tick()).toBe(3);
    const rows = await weeklyRows();
    expect(rows.filter((k) => k.endsWith(':2027-01-04'))).toHaveLength(3);
    expect(rows.filter((k) => /:2026-12-(14|21|28)$/.test(k))).toEqual([]);
    await h.service.sender.tick();
    for (const head of HEADS) expect(digestsTo(head), head).toHaveLength(2);
    expect(digestsTo('h-job')[1]).toContain(`${TITLE}, uge 1`);
    expect(digestsTo('l-job')).toEqual([]);
  });

  it('names no person and no case: numbers, reasons and departments only', () => {
    const sent = HEADS.flatMap(digestsTo);
    expect(sent.length).toBe(6);
    expect(personalDataIn(sent, [...EVERYONE.map(nameOf), ...EVERYONE.map((p) => `${p}@`), ...references])).toEqual([]);
    expect(personalDataIn(h.logs, [...EVERYONE.map(nameOf), ...EVERYONE.map((p) => `${p}@`)])).toEqual([]);
    // The scan finds what it looks for.
    expect(personalDataIn([{ text: 'VEJ-2026-A1' }], references)).toHaveLength(1);
  });
});
