// The operator's commands, run as a real process (bin/samspil.mjs) against a PGlite data
// folder and a fresh PostgreSQL database, as an operator would.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../src/store/db.js';
import { authenticateApiKey } from '../src/store/tenants.js';
import { createTestDatabase, postgresReachable } from '../src/testing.js';

const bin = fileURLToPath(new URL('../bin/samspil.mjs', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'samspil-operator-'));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}
function samspil(args: string[], env: NodeJS.ProcessEnv): Run {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: tmp, env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
/** Runs a command that must succeed; its stdout as JSON. */
function ok<T = Record<string, unknown>>(args: string[], env: NodeJS.ProcessEnv): T {
  const r = samspil([...args, '--json'], env);
  expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout) as T;
}
function refused(args: string[], env: NodeJS.ProcessEnv, message: string | RegExp): Run {
  const r = samspil(args, env);
  expect(r.status, `${args.join(' ')}: ${r.stdout}`).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(message);
  return r;
}

interface Target {
  kind: 'pglite' | 'postgres';
  env: NodeJS.ProcessEnv;
  /** The database in this process (for PGlite: holding the folder until closed). */
  open(): Promise<Db>;
  drop(): Promise<void>;
}

function pgliteTarget(name: string): Target {
  const dataDir = join(tmp, name, 'data');
  return { kind: 'pglite', env: { DATABASE_URL: '', SAMSPIL_DATA_DIR: dataDir }, open: () => openDb({ dataDir }), drop: async () => {} };
}

const targets: (() => Promise<Target>)[] = [async () => pgliteTarget('main')];
if (await postgresReachable()) {
  targets.push(async () => {
    const database = await createTestDatabase('samspil_operator');
    // SAMSPIL_DATA_DIR points where nothing may be written: DATABASE_URL must win.
    return { kind: 'postgres', env: { DATABASE_URL: database.url, SAMSPIL_DATA_DIR: join(tmp, 'never') }, open: () => openDb({ url: database.url, poolSize: 1 }), drop: database.drop };
  });
}

// Each command starts a process that opens the database (PGlite: a second or two).
describe.each(targets.map((make, i) => [i === 0 ? 'pglite' : 'postgres', make] as const))('operator commands on %s', { timeout: 180_000 }, (_kind, make) => {
  let target: Target;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    target = await make();
    env = target.env;
  });
  afterAll(async () => {
    await target?.drop();
  });

  it('creates, lists and shows tenants; refuses a duplicate, a bad date, a bad id and a missing name', () => {
    const created = samspil(['tenant', 'create', 'aarhus', '--name', 'Aarhus Kommune', '--closing-day', '2026-12-31', '--closing-day', '2026-12-24'], env);
    expect(created.status, created.stderr).toBe(0);
    expect(created.stdout).toBe('created tenant aarhus: Aarhus Kommune, closing days 2026-12-24, 2026-12-31\n');
    expect(ok(['tenant', 'create', 'odense', '--name', 'Odense Kommune', '--retention-days', '365'], env)).toMatchObject({ id: 'odense', name: 'Odense Kommune', closingDays: [], keys: { active: 0, revoked: 0 }, retentionDays: 365 });
    refused(['tenant', 'create', 'vejle', '--name', 'Vejle', '--retention-days', '0'], env, /--retention-days: "0" is not a whole number of days/);

    refused(['tenant', 'create', 'aarhus', '--name', 'Aarhus igen'], env, /tenant "aarhus" exists already/);
    refused(['tenant', 'create', 'vejle', '--name', 'Vejle', '--closing-day', '2026-02-30'], env, /--closing-day: "2026-02-30" is not a date/);
    refused(['tenant', 'create', 'vejle'], env, /--name is required/);
    refused(['tenant', 'create', 'Vejle Kommune', '--name', 'Vejle'], env, /ID: "Vejle Kommune" is not a tenant id/);
    refused(['tenant', 'create', '010190-1234', '--name', 'Vejle'], env, /is not a tenant id/);
    refused(['tenant', 'show', 'vejle'], env, /no tenant "vejle"/);

    const { tenants } = ok<{ tenants: { id: string; name: string; closingDays: string[]; createdAt: string }[] }>(['tenant', 'list'], env);
    expect(tenants.map((t) => [t.id, t.name, t.closingDays])).toEqual([
      ['aarhus', 'Aarhus Kommune', ['2026-12-24', '2026-12-31']],
      ['odense', 'Odense Kommune', []],
    ]);
    expect(Date.parse(tenants[0]!.createdAt)).toBeGreaterThan(Date.now() - 600_000);
    expect(samspil(['tenant', 'list'], env).stdout).toMatch(/^id\s+name\s+keys\s+closing days\s+created\naarhus\s+Aarhus Kommune\s+0\s+2026-12-24, 2026-12-31/);
    expect(ok(['tenant', 'show', 'aarhus'], env)).toMatchObject({ id: 'aarhus', keys: { active: 0, revoked: 0 }, workspaces: [] });
  });

  it("sets a tenant's own settings (issue 24): what is named changes, the rest stays; --unset restores a default; a bad value is refused by its flag", () => {
    expect(ok(['tenant', 'set', 'odense', '--working-days', '1-4', '--hours', '12:00-20:00', '--time-zone', 'America/Nuuk', '--handover-days', '3'], env)).toMatchObject({
      workingDays: [1, 2, 3, 4],
      workingHours: { start: '12:00', end: '20:00' },
      timeZone: 'America/Nuuk',
      handoverBusinessDays: 3,
      publicHolidays: 'dk',
      coordinator: { kind: 'departments', atLeast: 2 },
    });
    const set = samspil(['tenant', 'set', 'odense', '--coordinator-departments', '3', '--unset', 'handover-days'], env);
    expect(set.status, set.stderr).toBe(0);
    expect(set.stdout).toBe('tenant odense: working days 1,2,3,4, hours 12:00-20:00 America/Nuuk, holidays dk, handover 2 business days, coordinator from 3 departments, RC k 3\n');
    refused(['tenant', 'set', 'odense', '--time-zone', 'Mars/Olympus'], env, /--time-zone: must be an IANA time zone/);
    refused(['tenant', 'set', 'odense', '--hours', '20:00-12:00'], env, /--hours: start must be before end/);
    refused(['tenant', 'set', 'odense', '--hours', '8-16'], env, /--hours: "8-16" is not HH:MM-HH:MM/);
    refused(['tenant', 'set', 'odense', '--working-days', '1-8'], env, /--working-days: "1-8" is not a list of ISO weekdays/);
    refused(['tenant', 'set', 'odense'], env, /name a setting to change/);
    refused(['tenant', 'set', 'vejle', '--handover-days', '2'], env, /no tenant "vejle"/);
    // The other tenant keeps today's behaviour.
    expect(ok(['tenant', 'set', 'aarhus', '--holidays', 'dk'], env)).toMatchObject({ workingHours: { start: '08:00', end: '16:00' }, timeZone: 'Europe/Copenhagen' });
  });

  it('issues a key that authenticates, with its rate limit; lists keys without the key or its hash; revokes', async () => {
    const made = ok<{ id: string; tenant: string; label: string; rateLimit: number | null; key: string }>(['key', 'create', '--tenant', 'aarhus', '--label', 'Fagsystem A/S', '--rate-limit', '120'], env);
    expect(made).toMatchObject({ tenant: 'aarhus', label: 'Fagsystem A/S', rateLimit: 120 });
    expect(made.key).toMatch(new RegExp(`^ssk_${made.id}_[A-Za-z0-9_-]{43}$`));
    // Without --json only the key is on stdout, for KEY=$(samspil key create ...).
    const plain = samspil(['key', 'create', '--tenant', 'aarhus'], env);
    expect(plain.status).toBe(0);
    expect(plain.stdout).toMatch(/^ssk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}\n$/);
    expect(plain.stderr).toContain('shown only now');
    refused(['key', 'create', '--tenant', 'vejle'], env, /--tenant: no tenant "vejle"/);
    refused(['key', 'create'], env, /--tenant is required/);
    refused(['key', 'create', '--tenant', 'aarhus', '--rate-limit', '0'], env, /--rate-limit: "0" is not an integer from 1/);

    let db = await target.open();
    try {
      expect(await authenticateApiKey(db, made.key, Date.now())).toEqual({ tenant: { id: 'aarhus', name: 'Aarhus Kommune', closingDays: ['2026-12-24', '2026-12-31'] }, keyId: made.id, rateLimit: 120 });
      expect((await authenticateApiKey(db, plain.stdout.trim(), Date.now()))?.rateLimit).toBeNull();
      // A wrong secret for the same id is refused and does not count as a use.
      expect(await authenticateApiKey(db, `ssk_${made.id}_${'x'.repeat(43)}`, Date.now())).toBeUndefined();
    } finally {
      await db.close();
    }

    const secret = made.key.slice('ssk_'.length + 13);
    const hash = createHash('sha256').update(secret).digest('hex');
    const listed = ok<{ keys: Record<string, unknown>[] }>(['key', 'list', '--tenant', 'aarhus'], env);
    const text = samspil(['key', 'list', '--tenant', 'aarhus'], env).stdout;
    for (const out of [JSON.stringify(listed), text]) {
      expect(out).not.toContain(secret);
      expect(out).not.toContain(hash);
      expect(out).not.toContain('ssk_');
    }
    expect(Object.keys(listed.keys[0]!).sort()).toEqual(['createdAt', 'id', 'label', 'lastUsedAt', 'rateLimit', 'revokedAt', 'tenant']);
    const first = listed.keys.find((k) => k.id === made.id)!;
    expect(first).toMatchObject({ label: 'Fagsystem A/S', rateLimit: 120, revokedAt: null });
    expect(Date.parse(first.lastUsedAt as string)).toBeGreaterThan(Date.now() - 600_000);
    expect(text).toMatch(new RegExp(`${made.id}\\s+Fagsystem A/S\\s+120/min`));
    expect(ok(['tenant', 'show', 'aarhus'], env)).toMatchObject({ keys: { active: 2, revoked: 0 } });

    const revoked = samspil(['key', 'revoke', made.id], env);
    expect(revoked.status, revoked.stderr).toBe(0);
    expect(revoked.stdout).toContain(`revoked key ${made.id} of tenant aarhus`);
    expect(ok(['key', 'revoke', made.id], env)).toMatchObject({ id: made.id, tenant: 'aarhus', revokedNow: false });
    refused(['key', 'revoke', '0123456789ab'], env, /no key 0123456789ab/);
    refused(['key', 'revoke', made.key], env, /give the key's id, not the key/);
    expect(ok<{ keys: { id: string; revokedAt: string | null }[] }>(['key', 'list', '--tenant', 'aarhus'], env).keys.find((k) => k.id === made.id)!.revokedAt).not.toBeNull();
    expect(ok(['tenant', 'show', 'aarhus'], env)).toMatchObject({ keys: { active: 1, revoked: 1 } });

    db = await target.open();
    try {
      expect(await authenticateApiKey(db, made.key, Date.now())).toBeUndefined();
    } finally {
      await db.close();
    }
  });

  it('links, lists and unlinks workspaces; refuses a workspace linked elsewhere', () => {
    const TEAMS = '4f0c3a1e-5b7d-4c2a-9e8f-0123456789ab';
    expect(samspil(['workspace', 'link', 'slack', 'T0AARHUS', '--tenant', 'aarhus'], env).stdout).toBe('linked slack workspace T0AARHUS to tenant aarhus\n');
    expect(ok(['workspace', 'link', 'teams', TEAMS, '--tenant', 'odense'], env)).toMatchObject({ platform: 'teams', workspaceId: TEAMS, tenant: 'odense', linkedNow: true });
    expect(ok(['workspace', 'link', 'slack', 'T0AARHUS', '--tenant', 'aarhus'], env)).toMatchObject({ linkedNow: false });
    refused(['workspace', 'link', 'slack', 'T0AARHUS', '--tenant', 'odense'], env, /linked to tenant aarhus; unlink it first/);
    refused(['workspace', 'link', 'discord', 'T0AARHUS', '--tenant', 'aarhus'], env, /PLATFORM: "discord" is not slack or teams/);
    refused(['workspace', 'link', 'teams', 'T0AARHUS', '--tenant', 'aarhus'], env, /WORKSPACE-ID: "T0AARHUS" is not an Entra/);
    refused(['workspace', 'link', 'slack', 'T0VEJLE', '--tenant', 'vejle'], env, /no tenant "vejle"/);
    refused(['workspace', 'link', 'slack', 'T0VEJLE'], env, /--tenant is required/);

    const all = ok<{ workspaces: { platform: string; workspaceId: string; tenant: string }[] }>(['workspace', 'list'], env).workspaces;
    expect(all.map((w) => [w.platform, w.workspaceId, w.tenant])).toEqual([
      ['slack', 'T0AARHUS', 'aarhus'],
      ['teams', TEAMS, 'odense'],
    ]);
    expect(ok<{ workspaces: unknown[] }>(['workspace', 'list', '--tenant', 'odense'], env).workspaces).toHaveLength(1);
    expect(ok(['tenant', 'show', 'aarhus'], env)).toMatchObject({ workspaces: [{ platform: 'slack', workspaceId: 'T0AARHUS' }] });
    expect(samspil(['tenant', 'show', 'aarhus'], env).stdout).toMatch(/workspaces\s+slack T0AARHUS \(linked /);

    // Settings: what is named changes, the rest stays; --unset goes back to the default.
    expect(ok(['workspace', 'set', 'slack', 'T0AARHUS', '--channel', 'C0KOORD', '--language', 'en'], env)).toMatchObject({ tenant: 'aarhus', settings: { coordinationChannel: 'C0KOORD', language: 'en' } });
    expect(ok(['workspace', 'set', 'slack', 'T0AARHUS', '--unset', 'language'], env)).toMatchObject({ settings: { coordinationChannel: 'C0KOORD' } });
    expect(ok<{ settings: object }>(['workspace', 'set', 'slack', 'T0AARHUS', '--unset', 'language'], env).settings).toEqual({ coordinationChannel: 'C0KOORD' });
    expect(samspil(['workspace', 'list', '--tenant', 'aarhus'], env).stdout).toMatch(/coordinationChannel C0KOORD/);
    expect(ok(['workspace', 'set', 'teams', TEAMS, '--team', '19:abc@thread.tacv2', '--channel', '19:koord@thread.tacv2'], env)).toMatchObject({ settings: { team: '19:abc@thread.tacv2', coordinationChannel: '19:koord@thread.tacv2' } });
    refused(['workspace', 'set', 'slack', 'T0AARHUS', '--team', '19:abc@thread.tacv2'], env, /--team: only Teams has a team/);
    refused(['workspace', 'set', 'slack', 'T0AARHUS', '--channel', '#koordinering'], env, /--channel: is not a Slack channel id/);
    refused(['workspace', 'set', 'slack', 'T0AARHUS', '--language', 'de'], env, /--language: /);
    refused(['workspace', 'set', 'slack', 'T0AARHUS', '--unset', 'colour'], env, /--unset: "colour" is not channel, language or team/);
    refused(['workspace', 'set', 'slack', 'T0AARHUS'], env, /name a setting to change/);
    refused(['workspace', 'set', 'slack', 'T0NOWHERE', '--language', 'en'], env, /T0NOWHERE is not linked/);

    expect(samspil(['workspace', 'unlink', 'teams', TEAMS], env).stdout).toBe(`unlinked teams workspace ${TEAMS} from tenant odense\n`);
    refused(['workspace', 'unlink', 'teams', TEAMS], env, /is not linked/);
    expect(ok<{ workspaces: unknown[] }>(['workspace', 'list', '--tenant', 'odense'], env).workspaces).toEqual([]);
    // Linked elsewhere no more: it may now go to another tenant.
    expect(ok(['workspace', 'link', 'teams', TEAMS, '--tenant', 'aarhus'], env)).toMatchObject({ tenant: 'aarhus', linkedNow: true });
  });

  it('invites a municipality to install the Slack app: a one-time link, its invitation valid for the tenant', async () => {
    const made = ok<{ tenant: string; platform: string; expiresAt: string; link: string }>(['workspace', 'invite', 'slack', '--tenant', 'aarhus', '--days', '3'], { ...env, SAMSPIL_PUBLIC_URL: 'https://samspil.example.dk/' });
    expect(made).toMatchObject({ tenant: 'aarhus', platform: 'slack' });
    expect(Date.parse(made.expiresAt) - Date.now()).toBeGreaterThan(2.9 * 86_400_000);
    const code = /^https:\/\/samspil\.example\.dk\/slack\/install\?invitation=(inv_[\w-]+)$/.exec(made.link)?.[1];
    expect(code).toBeTruthy();
    expect(ok<{ code: string }>(['workspace', 'invite', 'teams', '--tenant', 'aarhus'], env).code).toMatch(/^inv_/);
    refused(['workspace', 'invite', 'discord', '--tenant', 'aarhus'], env, /PLATFORM: "discord" is not slack or teams/);
    refused(['workspace', 'invite', 'slack', '--tenant', 'vejle'], env, /no tenant "vejle"/);
    refused(['workspace', 'invite', 'slack', '--tenant', 'aarhus', '--days', '90'], env, /--days/);
    const db = await target.open();
    try {
      const { invitationTenant } = await import('../src/store/installations.js');
      expect(await invitationTenant(db, 'slack', code!, new Date())).toBe('aarhus');
    } finally {
      await db.close();
    }
  });

  it('backup and restore: the embedded database only', () => {
    if (target.kind === 'postgres') {
      refused(['backup', join(tmp, 'pg.tar.gz')], env, /pg_dump/);
      refused(['restore', join(tmp, 'pg.tar.gz')], env, /pg_restore/);
      expect(existsSync(join(tmp, 'never'))).toBe(false);
      return;
    }
    const file = join(tmp, 'main.tar.gz');
    const made = ok<{ file: string; bytes: number }>(['backup', file], env);
    expect(made.bytes).toBeGreaterThan(0);
    refused(['backup', file], env, /exists already/);

    const fresh = { DATABASE_URL: '', SAMSPIL_DATA_DIR: join(tmp, 'restored', 'data') };
    expect(ok(['restore', file], fresh)).toMatchObject({ replaced: false });
    expect(ok(['tenant', 'show', 'aarhus'], fresh)).toMatchObject({ name: 'Aarhus Kommune', keys: { active: 1, revoked: 1 }, workspaces: [{ workspaceId: 'T0AARHUS' }, { platform: 'teams' }] });

    // Over a database: refused without --force, and the folder keeps its data.
    ok(['tenant', 'create', 'vejle', '--name', 'Vejle Kommune'], fresh);
    refused(['restore', file], fresh, /holds a database already; --force replaces it/);
    expect(ok(['tenant', 'show', 'vejle'], fresh)).toMatchObject({ id: 'vejle' });
    expect(ok(['restore', file, '--force'], fresh)).toMatchObject({ replaced: true });
    refused(['tenant', 'show', 'vejle'], fresh, /no tenant "vejle"/);
    expect(readdirSync(join(tmp, 'restored'))).toEqual(['data']);

    // Not a backup: refused, and nothing is left behind.
    const bad = join(tmp, 'bad.tar.gz');
    writeFileSync(bad, 'not a backup');
    refused(['restore', bad], { DATABASE_URL: '', SAMSPIL_DATA_DIR: join(tmp, 'bad', 'data') }, /is not a backup/);
    expect(existsSync(join(tmp, 'bad', 'data'))).toBe(false);
  });

  it('refuses backup, restore and every command while the data folder is open elsewhere; a stale lock is taken over', async () => {
    if (target.kind === 'postgres') return;
    const db = await target.open();
    try {
      const held = new RegExp(`in use by process ${process.pid}`);
      refused(['backup', join(tmp, 'while-open.tar.gz')], env, held);
      refused(['restore', '--force', join(tmp, 'main.tar.gz')], env, held);
      refused(['tenant', 'list'], env, held);
      expect(existsSync(join(tmp, 'while-open.tar.gz'))).toBe(false);
    } finally {
      await db.close();
    }
    // A lock left by a process that is gone.
    writeFileSync(`${env.SAMSPIL_DATA_DIR}.lock`, '999999999\n');
    expect(ok(['backup', join(tmp, 'after.tar.gz')], env)).toMatchObject({ file: join(tmp, 'after.tar.gz') });
    expect(existsSync(`${env.SAMSPIL_DATA_DIR}.lock`)).toBe(false);
  });
});

describe('operator commands: invocation', { timeout: 30_000 }, () => {
  const commands = ['tenant create', 'tenant list', 'tenant show', 'tenant set', 'key create', 'key list', 'key revoke', 'workspace link', 'workspace invite', 'workspace list', 'workspace set', 'workspace unlink', 'backup', 'restore'];

  it.each(commands)('%s --help prints its usage without touching a database', (command) => {
    const r = samspil([...command.split(' '), '--help'], { DATABASE_URL: '', SAMSPIL_DATA_DIR: join(tmp, 'help', 'data') });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`usage: samspil ${command}`);
    expect(existsSync(join(tmp, 'help'))).toBe(false);
  });

  it('lists the groups, refuses a wrong argument count, and exits 1 when the database is unreachable', () => {
    const overview = samspil(['--help'], {}).stdout;
    for (const command of commands) expect(overview).toContain(`samspil ${command}`);
    expect(samspil(['key', '--help'], {}).stdout).toContain('samspil key revoke');
    refused(['tenant', 'show'], {}, /expected ID, got nothing/);
    refused(['workspace', 'unlink', 'slack'], {}, /expected PLATFORM WORKSPACE-ID, got "slack"/);
    refused(['tenant', 'list', 'extra'], {}, /takes no arguments, got "extra"/);
    refused(['tenant', 'list'], { DATABASE_URL: 'mysql://localhost/samspil' }, /DATABASE_URL: expected postgres:/);
    const down = samspil(['tenant', 'list'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/samspil' });
    expect(down.status).toBe(1);
    expect(down.stderr).toContain('ECONNREFUSED');
  });
});
