import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, serviceConfig } from '../src/config.js';

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
    const config = serviceConfig({ SAMSPIL_CORS_ORIGINS: 'https://a.example.dk,https://b.example.dk', SAMSPIL_DB_POOL: '20', SLACK_BOT_TOKEN: 'xoxb-1', PATH: '/bin' });
    expect(config).toMatchObject({ corsOrigins: ['https://a.example.dk', 'https://b.example.dk'], poolSize: 20, port: 8080, chat: { SLACK_BOT_TOKEN: 'xoxb-1' } });
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
});
