// The app under load, in a process of its own (the load generator and the fake
// Slack must not share its event loop): `node bench/server.mjs <kind> <fake Web API url> <secret> <token>`.
//   samspil-postgres|samspil-pglite  the real service (the demo tenant) with the Slack adapter
//   bolt     the floor: a bare Bolt app on its own HTTPReceiver, `await ack('ok')`
// Prints one JSON line {url} when it listens; answers the parent's 'stats' message
// with what it counted, and stops cleanly on 'stop' (the protocol: ../../chat/bench/kit.mjs).
import { performance } from 'node:perf_hooks';
import { answerParent, startSamspil, summary } from '../../chat/bench/kit.mjs';

const [kind, apiUrl, secret, token] = process.argv.slice(2);
const logs = [];

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

let app;
if (kind.startsWith('samspil')) {
  const { slackAdapter } = await import('../dist/index.js');
  const service = await startSamspil(kind, slackAdapter({ signingSecret: secret, botToken: token, apiUrl, tenant: 'demo' }), logs);
  app = { url: `${service.url}/slack/events`, stop: service.stop, statements: service.statements };
} else if (kind === 'bolt') {
  const { LogLevel } = await import('@slack/bolt');
  const bolt = new App({ signingSecret: secret, token, clientOptions: { slackApiUrl: apiUrl }, logLevel: LogLevel.ERROR });
  bolt.command('/samspil', async ({ ack }) => {
    await ack('ok');
  });
  const server = await bolt.start(0);
  app = { url: `http://127.0.0.1:${server.address().port}/slack/events`, stop: () => bolt.stop() };
} else {
  throw new Error(`usage: server.mjs samspil-postgres|samspil-pglite|bolt <api url> <secret> <token>`);
}

answerParent({
  stop: app.stop,
  logs,
  notable: /fail|could not|no handler/i,
  statements: app.statements,
  reset: () => (toAck.length = 0),
  stats: () => ({ toAck: summary(toAck) }),
});
console.log(JSON.stringify({ url: app.url }));
