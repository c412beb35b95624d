// The chat gestures, the same on every platform: a command, a button on the plan
// card or on a reminder, an outbox delivery. Each calls the service's use cases and
// chat store, and hands a view model to the platform, which knows only how to post,
// update and address things on its side (the `Platform` below).
import { hasCpr, Id, validate, type Locale } from '@samspil/core';
import {
  type AccessPolicy,
  abandonedOpenings,
  cachedWorkspaceOfTenant,
  claimThread,
  closeThread,
  departmentsOf,
  finishThread,
  Expiring,
  findThread,
  peopleOf,
  personOfChatUser,
  PermanentDeliveryError,
  recordThread,
  rememberChatId,
  workspaceOfTenant,
  type Actor,
  type ChatPerson,
  type ChatPlatform,
  type ChatThread,
  type Db,
  type OutboxMessage,
  type UseCases,
  type Waves,
  type WorkspaceSettings,
  type Log,
} from '@samspil/server';
import { messages, type Messages } from './messages.js';
import { rcResultsUrl, WaveFlows } from './wave-flows.js';
import {
  digestMessage,
  help,
  homeModel,
  nudgeMessage,
  planCard,
  rcDigestMessage,
  rcInvitation,
  stalledList,
  type DirectMessage,
  type Format,
  type HelpModel,
  type PlanCardModel,
  type TextModel,
} from './views.js';

/** Where a coordination lives on a platform: its channel (or conversation), thread and card message. */
export type ChatPlace = { channel: string } & Pick<ChatThread, 'thread' | 'card'>;

/** How long one request holds the opening of a place before another may take it over; renewed at each step. */
export const OPENING_LEASE_MS = 120_000;
/** How long a gesture's work keeps trying: Slack's response_url lasts 30 minutes, and so does the person's patience at most. */
export const GESTURE_DEADLINE_MS = 25 * 60_000;

/** Exponential backoff with jitter for a platform call's `attempt` (0, 1, …): about 0.5, 1, 2 … s, at most 30 s. */
export const backoff = (attempt: number) => Math.min(500 * 2 ** attempt, 30_000) * (0.5 + Math.random() / 2);

/** Resolves after `ms` of real time (retries wait out the platform's clock, not the service's). */
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** What differs between Slack and Teams. */
export interface Platform {
  readonly name: ChatPlatform;
  /** The platform's user with this e-mail, if any. */
  lookupUser(tenant: string, email: string): Promise<string | undefined>;
  /** The e-mail the platform has for one of its users. */
  emailOf(tenant: string, userId: string): Promise<string | undefined>;
  /** How the platform writes text, with these people known by their chat identities. */
  format(people: ChatPerson[]): Format;
  /**
   * Creates the coordination's place: a channel of its own (no card yet), or a thread in
   * `settings.coordinationChannel` (Slack) or a new conversation (Teams) whose first message
   * is the card. Its result is recorded at once; the steps below may then fail and resume.
   */
  createPlace(tenant: string, reference: string, settings: WorkspaceSettings, card: PlanCardModel): Promise<ChatPlace>;
  /** Adds or mentions the users in the place (again, harmlessly, when resumed). */
  invite(tenant: string, place: ChatPlace, users: string[]): Promise<void>;
  /** Posts the card in a place created without it; returns the message's id. */
  postCard(tenant: string, place: ChatPlace, card: PlanCardModel): Promise<string>;
  /** Pins the card where the platform pins (harmlessly again). */
  pin(tenant: string, place: ChatPlace): Promise<void>;
  /**
   * How long to wait before trying a failed call again, or undefined when trying again cannot
   * help (the error is the platform's final word: a missing channel, a removed app).
   */
  retryAfterMs(error: unknown, attempt: number): number | undefined;
  updateCard(tenant: string, place: ChatPlace, card: PlanCardModel): Promise<void>;
  /** A notice in the place, then the place closed (a channel archived). */
  closePlace(tenant: string, place: ChatPlace, notice: string): Promise<void>;
  /** A 1:1 message from the app. */
  sendDirect(tenant: string, userId: string, message: DirectMessage): Promise<void>;
  /** A link to the place, labelled `word` (the tenant's word for a thread). */
  placeLink(place: ChatPlace, word: string): string;
}

export type CommandReply =
  | { kind: 'text'; text: string }
  | { kind: 'card'; card: PlanCardModel }
  | { kind: 'list'; model: TextModel }
  | { kind: 'help'; model: HelpModel; before?: string };

export interface FlowDeps {
  db: Db;
  useCases: UseCases;
  /** Need to know: every gesture on a case asks it first. */
  policy: AccessPolicy;
  /** RC measurement waves: who may start, see and close them, and whose answers are taken, is theirs to decide. */
  waves: Waves;
  /** This service's public address (`https://samspil.example.dk`): the digest links to the result there. */
  publicUrl?: string | undefined;
  /** The language of a tenant whose workspace has none set. */
  locale: Locale;
  /** Settings a workspace has not set itself: the single-workspace setup's environment. */
  defaults?: WorkspaceSettings;
  now: () => Date;
  log: Log;
}

/** A reminder's button; reassign names the new coordinator by chat user (a user select) or person (a choice set). */
export type NudgeGesture = { kind: 'acknowledge' } | { kind: 'snooze' } | { kind: 'reassign'; userId: string } | { kind: 'reassign'; person: string };

export class ChatFlows {
  /** RC measurement waves: `rc …` and the questions one partner group at a time. */
  readonly waves = new WaveFlows(this);

  constructor(
    readonly deps: FlowDeps,
    readonly platform: Platform,
  ) {}

  /** The words of a workspace's language (its setting, else the default). */
  texts(settings: WorkspaceSettings = {}): Messages {
    return messages[this.localeIn(settings)];
  }

  localeIn(settings: WorkspaceSettings): Locale {
    return settings.language === 'en' || settings.language === 'da' ? settings.language : this.deps.locale;
  }

  /** A tenant's language: its workspace's setting (kept 30 s; a change made here shows at once). */
  async localeOf(tenant: string): Promise<Locale> {
    return this.localeIn((await cachedWorkspaceOfTenant(this.deps.db, tenant, this.platform.name, this.deps.now().getTime()))?.settings ?? {});
  }

  async #texts(tenant: string): Promise<Messages> {
    return messages[await this.localeOf(tenant)];
  }

  /** Who acts: the professional, recorded in the audit log as a chat actor. */
  actor(tenant: string, person: ChatPerson): Actor {
    return { tenant, kind: 'chat', id: person.id };
  }

  #system(tenant: string): Actor {
    return { tenant, kind: 'system', id: this.platform.name };
  }

  /**
   * The professional behind a chat user: kept from before, else by the e-mail the platform
   * has. Every gesture starts here, so a found person is kept 30 s (a changed team or lead
   * shows within that).
   */
  async person(tenant: string, userId: string): Promise<ChatPerson | undefined> {
    const { db } = this.deps;
    return this.#people.get(`${tenant}\u0000${userId}`, this.deps.now().getTime(), async () =>
      (await personOfChatUser(db, tenant, this.platform.name, userId)) ??
      (await this.platform.emailOf(tenant, userId).then((email) => (email ? personOfChatUser(db, tenant, this.platform.name, userId, email) : undefined))),
    );
  }
  readonly #people = new Expiring<string, ChatPerson | undefined>(30_000);

  /** A person's chat user: kept from before, else looked up by e-mail (and kept). */
  async chatUser(tenant: string, person: ChatPerson): Promise<string | undefined> {
    if (person.chatId) return person.chatId;
    const found = await this.platform.lookupUser(tenant, person.email);
    if (found) await rememberChatId(this.deps.db, tenant, person.id, this.platform.name, found);
    return found;
  }

  async format(tenant: string, ids: (string | null | undefined)[]): Promise<Format> {
    const named = ids.filter((i): i is string => !!i);
    // Often nobody is named (a digest, a wave's command): no query for no one.
    return this.platform.format(named.length ? await peopleOf(this.deps.db, tenant, this.platform.name, named) : []);
  }

  /** The plan card of a case, or what to say when there is none. */
  async card(actor: Actor, reference: string, interactive = true): Promise<{ ok: true; card: PlanCardModel } | { ok: false; text: string }> {
    const { useCases, db, now } = this.deps;
    const [overview, departmentNames, locale] = await Promise.all([useCases.caseOverview(actor, reference), this.departmentNames(actor.tenant), this.localeOf(actor.tenant)]);
    if (!overview.ok) return { ok: false, text: messages[locale].noAccess(reference) };
    const c = overview.case;
    const requester = c.participants[0]?.person;
    const suggestion = !c.coordinator.current && interactive && requester ? await useCases.suggestCoordinator(actor, reference, requester) : undefined;
    // One read of the people the card names: the coordinator, the suggestion, the participants.
    const ids = [c.coordinator.current, suggestion?.ok ? suggestion.person : undefined, ...c.participants.map((p) => p.person)].filter((i): i is string => !!i);
    const people = await peopleOf(db, actor.tenant, this.platform.name, [...new Set(ids)]);
    const participantNames = Object.fromEntries(people.map((p) => [p.id, p.name]));
    const input = { ...overview, suggestion: suggestion?.ok ? suggestion : undefined, departmentNames, participantNames, now: now().getTime() };
    return { ok: true, card: planCard(input, this.platform.format(people), locale, interactive) };
  }

  /**
   * Need to know, before any gesture on a case: undefined when the person may act on it,
   * else the answer. A refusal is neutral (it does not say whether the case exists), is
   * audited, and never echoes a value that is not a reference (a CPR number).
   */
  async refusal(actor: Actor, reference: string, gesture: string): Promise<string | undefined> {
    return (await this.#notAReference(actor, reference, gesture)) ?? ((await this.deps.policy.mayActOn(actor, reference, gesture)) ? undefined : (await this.#texts(actor.tenant)).noAccess(reference));
  }

  /** What to answer when `reference` is no reference at all (a CPR number, say): audited, never echoed. */
  async #notAReference(actor: Actor, reference: string, gesture: string): Promise<string | undefined> {
    if (validate(Id, reference).ok) return undefined;
    await this.deps.policy.denied(actor, null, gesture);
    return (await this.#texts(actor.tenant)).notAReference;
  }

  /** The plan card for a person who asked for it, when they may see the case. */
  async cardFor(tenant: string, person: ChatPerson, reference: string, gesture: string, interactive = true): Promise<{ ok: true; card: PlanCardModel } | { ok: false; text: string }> {
    const actor = this.actor(tenant, person);
    const refused = await this.refusal(actor, reference, gesture);
    return refused ? { ok: false, text: refused } : this.card(actor, reference, interactive);
  }

  /** Department names change rarely: read at most every 30 s per tenant. */
  readonly #departments = new Expiring<string, Record<string, string>>(30_000);
  departmentNames(tenant: string): Promise<Record<string, string>> {
    return this.#departments.get(tenant, this.deps.now().getTime(), async () => Object.fromEntries((await departmentsOf(this.deps.db, tenant)).map((d) => [d.id, d.name])));
  }

  async #names(tenant: string, ids: string[]): Promise<Record<string, string>> {
    return Object.fromEntries((await peopleOf(this.deps.db, tenant, this.platform.name, ids)).map((p) => [p.id, p.name]));
  }

  /**
   * `coordinate`: opens the case's coordination (the consent gate is the use case's),
   * then its place on the platform with the case's participants found by e-mail, and
   * the plan card. Returns the open one when there is one.
   */
  async open(tenant: string, requester: ChatPerson, reference: string, settings: WorkspaceSettings, request?: { departments: string[]; note: string }): Promise<string> {
    const { useCases, db } = this.deps;
    const t = await this.#texts(tenant);
    const actor = this.actor(tenant, requester);
    const refused = await this.refusal(actor, reference, 'coordinate');
    if (refused) return refused;
    const opened = request ? await useCases.requestCoordination(actor, reference, request.departments, request.note) : await useCases.openCoordination(actor, reference);
    if (!opened.ok) {
      if (opened.reason === 'consent-missing') {
        const names = await this.departmentNames(tenant);
        return t.consentMissing(reference, (opened.missing ?? []).map((d) => names[d] ?? d).join(', '));
      }
      return opened.reason === 'personal-data' ? t.personalData : t.noAccess(reference);
    }
    // The place is claimed before anything is created on the platform: of two requests at once
    // (or a replay), one opens it and the other is told it is being opened, then given the link.
    const claim = await claimThread(db, tenant, this.platform.name, reference, this.deps.now(), OPENING_LEASE_MS);
    if (!claim) return t.noAccess(reference);
    if (!claim.claimed) {
      const open = claim.thread.state === 'open' ? claim.thread : await this.#whenOpened(tenant, reference);
      return open?.channel ? t.alreadyOpen(reference, this.platform.placeLink(open as ChatPlace, t.thread)) : t.opening(reference);
    }
    const { place, missing } = await this.#openPlace(tenant, actor, reference, settings, claim.thread, [requester.id, ...opened.case.participants.map((p) => p.person)]);
    const lines = [(opened.opened ? t.opened : t.alreadyOpen)(reference, this.platform.placeLink(place, t.thread))];
    if (missing.length) lines.push(t.notInvited(missing.join(', ')));
    return lines.join('\n');
  }

  /**
   * The steps of opening a place, each recorded when done, so that a failure or a crash after
   * any of them is finished by the next attempt (or the start-up sweep), never done twice.
   */
  async #openPlace(tenant: string, actor: Actor, reference: string, settings: WorkspaceSettings, claimed: ChatThread, people: string[]): Promise<{ place: ChatPlace; missing: string[] }> {
    const { db, now } = this.deps;
    const name = this.platform.name;
    const lease = () => new Date(now().getTime() + OPENING_LEASE_MS);
    // Deadlines are elapsed time, not the time of day: the monotonic clock.
    const deadline = performance.now() + GESTURE_DEADLINE_MS;
    const retrying = <T>(call: () => Promise<T>) => this.retrying(call, deadline);
    // Only those of `people` the policy lets see the case are added to its place.
    const allowed = await this.deps.policy.withPart(tenant, reference, people);
    const found: string[] = [];
    const missing: string[] = [];
    for (const p of await peopleOf(db, tenant, name, [...allowed])) {
      const user = await retrying(() => this.chatUser(tenant, p));
      if (user) found.push(user);
      else missing.push(p.name);
    }
    const card = await this.card(actor, reference);
    if (!card.ok) throw new Error(`the card of ${reference} could not be drawn`);

    let place = claimed.channel ? ({ channel: claimed.channel, thread: claimed.thread, card: claimed.card } as ChatPlace) : undefined;
    if (!place) {
      place = await retrying(() => this.platform.createPlace(tenant, reference, { ...this.deps.defaults, ...settings }, card.card));
      await recordThread(db, tenant, name, reference, place, lease());
    }
    const at = place;
    if (!claimed.steps.includes('invited')) {
      await retrying(() => this.platform.invite(tenant, at, found));
      await recordThread(db, tenant, name, reference, { step: 'invited' }, lease());
    }
    if (!place.card) {
      const id = await retrying(() => this.platform.postCard(tenant, at, card.card));
      place = { ...place, card: id };
      await recordThread(db, tenant, name, reference, { card: id }, lease());
    }
    const pinned = place;
    if (!claimed.steps.includes('pinned')) {
      await retrying(() => this.platform.pin(tenant, pinned));
      await recordThread(db, tenant, name, reference, { step: 'pinned' }, lease());
    }
    await finishThread(db, tenant, name, reference);
    return { place, missing };
  }

  /** Another request is opening the place: its link once it is open, or undefined after a while. */
  async #whenOpened(tenant: string, reference: string, waitMs = 20_000): Promise<ChatThread | undefined> {
    for (const until = performance.now() + waitMs; performance.now() < until; ) {
      await sleep(200);
      const found = await findThread(this.deps.db, tenant, this.platform.name, reference);
      if (found?.state === 'open' && !found.closed) return found;
    }
    return undefined;
  }

  /**
   * A platform call tried again while the platform says so (a rate limit's Retry-After, a 5xx,
   * the network), with backoff and jitter, until `deadline`; its final word is thrown.
   */
  async retrying<T>(call: () => Promise<T>, deadline = performance.now() + GESTURE_DEADLINE_MS): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        const wait = this.platform.retryAfterMs(error, attempt);
        if (wait === undefined || performance.now() + wait > deadline) throw error;
        await sleep(wait);
      }
    }
  }

  /** Openings left half done by a service that died (their lease ran out): finished, as the system. */
  async finishAbandoned(): Promise<number> {
    const { db, now } = this.deps;
    let finished = 0;
    for (const { tenant, reference } of await abandonedOpenings(db, this.platform.name, now())) {
      const claim = await claimThread(db, tenant, this.platform.name, reference, now(), OPENING_LEASE_MS);
      if (!claim?.claimed) continue;
      const settings = (await workspaceOfTenant(db, tenant, this.platform.name))?.settings ?? {};
      const system = this.#system(tenant);
      try {
        const overview = await this.deps.useCases.caseOverview(system, reference);
        await this.#openPlace(tenant, system, reference, settings, claim.thread, overview.ok ? overview.case.participants.map((p) => p.person) : []);
        finished++;
      } catch (error) {
        this.deps.log.warn(`${this.platform.name}: could not finish opening a coordination: ${(error as Error).message}`);
      }
    }
    return finished;
  }

  /** Makes the professional behind a chat user the plan coordinator; the card follows. */
  async assign(tenant: string, by: ChatPerson, reference: string, userId: string, reason: string): Promise<{ ok: boolean; text: string }> {
    const target = await this.person(tenant, userId);
    if (!target) return { ok: false, text: (await this.#texts(tenant)).coordinatorUnknown };
    return this.assignPerson(tenant, by, reference, target, reason);
  }

  /** Makes a person the plan coordinator: `by` must have a part in the case, and so must the person (a forged button is refused). */
  async assignPerson(tenant: string, by: ChatPerson, reference: string, target: Pick<ChatPerson, 'id'> & Partial<ChatPerson>, reason: string, gesture = 'coordinator'): Promise<{ ok: boolean; text: string }> {
    const actor = this.actor(tenant, by);
    const refused = await this.refusal(actor, reference, gesture);
    if (refused) return { ok: false, text: refused };
    if (!(await this.deps.policy.withPart(tenant, reference, [target.id])).has(target.id)) {
      await this.deps.policy.denied(actor, reference, `${gesture}: coordinator without a part in the case`);
      return { ok: false, text: (await this.#texts(tenant)).notOnCase };
    }
    const r = await this.deps.useCases.assignCoordinator(actor, reference, target.id, reason);
    if (!r.ok) return { ok: false, text: (await this.#texts(tenant)).noAccess(reference) };
    // The outbox redraws the card as well; redrawing now shows it at once (it is idempotent).
    await this.refreshCard(tenant, reference);
    const f = await this.format(tenant, [target.id]);
    return { ok: true, text: (await this.#texts(tenant)).coordinatorSet(reference, f.person(target.id)) };
  }

  /** A `/samspil …` (Slack) or a message to the bot (Teams). `mentions` are the chat users named in it. */
  async command(tenant: string, settings: WorkspaceSettings, userId: string, text: string, mentions: string[], prefix: string): Promise<CommandReply> {
    const locale = this.localeIn(settings);
    const t = messages[locale];
    const { name, args } = parseCommand(text);
    if (name === 'help') return { kind: 'help', model: help(locale, prefix) };
    const known = ['coordinate', 'coordinator', 'status', 'stalled', 'rc'];
    if (!known.includes(name)) return { kind: 'help', model: help(locale, prefix), before: t.unknownCommand(name) };
    const person = await this.person(tenant, userId);
    if (!person) return { kind: 'text', text: t.notLinked };
    // A CPR number anywhere in the command (also split by a space) goes no further, and is not echoed.
    if (hasCpr(text)) {
      await this.deps.policy.denied(this.actor(tenant, person), null, name);
      return { kind: 'text', text: t.notAReference };
    }
    if (name === 'rc') return this.waves.command(tenant, person, args, locale);
    const reference = args[0];
    switch (name) {
      case 'coordinate':
        if (!reference) return { kind: 'text', text: t.usage(`${prefix}coordinate SAGSNR`) };
        return { kind: 'text', text: await this.open(tenant, person, reference, settings) };
      case 'coordinator': {
        const target = mentions[0];
        if (!reference || !target) return { kind: 'text', text: t.usage(`${prefix}coordinator SAGSNR @person`) };
        return { kind: 'text', text: (await this.assign(tenant, person, reference, target, 'assigned in chat')).text };
      }
      case 'status': {
        if (!reference) return { kind: 'text', text: t.usage(`${prefix}status SAGSNR`) };
        const card = await this.cardFor(tenant, person, reference, 'status', false);
        return card.ok ? { kind: 'card', card: card.card } : { kind: 'text', text: card.text };
      }
      default: {
        const cases = await this.deps.useCases.stalledCases(this.actor(tenant, person), { member: person.id, viewer: person.id });
        return { kind: 'list', model: stalledList(cases, await this.format(tenant, cases.map((c) => c.coordinator)), locale) };
      }
    }
  }

  /** A reminder's button: the use case, then what the message should now say. */
  async nudgeGesture(tenant: string, userId: string, nudgeId: string, reference: string, gesture: NudgeGesture): Promise<string> {
    const t = await this.#texts(tenant);
    const person = await this.person(tenant, userId);
    if (!person) return t.notLinked;
    const actor = this.actor(tenant, person);
    // The button's nudge and case come from the platform's payload: checked, never trusted.
    // (mayAnswerNudge checks the person's part in the case itself.)
    const name = `nudge.${gesture.kind}`;
    const refused = await this.#notAReference(actor, reference, name);
    if (refused) return refused;
    if (!(await this.deps.policy.mayAnswerNudge(actor, nudgeId, reference, name))) return t.noAccess(reference);
    const f = await this.format(tenant, [person.id]);
    if (gesture.kind === 'acknowledge') {
      const r = await this.deps.useCases.acknowledgeNudge(actor, nudgeId);
      return r.ok ? t.acknowledgedBy(f.person(person.id)) : t.nudgeClosed;
    }
    if (gesture.kind === 'snooze') {
      const r = await this.deps.useCases.snoozeNudge(actor, nudgeId, 3);
      return r.ok && r.nudge.snoozedUntil ? t.snoozedUntil(r.nudge.snoozedUntil.slice(0, 10)) : t.nudgeClosed;
    }
    const target = 'person' in gesture ? { id: gesture.person } : await this.person(tenant, gesture.userId);
    if (!target) return t.coordinatorUnknown;
    const assigned = await this.assignPerson(tenant, person, reference, target, 'reassigned from a reminder in chat', name);
    if (!assigned.ok) return assigned.text;
    // The new coordinator answers for the case now: this reminder is settled.
    await this.deps.useCases.acknowledgeNudge(actor, nudgeId);
    return t.reassignedTo((await this.format(tenant, [target.id])).person(target.id));
  }

  /** A home page: my cases as coordinator, stalled first; for team leads, the team's stalled cases. */
  async home(tenant: string, userId: string): Promise<TextModel> {
    const locale = await this.localeOf(tenant);
    const person = await this.person(tenant, userId);
    if (!person) return { title: messages[locale].homeMine, sections: [], note: messages[locale].notLinked };
    const actor = this.actor(tenant, person);
    const mine = await this.deps.useCases.casesCoordinatedBy(actor, person.id);
    const team = person.leads ? await this.deps.useCases.stalledCases(actor, { member: person.id, viewer: person.id }) : undefined;
    return homeModel(mine, team, await this.format(tenant, (team ?? []).map((s) => s.coordinator)), locale);
  }

  /** Redraws the coordination's card in place, never a new message. */
  async refreshCard(tenant: string, reference: string): Promise<void> {
    const thread = await findThread(this.deps.db, tenant, this.platform.name, reference);
    if (!thread || thread.closed || !thread.channel || !thread.card) return;
    const card = await this.card(this.#system(tenant), reference);
    if (card.ok) await this.platform.updateCard(tenant, thread as ChatPlace, card.card);
  }

  /** Consent withdrawn: a notice, then the place closed. */
  async close(tenant: string, reference: string): Promise<void> {
    const thread = await findThread(this.deps.db, tenant, this.platform.name, reference);
    if (!thread || thread.closed) return;
    if (thread.channel) await this.platform.closePlace(tenant, thread as ChatPlace, `🔒 ${(await this.#texts(tenant)).closedConsent(reference)}`);
    await closeThread(this.deps.db, tenant, this.platform.name, reference, this.deps.now());
  }

  /** An outbox message through this platform (the port maps the platform's errors). */
  async deliver(m: OutboxMessage): Promise<void> {
    if (m.kind === 'thread-card') return this.refreshCard(m.tenant, m.payload.caseReference);
    if (m.kind === 'thread-closed') return this.close(m.tenant, m.payload.caseReference);
    // The case is gone: the place is told so without naming it, and closed.
    if (m.kind === 'place-erased') return this.platform.closePlace(m.tenant, { channel: m.payload.channel, thread: m.payload.thread ?? undefined, card: m.payload.card ?? undefined }, `🔒 ${(await this.#texts(m.tenant)).closedErased}`);

    const { db, useCases, now } = this.deps;
    const locale = await this.localeOf(m.tenant);
    const [person] = await peopleOf(db, m.tenant, this.platform.name, [m.recipient]);
    if (!person) throw new PermanentDeliveryError(`no person ${m.recipient} in tenant ${m.tenant}`);
    const user = await this.chatUser(m.tenant, person);
    if (!user) throw new PermanentDeliveryError(`${m.recipient} has no ${this.platform.name} user (no match by e-mail)`);

    let message: DirectMessage;
    if (m.kind === 'digest') {
      message = digestMessage(m.payload.date, m.payload.items, now().getTime(), await this.format(m.tenant, []), locale);
    } else if (m.kind === 'rc-invitation' || m.kind === 'rc-reminder') {
      message = rcInvitation(m.payload, locale);
    } else if (m.kind === 'rc-digest') {
      message = rcDigestMessage(m.payload, await this.format(m.tenant, []), locale, this.deps.publicUrl && rcResultsUrl(this.deps.publicUrl, m.payload.surveyId, m.payload.wave.name));
    } else {
      const p = m.payload;
      const overview = await useCases.caseOverview(this.#system(m.tenant), p.caseReference);
      const participants = overview.ok ? overview.case.participants.map((x) => x.person) : [];
      const names = await this.#names(m.tenant, participants);
      message = nudgeMessage(
        {
          kind: m.kind,
          nudgeId: p.nudgeId,
          caseReference: p.caseReference,
          reason: p.reason,
          since: p.since,
          step: p.step,
          caseSystemUrl: overview.ok ? overview.case.caseSystemUrl : undefined,
          candidates: [...new Set(participants)].map((person) => ({ person, name: names[person] ?? person })),
        },
        locale,
      );
    }
    await this.platform.sendDirect(m.tenant, user, message);
  }
}

/** Words of a command: the sub-command and its arguments. */
export function parseCommand(text: string): { name: string; args: string[] } {
  const [name = 'help', ...args] = text.trim().split(/\s+/).filter(Boolean);
  return { name: name.toLowerCase(), args };
}

/**
 * The work's answer; if it takes longer than `afterMs`, `tell` first says that it is under way
 * (a rate limit being waited out, a slow platform), so no one is left wondering.
 */
export async function answerWhenDone<T>(work: Promise<T>, tell: () => Promise<unknown>, afterMs = 3_000): Promise<T> {
  let told: Promise<unknown> | undefined;
  const timer = setTimeout(() => (told = tell().catch(() => undefined)), afterMs);
  try {
    return await work;
  } finally {
    clearTimeout(timer);
    await told;
  }
}
