// `npm run bench`, the Teams bot: how fast Teams gets its answer to the message
// `status SAG-2026-0412` (a personal chat with the bot, from the demo professional
// Maja, p-job-1) under load (autocannon, 10 s at 100 requests/s, 10 connections, each
// activity with its own id and a valid Bot Framework channel token), from the real
// service (the demo tenant, the app installed in a team first; the plan card is built
// and sent back through the Bot Connector before the SDK answers the HTTP request, so
// the latency includes that reply) on PostgreSQL (production; when the server is
// reachable) and on PGlite (the embedded default), next to the floor measured in the
// same run: a bare Teams SDK app on a bare Fastify answering every message with
// `await send('ok')`, same JWT validation, same connector. Each app runs in a process of
// its own (bench/server.mjs); the load generator and the fake Bot Connector
// (test/fakes/connector.ts, transpiled on the fly) share this one. Figures, not assertions.
import autocannon from 'autocannon';
import ts from 'typescript';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const APP = '6c0e5a9d-1d3b-4f0b-9a55-5a3a1f2b7c10';
const ENTRA = '8f4d2c1e-7a6b-4e3d-9c2b-1a0f9e8d7c6b';
const TEAM = '19:demo-team@thread.tacv2';
const MAJA = { id: '29:maja', aadObjectId: 'aad-maja', name: 'Maja Holm', email: 'p-job-1@demokommune.example.dk' };
const RATE = 100;
const CONNECTIONS = 10;
const WARMUP_S = 2;
const DURATION_S = 10;
const TEXT = 'status SAG-2026-0412';
const REFERENCE = 'SAG-2026-0412';

/** FakeConnector from the tests' TypeScript, transpiled in memory (it imports only node: built-ins). */
async function loadFakeConnector() {
  const source = await readFile(fileURLToPath(new URL('../test/fakes/connector.ts', import.meta.url)), 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
  return (await import(`data:text/javascript;base64,${Buffer.from(outputText).toString('base64')}`)).FakeConnector;
}

/** `n` message activities from Maja in her 1:1 chat, as Teams posts them, each with its own id and token, built up front. */
function messages(fake, n, text) {
  return Array.from({ length: n }, () => {
    const activity = fake.message({ text, from: MAJA.id, conversation: 'personal' });
    return {
      method: 'POST',
      body: JSON.stringify(activity),
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'Microsoft-SkypeBotApi (Microsoft-BotFramework 3.0)',
        authorization: `Bearer ${fake.channelToken()}`,
      },
    };
  });
}

/** Starts bench/server.mjs `kind` and waits for its URL. */
async function startApp(kind, fake) {
  // BENCH_CPU_PROF=<dir>: each app writes a V8 CPU profile there (node --cpu-prof) when it stops.
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`, `--cpu-prof-name=${kind}-${Date.now()}.cpuprofile`] : [];
  const args = [...prof, fileURLToPath(new URL('./server.mjs', import.meta.url)), kind, fake.url, APP, ENTRA, fake.botToken()];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const lines = createInterface({ input: child.stdout });
  const [line] = await Promise.race([once(lines, 'line'), once(child, 'exit').then(([code]) => Promise.reject(new Error(`${kind} exited with ${code}`)))]);
  lines.on('line', (l) => console.log(`  [${kind}] ${l}`));
  const ask = async (message) => {
    child.send(message);
    const [reply] = await once(child, 'message');
    return reply;
  };
  return {
    url: JSON.parse(line).url,
    ask,
    async stop() {
      child.send('stop');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await once(child, 'exit');
      clearTimeout(timer);
    },
  };
}

/** autocannon at RATE requests/s; latencies taken from each response (ms, unrounded). */
async function drive(url, requests, seconds) {
  let i = 0;
  const latencies = [];
  const instance = autocannon({
    url,
    connections: CONNECTIONS,
    overallRate: RATE,
    duration: seconds,
    requests: [{ setupRequest: (request) => ({ ...request, ...requests[i++ % requests.length] }) }],
  });
  instance.on('response', (_client, status, _bytes, ms) => status >= 200 && status < 300 && latencies.push(ms));
  const result = await instance;
  latencies.sort((a, b) => a - b);
  const at = (p) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] ?? NaN;
  // autocannon's own `sent` counts each connection's first second of rate ahead; every request sent went through setupRequest.
  return { sent: i, answered: result.requests.total, ok: result['2xx'], non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts, p50: at(50), p90: at(90), p99: at(99), max: latencies.at(-1) ?? NaN };
}

const f = (ms) => ms.toFixed(2);
/** What the bot sent into Maja's 1:1 chat so far (current versions). */
const toMaja = (fake) => fake.conversation(fake.personalConversationId(MAJA.id))?.sent ?? [];
const hasCard = (a) => (a.attachments ?? []).some((x) => x.contentType === 'application/vnd.microsoft.card.adaptive' && JSON.stringify(x.content).includes(REFERENCE));

/** One load phase against a running app: warm-up, then the measurement, then what reached the connector. */
async function measure(app, fake, text) {
  await drive(app.url, messages(fake, RATE * (WARMUP_S + 2), text), WARMUP_S);
  // The warm-up's last requests land before the count starts: Maja's chat quiet for 300 ms.
  for (let n = -1, until = Date.now() + 5_000; n !== toMaja(fake).length && Date.now() < until; ) {
    n = toMaja(fake).length;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  await app.ask('reset');
  const before = toMaja(fake).length;
  const calls = fake.calls.length;
  const r = await drive(app.url, messages(fake, RATE * (DURATION_S + 2), text), DURATION_S);
  // The SDK answers after the handler sent its reply; the requests still in flight when
  // autocannon stopped are let finish (their replies counted too).
  const until = Date.now() + 5_000;
  while (toMaja(fake).length - before < r.sent && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
  r.stats = await app.ask('stats');
  r.replies = toMaja(fake).slice(before);
  r.cards = r.replies.filter(hasCard).length;
  const routes = new Map();
  for (const c of fake.calls.slice(calls)) routes.set(c.route, (routes.get(c.route) ?? 0) + 1);
  r.routes = [...routes.entries()].sort((a, b) => b[1] - a[1]);
  return r;
}

/** Without load: one request at a time, 20 ms apart (no queue). */
async function alone(app, fake, text, n = 100) {
  const latencies = [];
  for (const q of messages(fake, n, text)) {
    const t = performance.now();
    const res = await fetch(app.url, q);
    await res.arrayBuffer();
    if (res.ok) latencies.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 20));
  }
  latencies.sort((a, b) => a - b);
  return { p50: latencies[Math.floor(latencies.length / 2)], p99: latencies[Math.ceil(latencies.length * 0.99) - 1], ok: latencies.length };
}

async function postgresReachable() {
  const pg = (await import('node:module')).createRequire((await import('node:module')).createRequire(import.meta.url).resolve('@samspil/server'))('pg');
  const client = new pg.Client({ connectionString: process.env.SAMSPIL_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres', connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const FakeConnector = await loadFakeConnector();
const fake = await FakeConnector.start({ appId: APP, tenantId: ENTRA });
fake.addUser(MAJA);
fake.addTeam({ id: TEAM, name: 'Tværfagligt team', members: [MAJA.id] });
const apps = [];
try {
  console.log(`\nTeams response latency: "${TEXT}" in a 1:1 chat, ${RATE} requests/s for ${DURATION_S} s, ${CONNECTIONS} connections, after ${WARMUP_S} s of warm-up; the reply sent through the Bot Connector before the answer; each app in its own process`);
  const bare = await startApp('floor', fake);
  apps.push(bare);
  const floor = await measure(bare, fake, TEXT);
  const floorAlone = await alone(bare, fake, TEXT);
  await bare.stop();
  apps.pop();

  const line = (label, r) =>
    `  ${label.padEnd(18)} p50 ${f(r.p50).padStart(7)} ms  p90 ${f(r.p90).padStart(7)} ms  p99 ${f(r.p99).padStart(7)} ms  max ${f(r.max).padStart(7)} ms  (${r.sent} sent, ${r.answered} answered in ${DURATION_S} s = ${(r.answered / DURATION_S).toFixed(0)}/s, ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts)`;
  const per = (r) => {
    const s = r.stats;
    return `${f(s.cpuMs / Math.max(1, r.sent))} ms CPU per message; in the SDK: whole request p50 ${f(s.request.p50)} p99 ${f(s.request.p99)} ms, JWT check p50 ${f(s.auth.p50)} p99 ${f(s.auth.p99)} ms, reply to the connector p50 ${f(s.send.p50)} p99 ${f(s.send.p99)} ms; event-loop delay p99 ${f(s.loop.p99)} ms max ${f(s.loop.max)} ms`;
  };
  const connector = (r) => r.routes.map(([route, n]) => `${route} ×${(n / Math.max(1, r.sent)).toFixed(2)}`).join(', ');
  console.log(line('bare Teams SDK', floor));
  console.log(`  replies: ${floor.replies.filter((a) => a.text === 'ok').length} of ${floor.sent} messages sent got their 'ok' at the connector`);
  const kinds = [...((await postgresReachable()) ? ['postgres'] : []), 'pglite'];
  if (!kinds.includes('postgres')) console.log('  (PostgreSQL unreachable: the production figure is left out)');
  for (const db of kinds) {
    const samspil = await startApp(`samspil-${db}`, fake);
    apps.push(samspil);
    // The app is installed in the team first: the bot learns the team's serviceUrl and roster from it.
    const install = await fake.activityTo(samspil.url, fake.installationUpdate({ action: 'add', scope: 'team', from: MAJA.id, team: TEAM }));
    if (install.status !== 200) throw new Error(`installationUpdate answered ${install.status}`);
    const ours = await measure(samspil, fake, TEXT);
    const oursAlone = await alone(samspil, fake, TEXT);
    // The same path (token, delivery record, workspace, person) with a card that needs no case: `help`.
    const help = await measure(samspil, fake, 'help');
    await samspil.stop();
    apps.pop();

    console.log(line(`samspil, ${db}`, ours));
    const ratio = ours.p99 / floor.p99;
    console.log(`  ratio p99 samspil on ${db} / bare Teams SDK = ${ratio.toFixed(2)} (target ≤ 1.5${db === 'postgres' ? ', production' : ', the embedded default'}: ${ratio <= 1.5 ? 'met' : 'MISSED'})`);
    console.log(`  replies: ${ours.cards} of ${ours.sent} messages sent got the case's plan card at the connector (${ours.replies.length} activities sent to Maja in all)`);
    const other = ours.replies.find((a) => !hasCard(a));
    if (other) console.log(`  a reply without the card: ${JSON.stringify(other).slice(0, 200)}`);
    console.log(`  where the time goes on ${db}:`);
    console.log(`  ${line('help', help).trim()}`);
    console.log(`    one at a time, no load: samspil p50 ${f(oursAlone.p50)} ms p99 ${f(oursAlone.p99)} ms; bare Teams SDK p50 ${f(floorAlone.p50)} ms p99 ${f(floorAlone.p99)} ms`);
    console.log(`    under load, status: ${per(ours)}`);
    console.log(`    under load, help:   ${per(help)}`);
    console.log(`    under load, bare Teams SDK: ${per(floor)}`);
    console.log(`    connector calls per message, status: ${connector(ours)}; bare Teams SDK: ${connector(floor)}`);
    const s = ours.stats;
    console.log(`    database: ${s.queries.count} statements (${(s.queries.count / Math.max(1, ours.sent)).toFixed(1)} per message), ${(s.queries.ms / 1000).toFixed(2)} s awaited in all; the costliest:`);
    for (const [text, q] of s.queries.top) console.log(`    ${String(q.count).padStart(6)} × ${f(q.ms / q.count).padStart(6)} ms  ${text}`);
    for (const l of s.logs) console.log(`    samspil log: ${l}`);
  }
} finally {
  for (const app of apps) await app.stop();
  await fake.close();
}
