// The README's "Operating Samspil", run as written (issue 22): each `$ ` line of its console
// blocks in a shell, in order, the CLI as the `samspil` bin, on PostgreSQL (the section's own
// form) and on PGlite (the same without the PostgreSQL-only lines, and the embedded database's
// part); the service started after each block and stopped with SIGTERM. The first start is
// `npm start` itself, later ones its entry point (dist/main.js), which `npm start` runs.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresReachable } from '@samspil/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = new URL('../../..', import.meta.url).pathname;
const main = join(repo, 'packages/service/dist/main.js');

interface Line {
  command: string;
  expected: string[];
}
interface Block {
  lines: Line[];
  /** In "The embedded database (PGlite)". */
  pglite: boolean;
}

/** The console blocks of the README's "Operating Samspil", each a step. */
function operatorBlocks(): Block[] {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Operating Samspil'), readme.indexOf('\n## ', readme.indexOf('\n## Operating Samspil') + 1));
  const blocks: Block[] = [];
  let block: Block | undefined;
  let pglite = false;
  for (const raw of section.split('\n')) {
    const text = raw.trim();
    if (text.startsWith('### ')) pglite = text.includes('(PGlite)');
    else if (text === '```console') blocks.push((block = { lines: [], pglite }));
    else if (text.startsWith('```')) block = undefined;
    else if (block && text.startsWith('$ ')) block.lines.push({ command: text.slice(2), expected: [] });
    else if (block) block.lines.at(-1)?.expected.push(text);
  }
  return blocks;
}

/** A command for PostgreSQL only: the database's tools, or DATABASE_URL. */
const postgresOnly = (command: string) => /createdb|pg_dump|pg_restore|DATABASE_URL/.test(command);
/** A `samspil` command (alone, in `$(…)`, or after variables). */
const isCli = (command: string) => /(^|\$\(|\s)samspil\s/.test(command) && !command.startsWith('echo');
/** A refusal: its first line is `samspil COMMAND: …` (the success notes are `samspil: …`). */
const refused = (expected: string[]) => /^samspil [a-z][a-z ]*: /.test(expected[0] ?? '');

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });

let npmStarted = false;

const forms = [{ kind: 'postgres' as const, reachable: await postgresReachable() }, { kind: 'pglite' as const, reachable: true }];

describe.each(forms.filter((f) => f.reachable))("the README's operator commands, in order, on $kind", ({ kind }) => {
  const database = `samspil_op_${process.pid}_${randomBytes(3).toString('hex')}`;
  let work = '';
  let state = '';
  let previousStatus = 0;
  let service: ChildProcess | undefined;
  let serviceOut = '';
  let port = 0;
  // The shell's starting point: no setting of this machine's own, the data folder the README's default.
  const base: Record<string, string> = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && !/^(SAMSPIL_|DATABASE_URL$|SLACK_|TEAMS_|PORT$|HOST$)/.test(e[0])));

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), `samspil-operator-${kind}-`));
    state = join(work, 'shell-state');
    writeFileSync(state, '');
    mkdirSync(join(work, 'bin'));
    // `samspil`, the bin of @samspil/server.
    writeFileSync(join(work, 'bin/samspil'), `#!/bin/sh\nexec "${process.execPath}" "${join(repo, 'packages/server/bin/samspil.mjs')}" "$@"\n`, { mode: 0o755 });
    Object.assign(base, { PATH: `${join(work, 'bin')}:${base.PATH}`, SAMSPIL_DATA_DIR: join(work, '.samspil/data'), SAMSPIL_SCHEDULER_INTERVAL_MS: '3600000' });
    port = await freePort();
  });

  /** The README's line with this run's database, port and folders. */
  const local = (command: string) =>
    command
      .replaceAll('samspil_check', `${database}_check`)
      .replace(/5432\/samspil\b/g, `5432/${database}`)
      .replace(/-U postgres samspil$/, `-U postgres ${database}`)
      .replaceAll('127.0.0.1:8080', `127.0.0.1:${port}`)
      .replaceAll('/srv/', `${work}/srv/`)
      // The README's example key id: the key the run made.
      .replaceAll('b29f1645fc7a', () => /^ssk_([0-9a-f]{12})_/.exec(environment().KEY ?? '')?.[1] ?? 'no-key-made');

  /** Runs a line in the shell the earlier lines left (their variables, `$?`). */
  function shell(command: string): { status: number; out: string; err: string } {
    const script = `set -a\n. "${state}"\n(exit ${previousStatus})\n${command}\nstatus=$?\nexport -p > "${state}.next"\nexit $status\n`;
    const r = spawnSync('bash', ['-c', script], { cwd: work, env: base, encoding: 'utf8', timeout: 120_000 });
    writeFileSync(state, readFileSync(`${state}.next`, 'utf8'));
    previousStatus = r.status ?? 1;
    return { status: previousStatus, out: r.stdout, err: r.stderr };
  }

  /** The environment the shell would give a command prefixed with `assignments`. */
  const environment = (assignments = ''): Record<string, string> => JSON.parse(shell(`${assignments} "${process.execPath}" -e 'process.stdout.write(JSON.stringify(process.env))'`).out) as Record<string, string>;

  async function start(assignments = ''): Promise<void> {
    const env = { ...environment(assignments), PORT: String(port) };
    // The first start of the run is `npm start` itself (it installs and builds what it needs).
    const [command, args] = npmStarted ? [process.execPath, [main]] : ['npm', ['start']];
    npmStarted = true;
    serviceOut = '';
    const child = spawn(command, args, { cwd: repo, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    service = child;
    child.stdout!.on('data', (chunk: Buffer) => (serviceOut += chunk));
    child.stderr!.on('data', (chunk: Buffer) => (serviceOut += chunk));
    const exited = new Promise<never>((_, reject) => child.on('exit', (code) => reject(new Error(`the service exited (${code}) before it was ready:\n${serviceOut.slice(-3000)}`))));
    const ready = (async () => {
      for (;;) {
        const answer = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
        if (answer?.status === 200 && serviceOut.includes('Ctrl+C stops it.')) return;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();
    await Promise.race([ready, exited]);
    expect(serviceOut).toContain('Samspil is running');
  }

  async function stop(): Promise<void> {
    const child = service;
    if (!child) return;
    service = undefined;
    // Closed: the service too has ended (it holds the output of npm's).
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    // The whole group: npm (which ends by the signal, not by its script), its shell and the service.
    process.kill(-child.pid!, 'SIGTERM');
    expect([0, null], serviceOut.slice(-3000)).toContain(await exited);
    expect(serviceOut).toContain('"msg":"stopped"');
    expect(serviceOut).not.toMatch(/\n\s+at /);
  }

  afterAll(async () => {
    if (service) process.kill(-service.pid!, 'SIGKILL');
    if (kind === 'postgres') for (const name of [database, `${database}_check`, `${database}_held`]) spawnSync('dropdb', ['-h', '127.0.0.1', '-U', 'postgres', '--if-exists', '--force', name]);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const blocks = operatorBlocks().filter((b) => kind === 'pglite' || !b.pglite);

  it('the section has the steps this test expects of it', () => {
    const commands = blocks.flatMap((b) => b.lines.map((l) => l.command));
    expect(commands).toContain('samspil migrate');
    expect(commands.some((c) => c.startsWith('KEY=$(samspil key create'))).toBe(true);
    expect(commands.filter((c) => c.endsWith('npm start'))).toHaveLength(1);
    expect(operatorBlocks().filter((b) => b.pglite).length).toBeGreaterThan(1);
  });

  it('runs each command with the outcome the README shows, and the service starts after each step', async () => {
    for (const [index, block] of blocks.entries()) {
      for (const { command, expected } of block.lines) {
        if (kind === 'pglite' && postgresOnly(command)) continue;
        const where = `step ${index + 1}: $ ${command}`;
        if (isCli(command)) {
          // A command refused because the service has the data folder is run beside the service; the others with it stopped.
          if (expected.some((l) => l.includes('is in use by process'))) {
            if (!service) await start();
          } else await stop();
          const r = shell(local(command));
          // On PGlite the backup the README shows refused on PostgreSQL is made.
          const status = refused(expected) && !(kind === 'pglite' && expected[0]!.includes('DATABASE_URL is set')) ? 2 : 0;
          expect(r.status, `${where}\n${r.out}${r.err}`).toBe(status);
          expect(r.err, where).not.toMatch(/\n\s+at /);
          if (status === 2) expect(r.out, where).toBe('');
        } else if (command.endsWith('npm start')) {
          await stop();
          await start(command.slice(0, -'npm start'.length));
        } else {
          if (command.startsWith('curl') && !service) await start();
          const r = shell(local(command));
          expect(r.status, `${where}\n${r.err}`).toBe(0);
          // What the README prints: a status or an answer as it is, a list of counts up to the counts.
          const counts = (lines: string[]) => (expected.length > 1 ? lines.map((l) => l.replace(/ \d+$/, ' N')) : lines);
          if (command.startsWith('curl') || command === 'echo $?') expect(counts(r.out.trim().split('\n')), where).toEqual(counts(expected));
        }
      }
      // After each step the service comes up, whatever the step did.
      if (!service) await start();
      await stop();
    }
  }, 900_000);

  it("the issue's order: a tenant made before the first start gets no demo beside it, and each start after comes up", async () => {
    // A store of its own; on PostgreSQL with the demo asked for, which is off there by default.
    const store = kind === 'pglite' ? `SAMSPIL_DATA_DIR=${work}/held-out/data` : `DATABASE_URL=postgres://postgres@127.0.0.1:5432/${database}_held SAMSPIL_DEMO=1`;
    if (kind === 'postgres') expect(shell(`createdb -h 127.0.0.1 -U postgres ${database}_held`).status).toBe(0);
    expect(shell(`${store} samspil tenant create heldout --name "Held-out Kommune"`).status).toBe(0);
    await start(store);
    expect(serviceOut).toContain('Demo:                                not loaded (the store had tenants of its own)');
    await stop();
    expect(shell(`${store} samspil key create --tenant heldout`).status).toBe(0);
    await start(store);
    await stop();
    expect(shell(`${store} samspil tenant list`).out).not.toMatch(/^demo /m);
  }, 120_000);
});
