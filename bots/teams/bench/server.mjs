// The app under load, in a process of its own (the load generator and the fake
// Bot Connector must not share its event loop):
// `node bench/server.mjs <kind> <openid metadata url> <login url> <app id> <entra tenant id> <bot token> <app secret>`.
//   samspil-postgres|samspil-pglite  the real service (the demo tenant) with the Teams adapter
//   floor    a bare Teams SDK app on a bare Fastify (our FastifyAdapter and token check), `await send('ok')`
// Both validate the Bot Framework JWT against the fake's published keys and send their
// answer through the fake connector before the HTTP request is answered.
// Prints one JSON line {url} when it listens; answers the parent's 'stats' message
// with what it counted, and stops cleanly on 'stop' (the protocol: ../../chat/bench/kit.mjs).
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { answerParent, startSamspil, summary } from '../../chat/bench/kit.mjs';

const [kind, openIdMetadataUrl, loginUrl, clientId, tenantId, botToken, clientSecret] = process.argv.slice(2);
const logs = [];

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
// Our check of the token stands in for the SDK's (src/channel-tokens.ts); the server's authorize calls it.
timed(require('./http/http-server.js').HttpServer.prototype, 'authorize', timings.auth);
timed(require('./activity-sender.js').ActivitySender.prototype, 'send', timings.send);

let app;
if (kind.startsWith('samspil')) {
  const { teamsAdapter } = await import('../dist/index.js');
  const service = await startSamspil(kind, teamsAdapter({ clientId, clientSecret, tenantId, tenant: 'demo', openIdMetadataUrl, loginUrl, serviceHosts: ['127.0.0.1'] }), logs);
  app = { url: `${service.url}/api/messages`, stop: service.stop, statements: service.statements };
} else if (kind === 'floor') {
  const { PUBLIC, withOverrides } = await import('@microsoft/teams.api');
  const { App } = await import('@microsoft/teams.apps');
  const { default: Fastify } = await import('fastify');
  const { channelTokens, checkTokensWith, FastifyAdapter, serviceUrlAllowed } = await import('../dist/index.js');
  const fastify = Fastify({ logger: false });
  const quiet = { error: (...m) => logs.push(m.map(String).join(' ')), warn: (...m) => logs.push(m.map(String).join(' ')), info() {}, debug() {}, trace() {}, log() {} };
  quiet.child = () => quiet;
  const teams = new App({
    clientId,
    tenantId,
    token: async () => botToken,
    cloud: withOverrides(PUBLIC, { openIdMetadataUrl }),
    httpServerAdapter: new FastifyAdapter(fastify, serviceUrlAllowed(['127.0.0.1']), (line) => logs.push(line)),
    logger: quiet,
  });
  teams.on('message', async ({ send }) => {
    await send('ok');
  });
  await teams.initialize();
  checkTokensWith(teams, channelTokens({ appId: clientId, issuer: PUBLIC.tokenIssuer, openIdMetadataUrl }));
  await fastify.listen({ port: 0, host: '127.0.0.1' });
  app = { url: `http://127.0.0.1:${fastify.server.address().port}/api/messages`, stop: () => fastify.close() };
} else {
  throw new Error(`usage: server.mjs samspil-postgres|samspil-pglite|floor <openid metadata url> <login url> <app id> <tenant id> <bot token> <app secret>`);
}

answerParent({
  stop: app.stop,
  logs,
  notable: /fail|could not|no handler|error/i,
  statements: app.statements,
  reset: () => Object.values(timings).forEach((xs) => (xs.length = 0)),
  stats: () => ({ request: summary(timings.request), auth: summary(timings.auth), send: summary(timings.send) }),
});
console.log(JSON.stringify({ url: app.url }));
