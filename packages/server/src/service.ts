// The whole service in one process: the API, the example host with the widgets,
// /healthz, the stall scheduler and the outbox sender. Stops cleanly.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import { AccessPolicy } from './access.js';
import { buildApp } from './http/app.js';
import { Problem } from './http/problem.js';
import { WidgetTokens } from './http/tokens.js';
import type { ChatAdapter, ChatAdapterFactory } from './adapters.js';
import { LogPort, OutboxSender, PlatformRouter, type ChatPort } from './outbox.js';
import { UseCases } from './usecases/index.js';
import { Waves } from './usecases/waves.js';
import { StallScheduler } from './scheduler.js';
import { openDb, type Db } from './store/db.js';
import { migrate } from './store/migrate.js';
import { DEFAULT_DATA_DIR } from './store/location.js';
import { hasCpr } from '@samspil/core';
import { findSurvey } from './store/surveys.js';
import { findCase } from './store/cases.js';
import { personExists } from './store/insights.js';
import { DEMO_TENANT, demoApiKey, seedDemo } from './demo.js';
import { pseudonymKey } from './usecases/erasure.js';
import { Metrics } from './metrics.js';
import { systemClock } from './clock.js';
import { createLog, type Log } from './log.js';

export interface ServiceOptions {
  port?: number;
  host?: string;
  databaseUrl?: string | undefined;
  /** PGlite's folder (`memory://`: in memory); by default `./.samspil/data`. */
  dataDir?: string | undefined;
  /** PostgreSQL connections (by default twice the cores and one). */
  poolSize?: number | undefined;
  tokenSecret?: string | undefined;
  corsOrigins?: string[];
  schedulerIntervalMs?: number;
  senderIntervalMs?: number;
  /** Overrides the outbox's port (tests); by default each message goes to its platform's adapter. */
  chatPort?: ChatPort;
  /** The chat adapters whose credentials are configured. */
  adapters?: ChatAdapterFactory[];
  now?: () => Date;
  /**
   * Load the demo tenant (from the example data in `examples`) when the store is empty, print
   * its key and serve its demo token endpoint. Off unless given.
   */
  /** `history`: twelve weeks of fictional history for the leaders' overview (more cases, stalls, decisions), as `npm start` has it. */
  demo?: { examples: string; history?: boolean | undefined } | undefined;
  /** `GET /metrics` (Prometheus): on when given, behind its own token when it has one. */
  metrics?: { token?: string | undefined } | undefined;
  /** The operator's token for the routes across municipalities (invitations); without it nobody reaches them. */
  operatorToken?: string | undefined;
  /** This service's public address (the links it hands out). */
  publicUrl?: string | undefined;
  /** The proxies (addresses or CIDRs) whose `X-Forwarded-For` is believed; none by default. */
  trustedProxies?: string[];
  /** Registers more routes before the server listens (the composition root's pages). */
  pages?: (app: FastifyInstance) => Promise<void>;
  log?: Log;
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
  const dir = options.dataDir ?? DEFAULT_DATA_DIR;
  // A database in memory keeps nothing, and neither does its secret (not a file in the working folder).
  if (dir.startsWith('memory://')) return randomBytes(32).toString('base64url');
  const file = join(dirname(dir), 'token-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export async function startService(options: ServiceOptions = {}): Promise<RunningService> {
  const log = options.log ?? createLog();
  const now = options.now ?? systemClock;
  const db = await openDb({ url: options.databaseUrl, dataDir: options.dataDir ?? DEFAULT_DATA_DIR, poolSize: options.poolSize, log });
  const applied = await migrate(db);
  if (applied.length) log.info({ migrations: applied }, 'migrated');
  const demo = options.demo;
  const seeded = demo && (await seedDemo(db, demo.examples, now(), { history: demo.history }));
  if (seeded) log.info('loaded the demo municipality (fictional data)');
  const secret = tokenSecret(options);
  // Only where the demo is: a store that had tenants before it has none.
  const demoKey = demo ? await demoApiKey(db, secret) : undefined;

  const port = options.port ?? 8080;
  const host = options.host ?? '127.0.0.1';
  // The scheduler and the sender exist from here on; they start once the server listens.
  const metrics = options.metrics ? new Metrics(db, now) : undefined;
  const policy = new AccessPolicy(db);
  const waves = new Waves(db, policy, now);
  const scheduler = new StallScheduler({ db, now, log, pseudonymKey: pseudonymKey(secret), metrics, waves });
  let sender: OutboxSender | undefined;
  const readiness = () => ({ scheduler: scheduler.state, sender: sender?.state ?? 'stopped' });
  const app = await buildApp({ db, tokenSecret: secret, corsOrigins: options.corsOrigins ?? [], now, log, readiness, metrics: metrics && { metrics, token: options.metrics?.token }, operatorToken: options.operatorToken, publicUrl: options.publicUrl, trustedProxies: options.trustedProxies });
  const useCases = new UseCases(db, now);
  const adapters: ChatAdapter[] = [];
  for (const factory of options.adapters ?? []) adapters.push(await factory({ app, db, useCases, policy, waves, now, log }));

  await options.pages?.(app);
  if (demo) {
    // Stands in for the vendor's backend: it holds the API key and hands the page a widget
    // token. Without a login, so read-only, and only for the demo's own cases and RC surveys
    // (`survey=latest`: the one made last, a closed measurement wave's included, with its waves).
    const tokens = new WidgetTokens(secret);
    const DemoQuery = z.strictObject({
      // The citizen's portal (issue 28): a token of scope citizen for the case, as after the citizen's login.
      as: z.optional(z.literal('citizen')),
      case: z.optional(z.string().check(z.regex(/^[\w-]{1,100}$/))),
      survey: z.optional(z.string().check(z.regex(/^(latest|\d{1,18})$/))),
      // The leaders' overview as one of the demo's team leads or heads would see it (scope insights).
      insights: z.optional(z.string().check(z.regex(/^leder-[\w-]{1,60}$/))),
    });
    const DemoToken = z.object({ token: z.string(), expiresAt: z.string(), survey: z.optional(z.object({ id: z.string(), name: z.string(), waves: z.array(z.string()) })) });
    app.get('/demo/widget-token', { config: { access: 'public' }, schema: { querystring: DemoQuery, response: { 200: DemoToken } } }, async (request) => {
      const query = request.query as z.infer<typeof DemoQuery>;
      const exp = Math.floor(now().getTime() / 1000) + 900;
      const expiresAt = new Date(exp * 1000).toISOString();
      if (query.insights !== undefined) {
        if (!(await personExists(db, DEMO_TENANT, query.insights))) throw new Problem(404, 'the demo has no such leader');
        return { token: tokens.sign({ tenant: DEMO_TENANT, person: query.insights, user: 'demo-leder', scope: 'insights', exp }), expiresAt };
      }
      if (query.survey !== undefined) {
        const survey = await findSurvey(db, DEMO_TENANT, query.survey);
        if (!survey) throw new Problem(404, 'the demo has no such survey');
        return { token: tokens.sign({ tenant: DEMO_TENANT, survey: survey.id, user: 'demo-sagsbehandler', scope: 'read', exp }), expiresAt, survey: { id: survey.id, name: survey.name, waves: survey.waves } };
      }
      const reference = query.case;
      if (reference === undefined) throw new Problem(422, 'query: name a case or a survey');
      if (hasCpr(reference)) throw new Problem(422, 'query case: must be a case reference');
      if (!(await findCase(db, DEMO_TENANT, reference))) throw new Problem(404, 'the demo has no such case');
      const citizen = query.as === 'citizen';
      return { token: tokens.sign({ tenant: DEMO_TENANT, case: reference, user: citizen ? 'demo-borger' : 'demo-sagsbehandler', scope: citizen ? 'citizen' : 'read', exp }), expiresAt };
    });
  }

  await app.listen({ port, host });
  const address = app.server.address();
  const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${typeof address === 'object' && address ? address.port : port}`;

  for (const adapter of adapters) await adapter.start?.();
  sender = new OutboxSender({ db, now, log, port: options.chatPort ?? new PlatformRouter(db, adapters.map((a) => a.port), new LogPort(log), metrics) });
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
        // Stop taking requests and finish those under way (up to 10 s), while the scheduler
        // stops between runs and the sender finishes its delivery and gives back the rest.
        await Promise.all([app.close(), scheduler.stop(), sender.stop()]);
        for (const adapter of adapters) await adapter.stop();
        await db.close();
        log.info('stopped');
      })()),
  };
}
