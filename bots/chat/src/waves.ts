// RC measurement waves in chat, the same on every platform: `rc start|status|close` for the
// team lead or head of department who runs a wave, and the questions one partner group at a
// time for each respondent. Who may do what, and what is kept of an answer, is the server's
// `Waves` to decide; this turns gestures into its calls and its answers into view models.
import { copenhagenDay, dayOf as dayNumber, Id, RC_ITEMS, startOfCopenhagenDay, validate, type Locale, type RcItem } from '@samspil/core';
import type { ChatPerson, WaveAnswers, WaveInput, WaveRefusal } from '@samspil/server';
import type { ChatContext } from './context.js';
import { messages, type Messages } from './messages.js';
import { dayOf, RC_DONT_KNOW_VALUE, rcStatus, rcStep, rcWaveList, type CommandReply, type RcStepModel } from './views.js';

/** What answering one step of an RC wave's questions leads to. */
export type RcAnswerOutcome =
  | { kind: 'step'; step: RcStepModel }
  | { kind: 'done'; text: string; wave: string }
  | { kind: 'missing'; items: RcItem[]; step: RcStepModel }
  | { kind: 'refused'; text: string };

/**
 * Where a closed wave's result is shown: the example host's heatmap page for the survey and
 * wave (what a vendor's case system would show with a widget token for the survey).
 */
export function rcResultsUrl(publicUrl: string, surveyId: string, wave: string): string {
  return `${publicUrl.replace(/\/$/, '')}/examples/host-vanilla/index.html?${new URLSearchParams({ survey: surveyId, wave })}#rc-heading`;
}

/** The closing time when `rc start` names none: 14 days on. */
const RC_DEFAULT_DAYS = 14;
/** A wave closes at the end of working hours (16:00 Copenhagen time) on its closing day. */
const RC_CLOSING_MINUTE = 16 * 60;

export class WaveFlows {
  constructor(private readonly context: ChatContext) {}

  /** `rc start|status|close …`: the RC waves a team lead or head of department runs. */
  async command(tenant: string, person: ChatPerson, args: string[], locale: Locale): Promise<CommandReply> {
    const t = messages[locale];
    const actor = this.context.actor(tenant, person);
    const [sub = '', name, ...rest] = args;
    const action = sub.toLowerCase();
    const usage: CommandReply = { kind: 'text', text: t.usage(t.rcUsage) };
    // The wave's name becomes a result's name: checked as every name is (no CPR number, see command).
    if (name !== undefined && !validate(Id, name).ok) return usage;
    const f = await this.context.format(tenant, []);
    const shown = name === undefined ? '' : f.text(name);
    if (action === 'start') {
      if (!name) return usage;
      const parsed = await this.#groups(tenant, rest, t);
      if ('text' in parsed) return { kind: 'text', text: parsed.text };
      const created = await this.context.deps.waves.createWave(actor, { name, opensAt: this.context.deps.now().toISOString(), closesAt: parsed.closesAt.toISOString(), groups: parsed.groups, ...(parsed.k === undefined ? {} : { k: parsed.k }) });
      if (!created.ok) return { kind: 'text', text: this.#refusal(created, shown, t, (s) => f.text(s)) };
      const w = created.wave;
      return { kind: 'text', text: t.rcStarted(shown, w.groups.length, w.groups.reduce((n, g) => n + g.members, 0), dayOf(w.closesAt)) };
    }
    if (action !== 'status' && action !== 'close') return usage;
    const { waves } = this.context.deps;
    if (!name) return action === 'status' ? { kind: 'list', model: rcWaveList(await waves.listWaves(actor), f, locale) } : usage;
    const wave = await waves.waveNamed(actor, name);
    // Only the waves the person started are theirs to see: any other name is unknown to them.
    if (!wave) return { kind: 'text', text: t.rcUnknown(shown) };
    if (action === 'status') {
      const status = await waves.waveStatus(actor, wave);
      return status.ok ? { kind: 'list', model: rcStatus(status.wave, f, locale) } : { kind: 'text', text: this.#refusal(status, shown, t) };
    }
    const closed = await waves.closeWave(actor, wave);
    return { kind: 'text', text: closed.ok ? t.rcClosedNow(shown) : this.#refusal(closed, shown, t) };
  }

  /** The groups, closing day and k of `rc start`: `afdeling:ID`, `team:ID`, `Navn=team:ID`, `luk:ÅÅÅÅ-MM-DD`, `k:N` (or their English words). */
  async #groups(tenant: string, words: string[], t: Messages): Promise<{ groups: WaveInput['groups'][number][]; closesAt: Date; k: number | undefined } | { text: string }> {
    const groups: WaveInput['groups'][number][] = [];
    let closingDay = copenhagenDay(this.context.deps.now().getTime()) + RC_DEFAULT_DAYS;
    let k: number | undefined;
    for (const word of words) {
      const m = /^(?:([^=]+)=)?(afdeling|department|team|luk|closes|k):(.+)$/i.exec(word);
      const kind = m?.[2]!.toLowerCase();
      const value = m?.[3] ?? '';
      if (!m || (m[1] !== undefined && (kind === 'luk' || kind === 'closes' || kind === 'k')) || !validate(Id, value).ok || (m[1] !== undefined && !validate(Id, m[1]).ok)) return { text: t.rcBadWord(word) };
      if (kind === 'k') {
        if (!/^\d{1,3}$/.test(value)) return { text: t.rcBadWord(word) };
        k = Number(value);
      } else if (kind === 'luk' || kind === 'closes') {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) return { text: t.rcBadWord(word) };
        closingDay = dayNumber(value);
      } else if (kind === 'team') groups.push({ name: m[1] ?? value, team: value });
      else groups.push({ name: m[1] ?? (await this.context.departmentNames(tenant))[value] ?? value, department: value });
    }
    if (groups.length === 0) return { text: t.rcNoGroups };
    return { groups, closesAt: new Date(startOfCopenhagenDay(closingDay) + RC_CLOSING_MINUTE * 60_000), k };
  }

  /** A wave's refusal in the person's words (`name` as the platform shows it); a wave not theirs is unknown to them. */
  #refusal(r: WaveRefusal, name: string, t: Messages, show: (text: string) => string = (text) => text): string {
    switch (r.reason) {
      case 'forbidden':
        return t.rcForbidden;
      case 'conflict':
        return t.rcNameTaken(name);
      case 'closed':
        return t.rcAlreadyClosed(name);
      case 'invalid':
        return t.rcRefused(this.#invalid(r, t, show));
      default:
        return t.rcUnknown(name);
    }
  }

  /**
   * The questions of a wave one step at a time, as the person in chat: the step about `group`
   * (the first partner group by default), with their answers so far chosen.
   */
  async questions(tenant: string, userId: string, waveId: string, group?: string): Promise<{ ok: true; step: RcStepModel } | { ok: false; text: string }> {
    const locale = await this.context.localeOf(tenant);
    const person = await this.context.person(tenant, userId);
    if (!person) return { ok: false, text: messages[locale].notLinked };
    const q = await this.context.deps.waves.questionsFor(this.context.actor(tenant, person), waveId, locale);
    if (!q.ok) return { ok: false, text: this.#answerRefusal(q, locale) };
    const index = group === undefined ? 0 : q.questions.partners.findIndex((p) => p.group === group);
    if (index < 0 || q.questions.partners.length === 0) return { ok: false, text: messages[locale].rcNotAsked };
    return { ok: true, step: rcStep(q.questions, index, locale) };
  }

  /**
   * A step answered: each item `1`..`5` or "ved ikke", recorded (or replaced) as the person's
   * answers about `group`; then the next group's step, or thanks after the last. The values
   * come from the platform's payload: checked, never trusted; and never logged.
   */
  async answer(tenant: string, userId: string, waveId: string, group: string, values: Record<string, unknown>): Promise<RcAnswerOutcome> {
    const locale = await this.context.localeOf(tenant);
    const t = messages[locale];
    const person = await this.context.person(tenant, userId);
    if (!person) return { kind: 'refused', text: t.notLinked };
    const actor = this.context.actor(tenant, person);
    const answers = {} as WaveAnswers;
    const missing: RcItem[] = [];
    for (const item of RC_ITEMS) {
      const v = values[item];
      if (v === RC_DONT_KNOW_VALUE) answers[item] = null;
      else if (typeof v === 'string' && /^[1-5]$/.test(v)) answers[item] = Number(v);
      else missing.push(item);
    }
    if (missing.length) {
      const current = await this.questions(tenant, userId, waveId, group);
      if (!current.ok) return { kind: 'refused', text: current.text };
      return { kind: 'missing', items: missing, step: { ...current.step, warning: t.rcMissingAll } };
    }
    const recorded = await this.context.deps.waves.recordAnswers(actor, waveId, group, answers);
    if (!recorded.ok) return { kind: 'refused', text: recorded.reason === 'invalid' ? t.rcNotAsked : this.#answerRefusal(recorded, locale) };
    const q = await this.context.deps.waves.questionsFor(actor, waveId, locale);
    if (!q.ok) return { kind: 'refused', text: this.#answerRefusal(q, locale) };
    const next = q.questions.partners.findIndex((p) => p.group === group) + 1;
    if (next > 0 && next < q.questions.partners.length) return { kind: 'step', step: rcStep(q.questions, next, locale) };
    return { kind: 'done', text: t.rcThanks(dayOf(q.questions.wave.closesAt)), wave: waveId };
  }

  /** What is wrong with a wave's input, in the person's words where chat can get it wrong. */
  #invalid(r: WaveRefusal, t: Messages, show: (text: string) => string): string {
    const group = show(r.problem?.group ?? '');
    switch (r.problem?.kind) {
      case 'group-named-twice':
        return t.rcGroupTwice(group);
      case 'group-empty':
        return t.rcGroupEmpty(group);
      case 'person-in-two-groups':
        return t.rcPersonTwice(group);
      case 'k':
        return t.rcBadK;
    }
    return r.field === 'closesAt' ? t.rcClosesTooSoon : r.field ? `${r.field}: ${r.detail}` : r.detail;
  }

  #answerRefusal(r: WaveRefusal, locale: Locale): string {
    const t = messages[locale];
    if (r.reason === 'closed') return t.rcWaveClosed;
    if (r.reason === 'not-open') return t.rcNotOpen;
    return t.rcNotAsked;
  }
}
