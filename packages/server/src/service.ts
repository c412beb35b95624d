// The whole service in one process: the API, the example host with the widgets,
// /healthz, the stall scheduler and the outbox sender. Stops cleanly.
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { AccessPolicy } from './access.js';
import { buildApp } from './http/app.js';
import { Problem } from './http/problem.js';
import { WidgetTokens } from './http/tokens.js';
import type { ChatAdapter, ChatAdapterFactory } from './adapters.js';
import { OutboxSender, PlatformRouter, type ChatPort } from './outbox.js';
import { UseCases } from './usecases.js';
import { StallScheduler } from './scheduler.js';
import { openDb, type Db } from './store/db.js';
import { migrate } from './store/migrate.js';
import { hasCpr } from '@samspil/core';
import { findCase } from './store/cases.js';
import { ensureApiKey } from './store/tenants.js';
import { DEMO_TENANT, seedDemo } from './demo.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface ServiceOptions {
  port?: number;
  host?: string;
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  tokenSecret?: string | undefined;
  corsOrigins?: string[];
  schedulerIntervalMs?: number;
  senderIntervalMs?: number;
  /** Overrides the outbox's port (tests); by default each message goes to its platform's adapter. */
  chatPort?: ChatPort;
  /** The chat adapters whose credentials are configured. */
  adapters?: ChatAdapterFactory[];
  now?: () => Date;
  /** Load the demo tenant when the store is empty, print its key and serve its demo token endpoint. Off unless true. */
  demo?: boolean;
  log?: (line: string) => void;
}

export interface RunningService {
  url: string;
  db: Db;
  useCases: UseCases;
  scheduler: StallScheduler;
  sender: OutboxSender;
  adapters: ChatAdapter[];
  demoKey: string | undefined;
  stop(): Promise<void>;
}

/** The widget-token secret: from the environment, else kept beside the embedded database. */
function tokenSecret(options: ServiceOptions): string {
  if (options.tokenSecret) return options.tokenSecret;
  const dir = options.dataDir ?? process.env.SAMSPIL_DATA_DIR ?? './.samspil/data';
  const file = join(dirname(dir), 'token-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/**
 * The demo's API key: one key, the same at every start (derived from the token secret, so
 * nothing more is kept), not a new never-revoked key each time.
 */
async function demoApiKey(db: Db, secret: string): Promise<string> {
  const derived = createHmac('sha512', secret).update('samspil demo api key').digest();
  return ensureApiKey(db, DEMO_TENANT, derived.subarray(0, 6).toString('hex'), derived.subarray(6, 38).toString('base64url'), 'demo, printed at start');
}

export async function startService(options: ServiceOptions = {}): Promise<RunningService> {
  const log = options.log ?? ((line) => console.log(line));
  const now = options.now ?? (() => new Date());
  const db = await openDb({ url: options.databaseUrl, dataDir: options.dataDir });
  const applied = await migrate(db);
  if (applied.length) log(`migrated: ${applied.join(', ')}`);
  const demo = options.demo === true;
  const seeded = demo && (await seedDemo(db, join(ROOT, 'examples')));
  if (seeded) log('loaded the demo municipality (fictional data)');
  const secret = tokenSecret(options);
  const demoKey = demo ? await demoApiKey(db, secret) : undefined;

  const port = options.port ?? 8080;
  const host = options.host ?? '127.0.0.1';
  const app = await buildApp({ db, tokenSecret: secret, corsOrigins: options.corsOrigins ?? [], now, log });
  const useCases = new UseCases(db, now);
  const adapters: ChatAdapter[] = [];
  const policy = new AccessPolicy(db);
  for (const factory of options.adapters ?? []) adapters.push(await factory({ app, db, useCases, policy, now, log }));

  // The example host and the widgets' bundle, as a vendor's page would load them.
  await app.register(fastifyStatic, { root: join(ROOT, 'examples'), prefix: '/examples/', index: ['index.html'] });
  await app.register(fastifyStatic, { root: join(ROOT, 'packages/widgets/dist'), prefix: '/packages/widgets/dist/', decorateReply: false });
  app.get('/', async (_request, reply) => reply.redirect('/examples/host-vanilla/index.html'));
  if (demo) {
    // Stands in for the vendor's backend: it holds the API key and hands the page a widget
    // token. Without a login, so read-only, and only for the demo's own cases.
    const tokens = new WidgetTokens(secret);
    app.get('/demo/widget-token', { config: { access: 'public' } }, async (request) => {
      const reference = String((request.query as { case?: string }).case ?? '');
      if (!/^[\w-]{1,100}$/.test(reference) || hasCpr(reference)) throw new Problem(422, 'query case: must be a case reference');
      if (!(await findCase(db, DEMO_TENANT, reference))) throw new Problem(404, 'the demo has no such case');
      const exp = Math.floor(now().getTime() / 1000) + 900;
      return { token: tokens.sign({ tenant: DEMO_TENANT, case: reference, user: 'demo-sagsbehandler', scope: 'read', exp }), expiresAt: new Date(exp * 1000).toISOString() };
    });
  }

  await app.listen({ port, host });
  const address = app.server.address();
  const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${typeof address === 'object' && address ? address.port : port}`;

  for (const adapter of adapters) await adapter.start?.();
  const scheduler = new StallScheduler({ db, now });
  const sender = new OutboxSender({ db, now, port: options.chatPort ?? new PlatformRouter(db, adapters.map((a) => a.port)) });
  scheduler.start(options.schedulerIntervalMs ?? 60_000);
  sender.start(options.senderIntervalMs ?? 5_000);

  let stopping: Promise<void> | undefined;
  return {
    url,
    db,
    useCases,
    scheduler,
    sender,
    adapters,
    demoKey,
    stop: () =>
      (stopping ??= (async () => {
        await scheduler.stop();
        await sender.stop();
        for (const adapter of adapters) await adapter.stop();
        await app.close();
        await db.close();
      })()),
  };
}
