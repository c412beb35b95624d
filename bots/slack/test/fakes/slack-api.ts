// A protocol-faithful fake of the Slack Web API for tests, served on loopback.
// It answers what the real @slack/web-api WebClient sends (form-encoded POSTs,
// JSON-encoded object fields, Bearer or `token` field) the way Slack does:
// HTTP 200 with { ok: false, error } for API errors, 429 + Retry-After only when
// rate limited. Shapes and error codes follow Slack's method reference.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { RateWindow } from '@samspil/server/testing';
import { FakeSocketMode } from './socket-mode.js';

export type Json = Record<string, unknown>;
/** A call's failure: Slack's `ok: false` error, a rate limit, a server error, or the connection dropped. */
export type Fault = string | { status: 429; retryAfter: number } | { status: 500 | 502 | 503 } | 'network';
export interface Call { method: string; args: Json; at: number; response?: Json; /** The token the call carried. */ token?: string }
/** Token rotation: the lifetime (s) of the first bot token an install gives, and of each refreshed one. */
export interface Rotation { firstExpiresIn: number; expiresIn: number }
export interface FakeUser { id: string; email?: string; name: string; realName?: string; isBot?: boolean; deleted?: boolean }
export interface FakeMessage extends Json { type: 'message'; ts: string; user: string; text: string; thread_ts?: string }
export interface FakeChannel {
  id: string; name: string; isPrivate: boolean; isIm: boolean; isMpim: boolean;
  user?: string; // the other party of a DM
  created: number; creator: string; archived: boolean;
  members: Set<string>; pins: Set<string>; messages: FakeMessage[]; ephemeral: FakeMessage[];
}
export interface ResponsePost { id: string; body: Json; at: number }

/** Thrown by a method handler; becomes `{ ok: false, error, ...extra }`. */
class SlackError extends Error {
  constructor(readonly code: string, readonly extra: Json = {}) { super(code); }
}

const str = (a: Json, k: string): string | undefined => {
  const v = a[k];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
};
// Slack reads booleans leniently from form bodies: true, "true" and "1".
const bool = (a: Json, k: string): boolean => a[k] === true || a[k] === 'true' || a[k] === '1' || a[k] === 1;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const now = (): number => Math.floor(Date.now() / 1000);
const invalidArgs = (...messages: string[]): SlackError =>
  new SlackError('invalid_arguments', { response_metadata: { messages: messages.map((m) => `[ERROR] ${m}`) } });

/** Light Block Kit validation: the checks Slack rejects most often. Returns error strings. */
function blockErrors(blocks: unknown, max: number, pointer: string): string[] {
  if (!Array.isArray(blocks)) return [`must be an array [json-pointer:${pointer}]`];
  if (blocks.length > max) return [`no more than ${max} items allowed [json-pointer:${pointer}]`];
  const errors: string[] = [];
  blocks.forEach((b: unknown, i) => {
    const at = `${pointer}/${i}`;
    if (!isObj(b) || typeof b.type !== 'string') return void errors.push(`missing required field: type [json-pointer:${at}]`);
    const text = isObj(b.text) ? b.text.text : undefined;
    if (b.type === 'section' && typeof text === 'string' && text.length > 3000)
      errors.push(`must be less than 3001 characters [json-pointer:${at}/text/text]`);
    if (b.type === 'header' && typeof text === 'string' && text.length > 150)
      errors.push(`must be less than 151 characters [json-pointer:${at}/text/text]`);
  });
  return errors;
}

export class FakeSlack {
  readonly token: string;
  readonly teamId: string;
  readonly botUserId: string;
  readonly botId = 'B0FAKEBOT1';
  readonly appId = 'A0FAKEAPP1';
  readonly calls: Call[] = [];
  private users = new Map<string, FakeUser>();
  private channels = new Map<string, FakeChannel>();
  private views = new Map<string, Json>(); // view id → view (modals and home tabs)
  private homes = new Map<string, string>(); // user id → home view id
  private faults = new Map<string, Fault[]>();
  private lasting = new Map<string, Fault>();
  private delays = new Map<string, number>();
  private held = new Map<string, (() => void)[]>();
  private tiers: { window: RateWindow; limits: Record<string, number> } | undefined;
  /** Calls answered 429 by the tier limits. */
  rateLimited = 0;
  /** The app's OAuth credentials, once `enableOAuth` is called: installing hands out `token`. */
  private oauthApp: { clientId: string; clientSecret: string; enterprise?: string | undefined; rotation?: Rotation | undefined } | undefined;
  /** With token rotation: the bot tokens issued, each until it expires (ms), and the refresh tokens not yet used. */
  private readonly rotating = new Map<string, number>();
  private readonly refreshTokens = new Set<string>();
  private issued = 0;
  private oauthCodes = new Set<string>();
  private expired = new Set<string>();
  private responseIds = new Set<string>();
  private posts: ResponsePost[] = [];
  private seq = 0;

  /** The app-level token (`xapp-…`) that opens Socket Mode connections. */
  readonly appToken: string;
  /** Socket Mode: the WebSocket that apps.connections.open hands out. */
  readonly socketMode = new FakeSocketMode();

  private constructor(private server: Server, opts: { token?: string; appToken?: string; teamId?: string; botUserId?: string }) {
    this.token = opts.token ?? 'xoxb-fake-token';
    this.appToken = opts.appToken ?? 'xapp-1-fake-app-token';
    this.teamId = opts.teamId ?? 'T0FAKETEAM';
    this.botUserId = opts.botUserId ?? 'U0FAKEBOT1';
    this.reset();
  }

  static async start(opts: { token?: string; appToken?: string; teamId?: string; botUserId?: string } = {}): Promise<FakeSlack> {
    const server = createServer();
    const fake = new FakeSlack(server, opts);
    fake.socketMode.attach(server, fake.appId);
    server.on('request', (req, res) => {
      fake.handle(req, res).catch((err: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  /** Base URL for `new WebClient(token, { slackApiUrl: fake.url })`. */
  get url(): string { return `${this.origin}/api/`; }

  close(): Promise<void> {
    this.socketMode.close();
    this.server.closeAllConnections();
    return new Promise((resolve, reject) => this.server.close((e) => (e ? reject(e) : resolve())));
  }

  // ---------- test hooks ----------

  /** Back to an empty workspace holding only the bot user; forgets calls, faults and responses. */
  reset(): void {
    this.calls.length = 0;
    for (const m of [this.users, this.channels, this.views, this.homes, this.faults]) m.clear();
    this.expired.clear(); this.responseIds.clear(); this.posts = [];
    this.addUser({ id: this.botUserId, name: 'samspil', isBot: true });
  }
  addUser(u: FakeUser): void { this.users.set(u.id, { ...u }); }
  /**
   * Lets the app be installed by OAuth: /oauth/v2/authorize (the consent page, approved at once)
   * and oauth.v2.access. With `rotation`, as an app that opted into token rotation: the code
   * gives a bot token that expires (`firstExpiresIn` s) and a refresh token; a refresh token gives
   * a new pair once, and is spent; an expired token is answered `token_expired`.
   */
  enableOAuth(clientId: string, clientSecret: string, opts: { enterprise?: string; rotation?: Rotation } = {}): void { this.oauthApp = { clientId, clientSecret, enterprise: opts.enterprise, rotation: opts.rotation }; }
  /** Whether `token` is a bot token of this workspace that is in force. */
  accepts(token: string): boolean {
    return token === this.token || (this.rotating.get(token) ?? 0) > Date.now();
  }
  /** The bot tokens issued by rotation, oldest first. */
  get rotatedTokens(): string[] { return [...this.rotating.keys()]; }
  private issuePair(expiresIn: number): { access_token: string; refresh_token: string; expires_in: number } {
    this.issued++;
    const pair = { access_token: `xoxe.xoxb-${this.teamId}-${this.issued}`, refresh_token: `xoxe-1-${this.teamId}-${this.issued}`, expires_in: expiresIn };
    this.rotating.set(pair.access_token, Date.now() + expiresIn * 1000);
    this.refreshTokens.add(pair.refresh_token);
    return pair;
  }
  addChannel(c: { id?: string; name: string; isPrivate?: boolean; members?: string[]; archived?: boolean; withBot?: boolean }): FakeChannel {
    const members = new Set(c.members ?? []);
    if (c.withBot ?? true) members.add(this.botUserId);
    const ch = this.newChannel(c.id ?? this.id('C'), c.name, { isPrivate: c.isPrivate ?? false, members });
    ch.archived = c.archived ?? false;
    return ch;
  }
  /** Seed a message from someone (defaults: a human, so the bot may not edit it). */
  addMessage(channel: string, m: { user: string; text: string; thread_ts?: string }): string {
    return this.post(this.mustFind(channel), { text: m.text, user: m.user }, m.thread_ts).ts;
  }
  callsTo(method: string): Call[] { return this.calls.filter((c) => c.method === method); }
  /** One-shot fault for the next call of `method`; several calls queue up. */
  failNext(method: string, fault: Fault): void {
    const q = this.faults.get(method) ?? [];
    q.push(fault);
    this.faults.set(method, q);
  }
  /** A fault for every call of `method` until `recover(method)`. */
  failAlways(method: string, fault: Fault): void { this.lasting.set(method, fault); }
  recover(method: string): void { this.lasting.delete(method); }
  /** Answer `method` only after `ms` (a slow Slack). */
  slow(method: string, ms: number): void { this.delays.set(method, ms); }
  /** Hold every call of `method` unanswered until `release(method)` (a call in flight when a service dies). */
  hold(method: string): void { this.held.set(method, this.held.get(method) ?? []); }
  release(method: string): void { const waiting = this.held.get(method) ?? []; this.held.delete(method); waiting.forEach((go) => go()); }
  /**
   * Slack's rate limits per method tier: at most `limits[method]` calls in any window of
   * `windowMs` (a minute at Slack), beyond that 429 with the Retry-After that frees a slot.
   */
  rateLimit(windowMs: number, limits: Record<string, number>): void { this.tiers = { window: new RateWindow(windowMs), limits }; }
  /** Make views.open refuse this trigger, as Slack does ~3 s after the interaction. */
  expireTrigger(id: string): void { this.expired.add(id); }
  /** A trigger_id in Slack's `digits.digits.hex` shape. */
  triggerId(): string { return `${Date.now()}.${1000 + this.seq++}.${Math.random().toString(16).slice(2, 14)}`; }
  /** Channel by id or name; a user id gives that user's DM with the bot. */
  channel(idOrName: string): FakeChannel | undefined {
    const key = idOrName.replace(/^#/, '');
    if (/^[UW]/.test(key) && this.users.has(key)) return [...this.channels.values()].find((c) => c.isIm && c.user === key);
    return this.channels.get(key) ?? [...this.channels.values()].find((c) => c.name === key && !c.isIm);
  }
  messages(channel: string): FakeMessage[] { return this.channel(channel)?.messages ?? []; }
  ephemerals(channel: string): FakeMessage[] { return this.channel(channel)?.ephemeral ?? []; }
  user(id: string): FakeUser | undefined { return this.users.get(id); }
  publishedHome(userId: string): Json | undefined {
    const id = this.homes.get(userId);
    return id === undefined ? undefined : this.views.get(id);
  }
  view(id: string): Json | undefined { return this.views.get(id); }
  openModals(): Json[] { return [...this.views.values()].filter((v) => v.type === 'modal'); }
  /** A response_url served by this fake; what is posted there is kept in `responses()`. */
  responseUrl(): string {
    const id = this.id('R');
    this.responseIds.add(id);
    return `${this.origin}/response/${id}`;
  }
  responses(url?: string): ResponsePost[] {
    const id = url?.split('/').pop();
    return this.posts.filter((p) => id === undefined || p.id === id);
  }

  /**
   * The `view_submission` payload Slack sends when `user` submits a modal: each input block's
   * value under its block and action id, as the person chose it with `choose` (an option's
   * value, from the element's options; undefined keeps the initial option). Like Slack's client,
   * a required input left empty is not submitted (it throws) unless `force` is set.
   */
  viewSubmission(view: Json, user: { id: string; name: string }, choose: (blockId: string) => string | undefined, force = false): Json {
    const values: Record<string, Record<string, Json>> = {};
    for (const block of (view.blocks ?? []) as Json[]) {
      if (block.type !== 'input' || !isObj(block.element)) continue;
      const element = block.element;
      const options = (element.options ?? []) as Json[];
      const wanted = choose(String(block.block_id));
      const selected = wanted === undefined ? (element.initial_option as Json | undefined) : options.find((o) => o.value === wanted);
      if (wanted !== undefined && !selected) throw new Error(`no option ${wanted} in ${String(block.block_id)}`);
      if (!selected && !block.optional && !force) throw new Error(`the required input ${String(block.block_id)} is empty: Slack would not submit`);
      if (element.type !== 'radio_buttons') throw new Error(`viewSubmission: ${String(element.type)} is not supported`);
      values[String(block.block_id)] = { [String(element.action_id)]: { type: 'radio_buttons', selected_option: selected ?? null } };
    }
    return {
      type: 'view_submission',
      team: { id: this.teamId, domain: 'samspil' },
      user: { id: user.id, username: user.name, name: user.name, team_id: this.teamId },
      api_app_id: this.appId,
      trigger_id: this.triggerId(),
      view: { id: (view.id as string | undefined) ?? this.id('V'), team_id: this.teamId, type: 'modal', callback_id: view.callback_id, private_metadata: view.private_metadata ?? '', title: view.title, blocks: view.blocks, hash: `${now()}.x`, state: { values }, app_id: this.appId, bot_id: this.botId },
      response_urls: [],
    };
  }

  // ---------- HTTP ----------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    const raw = await new Promise<string>((resolve, reject) => {
      let s = '';
      req.setEncoding('utf8').on('data', (d: string) => (s += d)).on('end', () => resolve(s)).on('error', reject);
    });
    const send = (status: number, body: Json, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));
    };

    const resp = /^\/response\/([A-Za-z0-9]+)$/.exec(url.pathname);
    if (resp && req.method === 'POST') {
      // response_url takes JSON: { text, blocks, response_type, replace_original, delete_original, thread_ts }
      if (!this.responseIds.has(resp[1]!)) return send(404, { ok: false, error: 'no_such_response_url' });
      let body: unknown;
      try { body = JSON.parse(raw); } catch { body = undefined; }
      if (!isObj(body)) return send(400, { ok: false, error: 'invalid_payload' });
      this.posts.push({ id: resp[1]!, body, at: Date.now() });
      return send(200, { ok: true });
    }

    // Slack's consent page, approved at once: back to the app's redirect URL with a one-time code.
    if (url.pathname === '/oauth/v2/authorize' && req.method === 'GET') {
      const redirect = url.searchParams.get('redirect_uri');
      if (!this.oauthApp || url.searchParams.get('client_id') !== this.oauthApp.clientId || !redirect) return void res.writeHead(400, { 'content-type': 'text/plain' }).end('invalid_client_id');
      const code = `code-${randomUUID()}`;
      this.oauthCodes.add(code);
      const back = new URL(redirect);
      back.searchParams.set('code', code);
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      return void res.writeHead(302, { location: back.toString() }).end();
    }

    const m = /^\/api\/([A-Za-z0-9_.]+)$/.exec(url.pathname);
    if (!m) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
    const method = m[1]!;

    // Decode arguments: query string (GET), form body, or JSON body (POST).
    const type = String(req.headers['content-type'] ?? '');
    const isJson = type.startsWith('application/json');
    let args: Json = {};
    let bodyToken: string | undefined;
    const call: Call = { method, args, at: Date.now() };
    this.calls.push(call);
    const reply = (status: number, body: Json, headers?: Record<string, string>): void => {
      call.response = body;
      send(status, body, headers);
    };
    if (isJson) {
      try { args = raw === '' ? {} : (JSON.parse(raw) as Json); } catch { return reply(200, { ok: false, error: 'invalid_json' }); }
      if (!isObj(args)) return reply(200, { ok: false, error: 'invalid_json' });
      // With JSON bodies Slack only reads the token from the Authorization header.
    } else {
      const params = new URLSearchParams(req.method === 'GET' ? url.search : raw);
      if (req.method !== 'GET') for (const [k, v] of url.searchParams) params.append(k, v);
      for (const [k, v] of params) {
        // The WebClient JSON-encodes arrays/objects (blocks, view, attachments, metadata) in form bodies.
        args[k] = /^\s*[[{]/.test(v) ? (() => { try { return JSON.parse(v) as unknown; } catch { return v; } })() : v;
      }
      bodyToken = str(args, 'token');
    }
    delete args.token;
    call.args = args;

    // The code for a token: the app authenticates with its client id and secret (form fields or Basic).
    if (method === 'oauth.v2.access') {
      const basic = /^Basic\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''))?.[1];
      const [id, secret] = basic ? Buffer.from(basic, 'base64').toString().split(':') : [str(args, 'client_id'), str(args, 'client_secret')];
      if (!this.oauthApp || id !== this.oauthApp.clientId || secret !== this.oauthApp.clientSecret) return reply(200, { ok: false, error: 'invalid_client_id' });
      const fault = this.faults.get(method)?.shift();
      if (fault && typeof fault === 'object') return reply(fault.status, { ok: false, error: fault.status === 429 ? 'ratelimited' : 'internal_error' }, fault.status === 429 ? { 'retry-after': String(fault.retryAfter) } : {});
      const rotation = this.oauthApp.rotation;
      if (str(args, 'grant_type') === 'refresh_token') {
        const refresh = str(args, 'refresh_token') ?? '';
        if (!rotation || !this.refreshTokens.delete(refresh)) return reply(200, { ok: false, error: 'invalid_refresh_token' });
        return reply(200, { ok: true, app_id: this.appId, token_type: 'bot', scope: 'chat:write,commands', bot_user_id: this.botUserId, team: { id: this.teamId, name: 'Fake team' }, enterprise: null, is_enterprise_install: false, ...this.issuePair(rotation.expiresIn) });
      }
      const code = str(args, 'code') ?? '';
      if (!this.oauthCodes.delete(code)) return reply(200, { ok: false, error: 'invalid_code' });
      return reply(200, {
        ok: true, app_id: this.appId, authed_user: { id: 'U0INSTALLER' }, scope: 'chat:write,commands', token_type: 'bot',
        bot_user_id: this.botUserId,
        ...(rotation ? this.issuePair(rotation.firstExpiresIn) : { access_token: this.token }),
        // An org-wide install on Enterprise Grid: the organisation, no team.
        ...(this.oauthApp.enterprise
          ? { team: null, enterprise: { id: this.oauthApp.enterprise, name: 'Fake org' }, is_enterprise_install: true }
          : { team: { id: this.teamId, name: 'Fake team' }, enterprise: null, is_enterprise_install: false }),
      });
    }

    const handler = this.methods[method];
    if (!handler) return reply(200, { ok: false, error: 'unknown_method', req_method: method });
    const bearer = /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''))?.[1];
    const token = bearer ?? bodyToken;
    if (!token) return reply(200, { ok: false, error: 'not_authed' });
    call.token = token;
    // apps.connections.open takes the app-level token only; every other method the bot token.
    if (method !== 'apps.connections.open' && (this.rotating.get(token) ?? Infinity) <= Date.now()) return reply(200, { ok: false, error: 'token_expired' });
    if (method === 'apps.connections.open' ? token !== this.appToken : !this.accepts(token)) {
      return reply(200, { ok: false, error: method === 'apps.connections.open' && token === this.token ? 'not_allowed_token_type' : 'invalid_auth' });
    }

    const held = this.held.get(method);
    if (held) await new Promise<void>((go) => held.push(go));
    const delay = this.delays.get(method);
    if (delay) await new Promise((r) => setTimeout(r, delay));
    const limit = this.tiers?.limits[method];
    const wait = this.tiers && limit !== undefined ? this.tiers.window.take(method, limit) : 0;
    if (wait) {
      this.rateLimited++;
      return reply(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(wait) });
    }
    const fault = this.faults.get(method)?.shift() ?? this.lasting.get(method);
    if (fault === 'network') return void res.destroy();
    if (typeof fault === 'string') return reply(200, { ok: false, error: fault });
    if (fault?.status === 429) return reply(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(fault.retryAfter) });
    if (fault) return reply(fault.status, { ok: false, error: 'internal_error' });

    try {
      const result: Json = { ok: true, ...handler(args) };
      // Slack warns (but succeeds) when a JSON body has no charset.
      if (isJson && !/charset=/i.test(type)) Object.assign(result, { warning: 'missing_charset', response_metadata: { warnings: ['missing_charset'] } });
      reply(200, result);
    } catch (err) {
      if (!(err instanceof SlackError)) throw err;
      reply(200, { ok: false, error: err.code, ...err.extra });
    }
  }

  // ---------- workspace helpers ----------

  private id(prefix: string): string {
    return prefix + (++this.seq).toString(36).toUpperCase().padStart(9, '0');
  }
  private newChannel(id: string, name: string, o: { isPrivate?: boolean; isIm?: boolean; isMpim?: boolean; user?: string; members: Set<string> }): FakeChannel {
    const ch: FakeChannel = {
      id, name, isPrivate: o.isPrivate ?? false, isIm: o.isIm ?? false, isMpim: o.isMpim ?? false,
      created: now(), creator: this.botUserId, archived: false,
      members: o.members, pins: new Set(), messages: [], ephemeral: [],
    };
    if (o.user !== undefined) ch.user = o.user;
    this.channels.set(id, ch);
    return ch;
  }
  private mustFind(idOrName: string): FakeChannel {
    const ch = this.channel(idOrName);
    if (!ch) throw new Error(`FakeSlack: no channel ${idOrName}`);
    return ch;
  }
  /** Conversations API lookup: IDs only, and private channels the bot is not in are invisible. */
  private lookup(id: string | undefined): FakeChannel {
    const ch = id === undefined ? undefined : this.channels.get(id);
    if (!ch || ((ch.isPrivate || ch.isIm || ch.isMpim) && !ch.members.has(this.botUserId))) throw new SlackError('channel_not_found');
    return ch;
  }
  private dm(userId: string): { ch: FakeChannel; existed: boolean } {
    const found = this.channel(userId);
    if (found) return { ch: found, existed: true };
    const ch = this.newChannel(this.id('D'), userId, { isIm: true, user: userId, members: new Set([this.botUserId, userId]) });
    return { ch, existed: false };
  }
  private nextTs(): string { return `${now()}.${String(++this.seq).padStart(6, '0')}`; }
  private post(ch: FakeChannel, content: Json & { text: string; user: string }, threadTs?: string): FakeMessage {
    const msg: FakeMessage = { type: 'message', ...content, ts: this.nextTs(), team: this.teamId };
    const parent = threadTs === undefined ? undefined : ch.messages.find((p) => p.ts === threadTs);
    if (parent) {
      // Replies carry thread_ts; the parent gains thread bookkeeping.
      msg.thread_ts = parent.ts;
      msg.parent_user_id = parent.user;
      const replies = ch.messages.filter((r) => r.thread_ts === parent.ts && r.ts !== parent.ts).length + 1;
      Object.assign(parent, { thread_ts: parent.ts, reply_count: replies, latest_reply: msg.ts });
      parent.reply_users = [...new Set([...(parent.reply_users as string[] | undefined ?? []), msg.user])];
    }
    ch.messages.push(msg);
    return msg;
  }
  private botAuthor(): Json & { user: string } {
    return {
      user: this.botUserId, bot_id: this.botId, app_id: this.appId,
      bot_profile: { id: this.botId, app_id: this.appId, name: 'samspil', deleted: false, team_id: this.teamId },
    };
  }
  /** text/blocks/attachments of a message, validated like chat.postMessage does. */
  private content(a: Json): Json & { text: string } {
    const text = str(a, 'text') ?? '';
    const out: Json & { text: string } = { text };
    if (a.blocks !== undefined) {
      if (typeof a.blocks === 'string') throw new SlackError('invalid_blocks_format');
      const errors = blockErrors(a.blocks, 50, '/blocks');
      if (errors.length) throw new SlackError('invalid_blocks', { errors, response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) } });
      // Slack assigns a block_id to blocks sent without one.
      out.blocks = (a.blocks as Json[]).map((b) => ({ block_id: Math.random().toString(36).slice(2, 7), ...b }));
    }
    if (Array.isArray(a.attachments)) out.attachments = a.attachments;
    if (isObj(a.metadata)) out.metadata = a.metadata;
    const hasBlocks = Array.isArray(out.blocks) && out.blocks.length > 0;
    if (text === '' && !hasBlocks && !Array.isArray(out.attachments)) throw new SlackError('no_text');
    if (text.length > 40000) throw new SlackError('msg_too_long');
    return out;
  }
  private channelJson(ch: FakeChannel, withCount = false): Json {
    const count = withCount ? { num_members: ch.members.size } : {};
    if (ch.isIm) return { id: ch.id, created: ch.created, is_im: true, is_org_shared: false, user: ch.user, is_user_deleted: false, priority: 0, ...count };
    const empty = { value: '', creator: '', last_set: 0 };
    return {
      id: ch.id, name: ch.name, is_channel: !ch.isMpim, is_group: false, is_im: false, is_mpim: ch.isMpim,
      is_private: ch.isPrivate || ch.isMpim, created: ch.created, is_archived: ch.archived, is_general: false,
      unlinked: 0, name_normalized: ch.name, is_shared: false, is_org_shared: false, is_ext_shared: false,
      is_pending_ext_shared: false, pending_shared: [], context_team_id: this.teamId, creator: ch.creator,
      is_member: ch.members.has(this.botUserId), topic: empty, purpose: empty, previous_names: [], ...count,
    };
  }
  private userJson(u: FakeUser): Json {
    const real = u.realName ?? u.name;
    return {
      id: u.id, team_id: this.teamId, name: u.name, deleted: u.deleted ?? false, real_name: real,
      tz: 'Europe/Copenhagen', tz_label: 'Central European Time', tz_offset: 3600,
      profile: { real_name: real, display_name: u.name, real_name_normalized: real, display_name_normalized: u.name, team: this.teamId, ...(u.email ? { email: u.email } : {}) },
      is_admin: false, is_owner: false, is_restricted: false, is_ultra_restricted: false,
      is_bot: u.isBot ?? false, is_app_user: false, updated: now(),
    };
  }
  private parseView(a: Json, type: 'modal' | 'home' | undefined): Json {
    const v = a.view;
    if (!isObj(v)) throw invalidArgs('missing required field: view');
    if (type !== undefined && v.type !== type) throw invalidArgs(`must be '${type}' [json-pointer:/view/type]`);
    if (v.type === 'modal' && !isObj(v.title)) throw invalidArgs('missing required field: title [json-pointer:/view/title]');
    const errors = blockErrors(v.blocks, 100, '/view/blocks');
    if (errors.length) throw invalidArgs(...errors);
    return v;
  }
  private storeView(v: Json, prev?: Json): Json {
    const id = (prev?.id as string | undefined) ?? this.id('V');
    const ext = str(v, 'external_id') ?? '';
    if (ext && [...this.views.values()].some((o) => o.external_id === ext && o.id !== id)) throw new SlackError('duplicate_external_id');
    const view: Json = {
      id, team_id: this.teamId, type: v.type, title: v.title, submit: v.submit ?? null, close: v.close ?? null,
      blocks: v.blocks, private_metadata: v.private_metadata ?? '', callback_id: v.callback_id ?? '', external_id: ext,
      state: { values: {} }, hash: `${now()}.${Math.random().toString(16).slice(2, 10)}`,
      clear_on_close: v.clear_on_close ?? false, notify_on_close: v.notify_on_close ?? false,
      root_view_id: prev?.root_view_id ?? id, previous_view_id: null, app_id: this.appId,
      app_installed_team_id: this.teamId, bot_id: this.botId,
    };
    this.views.set(id, view);
    return view;
  }

  // ---------- methods ----------

  private methods: Record<string, (a: Json) => Json> = {
    'apps.connections.open': () => ({ url: `${this.origin.replace(/^http/, 'ws')}/link?ticket=${randomUUID()}&app_id=${this.appId}` }),

    'auth.test': () => ({
      url: 'https://samspil-test.slack.com/', team: 'Samspil Test', user: 'samspil', team_id: this.teamId,
      user_id: this.botUserId, bot_id: this.botId, is_enterprise_install: false,
    }),

    'chat.postMessage': (a) => {
      const target = (str(a, 'channel') ?? '').replace(/^#/, '');
      // A user ID posts to the app's DM with that user (opened on demand); names work too.
      let ch: FakeChannel | undefined;
      if (/^[UW]/.test(target) && this.users.has(target)) ch = this.dm(target).ch;
      else ch = this.channel(target);
      if (!ch || (ch.isPrivate && !ch.members.has(this.botUserId))) throw new SlackError('channel_not_found');
      if (ch.archived) throw new SlackError('is_archived');
      if (!ch.members.has(this.botUserId)) throw new SlackError('not_in_channel');
      const msg = this.post(ch, { ...this.content(a), ...this.botAuthor() }, str(a, 'thread_ts'));
      return { channel: ch.id, ts: msg.ts, message: msg };
    },

    'chat.update': (a) => {
      const ch = this.lookup(str(a, 'channel'));
      const msg = ch.messages.find((x) => x.ts === str(a, 'ts'));
      if (!msg) throw new SlackError('message_not_found');
      if (msg.user !== this.botUserId) throw new SlackError('cant_update_message');
      const next = this.content(a);
      delete msg.blocks; // text-only updates drop earlier blocks
      Object.assign(msg, next, { edited: { user: this.botUserId, ts: this.nextTs() } });
      return { channel: ch.id, ts: msg.ts, text: msg.text, message: msg };
    },

    'chat.postEphemeral': (a) => {
      const ch = this.lookup(str(a, 'channel'));
      if (ch.archived) throw new SlackError('is_archived');
      if (!ch.members.has(this.botUserId)) throw new SlackError('not_in_channel');
      const user = str(a, 'user');
      if (user === undefined || !ch.members.has(user)) throw new SlackError('user_not_in_channel');
      const msg: FakeMessage = { type: 'message', ...this.content(a), ...this.botAuthor(), ts: this.nextTs(), to: user };
      ch.ephemeral.push(msg);
      return { message_ts: msg.ts };
    },

    'conversations.create': (a) => {
      // Channel names: lowercase letters, digits, hyphens and underscores, at most 80 chars.
      const name = str(a, 'name') ?? '';
      if (name === '') throw new SlackError('invalid_name_required');
      if (name.length > 80) throw new SlackError('invalid_name_maxlength');
      if (/[^a-z0-9_-]/.test(name)) throw new SlackError('invalid_name_specials');
      if (/^[-_]+$/.test(name)) throw new SlackError('invalid_name_punctuation');
      // Archived channels keep their names, so they still collide.
      if ([...this.channels.values()].some((c) => !c.isIm && c.name === name)) throw new SlackError('name_taken');
      const ch = this.newChannel(this.id('C'), name, { isPrivate: bool(a, 'is_private'), members: new Set([this.botUserId]) });
      return { channel: this.channelJson(ch) };
    },

    'conversations.invite': (a) => {
      const ch = this.lookup(str(a, 'channel'));
      if (ch.isIm || ch.isMpim) throw new SlackError('method_not_supported_for_channel_type');
      if (Array.isArray(a.users)) throw new SlackError('invalid_array_arg'); // Slack wants "U1,U2"
      const ids = (str(a, 'users') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      if (ids.length === 0) throw new SlackError('no_user');
      if (ch.archived) throw new SlackError('is_archived');
      if (!ch.members.has(this.botUserId)) throw new SlackError('not_in_channel');
      const errors = ids.flatMap((user) => {
        const u = this.users.get(user);
        const error = !u || u.deleted ? 'user_not_found' : user === this.botUserId ? 'cant_invite_self'
          : ch.members.has(user) ? 'already_in_channel' : undefined;
        return error ? [{ user, ok: false, error }] : [];
      });
      // Without force=true one bad user fails the whole call and nobody is invited.
      if (errors.length && !bool(a, 'force')) throw new SlackError(errors[0]!.error, { errors });
      for (const id of ids) if (!errors.some((e) => e.user === id)) ch.members.add(id);
      return { channel: this.channelJson(ch), ...(errors.length ? { errors } : {}) };
    },

    'conversations.archive': (a) => {
      const ch = this.lookup(str(a, 'channel'));
      if (ch.isIm || ch.isMpim) throw new SlackError('method_not_supported_for_channel_type');
      if (ch.archived) throw new SlackError('already_archived');
      if (!ch.members.has(this.botUserId)) throw new SlackError('not_in_channel');
      ch.archived = true;
      return {};
    },

    'conversations.open': (a) => {
      if (a.channel !== undefined) return { channel: this.channelJson(this.lookup(str(a, 'channel'))) };
      const ids = (str(a, 'users') ?? '').split(',').map((s) => s.trim()).filter((s) => s && s !== this.botUserId);
      if (ids.length === 0) throw new SlackError('users_list_not_supplied');
      if (ids.length > 8) throw new SlackError('too_many_users');
      for (const id of ids) if (!this.users.get(id) || this.users.get(id)?.deleted) throw new SlackError('user_not_found');
      let opened: { ch: FakeChannel; existed: boolean };
      if (ids.length === 1) opened = this.dm(ids[0]!);
      else {
        const key = [this.botUserId, ...ids].sort().join(',');
        const found = [...this.channels.values()].find((c) => c.isMpim && [...c.members].sort().join(',') === key);
        opened = found ? { ch: found, existed: true }
          : { ch: this.newChannel(this.id('C'), `mpdm-${ids.join('--')}-1`, { isMpim: true, isPrivate: true, members: new Set([this.botUserId, ...ids]) }), existed: false };
      }
      // Only the id unless return_im; an already-open DM is reported as a no-op.
      const channel = bool(a, 'return_im') ? this.channelJson(opened.ch) : { id: opened.ch.id };
      return opened.existed ? { no_op: true, already_open: true, channel } : { channel };
    },

    'conversations.info': (a) => ({ channel: this.channelJson(this.lookup(str(a, 'channel')), bool(a, 'include_num_members')) }),

    'conversations.join': (a) => {
      const ch = this.lookup(str(a, 'channel'));
      if (ch.isIm || ch.isMpim || ch.isPrivate) throw new SlackError('method_not_supported_for_channel_type');
      if (ch.archived) throw new SlackError('is_archived');
      // Joining twice succeeds with a warning, not an error.
      const already = ch.members.has(this.botUserId);
      ch.members.add(this.botUserId);
      const warn = already ? { warning: 'already_in_channel', response_metadata: { warnings: ['already_in_channel'] } } : {};
      return { channel: this.channelJson(ch), ...warn };
    },

    'pins.add': (a) => {
      const ch = this.lookup(str(a, 'channel'));
      const ts = str(a, 'timestamp');
      if (ts === undefined) throw new SlackError('no_item_specified');
      if (!ch.members.has(this.botUserId)) throw new SlackError('not_in_channel');
      if (!ch.messages.some((m) => m.ts === ts)) throw new SlackError('message_not_found');
      if (ch.pins.has(ts)) throw new SlackError('already_pinned');
      ch.pins.add(ts);
      return {};
    },

    'users.lookupByEmail': (a) => {
      const email = (str(a, 'email') ?? '').toLowerCase();
      const u = [...this.users.values()].find((x) => !x.deleted && x.email !== undefined && x.email.toLowerCase() === email);
      if (!u || email === '') throw new SlackError('users_not_found');
      return { user: this.userJson(u) };
    },

    'users.info': (a) => {
      const u = this.users.get(str(a, 'user') ?? '');
      if (!u) throw new SlackError('user_not_found');
      return { user: this.userJson(u) };
    },

    'views.open': (a) => {
      const trigger = str(a, 'trigger_id') ?? str(a, 'interactivity_pointer');
      if (!trigger) throw invalidArgs('missing required field: trigger_id');
      // Slack refuses triggers older than 3 seconds with expired_trigger_id.
      if (this.expired.has(trigger)) throw new SlackError('expired_trigger_id');
      const view = this.storeView(this.parseView(a, 'modal'));
      view.trigger_id = trigger;
      return { view };
    },

    'views.publish': (a) => {
      const userId = str(a, 'user_id');
      if (!userId || !this.users.has(userId)) throw invalidArgs('invalid `user_id`');
      const prevId = this.homes.get(userId);
      const prev = prevId === undefined ? undefined : this.views.get(prevId);
      const hash = str(a, 'hash');
      if (hash !== undefined && prev && prev.hash !== hash) throw new SlackError('hash_conflict');
      const view = this.storeView(this.parseView(a, 'home'), prev);
      this.homes.set(userId, view.id as string);
      return { view };
    },

    'views.update': (a) => {
      const id = str(a, 'view_id');
      const ext = str(a, 'external_id');
      if (!id && !ext) throw invalidArgs('missing required field: view_id or external_id');
      const prev = id ? this.views.get(id) : [...this.views.values()].find((v) => v.external_id === ext);
      if (!prev) throw new SlackError('not_found');
      const hash = str(a, 'hash');
      if (hash !== undefined && prev.hash !== hash) throw new SlackError('hash_conflict');
      const view = this.storeView(this.parseView(a, undefined), prev);
      if (prev.trigger_id !== undefined) view.trigger_id = prev.trigger_id;
      return { view };
    },
  };
}
