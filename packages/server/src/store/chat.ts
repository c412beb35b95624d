// What the chat adapters keep: workspace ↔ tenant, chat identities of people, the
// coordination threads with their plan cards, and deliveries already handled. The
// adapters call these; they hold no SQL of their own.
import { Expiring } from '../expiring.js';
import type { Db } from './db.js';
import { CASE_ID } from './references.js';

export type ChatPlatform = 'slack' | 'teams';

export interface ChatWorkspace {
  platform: ChatPlatform;
  workspaceId: string;
  tenant: string;
  settings: WorkspaceSettings;
}

export interface WorkspaceSettings {
  /** Coordinations open as threads in this channel instead of a private channel each. */
  coordinationChannel?: string;
  /** The language the bot speaks there; the adapter's default (SLACK_LANGUAGE, TEAMS_LANGUAGE) when unset. */
  language?: 'da' | 'en';
  /** Teams: the team coordinations open in and whose roster counts. */
  teamId?: string;
  /** Adapter-specific: Teams keeps the team's service URL and conversation references here. */
  [key: string]: unknown;
}

/**
 * Links a workspace to a tenant. Its settings replace the stored ones, or with `merge`
 * are added to them (in one statement: no read, so no older copy written back).
 */
export async function linkWorkspace(db: Db, workspace: ChatWorkspace, mode: 'replace' | 'merge' = 'replace'): Promise<void> {
  await db.query(
    `INSERT INTO chat_workspaces (platform, workspace_id, tenant_id, settings) VALUES ($1, $2, $3, $4)
     ON CONFLICT (platform, workspace_id) DO UPDATE SET tenant_id = EXCLUDED.tenant_id,
       settings = CASE WHEN $5 THEN chat_workspaces.settings || EXCLUDED.settings ELSE EXCLUDED.settings END`,
    [workspace.platform, workspace.workspaceId, workspace.tenant, JSON.stringify(workspace.settings), mode === 'merge'],
  );
  forgetWorkspace(db, workspace.platform, workspace.workspaceId);
}

/** This process's kept copy of a workspace is dropped (a link made in a transaction: after it commits). */
export function forgetWorkspace(db: Db, platform: ChatPlatform, workspaceId: string): void {
  workspaces.get(db)?.forget(`${platform}:${workspaceId}`);
  // Which tenant it was is not known here; a change is rare, so the platform's all go.
  ofTenants.get(db)?.forgetWhere((key) => key.startsWith(`${platform}:`));
}

export async function findWorkspace(db: Db, platform: ChatPlatform, workspaceId: string): Promise<ChatWorkspace | undefined> {
  const { rows } = await db.query<{ tenant_id: string; settings: WorkspaceSettings }>('SELECT tenant_id, settings FROM chat_workspaces WHERE platform = $1 AND workspace_id = $2', [platform, workspaceId]);
  const row = rows[0];
  return row && { platform, workspaceId, tenant: row.tenant_id, settings: row.settings };
}

/**
 * `findWorkspace` for every chat request (before its acknowledgement): kept for 30 s,
 * and forgotten at once when this process links the workspace anew. Another instance's
 * change arrives within the 30 s.
 */
export async function cachedWorkspace(db: Db, platform: ChatPlatform, workspaceId: string, now: number): Promise<ChatWorkspace | undefined> {
  return kept(workspaces, db).get(`${platform}:${workspaceId}`, now, () => findWorkspace(db, platform, workspaceId), () => true);
}
const workspaces = new WeakMap<Db, Expiring<string, ChatWorkspace | undefined>>();

/** A tenant's workspace on a platform, kept 30 s like `cachedWorkspace` and forgotten with it. */
export async function cachedWorkspaceOfTenant(db: Db, tenant: string, platform: ChatPlatform, now: number): Promise<ChatWorkspace | undefined> {
  return kept(ofTenants, db).get(`${platform}:${tenant}`, now, () => workspaceOfTenant(db, tenant, platform), () => true);
}
const ofTenants = new WeakMap<Db, Expiring<string, ChatWorkspace | undefined>>();

/** A database's kept workspaces (one cache per database: tests run several services in one process). */
function kept(caches: WeakMap<Db, Expiring<string, ChatWorkspace | undefined>>, db: Db): Expiring<string, ChatWorkspace | undefined> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Expiring(30_000)));
  return cache;
}

/** The tenant's workspace on a platform (one per platform and tenant in practice). */
export async function workspaceOfTenant(db: Db, tenant: string, platform?: ChatPlatform): Promise<ChatWorkspace | undefined> {
  const { rows } = await db.query<{ platform: ChatPlatform; workspace_id: string; settings: WorkspaceSettings }>(
    'SELECT platform, workspace_id, settings FROM chat_workspaces WHERE tenant_id = $1 AND ($2::text IS NULL OR platform = $2) ORDER BY created_at LIMIT 1',
    [tenant, platform ?? null],
  );
  const row = rows[0];
  return row && { platform: row.platform, workspaceId: row.workspace_id, tenant, settings: row.settings };
}

/** A linked workspace as an operator sees it (its settings are the adapter's business). */
export interface LinkedWorkspace {
  platform: ChatPlatform;
  workspaceId: string;
  tenant: string;
  linkedAt: Date;
  settings: WorkspaceSettings;
}

/** The linked workspaces, of one tenant or all, by tenant, platform and id. */
export async function listWorkspaces(db: Db, tenant?: string): Promise<LinkedWorkspace[]> {
  const { rows } = await db.query<{ platform: ChatPlatform; workspace_id: string; tenant_id: string; created_at: Date; settings: WorkspaceSettings }>(
    'SELECT platform, workspace_id, tenant_id, created_at, settings FROM chat_workspaces WHERE $1::text IS NULL OR tenant_id = $1 ORDER BY tenant_id, platform, workspace_id',
    [tenant ?? null],
  );
  return rows.map((r) => ({ platform: r.platform, workspaceId: r.workspace_id, tenant: r.tenant_id, linkedAt: r.created_at, settings: r.settings }));
}

/**
 * Changes a linked workspace's settings: `set` added, `unset` removed, the rest kept (what the
 * adapter learnt, such as Teams' service URL). With `tenant`, only that tenant's workspace.
 * The workspace with its settings afterwards, or undefined when there is none.
 */
export async function changeWorkspaceSettings(db: Db, tenant: string | undefined, platform: ChatPlatform, workspaceId: string, set: Partial<WorkspaceSettings>, unset: string[]): Promise<LinkedWorkspace | undefined> {
  const { rows } = await db.query<{ tenant_id: string; created_at: Date; settings: WorkspaceSettings }>(
    `UPDATE chat_workspaces SET settings = (settings || $4::jsonb) - $5::text[]
      WHERE platform = $1 AND workspace_id = $2 AND ($3::text IS NULL OR tenant_id = $3)
      RETURNING tenant_id, created_at, settings`,
    [platform, workspaceId, tenant ?? null, JSON.stringify(set), unset],
  );
  forgetWorkspace(db, platform, workspaceId);
  const row = rows[0];
  return row && { platform, workspaceId, tenant: row.tenant_id, linkedAt: row.created_at, settings: row.settings };
}

/**
 * Unlinks a workspace (with its settings); the tenant it was linked to, or undefined when it
 * was not linked. This process forgets it at once, other instances within 30 s (`cachedWorkspace`).
 */
export async function unlinkWorkspace(db: Db, platform: ChatPlatform, workspaceId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ tenant_id: string }>('DELETE FROM chat_workspaces WHERE platform = $1 AND workspace_id = $2 RETURNING tenant_id', [platform, workspaceId]);
  forgetWorkspace(db, platform, workspaceId);
  return rows[0]?.tenant_id;
}

/** True the first time a platform's delivery key is seen; false for a retry of it. */
export async function firstDelivery(db: Db, platform: ChatPlatform, key: string): Promise<boolean> {
  const { rowCount } = await db.query('INSERT INTO chat_deliveries (platform, key) VALUES ($1, $2) ON CONFLICT DO NOTHING', [platform, key]);
  return rowCount > 0;
}

/** Which of `keys` are seen for the first time (one statement for them all); the others are retries. */
export async function firstDeliveries(db: Db, platform: ChatPlatform, keys: string[]): Promise<Set<string>> {
  const { rows } = await db.query<{ key: string }>('INSERT INTO chat_deliveries (platform, key) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING RETURNING key', [platform, keys], { prepared: true });
  return new Set(rows.map((r) => r.key));
}

/**
 * A platform's deliveries, this process's memory first: a key seen here is a repeat at once,
 * with no statement; a new one is claimed by its row, which catches a repeat sent to another
 * instance or after a restart. The caller may work beside the claim, but acts (answers,
 * writes) only on its word. One insert is under way at a time, and the keys that arrive
 * meanwhile go together in the next (under load, one statement and one commit for several
 * deliveries). A claim that fails is forgotten, so the platform's retry of it is handled.
 */
export class Deliveries {
  /** Key → when it was first seen here, oldest first (a Map keeps insertion order). */
  readonly #seen = new Map<string, number>();
  /** Keys waiting for the next insert, with their claims' settlement. */
  #waiting = new Map<string, { resolve: (first: boolean) => void; reject: (error: unknown) => void }>();
  #inserting = false;

  constructor(
    private readonly db: Db,
    private readonly platform: ChatPlatform,
    /** Platforms repeat a delivery within minutes; past this the row alone remembers it. */
    private readonly keepMs = 15 * 60_000,
    private readonly max = 50_000,
  ) {}

  /** false for a key this process has seen; else whether it is the first delivery anywhere (the row's word). */
  claim(key: string, now: number): false | Promise<boolean> {
    if (this.#seen.has(key)) return false;
    for (const [old, at] of this.#seen) {
      if (this.#seen.size < this.max && at > now - this.keepMs) break;
      this.#seen.delete(old);
    }
    this.#seen.set(key, now);
    const first = new Promise<boolean>((resolve, reject) => this.#waiting.set(key, { resolve, reject }));
    first.catch(() => this.#seen.delete(key));
    this.#insert();
    return first;
  }

  #insert(): void {
    if (this.#inserting || this.#waiting.size === 0) return;
    const batch = this.#waiting;
    this.#waiting = new Map();
    this.#inserting = true;
    firstDeliveries(this.db, this.platform, [...batch.keys()])
      .then(
        (first) => batch.forEach((claim, key) => claim.resolve(first.has(key))),
        (error: unknown) => batch.forEach((claim) => claim.reject(error)),
      )
      .finally(() => {
        this.#inserting = false;
        this.#insert();
      });
  }
}

export interface ChatPerson {
  id: string;
  /** A professional's name and e-mail (never a citizen's: citizens are not people in Samspil). */
  name: string;
  email: string;
  team: string | null;
  teamLead: string | null;
  /** Leads a team (someone has them as team lead). */
  leads: boolean;
  chatId: string | undefined;
}

export interface PersonRow {
  id: string;
  name: string;
  email: string;
  team: string | null;
  team_lead: string | null;
  leads: boolean;
  chat: Record<string, string>;
}
export const person = (platform: ChatPlatform) => (r: PersonRow): ChatPerson => ({ id: r.id, name: r.name, email: r.email, team: r.team, teamLead: r.team_lead, leads: r.leads, chatId: r.chat[platform] });
const PERSON_COLUMNS = 'id, name, email, team, team_lead, chat, EXISTS (SELECT 1 FROM people x WHERE x.tenant_id = people.tenant_id AND x.team_lead = people.id) AS leads';
/** The same columns as one JSON object per person, for a query on `people` aliased `pe`. */
export const PERSON_JSON = `json_build_object('id', pe.id, 'name', pe.name, 'email', pe.email, 'team', pe.team, 'team_lead', pe.team_lead, 'chat', pe.chat,
  'leads', EXISTS (SELECT 1 FROM people x WHERE x.tenant_id = pe.tenant_id AND x.team_lead = pe.id))`;

export async function peopleOf(db: Db, tenant: string, platform: ChatPlatform, ids: string[]): Promise<ChatPerson[]> {
  const { rows } = await db.query<PersonRow>(`SELECT ${PERSON_COLUMNS} FROM people WHERE tenant_id = $1 AND id = ANY($2::text[]) ORDER BY id`, [tenant, ids]);
  return rows.map(person(platform));
}

/**
 * The people plan cards name, kept per tenant and platform for 30 s: a card names the same few
 * people again and again, and reading them was a quarter of `status`'s statement. The card's read
 * is told whom this process knows (`knownPeople`) and brings only the others (`keepPeople`).
 * A change this process makes to a tenant's people forgets the tenant's (`forgetPeople`: a
 * chat identity remembered here, a person saved, after its commit); another instance's change
 * shows within 30 s, as with the person behind a chat user.
 */
const PEOPLE_KEPT_MS = 30_000;
/** Per tenant and platform at most this many (the most recently read): their ids go with each read. */
const PEOPLE_KEPT_MAX = 200;
const keptPeople = new WeakMap<Db, Map<string, Map<string, { until: number; person: ChatPerson }>>>();
const keptOf = (db: Db, tenant: string, platform: ChatPlatform) => {
  let tenants = keptPeople.get(db);
  if (!tenants) keptPeople.set(db, (tenants = new Map()));
  const key = `${platform}\u0000${tenant}`;
  let people = tenants.get(key);
  if (!people) tenants.set(key, (people = new Map()));
  return people;
};

/** The tenant's people this process knows on a platform, by id (the expired dropped). */
export function knownPeople(db: Db, tenant: string, platform: ChatPlatform, now: number): Map<string, ChatPerson> {
  const kept = keptOf(db, tenant, platform);
  const known = new Map<string, ChatPerson>();
  for (const [id, k] of kept) {
    if (k.until > now && k.until - now <= PEOPLE_KEPT_MS) known.set(id, k.person);
    else kept.delete(id);
  }
  return known;
}

/** Keeps people just read from the database (see `knownPeople`). */
export function keepPeople(db: Db, tenant: string, platform: ChatPlatform, people: ChatPerson[], now: number): void {
  const kept = keptOf(db, tenant, platform);
  for (const p of people) {
    kept.delete(p.id);
    kept.set(p.id, { until: now + PEOPLE_KEPT_MS, person: p });
  }
  for (const id of kept.keys()) {
    if (kept.size <= PEOPLE_KEPT_MAX) break;
    kept.delete(id);
  }
}

/** This process forgets the tenant's kept people (on every platform): they changed. */
export function forgetPeople(db: Db, tenant: string): void {
  for (const platform of ['slack', 'teams'] as const) keptPeople.get(db)?.delete(`${platform}\u0000${tenant}`);
}

/** The person behind a chat user: by the identity kept before, else by e-mail. */
export async function personOfChatUser(db: Db, tenant: string, platform: ChatPlatform, chatId: string, email?: string): Promise<ChatPerson | undefined> {
  const known = await db.query<PersonRow>(`SELECT ${PERSON_COLUMNS} FROM people WHERE tenant_id = $1 AND chat->>'${platform}' = $2 LIMIT 1`, [tenant, chatId]);
  if (known.rows[0]) return person(platform)(known.rows[0]);
  if (!email) return undefined;
  const { rows } = await db.query<PersonRow>(`SELECT ${PERSON_COLUMNS} FROM people WHERE tenant_id = $1 AND lower(email) = lower($2) ORDER BY id LIMIT 1`, [tenant, email]);
  const found = rows[0];
  if (!found) return undefined;
  await rememberChatId(db, tenant, found.id, platform, chatId);
  return { ...person(platform)(found), chatId };
}

export async function rememberChatId(db: Db, tenant: string, personId: string, platform: ChatPlatform, chatId: string): Promise<void> {
  await db.query('UPDATE people SET chat = chat || jsonb_build_object($3::text, $4::text) WHERE tenant_id = $1 AND id = $2', [tenant, personId, platform, chatId]);
  forgetPeople(db, tenant);
}

/**
 * The 1:1 conversation the app holds with a chat user (Teams: a conversation reference
 * kept from the app's installation), kept beside their identity in people.chat.
 */
export async function conversationOf(db: Db, tenant: string, platform: ChatPlatform, chatId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ conversation: string | null }>(`SELECT chat->>'${platform}:conversation' AS conversation FROM people WHERE tenant_id = $1 AND chat->>'${platform}' = $2 LIMIT 1`, [tenant, chatId]);
  return rows[0]?.conversation ?? undefined;
}

export async function rememberConversation(db: Db, tenant: string, platform: ChatPlatform, chatId: string, conversation: string): Promise<void> {
  await db.query(`UPDATE people SET chat = chat || jsonb_build_object($3::text, $4::text) WHERE tenant_id = $1 AND chat->>'${platform}' = $2`, [tenant, chatId, `${platform}:conversation`, conversation]);
  forgetPeople(db, tenant);
}

export async function departmentsOf(db: Db, tenant: string): Promise<{ id: string; name: string }[]> {
  const { rows } = await db.query<{ id: string; name: string }>('SELECT id, name FROM departments WHERE tenant_id = $1 ORDER BY name', [tenant]);
  return rows;
}

export interface ChatThread {
  caseReference: string;
  platform: ChatPlatform;
  /** The channel (or conversation); absent while the place is claimed but not yet created. */
  channel: string | undefined;
  /** The root message of a thread in a team channel; absent for a channel of its own. */
  thread: string | undefined;
  /** The message holding the plan card, edited in place. */
  card: string | undefined;
  /** `opening` from the claim until every step is done; then `open`. */
  state: 'opening' | 'open';
  /** The steps done after creation (`invited`, `pinned`): a resumed opening skips them. */
  steps: string[];
  closed: boolean;
}

interface ThreadRow {
  reference: string;
  channel: string | null;
  thread: string | null;
  card: string | null;
  state: 'opening' | 'open';
  steps: string[];
  closed_at: Date | null;
}
const thread = (platform: ChatPlatform) => (r: ThreadRow): ChatThread => ({
  caseReference: r.reference,
  platform,
  channel: r.channel ?? undefined,
  thread: r.thread ?? undefined,
  card: r.card ?? undefined,
  state: r.state,
  steps: r.steps,
  closed: r.closed_at !== null,
});

export async function findThread(db: Db, tenant: string, platform: ChatPlatform, reference: string): Promise<ChatThread | undefined> {
  const { rows } = await db.query<ThreadRow>(
    `SELECT c.reference, t.channel, t.thread, t.card, t.state, t.steps, t.closed_at FROM chat_threads t JOIN cases c ON c.id = t.case_id
      WHERE t.tenant_id = $1 AND t.platform = $2 AND c.id = ${CASE_ID('$1', '$3')}`,
    [tenant, platform, reference],
  );
  return rows[0] && thread(platform)(rows[0]);
}

/**
 * Claims the opening of a case's place on a platform, before anything is created there: one
 * row per case and platform, so of concurrent requests, replays and retries exactly one gets
 * `claimed: true`. A closed place is claimed anew (a new one is opened); an opening whose
 * claimant has not renewed its lease (it died) is taken over, with the steps it recorded.
 * Undefined when the tenant has no such case.
 */
export async function claimThread(db: Db, tenant: string, platform: ChatPlatform, reference: string, now: Date, leaseMs: number): Promise<{ claimed: boolean; thread: ChatThread } | undefined> {
  const { rowCount } = await db.query(
    `INSERT INTO chat_threads (tenant_id, case_id, platform, state, claimed_until)
     SELECT $1, id, $3, 'opening', $4 FROM cases WHERE id = ${CASE_ID('$1', '$2')}
     ON CONFLICT (case_id, platform) DO UPDATE SET
       state = 'opening', claimed_until = EXCLUDED.claimed_until,
       channel = CASE WHEN chat_threads.closed_at IS NULL THEN chat_threads.channel END,
       thread = CASE WHEN chat_threads.closed_at IS NULL THEN chat_threads.thread END,
       card = CASE WHEN chat_threads.closed_at IS NULL THEN chat_threads.card END,
       steps = CASE WHEN chat_threads.closed_at IS NULL THEN chat_threads.steps ELSE '{}' END,
       closed_at = NULL
     WHERE chat_threads.closed_at IS NOT NULL OR (chat_threads.state = 'opening' AND chat_threads.claimed_until < $5)`,
    [tenant, reference, platform, new Date(now.getTime() + leaseMs), now],
  );
  const found = await findThread(db, tenant, platform, reference);
  return found && { claimed: rowCount > 0, thread: found };
}

/**
 * Records what exists of a place being opened, the moment it exists (the channel, the card
 * message, a step done), and renews the claimant's lease.
 */
export async function recordThread(db: Db, tenant: string, platform: ChatPlatform, reference: string, done: { channel?: string; thread?: string | undefined; card?: string | undefined; step?: string }, leaseUntil: Date): Promise<void> {
  await db.query(
    `UPDATE chat_threads t SET channel = COALESCE($4, t.channel), thread = COALESCE($5, t.thread), card = COALESCE($6, t.card),
       steps = CASE WHEN $7::text IS NULL OR $7::text = ANY(t.steps) THEN t.steps ELSE t.steps || $7::text END, claimed_until = $8
      FROM cases c WHERE c.id = t.case_id AND t.tenant_id = $1 AND t.platform = $3 AND c.id = ${CASE_ID('$1', '$2')}`,
    [tenant, reference, platform, done.channel ?? null, done.thread ?? null, done.card ?? null, done.step ?? null, leaseUntil],
  );
}

/** Every step done: the place is open. */
export async function finishThread(db: Db, tenant: string, platform: ChatPlatform, reference: string): Promise<void> {
  await db.query(
    `UPDATE chat_threads t SET state = 'open', claimed_until = NULL WHERE t.tenant_id = $1 AND t.platform = $2 AND t.case_id = ${CASE_ID('$1', '$3')}`,
    [tenant, platform, reference],
  );
}

/** Openings whose claimant died (its lease ran out): what a start-up sweep finishes. */
export async function abandonedOpenings(db: Db, platform: ChatPlatform, now: Date): Promise<{ tenant: string; reference: string }[]> {
  const { rows } = await db.query<{ tenant_id: string; reference: string }>(
    "SELECT t.tenant_id, c.reference FROM chat_threads t JOIN cases c ON c.id = t.case_id WHERE t.platform = $1 AND t.state = 'opening' AND t.closed_at IS NULL AND t.claimed_until < $2 ORDER BY t.id LIMIT 100",
    [platform, now],
  );
  return rows.map((r) => ({ tenant: r.tenant_id, reference: r.reference }));
}

export async function closeThread(db: Db, tenant: string, platform: ChatPlatform, reference: string, at: Date): Promise<void> {
  await db.query(
    `UPDATE chat_threads t SET closed_at = $4 WHERE t.tenant_id = $1 AND t.platform = $2 AND t.case_id = ${CASE_ID('$1', '$3')} AND t.closed_at IS NULL`,
    [tenant, platform, reference, at],
  );
}
