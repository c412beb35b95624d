// `npm start`: the coordination service on the embedded database by default, with
// each chat adapter whose credentials are in the environment. The composition root:
// the server knows adapters only by their interface, the adapters know the server.
import { startService, type ChatAdapterFactory } from '@samspil/server';
import { slackAdapter, slackConfigFromEnv } from '@samspil/slack';
import { teamsAdapter, teamsConfigFromEnv } from '@samspil/teams';

const adapters: ChatAdapterFactory[] = [];
const slack = slackConfigFromEnv();
// On the embedded default the demo municipality is the one chat workspaces map to.
const defaultTenant = process.env.DATABASE_URL ? undefined : 'demo';
if (slack) adapters.push(slackAdapter({ ...slack, tenant: slack.tenant ?? defaultTenant }));
const teams = teamsConfigFromEnv();
if (teams) adapters.push(teamsAdapter({ ...teams, tenant: teams.tenant ?? defaultTenant }));

const service = await startService({
  port: Number(process.env.PORT ?? 8080),
  host: process.env.HOST ?? '127.0.0.1',
  databaseUrl: process.env.DATABASE_URL,
  dataDir: process.env.SAMSPIL_DATA_DIR,
  tokenSecret: process.env.SAMSPIL_TOKEN_SECRET,
  corsOrigins: (process.env.SAMSPIL_CORS_ORIGINS ?? '').split(',').filter(Boolean),
  schedulerIntervalMs: Number(process.env.SAMSPIL_SCHEDULER_INTERVAL_MS ?? 60_000),
  // The demo (fictional data and an unauthenticated token endpoint for it) is for the embedded
  // default; against a production PostgreSQL it is off unless asked for.
  demo: process.env.SAMSPIL_DEMO ? process.env.SAMSPIL_DEMO !== '0' : !process.env.DATABASE_URL,
  adapters,
});

console.log(`
Samspil is running (${service.db.kind}).
  Example host (a vendor's case view): ${service.url}/examples/host-vanilla/index.html
  React host:                          ${service.url}/examples/host-react/index.html
  API:                                 ${service.url}/api/v1  (OpenAPI: ${service.url}/api/v1/openapi.json)
  Health:                              ${service.url}/healthz${service.adapters.length ? `\n  Chat:                                ${service.adapters.map((a) => a.name).join(', ')}` : ''}${service.demoKey ? `\n  Demo API key (tenant "demo"):         ${service.demoKey}` : ''}
Ctrl+C stops it.`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log(`\n${signal}: stopping…`);
    service.stop().then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
