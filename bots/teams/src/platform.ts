// What is Teams' own in the chat flows: a coordination is a new conversation (a
// thread) in the team's coordination channel; people are found in the team's roster
// by e-mail; reminders are proactive 1:1 messages over conversation references kept
// from the app's installation; everything goes to the Bot Connector at the team's
// serviceUrl.
import { Client as ConnectorClient } from '@microsoft/teams.api';
import { retryWait, sleep, type ChatPlace, type DirectMessage, type Failure, type Platform, type PlanCardModel } from '@samspil/chat';
import { conversationOf, NotInstalledError, peopleOf, rememberConversation, type ChatPerson, type Db, type WorkspaceSettings } from '@samspil/server';
import { attachment, handoverCardJson, noticeCardJson, type Card, nudgeCardJson, planCardJson, rcInvitationCardJson, teamsFormat, textCardJson } from './cards.js';
import { actionMessageCardJson } from './meeting-cards.js';
import { classifyTeamsError, statusOf } from './errors.js';
import { connectorUrl } from './service-urls.js';

type HttpClient = NonNullable<ConstructorParameters<typeof ConnectorClient>[1]>;

/** A team's members as the lookups need them: their Teams ids by e-mail (lower case). */
type Roster = Map<string, string>;

/** A roster read is kept this long after it ends: a gesture's lookups share one read, and a change in the team shows within a minute. */
const ROSTER_KEPT_MS = 60_000;
/** The rosters of at most this many teams are kept. */
const ROSTERS_KEPT = 100;
/** Members asked for per page: Teams' most (it may send fewer). */
const PAGE_SIZE = 500;
/** Pages read at most (25 000 members). */
const MAX_PAGES = 50;
/** Tries of one page, its 429s and 5xx waited out between, before the read gives up. */
const PAGE_TRIES = 8;

/** What the workspace (an Entra tenant) keeps for Teams: learnt when the app is installed in the team. */
export interface TeamsSettings extends WorkspaceSettings {
  serviceUrl?: string;
  /** The Entra tenant. */
  tenantId?: string;
}

export class TeamsPlatform implements Platform {
  readonly name = 'teams' as const;
  /** Names of roster members seen, for mentions. */
  readonly #names = new Map<string, string>();
  /** A client per Bot Connector (a team's service URL), its URLs built once. */
  readonly #connectors = new Map<string, ConnectorClient>();
  /** Each team's roster, being read (no `until` yet) or read and kept until `until`. */
  readonly #rosters = new Map<string, { roster: Promise<Roster>; until?: number }>();

  constructor(
    private readonly db: Db,
    private readonly http: HttpClient,
    private readonly appId: string,
    private readonly settingsOf: (tenant: string) => Promise<TeamsSettings | undefined>,
    private readonly now: () => number = Date.now,
  ) {}

  async #team(tenant: string): Promise<{ api: ConnectorClient; settings: TeamsSettings & { serviceUrl: string; teamId: string } }> {
    const settings = await this.settingsOf(tenant);
    if (!settings?.serviceUrl || !settings.teamId) throw new NotInstalledError(`the Teams app is not installed in a team of tenant ${tenant}`);
    const url = connectorUrl(settings.serviceUrl);
    let api = this.#connectors.get(url);
    if (!api) this.#connectors.set(url, (api = new ConnectorClient(url, this.http)));
    return { api, settings: settings as TeamsSettings & { serviceUrl: string; teamId: string } };
  }

  async lookupUser(tenant: string, email: string): Promise<string | undefined> {
    const { api, settings } = await this.#team(tenant);
    return (await this.#roster(api, settings.teamId)).get(email.toLowerCase());
  }

  /**
   * The team's roster, read once and kept from when the read ends (a throttled read may take
   * longer than the time it is kept): a gesture's lookups share one read, and so do gestures soon after.
   */
  #roster(api: ConnectorClient, teamId: string): Promise<Roster> {
    const kept = this.#rosters.get(teamId);
    if (kept && (kept.until === undefined || kept.until > this.now())) return kept.roster;
    const entry: { roster: Promise<Roster>; until?: number } = {
      roster: this.#readRoster(api, teamId).then(
        (roster) => {
          entry.until = this.now() + ROSTER_KEPT_MS;
          return roster;
        },
        (error: unknown) => {
          if (this.#rosters.get(teamId) === entry) this.#rosters.delete(teamId);
          throw error;
        },
      ),
    };
    this.#rosters.delete(teamId);
    this.#rosters.set(teamId, entry);
    if (this.#rosters.size > ROSTERS_KEPT) this.#rosters.delete(this.#rosters.keys().next().value!);
    return entry.roster;
  }

  async #readRoster(api: ConnectorClient, teamId: string): Promise<Roster> {
    const roster: Roster = new Map();
    for (let token: string | undefined, page = 0; page < MAX_PAGES; page++) {
      const result = await this.#rosterPage(api, teamId, token);
      for (const m of result.members ?? []) {
        this.#names.set(m.id, m.name ?? m.id);
        const email = (m.email ?? m.userPrincipalName)?.toLowerCase();
        if (email && !roster.has(email)) roster.set(email, m.id);
      }
      token = result.continuationToken;
      if (!token) break;
    }
    return roster;
  }

  /** One page of the roster, tried again on its own (with its continuation token) while the connector says so: a 429 after its Retry-After, a 5xx with backoff. */
  async #rosterPage(api: ConnectorClient, teamId: string, token: string | undefined) {
    for (let attempt = 0; ; attempt++) {
      try {
        return await api.conversations.getPagedMembers(teamId, PAGE_SIZE, token);
      } catch (error) {
        const wait = attempt + 1 < PAGE_TRIES ? retryWait(this.classify(error), attempt) : undefined;
        if (wait === undefined) throw error;
        await sleep(wait);
      }
    }
  }

  async emailOf(tenant: string, userId: string): Promise<string | undefined> {
    const { api, settings } = await this.#team(tenant);
    try {
      const member = await api.conversations.members(settings.teamId).getById(userId);
      this.#names.set(member.id, member.name ?? member.id);
      return member.email ?? member.userPrincipalName;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  format(people: ChatPerson[]) {
    return teamsFormat(people);
  }

  /** A deep link that opens the coordination's thread in Teams. */
  placeLink(place: ChatPlace, word: string): string {
    const channel = place.channel.split(';messageid=')[0]!;
    const message = place.thread ?? place.channel.split(';messageid=')[1] ?? '';
    return `[${word}](https://teams.microsoft.com/l/message/${encodeURIComponent(channel)}/${message})`;
  }

  async createPlace(tenant: string, _reference: string, settings: WorkspaceSettings, card: PlanCardModel): Promise<ChatPlace> {
    const { api, settings: team } = await this.#team(tenant);
    const channel = settings.coordinationChannel ?? team.teamId;
    // A new conversation in the channel: the card is its first message, the thread's root.
    const created = await api.conversations.create({
      isGroup: true,
      channelData: { channel: { id: channel }, tenant: { id: team.tenantId } },
      activity: { type: 'message', attachments: [attachment(planCardJson(card, await this.#viewers(tenant, card)))] } as never,
    });
    const conversation = created.id;
    const root = created.activityId ?? conversation.split(';messageid=')[1] ?? '';
    return { channel: conversation, thread: root, card: root };
  }

  /** The participants are mentioned in the thread (Teams has no invitation to a channel's thread). */
  async invite(tenant: string, place: ChatPlace, users: string[]): Promise<void> {
    if (users.length === 0) return;
    const { api } = await this.#team(tenant);
    const mentions = users.map((id) => ({ id, name: this.#names.get(id) ?? id }));
    await api.conversations.activities(place.channel).create({
      type: 'message',
      text: mentions.map((m) => `<at>${m.name}</at>`).join(' '),
      entities: mentions.map((m) => ({ type: 'mention', text: `<at>${m.name}</at>`, mentioned: { id: m.id, name: m.name } })),
    } as never);
  }

  async postCard(tenant: string, place: ChatPlace, card: PlanCardModel): Promise<string> {
    const { api } = await this.#team(tenant);
    return (await api.conversations.activities(place.channel).create({ type: 'message', attachments: [attachment(planCardJson(card, await this.#viewers(tenant, card)))] } as never)).id;
  }

  /** A channel thread's root is its card; Teams has nothing to pin. */
  async pin(): Promise<void> {}

  classify(error: unknown): Failure {
    return classifyTeamsError(error);
  }

  async updateCard(tenant: string, place: ChatPlace, card: PlanCardModel): Promise<void> {
    const { api } = await this.#team(tenant);
    await api.conversations.activities(place.channel).update(place.card!, { type: 'message', attachments: [attachment(planCardJson(card, await this.#viewers(tenant, card)))] } as never);
  }

  /** The participants' Teams users: their clients ask for the current card when they see it. */
  async #viewers(tenant: string, card: PlanCardModel): Promise<string[]> {
    const people = await peopleOf(this.db, tenant, 'teams', (card.actions?.candidates ?? []).map((c) => c.person));
    return people.flatMap((p) => (p.chatId ? [p.chatId] : []));
  }

  async closePlace(tenant: string, place: ChatPlace, notice: string): Promise<void> {
    const { api } = await this.#team(tenant);
    // A thread cannot be archived: the notice goes into it and the card becomes the notice.
    await api.conversations.activities(place.channel).create({ type: 'message', text: notice } as never);
    if (place.card) await api.conversations.activities(place.channel).update(place.card, { type: 'message', attachments: [attachment(noticeCardJson(notice))] } as never);
  }

  async sendDirect(tenant: string, userId: string, message: DirectMessage): Promise<void> {
    await this.sendCard(
      tenant,
      userId,
      'nudgeId' in message ? nudgeCardJson(message) : 'answerLabel' in message ? rcInvitationCardJson(message) : 'takeOverLabel' in message ? handoverCardJson(message) : 'buttons' in message ? actionMessageCardJson(message) : textCardJson(message),
    );
  }

  /** A card in the app's 1:1 chat with a user. */
  async sendCard(tenant: string, userId: string, card: Card): Promise<void> {
    await this.#sendPersonal(tenant, userId, { type: 'message', attachments: [attachment(card)] });
  }

  /** A line of text in the app's 1:1 chat with a user. */
  async sendText(tenant: string, userId: string, text: string): Promise<void> {
    await this.#sendPersonal(tenant, userId, { type: 'message', text });
  }

  async #sendPersonal(tenant: string, userId: string, activity: Record<string, unknown>): Promise<void> {
    const { api, settings } = await this.#team(tenant);
    // The conversation reference kept when the user installed the app, else a new 1:1.
    let conversation = await conversationOf(this.db, tenant, 'teams', userId);
    if (!conversation) {
      const created = await api.conversations.create({
        isGroup: false,
        bot: { id: `28:${this.appId}` },
        members: [{ id: userId } as never],
        tenantId: settings.tenantId,
        channelData: { tenant: { id: settings.tenantId } },
      });
      conversation = created.id;
      await rememberConversation(this.db, tenant, 'teams', userId, conversation);
    }
    await api.conversations.activities(conversation).create(activity as never);
  }
}
