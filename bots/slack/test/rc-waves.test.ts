// RC waves run by the bot in Slack (issue 17): a team lead starts a wave from chat over three
// groups and twelve people; the scheduler's invitations come in working hours, each with a
// button that opens a modal with a step per partner group; one person changes an answer;
// reminders go only to those who have not answered, at most two; `rc status` hides a group
// below k; the wave closes and its starter gets a digest; the key is gone and the stored
// result equals core's scoring of the exported answers; after the close answering is refused.
import { createHmac } from 'node:crypto';
import { personalDataIn } from '@samspil/chat';
import { RC_ITEMS, readRcSurvey, scoreRc, type RcItem } from '@samspil/core';
import { AccessPolicy, createApiKey, createTenant, linkWorkspace, Waves } from '@samspil/server';
import { serviceDatabases } from '@samspil/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json } from './fakes/slack-api.js';
import { postSigned, slashCommand } from './fakes/sign.js';
import { startSlack, type SlackHarness } from './harness.js';

const SECRET = 'rc-signing-secret-0123456789abcdef';
const TEAM = 'T0RCWAVES';
const PUBLIC_URL = 'https://samspil.aarhus.example.dk';

const JOB = ['job-1', 'job-2', 'job-3', 'job-4', 'job-5'];
const FAM = ['fam-1', 'fam-2', 'fam-3', 'fam-4'];
const SUND = ['sund-1', 'sund-2', 'sund-3'];
const PEOPLE = [...JOB, ...FAM, ...SUND];
const GROUPS = ['Jobcenter', 'Familie', 'Sundhed'];
/** Everyone in Slack: the twelve, the team lead who starts the waves, and a colleague not asked. */
const EVERYONE = [...PEOPLE, 'lead-job', 'other-1'];
const userOf = (person: string) => `U0${person.replace(/-/g, '').toUpperCase()}`;
const nameOf = (person: string) => `Medarbejder ${person}`;
const USERS = Object.fromEntries(EVERYONE.map((p) => [p, { id: userOf(p), name: p, email: `${p}@aarhus.example.dk` }]));

/** A person's answers about a partner, different per person, partner and wave; job-3 does not know how timely Sundhed is. */
function answersOf(person: string, partner: string, salt: number): Record<RcItem, number | null> {
  const p = PEOPLE.indexOf(person);
  const g = GROUPS.indexOf(partner);
  return Object.fromEntries(RC_ITEMS.map((item, j) => [item, person === 'job-3' && partner === 'Sundhed' && item === 'timely' ? null : ((p * 3 + g * 2 + j * (salt + 1) + salt) % 5) + 1])) as Record<RcItem, number | null>;
}
const valueOf = (v: number | null) => (v === null ? 'x' : String(v));

describe.each(await serviceDatabases())('RC waves in Slack on $kind', (database) => {
  let h: SlackHarness<string>;
  let waves: Waves;
  /** Copenhagen is UTC+1 in November and December. */
  const at = (local: string) => h.at(`${local}+01:00`);
  /** Everything the app sent to Slack and answered to it, for the privacy checks. */
  const sent: unknown[] = [];

  /** Slack delivers an interaction; its HTTP answer (a view submission's response action) is returned. */
  async function interact(payload: Json): Promise<Json | undefined> {
    const res = await h.interact(payload);
    return res.text ? (res.json() as Json) : undefined;
  }

  /** The person presses the invitation's button: the modal Slack opened. */
  async function pressAnswer(person: string, wave: string): Promise<Json> {
    const trigger = h.fake.triggerId();
    const dm = h.fake.channel(userOf(person));
    await interact({
      type: 'block_actions',
      team: { id: TEAM, domain: 'samspil' },
      user: { id: userOf(person), username: person, team_id: TEAM },
      api_app_id: h.fake.appId,
      trigger_id: trigger,
      container: { type: 'message', channel_id: dm?.id ?? 'D0', message_ts: '1.1' },
      channel: { id: dm?.id ?? 'D0', name: 'directmessage' },
      response_url: h.fake.responseUrl(),
      actions: [{ type: 'button', action_id: 'rc.answer', block_id: 'b1', value: wave, action_ts: '1.2', text: { type: 'plain_text', text: 'Svar' } }],
    });
    return (await h.waitFor(() => h.fake.callsTo('views.open').find((c) => c.args.trigger_id === trigger), `the modal for ${person}`)).args.view as Json;
  }

  /** Submits a step with the person's answers (`change` overrides some): Slack's answer. */
  const submit = (person: string, view: Json, answers: (partner: string) => Record<RcItem, number | null> | undefined) => {
    const partner = JSON.parse(String(view.private_metadata)).group as string;
    const chosen = answers(partner);
    return interact(h.fake.viewSubmission(view, { id: userOf(person), name: person }, (item) => (chosen ? valueOf(chosen[item as RcItem]) : undefined))) as Promise<Json>;
  };

  /** The whole questionnaire through the modal, step by step: the groups asked about, in order, and the last view. */
  async function answerAll(person: string, wave: string, salt: number): Promise<{ groups: string[]; last: Json }> {
    let view = await pressAnswer(person, wave);
    const groups: string[] = [];
    for (let step = 0; step < 10; step++) {
      if (view.callback_id !== 'rc.step') break;
      groups.push(JSON.parse(String(view.private_metadata)).group);
      const answer = await submit(person, view, (partner) => answersOf(person, partner, salt));
      expect(answer).toMatchObject({ response_action: 'update' });
      view = answer.view as Json;
    }
    return { groups, last: view };
  }

  const invitationsTo = (from: number) => PEOPLE.concat('lead-job', 'other-1').filter((p) => h.postedTo(p, from).some((m) => JSON.stringify(m).includes('rc.answer')));
  const waveId = async (name: string) => ((await h.api('GET', '/rc-waves')).body.waves as Json[]).find((w) => w.name === name)!.id as string;

  beforeAll(async () => {
    // A Monday, before working hours.
    h = await startSlack(database, { users: USERS, clock: '2026-11-16T07:00:00+01:00', team: TEAM, token: 'xoxb-rc', secret: SECRET, publicUrl: PUBLIC_URL });
    await createTenant(h.service.db, { id: 'aarhus', name: 'Aarhus Kommune' });
    await linkWorkspace(h.service.db, { platform: 'slack', workspaceId: TEAM, tenant: 'aarhus', settings: {} });
    h.useApiKey(await createApiKey(h.service.db, 'aarhus'));
    waves = new Waves(h.service.db, new AccessPolicy(h.service.db), h.now);
    // The municipality's organisation, through the API as the vendor's system would send it.
    for (const [id, name] of [['jobcenter', 'Jobcenter'], ['familie', 'Familieafdelingen'], ['sundhed', 'Sundhed'], ['ledelse', 'Ledelse']]) expect((await h.api('PUT', `/departments/${id}`, { name, kind: 'other' })).status).toBe(200);
    expect((await h.api('PUT', '/teams/t-job', { name: 'Team Job', department: 'jobcenter', lead: 'lead-job' })).status).toBe(200);
    expect((await h.api('PUT', '/teams/t-fam', { name: 'Team Familie', department: 'familie', lead: 'lead-job' })).status).toBe(200);
    const person = async (id: string, department: string, team?: string) =>
      expect((await h.api('PUT', `/people/${id}`, { name: nameOf(id), email: `${id}@aarhus.example.dk`, department, ...(team ? { team } : {}), chat: {}, availability: { status: 'active' } })).status).toBe(200);
    for (const p of JOB) await person(p, 'jobcenter', 't-job');
    for (const p of FAM) await person(p, 'familie', 't-fam');
    for (const p of SUND) await person(p, 'sundhed');
    await person('lead-job', 'ledelse');
    await person('other-1', 'ledelse');
  }, 60_000);

  afterAll(() => h?.stop());

  const START = 'afdeling:jobcenter Familie=team:t-fam afdeling:sundhed';

  it('a wave is started only by a team lead or head of department; the help names the commands', async () => {
    expect(await h.command('job-1', `rc start Forår ${START} luk:2026-11-20`)).toContain('Kun teamledere og afdelingschefer');
    expect(await h.command('lead-job', 'rc start Forår afdeling:jobcenter bogus')).toContain('Forstår ikke \\"bogus\\"');
    expect(await h.command('lead-job', 'rc start Forår')).toContain('Angiv mindst én gruppe');
    expect(await h.command('lead-job', 'rc start Forår afdeling:jobcenter afdeling:jobcenter')).toContain('Målingen kan ikke startes: gruppen Jobcenter er nævnt to gange');
    expect(await h.command('lead-job', 'rc start Forår afdeling:jobcenter afdeling:ukendt')).toContain('gruppen ukendt har ingen medarbejdere');
    expect(await h.command('lead-job', 'rc start Forår afdeling:jobcenter Igen=afdeling:jobcenter')).toContain('nogle i gruppen Igen er også i en anden af grupperne');
    expect(await h.command('lead-job', 'rc start Forår afdeling:jobcenter k:0')).toContain('k skal være et helt tal');
    expect(await h.command('lead-job', 'rc start Forår afdeling:jobcenter luk:2026-11-01')).toContain('Lukkedatoen skal ligge efter i dag');
    const help = await postSigned(h.url(), slashCommand({ team_id: TEAM, user_id: userOf('lead-job'), text: 'help' }), 'form', { secret: SECRET });
    expect(help.text).toContain('/samspil rc start NAVN afdeling:ID team:ID');
    expect(help.text).toContain('/samspil rc close NAVN');
    expect(await waves.listWaves({ tenant: 'aarhus', kind: 'api-key', id: 'test' })).toEqual([]);
  });

  it('the first wave: started from chat, answered by all twelve, closed by the scheduler when its time is up', async () => {
    at('2026-11-16T09:00:00');
    const started = await h.command('lead-job', `rc start Forår ${START} luk:2026-11-20`);
    expect(started).toContain('Målingen Forår er startet: 3 grupper, 12 personer');
    expect(started).toContain('2026-11-20 kl. 16');
    const forår = await waveId('Forår');
    expect((await h.api('GET', `/rc-waves/${forår}`)).body).toMatchObject({ closesAt: '2026-11-20T15:00:00.000Z', k: 3, startedBy: 'lead-job', groups: [{ name: 'Jobcenter', members: 5 }, { name: 'Familie', members: 4 }, { name: 'Sundhed', members: 3 }] });
    expect((await h.service.scheduler.tick()).rcAsks).toBe(12);
    expect(await h.service.sender.tick()).toBe(12);
    for (const p of PEOPLE) expect((await answerAll(p, forår, 1)).groups).toEqual(GROUPS);

    at('2026-11-20T16:30:00'); // Friday, after closing: closed now, the digest waits for Monday morning
    expect((await h.service.scheduler.tick()).rcClosed).toBe(1);
    const from = h.fake.calls.length;
    await h.service.sender.tick();
    expect(h.postedTo('lead-job', from)).toEqual([]);
    at('2026-11-23T08:00:00');
    await h.service.sender.tick();
    const digest = JSON.stringify(await h.waitFor(() => h.postedTo('lead-job', from)[0], 'the first digest'));
    expect(digest).toContain('Resultatet af målingen Forår');
    expect(digest).not.toContain('Største ændringer'); // no earlier wave to compare with
  });

  let efterår = '';
  let key: Buffer;

  it('invites the twelve in working hours only, once, each with a button', async () => {
    at('2026-11-23T07:00:00'); // Monday, before working hours
    expect(await h.command('lead-job', `rc start Efterår ${START} luk:2026-12-04`)).toContain('Målingen Efterår er startet');
    efterår = await waveId('Efterår');
    key = Buffer.from((await h.service.db.query<{ wave_key: Uint8Array }>('SELECT wave_key FROM rc_waves WHERE id = $1', [efterår])).rows[0]!.wave_key);
    expect((await h.service.scheduler.tick()).rcAsks).toBe(0);
    const from = h.fake.calls.length;
    at('2026-11-23T09:00:00');
    expect((await h.service.scheduler.tick()).rcAsks).toBe(12);
    expect((await h.service.scheduler.tick()).rcAsks).toBe(0);
    await h.service.sender.tick();
    expect(invitationsTo(from).sort()).toEqual([...PEOPLE].sort());
    const invitation = h.postedTo('fam-2', from)[0]!;
    expect(JSON.stringify(invitation)).toContain('Målingen Efterår');
    expect(JSON.stringify(invitation)).toContain('ingen kan se dem enkeltvis');
    const button = ((invitation.blocks as Json[]).find((b) => b.type === 'actions')!.elements as Json[])[0]!;
    expect(button).toMatchObject({ action_id: 'rc.answer', value: efterår, text: { text: 'Svar' } });
  });

  it('answers through the modal, a step per partner group in the tenant\'s wording, each dimension 1..5 or "ved ikke"', async () => {
    const view = await pressAnswer('job-3', efterår);
    expect(view).toMatchObject({ type: 'modal', callback_id: 'rc.step', title: { text: 'Måling (1/3)' }, submit: { text: 'Næste' } });
    const inputs = (view.blocks as Json[]).filter((b) => b.type === 'input');
    expect(inputs.map((b) => b.block_id)).toEqual([...RC_ITEMS]);
    expect(JSON.stringify(view)).toContain('Om samarbejdet med Jobcenter');
    const options = (inputs[0]!.element as Json).options as Json[];
    expect(options.map((o) => o.value)).toEqual(['1', '2', '3', '4', '5', 'x']);
    expect((options[5]!.text as Json).text).toBe('Ved ikke');
    expect((inputs[0]!.element as Json).initial_option).toBeUndefined();

    // A step with an answer missing (a forged submission: Slack's client would not send it) is marked, not recorded.
    const partial = h.fake.viewSubmission(view, { id: userOf('job-3'), name: 'job-3' }, (item) => (item === 'timely' ? undefined : '3'), true);
    expect(await interact(partial)).toMatchObject({ response_action: 'errors', errors: { timely: expect.stringContaining('ved ikke') } });

    const { groups, last } = await answerAll('job-3', efterår, 2);
    expect(groups).toEqual(GROUPS);
    expect(last.callback_id).not.toBe('rc.step');
    expect(JSON.stringify(last)).toContain('Tak! Dine svar er gemt');
    for (const p of ['job-1', 'job-2', 'job-4', ...FAM, 'sund-1', 'sund-2']) await answerAll(p, efterår, 2);
    // Someone not asked in the wave gets a neutral refusal and no questions.
    const refused = await pressAnswer('other-1', efterår);
    expect(refused.callback_id).not.toBe('rc.step');
    expect(JSON.stringify(refused)).toContain('Du er ikke med i den måling');
  });

  it('a changed answer: the modal opens with the answers given, and the change replaces them', async () => {
    const view = await pressAnswer('job-1', efterår);
    const given = answersOf('job-1', 'Jobcenter', 2);
    for (const input of (view.blocks as Json[]).filter((b) => b.type === 'input')) {
      expect(((input.element as Json).initial_option as Json).value, String(input.block_id)).toBe(valueOf(given[input.block_id as RcItem]));
    }
    const changed = { ...given, frequent: given.frequent === 1 ? 5 : 1, mutual_respect: null };
    const next = await submit('job-1', view, () => changed);
    expect(next).toMatchObject({ response_action: 'update', view: { callback_id: 'rc.step' } });
    const again = await pressAnswer('job-1', efterår);
    const frequent = (again.blocks as Json[]).find((b) => b.block_id === 'frequent')!;
    expect(((frequent.element as Json).initial_option as Json).value).toBe(String(changed.frequent));
    expect((((again.blocks as Json[]).find((b) => b.block_id === 'mutual_respect')!.element as Json).initial_option as Json).value).toBe('x');
    // Kept once per dimension: the answers stored under the person's pseudonym are the changed ones.
    const pseudonym = createHmac('sha256', key).update('job-1').digest('hex');
    const { rows } = await h.service.db.query<{ item: RcItem; value: number | null }>('SELECT item, value FROM rc_wave_answers WHERE wave_id = $1 AND pseudonym = $2 AND partner_group = $3', [efterår, pseudonym, 'Jobcenter']);
    expect(Object.fromEntries(rows.map((r) => [r.item, r.value === null ? null : Number(r.value)]))).toEqual(changed);
  });

  it('`rc status` shows counts per group only for groups of k or more, never who answered, and only to the lead who started it', async () => {
    const status = await h.command('lead-job', 'rc status Efterår');
    expect(status).toContain('Jobcenter: 4 af 5 har svaret');
    expect(status).toContain('Familie: 4 af 4 har svaret');
    expect(status).toContain('Sundhed: færre end 3 svar (skjult), 3 spurgt');
    for (const p of EVERYONE) {
      expect(status).not.toContain(p);
      expect(status).not.toContain(userOf(p));
    }
    expect(await h.command('lead-job', 'rc status')).toContain('*Efterår*: åben til 2026-12-04');
    expect(await h.command('job-1', 'rc status Efterår')).toContain('Du har ingen måling, der hedder Efterår');
    expect(await h.command('job-1', 'rc close Efterår')).toContain('Du har ingen måling, der hedder Efterår');
  });

  it('reminds only those who have not answered, in working hours, at most twice', async () => {
    const reminded = async (local: string) => {
      at(local);
      const from = h.fake.calls.length;
      await h.service.scheduler.tick();
      await h.service.sender.tick();
      return invitationsTo(from).sort();
    };
    expect(await reminded('2026-11-26T09:00:00')).toEqual([]); // a third of the wave has not passed
    expect(await reminded('2026-11-27T03:30:00')).toEqual([]); // it has, at night
    expect(await reminded('2026-11-27T09:00:00')).toEqual(['job-5', 'sund-3']);
    expect(JSON.stringify(h.postedTo('job-5').at(-1))).toContain('Påmindelse 1 af 2');
    await answerAll('sund-3', efterår, 2);
    expect(await reminded('2026-11-30T22:00:00')).toEqual([]); // two thirds have passed, in the evening
    expect(await reminded('2026-12-01T09:00:00')).toEqual(['job-5']);
    expect(JSON.stringify(h.postedTo('job-5').at(-1))).toContain('Påmindelse 2 af 2');
    expect(await reminded('2026-12-03T09:00:00')).toEqual([]);
    expect(await h.command('lead-job', 'rc status Efterår')).toContain('Sundhed: 3 af 3 har svaret');
  });

  it('`rc close`: the wave is scored, its key destroyed, and the lead gets a digest with a link to the result', async () => {
    at('2026-12-03T10:00:00');
    expect(await h.command('lead-job', 'rc close Efterår')).toContain('Målingen Efterår er lukket og scoret');
    expect(await h.command('lead-job', 'rc close Efterår')).toContain('allerede lukket');
    const from = h.fake.calls.length;
    await h.service.sender.tick();
    const digest = await h.waitFor(() => h.postedTo('lead-job', from)[0], 'the digest');
    const text = JSON.stringify(digest);
    expect(text).toContain('Resultatet af målingen Efterår');
    expect(text).toMatch(/Jobcenter: 4 af 5 \(80\s%\)/);
    expect(text).toContain('Svageste relationer');
    expect(text).toContain('Største forskelle i oplevelsen af samarbejdet');
    expect(text).toContain('Største ændringer siden Forår');
    const survey = (await h.api('GET', `/rc-waves/${efterår}`)).body.surveyId as string;
    const link = ((digest.blocks as Json[]).find((b) => b.type === 'actions')!.elements as Json[])[0]!;
    expect(link).toMatchObject({ action_id: 'link.open', url: `${PUBLIC_URL}/examples/host-vanilla/index.html?survey=${survey}&wave=Efter%C3%A5r#rc-heading` });
    for (const p of EVERYONE) expect(text).not.toContain(nameOf(p));

    // No query joins an answer to a person: the key is gone, no pseudonym is a person's HMAC under it, no respondent rows.
    const wave = (await h.service.db.query<{ wave_key: unknown }>('SELECT wave_key FROM rc_waves WHERE id = $1', [efterår])).rows[0]!;
    expect(wave.wave_key).toBeNull();
    const pseudonyms = (await h.service.db.query<{ pseudonym: string }>('SELECT DISTINCT pseudonym FROM rc_wave_answers WHERE wave_id = $1', [efterår])).rows.map((r) => r.pseudonym);
    expect(pseudonyms).toHaveLength(11);
    const guesses = new Set(EVERYONE.map((p) => createHmac('sha256', key).update(p).digest('hex')));
    expect(pseudonyms.filter((p) => guesses.has(p))).toEqual([]);
    expect((await h.service.db.query('SELECT 1 FROM rc_wave_respondents WHERE wave_id = $1', [efterår])).rows).toEqual([]);
    // Who was invited or reminded (who had not answered) is gone from the outbox; the digest names no one.
    const outbox = await h.service.db.query<{ kind: string; recipient: string; payload: unknown }>("SELECT kind, recipient, payload FROM outbox WHERE kind LIKE 'rc-%'");
    expect(outbox.rows.filter((r) => r.kind !== 'rc-digest')).toEqual([]);
    expect(outbox.rows.map((r) => r.recipient)).toEqual(['lead-job', 'lead-job']);
    for (const p of EVERYONE) for (const r of outbox.rows) expect(JSON.stringify(r.payload)).not.toContain(p);
  });

  it("the stored result equals core's scoring of the answers exported as CSV", async () => {
    const survey = (await h.api('GET', `/rc-waves/${efterår}`)).body.surveyId as string;
    const stored = await h.api('GET', `/rc-surveys/${survey}/results?wave=${encodeURIComponent('Efterår')}`);
    expect(stored.status).toBe(200);
    const exported = await waves.exportAnswers({ tenant: 'aarhus', kind: 'api-key', id: 'test' }, efterår);
    expect(exported.ok).toBe(true);
    const read = readRcSurvey((exported as { csv: string }).csv);
    expect(read.problems).toEqual([]);
    expect(scoreRc(read.table, { minRespondents: 3, wave: 'Efterår' })).toEqual(stored.body);
    expect((stored.body as { ratings: { total: number } }).ratings.total).toBe(11 * 3);
  });

  it('after the close, answering is refused', async () => {
    const view = await pressAnswer('job-5', efterår);
    expect(view.callback_id).not.toBe('rc.step');
    expect(JSON.stringify(view)).toContain('Målingen er lukket');
    // A step left open in Slack and submitted now is not recorded.
    const stale = { type: 'modal', callback_id: 'rc.step', private_metadata: JSON.stringify({ wave: efterår, group: 'Familie' }), title: { type: 'plain_text', text: 'x' }, blocks: RC_ITEMS.map((item) => ({ type: 'input', block_id: item, element: { type: 'radio_buttons', action_id: 'answer', options: [{ text: { type: 'plain_text', text: '3' }, value: '3' }] } })) };
    const answer = await interact(h.fake.viewSubmission(stale, { id: userOf('job-5'), name: 'job-5' }, () => '3'));
    expect(JSON.stringify(answer)).toContain('Målingen er lukket');
    expect((await h.service.db.query('SELECT 1 FROM rc_wave_answers WHERE wave_id = $1', [efterår])).rows).toHaveLength(11 * 3 * 7);
  });

  it('nothing the app sent or logged names a person other than by mention, or holds a CPR number', async () => {
    sent.push(...h.fake.calls.map((c) => c.args), ...h.fake.responses().map((r) => r.body), ...h.acks);
    expect(sent.length).toBeGreaterThan(100);
    // The professionals' names: the chat shows group names and counts, never who answered or how.
    expect(personalDataIn(sent, EVERYONE.map(nameOf))).toEqual([]);
    expect(personalDataIn(h.logs, [...EVERYONE.map(nameOf), ...EVERYONE.map((p) => `${p}@`)])).toEqual([]);
    // The check itself can fail.
    expect(personalDataIn([{ text: nameOf('job-1') }], EVERYONE.map(nameOf))).toHaveLength(1);
  });
});
