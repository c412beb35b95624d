// What the chat bots' benchmarks (bots/slack/bench, bots/teams/bench) share: each
// bench runs its apps in child processes (bench/server.mjs, so the load generator and
// the fake platform never share the measured event loop) and drives them from
// bench/run.mjs. The platform's protocol (Slack's signing and slash commands, Teams'
// activities and tokens) stays in each bench; the plumbing around it lives here.
//
// autocannon and typescript are devDependencies of the bots, not of @samspil/chat, so
// the callers pass them in. @samspil/server (and `pg` through it) is a dependency of
// @samspil/chat and resolves from here.
import { spawn } from 'node:child_process';
import { Session } from 'node:inspector/promises';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The administrative PostgreSQL URL the benches (and the tests) use. */
const ADMIN_URL = process.env.SAMSPIL_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** `pg`, the server's own copy: it is not a dependency of the chat package itself. */
const loadPg = () => createRequire(createRequire(import.meta.url).resolve('@samspil/server'))('pg');

/** @param {number} ms */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Milliseconds with two decimals, as every figure is printed. @param {number} ms */
export const f = (ms) => ms.toFixed(2);

/**
 * The p-th percentile (nearest rank) of unsorted values; NaN when there are none.
 * @param {number[]} xs
 * @param {number} p
 */
export const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil((p / 100) * xs.length) - 1)] ?? NaN;

/** @param {number[]} xs */
export const summary = (xs) => ({ count: xs.length, p50: percentile(xs, 50), p99: percentile(xs, 99), mean: xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length) });

// ---------------------------------------------------------------------------
// The app's side (bench/server.mjs)
// ---------------------------------------------------------------------------

/**
 * A database of its own for this process on the PostgreSQL server, so runs never see
 * each other's rows; `drop` removes it (WITH FORCE: the service's pool may linger).
 * @returns {Promise<{ databaseUrl: string, drop: () => Promise<void> }>}
 */
export async function scratchDatabase() {
  const pg = loadPg();
  const name = `samspil_bench_${randomBytes(4).toString('hex')}`;
  const sql = async (statement) => {
    const client = new pg.Client({ connectionString: ADMIN_URL });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await sql(`CREATE DATABASE ${name}`);
  return { databaseUrl: ADMIN_URL.replace(/\/[^/?]*(\?|$)/, `/${name}$1`), drop: () => sql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * Counts and times every statement of `db` (a wrapper here, nothing changed in src),
 * grouped by the statement's first 70 characters.
 * @param {{ query: (text: string, params?: unknown[]) => Promise<unknown> }} db
 */
export function countStatements(db) {
  const queries = { count: 0, ms: 0, byText: new Map() };
  const query = db.query.bind(db);
  // The grouping key of each text, made once (a statement's text is the same each time).
  const keys = new Map();
  const keyOf = (text) => keys.get(text) ?? keys.set(text, String(text).replace(/\s+/g, ' ').slice(0, 70)).get(text);
  db.query = async (text, params, options) => {
    const t = performance.now();
    try {
      return await query(text, params, options);
    } finally {
      const ms = performance.now() - t;
      queries.count++;
      queries.ms += ms;
      const key = keyOf(text);
      const q = queries.byText.get(key) ?? { count: 0, ms: 0 };
      q.count++;
      q.ms += ms;
      queries.byText.set(key, q);
    }
  };
  return {
    reset() {
      queries.count = 0;
      queries.ms = 0;
      queries.byText.clear();
    },
    /** The totals and the eight costliest statements. */
    stats: () => ({ count: queries.count, ms: queries.ms, top: [...queries.byText.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 8) }),
  };
}

/**
 * The real service with one adapter, as the benches measure it: the demo tenant, the
 * background jobs out of the way (an hour apart), on PostgreSQL (`samspil-postgres`, the
 * production set-up, a scratch database) or PGlite in memory (`samspil-pglite`, the
 * embedded default). Its statements are counted.
 * @param {string} kind `samspil-postgres` | `samspil-pglite`
 * @param {unknown} adapter the bot's adapter
 * @param {string[]} logs where the service's log lines go
 */
export async function startSamspil(kind, adapter, logs) {
  const scratch = kind === 'samspil-postgres' ? await scratchDatabase() : undefined;
  const { createLog, startService } = await import('@samspil/server');
  const service = await startService({
    port: 0,
    ...(scratch ? { databaseUrl: scratch.databaseUrl } : { dataDir: 'memory://' }),
    tokenSecret: 'a-bench-secret-of-at-least-32-characters',
    demo: { examples: fileURLToPath(new URL('../../../examples', import.meta.url)) },
    schedulerIntervalMs: 3_600_000,
    senderIntervalMs: 3_600_000,
    log: createLog({ destination: { write: (line) => void logs.push(line) } }),
    adapters: [adapter],
  });
  return {
    url: service.url,
    statements: countStatements(service.db),
    async stop() {
      await service.stop();
      await scratch?.drop();
    },
  };
}

/**
 * Answers the parent (bench/run.mjs) over IPC: 'reset' starts a measurement (counters
 * cleared, event-loop delay and CPU from now), 'stats' ends it with what was counted,
 * 'stop' stops the app and exits.
 * @param {{
 *   stop: () => Promise<unknown>,
 *   logs: string[],
 *   notable: RegExp,
 *   statements?: ReturnType<typeof countStatements>,
 *   reset?: () => void,
 *   stats?: () => object,
 * }} options `notable`: the log lines worth showing; `reset`/`stats`: the bench's own counters
 */
export function answerParent({ stop, logs, notable, statements, reset = () => {}, stats = () => ({}) }) {
  const loop = monitorEventLoopDelay({ resolution: 1 });
  let cpu = process.cpuUsage();
  // BENCH_PHASE_PROF=<dir>: a V8 CPU profile of each measured phase alone (from 'reset' to 'stats').
  const profiles = process.env.BENCH_PHASE_PROF;
  let session;
  process.on('message', async (message) => {
    if (message === 'reset' && profiles) {
      if (!session) {
        session = new Session();
        session.connect();
      }
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    if (message === 'stats' && session) {
      const { profile } = await session.post('Profiler.stop');
      await writeFile(join(profiles, `${process.argv[2]}-${Date.now()}.cpuprofile`), JSON.stringify(profile));
    }
    if (message === 'reset') {
      loop.reset();
      loop.enable();
      statements?.reset();
      logs.length = 0;
      reset();
      cpu = process.cpuUsage();
      process.send({ reset: true });
    } else if (message === 'stats') {
      loop.disable();
      const used = process.cpuUsage(cpu);
      process.send({
        cpuMs: (used.user + used.system) / 1000,
        ...stats(),
        logs: logs.filter((l) => notable.test(l)).slice(0, 5),
        logCount: logs.length,
        loop: { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
        queries: statements?.stats(),
      });
    } else if (message === 'stop') {
      await stop();
      process.exit(0);
    }
  });
}

// ---------------------------------------------------------------------------
// The driver's side (bench/run.mjs)
// ---------------------------------------------------------------------------

/**
 * The tests' TypeScript fakes, transpiled into a scratch folder (they import only node:
 * built-ins and each other, so no type checking or bundling is needed), and `entry`'s module.
 * @param {typeof import('typescript')} ts the caller's typescript
 * @param {URL} folder the fakes' folder, e.g. `new URL('../test/fakes/', import.meta.url)`
 * @param {string} entry e.g. `slack-api.ts`
 */
export async function loadFakes(ts, folder, entry) {
  const fakes = fileURLToPath(folder);
  // Inside the package's node_modules, so that what the fakes import (@samspil/server/testing) resolves.
  const cache = join(fakes, '../../node_modules/.cache');
  await mkdir(cache, { recursive: true });
  const out = await mkdtemp(join(cache, 'samspil-fakes-'));
  for (const file of (await readdir(fakes)).filter((name) => name.endsWith('.ts'))) {
    const { outputText } = ts.transpileModule(await readFile(join(fakes, file), 'utf8'), { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
    await writeFile(join(out, file.replace(/\.ts$/, '.mjs')), outputText.replace(/from '(\.\/[^']+)\.js'/g, "from '$1.mjs'"));
  }
  return import(pathToFileURL(join(out, entry.replace(/\.ts$/, '.mjs'))).href);
}

/**
 * Starts `node <server> <kind> ...args` with an IPC channel and waits for the one JSON
 * line {url} it prints when it listens; later lines are shown, prefixed with the kind.
 * BENCH_CPU_PROF=<dir>: each app writes a V8 CPU profile there (node --cpu-prof) when it stops.
 * BENCH_PHASE_PROF=<dir>: each app writes one of each measured phase alone there (see answerParent).
 * @param {URL} server the bench's server.mjs
 * @param {string} kind
 * @param {string[]} args
 */
export async function startApp(server, kind, args) {
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`, `--cpu-prof-name=${kind}-${Date.now()}.cpuprofile`] : [];
  const child = spawn(process.execPath, [...prof, fileURLToPath(server), kind, ...args], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const lines = createInterface({ input: child.stdout });
  const [line] = await Promise.race([once(lines, 'line'), once(child, 'exit').then(([code]) => Promise.reject(new Error(`${kind} exited with ${code}`)))]);
  lines.on('line', (l) => console.log(`  [${kind}] ${l}`));
  return {
    /** @type {string} */
    url: JSON.parse(line).url,
    /** Sends 'reset' or 'stats' and resolves with the answer. */
    async ask(message) {
      child.send(message);
      const [reply] = await once(child, 'message');
      return reply;
    },
    async stop() {
      child.send('stop');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await once(child, 'exit');
      clearTimeout(timer);
    },
  };
}

/**
 * A load driver: autocannon at `rate` requests/s over `connections`, each request
 * taken in turn from the prepared ones; latencies taken from each 2xx response (ms,
 * unrounded, where autocannon's histogram would round them).
 * @param {typeof import('autocannon')} autocannon the caller's autocannon
 * @param {{ rate: number, connections: number }} options
 */
export function driver(autocannon, { rate, connections }) {
  /**
   * @param {string} url
   * @param {object[]} requests method, body and headers of each
   * @param {number} seconds
   */
  return async function drive(url, requests, seconds) {
    let i = 0;
    const latencies = [];
    const instance = autocannon({
      url,
      connections,
      overallRate: rate,
      duration: seconds,
      requests: [{ setupRequest: (request) => ({ ...request, ...requests[i++ % requests.length] }) }],
    });
    instance.on('response', (_client, status, _bytes, ms) => status >= 200 && status < 300 && latencies.push(ms));
    const result = await instance;
    latencies.sort((a, b) => a - b);
    const at = (p) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] ?? NaN;
    // autocannon's own `sent` counts each connection's first second of rate ahead; every request sent went through setupRequest.
    return { sent: i, answered: result.requests.total, ok: result['2xx'], non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts, p50: at(50), p90: at(90), p99: at(99), max: latencies.at(-1) ?? NaN, latencies };
  };
}

/**
 * Without load: the requests one at a time, 20 ms apart (no queue, nothing left over
 * from an earlier request still running).
 * @param {string} url
 * @param {object[]} requests
 */
export async function alone(url, requests) {
  const latencies = [];
  for (const q of requests) {
    const t = performance.now();
    const res = await fetch(url, q);
    await res.arrayBuffer();
    if (res.ok) latencies.push(performance.now() - t);
    await sleep(20);
  }
  latencies.sort((a, b) => a - b);
  return { p50: latencies[Math.floor(latencies.length / 2)], p99: latencies[Math.ceil(latencies.length * 0.99) - 1], ok: latencies.length };
}

/**
 * Polls `probe` every 50 ms until it holds or `ms` have passed; its last answer.
 * @param {() => boolean} probe
 * @param {number} ms
 */
export async function waitFor(probe, ms) {
  const until = Date.now() + ms;
  while (!probe() && Date.now() < until) await sleep(50);
  return probe();
}

/** Whether the PostgreSQL server answers within 2 s. */
export async function postgresReachable() {
  const pg = loadPg();
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * The databases to measure on: PostgreSQL (production) when reachable, then PGlite (the
 * embedded default). Says so when the production figure is left out.
 */
export async function databases() {
  const kinds = [...((await postgresReachable()) ? ['postgres'] : []), 'pglite'];
  if (!kinds.includes('postgres')) console.log('  (PostgreSQL unreachable: the production figure is left out)');
  return kinds;
}

/**
 * The line the benches are judged by: samspil's p99 over the floor's, target ≤ 1.5.
 * @param {string} db `postgres` | `pglite`
 * @param {string} floorLabel e.g. `bare Bolt`
 * @param {{ p99: number }} ours
 * @param {{ p99: number }} floor
 */
export function ratioLine(db, floorLabel, ours, floor) {
  const ratio = ours.p99 / floor.p99;
  return `  ratio p99 samspil on ${db} / ${floorLabel} = ${ratio.toFixed(2)} (target ≤ 1.5${db === 'postgres' ? ', production' : ', the embedded default'}: ${ratio <= 1.5 ? 'met' : 'MISSED'})`;
}
