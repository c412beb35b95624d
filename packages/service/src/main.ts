// `npm start`: the coordination service on the embedded database by default, with
// each chat adapter whose credentials are in the environment. The composition root:
// it alone reads the environment, makes the logger and the clock, and serves the
// monorepo's example hosts and widget bundle; the server knows adapters only by
// their interface, the adapters know the server.
import { inspect } from 'node:util';
import { createLog, startService, type RunningService } from '@samspil/server';
import { slackConfigFromEnv } from '@samspil/slack/config';
import { teamsConfigFromEnv } from '@samspil/teams/config';
import { ConfigError, serviceConfig, type ServiceConfig } from './config.js';
import { examplePages, EXAMPLES } from './pages.js';
import { linkedAtStart, startFailure } from './start.js';

let config: ServiceConfig;
try {
  config = serviceConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  const [only, ...more] = error.problems;
  process.stderr.write(more.length ? `Samspil cannot start: fix these settings in its environment:\n  ${error.problems.join('\n  ')}\n` : `Samspil cannot start: ${only}\n`);
  process.exit(2);
}

const log = createLog({ level: config.logLevel });
const slack = slackConfigFromEnv(config.chat);
const teams = teamsConfigFromEnv(config.chat);
// Each adapter loaded only when it is set up: Bolt and the Teams SDK take a second or more to load.
const adapters = [
  ...(slack ? [linkedAtStart((await import('@samspil/slack')).slackAdapter, slack, 'SLACK_TENANT', config.demo)] : []),
  ...(teams ? [linkedAtStart((await import('@samspil/teams')).teamsAdapter, teams, 'TEAMS_SAMSPIL_TENANT', config.demo)] : []),
];

const examples = config.examplesDir ?? EXAMPLES;
let service: RunningService;
try {
  service = await startService({
    ...config,
    demo: config.demo ? { examples, history: true } : undefined,
    adapters,
    log,
    now: () => new Date(),
    pages: examplePages(examples),
  });
} catch (error) {
  // One line: what is wrong and what to do. The error itself (its stack, a statement's
  // parameters) only when the log level asks for debug.
  if (config.logLevel === 'debug' || config.logLevel === 'trace') process.stderr.write(`${inspect(error)}\n`);
  const failure = startFailure(error, config);
  process.stderr.write(`Samspil cannot start: ${failure.message}\n`);
  process.exit(failure.status);
}

// What a person starting it reads; the log (JSON lines) goes on beside it.
process.stdout.write(`
Samspil is running (${service.db.kind}).
  Example host (a vendor's case view): ${service.url}/examples/host-vanilla/index.html
  React host:                          ${service.url}/examples/host-react/index.html
  API:                                 ${service.url}/api/v1  (OpenAPI: ${service.url}/api/v1/openapi.json)
  Health:                              ${service.url}/healthz${service.adapters.length ? `\n  Chat:                                ${service.adapters.map((a) => a.name).join(', ')}` : ''}${service.demoKey ? `\n  Demo API key (tenant "demo"):         ${service.demoKey}` : config.demo ? '\n  Demo:                                not loaded (the store had tenants of its own)' : ''}
Ctrl+C stops it.
`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log.info({ signal }, 'stopping');
    // Requests get 10 s to finish; past 20 s in all the process stops regardless.
    setTimeout(() => process.exit(1), 20_000).unref();
    service.stop().then(
      () => process.exit(0),
      (error: Error) => {
        log.error({ err: error }, 'could not stop cleanly');
        process.exit(1);
      },
    );
  });
}
