// The app under load, in a process of its own (the load generator and the fake
// Bot Connector must not share its event loop):
// `node bench/server.mjs <kind> <connector url> <app id> <entra tenant id> <bot token>`.
//   samspil-postgres|samspil-pglite  the real service (the demo tenant) with the Teams adapter
//   floor    a bare Teams SDK app on a bare Fastify (our FastifyAdapter), `await send('ok')`
// Both validate the Bot Framework JWT against the fake's published keys and send their
// answer through the fake connector before the HTTP request is answered.
// Prints one JSON line {url} when it listens; answers the parent's 'stats' message
// with what it counted, and stops cleanly on 'stop'.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

const [kind, connectorUrl, clientId, tenantId, botToken] = process.argv.slice(2);
const openIdMetadataUrl = `${connectorUrl}v1/.well-known/openidconfiguration`;
const logs = [];
const loop = monitorEventLoopDelay({ resolution: 1 });
let stop;
let db;
const queries = { count: 0, ms: 0, byText: new Map() };

// Where the SDK's time goes, for either app: wrappers here, nothing changed in src.
//   request: the SDK's whole handling of POST /api/messages (auth, handler, reply sent)
//   auth:    the Bot Framework JWT check
//   send:    the reply to the Bot Connector (ctx.send → POST /v3/conversations/:id/activities)
const require = createRequire(createRequire(import.meta.url).resolve('@microsoft/teams.apps'));
const timings = { request: [], auth: [], send: [] };
const timed = (proto, method, into) => {
  const original = proto[method];
  proto[method] = async function (...args) {
    const t = performance.now();
    try {
      return await original.apply(this, args);
    } finally {
      into.push(performance.now() - t);
    }
  };
};
timed(require('./http/http-server.js').HttpServer.prototype, 'handleRequest', timings.request);
timed(require('./middleware/auth/service-token-validator.js').ServiceTokenValidator.prototype, 'check', timings.auth);
timed(require('./activity-sender.js').ActivitySender.prototype, 'send', timings.send);
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
  const { teamsAdapter } = await import('../dist/index.js');
  const service = await startService({
    port: 0,
    ...(databaseUrl ? { databaseUrl } : { dataDir: 'memory://' }),
    tokenSecret: 'a-bench-secret-of-at-least-32-characters',
    demo: true,
    schedulerIntervalMs: 3_600_000,
    senderIntervalMs: 3_600_000,
    log: (line) => logs.push(line),
    adapters: [teamsAdapter({ clientId, tenantId, tenant: 'demo', openIdMetadataUrl, testBotToken: async () => botToken })],
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
  console.log(JSON.stringify({ url: `${service.url}/api/messages` }));
} else if (kind === 'floor') {
  const { PUBLIC, withOverrides } = await import('@microsoft/teams.api');
  const { App } = await import('@microsoft/teams.apps');
  const { default: Fastify } = await import('fastify');
  const { FastifyAdapter } = await import('../dist/index.js');
  const fastify = Fastify({ logger: false });
  const quiet = { error: (...m) => logs.push(m.map(String).join(' ')), warn: (...m) => logs.push(m.map(String).join(' ')), info() {}, debug() {}, trace() {}, log() {} };
  quiet.child = () => quiet;
  const app = new App({
    clientId,
    tenantId,
    token: async () => botToken,
    cloud: withOverrides(PUBLIC, { openIdMetadataUrl }),
    httpServerAdapter: new FastifyAdapter(fastify),
    logger: quiet,
  });
  app.on('message', async ({ send }) => {
    await send('ok');
  });
  await app.initialize();
  await fastify.listen({ port: 0, host: '127.0.0.1' });
  stop = () => fastify.close();
  console.log(JSON.stringify({ url: `http://127.0.0.1:${fastify.server.address().port}/api/messages` }));
} else {
  throw new Error(`usage: server.mjs samspil-postgres|samspil-pglite|floor <connector url> <app id> <tenant id> <bot token>`);
}

process.on('message', async (message) => {
  if (message === 'reset') {
    loop.reset();
    loop.enable();
    queries.count = 0;
    queries.ms = 0;
    queries.byText.clear();
    logs.length = 0;
    for (const xs of Object.values(timings)) xs.length = 0;
    cpu = process.cpuUsage();
    process.send({ reset: true });
  } else if (message === 'stats') {
    loop.disable();
    const top = [...queries.byText.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 8);
    const used = process.cpuUsage(cpu);
    const summary = (xs) => ({ count: xs.length, p50: pct(xs, 50), p99: pct(xs, 99), mean: xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length) });
    process.send({
      cpuMs: (used.user + used.system) / 1000,
      request: summary(timings.request),
      auth: summary(timings.auth),
      send: summary(timings.send),
      logs: logs.filter((l) => /fail|could not|no handler|error/i.test(l)).slice(0, 5),
      logCount: logs.length,
      loop: { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
      queries: db ? { count: queries.count, ms: queries.ms, top } : undefined,
    });
  } else if (message === 'stop') {
    await stop();
    process.exit(0);
  }
});
