// What is Slack's own in the chat flows: private channels named from the case
// reference, invitations, pins, chat.update, DMs through conversations.open.
import type { ChatPlace, DirectMessage, Failure, Platform, PlanCardModel } from '@samspil/chat';
import type { ChatPerson, Log, WorkspaceSettings } from '@samspil/server';
import type { webApi } from '@slack/bolt';
import { handoverBlocks, nudgeBlocks, planCardBlocks, rcInvitationBlocks, slackFormat, textBlocks } from './blocks.js';
import { actionMessageBlocks } from './meeting-blocks.js';
import { classifySlackError, slackError } from './errors.js';

type WebClient = webApi.WebClient;

/** Resolves to undefined when Slack answers one of `codes`; other errors go on. */
async function unless<T>(codes: string[], call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (codes.includes(slackError(error) ?? '')) return undefined;
    throw error;
  }
}

/** A channel name from the case reference only: Slack's rules (lowercase, a-z 0-9 - _, at most 80). */
export function channelName(reference: string, attempt = 0): string {
  const suffix = attempt === 0 ? '' : `-${attempt + 1}`;
  const base = `samspil-${reference.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '')}`;
  return base.slice(0, 80 - suffix.length).replace(/-$/, '') + suffix;
}

export class SlackPlatform implements Platform {
  readonly name = 'slack' as const;

  constructor(
    /** The Web API client of a tenant's workspace: its own token when installed by OAuth, else the one bot token. */
    private readonly clients: (tenant: string) => Promise<WebClient>,
    private readonly log: Log,
  ) {}

  async lookupUser(tenant: string, email: string): Promise<string | undefined> {
    const client = await this.clients(tenant);
    return (await unless(['users_not_found'], client.users.lookupByEmail({ email })))?.user?.id;
  }

  async emailOf(tenant: string, userId: string): Promise<string | undefined> {
    const client = await this.clients(tenant);
    return (await unless(['user_not_found'], client.users.info({ user: userId })))?.user?.profile?.email;
  }

  format(people: ChatPerson[]) {
    return slackFormat(people);
  }

  placeLink(place: ChatPlace, word: string): string {
    return place.thread ? `<#${place.channel}> (${word})` : `<#${place.channel}>`;
  }

  async createPlace(tenant: string, reference: string, settings: WorkspaceSettings, card: PlanCardModel): Promise<ChatPlace> {
    const client = await this.clients(tenant);
    if (settings.coordinationChannel) {
      // A thread in the team channel: the card is its root.
      const posted = await client.chat.postMessage({ channel: settings.coordinationChannel, ...planCardBlocks(card) });
      return { channel: posted.channel!, thread: posted.ts!, card: posted.ts! };
    }
    return { channel: await this.#createChannel(client, reference), thread: undefined, card: undefined };
  }

  async invite(tenant: string, place: ChatPlace, users: string[]): Promise<void> {
    if (users.length === 0) return;
    const client = await this.clients(tenant);
    // In a team channel's thread the participants are mentioned; a channel of its own invites them.
    if (place.thread) return void (await client.chat.postMessage({ channel: place.channel, thread_ts: place.thread, text: users.map((u) => `<@${u}>`).join(' ') }));
    // Slack takes at most 1,000 users a call.
    for (let i = 0; i < users.length; i += 1000) await this.#invite(client, place.channel, users.slice(i, i + 1000));
  }

  async postCard(tenant: string, place: ChatPlace, card: PlanCardModel): Promise<string> {
    const client = await this.clients(tenant);
    return (await client.chat.postMessage({ channel: place.channel, ...planCardBlocks(card) })).ts!;
  }

  async pin(tenant: string, place: ChatPlace): Promise<void> {
    if (place.thread || !place.card) return;
    const client = await this.clients(tenant);
    await unless(['already_pinned'], client.pins.add({ channel: place.channel, timestamp: place.card }));
  }

  classify(error: unknown): Failure {
    return classifySlackError(error);
  }

  async #createChannel(client: WebClient, reference: string): Promise<string> {
    // Another channel (an archived earlier coordination, or someone's) may hold the name.
    for (let attempt = 0; ; attempt++) {
      const created = await unless(attempt < 20 ? ['name_taken'] : [], client.conversations.create({ name: channelName(reference, attempt), is_private: true }));
      if (created) return created.channel!.id!;
    }
  }

  async #invite(client: WebClient, channel: string, users: string[]): Promise<void> {
    try {
      await client.conversations.invite({ channel, users: users.join(',') });
    } catch (error) {
      const code = slackError(error);
      if (code === undefined || code === 'ratelimited') throw error;
      // One refused user (already there, deactivated, a guest) fails the batch: one by one.
      for (const user of users) {
        await client.conversations.invite({ channel, users: user }).catch((e: unknown) => {
          if (slackError(e) === undefined || slackError(e) === 'ratelimited') throw e;
          this.log.warn(`slack: could not invite ${user} to ${channel}: ${slackError(e)}`);
        });
      }
    }
  }

  async updateCard(tenant: string, place: ChatPlace, card: PlanCardModel): Promise<void> {
    const client = await this.clients(tenant);
    await client.chat.update({ channel: place.channel, ts: place.card!, ...planCardBlocks(card) });
  }

  async closePlace(tenant: string, place: ChatPlace, notice: string): Promise<void> {
    const client = await this.clients(tenant);
    const blocks = [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: notice } }];
    await client.chat.postMessage({ channel: place.channel, ...(place.thread ? { thread_ts: place.thread } : {}), text: notice, blocks });
    if (place.card) await client.chat.update({ channel: place.channel, ts: place.card, text: notice, blocks });
    if (!place.thread) await unless(['already_archived'], client.conversations.archive({ channel: place.channel }));
  }

  async sendDirect(tenant: string, userId: string, message: DirectMessage): Promise<void> {
    const client = await this.clients(tenant);
    const dm = await client.conversations.open({ users: userId });
    const rendered =
      'nudgeId' in message ? nudgeBlocks(message) : 'answerLabel' in message ? rcInvitationBlocks(message) : 'takeOverLabel' in message ? handoverBlocks(message) : 'buttons' in message ? actionMessageBlocks(message) : textBlocks(message, true);
    await client.chat.postMessage({ channel: dm.channel!.id!, ...rendered });
  }
}
