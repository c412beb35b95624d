// The app under load, in a process of its own (the load generator and the fake
// Slack must not share its event loop): `node bench/server.mjs samspil|bolt <fake Web API url>`.
//   samspil-postgres|samspil-pglite  the real service (the demo tenant) with the Slack adapter
//   bolt     the floor: a bare Bolt app on its own HTTPReceiver, `await ack('ok')`
// Prints one JSON line {url} when it listens; answers the parent's 'stats' message
// with what it counted, and stops cleanly on 'stop'.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

const [kind, apiUrl, secret, token] = process.argv.slice(2);
const logs = [];
const loop = monitorEventLoopDelay({ resolution: 1 });
let stop;
let db;
const queries = { count: 0, ms: 0, byText: new Map() };

// How long Bolt takes from receiving an event to the listener's ack (authorize and the
// middleware included), for either receiver: a wrapper here, nothing changed in src.
const toAck = [];
const { App } = await import('@slack/bolt');
const processEvent = App.prototype.processEvent;
App.prototype.processEvent = function (event) {
  const t = performance.now();
  const ack = event.ack;
  event.ack = (response) => {
    toAck.push(performance.now() - t);
    return ack(response);
  };
  return processEvent.call(this, event);
};
let cpu = process.cpuUsage();

// samspil-postgres: the production set-up, PostgreSQL (SAMSPIL_TEST_POSTGRES, a database
// made and dropped here); samspil-pglite: the embedded default, PGlite in memory.
let databaseUrl;
let dropDatabase = async () => {};
if (kind === 'samspil-postgres') {
  const pg = createRequire(createRequire(import.meta.url).resolve('@samspil/server'))('pg');
  const admin = process.env.SAMSPIL_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `samspil_bench_${randomBytes(4).toString('hex')}`;
  const sql = async (statement) => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await sql(`CREATE DATABASE ${name}`);
  databaseUrl = admin.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
  dropDatabase = () => sql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil((p / 100) * xs.length) - 1)] ?? NaN;

if (kind.startsWith('samspil')) {
  const { startService } = await import('@samspil/server');
  const { slackAdapter } = await import('../dist/index.js');
  const service = await startService({
    port: 0,
    ...(databaseUrl ? { databaseUrl } : { dataDir: 'memory://' }),
    tokenSecret: 'a-bench-secret-of-at-least-32-characters',
    demo: true,
    schedulerIntervalMs: 3_600_000,
    senderIntervalMs: 3_600_000,
    log: (line) => logs.push(line),
    adapters: [slackAdapter({ signingSecret: secret, botToken: token, apiUrl, tenant: 'demo' })],
  });
  db = service.db;
  // Counts and times every statement (a wrapper here, nothing changed in src).
  const query = db.query.bind(db);
  db.query = async (text, params) => {
    const t = performance.now();
    try {
      return await query(text, params);
    } finally {
      const ms = performance.now() - t;
      queries.count++;
      queries.ms += ms;
      const key = String(text).replace(/\s+/g, ' ').slice(0, 70);
      const q = queries.byText.get(key) ?? { count: 0, ms: 0 };
      q.count++;
      q.ms += ms;
      queries.byText.set(key, q);
    }
  };
  stop = async () => {
    await service.stop();
    await dropDatabase();
  };
  console.log(JSON.stringify({ url: `${service.url}/slack/events` }));
} else if (kind === 'bolt') {
  const { LogLevel } = await import('@slack/bolt');
  const app = new App({ signingSecret: secret, token, clientOptions: { slackApiUrl: apiUrl }, logLevel: LogLevel.ERROR });
  app.command('/samspil', async ({ ack }) => {
    await ack('ok');
  });
  const server = await app.start(0);
  stop = () => app.stop();
  console.log(JSON.stringify({ url: `http://127.0.0.1:${server.address().port}/slack/events` }));
} else {
  throw new Error(`usage: server.mjs samspil-postgres|samspil-pglite|bolt <api url> <secret> <token>`);
}

process.on('message', async (message) => {
  if (message === 'reset') {
    loop.reset();
    loop.enable();
    queries.count = 0;
    queries.ms = 0;
    queries.byText.clear();
    logs.length = 0;
    toAck.length = 0;
    cpu = process.cpuUsage();
    process.send({ reset: true });
  } else if (message === 'stats') {
    loop.disable();
    const top = [...queries.byText.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 8);
    const used = process.cpuUsage(cpu);
    process.send({
      cpuMs: (used.user + used.system) / 1000,
      toAck: { count: toAck.length, p50: pct(toAck, 50), p99: pct(toAck, 99) },
      logs: logs.filter((l) => /fail|could not|no handler/i.test(l)).slice(0, 5),
      logCount: logs.length,
      loop: { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
      queries: db ? { count: queries.count, ms: queries.ms, top } : undefined,
    });
  } else if (message === 'stop') {
    await stop();
    process.exit(0);
  }
});
