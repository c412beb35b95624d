// The Slack adapter, wired: the workspaces and their tokens, the shared chat flows on
// Slack's platform, Bolt on the service's own HTTP server (or Socket Mode), its listeners.
import { ChatFlows } from '@samspil/chat';
import { firstDelivery, systemClock, type ChatAdapter, type ChatAdapterFactory } from '@samspil/server';
import { App } from '@slack/bolt';
import type { SlackConfig } from './config.js';
import { SlackWorkspaces } from './installations.js';
import { listen } from './listeners.js';
import { listenMeetings } from './meeting-listeners.js';
import { boltLogger } from './logger.js';
import { SlackPlatform } from './platform.js';
import { FastifyReceiver } from './receiver.js';

export function slackAdapter(config: SlackConfig): ChatAdapterFactory {
  return async ({ app: fastify, db, useCases, policy, waves, now, log }): Promise<ChatAdapter> => {
    const logger = boltLogger(log);
    const clientOptions = {
      // The outbox and the gestures' own retries wait out rate limits; the client must not sleep for minutes.
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: 10_000,
      logger,
      ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
    };
    const workspaces = await SlackWorkspaces.open(config, { fastify, db, now, log, clientOptions });
    const defaults = config.coordinationChannel ? { coordinationChannel: config.coordinationChannel } : {};
    const publicUrl = config.publicUrl ?? config.oauth?.publicUrl;
    const platform = new SlackPlatform((tenant) => workspaces.client(tenant), log);
    const flows = new ChatFlows({ db, useCases, policy, waves, locale: config.locale ?? 'da', defaults, now, log, publicUrl }, platform);

    const receiver = config.appToken ? undefined : new FastifyReceiver(fastify, { signingSecret: config.signingSecret, firstDelivery: (key) => firstDelivery(db, 'slack', key), log, now: () => systemClock().getTime() });
    const bolt = new App({
      ...(receiver ? { receiver } : { socketMode: true, appToken: config.appToken! }),
      clientOptions,
      logger,
      authorize: (source) => workspaces.authorize(source),
    });
    listen(bolt, flows, workspaces, { db, log });
    listenMeetings(bolt, flows);

    if (receiver) log.info(`slack: events, commands and interactivity at POST /slack/events (workspace ${workspaces.name})`);
    return {
      name: 'slack',
      port: flows.port,
      async start() {
        // Coordinations a service that died left half open are finished now.
        void flows.coordination.finishAbandoned().catch((error: Error) => log.warn(`slack: ${error.message}`));
        if (!receiver) {
          await bolt.start();
          log.info(`slack: connected in Socket Mode (workspace ${workspaces.name})`);
        }
      },
      async stop() {
        if (!receiver) await bolt.stop();
      },
    };
  };
}
