// `npm run bench`, the Slack bot: how fast Slack gets its acknowledgement of
// `/samspil status SAG-2026-0412` under load (autocannon, 10 s at 100 requests/s,
// 10 connections, signed like Slack), from the real service (PGlite in memory, the
// demo tenant, the work after the ack really done: the card is rendered and posted
// to the response_url), next to the floor measured in the same run: a bare Bolt app
// answering the same command with `await ack('ok')`. Each app runs in a process of
// its own (bench/server.mjs); the load generator and the fake Slack Web API
// (test/fakes/slack-api.ts, transpiled on the fly) share this one. Figures, not assertions.
import autocannon from 'autocannon';
import ts from 'typescript';
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SECRET = 'bench-signing-secret-0123456789abcdef';
const TOKEN = 'xoxb-samspil-bench';
const TEAM = 'T0SAMSPIL';
const MAJA = { id: 'U0MAJA', email: 'p-job-1@demokommune.example.dk', name: 'maja' };
const RATE = 100;
const CONNECTIONS = 10;
const WARMUP_S = 2;
const DURATION_S = 10;
const TEXT = 'status SAG-2026-0412';

/** FakeSlack from the tests' TypeScript, transpiled in memory (it imports only node: built-ins). */
async function loadFakeSlack() {
  const source = await readFile(fileURLToPath(new URL('../test/fakes/slack-api.ts', import.meta.url)), 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
  return (await import(`data:text/javascript;base64,${Buffer.from(outputText).toString('base64')}`)).FakeSlack;
}

const sign = (timestamp, body) => `v0=${createHmac('sha256', SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;

/** `n` slash commands as Slack sends them, each with its own trigger_id and response_url, signed up front. */
function commands(fake, n, timestamp) {
  return Array.from({ length: n }, () => {
    const body = new URLSearchParams({
      token: 'fake-verification-token', team_id: TEAM, team_domain: 'samspil', channel_id: 'C0BENCH', channel_name: 'general',
      user_id: MAJA.id, user_name: MAJA.name, command: '/samspil', text: TEXT, api_app_id: 'A0FAKEAPP1', is_enterprise_install: 'false',
      response_url: fake.responseUrl(), trigger_id: fake.triggerId(),
    }).toString();
    return {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': sign(timestamp, body),
      },
    };
  });
}

/** Starts bench/server.mjs `kind` and waits for its URL. */
async function startApp(kind, fake) {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./server.mjs', import.meta.url)), kind, fake.url, SECRET, TOKEN], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
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
    requests: [{ setupRequest: () => requests[i++ % requests.length] }],
  });
  instance.on('response', (_client, status, _bytes, ms) => status >= 200 && status < 300 && latencies.push(ms));
  const result = await instance;
  latencies.sort((a, b) => a - b);
  const at = (p) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] ?? NaN;
  return { sent: i, answered: result.requests.total, ok: result['2xx'], non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts, p50: at(50), p90: at(90), p99: at(99), max: latencies.at(-1) ?? NaN };
}

async function waitFor(probe, ms) {
  const until = Date.now() + ms;
  while (!probe() && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  return probe();
}

const f = (ms) => ms.toFixed(2);

async function measure(kind, fake) {
  const app = await startApp(kind, fake);
  try {
    const timestamp = Math.floor(Date.now() / 1000); // valid for five minutes: the whole run
    const warm = await drive(app.url, commands(fake, RATE * (WARMUP_S + 2), timestamp), WARMUP_S);
    // Let the work after the warm-up's acks finish before the measurement starts.
    const follows = kind === 'samspil'; // the floor only acknowledges
    if (follows) await waitFor(() => fake.responses().length >= posted + warm.ok, 30_000);
    posted = fake.responses().length;
    await app.ask('reset');
    const requests = commands(fake, RATE * (DURATION_S + 2), timestamp);
    const r = await drive(app.url, requests, DURATION_S);
    const ids = new Set(requests.map((q) => new URLSearchParams(q.body).get('response_url').split('/').pop()));
    const mine = () => fake.responses().filter((p) => ids.has(p.id));
    const t = Date.now();
    if (follows) await waitFor(() => mine().length >= r.ok, 30_000);
    r.drain = Date.now() - t;
    r.posts = mine();
    posted = fake.responses().length;
    r.stats = await app.ask('stats');
    return r;
  } finally {
    await app.stop();
  }
}

let posted = 0;
const FakeSlack = await loadFakeSlack();
const fake = await FakeSlack.start({ token: TOKEN, teamId: TEAM });
fake.addUser(MAJA);
try {
  console.log(`\nSlack acknowledgement latency: /samspil ${TEXT}, ${RATE} requests/s for ${DURATION_S} s, ${CONNECTIONS} connections (after ${WARMUP_S} s warm-up); each app in its own process`);
  const floor = await measure('bolt', fake);
  const ours = await measure('samspil', fake);

  const line = (label, r) =>
    `  ${label.padEnd(10)} p50 ${f(r.p50).padStart(7)} ms  p90 ${f(r.p90).padStart(7)} ms  p99 ${f(r.p99).padStart(7)} ms  max ${f(r.max).padStart(7)} ms  (${r.sent} sent, ${r.answered} answered, ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts)`;
  console.log(line('samspil', ours));
  console.log(line('bare Bolt', floor));
  const ratio = ours.p99 / floor.p99;
  console.log(`  ratio p99 samspil / bare Bolt = ${ratio.toFixed(2)} (target ≤ 1.5: ${ratio <= 1.5 ? 'met' : 'MISSED'})`);

  const cards = ours.posts.filter((p) => JSON.stringify(p.body).includes('SAG-2026-0412')).length;
  console.log(`  follow-up: ${ours.posts.length} of ${ours.ok} acknowledged commands posted a reply to their response_url (${cards} with the case's card), the last ${ours.drain} ms after the load ended`);
  if (ours.posts[0] && cards < ours.posts.length) console.log(`  a reply without the card: ${JSON.stringify(ours.posts.find((p) => !JSON.stringify(p.body).includes('SAG-2026-0412')).body).slice(0, 200)}`);
  const s = ours.stats;
  console.log(`  samspil process while measured: event-loop delay p50 ${f(s.loop.p50)} ms, p99 ${f(s.loop.p99)} ms, max ${f(s.loop.max)} ms; bare Bolt: p50 ${f(floor.stats.loop.p50)} ms, p99 ${f(floor.stats.loop.p99)} ms`);
  if (s.queries) {
    console.log(`  samspil database: ${s.queries.count} statements (${(s.queries.count / Math.max(1, ours.ok)).toFixed(1)} per command), ${(s.queries.ms / 1000).toFixed(2)} s awaited in all; the costliest:`);
    for (const [text, q] of s.queries.top) console.log(`    ${String(q.count).padStart(6)} × ${f(q.ms / q.count).padStart(6)} ms  ${text}`);
  }
  for (const l of s.logs) console.log(`  samspil log: ${l}`);
} finally {
  await fake.close();
}
