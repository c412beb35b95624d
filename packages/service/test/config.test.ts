import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTenant, errorCode, ErrorCode, migrate, openDb, type ChatAdapterFactory } from '@samspil/server';
import { ConfigError, serviceConfig } from '../src/config.js';
import { linkedAtStart, startFailure } from '../src/start.js';

const main = new URL('../dist/main.js', import.meta.url).pathname;

/** `npm start` as a process: its output until it prints that it runs (then it is stopped), or until it exits. */
function start(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'samspil-config-')), 'data');
  const child = spawn(process.execPath, [main], { env: { PATH: process.env.PATH!, PORT: '0', SAMSPIL_DATA_DIR: dataDir, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve) => {
    const take = (chunk: Buffer) => {
      out += chunk;
      if (out.includes('Ctrl+C stops it.')) child.kill('SIGTERM');
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('the environment', () => {
  it('reads booleans strictly: 1/true/yes/on and 0/false/no/off, anything else names the variable', () => {
    for (const on of ['1', 'true', 'YES', 'on']) expect(serviceConfig({ SAMSPIL_DEMO: on, DATABASE_URL: 'postgres://x/y' }).demo).toBe(true);
    for (const off of ['0', 'false', 'No', 'off']) expect(serviceConfig({ SAMSPIL_DEMO: off }).demo).toBe(false);
    expect(() => serviceConfig({ SAMSPIL_DEMO: 'maybe', PORT: 'eighty' })).toThrow(ConfigError);
    try {
      serviceConfig({ SAMSPIL_DEMO: 'maybe', PORT: 'eighty' });
    } catch (error) {
      expect((error as ConfigError).problems.map((p) => p.split(':')[0])).toEqual(['PORT', 'SAMSPIL_DEMO']);
    }
  });

  it('checks every variable it knows, the chat adapters\' included, and names each bad one at once', () => {
    try {
      serviceConfig({ SAMSPIL_DB_POOL: '0', SAMSPIL_CORS_ORIGINS: 'https://ok.example.dk, not an origin', SLACK_LANGUAGE: 'de', TEAMS_SERVICE_HOSTS: 'smba.trafficmanager.net,/path', SAMSPIL_LOG_LEVEL: 'loud', SAMSPIL_TOKEN_SECRET: 'short' });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).problems.map((p) => p.split(':')[0])).toEqual(['SAMSPIL_CORS_ORIGINS', 'SAMSPIL_DB_POOL', 'SAMSPIL_LOG_LEVEL', 'SAMSPIL_TOKEN_SECRET', 'SLACK_LANGUAGE', 'TEAMS_SERVICE_HOSTS']);
    }
    const config = serviceConfig({ SAMSPIL_CORS_ORIGINS: 'https://a.example.dk,https://b.example.dk', SAMSPIL_DB_POOL: '20', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'g', PATH: '/bin' });
    expect(config).toMatchObject({ corsOrigins: ['https://a.example.dk', 'https://b.example.dk'], poolSize: 20, port: 8080, chat: { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'g' } });
    expect(config.chat).not.toHaveProperty('PATH');
  });

  it('trusts no proxy by default; SAMSPIL_TRUSTED_PROXIES takes addresses and CIDRs, and names a bad one', () => {
    expect(serviceConfig({}).trustedProxies).toEqual([]);
    expect(serviceConfig({ SAMSPIL_TRUSTED_PROXIES: '10.0.0.5, 10.1.0.0/16,fd00::/8, loopback' }).trustedProxies).toEqual(['10.0.0.5', '10.1.0.0/16', 'fd00::/8', 'loopback']);
    for (const bad of ['10.0.0.0/33', '999.1.1.1', 'proxy.example.dk', '10.0.0.1/8/8', '::1/129']) {
      try {
        serviceConfig({ SAMSPIL_TRUSTED_PROXIES: `10.0.0.5,${bad}` });
        expect.unreachable(bad);
      } catch (error) {
        expect((error as ConfigError).problems, bad).toEqual(['SAMSPIL_TRUSTED_PROXIES: expected addresses or CIDRs such as 10.0.0.5 or 10.0.0.0/8, separated by commas']);
      }
    }
  });

  it('runs the demo by default only on the embedded database at a loopback address', () => {
    expect(serviceConfig({}).demo).toBe(true);
    expect(serviceConfig({ HOST: 'localhost' }).demo).toBe(true);
    expect(serviceConfig({ DATABASE_URL: 'postgres://db/samspil' }).demo).toBe(false);
    expect(serviceConfig({ HOST: '0.0.0.0' }).demo).toBe(false);
    expect(serviceConfig({ HOST: '10.0.0.5' }).demo).toBe(false);
    expect(serviceConfig({ HOST: '0.0.0.0', SAMSPIL_DEMO: '1' }).demo).toBe(true);
  });

  it('npm start: SAMSPIL_DEMO=false turns the demo off; a bad value stops the start with status 2', async () => {
    const off = await start({ SAMSPIL_DEMO: 'false' });
    expect(off.out).toContain('Samspil is running');
    expect(off.out).not.toContain('Demo API key');
    const on = await start({});
    expect(on.out).toContain('Demo API key');
    const bad = await start({ SAMSPIL_DEMO: 'ja' });
    expect(bad.code).toBe(2);
    expect(bad.out).toContain('SAMSPIL_DEMO');
  }, 60_000);

  it('half a chat setup stops the start, naming what is missing; a whole one, or only tuning settings, does not', () => {
    const problems = (env: Record<string, string>) => {
      try {
        serviceConfig(env);
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    };
    const installs = { SLACK_CLIENT_ID: '1.2', SLACK_CLIENT_SECRET: 'c', SLACK_STATE_SECRET: 's', SLACK_SIGNING_SECRET: 'g' };
    const key = { SAMSPIL_ENCRYPTION_KEY: 'a'.repeat(64), SAMSPIL_PUBLIC_URL: 'https://samspil.example.dk' };
    expect(problems(installs)).toEqual(['SLACK_SIGNING_SECRET, SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET: set, but not SAMSPIL_ENCRYPTION_KEY, SAMSPIL_PUBLIC_URL (Slack installs by OAuth); set those too, or unset them']);
    expect(problems({ ...installs, ...key })).toEqual([]);
    // Socket Mode for the installs.
    expect(problems({ ...installs, ...key, SLACK_APP_TOKEN: 'xapp-1' })).toEqual([]);
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual(['SLACK_BOT_TOKEN: set, but not SLACK_SIGNING_SECRET (Slack for one workspace) or SLACK_APP_TOKEN (Slack for one workspace in Socket Mode); set one of those too, or unset it']);
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'g' })).toEqual([]);
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })).toEqual([]);
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'g', SLACK_CLIENT_ID: '1.2' })).toEqual([
      'SLACK_CLIENT_ID: set, but not SLACK_CLIENT_SECRET, SLACK_STATE_SECRET, SAMSPIL_ENCRYPTION_KEY, SAMSPIL_PUBLIC_URL (Slack installs by OAuth); set those too, or unset it',
    ]);
    expect(problems({ SLACK_SIGNING_SECRET: 'g' })[0]).toMatch(/^SLACK_SIGNING_SECRET: set, but not SLACK_BOT_TOKEN \(Slack for one workspace\)/);
    expect(problems({ TEAMS_CLIENT_ID: 'app' })).toEqual(['TEAMS_CLIENT_ID: set, but not TEAMS_CLIENT_SECRET (Teams); set it too, or unset it']);
    expect(problems({ TEAMS_TENANT_ID: 'entra' })).toEqual(['TEAMS_TENANT_ID: set, but not TEAMS_CLIENT_ID, TEAMS_CLIENT_SECRET (Teams with a single-tenant app); set those too, or unset it']);
    expect(problems({ TEAMS_CLIENT_ID: 'app', TEAMS_CLIENT_SECRET: 'x', TEAMS_TENANT_ID: 'entra' })).toEqual([]);
    // Slack's half and Teams' half, each named.
    expect(problems({ SLACK_APP_TOKEN: 'xapp-1', TEAMS_CLIENT_SECRET: 'x' }).map((p) => p.split(':')[0])).toEqual(['SLACK_APP_TOKEN', 'TEAMS_CLIENT_SECRET']);
    // Tuning alone starts nothing and stops nothing; so do the service's own settings.
    expect(problems({ SLACK_LANGUAGE: 'en', SLACK_COORDINATION_CHANNEL: 'C1', SLACK_TENANT: 'aarhus', TEAMS_LANGUAGE: 'da', TEAMS_TEAM_ID: '19:x', TEAMS_SAMSPIL_TENANT: 'aarhus', ...key })).toEqual([]);
  });

  it('npm start: half a setup exits with status 2 and names the missing variables, for Slack and for Teams', async () => {
    const slack = await start({ SLACK_CLIENT_ID: '1.2', SLACK_CLIENT_SECRET: 'c', SLACK_STATE_SECRET: 's', SLACK_SIGNING_SECRET: 'g' });
    expect(slack.code).toBe(2);
    expect(slack.out).toMatch(/^Samspil cannot start: .*not SAMSPIL_ENCRYPTION_KEY, SAMSPIL_PUBLIC_URL \(Slack installs by OAuth\)/);
    expect(slack.out.trim().split('\n')).toHaveLength(1);
    const teams = await start({ TEAMS_CLIENT_ID: 'app' });
    expect(teams.code).toBe(2);
    expect(teams.out).toContain('not TEAMS_CLIENT_SECRET (Teams)');
  }, 30_000);

  it('npm start: a failed start is one line saying what to do, the error itself only at debug', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'samspil-config-')), 'data');
    const first = spawn(process.execPath, [main], { env: { PATH: process.env.PATH!, PORT: '0', SAMSPIL_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve, reject) => {
        let out = '';
        first.stdout.on('data', (chunk: Buffer) => (out += chunk).includes('Ctrl+C stops it.') && resolve());
        first.on('exit', () => reject(new Error(`the first service exited:\n${out}`)));
      });
      const second = await start({ SAMSPIL_DATA_DIR: dataDir });
      expect(second.code).toBe(2);
      expect(second.out).toBe(`Samspil cannot start: the data folder ${dataDir} is in use by process ${first.pid} (${dataDir}.lock); stop it first\n`);
      const debug = await start({ SAMSPIL_DATA_DIR: dataDir, SAMSPIL_LOG_LEVEL: 'debug' });
      expect(debug.code).toBe(2);
      expect(debug.out).toMatch(/\n\s+at lockDataDir /);
    } finally {
      first.kill('SIGTERM');
    }
  }, 60_000);
});

describe('the start', () => {
  it("links the environment's chat workspace to the tenant named, which must exist, else to the demo's where it was loaded", async () => {
    const db = await openDb({ dataDir: 'memory://' });
    await migrate(db);
    const given: (string | undefined)[] = [];
    // An adapter that only says which tenant it was given.
    const adapter = (config: { tenant?: string | undefined }): ChatAdapterFactory => async () => {
      given.push(config.tenant);
      return { name: 'test', port: { send: async () => {} } as never, stop: async () => {} };
    };
    const context = { db } as Parameters<ChatAdapterFactory>[0];
    const refused = await linkedAtStart(adapter, { tenant: 'aarhus' }, 'SLACK_TENANT', true)(context).catch((error: unknown) => error);
    expect(errorCode(refused)).toBe(ErrorCode.InvalidUsage);
    expect((refused as Error).message).toBe('SLACK_TENANT names tenant "aarhus", which does not exist: create it first (samspil tenant create aarhus --name NAME), or name another');
    await linkedAtStart(adapter, {}, 'SLACK_TENANT', true)(context);
    await createTenant(db, { id: 'demo', name: 'Demokommune' });
    await createTenant(db, { id: 'aarhus', name: 'Aarhus' });
    await linkedAtStart(adapter, {}, 'SLACK_TENANT', true)(context);
    await linkedAtStart(adapter, {}, 'SLACK_TENANT', false)(context);
    await linkedAtStart(adapter, { tenant: 'aarhus' }, 'SLACK_TENANT', true)(context);
    expect(given).toEqual([undefined, 'demo', undefined, 'aarhus']);
    await db.close();
  }, 30_000);

  it('says a failure in one line with what to do', () => {
    const config = serviceConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5999/samspil', PORT: '8080' });
    const refused = Object.assign(new AggregateError([Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5999'), { code: 'ECONNREFUSED', address: '127.0.0.1', port: 5999 })], ''), { code: 'ECONNREFUSED' });
    expect(startFailure(refused, config)).toEqual({ message: 'the database at 127.0.0.1:5999 cannot be reached (ECONNREFUSED): start PostgreSQL, or correct DATABASE_URL', status: 1 });
    expect(startFailure(Object.assign(new Error('listen EADDRINUSE: address already in use 127.0.0.1:8080'), { code: 'EADDRINUSE' }), config).message).toBe('127.0.0.1:8080 is in use by another process: stop it, or set PORT (or HOST) to another');
    const violation = Object.assign(new Error('insert or update on table "api_keys" violates foreign key constraint "api_keys_tenant_id_fkey"'), { code: '23503', detail: 'Key (tenant_id)=(demo) is not present in table "tenants".', params: ['secret-hash'] });
    const said = startFailure(violation, config);
    expect(said.message).toBe('insert or update on table "api_keys" violates foreign key constraint "api_keys_tenant_id_fkey" (23503); SAMSPIL_LOG_LEVEL=debug prints the details');
    expect(said.message).not.toContain('secret-hash');
  });
});
