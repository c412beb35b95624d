// RC waves run by the bot in Teams (issue 17), in English (the municipality's setting): a team
// lead starts a wave from chat over three groups and twelve people; the invitations come in
// working hours as cards whose button (Action.Execute) returns a card per partner group; one
// person changes an answer; reminders go only to those who have not answered, at most two;
// `rc status` hides a group below k; `rc close` scores it and its starter gets a digest; the key
// is gone and the stored result equals core's scoring of the exported answers; after the close
// answering is refused. Every card is checked as an Adaptive Card 1.5.
import { createHmac } from 'node:crypto';
import { personalDataIn } from '@samspil/chat';
import { RC_ITEMS, RC_WORDING, readRcSurvey, scoreRc, type RcItem } from '@samspil/core';
import { AccessPolicy, createApiKey, createTenant, linkWorkspace, Waves } from '@samspil/server';
import { serviceDatabases } from '@samspil/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardProblems } from './card-check.js';
import type { Json } from './fakes/connector.js';
import { cardsIn, startTeams, type TeamsHarness } from './harness.js';

const APP = '7d1f3b2a-4c5e-4f60-8a71-9b2c3d4e5f60';
const ENTRA = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const TEAM = '19:rc-team@thread.tacv2';
const PUBLIC_URL = 'https://samspil.aarhus.example.dk';

const JOB = ['job-1', 'job-2', 'job-3', 'job-4', 'job-5'];
const FAM = ['fam-1', 'fam-2', 'fam-3', 'fam-4'];
const SUND = ['sund-1', 'sund-2', 'sund-3'];
const PEOPLE = [...JOB, ...FAM, ...SUND];
const GROUPS = ['Jobcenter', 'Familie', 'Sundhed'];
const EVERYONE = [...PEOPLE, 'lead-job', 'other-1'];
const userOf = (person: string) => `29:${person}`;
const nameOf = (person: string) => `Medarbejder ${person}`;
const USERS = Object.fromEntries(EVERYONE.map((p) => [p, { id: userOf(p), aadObjectId: `aad-${p}`, name: nameOf(p), email: `${p}@aarhus.example.dk` }]));

function answersOf(person: string, partner: string): Record<RcItem, number | null> {
  const p = PEOPLE.indexOf(person);
  const g = GROUPS.indexOf(partner);
  return Object.fromEntries(RC_ITEMS.map((item, j) => [item, person === 'fam-2' && partner === 'Jobcenter' && item === 'accurate' ? null : ((p * 2 + g * 3 + j) % 5) + 1])) as Record<RcItem, number | null>;
}
const valueOf = (v: number | null) => (v === null ? 'x' : String(v));

describe.each(await serviceDatabases())('RC waves in Teams on $kind', (database) => {
  let h: TeamsHarness<string>;
  let waves: Waves;
  const at = (local: string) => h.at(`${local}+01:00`);
  /** Every card the bot showed: sent through the connector or returned from an invoke. */
  const cards: Json[] = [];
  const answersGiven: unknown[] = [];

  /** A message to the bot in the 1:1 chat: what it answered there (text, or a card's JSON). */
  async function say(person: string, text: string): Promise<string> {
    const answer = await h.say(person, text);
    const reply = JSON.parse(answer) as Json[];
    expect(reply.length).toBeGreaterThan(0);
    cards.push(...cardsIn(reply));
    return answer;
  }

  /** A card's Action.Execute pressed: the invoke's answer (a card to show, or a message). */
  async function execute(person: string, card: Json, verb: string, choose?: (input: string) => string | undefined, force = false): Promise<{ type: string; value: Json | string }> {
    const res = await h.connector.activityTo(h.service.url, h.connector.executeCardAction(card, verb, { from: userOf(person), ...(choose ? { choose } : {}), force }));
    expect(res.status).toBe(200);
    const body = res.body as { statusCode: number; type: string; value: Json | string };
    expect(body.statusCode).toBe(200);
    if (body.type === 'application/vnd.microsoft.card.adaptive') cards.push(body.value as Json);
    return body;
  }

  /** The person's latest invitation or reminder card. */
  const invitationOf = (person: string) => h.cardsTo(person).reverse().find((c) => JSON.stringify(c).includes('"rc.answer"'))!;

  /** All steps through the cards: the groups asked about in order, and the last answer. */
  async function answerAll(person: string, answers: (partner: string) => Record<RcItem, number | null> = (p) => answersOf(person, p)): Promise<{ groups: string[]; last: { type: string; value: Json | string } }> {
    let answer = await execute(person, invitationOf(person), 'rc.answer');
    const groups: string[] = [];
    for (let step = 0; step < 10 && typeof answer.value === 'object' && JSON.stringify(answer.value).includes('"rc.save"'); step++) {
      const card = answer.value;
      const group = ((card.actions as Json[])[0]!.data as Json).group as string;
      groups.push(group);
      const chosen = answers(group);
      answersGiven.push(chosen);
      answer = await execute(person, card, 'rc.save', (input) => valueOf(chosen[input as RcItem]));
    }
    return { groups, last: answer };
  }

  const invitedSince = (counts: Map<string, number>) => PEOPLE.concat('lead-job', 'other-1').filter((p) => h.cardsTo(p).filter((c) => JSON.stringify(c).includes('"rc.answer"')).length > (counts.get(p) ?? 0));
  const invitationCounts = () => new Map(EVERYONE.map((p) => [p, h.cardsTo(p).filter((c) => JSON.stringify(c).includes('"rc.answer"')).length]));

  beforeAll(async () => {
    // A Monday, before working hours.
    h = await startTeams(database, { users: USERS, clock: '2026-11-23T07:00:00+01:00', appId: APP, entraId: ENTRA, team: { id: TEAM, name: 'Aarhus' }, publicUrl: PUBLIC_URL });
    await createTenant(h.service.db, { id: 'aarhus', name: 'Aarhus Kommune' });
    // The municipality's Teams speaks English.
    await linkWorkspace(h.service.db, { platform: 'teams', workspaceId: ENTRA, tenant: 'aarhus', settings: { tenantId: ENTRA, language: 'en' } });
    await h.installInTeam('lead-job');
    h.useApiKey(await createApiKey(h.service.db, 'aarhus'));
    waves = new Waves(h.service.db, new AccessPolicy(h.service.db), h.now);
    for (const [id, name] of [['jobcenter', 'Jobcenter'], ['familie', 'Familieafdelingen'], ['sundhed', 'Sundhed'], ['ledelse', 'Ledelse']]) expect((await h.api('PUT', `/departments/${id}`, { name, kind: 'other', ...(id === 'sundhed' ? { head: 'lead-job' } : {}) })).status).toBe(200);
    expect((await h.api('PUT', '/teams/t-fam', { name: 'Team Familie', department: 'familie', lead: 'other-2' })).status).toBe(200);
    const person = async (id: string, department: string, team?: string) =>
      expect((await h.api('PUT', `/people/${id}`, { name: nameOf(id), email: `${id}@aarhus.example.dk`, department, ...(team ? { team } : {}), chat: {}, availability: { status: 'active' } })).status).toBe(200);
    for (const p of JOB) await person(p, 'jobcenter');
    for (const p of FAM) await person(p, 'familie', 't-fam');
    for (const p of SUND) await person(p, 'sundhed');
    await person('lead-job', 'ledelse');
    await person('other-1', 'ledelse');
  }, 60_000);

  afterAll(() => h?.stop());

  let wave = '';
  let key: Buffer;

  it('a head of department starts a wave from chat; a colleague cannot', async () => {
    expect(await say('other-1', 'rc start Autumn department:jobcenter Familie=team:t-fam department:sundhed')).toContain('Only team leads and heads of department');
    const started = await say('lead-job', 'rc start Autumn department:jobcenter Familie=team:t-fam department:sundhed closes:2026-12-04');
    expect(started).toContain('The survey Autumn has started: 3 groups, 12 people');
    wave = ((await h.api('GET', '/rc-waves')).body.waves as Json[])[0]!.id as string;
    expect((await h.api('GET', `/rc-waves/${wave}`)).body).toMatchObject({ name: 'Autumn', closesAt: '2026-12-04T15:00:00.000Z', startedBy: 'lead-job', groups: [{ name: 'Jobcenter', members: 5 }, { name: 'Familie', members: 4 }, { name: 'Sundhed', members: 3 }] });
    key = Buffer.from((await h.service.db.query<{ wave_key: Uint8Array }>('SELECT wave_key FROM rc_waves WHERE id = $1', [wave])).rows[0]!.wave_key);
  });

  it('invites the twelve in working hours only, each with an Answer button', async () => {
    const counts = invitationCounts();
    expect((await h.service.scheduler.tick()).rcAsks).toBe(0);
    at('2026-11-23T09:00:00');
    expect((await h.service.scheduler.tick()).rcAsks).toBe(12);
    await h.service.sender.tick();
    expect(invitedSince(counts).sort()).toEqual([...PEOPLE].sort());
    const invitation = invitationOf('fam-1');
    cards.push(invitation);
    expect(JSON.stringify(invitation)).toContain('The survey Autumn');
    expect(invitation.actions).toEqual([{ type: 'Action.Execute', title: 'Answer', verb: 'rc.answer', data: { wave }, style: 'positive', associatedInputs: 'none' }]);
  });

  it('answers card by card, a card per partner group in the tenant\'s wording, each dimension 1..5 or "don\'t know"', async () => {
    const first = await execute('fam-2', invitationOf('fam-2'), 'rc.answer');
    const card = first.value as Json;
    const inputs = (card.body as Json[]).filter((e) => e.type === 'Input.ChoiceSet');
    expect(inputs.map((i) => i.id)).toEqual([...RC_ITEMS]);
    expect(inputs[0]).toMatchObject({ style: 'expanded', isRequired: true, label: `${RC_WORDING.en.frequent.label}: ${RC_WORDING.en.frequent.question.replace('{group}', 'Jobcenter')}` });
    expect((inputs[0]!.choices as Json[]).map((c) => c.value)).toEqual(['1', '2', '3', '4', '5', 'x']);
    expect((inputs[0]!.choices as Json[])[5]!.title).toBe("Don't know");
    expect(JSON.stringify(card)).toContain('About the collaboration with Jobcenter');
    expect((card.actions as Json[])[0]).toMatchObject({ verb: 'rc.save', data: { wave, group: 'Jobcenter' }, title: 'Next' });

    // An answer missing (a forged action: Teams' client would not send it) gives the card back with a warning, nothing recorded.
    const partial = await execute('fam-2', card, 'rc.save', (input) => (input === 'timely' ? undefined : '3'), true);
    expect(JSON.stringify(partial.value)).toContain('Answer all seven questions');
    expect((await h.service.db.query('SELECT 1 FROM rc_wave_answers WHERE wave_id = $1', [wave])).rows).toEqual([]);

    const { groups, last } = await answerAll('fam-2');
    expect(groups).toEqual(GROUPS);
    expect(JSON.stringify(last.value)).toContain('Thank you! Your answers are saved');
    expect(((last.value as Json).actions as Json[])[0]).toMatchObject({ verb: 'rc.answer', title: 'Change your answers', data: { wave } });
    for (const p of ['job-1', 'job-2', 'job-3', 'job-4', 'fam-1', 'fam-3', 'fam-4', 'sund-1', 'sund-2']) await answerAll(p);
    // Someone not asked gets a neutral refusal.
    const refused = await h.connector.activityTo(h.service.url, h.connector.invokeAction({ verb: 'rc.answer', data: { wave }, from: userOf('other-1'), replyToId: '1' }));
    expect(refused.body).toMatchObject({ type: 'application/vnd.microsoft.activity.message', value: 'You are not part of that survey.' });
  });

  it('a changed answer: the card shows the answers given, and the change replaces them', async () => {
    const again = await execute('fam-2', invitationOf('fam-2'), 'rc.answer');
    const given = answersOf('fam-2', 'Jobcenter');
    for (const input of ((again.value as Json).body as Json[]).filter((e) => e.type === 'Input.ChoiceSet')) expect(input.value, String(input.id)).toBe(valueOf(given[input.id as RcItem]));
    const changed = { ...given, accurate: 5, shared_goals: null };
    answersGiven.push(changed);
    const next = await execute('fam-2', again.value as Json, 'rc.save', (input) => valueOf(changed[input as RcItem]));
    expect(JSON.stringify(next.value)).toContain('About the collaboration with Familie');
    const pseudonym = createHmac('sha256', key).update('fam-2').digest('hex');
    const { rows } = await h.service.db.query<{ item: RcItem; value: number | null }>('SELECT item, value FROM rc_wave_answers WHERE wave_id = $1 AND pseudonym = $2 AND partner_group = $3', [wave, pseudonym, 'Jobcenter']);
    expect(Object.fromEntries(rows.map((r) => [r.item, r.value === null ? null : Number(r.value)]))).toEqual(changed);
  });

  it('`rc status` shows counts only for groups of k or more and never who answered', async () => {
    const status = await say('lead-job', 'rc status Autumn');
    expect(status).toContain('Jobcenter: 4 of 5 have answered');
    expect(status).toContain('Familie: 4 of 4 have answered');
    expect(status).toContain('Sundhed: fewer than 3 answers (hidden), 3 asked');
    for (const p of EVERYONE) expect(status).not.toContain(nameOf(p));
    expect(await say('other-1', 'rc status Autumn')).toContain('You have no survey called Autumn');
  });

  it('reminds only those who have not answered, in working hours, at most twice', async () => {
    const reminded = async (local: string) => {
      at(local);
      const counts = invitationCounts();
      await h.service.scheduler.tick();
      await h.service.sender.tick();
      return invitedSince(counts).sort();
    };
    expect(await reminded('2026-11-27T03:30:00')).toEqual([]);
    expect(await reminded('2026-11-27T09:00:00')).toEqual(['job-5', 'sund-3']);
    expect(JSON.stringify(invitationOf('sund-3'))).toContain('Reminder 1 of 2');
    await answerAll('sund-3');
    expect(await reminded('2026-11-30T22:00:00')).toEqual([]);
    expect(await reminded('2026-12-01T09:00:00')).toEqual(['job-5']);
    expect(await reminded('2026-12-03T09:00:00')).toEqual([]);
  });

  it('`rc close`: scored, the key destroyed, and the starter gets a digest card with a link to the result', async () => {
    at('2026-12-03T10:00:00');
    expect(await say('lead-job', 'rc close Autumn')).toContain('The survey Autumn is closed and scored');
    const before = h.cardsTo('lead-job').length;
    await h.service.sender.tick();
    const digest = h.cardsTo('lead-job').slice(before)[0]!;
    cards.push(digest);
    const text = JSON.stringify(digest);
    expect(text).toContain('The result of the survey Autumn');
    expect(text).toContain('Jobcenter: 4 of 5 (80%)');
    expect(text).toContain('Weakest ties');
    expect(text).toContain('Largest differences in how the collaboration is experienced');
    const survey = (await h.api('GET', `/rc-waves/${wave}`)).body.surveyId as string;
    expect(digest.actions).toEqual([{ type: 'Action.OpenUrl', title: 'See the result', url: `${PUBLIC_URL}/examples/host-vanilla/index.html?survey=${survey}&wave=Autumn#rc-heading` }]);
    for (const p of EVERYONE) expect(text).not.toContain(nameOf(p));

    expect((await h.service.db.query<{ wave_key: unknown }>('SELECT wave_key FROM rc_waves WHERE id = $1', [wave])).rows[0]!.wave_key).toBeNull();
    const pseudonyms = (await h.service.db.query<{ pseudonym: string }>('SELECT DISTINCT pseudonym FROM rc_wave_answers WHERE wave_id = $1', [wave])).rows.map((r) => r.pseudonym);
    expect(pseudonyms).toHaveLength(11);
    const guesses = new Set(EVERYONE.map((p) => createHmac('sha256', key).update(p).digest('hex')));
    expect(pseudonyms.filter((p) => guesses.has(p))).toEqual([]);
    expect((await h.service.db.query("SELECT 1 FROM outbox WHERE kind IN ('rc-invitation', 'rc-reminder')")).rows).toEqual([]);

    const stored = await h.api('GET', `/rc-surveys/${survey}/results?wave=Autumn`);
    const exported = await waves.exportAnswers({ tenant: 'aarhus', kind: 'api-key', id: 'test' }, wave);
    const read = readRcSurvey((exported as { csv: string }).csv);
    expect(read.problems).toEqual([]);
    expect(scoreRc(read.table, { minRespondents: 3, wave: 'Autumn' })).toEqual(stored.body);
  });

  it('after the close, answering is refused', async () => {
    const again = await h.connector.activityTo(h.service.url, h.connector.invokeAction({ verb: 'rc.answer', data: { wave }, from: userOf('job-5'), replyToId: '1' }));
    expect(again.body).toMatchObject({ value: 'The survey has closed; answers can no longer be given or changed.' });
    const data = { wave, group: 'Familie', ...Object.fromEntries(RC_ITEMS.map((i) => [i, '3'])) };
    const save = await h.connector.activityTo(h.service.url, h.connector.invokeAction({ verb: 'rc.save', data, from: userOf('job-5'), replyToId: '1' }));
    expect(save.body).toMatchObject({ value: 'The survey has closed; answers can no longer be given or changed.' });
    expect((await h.service.db.query('SELECT 1 FROM rc_wave_answers WHERE wave_id = $1', [wave])).rows).toHaveLength(11 * 3 * 7);
  });

  it('every card is a valid Adaptive Card 1.5, and nothing sent or logged names a person', async () => {
    const sent = h.connector.sent();
    const all = [...cards, ...cardsIn(sent as unknown as Json[])];
    expect(all.length).toBeGreaterThan(50);
    for (const card of all) expect(cardProblems(card), JSON.stringify(card).slice(0, 300)).toEqual([]);
    expect(personalDataIn([...sent, ...cards], EVERYONE.map(nameOf))).toEqual([]);
    expect(personalDataIn(h.logs, [...EVERYONE.map(nameOf), ...EVERYONE.map((p) => `${p}@`)])).toEqual([]);
    expect(answersGiven.length).toBeGreaterThan(30);
  });
});
