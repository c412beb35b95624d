// RC measurement waves, whatever the channel: the API creates, lists, shows and closes
// them; the chat flows also start them (a team lead or head of department), ask the
// questions and record each person's answers as that person. Answers live under a
// per-wave pseudonym whose key is destroyed at close (see migrations/008_rc_waves.sql);
// no one is ever shown an individual's answers, and counts only for groups of k or more.
import { createHmac, randomBytes } from 'node:crypto';
import {
  compareResults,
  RC_DONT_KNOW,
  RC_ITEMS,
  ratingTableFrom,
  rcQuestion,
  rcWording,
  scoreRc,
  type RcItem,
  type RcLocale,
  type RcRating,
  type RcResult,
  type RcScale,
  type RcWording,
  type RcWordingOverride,
} from '@samspil/core';
import type { AccessPolicy } from '../access.js';
import { systemClock, type Clock } from '../clock.js';
import { audit, forgetRespondents, type Actor } from '../store/audit.js';
import type { OutboxPayloadOf } from '../messages.js';
import type { Db } from '../store/db.js';
import { enqueue, removeWaveAsks } from '../store/outbox.js';
import { addSurveyWave, saveSurvey, surveyResult } from '../store/surveys.js';
import { tenantCalendar } from '../store/tenants.js';
import {
  claimMessage,
  dueRespondents,
  findWave,
  findWaveNamed,
  insertWave,
  listWaves,
  markAnswered,
  openWavesOf,
  peopleChosen,
  previousWave,
  replaceWording,
  respondentOf,
  saveAnswers,
  sealWave,
  waveAnswers,
  waveGroups,
  wavePairs,
  wavesPastClosing,
  wordingOverrides,
  type AnswerRow,
  type DueRespondent,
  type WaveRow,
} from '../store/waves.js';
import type { WaveView } from '../views.js';
import { isWorkingMoment, nextWorkingMoment } from '../working-hours.js';

export type { DueRespondent } from '../store/waves.js';

export type WaveRefusal = {
  ok: false;
  reason: 'not-found' | 'forbidden' | 'invalid' | 'conflict' | 'closed' | 'not-open' | 'not-asked';
  detail: string;
  /** The input's field at fault (`groups[1].people[0]`), for `invalid` and `conflict`. */
  field?: string;
  /** What is wrong with the groups, for a chat to say in the person's words, with the group's name. */
  problem?: { kind: 'group-named-twice' | 'group-empty' | 'person-in-two-groups' | 'k'; group?: string };
};
export type WaveOutcome<T> = ({ ok: true } & T) | WaveRefusal;

/** A professional group as a wave is started with: by department, by team, or a list of people (exactly one). */
export interface WaveGroupInput {
  name: string;
  department?: string | undefined;
  team?: string | undefined;
  people?: string[] | undefined;
}

export interface WaveInput {
  name: string;
  /** ISO instants. */
  opensAt: string;
  closesAt: string;
  /** Fewest respondents for a count or a tie to be shown (3 by default). */
  k?: number | undefined;
  /** Dimensions of the seven a rating needs answered to count ("ved ikke" leaves one out); 7 by default, as `samspil rc score`. */
  minItems?: number | undefined;
  groups: WaveGroupInput[];
  /** Who rates whom; by default every group rates every group, its own included. */
  pairs?: { rater: string; rated: string }[] | undefined;
  /** With an API key: the person who gets the digest. From chat it is the person starting it. */
  startedBy?: string | undefined;
}

/** One respondent's answer about one partner group: each dimension 1..5, or null for "ved ikke". */
export type WaveAnswers = Record<RcItem, number | null>;

/** What the chat asks a person: one partner group at a time, each dimension in the tenant's wording. */
export interface WaveQuestions {
  /** `k`: the fewest answers a group needs to count, which the questions promise. */
  wave: { id: string; name: string; closesAt: string; k: number };
  /** The person's own group. */
  group: string;
  locale: RcLocale;
  dontKnow: string;
  partners: {
    group: string;
    /** Whether the person has answered about this group (answers can be changed until the wave closes). */
    answered: boolean;
    items: { item: RcItem; label: string; question: string; scale: RcScale; answer: number | null | undefined }[];
  }[];
}

/** What the team lead who started a wave gets at close (the outbox's rc-digest, and to whom): structure and numbers, no person. */
export type WaveDigest = OutboxPayloadOf<'rc-digest'> & { recipient: string | null };

export interface WordingView {
  overrides: RcWordingOverride[];
  wording: Record<RcLocale, RcWording>;
}

/** How many of each list a digest names. */
const DIGEST_TOP = 3;
const SYSTEM: Omit<Actor, 'tenant'> = { kind: 'system', id: 'rc-waves' };

const refuse = (reason: WaveRefusal['reason'], detail: string, field?: string, problem?: WaveRefusal['problem']): WaveRefusal => ({ ok: false, reason, detail, ...(field ? { field } : {}), ...(problem ? { problem } : {}) });

/** The per-wave pseudonym of a person: HMAC-SHA256 with the wave's key. */
export const pseudonymOf = (key: Buffer, person: string): string => createHmac('sha256', key).update(person).digest('hex');

export class Waves {
  constructor(
    private readonly db: Db,
    private readonly policy: AccessPolicy,
    private readonly now: Clock = systemClock,
  ) {}

  /**
   * Starts a wave: its groups resolved to people (each person in one group only), who rates
   * whom, when it opens and closes, and k. From chat, only a team lead or head of department.
   */
  async createWave(actor: Actor, input: WaveInput): Promise<WaveOutcome<{ wave: WaveView }>> {
    if (!(await this.policy.mayStartWave(actor, 'rc-wave.create'))) return refuse('forbidden', 'only a team lead or a head of department starts an RC wave');
    const k = input.k ?? 3;
    if (!Number.isInteger(k) || k < 1) return refuse('invalid', 'k must be a whole number, 1 or more', 'k', { kind: 'k' });
    const minItems = input.minItems ?? RC_ITEMS.length;
    if (!Number.isInteger(minItems) || minItems < 1 || minItems > RC_ITEMS.length) return refuse('invalid', `minItems must be a whole number from 1 to ${RC_ITEMS.length}`, 'minItems');
    const opensAt = new Date(input.opensAt);
    const closesAt = new Date(input.closesAt);
    if (Number.isNaN(opensAt.getTime())) return refuse('invalid', 'not an instant', 'opensAt');
    if (Number.isNaN(closesAt.getTime())) return refuse('invalid', 'not an instant', 'closesAt');
    if (closesAt <= opensAt) return refuse('invalid', 'the wave must close after it opens', 'closesAt');
    if (closesAt <= this.now()) return refuse('invalid', 'the wave must close in the future', 'closesAt');
    if (input.groups.length === 0) return refuse('invalid', 'a wave needs at least one group', 'groups');

    const groups: { name: string; people: string[] }[] = [];
    const groupOf = new Map<string, string>();
    for (const [i, g] of input.groups.entries()) {
      const at = `groups[${i}]`;
      if (groups.some((other) => other.name === g.name)) return refuse('invalid', `the group ${JSON.stringify(g.name)} is named twice`, `${at}.name`, { kind: 'group-named-twice', group: g.name });
      const ways = [g.department, g.team, g.people].filter((w) => w !== undefined).length;
      if (ways !== 1) return refuse('invalid', 'choose the group by exactly one of department, team or people', at);
      const people = await peopleChosen(this.db, actor.tenant, g.department !== undefined ? { department: g.department } : g.team !== undefined ? { team: g.team } : { people: g.people! });
      if (g.people) {
        const unknown = g.people.findIndex((p) => !people.includes(p));
        if (unknown >= 0) return refuse('invalid', `no person ${JSON.stringify(g.people[unknown])} (or they have left)`, `${at}.people[${unknown}]`);
      }
      if (people.length === 0) return refuse('invalid', `the group ${JSON.stringify(g.name)} has no people`, at, { kind: 'group-empty', group: g.name });
      for (const person of people) {
        const other = groupOf.get(person);
        if (other !== undefined) return refuse('invalid', `${JSON.stringify(person)} is in the group ${JSON.stringify(other)} already; a person answers in one group only`, at, { kind: 'person-in-two-groups', group: g.name });
        groupOf.set(person, g.name);
      }
      groups.push({ name: g.name, people });
    }

    const names = new Set(groups.map((g) => g.name));
    const pairs: [string, string][] = input.pairs ? [] : groups.flatMap((a) => groups.map((b): [string, string] => [a.name, b.name]));
    for (const [i, p] of (input.pairs ?? []).entries()) {
      if (!names.has(p.rater)) return refuse('invalid', `no group ${JSON.stringify(p.rater)} in this wave`, `pairs[${i}].rater`);
      if (!names.has(p.rated)) return refuse('invalid', `no group ${JSON.stringify(p.rated)} in this wave`, `pairs[${i}].rated`);
      if (pairs.some(([a, b]) => a === p.rater && b === p.rated)) return refuse('invalid', 'this pair is given twice', `pairs[${i}]`);
      pairs.push([p.rater, p.rated]);
    }
    if (pairs.length === 0) return refuse('invalid', 'a wave needs at least one pair of who rates whom', 'pairs');

    let startedBy: string | null = actor.kind === 'chat' ? actor.id : (input.startedBy ?? null);
    if (actor.kind !== 'chat' && startedBy !== null && (await peopleChosen(this.db, actor.tenant, { people: [startedBy] })).length === 0) {
      return refuse('invalid', `no person ${JSON.stringify(startedBy)}`, 'startedBy');
    }
    const id = await this.db.transaction(async (tx) => {
      const created = await insertWave(tx, actor.tenant, { name: input.name, opensAt, closesAt, k, minItems, key: randomBytes(32), startedBy, groups, pairs });
      if (created) await audit(tx, actor, 'rc-wave.create', null, { wave: created, groups: groups.length, respondents: groupOf.size });
      return created;
    });
    if (!id) return refuse('conflict', `there is a wave named ${JSON.stringify(input.name)} already`, 'name');
    return { ok: true, wave: await this.#view((await findWave(this.db, actor.tenant, id))!) };
  }

  /** The waves an API key's tenant has, or a person started. */
  async listWaves(actor: Actor): Promise<WaveView[]> {
    const waves = await listWaves(this.db, actor.tenant, actor.kind === 'chat' ? actor.id : undefined);
    await audit(this.db, actor, 'rc-wave.list', null, { count: waves.length });
    return Promise.all(waves.map((w) => this.#view(w)));
  }

  /** The id of the wave of this name that the actor may see or close (from chat: one they started). */
  async waveNamed(actor: Actor, name: string): Promise<string | undefined> {
    return (await findWaveNamed(this.db, actor.tenant, name, actor.kind === 'chat' ? actor.id : undefined))?.id;
  }

  /** A wave with its response counts per group: a count only for a group with at least k respondents, else suppressed. */
  async waveStatus(actor: Actor, waveId: string): Promise<WaveOutcome<{ wave: WaveView }>> {
    const wave = await this.#managed(actor, waveId, 'rc-wave.status');
    if (!wave.ok) return wave;
    await audit(this.db, actor, 'rc-wave.read', null, { wave: waveId });
    return { ok: true, wave: await this.#view(wave.wave) };
  }

  /** The running waves a person is asked in (what the chat offers them to answer). */
  async openWavesFor(actor: Actor): Promise<{ id: string; name: string; opensAt: string; closesAt: string; group: string; answered: boolean }[]> {
    const now = this.now();
    const waves = actor.kind === 'chat' ? await openWavesOf(this.db, actor.tenant, actor.id) : [];
    return waves.filter((w) => w.opensAt <= now && now < w.closesAt).map((w) => ({ id: w.id, name: w.name, opensAt: w.opensAt.toISOString(), closesAt: w.closesAt.toISOString(), group: w.group, answered: w.answered }));
  }

  /** The partner groups the person rates, each dimension in the tenant's wording in `locale`, with their answers so far. */
  async questionsFor(actor: Actor, waveId: string, locale: RcLocale): Promise<WaveOutcome<{ questions: WaveQuestions }>> {
    const found = await this.#answerable(this.db, actor, waveId);
    if (!found.ok) return found;
    const { wave, group } = found;
    const [pairs, own, overrides] = await Promise.all([wavePairs(this.db, wave.id), waveAnswers(this.db, wave.id, pseudonymOf(wave.key!, actor.id)), wordingOverrides(this.db, actor.tenant)]);
    const wording = rcWording(locale, overrides);
    const partners = pairs
      .filter(([rater]) => rater === group)
      .map(([, partner]) => {
        const given = own.filter((a) => a.partner === partner);
        return {
          group: partner,
          answered: given.length > 0,
          items: RC_ITEMS.map((item) => ({
            item,
            label: wording[item].label,
            question: rcQuestion(wording[item], partner),
            scale: wording[item].scale,
            answer: given.find((a) => a.item === item)?.value,
          })),
        };
      });
    return { ok: true, questions: { wave: { id: wave.id, name: wave.name, closesAt: wave.closesAt.toISOString(), k: wave.k }, group, locale, dontKnow: RC_DONT_KNOW[locale], partners } };
  }

  /**
   * Records (or replaces) the person's answers about one partner group, under the wave's
   * pseudonym of the person. Only the person, in chat; refused once the wave has closed.
   */
  async recordAnswers(actor: Actor, waveId: string, partnerGroup: string, answers: WaveAnswers): Promise<WaveOutcome<{ first: boolean }>> {
    if (actor.kind !== 'chat') return refuse('forbidden', 'answers come only from the person, in chat');
    for (const item of RC_ITEMS) {
      const v = answers[item];
      if (v !== null && !(Number.isInteger(v) && v >= 1 && v <= 5)) return refuse('invalid', 'an answer is a whole number from 1 to 5, or null for "ved ikke"', item);
    }
    return this.db.transaction(async (tx) => {
      // Shared with other answers, exclusive of closing: no answer lands after the scoring.
      const found = await this.#answerable(tx, actor, waveId, 'share');
      if (!found.ok) return found;
      const { wave, group } = found;
      const pairs = await wavePairs(tx, wave.id);
      if (!pairs.some(([rater, rated]) => rater === group && rated === partnerGroup)) return refuse('invalid', `you do not rate ${JSON.stringify(partnerGroup)} in this wave`, 'partnerGroup');
      const pseudonym = pseudonymOf(wave.key!, actor.id);
      await saveAnswers(tx, wave.id, pseudonym, group, partnerGroup, answers);
      const first = await markAnswered(tx, wave.id, actor.id);
      // Once per person, without the group (see the migration), and under the wave's pseudonym,
      // never the person: closing the wave takes even that off (forgetRespondents).
      if (first) await audit(tx, { tenant: actor.tenant, kind: 'respondent', id: pseudonym }, 'rc-wave.respond', null, { wave: wave.id });
      return { ok: true as const, first };
    });
  }

  /**
   * Closes a wave: scores its answers with core's RC scoring (k as the fewest respondents of a
   * tie), stores the result as a wave of a survey (the previous wave's over the same groups,
   * else a new one) and, in the same transaction, destroys the key (see sealWave), removes the
   * wave's invitations and reminders from the outbox and puts the digest there for the one who
   * started it. `onClosed` runs in that transaction too, with the digest.
   */
  async closeWave(actor: Actor, waveId: string, onClosed?: (tx: Db, digest: WaveDigest) => Promise<void>): Promise<WaveOutcome<{ wave: WaveView; digest: WaveDigest }>> {
    const checked = await this.#managed(actor, waveId, 'rc-wave.close');
    if (!checked.ok) return checked;
    const at = this.now();
    const closed = await this.db.transaction(async (tx) => {
      const wave = (await findWave(tx, actor.tenant, waveId, 'update'))!;
      if (wave.state === 'closed') return undefined;
      const answers = await waveAnswers(tx, wave.id);
      const { table } = ratingTableFrom(ratingsOf(answers, wave.name));
      const result = scoreRc(table, { minRespondents: wave.k, minItems: wave.minItems });
      const previous = await previousWave(tx, wave);
      let surveyId: string;
      if (previous?.surveyId) await addSurveyWave(tx, (surveyId = previous.surveyId), wave.name, table.size, result);
      else {
        const groups = (await waveGroups(tx, wave.id)).map((g) => g.name);
        surveyId = (await saveSurvey(tx, actor.tenant, `RC: ${groups.join(', ')}`.slice(0, 200), { waves: [wave.name], ratings: table.size, results: [{ wave: wave.name, result }] })).id;
      }
      const sealed = await sealWave(tx, wave, surveyId, at);
      await forgetRespondents(tx, actor.tenant, wave.id);
      await audit(tx, actor, 'rc-wave.close', null, { wave: wave.id, survey: surveyId, ratings: table.size });
      const digest = await this.#digest(tx, sealed, result, previous);
      await removeWaveAsks(tx, actor.tenant, wave.id);
      // The one who started it gets the digest, in working hours, however the wave was closed.
      if (digest.recipient) {
        const { recipient, ...payload } = digest;
        await enqueue(tx, actor.tenant, 'rc-digest', recipient, `rc-digest:${wave.id}`, nextWorkingMoment(at, await tenantCalendar(tx, actor.tenant)), payload);
      }
      await onClosed?.(tx, digest);
      return { sealed, digest };
    });
    if (!closed) return refuse('closed', 'the wave is closed already');
    return { ok: true, wave: await this.#view(closed.sealed), digest: closed.digest };
  }

  /** Closes every wave whose closing time has passed (the scheduler's part), as the system. How many it closed. */
  async closeDueWaves(onClosed?: (tx: Db, digest: WaveDigest) => Promise<void>): Promise<number> {
    let closed = 0;
    for (const w of await wavesPastClosing(this.db, this.now())) {
      if ((await this.closeWave({ tenant: w.tenant, ...SYSTEM }, w.id, onClosed)).ok) closed++;
    }
    return closed;
  }

  /** The digest of a closed wave, for the one who started it (or an API key). */
  async digest(actor: Actor, waveId: string): Promise<WaveOutcome<{ digest: WaveDigest }>> {
    const checked = await this.#managed(actor, waveId, 'rc-wave.digest');
    if (!checked.ok) return checked;
    const wave = checked.wave;
    if (wave.state !== 'closed' || !wave.surveyId) return refuse('not-open', 'the wave has not closed yet: its digest comes at close');
    const result = await surveyResult(this.db, wave.surveyId, wave.name);
    if (!result) return refuse('not-found', 'the result of this wave is gone');
    await audit(this.db, actor, 'rc-wave.digest', null, { wave: wave.id });
    return { ok: true, digest: await this.#digest(this.db, wave, result, await previousWave(this.db, wave)) };
  }

  /**
   * A closed wave's answers as an RC survey CSV (what `samspil rc score` reads): under the
   * random pseudonyms given at close, the wave's name as the wave. Refused while it runs.
   */
  async exportAnswers(actor: Actor, waveId: string): Promise<WaveOutcome<{ csv: string }>> {
    const checked = await this.#managed(actor, waveId, 'rc-wave.export');
    if (!checked.ok) return checked;
    if (checked.wave.state !== 'closed') return refuse('not-open', 'the answers are exported once the wave has closed');
    const ratings = ratingsOf(await waveAnswers(this.db, waveId), checked.wave.name);
    await audit(this.db, actor, 'rc-wave.export', null, { wave: waveId, ratings: ratings.length });
    const rows = ratings.map((r) => [r.respondent, r.group, r.target, r.wave!, ...RC_ITEMS.map((k) => String(r.items[k] ?? ''))]);
    return { ok: true, csv: [['respondent', 'group', 'target', 'wave', ...RC_ITEMS], ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n' };
  }

  /**
   * Who gets an invitation or a reminder now, across tenants: nothing outside a tenant's
   * working hours (its own days, hours and time zone); at most two reminders, only to those who
   * have not answered.
   */
  async respondentsDue(): Promise<DueRespondent[]> {
    const now = this.now();
    const due = await dueRespondents(this.db, now);
    const working = new Map<string, boolean>();
    for (const tenant of new Set(due.map((d) => d.tenant))) working.set(tenant, isWorkingMoment(now, await tenantCalendar(this.db, tenant)));
    return due.filter((d) => working.get(d.tenant));
  }

  /**
   * Records that a due message goes out and, in the same transaction, `send` puts it in the
   * outbox. False (and nothing sent) when another instance took it first.
   */
  async sendDue(due: DueRespondent, send: (tx: Db) => Promise<void>): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      if (!(await claimMessage(tx, due, this.now()))) return false;
      await send(tx);
      return true;
    });
  }

  /** The tenant's wording overrides and the wording they give, in both languages. */
  async wording(actor: Actor): Promise<WordingView> {
    const overrides = await wordingOverrides(this.db, actor.tenant);
    await audit(this.db, actor, 'rc-wording.read', null);
    return { overrides, wording: { da: rcWording('da', overrides), en: rcWording('en', overrides) } };
  }

  /** Replaces the tenant's wording overrides (e.g. with the licensed survey's text); none restores Samspil's wording. */
  async setWording(actor: Actor, overrides: RcWordingOverride[]): Promise<WaveOutcome<{ wording: WordingView }>> {
    const seen = new Set<string>();
    for (const [i, o] of overrides.entries()) {
      const key = `${o.item}/${o.locale}`;
      if (seen.has(key)) return refuse('invalid', `${o.item} in ${o.locale} is given twice`, `overrides[${i}]`);
      seen.add(key);
    }
    await this.db.transaction(async (tx) => {
      await replaceWording(tx, actor.tenant, overrides);
      await audit(tx, actor, 'rc-wording.replace', null, { overrides: overrides.map((o) => `${o.item}/${o.locale}`) });
    });
    return { ok: true, wording: await this.wording(actor) };
  }

  /** A wave the actor may manage (see AccessPolicy.mayManageWave). */
  async #managed(actor: Actor, waveId: string, gesture: string): Promise<WaveOutcome<{ wave: WaveRow }>> {
    const wave = await findWave(this.db, actor.tenant, waveId);
    if (!wave) return refuse('not-found', `wave ${waveId} does not exist`);
    if (!(await this.policy.mayManageWave(actor, wave, gesture))) return refuse('forbidden', 'only the one who started the wave (or an API key) may see or close it');
    return { ok: true, wave };
  }

  /** A running wave the person is asked in, with their group. */
  async #answerable(db: Db, actor: Actor, waveId: string, lock?: 'share'): Promise<WaveOutcome<{ wave: WaveRow; group: string }>> {
    const wave = await findWave(db, actor.tenant, waveId, lock);
    const respondent = wave && actor.kind === 'chat' ? await respondentOf(db, wave.id, actor.id) : undefined;
    // A wave the person is not asked in is not confirmed to exist.
    if (!wave || (!respondent && wave.state === 'open')) return refuse('not-asked', 'you are not asked in this wave');
    if (wave.state === 'closed' || this.now() >= wave.closesAt) return refuse('closed', `the wave closed at ${wave.closesAt.toISOString()}; answers can no longer be given or changed`);
    if (this.now() < wave.opensAt) return refuse('not-open', `the wave opens at ${wave.opensAt.toISOString()}`);
    return { ok: true, wave, group: respondent!.group };
  }

  async #view(wave: WaveRow): Promise<WaveView> {
    const [groups, pairs] = await Promise.all([waveGroups(this.db, wave.id), wavePairs(this.db, wave.id)]);
    return {
      id: wave.id,
      name: wave.name,
      opensAt: wave.opensAt.toISOString(),
      closesAt: wave.closesAt.toISOString(),
      k: wave.k,
      minItems: wave.minItems,
      state: wave.state,
      startedBy: wave.startedBy,
      surveyId: wave.surveyId,
      groups: groups.map((g) => ({ name: g.name, members: g.members, ...shown(g.answered, wave.k) })),
      pairs: pairs.map(([rater, rated]) => ({ rater, rated })),
      createdAt: wave.createdAt.toISOString(),
      closedAt: wave.closedAt?.toISOString() ?? null,
    };
  }

  async #digest(db: Db, wave: WaveRow, result: RcResult, previous: WaveRow | undefined): Promise<WaveDigest> {
    const groups = await waveGroups(db, wave.id);
    const before = previous?.surveyId ? await surveyResult(db, previous.surveyId, previous.name) : undefined;
    const comparison = before ? compareResults(before, result, { from: previous!.name, to: wave.name }) : undefined;
    const scored = result.ties.filter((t): t is typeof t & { score: number } => t.score !== null);
    return {
      wave: { id: wave.id, name: wave.name, closedAt: (wave.closedAt ?? this.now()).toISOString() },
      recipient: wave.startedBy,
      surveyId: wave.surveyId!,
      previousWave: previous?.name ?? null,
      responseRates: groups.map((g) => {
        const s = shown(g.answered, wave.k);
        return { group: g.name, members: g.members, ...s, rate: s.answered === null || g.members === 0 ? null : s.answered / g.members };
      }),
      overall: { score: result.overall, change: comparison?.overall.delta ?? null },
      weakestTies: scored
        .filter((t) => t.from !== t.to)
        .sort((a, b) => a.score - b.score)
        .slice(0, DIGEST_TOP)
        .map((t) => ({ from: t.from, to: t.to, score: t.score, band: t.band })),
      asymmetricPairs: [...result.asymmetries].sort((a, b) => Math.abs(b.gap) - Math.abs(a.gap)).slice(0, DIGEST_TOP),
      largestChanges: (comparison?.ties ?? [])
        .filter((t) => t.delta !== null)
        .sort((a, b) => Math.abs(b.delta!) - Math.abs(a.delta!))
        .slice(0, DIGEST_TOP)
        .map((t) => ({ from: t.from, to: t.to, before: t.before!.score!, after: t.after!.score!, delta: t.delta! })),
    };
  }
}

/** A CSV field, quoted when it holds a delimiter, a quote or a line break. */
const csvField = (value: string) => (/[",;\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** A count shown only when at least k: below, it is suppressed. */
const shown = (answered: number, k: number) => (answered >= k ? { answered, suppressed: false } : { answered: null, suppressed: true });

/** The answers as core's ratings: one per pseudonym and partner group, in the groups' order. */
export function ratingsOf(answers: readonly AnswerRow[], wave: string): RcRating[] {
  const ratings = new Map<string, RcRating>();
  for (const a of answers) {
    const key = `${a.pseudonym}\u0000${a.partner}`;
    let r = ratings.get(key);
    if (!r) ratings.set(key, (r = { respondent: a.pseudonym, group: a.rater, target: a.partner, wave, items: Object.fromEntries(RC_ITEMS.map((k) => [k, null])) as RcRating['items'] }));
    r.items[a.item] = a.value;
  }
  return [...ratings.values()];
}
