// How a chat adapter (Slack, Teams) plugs into the service: it mounts its routes on
// the service's HTTP server, calls the use cases, and delivers the outbox through
// its port. The service knows adapters only by this shape.
import type { FastifyInstance } from 'fastify';
import type { AccessPolicy } from './access.js';
import type { Log } from './log.js';
import type { ChatPort } from './outbox.js';
import type { Db } from './store/db.js';
import type { UseCases } from './usecases/index.js';
import type { Waves } from './usecases/waves.js';

export interface ChatAdapterContext {
  /** The service's HTTP server, not yet listening: register routes on it. */
  app: FastifyInstance;
  db: Db;
  useCases: UseCases;
  /** Need to know: the one policy every chat gesture consults. */
  policy: AccessPolicy;
  /** RC measurement waves: started, answered and closed from chat. */
  waves: Waves;
  now: () => Date;
  /** The service's logger: structure and codes, never case data. */
  log: Log;
}

export interface ChatAdapter {
  /** The platform: `slack` or `teams`; outbox messages for it are routed by this name. */
  readonly name: string;
  readonly port: ChatPort;
  /** After the HTTP server listens (Socket Mode connects here). */
  start?(): Promise<void>;
  stop(): Promise<void>;
}

export type ChatAdapterFactory = (context: ChatAdapterContext) => Promise<ChatAdapter>;
