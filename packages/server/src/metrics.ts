// What operations watch, in Prometheus' text format (prom-client): requests, the outbox,
// deliveries, the scheduler, nudges, the database's connections and the event loop. Labels
// are routes, statuses, platforms, outcomes and reason codes: never a case or a person.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Clock } from './clock.js';
import { stallCheckLag } from './store/cases.js';
import type { Db } from './store/db.js';
import { outboxStats } from './store/outbox.js';

export class Metrics {
  readonly registry = new Registry();

  readonly requests = new Histogram({
    name: 'samspil_http_request_duration_seconds',
    help: 'API requests by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [this.registry],
  });

  readonly deliveries = new Counter({
    name: 'samspil_outbox_deliveries_total',
    help: 'Deliveries to chat by platform and outcome (sent, rate-limited, refused, failed)',
    labelNames: ['platform', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly schedulerRuns = new Histogram({
    name: 'samspil_scheduler_run_duration_seconds',
    help: 'Stall scheduler runs (checks, escalations, digests, retention)',
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120],
    registers: [this.registry],
  });

  readonly schedulerFailures = new Counter({
    name: 'samspil_scheduler_failures_total',
    help: "Parts of scheduler turns that failed on one tenant's data (a case, a nudge, a digest, a wave) while the rest carried on, by step and tenant",
    labelNames: ['step', 'tenant'] as const,
    registers: [this.registry],
  });

  readonly nudges = new Counter({
    name: 'samspil_nudges_created_total',
    help: 'Nudges written by the stall scheduler, by reason code',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  constructor(db: Db, now: Clock) {
    const registers = [this.registry];
    // Both outbox gauges come from one query per scrape: the first to ask starts it, the other shares it.
    let scrape: ReturnType<typeof outboxStats> | undefined;
    const outbox = () => {
      if (!scrape) {
        scrape = outboxStats(db, now());
        void scrape.finally(() => setImmediate(() => (scrape = undefined))).catch(() => {});
      }
      return scrape;
    };
    // Read when scraped: the outbox and the scheduler's lag are in the database, shared by every instance.
    new Gauge({
      name: 'samspil_outbox_messages',
      help: 'Outbox messages by state (pending, sending, sent, dead)',
      labelNames: ['state'] as const,
      registers,
      async collect() {
        const { byStatus } = await outbox();
        for (const state of ['pending', 'sending', 'sent', 'dead']) this.set({ state }, byStatus[state] ?? 0);
      },
    });
    new Gauge({
      name: 'samspil_outbox_oldest_pending_seconds',
      help: 'How long the oldest due pending message has waited',
      registers,
      async collect() {
        this.set((await outbox()).oldestDueSeconds);
      },
    });
    new Gauge({
      name: 'samspil_scheduler_lag_seconds',
      help: 'How long the longest-waiting due stall check has waited',
      registers,
      async collect() {
        this.set(await stallCheckLag(db, now()));
      },
    });
    new Gauge({
      name: 'samspil_db_connections',
      help: 'Database connections: size, idle, and callers waiting for one',
      labelNames: ['state'] as const,
      registers,
      collect() {
        const usage = db.usage?.() ?? { size: 0, idle: 0, waiting: 0 };
        this.set({ state: 'size' }, usage.size);
        this.set({ state: 'idle' }, usage.idle);
        this.set({ state: 'waiting' }, usage.waiting);
      },
    });
    // The process: memory, CPU, and the event loop's delay (nodejs_eventloop_lag_*).
    collectDefaultMetrics({ register: this.registry, prefix: 'samspil_' });
  }
}
