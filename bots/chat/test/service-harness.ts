// The service side of the chat platforms' end-to-end harnesses (bots/slack/test/harness.ts and
// bots/teams/test/harness.ts): the real service on one of serviceDatabases() with a platform's
// adapter, a clock the test moves, its log kept, and the API as a vendor's system calls it.
// Test code only; it lives here because both platforms' tests share it.
import type { Plan } from '@samspil/core';
import { memoryLog, startService, type RunningService, type ServiceOptions } from '@samspil/server';
import { TEST_SERVICE, type ServiceDatabase } from '@samspil/server/testing';
import { expect } from 'vitest';
import { withPlantedPersonalData } from '../src/privacy.js';

type Json = Record<string, unknown>;

export interface TestServiceOptions {
  /** The service's clock at the start (`at` moves it). */
  clock: string;
  /** The demo municipality (tenant demo, its API key); without it the test seeds a tenant itself. */
  demo?: boolean;
  adapters: ServiceOptions['adapters'];
  /** Closes the platform's fake, with the service or when it fails to start. */
  close(): Promise<void>;
}

export async function startTestService(database: ServiceDatabase, options: TestServiceOptions) {
  const storage = await database.create();
  let clock = Date.parse(options.clock);
  // The service's log (JSON lines), kept for the assertions and a timeout's message.
  const { log, lines: logs } = memoryLog();
  const service: RunningService = await startService({
    ...TEST_SERVICE,
    ...storage.options,
    ...(options.demo ? { demo: { examples: new URL('../../../examples', import.meta.url).pathname } } : {}),
    now: () => new Date(clock),
    log,
    adapters: options.adapters,
  }).catch(async (error: unknown) => {
    await Promise.all([storage.drop(), options.close()]);
    throw error;
  });
  let apiKey = service.demoKey ?? '';
  let second: RunningService | undefined;

  async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${service.url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${apiKey}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers }, ...(body ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, etag: res.headers.get('etag'), body: (res.status === 204 ? {} : await res.json()) as Json };
  }

  return {
    service,
    storage,
    log,
    logs,
    api,
    /** Moves the service's clock. */
    at: (iso: string) => void (clock = Date.parse(iso)),
    now: () => new Date(clock),
    /** The API key `api` uses (the demo's, unless the test made one). */
    useApiKey: (key: string) => void (apiKey = key),
    /** Plants personal data in a case's plan, where a careless message or card would pick it up: the plan planted. */
    async plantPersonalData(reference: string) {
      const current = await api('GET', `/cases/${reference}/plan`);
      const planted = withPlantedPersonalData(current.body as unknown as Plan);
      expect((await api('PUT', `/cases/${reference}/plan`, planted, { 'if-match': current.etag! })).status).toBe(200);
      return planted;
    },
    /**
     * A second instance on the same database (PostgreSQL only, else none), its own turns stopped so
     * the test runs them: two scheduler turns racing. It delivers nothing; `stop` stops it too.
     */
    async secondInstance() {
      if (database.kind !== 'postgres') return undefined;
      second = await startService({ ...TEST_SERVICE, ...storage.options, now: () => new Date(clock), log, chatPort: { name: 'none', deliver: async () => Promise.reject(new Error('the second instance delivers nothing')) } });
      await Promise.all([second.scheduler.stop(), second.sender.stop()]);
      return second;
    },
    async stop() {
      await second?.stop();
      await service.stop();
      await storage.drop();
      await options.close();
    },
  };
}
