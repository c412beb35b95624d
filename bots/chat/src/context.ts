// What every gesture starts from: the service's dependencies, the platform, the person
// behind a chat user and the actor they act as, how the platform writes, and the
// workspace's language. Each flow takes one context; none knows another's state.
import { Id, validate, type BusinessCalendar, type Locale } from '@samspil/core';
import {
  cachedWorkspaceOfTenant,
  departmentsOf,
  Expiring,
  peopleOf,
  personOfChatUser,
  rememberChatId,
  tenantCalendar,
  type AccessPolicy,
  type Actor,
  type ChatPerson,
  type Db,
  type Log,
  type UseCases,
  type Waves,
  type WorkspaceSettings,
} from '@samspil/server';
import { GESTURE_DEADLINE_MS, retrying } from './failures.js';
import { messages, type Messages } from './messages.js';
import type { Platform } from './platform.js';
import type { Format } from './views.js';

export interface FlowDeps {
  db: Db;
  useCases: UseCases;
  /** Need to know for what a gesture reads; the use cases a gesture writes through ask it themselves. */
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

export class ChatContext {
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

  /** The words of a tenant's language. */
  async textsOf(tenant: string): Promise<Messages> {
    return messages[await this.localeOf(tenant)];
  }

  /** Who acts: the professional, recorded in the audit log as a chat actor. */
  actor(tenant: string, person: ChatPerson): Actor {
    return { tenant, kind: 'chat', id: person.id };
  }

  /** The platform's adapter itself, acting for no one (the outbox, the start-up sweep). */
  system(tenant: string): Actor {
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

  /** People's names by id. */
  async names(tenant: string, ids: string[]): Promise<Record<string, string>> {
    return Object.fromEntries((await peopleOf(this.deps.db, tenant, this.platform.name, ids)).map((p) => [p.id, p.name]));
  }

  /** The municipality's calendar (its time zone, working hours): what a card's times are shown in. Read at most every 30 s per tenant. */
  readonly #calendars = new Expiring<string, BusinessCalendar>(30_000);
  calendarOf(tenant: string): Promise<BusinessCalendar> {
    return this.#calendars.get(tenant, this.deps.now().getTime(), () => tenantCalendar(this.deps.db, tenant));
  }

  /** Department names change rarely: read at most every 30 s per tenant. */
  readonly #departments = new Expiring<string, Record<string, string>>(30_000);
  departmentNames(tenant: string): Promise<Record<string, string>> {
    return this.#departments.get(tenant, this.deps.now().getTime(), async () => Object.fromEntries((await departmentsOf(this.deps.db, tenant)).map((d) => [d.id, d.name])));
  }

  /**
   * Need to know, before any gesture on a case: undefined when the person may act on it,
   * else the answer. A refusal is neutral (it does not say whether the case exists), is
   * audited, and never echoes a value that is not a reference (a CPR number).
   */
  async refusal(actor: Actor, reference: string, gesture: string): Promise<string | undefined> {
    return (await this.notAReference(actor, reference, gesture)) ?? ((await this.deps.policy.mayActOn(actor, reference, gesture)) ? undefined : (await this.textsOf(actor.tenant)).noAccess(reference));
  }

  /**
   * The person behind a chat user, as an actor for a gesture on `reference` (a button's or a
   * form's, from the platform's payload: checked, never trusted), or what to say: not linked,
   * or not a reference at all. Need to know is the gesture's use case's to check.
   */
  async actorFor(tenant: string, userId: string, reference: string, gesture: string): Promise<{ ok: true; actor: Actor } | { ok: false; text: string }> {
    const person = await this.person(tenant, userId);
    if (!person) return { ok: false, text: (await this.textsOf(tenant)).notLinked };
    const actor = this.actor(tenant, person);
    const refused = await this.notAReference(actor, reference, gesture);
    return refused ? { ok: false, text: refused } : { ok: true, actor };
  }

  /** What to answer when `reference` is no reference at all (a CPR number, say): audited, never echoed. */
  async notAReference(actor: Actor, reference: string, gesture: string): Promise<string | undefined> {
    if (validate(Id, reference).ok) return undefined;
    await this.deps.policy.denied(actor, null, gesture);
    return (await this.textsOf(actor.tenant)).notAReference;
  }

  /** A platform call tried again while the platform's errors say so, until `deadline` (see failures.ts). */
  retrying<T>(call: () => Promise<T>, deadline = performance.now() + GESTURE_DEADLINE_MS): Promise<T> {
    return retrying(call, (error) => this.platform.classify(error), deadline);
  }
}
