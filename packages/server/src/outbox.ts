// Delivers the outbox through a chat port: at least once, in order of due time,
// retried with exponential backoff, dead-lettered after too many attempts. Rows are
// claimed with a lease, so a sender that dies mid-delivery leaves them to another.
import { ErrorCode, errorCode, PermanentDeliveryError } from './errors.js';
import { systemClock } from './clock.js';
import { createLog, type Log } from './log.js';
import type { Metrics } from './metrics.js';
import { Periodic } from './periodic.js';
import { workspaceOfTenant } from './store/chat.js';
import type { Db } from './store/db.js';
import { outboxMessage, type OutboxMessage } from './messages.js';
import { claimDue, markFailed, markSent, releaseClaimed } from './store/outbox.js';

export { outboxMessage, type OutboxKind, type OutboxMessage, type OutboxPayloadOf } from './messages.js';

/** How messages reach people: Slack and Teams implement it; `LogPort` and tests' ports stand in. */
export interface ChatPort {
  readonly name: string;
  deliver(message: OutboxMessage): Promise<void>;
}

/** Writes each message to the log: the port when no chat adapter is configured. */
export class LogPort implements ChatPort {
  readonly name = 'log';
  constructor(private readonly log: Log = createLog()) {}
  async deliver(m: OutboxMessage): Promise<void> {
    // Kind, recipient and id: never the payload, which names a case and its reasons.
    this.log.info({ kind: m.kind, recipient: m.recipient, message: m.id }, 'outbox: no chat platform for this message; logged');
  }
}

/**
 * Sends each message through the chat platform it belongs to: `thread:<platform>`
 * messages to that platform's port, a person's messages to the platform of their
 * tenant's workspace; anything else to the fallback (the log).
 */
export class PlatformRouter implements ChatPort {
  readonly name = '';
  readonly #ports: Map<string, ChatPort>;

  constructor(
    private readonly db: Db,
    ports: ChatPort[],
    private readonly fallback: ChatPort = new LogPort(),
    private readonly metrics?: Metrics,
  ) {
    this.#ports = new Map(ports.map((p) => [p.name, p]));
  }

  async deliver(m: OutboxMessage): Promise<void> {
    const platform = m.recipient.startsWith('thread:') ? m.recipient.slice('thread:'.length) : (await workspaceOfTenant(this.db, m.tenant))?.platform;
    const port = platform === undefined ? undefined : this.#ports.get(platform);
    // A thread message for a platform not configured here has no one to go to.
    if (!port && m.recipient.startsWith('thread:')) throw new PermanentDeliveryError(`no ${platform} adapter is configured`);
    const target = port ?? this.fallback;
    try {
      await target.deliver(m);
      this.metrics?.deliveries.inc({ platform: target.name, outcome: 'sent' });
    } catch (error) {
      const code = errorCode(error);
      this.metrics?.deliveries.inc({ platform: target.name, outcome: code === ErrorCode.RetryLater ? 'rate-limited' : code === ErrorCode.Permanent ? 'refused' : 'failed' });
      // The sender records `router: …`; name the platform that failed instead.
      if (error instanceof Error) error.message = `${target.name}: ${error.message}`;
      throw error;
    }
  }
}

export interface SenderOptions {
  db: Db;
  port: ChatPort;
  log?: Log;
  now?: () => Date;
  batch?: number;
  maxAttempts?: number;
  /** The first retry waits this long; each next one twice as long (capped at an hour). */
  baseDelayMs?: number;
  /** How long a claimed row stays with this sender before another may take it. */
  leaseMs?: number;
}

export class OutboxSender {
  readonly #o: Required<Omit<SenderOptions, 'now' | 'log'>> & { now: () => Date };
  readonly #periodic: Periodic;

  constructor(options: SenderOptions) {
    this.#o = { batch: 20, maxAttempts: 8, baseDelayMs: 5_000, leaseMs: 60_000, now: systemClock, ...options };
    this.#periodic = new Periodic('outbox sender', () => this.tick(), options.log ?? createLog({ level: 'warn' }));
  }

  start(intervalMs = 5_000): void {
    this.#periodic.start(intervalMs);
  }

  #stopping = false;

  /** Stops ticking: the delivery under way finishes, the rest of the batch is given back; waits for that. */
  stop(): Promise<void> {
    this.#stopping = true;
    return this.#periodic.stop();
  }

  /** For readiness: `ok` while it runs and its last turn succeeded. */
  get state(): 'ok' | 'stopped' | 'failing' {
    return this.#periodic.state;
  }

  /** Claims the due rows and delivers them; returns how many were sent. */
  async tick(): Promise<number> {
    const claimed = await this.claim();
    let sent = 0;
    for (const [i, message] of claimed.entries()) {
      if (this.#stopping) {
        await releaseClaimed(this.#o.db, claimed.slice(i).map((m) => m.id));
        break;
      }
      if (await this.deliver(message)) sent++;
    }
    return sent;
  }

  /** Takes due rows (pending, or leased by a sender whose lease ran out) for this sender. */
  async claim(): Promise<OutboxMessage[]> {
    const now = this.#o.now();
    const claimed: OutboxMessage[] = [];
    for (const r of await claimDue(this.#o.db, now, new Date(now.getTime() + this.#o.leaseMs), this.#o.batch)) {
      const base = { id: r.id, tenant: r.tenant_id, recipient: r.recipient, dedupeKey: r.dedupe_key, attempts: r.attempts };
      const message = outboxMessage(base, r.kind, r.payload);
      // A row no sender can read (an unknown kind, a payload that does not fit it) gives up at once.
      if (message) claimed.push(message);
      else await markFailed(this.#o.db, r.id, true, now, `the payload does not fit the kind ${JSON.stringify(r.kind).slice(0, 40)}`);
    }
    return claimed;
  }

  /** Delivers one claimed message and records the outcome. */
  async deliver(message: OutboxMessage): Promise<boolean> {
    const { db, port, maxAttempts, baseDelayMs } = this.#o;
    try {
      await port.deliver(message);
      await markSent(db, message.id, this.#o.now());
      return true;
    } catch (error) {
      const code = errorCode(error);
      const dead = code === ErrorCode.Permanent || message.attempts >= maxAttempts;
      // The platform's own Retry-After wins over our backoff; an app not installed is looked at again in an hour.
      const delay =
        code === ErrorCode.RetryLater ? (error as { retryAfterMs: number }).retryAfterMs : code === ErrorCode.NotInstalled ? 3_600_000 : Math.min(baseDelayMs * 2 ** (message.attempts - 1), 3_600_000);
      await markFailed(db, message.id, dead, new Date(this.#o.now().getTime() + delay), `${port.name ? `${port.name}: ` : ''}${(error as Error).message}`);
      return false;
    }
  }
}
