// The operator's commands: tenants, API keys, chat workspaces, and backup and restore of
// the embedded database. Each opens the database the service uses (DATABASE_URL, else
// PGlite in SAMSPIL_DATA_DIR), migrated first as the service does at start.
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { Id, IsoDate, Label, validate } from '@samspil/core';
import { INVITATION_DAYS } from '../usecases/invitations.js';
import { ChatSettingsPatch, settingsProblem, settingsView } from '../usecases/chat-settings.js';
import type { Actor } from '../store/audit.js';
import type { ChatPlatform, LinkedWorkspace } from '../store/chat.js';
import type { Db } from '../store/db.js';
import { isSystemLabel } from '../store/references.js';
import { DEFAULT_DATA_DIR, POSTGRES_URL } from '../store/location.js';
import type { UseCases } from '../usecases/index.js';
import { intFlag, json, note, print, refusal, UsageError, type Command, type Environment } from './command.js';
import { formatKeys, formatTenant, formatTenants, formatWorkspaces, time } from './text.js';

/** Where the service keeps its data, from the environment the bin passed. */
export function database(env: Environment): { url: string | undefined; dataDir: string } {
  const url = env.DATABASE_URL || undefined;
  if (url && !POSTGRES_URL.test(url)) throw refusal('DATABASE_URL: expected postgres://… (unset it to use the embedded database)');
  return { url, dataDir: env.SAMSPIL_DATA_DIR || DEFAULT_DATA_DIR };
}

// The store is loaded when a command runs: the database drivers (PGlite above all) cost the
// file commands a fifth of a second at start.
async function withDb<T>(env: Environment, fn: (db: Db, store: Store, useCases: UseCases) => Promise<T>): Promise<T> {
  const [{ openDb }, { migrate }, tenants, chat, installations, { UseCases }] = await Promise.all([
    import('../store/db.js'),
    import('../store/migrate.js'),
    import('../store/tenants.js'),
    import('../store/chat.js'),
    import('../store/installations.js'),
    import('../usecases/index.js'),
  ]);
  // One connection: a command's statements run one after another.
  const db = await openDb({ ...database(env), poolSize: 1 });
  try {
    const applied = await migrate(db);
    if (applied.length) note(`migrated the database: ${applied.join(', ')}`);
    return await fn(db, { ...tenants, ...chat, ...installations }, new UseCases(db));
  } finally {
    await db.close();
  }
}
/** Who the commands act as: the operator at the terminal, across tenants. */
const OPERATOR: Actor = { tenant: '', kind: 'operator', id: 'cli' };

/** The operator's writes are the use cases the API's routes call, as the operator. */
const withUseCases = <T>(env: Environment, fn: (useCases: UseCases) => Promise<T>): Promise<T> => withDb(env, (_db, _store, useCases) => fn(useCases));

type Store = typeof import('../store/tenants.js') & typeof import('../store/chat.js') & typeof import('../store/installations.js');

const TENANT_ID = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const KEY_ID = /^[0-9a-f]{12}$/;
const WORKSPACE_ID: Record<ChatPlatform, { pattern: RegExp; what: string }> = {
  slack: { pattern: /^[TE][A-Z0-9]{2,20}$/, what: "a Slack team id (T…, or E… for an Enterprise Grid), as in the workspace's URL or the app's settings" },
  teams: { pattern: /^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i, what: 'an Entra (Azure AD) tenant id, a GUID' },
};

const text = (values: Record<string, unknown>, flag: string): string | undefined => {
  const value = values[flag];
  return typeof value === 'string' ? value : undefined;
};
const required = (values: Record<string, unknown>, flag: string): string => {
  const value = text(values, flag);
  if (value === undefined) throw new UsageError(`--${flag} is required`);
  return value;
};

function newTenantId(id: string): string {
  if (!TENANT_ID.test(id) || !validate(Id, id).ok)
    throw new UsageError(`ID: ${JSON.stringify(id)} is not a tenant id: lowercase letters, digits and hyphens, at most 63 (e.g. aarhus), never a CPR number`);
  return id;
}

const noTenant = (id: string, flag: string) => refusal(`${flag}: no tenant ${JSON.stringify(id)} (samspil tenant list shows them)`);

async function existingTenant(db: Db, store: Store, id: string, flag: string) {
  const tenant = await store.tenantSummary(db, id);
  if (!tenant) throw noTenant(id, flag);
  return tenant;
}

function platformOf(value: string): ChatPlatform {
  if (value !== 'slack' && value !== 'teams') throw new UsageError(`PLATFORM: ${JSON.stringify(value)} is not slack or teams`);
  return value;
}

function workspaceIdOf(platform: ChatPlatform, value: string): string {
  const { pattern, what } = WORKSPACE_ID[platform];
  if (!pattern.test(value)) throw new UsageError(`WORKSPACE-ID: ${JSON.stringify(value)} is not ${what}`);
  return value;
}

/** A workspace as the commands print it: the settings a municipality sets, not what the bot learnt. */
const shown = (w: LinkedWorkspace) => ({ ...w, settings: settingsView(w.settings) });

function embedded(env: Environment, command: 'backup' | 'restore'): string {
  const { url, dataDir } = database(env);
  if (url)
    throw refusal(
      command === 'backup'
        ? 'DATABASE_URL is set: back up PostgreSQL with pg_dump (pg_dump --format=custom --file=FILE "$DATABASE_URL"); samspil backup is for the embedded database'
        : 'DATABASE_URL is set: restore PostgreSQL with pg_restore (pg_restore --clean --if-exists --dbname="$DATABASE_URL" FILE); samspil restore is for the embedded database',
    );
  if (dataDir === 'memory://') throw refusal(`SAMSPIL_DATA_DIR: memory:// keeps nothing to ${command}`);
  return dataDir;
}

/** `tenant set`'s flags and the settings they set. */
const SETTING_FLAGS: Record<string, string> = {
  'working-days': 'workingDays',
  hours: 'workingHours',
  'time-zone': 'timeZone',
  holidays: 'publicHolidays',
  'handover-days': 'handoverBusinessDays',
  'coordinator-departments': 'coordinator',
  'min-respondents': 'minRespondents',
};

/** `1-5` or `1,2,3` (or both, `1-3,6`): the ISO weekdays, each once, in order. */
function weekdaysOf(value: string): number[] {
  const days = new Set<number>();
  for (const part of value.split(',')) {
    const m = /^([1-7])(?:-([1-7]))?$/.exec(part.trim());
    if (!m || (m[2] && m[2] < m[1]!)) throw new UsageError(`--working-days: ${JSON.stringify(value)} is not a list of ISO weekdays 1-7 (e.g. 1-5 or 1,2,3,4,5)`);
    for (let d = Number(m[1]); d <= Number(m[2] ?? m[1]); d++) days.add(d);
  }
  return [...days].sort();
}

const DB_HELP = `The database is the service's: PostgreSQL when DATABASE_URL is set, else the embedded PGlite data folder (SAMSPIL_DATA_DIR, default ${DEFAULT_DATA_DIR}); its migrations are applied first.`;

export const operatorCommands: Record<string, Command> = {
  'tenant create': {
    summary: 'add a tenant (a municipality)',
    usage: 'samspil tenant create ID --name NAME [--closing-day YYYY-MM-DD ...] [--retention-days N] [--json]',
    help: `Adds a tenant. ID is how the API, the bots' settings and these commands name it: lowercase letters, digits and hyphens (e.g. aarhus); it cannot be changed. An ID in use already is refused (status 2).\n\n  --name NAME              the municipality's name (e.g. "Aarhus Kommune")\n  --closing-day DATE       a closing day of its own beyond the public holidays, YYYY-MM-DD (repeatable)\n  --retention-days N       erase closed cases N days after they closed (by default they are kept)\n  --json                   print the tenant as JSON\n\n${DB_HELP}`,
    options: { json, name: { type: 'string' }, 'closing-day': { type: 'string', multiple: true }, 'retention-days': { type: 'string' } },
    args: ['ID'],
    async run([id], values, env) {
      newTenantId(id!);
      const name = validate(Label, required(values, 'name'));
      if (!name.ok || name.value.length > 200) throw new UsageError('--name: must not be empty, at most 200 characters, and hold no CPR number');
      const closingDays = (values['closing-day'] as string[] | undefined) ?? [];
      for (const day of closingDays) if (!validate(IsoDate, day).ok) throw new UsageError(`--closing-day: ${JSON.stringify(day)} is not a date (YYYY-MM-DD)`);
      const retention = values['retention-days'] as string | undefined;
      if (retention !== undefined && !(/^\d{1,5}$/.test(retention) && Number(retention) >= 1)) throw new UsageError(`--retention-days: ${JSON.stringify(retention)} is not a whole number of days from 1`);
      return withUseCases(env, async (useCases) => {
        const created = await useCases.createTenant(OPERATOR, { id: id!, name: name.value, closingDays: [...new Set(closingDays)].sort(), retentionDays: retention === undefined ? null : Number(retention) });
        if (!created.ok) throw refusal(`tenant ${JSON.stringify(id)} exists already (samspil tenant show ${id})`);
        const { tenant } = created;
        print(values.json ? JSON.stringify(tenant) : `created tenant ${tenant.id}: ${tenant.name}${tenant.closingDays.length ? `, closing days ${tenant.closingDays.join(', ')}` : ''}${tenant.retentionDays ? `, closed cases erased after ${tenant.retentionDays} days` : ''}`);
        return 0;
      });
    },
  },
  'tenant list': {
    summary: 'list the tenants',
    usage: 'samspil tenant list [--json]',
    help: `Lists the tenants with their closing days and how many API keys each has in force.\n\n  --json                   print {"tenants": [...]}\n\n${DB_HELP}`,
    options: { json },
    args: [],
    async run(_args, values, env) {
      return withDb(env, async (db, store) => {
        const tenants = await store.listTenants(db);
        print(values.json ? JSON.stringify({ tenants }) : formatTenants(tenants));
        return 0;
      });
    },
  },
  'tenant show': {
    summary: 'show a tenant, its keys\' count and its linked workspaces',
    usage: 'samspil tenant show ID [--json]',
    help: `Shows a tenant: its name, closing days, how many API keys it has (in force and revoked) and the chat workspaces linked to it.\n\n  --json                   print the tenant with "keys" and "workspaces"\n\n${DB_HELP}`,
    options: { json },
    args: ['ID'],
    async run([id], values, env) {
      return withDb(env, async (db, store) => {
        const tenant = await existingTenant(db, store, id!, 'ID');
        const workspaces = await store.listWorkspaces(db, tenant.id);
        print(values.json ? JSON.stringify({ ...tenant, workspaces: workspaces.map(({ platform, workspaceId, linkedAt }) => ({ platform, workspaceId, linkedAt })) }) : formatTenant(tenant, workspaces));
        return 0;
      });
    },
  },
  'tenant set': {
    summary: "change a tenant's own settings: working days and hours, time zone, holidays, handover days, coordinator rule, RC's k",
    usage: 'samspil tenant set ID [--working-days 1-5] [--hours 08:00-16:00] [--time-zone ZONE] [--holidays dk|none] [--handover-days N] [--coordinator-departments N] [--min-respondents N] [--unset NAME ...] [--json]',
    help: `Changes a tenant's settings; what is not named stays as it is. Nudges, digests and RC invitations go out in its working hours on its business days, and the stall rules count its business days. The API does the same: PATCH /api/v1/settings (GET shows them). Running services use the change at their next turn.\n\n  --working-days DAYS      the ISO weekdays worked, 1 (Monday) to 7 (Sunday): a list or ranges, e.g. 1-5 or 1,2,3,4,5\n  --hours HH:MM-HH:MM      the working hours, local time (the end may be 24:00)\n  --time-zone ZONE         an IANA time zone, e.g. Europe/Copenhagen\n  --holidays dk|none       whose public holidays are closed (none: the closing days name them)\n  --handover-days N        a change of caseworker not taken over after N business days stalls the case\n  --coordinator-departments N  a case needs a plan coordinator from N departments\n  --min-respondents N      RC: ties rated by fewer respondents are suppressed\n  --unset NAME             back to the default: working-days, hours, time-zone, holidays, handover-days, coordinator-departments or min-respondents (repeatable)\n  --json                   print the settings as JSON\n\n${DB_HELP}`,
    options: {
      json,
      'working-days': { type: 'string' },
      hours: { type: 'string' },
      'time-zone': { type: 'string' },
      holidays: { type: 'string' },
      'handover-days': { type: 'string' },
      'coordinator-departments': { type: 'string' },
      'min-respondents': { type: 'string' },
      unset: { type: 'string', multiple: true },
    },
    args: ['ID'],
    async run([id], values, env) {
      const tenantId = newTenantId(id!);
      const patch: Record<string, unknown> = {};
      const unset = (values.unset as string[] | undefined) ?? [];
      for (const name of unset) {
        const key = SETTING_FLAGS[name];
        if (!key) throw new UsageError(`--unset: ${JSON.stringify(name)} is not one of ${Object.keys(SETTING_FLAGS).join(', ')}`);
        if (text(values, name) !== undefined) throw new UsageError(`--${name} and --unset ${name} contradict each other`);
        patch[key] = null;
      }
      const days = text(values, 'working-days');
      if (days !== undefined) patch.workingDays = weekdaysOf(days);
      const hours = text(values, 'hours');
      if (hours !== undefined) {
        const m = /^(\d\d:\d\d)-(\d\d:\d\d)$/.exec(hours);
        if (!m) throw new UsageError(`--hours: ${JSON.stringify(hours)} is not HH:MM-HH:MM (e.g. 08:00-16:00)`);
        patch.workingHours = { start: m[1], end: m[2] };
      }
      const zone = text(values, 'time-zone');
      if (zone !== undefined) patch.timeZone = zone;
      const holidays = text(values, 'holidays');
      if (holidays !== undefined) patch.publicHolidays = holidays;
      if (values['handover-days'] !== undefined) patch.handoverBusinessDays = intFlag('--handover-days', values['handover-days'], 1, 250);
      if (values['coordinator-departments'] !== undefined) patch.coordinator = { kind: 'departments', atLeast: intFlag('--coordinator-departments', values['coordinator-departments'], 2) };
      if (values['min-respondents'] !== undefined) patch.minRespondents = intFlag('--min-respondents', values['min-respondents'], 1, 100);
      if (!Object.keys(patch).length) throw new UsageError('name a setting to change (samspil tenant set --help lists them)');
      return withUseCases(env, async (useCases) => {
        const set = await useCases.changeSettings({ ...OPERATOR, tenant: tenantId }, patch);
        if (!set.ok) {
          if (set.reason === 'not-found') throw noTenant(tenantId, 'ID');
          const flag = Object.entries(SETTING_FLAGS).find(([, key]) => set.field?.split('.')[0] === key)?.[0];
          throw refusal(flag ? `--${flag}: ${set.detail}` : set.detail);
        }
        const s = set.settings;
        print(
          values.json
            ? JSON.stringify(s)
            : `tenant ${tenantId}: working days ${s.workingDays.join(',')}, hours ${s.workingHours.start}-${s.workingHours.end} ${s.timeZone}, holidays ${s.publicHolidays}, handover ${s.handoverBusinessDays} business days, coordinator ${s.coordinator.kind === 'departments' ? `from ${s.coordinator.atLeast} departments` : `for ${s.coordinator.combinations.length} combinations`}, RC k ${s.minRespondents}`,
        );
        return 0;
      });
    },
  },
  'key create': {
    summary: 'issue an API key for a tenant (printed once)',
    usage: 'samspil key create --tenant ID [--label L] [--rate-limit N] [--system NAME] [--json]',
    help: `Issues an API key for a tenant's case system and prints it, once: only its hash is kept, so keep the key now (in the vendor's secret store). Without --json only the key goes to stdout (KEY=$(samspil key create --tenant aarhus)).\n\n  --tenant ID              the tenant\n  --label L                what the key is for (e.g. the vendor), shown by key list\n  --rate-limit N           its own limit, requests a minute (default: the service's)\n  --system NAME            the case system the key is for (e.g. familie-sag): a reference it creates or links is labelled so, and its writes record it\n  --json                   print {"id", "tenant", "label", "rateLimit", "system" (when given), "createdAt", "key"}\n\n${DB_HELP}`,
    options: { json, tenant: { type: 'string' }, label: { type: 'string' }, 'rate-limit': { type: 'string' }, system: { type: 'string' } },
    args: [],
    async run(_args, values, env) {
      const tenantId = required(values, 'tenant');
      const label = (text(values, 'label') ?? '').trim();
      const system = text(values, 'system')?.trim() || null;
      if (system !== null && !isSystemLabel(system)) throw new UsageError('--system: a case system\'s name, letters, digits, . _ - (at most 64)');
      if (label.length > 200) throw new UsageError('--label: at most 200 characters');
      const rateLimit = values['rate-limit'] === undefined ? null : intFlag('--rate-limit', values['rate-limit'], 1, 1_000_000);
      return withUseCases(env, async (useCases) => {
        const created = await useCases.createApiKey(OPERATOR, tenantId, label, rateLimit, system);
        if (!created.ok) throw noTenant(tenantId, '--tenant');
        const { key, info } = created;
        if (values.json) {
          print(JSON.stringify({ id: info.id, tenant: info.tenant, label: info.label, rateLimit: info.rateLimit, system: info.system, createdAt: info.createdAt, key }));
        } else {
          print(key);
          note(`key ${info.id} for tenant ${info.tenant}: shown only now, keep it safe (samspil key revoke ${info.id} withdraws it)`);
        }
        return 0;
      });
    },
  },
  'key list': {
    summary: 'list a tenant\'s API keys (never the keys themselves)',
    usage: 'samspil key list --tenant ID [--json]',
    help: `Lists a tenant's API keys, revoked ones too: id, label, rate limit, when made, last used and revoked. Never a key or its hash (they are not kept, or not shown). "Last used" is updated when an instance checks the key, at most every 4 s.\n\n  --tenant ID              the tenant\n  --json                   print {"keys": [...]}\n\n${DB_HELP}`,
    options: { json, tenant: { type: 'string' } },
    args: [],
    async run(_args, values, env) {
      const tenantId = required(values, 'tenant');
      return withDb(env, async (db, store) => {
        await existingTenant(db, store, tenantId, '--tenant');
        const keys = await store.listApiKeys(db, tenantId);
        print(values.json ? JSON.stringify({ keys }) : formatKeys(tenantId, keys));
        return 0;
      });
    },
  },
  'key revoke': {
    summary: 'revoke an API key by its id',
    usage: 'samspil key revoke KEY-ID [--json]',
    help: `Revokes an API key by its id (the 12 hex digits after ssk_, as key list shows them). It stops working at once on the database; instances that checked it in the last 4 s accept it until then. Revoking a revoked key changes nothing (status 0).\n\n  --json                   print {"id", "tenant", "revokedAt", "revokedNow"}\n\n${DB_HELP}`,
    options: { json },
    args: ['KEY-ID'],
    async run([id], values, env) {
      if (!KEY_ID.test(id!))
        throw new UsageError(`KEY-ID: ${id!.startsWith('ssk_') ? 'give the key\'s id, not the key' : JSON.stringify(id)}: a key id is 12 hex digits (samspil key list --tenant ID shows them)`);
      return withUseCases(env, async (useCases) => {
        const revoked = await useCases.revokeApiKey(OPERATOR, id!);
        if (!revoked.ok) throw refusal(`KEY-ID: no key ${id}`);
        const { key, revokedNow } = revoked;
        const { revokedAt } = key;
        print(
          values.json
            ? JSON.stringify({ id, tenant: key.tenant, revokedAt, revokedNow })
            : revokedNow
              ? `revoked key ${id} of tenant ${key.tenant}; every instance refuses it within 4 s`
              : `key ${id} of tenant ${key.tenant} was revoked already (${time(revokedAt)})`,
        );
        return 0;
      });
    },
  },
  'workspace link': {
    summary: 'link a Slack workspace or a Teams (Entra) tenant to a tenant',
    usage: 'samspil workspace link slack|teams WORKSPACE-ID --tenant ID [--json]',
    help: `Links a chat workspace to a tenant, so the bot answers its people with the tenant's cases and the scheduler's messages reach them. WORKSPACE-ID is the Slack team id (T…) or the Entra tenant id (a GUID) for Teams. A workspace linked to another tenant is refused (status 2): unlink it first. Linking it again to the same tenant changes nothing.\n\n  --tenant ID              the tenant\n  --json                   print {"platform", "workspaceId", "tenant", "linkedAt", "linkedNow"}\n\n${DB_HELP}`,
    options: { json, tenant: { type: 'string' } },
    args: ['PLATFORM', 'WORKSPACE-ID'],
    async run([platformText, idText], values, env) {
      const platform = platformOf(platformText!);
      const workspaceId = workspaceIdOf(platform, idText!);
      const tenantId = required(values, 'tenant');
      return withUseCases(env, async (useCases) => {
        const linked = await useCases.linkWorkspace(OPERATOR, platform, workspaceId, tenantId);
        if (!linked.ok) throw linked.reason === 'not-found' ? noTenant(tenantId, '--tenant') : refusal(`${linked.detail} (samspil workspace unlink ${platform} ${workspaceId})`);
        const { workspace, linkedNow, others } = linked;
        if (linkedNow && others.length) note(`tenant ${tenantId} has ${platform} workspace ${others[0]!.workspaceId} too: the scheduler's messages go to the one linked first`);
        print(
          values.json
            ? JSON.stringify({ ...shown(workspace), linkedNow })
            : linkedNow
              ? `linked ${platform} workspace ${workspaceId} to tenant ${tenantId}`
              : `${platform} workspace ${workspaceId} is linked to tenant ${tenantId} already`,
        );
        return 0;
      });
    },
  },
  'workspace invite': {
    summary: 'a one-time invitation: a link that installs the Slack app, or a code that links a Teams organisation',
    usage: 'samspil workspace invite slack|teams --tenant ID [--days N] [--json]',
    help: `Makes a one-time invitation: the link installs the Slack app (by OAuth) in the workspace of whoever follows it, bound to the tenant. It works once, for N days (7 by default); only a hash of it is kept. The service needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET, SAMSPIL_ENCRYPTION_KEY and SAMSPIL_PUBLIC_URL (which the link starts with; without it the path is printed). For Teams it prints a code: a person of the organisation sends "link CODE" to the bot in a 1:1 chat, and their Entra tenant is linked to the tenant.\n\n  --tenant ID              the tenant\n  --days N                 how long the link works (1-30, default 7)\n  --json                   print {"tenant", "platform", "expiresAt", "link"}\n\n${DB_HELP}`,
    options: { json, tenant: { type: 'string' }, days: { type: 'string' } },
    args: ['PLATFORM'],
    async run([platformText], values, env) {
      const platform = platformOf(platformText!);
      const tenantId = required(values, 'tenant');
      const days = values.days === undefined ? INVITATION_DAYS.default : intFlag('--days', values.days, 1, INVITATION_DAYS.max);
      return withUseCases(env, async (useCases) => {
        const invited = await useCases.invite(OPERATOR, platform, tenantId, days, env.SAMSPIL_PUBLIC_URL);
        if (!invited.ok) throw noTenant(tenantId, '--tenant');
        const { invitation } = invited;
        const until = time(new Date(invitation.expiresAt));
        print(values.json ? JSON.stringify(invitation) : (invitation.code ?? invitation.link!));
        if (invitation.code) note(`one-time code for tenant ${tenantId}, valid until ${until}: someone of the organisation sends "link ${invitation.code.slice(0, 8)}…" to the Samspil bot in a 1:1 chat in Teams`);
        else note(`one-time install link for tenant ${tenantId}, valid until ${until}: send it to the municipality's Slack administrator`);
        return 0;
      });
    },
  },
  'workspace list': {
    summary: 'list the linked chat workspaces',
    usage: 'samspil workspace list [--tenant ID] [--json]',
    help: `Lists the chat workspaces linked to tenants: platform, workspace id, tenant and when linked.\n\n  --tenant ID              only this tenant's\n  --json                   print {"workspaces": [...]}\n\n${DB_HELP}`,
    options: { json, tenant: { type: 'string' } },
    args: [],
    async run(_args, values, env) {
      const tenantId = text(values, 'tenant');
      return withDb(env, async (db, store) => {
        if (tenantId !== undefined) await existingTenant(db, store, tenantId, '--tenant');
        const workspaces = await store.listWorkspaces(db, tenantId);
        print(values.json ? JSON.stringify({ workspaces: workspaces.map(shown) }) : formatWorkspaces(workspaces));
        return 0;
      });
    },
  },
  'workspace set': {
    summary: "change a linked chat workspace's settings: coordination channel, language, Teams' team",
    usage: 'samspil workspace set slack|teams WORKSPACE-ID [--channel ID] [--language da|en] [--team ID] [--unset channel|language|team ...] [--json]',
    help: `Changes the settings of a linked workspace; what is not named stays as it is. They replace the bot's environment variables (SLACK_COORDINATION_CHANNEL, TEAMS_COORDINATION_CHANNEL, SLACK_LANGUAGE, TEAMS_LANGUAGE, TEAMS_TEAM_ID), which remain the defaults for a workspace that has not set one. The API does the same: PATCH /api/v1/chat-workspaces/{platform}/{workspace}. Running services use the change within 30 s.\n\n  --channel ID             coordinations open as threads in this channel (Slack C…, Teams 19:…@thread.tacv2)\n  --language da|en         the language the bot speaks there\n  --team ID                Teams: the team coordinations open in and whose roster counts (its General channel's id)\n  --unset NAME             back to the default: channel, language or team (repeatable)\n  --json                   print {"platform", "workspaceId", "tenant", "linkedAt", "settings"}\n\n${DB_HELP}`,
    options: { json, channel: { type: 'string' }, language: { type: 'string' }, team: { type: 'string' }, unset: { type: 'string', multiple: true } },
    args: ['PLATFORM', 'WORKSPACE-ID'],
    async run([platformText, idText], values, env) {
      const platform = platformOf(platformText!);
      const workspaceId = workspaceIdOf(platform, idText!);
      const names = { channel: 'coordinationChannel', language: 'language', team: 'team' } as const;
      const unset = (values.unset as string[] | undefined) ?? [];
      for (const name of unset) if (!(name in names)) throw new UsageError(`--unset: ${JSON.stringify(name)} is not channel, language or team`);
      const asked: Record<string, unknown> = Object.fromEntries(unset.map((name) => [names[name as keyof typeof names], null]));
      for (const flag of ['channel', 'language', 'team'] as const) {
        const value = text(values, flag);
        if (value === undefined) continue;
        if (unset.includes(flag)) throw new UsageError(`--${flag} and --unset ${flag} contradict each other`);
        asked[names[flag]] = value;
      }
      if (!Object.keys(asked).length) throw new UsageError('name a setting to change: --channel, --language, --team or --unset');
      const parsed = ChatSettingsPatch.safeParse(asked);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        const flag = Object.entries(names).find(([, key]) => key === issue.path[0])?.[0] ?? String(issue.path[0]);
        throw new UsageError(`--${flag}: ${issue.message}`);
      }
      // The use case checks it too; here it is told before the database is opened, by the flag's name.
      const problem = settingsProblem(platform, parsed.data);
      if (problem) throw new UsageError(problem.replace(/^coordinationChannel:/, '--channel:').replace(/^team:/, '--team:'));
      return withUseCases(env, async (useCases) => {
        const set = await useCases.changeChatSettings(OPERATOR, platform, workspaceId, parsed.data);
        if (!set.ok) throw refusal(set.reason === 'not-found' ? `${platform} workspace ${workspaceId} is not linked (samspil workspace link ${platform} ${workspaceId} --tenant ID links it)` : set.detail);
        const changed = set.workspace;
        const view = settingsView(changed.settings);
        print(values.json ? JSON.stringify(shown(changed)) : `${platform} workspace ${workspaceId} (tenant ${changed.tenant}): ${Object.entries(view).map(([k, v]) => `${k} ${v}`).join(', ') || 'the defaults'}`);
        return 0;
      });
    },
  },
  'workspace unlink': {
    summary: 'unlink a chat workspace from its tenant',
    usage: 'samspil workspace unlink slack|teams WORKSPACE-ID [--json]',
    help: `Unlinks a chat workspace from its tenant, with what the bot kept about it (its coordination channel, Teams' conversation references): the bot no longer answers there. Other instances notice within 30 s. A workspace not linked is refused (status 2).\n\n  --json                   print {"platform", "workspaceId", "tenant"}\n\n${DB_HELP}`,
    options: { json },
    args: ['PLATFORM', 'WORKSPACE-ID'],
    async run([platformText, workspaceId], values, env) {
      const platform = platformOf(platformText!);
      return withUseCases(env, async (useCases) => {
        const unlinked = await useCases.unlinkWorkspace(OPERATOR, platform, workspaceId!);
        const tenant = unlinked.ok ? unlinked.tenant : undefined;
        if (!tenant) throw refusal(`${platform} workspace ${JSON.stringify(workspaceId)} is not linked (samspil workspace list shows those that are)`);
        print(values.json ? JSON.stringify({ platform, workspaceId, tenant }) : `unlinked ${platform} workspace ${workspaceId} from tenant ${tenant}`);
        return 0;
      });
    },
  },
  backup: {
    summary: 'back up the embedded database (PGlite) to a file',
    usage: 'samspil backup FILE [--force] [--json]',
    help: `Writes the embedded database (the PGlite data folder, SAMSPIL_DATA_DIR, default ${DEFAULT_DATA_DIR}) to FILE, a tar.gz as PGlite dumps it. Refused while a service (or another command) has the folder open: stop it first. With DATABASE_URL set, use pg_dump.\n\n  --force                  overwrite FILE if it exists\n  --json                   print {"file", "dataDir", "bytes"}`,
    options: { json, force: { type: 'boolean' } },
    async run([file], values, env) {
      const dataDir = embedded(env, 'backup');
      if (!existsSync(dirname(file!))) throw new UsageError(`FILE: there is no folder ${dirname(file!)}`);
      const { backupDataDir } = await import('../store/backup.js');
      const { bytes } = await backupDataDir(dataDir, file!, { overwrite: values.force === true });
      print(values.json ? JSON.stringify({ file, dataDir, bytes }) : `backed up ${dataDir} to ${file} (${(bytes / 1e6).toFixed(1)} MB)`);
      return 0;
    },
  },
  restore: {
    summary: 'restore the embedded database (PGlite) from a backup',
    usage: 'samspil restore FILE [--force] [--json]',
    help: `Makes the embedded database (the PGlite data folder, SAMSPIL_DATA_DIR, default ${DEFAULT_DATA_DIR}) the one in FILE, made by samspil backup. Refused when the folder holds a database already (unless --force) or other files, and while a service (or another command) has it open. The backup is unpacked and checked beside the folder first: a bad file leaves the folder as it was. With DATABASE_URL set, use pg_restore.\n\n  --force                  replace the database in the folder\n  --json                   print {"file", "dataDir", "replaced"}`,
    options: { json, force: { type: 'boolean' } },
    async run([file], values, env) {
      const dataDir = embedded(env, 'restore');
      const { restoreDataDir } = await import('../store/backup.js');
      const { replaced } = await restoreDataDir(file!, dataDir, { replace: values.force === true });
      print(values.json ? JSON.stringify({ file, dataDir, replaced }) : `restored ${file} into ${dataDir}${replaced ? ' (the database that was there is replaced)' : ''}`);
      return 0;
    },
  },
};
