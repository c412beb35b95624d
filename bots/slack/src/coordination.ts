// The work behind the Slack gestures: coordination channels and threads, the plan
// card kept up to date in place, reminders by DM. Calls the service's use cases and
// chat store; Bolt's handlers (app.ts) only acknowledge and delegate here.
import type { Locale } from '@samspil/core';
import {
  closeThread,
  departmentsOf,
  findThread,
  peopleOf,
  personOfChatUser,
  rememberChatId,
  saveThread,
  type Actor,
  type ChatPerson,
  type ChatThread,
  type Db,
  type UseCases,
  type WorkspaceSettings,
} from '@samspil/server';
import { webApi } from '@slack/bolt';
import { planCard, type Block, type Who } from './blocks.js';
import { messages, type Messages } from './messages.js';

type WebClient = webApi.WebClient;

export interface SlackDeps {
  db: Db;
  useCases: UseCases;
  /** The bot token's client; with no retries of its own (the outbox retries). */
  client: WebClient;
  locale: Locale;
  now: () => Date;
  log: (line: string) => void;
}

/** A Slack API error's code (`name_taken`, `ratelimited`, …), if it is one. */
export function slackError(error: unknown): string | undefined {
  const e = error as { code?: string; data?: { error?: string } };
  if (e?.code === webApi.ErrorCode.PlatformError) return e.data?.error;
  if (e?.code === webApi.ErrorCode.RateLimitedError) return 'ratelimited';
  return undefined;
}

/** A channel name from the case reference only: Slack's rules (lowercase, a-z 0-9 - _, at most 80). */
export function channelName(reference: string, attempt = 0): string {
  const suffix = attempt === 0 ? '' : `-${attempt + 1}`;
  const base = `samspil-${reference.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '')}`;
  return base.slice(0, 80 - suffix.length).replace(/-$/, '') + suffix;
}

export type Reply = { text: string; blocks?: Block[] };

export class SlackCoordination {
  readonly t: Messages;

  constructor(readonly deps: SlackDeps) {
    this.t = messages[deps.locale];
  }

  actor(tenant: string, who: ChatPerson | string): Actor {
    return { tenant, kind: 'chat', id: typeof who === 'string' ? `slack:${who}` : who.id };
  }

  /** The professional behind a Slack user: kept from before, else by the e-mail Slack has for them. */
  async person(tenant: string, userId: string): Promise<ChatPerson | undefined> {
    const known = await personOfChatUser(this.deps.db, tenant, 'slack', userId);
    if (known) return known;
    try {
      const info = await this.deps.client.users.info({ user: userId });
      const email = info.user?.profile?.email;
      return email ? await personOfChatUser(this.deps.db, tenant, 'slack', userId, email) : undefined;
    } catch (error) {
      if (slackError(error) === 'user_not_found') return undefined;
      throw error;
    }
  }

  /** A person's Slack user: kept from before, else looked up by e-mail (and kept). */
  async slackUser(tenant: string, person: ChatPerson): Promise<string | undefined> {
    if (person.chatId) return person.chatId;
    try {
      const found = await this.deps.client.users.lookupByEmail({ email: person.email });
      if (!found.user?.id) return undefined;
      await rememberChatId(this.deps.db, tenant, person.id, 'slack', found.user.id);
      return found.user.id;
    } catch (error) {
      if (slackError(error) === 'users_not_found') return undefined;
      throw error;
    }
  }

  /** Shows people as Slack mentions when their user is known, else by name. */
  async who(tenant: string, ids: (string | null | undefined)[]): Promise<Who> {
    const people = await peopleOf(this.deps.db, tenant, 'slack', ids.filter((i): i is string => !!i));
    const byId = new Map(people.map((p) => [p.id, p]));
    return (id) => {
      if (!id) return this.t.none;
      const p = byId.get(id);
      return p?.chatId ? `<@${p.chatId}>` : (p?.name ?? id);
    };
  }

  /** The plan card of a case, or the reason there is none to show. */
  async card(actor: Actor, reference: string, interactive = true): Promise<Reply & { ok: boolean }> {
    const overview = await this.deps.useCases.caseOverview(actor, reference);
    if (!overview.ok) return { ok: false, text: this.t.notFound(reference) };
    const c = overview.case;
    const requester = c.participants[0]?.person;
    const suggestion = !c.coordinator.current && interactive && requester ? await this.deps.useCases.suggestCoordinator(actor, reference, requester) : undefined;
    const who = await this.who(actor.tenant, [c.coordinator.current, suggestion?.ok ? suggestion.person : undefined]);
    const departmentNames = Object.fromEntries((await departmentsOf(this.deps.db, actor.tenant)).map((d) => [d.id, d.name]));
    const card = planCard({ ...overview, suggestion: suggestion?.ok ? suggestion : undefined, departmentNames, now: this.deps.now().getTime() }, who, this.deps.locale, interactive);
    return { ok: true, ...card };
  }

  /**
   * `coordinate`: opens the case's coordination (consent gate in the use case), then its
   * place in Slack: a private channel named from the case reference, or a thread in the
   * workspace's coordination channel; invites the participants found by e-mail and pins
   * the plan card. Returns the existing one when it is open.
   */
  async open(actor: Actor, reference: string, requester: ChatPerson, settings: WorkspaceSettings, request?: { departments: string[]; note: string }): Promise<Reply> {
    const { useCases, db, client } = this.deps;
    const t = this.t;
    const opened = request ? await useCases.requestCoordination(actor, reference, request.departments, request.note) : await useCases.openCoordination(actor, reference);
    if (!opened.ok) {
      if (opened.reason === 'consent-missing') {
        const names = new Map((await departmentsOf(db, actor.tenant)).map((d) => [d.id, d.name]));
        return { text: t.consentMissing(reference, (opened.missing ?? []).map((d) => names.get(d) ?? d).join(', ')) };
      }
      return { text: opened.reason === 'personal-data' ? t.personalData : t.notFound(reference) };
    }
    const existing = await findThread(db, actor.tenant, 'slack', reference);
    if (existing && !existing.closed) return { text: t.alreadyOpen(reference, this.#where(existing)) };

    const participants = await peopleOf(db, actor.tenant, 'slack', [...new Set([requester.id, ...opened.case.participants.map((p) => p.person)])]);
    const found: string[] = [];
    const missing: string[] = [];
    for (const p of participants) {
      const user = await this.slackUser(actor.tenant, p);
      if (user) found.push(user);
      else missing.push(p.name);
    }
    const card = await this.card(actor, reference);
    let thread: Omit<ChatThread, 'closed'>;
    if (settings.coordinationChannel) {
      // A thread in the team channel: the card is its root, the participants are mentioned in it.
      const posted = await client.chat.postMessage({ channel: settings.coordinationChannel, text: card.text, blocks: card.blocks });
      thread = { caseReference: reference, platform: 'slack', channel: posted.channel!, thread: posted.ts!, card: posted.ts! };
      if (found.length) await client.chat.postMessage({ channel: posted.channel!, thread_ts: posted.ts!, text: found.map((u) => `<@${u}>`).join(' ') });
    } else {
      const channel = await this.#createChannel(reference);
      await this.#invite(channel, found);
      const posted = await client.chat.postMessage({ channel, text: card.text, blocks: card.blocks });
      await client.pins.add({ channel, timestamp: posted.ts! }).catch((error) => {
        if (slackError(error) !== 'already_pinned') throw error;
      });
      thread = { caseReference: reference, platform: 'slack', channel, thread: undefined, card: posted.ts! };
    }
    await saveThread(db, actor.tenant, thread);
    const lines = [(opened.opened ? t.opened : t.alreadyOpen)(reference, this.#where(thread))];
    if (missing.length) lines.push(t.notInvited(missing.join(', ')));
    return { text: lines.join('\n') };
  }

  #where(place: Pick<ChatThread, 'channel' | 'thread'>): string {
    return place.thread ? `<#${place.channel}> (${this.t.thread})` : `<#${place.channel}>`;
  }

  async #createChannel(reference: string): Promise<string> {
    // Another channel (an archived earlier coordination, or a person's) may hold the name.
    for (let attempt = 0; ; attempt++) {
      try {
        const created = await this.deps.client.conversations.create({ name: channelName(reference, attempt), is_private: true });
        return created.channel!.id!;
      } catch (error) {
        if (slackError(error) !== 'name_taken' || attempt >= 20) throw error;
      }
    }
  }

  async #invite(channel: string, users: string[]): Promise<void> {
    if (users.length === 0) return;
    try {
      await this.deps.client.conversations.invite({ channel, users: users.join(',') });
    } catch (error) {
      const code = slackError(error);
      if (code === 'ratelimited' || code === undefined) throw error;
      // One refused user (already there, deactivated, a guest) fails the batch: invite one by one.
      for (const user of users) {
        await this.deps.client.conversations.invite({ channel, users: user }).catch((e) => {
          if (slackError(e) === undefined || slackError(e) === 'ratelimited') throw e;
          this.deps.log(`slack: could not invite ${user} to ${channel}: ${slackError(e)}`);
        });
      }
    }
  }

  /** Redraws the pinned card in place (chat.update), never a new message. */
  async refreshCard(tenant: string, reference: string): Promise<void> {
    const thread = await findThread(this.deps.db, tenant, 'slack', reference);
    if (!thread || thread.closed || !thread.card) return;
    const card = await this.card({ tenant, kind: 'system', id: 'slack' }, reference);
    if (!card.ok) return;
    await this.deps.client.chat.update({ channel: thread.channel, ts: thread.card, text: card.text, blocks: card.blocks });
  }

  /** Consent withdrawn: a notice, then the channel is archived (or the thread left closed). */
  async close(tenant: string, reference: string): Promise<void> {
    const { client, db } = this.deps;
    const thread = await findThread(db, tenant, 'slack', reference);
    if (!thread || thread.closed) return;
    await client.chat.postMessage({ channel: thread.channel, ...(thread.thread ? { thread_ts: thread.thread, reply_broadcast: false } : {}), text: `:lock: ${this.t.closedConsent(reference)}` });
    if (thread.card) await client.chat.update({ channel: thread.channel, ts: thread.card, text: this.t.closedConsent(reference), blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `:lock: ${this.t.closedConsent(reference)}` } }] });
    if (!thread.thread) {
      await client.conversations.archive({ channel: thread.channel }).catch((error) => {
        if (slackError(error) !== 'already_archived') throw error;
      });
    }
    await closeThread(db, tenant, 'slack', reference, this.deps.now());
  }
}

