// The Teams adapter, wired: the organisations it serves and its tokens, the Teams SDK v2
// app on the service's HTTP server (POST /api/messages), the shared chat flows on Teams'
// platform, and the SDK's handlers.
import { App } from '@microsoft/teams.apps';
import { ChatFlows } from '@samspil/chat';
import { cachedWorkspaceOfTenant, type ChatAdapter, type ChatAdapterFactory } from '@samspil/server';
import type { TeamsConfig } from './config.js';
import { FastifyAdapter } from './fastify-adapter.js';
import { TeamsOrganisations } from './installations.js';
import { listen } from './listeners.js';
import { sdkLogger } from './logger.js';
import { TeamsPlatform, type TeamsSettings } from './platform.js';
import { serviceUrlAllowed } from './service-urls.js';

export function teamsAdapter(config: TeamsConfig): ChatAdapterFactory {
  return async ({ app: fastify, db, useCases, policy, waves, now, log }): Promise<ChatAdapter> => {
    const organisations = new TeamsOrganisations(config, { db, now, log });
    await organisations.linkAtStart();
    const teams = new App({
      clientId: config.clientId,
      token: organisations.botTokens(),
      ...(config.tenantId ? { tenantId: config.tenantId } : {}),
      cloud: organisations.cloud,
      httpServerAdapter: new FastifyAdapter(fastify, serviceUrlAllowed(config.serviceHosts ?? []), log),
      // Not the SDK's environment variable DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS either: every token is checked.
      dangerouslyAllowUnauthenticatedRequests: false,
      activity: { mentions: { stripText: true } },
      logger: sdkLogger(log) as never,
    });
    const settingsOf = async (tenant: string) => (await cachedWorkspaceOfTenant(db, tenant, 'teams', now().getTime()))?.settings as TeamsSettings | undefined;
    const platform = new TeamsPlatform(db, teams.api.http, config.clientId, settingsOf, () => now().getTime());
    const defaults = config.coordinationChannel ? { coordinationChannel: config.coordinationChannel } : {};
    const flows = new ChatFlows({ db, useCases, policy, waves, locale: config.locale ?? 'da', defaults, now, log, publicUrl: config.publicUrl }, platform);
    listen(teams, flows, platform, organisations, { db, log });

    // Registers POST /api/messages on the service's server; the service listens, not the SDK.
    await teams.initialize();
    organisations.checkActivities(teams);
    log.info('teams: activities at POST /api/messages');
    return {
      name: 'teams',
      port: flows.port,
      async start() {
        // Coordinations a service that died left half open are finished now.
        void flows.coordination.finishAbandoned().catch((error: Error) => log.warn(`teams: ${error.message}`));
      },
      async stop() {},
    };
  };
}
