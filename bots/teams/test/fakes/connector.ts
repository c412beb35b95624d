// A protocol-faithful fake of the Bot Framework / Teams side of a Teams bot, served on loopback.
//
// Inbound (Teams -> bot): an OpenID metadata document at the Bot Framework's path
// (`/v1/.well-known/openidconfiguration`) whose `jwks_uri` names the keys somewhere no convention
// derives, keys carrying the channels they endorse (`endorsements`, as Microsoft's do), RS256
// channel tokens shaped like the real ones (iss https://api.botframework.com, aud = app id,
// serviceurl claim), and activity builders matching what Teams posts (Bot Framework Activity
// schema + Teams channelData).
//
// Outbound (bot -> Teams): the Connector REST API under the serviceUrl, which ends in '/' and has
// a region's path as Teams' do (`…/emea/v3/conversations...`), with Bearer-token checks, roster
// checks and errors shaped as the service answers them: `{ error: { code, message } }`. Status
// codes follow the service: 201 for creates and posts, 200 for updates, deletes and reads.
// Conversation ids are accepted URL-encoded or raw (the teams.ts SDK does not encode them); a path
// with an empty segment (`…/emea//v3/…`) is not found, so a URL joined wrongly fails the tests.
//
// No dependencies beyond node: keys come from node:crypto, JWTs are signed by hand.
import { createHash, generateKeyPairSync, randomUUID, sign, verify, type KeyObject } from 'node:crypto';
import { RateWindow } from '@samspil/server/testing';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Json = Record<string, unknown>;
export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';
export const BOT_NAME = 'Samspil';
/** The path of the fake's serviceUrl, a region's as Teams' are (https://smba.trafficmanager.net/emea/). */
const SERVICE_PATH = '/emea';

export interface FakeUser {
  id: string; // '29:…'
  aadObjectId: string;
  name: string;
  email?: string;
  userPrincipalName?: string;
  givenName?: string;
  surname?: string;
  userRole?: 'user' | 'guest' | 'anonymous';
  /** The app is installed for the user (personal scope). Defaults to true. */
  installed?: boolean;
  /** The user blocked the bot in their 1:1 chat. */
  blocked?: boolean;
  /** The user's organisation (Entra tenant); the connector's by default. */
  tenantId?: string;
}
export interface FakeChannel { id: string; name: string }
export interface FakeTeam {
  id: string; // '19:…@thread.tacv2' (also the General channel's id)
  name?: string;
  aadGroupId?: string;
  channels: FakeChannel[];
  members: string[];
  /** The app is installed in the team. Defaults to true. */
  installed?: boolean;
  /** The team's organisation (Entra tenant); the connector's by default. */
  tenantId?: string;
}
export interface Fault { status: number; retryAfter?: number; code?: string; message?: string }
export interface Call {
  method: string;
  path: string; // as received, query stripped
  route: string; // e.g. 'POST /v3/conversations/:id/activities', or 'POST /entra/token'
  conversationId?: string; // decoded
  activityId?: string;
  memberId?: string;
  query: Record<string, string>;
  body: unknown;
  status?: number;
  at: number;
}
export interface StoredActivity {
  id: string;
  direction: 'in' | 'out';
  /** The current version, updates applied. */
  current: Json;
  /** Every version, oldest first; the last equals `current`. */
  history: Json[];
  deleted: boolean;
  replyToId?: string;
}
export interface ConversationView {
  id: string;
  kind: 'personal' | 'channel' | 'thread';
  tenantId: string;
  teamId?: string;
  channelId?: string;
  userId?: string;
  activities: StoredActivity[];
  /** Bot-sent, not deleted, current versions. */
  sent: Json[];
}
export interface TokenOptions {
  expired?: boolean;
  audience?: string;
  issuer?: string;
  serviceUrl?: string;
  /** Sign with a key the JWKS does not contain (keeps the published kid). */
  forged?: boolean;
  /** Sign with this published key (`addSigningKey`) instead of the one endorsed for msteams. */
  kid?: string;
}

export type UserRef = string | FakeUser;
export type ConversationRef =
  | 'personal'
  | { type: 'personal' }
  | { type: 'channel'; teamId: string; channelId?: string; threadId?: string };
export type Mention = string | { id: string; name: string };

interface Conversation {
  id: string;
  kind: 'personal' | 'channel' | 'thread';
  tenantId: string;
  teamId?: string;
  channelId?: string;
  userId?: string;
  activities: Map<string, StoredActivity>;
}

class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
  }
}

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const b64url = (b: Buffer | string): string => Buffer.from(b).toString('base64url');
const nowSec = (): number => Math.floor(Date.now() / 1000);
const DEFAULT_FAULT_CODES: Record<number, [string, string]> = {
  400: ['BadArgument', 'Bad argument.'],
  403: ['Forbidden', 'Forbidden.'],
  404: ['NotFound', 'Not found.'],
  412: ['PreconditionFailed', 'Precondition failed, please try again.'],
  413: ['MessageSizeTooBig', 'Message size too large.'],
  429: ['Throttled', 'Too many requests.'],
  500: ['ServiceError', 'Internal server error.'],
  502: ['ServiceError', 'Bad gateway.'],
  503: ['ServiceUnavailable', 'Service unavailable.'],
};

function rsaKey(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('rsa', { modulusLength: 2048 });
}

export function signJwt(header: Json, claims: Json, key: KeyObject): string {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  return `${input}.${b64url(sign('sha256', Buffer.from(input), key))}`;
}

/** Verifies an RS256 JWT against one key; returns its claims or throws with a reason. */
export function verifyJwt(token: string, key: KeyObject): Json {
  const [h, p, s, ...rest] = token.split('.');
  if (h === undefined || p === undefined || s === undefined || rest.length > 0) throw new Error('malformed token');
  const header: unknown = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
  if (!isObj(header) || header.alg !== 'RS256') throw new Error('unsupported alg');
  if (!verify('sha256', Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'))) throw new Error('invalid signature');
  const claims: unknown = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  if (!isObj(claims)) throw new Error('invalid claims');
  const now = nowSec();
  if (typeof claims.exp !== 'number' || claims.exp < now - 300) throw new Error('token expired');
  if (typeof claims.nbf === 'number' && claims.nbf > now + 300) throw new Error('token not yet valid');
  return claims;
}

export class FakeConnector {
  /** The serviceUrl, with the trailing slash Teams' serviceUrls have. */
  readonly url: string;
  readonly appId: string;
  readonly tenantId: string;
  readonly botId: string;
  readonly calls: Call[] = [];
  /** Calls answered 429 by the rate limits. */
  rateLimited = 0;
  /** The most members a page of the roster holds, whatever the bot asks for (the service decides). */
  maxPageSize = 500;
  private delays = new Map<string, number>();
  private limits: { window: RateWindow; perRoute: Record<string, number> } | undefined;

  private readonly server: Server;
  private readonly channelKid = `fake-channel-${randomUUID().slice(0, 8)}`;
  /** The published signing keys, by kid, with the channels each endorses. */
  private readonly signingKeys = new Map<string, { pair: ReturnType<typeof rsaKey>; endorsements?: string[] }>([[this.channelKid, { pair: rsaKey(), endorsements: ['msteams'] }]]);
  /** Where the keys are: named by the OpenID document's jwks_uri, not at the conventional `/v1/.well-known/keys`. */
  private readonly keysPath = `/discovery/${randomUUID().slice(0, 8)}/signing-keys`;
  /** Routes answered 429 every other call (`throttle`), with their Retry-After and how many calls they had. */
  private readonly throttled = new Map<string, { retryAfter: number; calls: number }>();
  private readonly botKey = rsaKey();
  private readonly forgeKey = rsaKey();
  private users = new Map<string, FakeUser>();
  private teams = new Map<string, FakeTeam>();
  private conversations = new Map<string, Conversation>();
  private faults = new Map<string, Fault[]>();
  private lastId = 0;
  /** The app's client secret, which Entra's token endpoint checks. */
  readonly appSecret = `fake-secret-${randomUUID()}`;
  /** What Entra's token endpoint was asked: the tenant of each request (botframework.com for a multi-tenant app). */
  readonly tokenRequests: { tenant: string; scope: string; status: number }[] = [];
  /** The paths of the OpenID document and the keys as the bot fetched them, in order. */
  readonly keyRequests: string[] = [];

  private constructor(server: Server, private readonly origin: string, appId: string, tenantId: string) {
    this.server = server;
    this.url = `${origin}${SERVICE_PATH}/`;
    this.appId = appId;
    this.tenantId = tenantId;
    this.botId = `28:${appId}`;
  }

  static async start(opts: { appId: string; tenantId: string }): Promise<FakeConnector> {
    let self: FakeConnector | undefined;
    const server = createServer((req, res) => {
      if (!self) return void res.writeHead(503).end();
      void self.handle(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    self = new FakeConnector(server, `http://127.0.0.1:${port}`, opts.appId, opts.tenantId);
    return self;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Entra's login host (`loginUrl`): its token endpoint is `{loginUrl}/{tenant}/oauth2/v2.0/token`. */
  get loginUrl(): string {
    return `${this.origin}/entra`;
  }

  /** OpenID metadata URL to put into the bot's cloud settings (`openIdMetadataUrl`). */
  get openIdMetadataUrl(): string {
    return `${this.origin}/v1/.well-known/openidconfiguration`;
  }

  /** Where the OpenID document says the keys are. */
  get jwksUri(): string {
    return `${this.origin}${this.keysPath}`;
  }

  // ---------------------------------------------------------------- tokens

  /** A channel token as the Bot Framework sends to the bot's messaging endpoint. */
  channelToken(opts: TokenOptions = {}): string {
    const now = nowSec();
    const iat = opts.expired ? now - 7200 : now - 10;
    const exp = opts.expired ? now - 3600 : now + 3600;
    const claims = {
      serviceurl: opts.serviceUrl ?? this.url,
      nbf: iat,
      exp,
      iss: opts.issuer ?? BOT_FRAMEWORK_ISSUER,
      aud: opts.audience ?? this.appId,
      iat,
    };
    const kid = opts.kid ?? this.channelKid;
    const signing = this.signingKeys.get(kid);
    if (!signing) throw new Error(`no signing key ${kid}; addSigningKey() first`);
    const key = opts.forged ? this.forgeKey.privateKey : signing.pair.privateKey;
    return signJwt({ alg: 'RS256', kid, typ: 'JWT', x5t: kid }, claims, key);
  }

  /** Publishes another signing key endorsing these channels (none: a key without `endorsements`); returns its kid. */
  addSigningKey(endorsements?: string[]): string {
    const kid = `fake-key-${randomUUID().slice(0, 8)}`;
    this.signingKeys.set(kid, { pair: rsaKey(), ...(endorsements ? { endorsements } : {}) });
    return kid;
  }

  /** A token the bot presents to the Connector API (what Entra would issue for the bot). */
  botToken(opts: { expired?: boolean; audience?: string; tenant?: string } = {}): string {
    const now = nowSec();
    const tid = opts.tenant ?? this.tenantId;
    const claims = {
      aud: opts.audience ?? BOT_FRAMEWORK_ISSUER,
      iss: `https://sts.windows.net/${tid}/`,
      iat: now - 10,
      nbf: now - 10,
      exp: opts.expired ? now - 3600 : now + 3600,
      appid: this.appId,
      appidacr: '1',
      idp: `https://sts.windows.net/${tid}/`,
      tid,
      ver: '1.0',
    };
    return signJwt({ alg: 'RS256', kid: 'fake-bot-key', typ: 'JWT' }, claims, this.botKey.privateKey);
  }

  // ---------------------------------------------------------------- workspace

  addUser(user: FakeUser): FakeUser {
    const u: FakeUser = { userRole: 'user', installed: true, blocked: false, ...user };
    this.users.set(u.id, u);
    return u;
  }

  /** The user uninstalled the app: the bot is no longer in their 1:1 roster. */
  removeUser(id: string): void {
    const u = this.users.get(id);
    if (u) u.installed = false;
  }

  blockBot(userId: string): void {
    const u = this.users.get(userId);
    if (u) u.blocked = true;
  }

  user(id: string): FakeUser | undefined {
    return this.users.get(id);
  }

  addTeam(team: { id: string; name?: string; aadGroupId?: string; channels?: FakeChannel[]; members: string[]; installed?: boolean }): FakeTeam {
    const channels = team.channels?.length ? [...team.channels] : [];
    if (!channels.some((c) => c.id === team.id)) channels.unshift({ id: team.id, name: 'General' });
    const t: FakeTeam = { installed: true, aadGroupId: randomUUID(), ...team, channels };
    this.teams.set(t.id, t);
    return t;
  }

  /** The app was removed from the team. */
  removeTeam(teamId: string): void {
    const t = this.teams.get(teamId);
    if (t) t.installed = false;
  }

  /** The deterministic 1:1 conversation id between the bot and a user (`a:…`). */
  personalConversationId(userId: string): string {
    const h = createHash('sha256').update(`${this.appId}|${userId}`).digest('base64url');
    return `a:1${h}${h.slice(0, 20)}`;
  }

  // ---------------------------------------------------------------- inspection

  /**
   * Calls matching a route key exactly ('POST /v3/conversations/:id/activities'), or an exact
   * `METHOD /decoded/path`; a RegExp is tested against both.
   */
  callsTo(pattern: string | RegExp): Call[] {
    return this.calls.filter((c) => {
      let decoded = c.path;
      try { decoded = decodeURIComponent(c.path); } catch { /* keep raw */ }
      const full = `${c.method} ${decoded}`;
      return typeof pattern === 'string' ? c.route === pattern || full === pattern : pattern.test(c.route) || pattern.test(full);
    });
  }

  conversation(id: string): ConversationView | undefined {
    const c = this.conversations.get(id);
    if (!c) return undefined;
    const activities = [...c.activities.values()];
    return {
      id: c.id, kind: c.kind, tenantId: c.tenantId,
      ...(c.teamId ? { teamId: c.teamId } : {}),
      ...(c.channelId ? { channelId: c.channelId } : {}),
      ...(c.userId ? { userId: c.userId } : {}),
      activities,
      sent: activities.filter((a) => a.direction === 'out' && !a.deleted).map((a) => a.current),
    };
  }

  /** Every bot-sent activity (current versions, not deleted), in order, with its conversation id. */
  sent(): Array<Json & { conversationId: string }> {
    const out: Array<Json & { conversationId: string }> = [];
    for (const c of this.conversations.values())
      for (const a of c.activities.values())
        if (a.direction === 'out' && !a.deleted) out.push({ ...a.current, conversationId: c.id });
    return out.sort((a, b) => Number(a.id) - Number(b.id));
  }

  /** Make the next request(s) matching `route` fail. `times` defaults to 1. */
  /** Answer `route` only after `ms` (a slow connector). */
  slow(route: string, ms: number): void {
    this.delays.set(route, ms);
  }

  /** The connector's throttling: at most `perRoute[route]` calls in any window of `windowMs`, beyond that 429 with Retry-After. */
  rateLimit(windowMs: number, perRoute: Record<string, number>): void {
    this.limits = { window: new RateWindow(windowMs), perRoute };
  }

  /** Every other call to `route` answered 429 with Retry-After, starting with the next: each call's first try is refused, its retry served. */
  throttle(route: string, retryAfter = 1): void {
    this.throttled.set(route, { retryAfter, calls: 0 });
  }

  /** No more throttling of `route`. */
  unthrottle(route: string): void {
    this.throttled.delete(route);
  }

  failNext(route: string, fault: Fault, times = 1): void {
    const q = this.faults.get(route) ?? [];
    for (let i = 0; i < times; i++) q.push(fault);
    this.faults.set(route, q);
  }

  reset(): void {
    this.calls.length = 0;
    this.users.clear();
    this.teams.clear();
    this.conversations.clear();
    this.faults.clear();
    this.throttled.clear();
  }

  // ---------------------------------------------------------------- activity builders

  message(opts: { text: string; from: UserRef; conversation?: ConversationRef; mentions?: Mention[]; mentionBot?: boolean; replyToId?: string; value?: unknown }): Json {
    const from = this.account(opts.from);
    const id = this.nextId();
    const conv = this.conversationFor(opts.conversation ?? 'personal', from.id, id);
    let text = opts.text;
    const entities: Json[] = [];
    const mentionBot = opts.mentionBot ?? conv.kind !== 'personal';
    const mentions: Array<{ id: string; name: string }> = (opts.mentions ?? []).map((m) => {
      if (typeof m !== 'string') return m;
      const u = this.users.get(m);
      return { id: m, name: u?.name ?? m };
    });
    if (mentionBot) mentions.unshift({ id: this.botId, name: BOT_NAME });
    for (const m of mentions) {
      const tag = `<at>${m.name}</at>`;
      if (!text.includes(tag)) text = m.id === this.botId ? `${tag} ${text}` : `${text} ${tag}`;
      entities.push({ type: 'mention', text: tag, mentioned: { id: m.id, name: m.name } });
    }
    entities.push({ type: 'clientInfo', locale: 'da-DK', country: 'DK', platform: 'Web', timezone: 'Europe/Copenhagen' });
    return {
      ...this.envelope('message', id, from, conv),
      text,
      textFormat: 'plain',
      attachments: [{ contentType: 'text/html', content: `<p>${text}</p>` }],
      entities,
      ...(opts.replyToId ?? conv.replyToId ? { replyToId: opts.replyToId ?? conv.replyToId } : {}),
      ...(opts.value !== undefined ? { value: opts.value } : {}),
    };
  }

  invokeAction(opts: { verb: string; data?: Json; from: UserRef; conversation?: ConversationRef; replyToId: string }): Json {
    const from = this.account(opts.from);
    const id = this.nextId();
    const conv = this.conversationFor(opts.conversation ?? 'personal', from.id, id);
    return {
      ...this.envelope('invoke', id, from, conv),
      name: 'adaptiveCard/action',
      replyToId: opts.replyToId,
      value: { action: { type: 'Action.Execute', verb: opts.verb, data: opts.data ?? {} }, trigger: 'manual' },
      entities: [{ type: 'clientInfo', locale: 'da-DK', country: 'DK', platform: 'Web', timezone: 'Europe/Copenhagen' }],
    };
  }

  /**
   * Pressing a card's Action.Execute (`verb`) as Teams does: the action's data with the card's
   * inputs merged in (associatedInputs 'auto'), each input's value as the person chose it with
   * `choose` (undefined keeps the card's value). Like Teams' client, a required input left empty
   * is not sent (it throws) unless `force` is set.
   */
  executeCardAction(card: Json, verb: string, opts: { from: UserRef; choose?: (inputId: string) => string | undefined; force?: boolean; replyToId?: string }): Json {
    const action = ((card.actions ?? []) as Json[]).find((a) => a.type === 'Action.Execute' && a.verb === verb);
    if (!action) throw new Error(`the card has no Action.Execute ${verb}`);
    const data: Json = { ...((action.data as Json | undefined) ?? {}) };
    if (action.associatedInputs !== 'none') {
      for (const input of ((card.body ?? []) as Json[]).filter((e) => typeof e.type === 'string' && e.type.startsWith('Input.'))) {
        const id = String(input.id);
        const chosen = opts.choose?.(id);
        if (chosen !== undefined && Array.isArray(input.choices) && !(input.choices as Json[]).some((c) => c.value === chosen)) throw new Error(`no choice ${chosen} in ${id}`);
        const value = chosen ?? (input.value as string | undefined);
        if (value === undefined || value === '') {
          if (input.isRequired && !opts.force) throw new Error(`the required input ${id} is empty: Teams would not send the action`);
          continue;
        }
        data[id] = value;
      }
    }
    return this.invokeAction({ verb, data, from: opts.from, replyToId: opts.replyToId ?? '1' });
  }

  /**
   * An installationUpdate as Teams sends it. Also applies the change to the workspace (install /
   * uninstall for the user or the team) unless `apply: false`, because Teams sends it after the fact.
   */
  installationUpdate(opts: { action: 'add' | 'remove'; scope: 'personal' | 'team'; from: UserRef; team?: string; apply?: boolean }): Json {
    const from = this.account(opts.from);
    const id = this.nextId();
    const apply = opts.apply ?? true;
    if (opts.scope === 'team') {
      if (!opts.team) throw new Error('installationUpdate: scope team needs `team`');
      const team = this.teams.get(opts.team) ?? this.addTeam({ id: opts.team, members: [from.id] });
      if (apply) team.installed = opts.action === 'add';
      const conv = this.conversationFor({ type: 'channel', teamId: team.id, channelId: team.id, threadId: '' }, from.id, id);
      const base = this.envelope('installationUpdate', id, from, conv);
      return {
        ...base,
        action: opts.action,
        channelData: {
          settings: { selectedChannel: { id: team.id } },
          team: { aadGroupId: team.aadGroupId, name: team.name ?? 'Team', id: team.id },
          tenant: { id: team.tenantId ?? this.tenantId },
          source: { name: 'message' },
        },
      };
    }
    const u = this.users.get(from.id);
    if (apply && u) u.installed = opts.action === 'add';
    const conv = this.conversationFor('personal', from.id, id);
    const base = this.envelope('installationUpdate', id, from, conv);
    return { ...base, action: opts.action, channelData: { tenant: { id: this.userTenant(from.id) }, source: { name: 'message' } } };
  }

  /** POSTs an activity to the bot (base URL or full messaging endpoint). `token: null` sends no Authorization. */
  async activityTo(botUrl: string, activity: Json, token?: string | null): Promise<{ status: number; body: unknown }> {
    const target = /\/api\/[^/]+\/?$/.test(botUrl) ? botUrl : `${botUrl.replace(/\/+$/, '')}/api/messages`;
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    const t = token === undefined ? this.channelToken() : token;
    if (t !== null) headers.authorization = `Bearer ${t}`;
    this.recordInbound(activity);
    const res = await fetch(target, { method: 'POST', headers, body: JSON.stringify(activity) });
    const text = await res.text();
    let body: unknown = text;
    try { body = text ? JSON.parse(text) : undefined; } catch { /* keep text */ }
    return { status: res.status, body };
  }

  // ---------------------------------------------------------------- builders: internals

  private nextId(): string {
    this.lastId = Math.max(Date.now(), this.lastId + 1);
    return String(this.lastId);
  }

  private userTenant(userId: string): string {
    return this.users.get(userId)?.tenantId ?? this.tenantId;
  }

  private account(ref: UserRef): { id: string; name: string; aadObjectId: string } {
    const u = typeof ref === 'string' ? this.users.get(ref) : ref;
    if (!u) throw new Error(`unknown user ${String(ref)}; addUser() first`);
    return { id: u.id, name: u.name, aadObjectId: u.aadObjectId };
  }

  private conversationFor(ref: ConversationRef, userId: string, activityId: string): { kind: 'personal' | 'channel'; conversation: Json; channelData: Json; replyToId?: string } {
    if (ref === 'personal' || ref.type === 'personal') {
      const tenantId = this.userTenant(userId);
      return {
        kind: 'personal',
        conversation: { conversationType: 'personal', tenantId, id: this.personalConversationId(userId) },
        channelData: { tenant: { id: tenantId } },
      };
    }
    const team = this.teams.get(ref.teamId);
    if (!team) throw new Error(`unknown team ${ref.teamId}; addTeam() first`);
    const tenantId = team.tenantId ?? this.tenantId;
    const tenant = { id: tenantId };
    const channelId = ref.channelId ?? team.id;
    // A new post is its own thread root; a reply carries the root's id. '' = the channel itself.
    const root = ref.threadId ?? activityId;
    return {
      kind: 'channel',
      conversation: { isGroup: true, conversationType: 'channel', tenantId, id: root ? `${channelId};messageid=${root}` : channelId },
      channelData: { teamsChannelId: channelId, teamsTeamId: team.id, channel: { id: channelId }, team: { id: team.id }, tenant },
      ...(ref.threadId ? { replyToId: ref.threadId } : {}),
    };
  }

  private envelope(type: string, id: string, from: Json, conv: { conversation: Json; channelData: Json }): Json {
    const now = new Date(Number(id));
    const local = copenhagenTimestamp(now);
    return {
      type,
      id,
      timestamp: now.toISOString(),
      localTimestamp: local,
      localTimezone: 'Europe/Copenhagen',
      serviceUrl: this.url,
      channelId: 'msteams',
      from,
      conversation: conv.conversation,
      recipient: { id: this.botId, name: BOT_NAME },
      channelData: conv.channelData,
      locale: 'da-DK',
    };
  }

  private recordInbound(activity: Json): void {
    const conv = isObj(activity.conversation) && typeof activity.conversation.id === 'string' ? activity.conversation.id : undefined;
    const id = typeof activity.id === 'string' ? activity.id : undefined;
    if (!conv || !id) return;
    let c: Conversation;
    try { c = this.resolve(conv, true); } catch { return; }
    c.activities.set(id, {
      id, direction: 'in', current: activity, history: [activity], deleted: false,
      ...(typeof activity.replyToId === 'string' ? { replyToId: activity.replyToId } : {}),
    });
  }

  // ---------------------------------------------------------------- HTTP

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = req.url ?? '/';
    const qi = raw.indexOf('?');
    const path = qi >= 0 ? raw.slice(0, qi) : raw;
    const query = Object.fromEntries(new URLSearchParams(qi >= 0 ? raw.slice(qi + 1) : ''));
    const method = req.method ?? 'GET';
    const call: Call = { method, path, route: `${method} ${path}`, query, body: undefined, at: Date.now() };
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}): void => {
      call.status = status;
      const payload = body === undefined ? '' : JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload), ...headers });
      res.end(payload);
    };
    try {
      const text = await readBody(req);
      const entra = /^\/entra\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(path);
      if (method === 'POST' && entra) return this.issueToken(call, decodeURIComponent(entra[1]!), new URLSearchParams(text), send);
      if (text) {
        try { call.body = JSON.parse(text); } catch { call.body = text; throw new ApiError(400, 'BadSyntax', 'Invalid JSON in request body.'); }
      }
      if (method === 'GET' && (path === '/v1/.well-known/openidconfiguration' || path === this.keysPath)) {
        this.keyRequests.push(path);
        return send(200, path === this.keysPath ? this.jwks() : this.openIdConfig());
      }

      // The Connector API is under the serviceUrl's path; an empty segment (`//`) is no route.
      const connector = path.startsWith(`${SERVICE_PATH}/`) && !path.includes('//') ? path.slice(SERVICE_PATH.length) : undefined;
      const segs = (connector ?? '').split('/').filter(Boolean).map((s) => decodeURIComponent(s));
      if (segs[0] !== 'v3' || segs[1] !== 'conversations') {
        this.calls.push(call);
        throw new ApiError(404, 'NotFound', `No route for ${method} ${path}`);
      }
      const [, , conversationId, sub, subId] = segs;
      if (conversationId !== undefined) call.conversationId = conversationId;
      const route = routeKey(method, segs);
      call.route = route;
      if (sub === 'activities' && subId !== undefined) call.activityId = subId;
      if (sub === 'members' && subId !== undefined) call.memberId = subId;
      this.calls.push(call);

      this.authorize(req.headers.authorization);
      const delay = this.delays.get(route);
      if (delay) await new Promise((r) => setTimeout(r, delay));
      const limit = this.limits?.perRoute[route];
      const wait = this.limits && limit !== undefined ? this.limits.window.take(route, limit) : 0;
      if (wait) {
        this.rateLimited++;
        throw new ApiError(429, 'TooManyRequests', 'Too many requests.', { 'retry-after': String(wait) });
      }
      const throttled = this.throttled.get(route);
      if (throttled && throttled.calls++ % 2 === 0) {
        this.rateLimited++;
        throw new ApiError(429, 'TooManyRequests', 'Too many requests.', { 'retry-after': String(throttled.retryAfter) });
      }
      const fault = this.faults.get(route)?.shift();
      if (fault) {
        const [code, message] = DEFAULT_FAULT_CODES[fault.status] ?? ['ServiceError', 'Error.'];
        throw new ApiError(fault.status, fault.code ?? code, fault.message ?? message,
          fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {});
      }
      const body = call.body;
      switch (route) {
        case 'POST /v3/conversations': return send(201, this.createConversation(body));
        case 'POST /v3/conversations/:id/activities': return send(201, this.postActivity(conversationId ?? '', body, undefined));
        case 'POST /v3/conversations/:id/activities/:activityId': return send(201, this.postActivity(conversationId ?? '', body, subId));
        case 'PUT /v3/conversations/:id/activities/:activityId': return send(200, this.updateActivity(conversationId ?? '', subId ?? '', body));
        case 'DELETE /v3/conversations/:id/activities/:activityId': this.deleteActivity(conversationId ?? '', subId ?? ''); return send(200);
        case 'GET /v3/conversations/:id/members': return send(200, this.members(conversationId ?? ''));
        case 'GET /v3/conversations/:id/members/:memberId': return send(200, this.member(conversationId ?? '', subId ?? ''));
        case 'GET /v3/conversations/:id/pagedmembers': return send(200, this.pagedMembers(conversationId ?? '', query));
        case 'GET /v3/conversations/:id/activities/:activityId/members': return send(200, this.members(conversationId ?? ''));
        default:
          throw new ApiError(405, 'MethodNotAllowed', `The requested resource does not support http method '${method}'.`);
      }
    } catch (err) {
      if (!this.calls.includes(call)) this.calls.push(call);
      if (err instanceof ApiError) return send(err.status, { error: { code: err.code, message: err.message } }, err.headers);
      return send(500, { error: { code: 'ServiceError', message: err instanceof Error ? err.message : String(err) } });
    }
  }

  private openIdConfig(): Json {
    return {
      issuer: BOT_FRAMEWORK_ISSUER,
      authorization_endpoint: 'https://invalid.botframework.com',
      jwks_uri: this.jwksUri,
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
    };
  }

  /**
   * Entra's token endpoint (client credentials), as it answers: the app's id and secret checked,
   * the Bot Framework's scope only, errors as `{ error, error_description }`, faults on demand
   * (`failNext('POST /entra/token', …)`).
   */
  private issueToken(call: Call, tenant: string, form: URLSearchParams, send: (status: number, body?: unknown, headers?: Record<string, string>) => void): void {
    call.route = 'POST /entra/token';
    this.calls.push(call);
    const scope = form.get('scope') ?? '';
    const answer = (status: number, body: Json, headers: Record<string, string> = {}) => {
      this.tokenRequests.push({ tenant, scope, status });
      send(status, body, headers);
    };
    const fault = this.faults.get(call.route)?.shift();
    if (fault) return answer(fault.status, { error: fault.code ?? 'temporarily_unavailable', error_description: fault.message ?? 'AADSTS50196: try again later.' }, fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {});
    if (form.get('grant_type') !== 'client_credentials') return answer(400, { error: 'unsupported_grant_type', error_description: 'AADSTS70003' });
    if (form.get('client_id') !== this.appId) return answer(400, { error: 'unauthorized_client', error_description: 'AADSTS700016: application not found in the directory.' });
    if (form.get('client_secret') !== this.appSecret) return answer(401, { error: 'invalid_client', error_description: 'AADSTS7000215: invalid client secret provided.' });
    if (scope !== `${BOT_FRAMEWORK_ISSUER}/.default`) return answer(400, { error: 'invalid_scope', error_description: 'AADSTS70011: the provided scope is not valid.' });
    answer(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: this.botToken({ tenant }) });
  }

  private jwks(): Json {
    const keys = [...this.signingKeys].map(([kid, { pair, endorsements }]) => {
      const jwk = pair.publicKey.export({ format: 'jwk' });
      return { kty: jwk.kty, use: 'sig', kid, x5t: kid, n: jwk.n, e: jwk.e, alg: 'RS256', ...(endorsements ? { endorsements } : {}) };
    });
    return { keys };
  }

  private authorize(header: string | undefined): void {
    const m = header ? /^Bearer\s+(.+)$/i.exec(header) : null;
    if (!m?.[1]) throw new ApiError(401, 'Unauthorized', 'Authorization has been denied for this request.');
    let claims: Json;
    try { claims = verifyJwt(m[1], this.botKey.publicKey); } catch (e) {
      throw new ApiError(401, 'Unauthorized', `Authorization has been denied for this request. (${e instanceof Error ? e.message : 'invalid token'})`);
    }
    if (claims.aud !== BOT_FRAMEWORK_ISSUER) throw new ApiError(401, 'Unauthorized', 'Authorization has been denied for this request. (audience)');
    if (claims.appid !== this.appId && claims.azp !== this.appId) throw new ApiError(401, 'Unauthorized', 'Authorization has been denied for this request. (appid)');
  }

  // ---------------------------------------------------------------- Connector operations

  /** Finds (or lazily materialises) a conversation the fake knows how to host. */
  private resolve(id: string, lenient = false): Conversation {
    const existing = this.conversations.get(id);
    if (existing) return existing;
    const make = (c: Omit<Conversation, 'activities' | 'tenantId' | 'id'>): Conversation => {
      const conv: Conversation = { id, tenantId: c.userId ? this.userTenant(c.userId) : (this.teams.get(c.teamId ?? '')?.tenantId ?? this.tenantId), activities: new Map(), ...c };
      this.conversations.set(id, conv);
      return conv;
    };
    for (const u of this.users.values()) if (this.personalConversationId(u.id) === id) return make({ kind: 'personal', userId: u.id });
    const [channelId, root] = id.split(';messageid=');
    for (const t of this.teams.values()) {
      if (!t.channels.some((c) => c.id === channelId)) continue;
      if (root === undefined) return make({ kind: 'channel', teamId: t.id, channelId: channelId ?? t.id });
      return make({ kind: 'thread', teamId: t.id, channelId: channelId ?? t.id });
    }
    if (lenient) throw new Error('unknown');
    throw new ApiError(404, 'ConversationNotFound', 'Conversation not found.');
  }

  private checkRoster(c: Conversation): void {
    if (c.kind === 'personal') {
      const u = c.userId ? this.users.get(c.userId) : undefined;
      if (u?.blocked) throw new ApiError(403, 'ConversationBlockedByUser', 'User blocked the conversation with the bot.');
      if (!u?.installed) throw new ApiError(403, 'BotNotInConversationRoster', 'The bot is not part of the conversation roster.');
      return;
    }
    const t = c.teamId ? this.teams.get(c.teamId) : undefined;
    if (!t?.installed) throw new ApiError(403, 'BotNotInConversationRoster', 'The bot is not part of the conversation roster.');
  }

  private createConversation(body: unknown): Json {
    const bad = (): ApiError => new ApiError(400, 'BadSyntax', 'Incorrect conversation creation parameters');
    if (!isObj(body)) throw bad();
    const channelData = isObj(body.channelData) ? body.channelData : {};
    const tenantId = typeof body.tenantId === 'string' ? body.tenantId
      : isObj(channelData.tenant) && typeof channelData.tenant.id === 'string' ? channelData.tenant.id : undefined;
    const members = Array.isArray(body.members) ? body.members : [];
    const activity = isObj(body.activity) ? body.activity : undefined;
    if (body.isGroup === true) {
      const channelId = isObj(channelData.channel) && typeof channelData.channel.id === 'string' ? channelData.channel.id : undefined;
      if (!channelId || !activity) throw bad();
      const team = [...this.teams.values()].find((t) => t.channels.some((c) => c.id === channelId));
      if (!team) throw new ApiError(404, 'ConversationNotFound', 'Conversation not found.');
      if (!team.installed) throw new ApiError(403, 'BotNotInConversationRoster', 'The bot is not part of the conversation roster.');
      this.resolve(channelId);
      const activityId = this.nextId();
      const id = `${channelId};messageid=${activityId}`;
      const conv = this.resolve(id);
      this.store(conv, activity, activityId, undefined);
      return { id, activityId };
    }
    if (members.length !== 1 || !tenantId) throw bad();
    const m = members[0];
    const userId = isObj(m) && typeof m.id === 'string' ? m.id : undefined;
    if (!userId) throw bad();
    const user = this.users.get(userId) ?? [...this.users.values()].find((u) => u.aadObjectId === userId);
    if (!user) throw new ApiError(403, 'BotNotInConversationRoster', 'The bot is not part of the conversation roster.');
    const conv = this.resolve(this.personalConversationId(user.id));
    this.checkRoster(conv);
    if (activity) this.postActivity(conv.id, activity, undefined);
    return { id: conv.id };
  }

  private postActivity(conversationId: string, body: unknown, replyTo: string | undefined): Json {
    const conv = this.resolve(conversationId);
    if (!isObj(body) || typeof body.type !== 'string' || !body.type) throw new ApiError(400, 'BadSyntax', 'Activity must have a type.');
    this.checkRoster(conv);
    // A post to a channel itself starts a new thread whose id is the new message id.
    const id = this.nextId();
    if (conv.kind === 'channel') {
      const thread = this.resolve(`${conv.id};messageid=${id}`);
      this.store(thread, body, id, undefined);
      return { id };
    }
    const replyToId = replyTo ?? (typeof body.replyToId === 'string' ? body.replyToId : undefined);
    this.store(conv, body, id, replyToId);
    return { id };
  }

  private store(conv: Conversation, body: Json, id: string, replyToId: string | undefined): void {
    const current: Json = { ...body, id, timestamp: new Date().toISOString(), ...(replyToId ? { replyToId } : {}) };
    conv.activities.set(id, { id, direction: 'out', current, history: [current], deleted: false, ...(replyToId ? { replyToId } : {}) });
  }

  private findActivity(conv: Conversation, activityId: string): StoredActivity {
    const a = conv.activities.get(activityId);
    if (!a || a.deleted) throw new ApiError(404, 'ActivityNotFoundInConversation', 'The activity was not found in the conversation.');
    if (a.direction !== 'out') throw new ApiError(403, 'Forbidden', 'The bot can only modify its own activities.');
    return a;
  }

  private updateActivity(conversationId: string, activityId: string, body: unknown): Json {
    const conv = this.resolve(conversationId);
    if (!isObj(body) || typeof body.type !== 'string' || !body.type) throw new ApiError(400, 'BadSyntax', 'Activity must have a type.');
    this.checkRoster(conv);
    const a = this.findActivity(conv, activityId);
    const next: Json = { ...body, id: activityId, ...(a.replyToId ? { replyToId: a.replyToId } : {}) };
    a.current = next;
    a.history.push(next);
    return { id: activityId };
  }

  private deleteActivity(conversationId: string, activityId: string): void {
    const conv = this.resolve(conversationId);
    this.checkRoster(conv);
    this.findActivity(conv, activityId).deleted = true;
  }

  private memberList(conversationId: string): FakeUser[] {
    const conv = this.resolve(conversationId);
    this.checkRoster(conv);
    const ids = conv.kind === 'personal' ? [conv.userId ?? ''] : this.teams.get(conv.teamId ?? '')?.members ?? [];
    return ids.map((i) => this.users.get(i)).filter((u): u is FakeUser => u !== undefined);
  }

  private channelAccount(u: FakeUser): Json {
    const upn = u.userPrincipalName ?? u.email;
    return {
      id: u.id, name: u.name, aadObjectId: u.aadObjectId,
      ...(u.givenName ? { givenName: u.givenName } : {}),
      ...(u.surname ? { surname: u.surname } : {}),
      ...(u.email ? { email: u.email } : {}),
      ...(upn ? { userPrincipalName: upn } : {}),
      tenantId: u.tenantId ?? this.tenantId,
      userRole: u.userRole ?? 'user',
    };
  }

  private members(conversationId: string): Json[] {
    return this.memberList(conversationId).map((u) => this.channelAccount(u));
  }

  private member(conversationId: string, memberId: string): Json {
    const u = this.memberList(conversationId).find((x) => x.id === memberId || x.aadObjectId === memberId);
    if (!u) throw new ApiError(404, 'MemberNotFoundInConversation', 'The member is not found in the conversation.');
    return this.channelAccount(u);
  }

  private pagedMembers(conversationId: string, query: Record<string, string>): Json {
    const all = this.members(conversationId);
    const size = Math.min(this.maxPageSize, Math.max(1, Number(query.pageSize ?? 200) || 200));
    const start = query.continuationToken ? Number(Buffer.from(query.continuationToken, 'base64url').toString()) || 0 : 0;
    const members = all.slice(start, start + size);
    const next = start + size < all.length ? Buffer.from(String(start + size)).toString('base64url') : undefined;
    return { members, ...(next ? { continuationToken: next } : {}) };
  }
}

function routeKey(method: string, segs: string[]): string {
  const [, , id, sub, subId, extra] = segs;
  let key = `${method} /v3/conversations`;
  if (id !== undefined) key += '/:id';
  if (sub !== undefined) key += `/${sub.toLowerCase()}`;
  if (subId !== undefined) key += sub === 'members' ? '/:memberId' : '/:activityId';
  if (extra !== undefined) key += `/${extra.toLowerCase()}`;
  return key;
}

/** ISO timestamp with Copenhagen's UTC offset, as Teams' localTimestamp carries the client's offset. */
function copenhagenTimestamp(d: Date): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Copenhagen', timeZoneName: 'longOffset' })
    .formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const offset = name === 'GMT' ? '+00:00' : name.replace('GMT', '');
  const sign = offset.startsWith('-') ? -1 : 1;
  const [hh = '0', mm = '0'] = offset.slice(1).split(':');
  const shifted = new Date(d.getTime() + sign * (Number(hh) * 60 + Number(mm)) * 60_000);
  return shifted.toISOString().replace('Z', offset);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
