// `npm run bench`, the Slack bot: how fast Slack gets its acknowledgement of
// `/samspil status SAG-2026-0412` under load (autocannon, 10 s at 100 requests/s,
// 10 connections, signed like Slack), from the real service (the demo tenant, the
// work after the ack really done: the card is rendered and posted to the
// response_url) on PostgreSQL (production; when the server is reachable) and on
// PGlite (the embedded default), next to the floor measured in the same run: a bare Bolt app
// answering the same command with `await ack('ok')`. Each app runs in a process of
// its own (bench/server.mjs); the load generator and the fake Slack Web API
// (test/fakes/slack-api.ts, transpiled on the fly) share this one. Figures, not assertions.
import autocannon from 'autocannon';
import ts from 'typescript';
import { createHmac } from 'node:crypto';
import { alone as oneAtATime, databases, driver, f, loadFakes, ratioLine, startApp as start, waitFor } from '../../chat/bench/kit.mjs';

const SECRET = 'bench-signing-secret-0123456789abcdef';
const TOKEN = 'xoxb-samspil-bench';
const TEAM = 'T0SAMSPIL';
const MAJA = { id: 'U0MAJA', email: 'p-job-1@demokommune.example.dk', name: 'maja' };
const RATE = 100;
const CONNECTIONS = 10;
const WARMUP_S = 2;
const DURATION_S = 10;
const TEXT = 'status SAG-2026-0412';

const sign = (timestamp, body) => `v0=${createHmac('sha256', SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;

/** `n` slash commands as Slack sends them, each with its own trigger_id and response_url, signed up front. */
function commands(fake, n, timestamp, text) {
  return Array.from({ length: n }, () => {
    const body = new URLSearchParams({
      token: 'fake-verification-token', team_id: TEAM, team_domain: 'samspil', channel_id: 'C0BENCH', channel_name: 'general',
      user_id: MAJA.id, user_name: MAJA.name, command: '/samspil', text, api_app_id: 'A0FAKEAPP1', is_enterprise_install: 'false',
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
const startApp = (kind, fake) => start(new URL('./server.mjs', import.meta.url), kind, [fake.url, SECRET, TOKEN]);

/** autocannon at RATE requests/s; latencies taken from each response (ms, unrounded). */
const drive = driver(autocannon, { rate: RATE, connections: CONNECTIONS });

/** One load phase against a running app: warm-up, then the measurement; follow-ups awaited when `follows`. */
async function measure(app, fake, text, follows) {
  const timestamp = Math.floor(Date.now() / 1000); // valid for five minutes: the whole phase
  const warm = await drive(app.url, commands(fake, RATE * (WARMUP_S + 2), timestamp, text), WARMUP_S);
  // The work after the warm-up's acks is finished before the measurement starts.
  if (follows) await waitFor(() => fake.responses().length >= posted + warm.ok, 30_000);
  posted = fake.responses().length;
  await app.ask('reset');
  const requests = commands(fake, RATE * (DURATION_S + 2), timestamp, text);
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
}

/** Without load: one request at a time, 20 ms apart (no queue, nothing after an earlier ack still running). */
const alone = (app, fake, text, n = 100) => oneAtATime(app.url, commands(fake, n, Math.floor(Date.now() / 1000), text));

let posted = 0;
// FakeSlack from the tests' TypeScript (test/fakes/slack-api.ts and the files it imports).
const { FakeSlack } = await loadFakes(ts, new URL('../test/fakes/', import.meta.url), 'slack-api.ts');
const fake = await FakeSlack.start({ token: TOKEN, teamId: TEAM });
fake.addUser(MAJA);
const apps = [];
try {
  console.log(`\nSlack acknowledgement latency: /samspil ${TEXT}, ${RATE} requests/s for ${DURATION_S} s, ${CONNECTIONS} connections, after ${WARMUP_S} s of warm-up; each app in its own process`);
  const bolt = await startApp('bolt', fake);
  apps.push(bolt);
  const floor = await measure(bolt, fake, TEXT, false);
  const floorAlone = await alone(bolt, fake, TEXT);
  await bolt.stop();
  apps.pop();

  const line = (label, r) =>
    `  ${label.padEnd(18)} p50 ${f(r.p50).padStart(7)} ms  p90 ${f(r.p90).padStart(7)} ms  p99 ${f(r.p99).padStart(7)} ms  max ${f(r.max).padStart(7)} ms  (${r.sent} sent, ${r.answered} answered, ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts)`;
  const per = (r) => `${f(r.stats.cpuMs / Math.max(1, r.ok))} ms CPU per command, Bolt received→ack p50 ${f(r.stats.toAck.p50)} ms p99 ${f(r.stats.toAck.p99)} ms, event-loop delay p99 ${f(r.stats.loop.p99)} ms max ${f(r.stats.loop.max)} ms`;
  console.log(line('bare Bolt', floor));
  for (const db of await databases()) {
    const samspil = await startApp(`samspil-${db}`, fake);
    apps.push(samspil);
    const ours = await measure(samspil, fake, TEXT, true);
    const oursAlone = await alone(samspil, fake, TEXT);
    // The same path up to the ack (signature, delivery record, workspace lookup), with nothing after it:
    // `help` is answered in the ack itself.
    const help = await measure(samspil, fake, 'help', false);
    await samspil.stop();
    apps.pop();

    console.log(line(`samspil, ${db}`, ours));
    console.log(ratioLine(db, 'bare Bolt', ours, floor));
    const cards = ours.posts.filter((p) => JSON.stringify(p.body).includes('SAG-2026-0412')).length;
    console.log(`  follow-up: ${ours.posts.length} of ${ours.ok} acknowledged commands got their reply at the response_url (${cards} with the case's card), the last ${ours.drain} ms after the load ended`);
    const other = ours.posts.find((p) => !JSON.stringify(p.body).includes('SAG-2026-0412'));
    if (other) console.log(`  a reply without the card: ${JSON.stringify(other.body).slice(0, 200)}`);
    console.log(`  where the time goes on ${db}:`);
    console.log(`  ${line('help (ack only)', help).trim()}`);
    console.log(`    one at a time, no load: samspil p50 ${f(oursAlone.p50)} ms p99 ${f(oursAlone.p99)} ms; bare Bolt p50 ${f(floorAlone.p50)} ms p99 ${f(floorAlone.p99)} ms`);
    console.log(`    under load, status: ${per(ours)}`);
    console.log(`    under load, help:   ${per(help)}`);
    console.log(`    under load, bare Bolt: ${per(floor)}`);
    const s = ours.stats;
    console.log(`    database: ${s.queries.count} statements (${(s.queries.count / Math.max(1, ours.ok)).toFixed(1)} per command), ${(s.queries.ms / 1000).toFixed(2)} s awaited in all; the costliest:`);
    for (const [text, q] of s.queries.top.slice(0, 4)) console.log(`    ${String(q.count).padStart(6)} × ${f(q.ms / q.count).padStart(6)} ms  ${text}`);
    for (const l of s.logs) console.log(`    samspil log: ${l}`);
  }
} finally {
  for (const app of apps) await app.stop();
  await fake.close();
}
