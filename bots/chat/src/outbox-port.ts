// The outbox's way into a platform: the delivery flows send, and the platform's
// classified errors become the outbox's. A rate limit waits as told, a refusal for good
// is not retried, anything else goes back to the outbox as it was (it retries with
// backoff, and knows an app not installed, or a wait another service named, by its code).
import { PermanentDeliveryError, RetryLaterError, type ChatPlatform, type ChatPort, type OutboxMessage } from '@samspil/server';
import type { Classify } from './failures.js';

/** A rate limit that names no wait: the outbox is in no hurry. */
const LIMIT_WAIT_MS = 30_000;

export class OutboxPort implements ChatPort {
  constructor(
    readonly name: ChatPlatform,
    private readonly send: (m: OutboxMessage) => Promise<void>,
    private readonly classify: Classify,
  ) {}

  async deliver(m: OutboxMessage): Promise<void> {
    try {
      await this.send(m);
    } catch (error) {
      const failure = this.classify(error);
      if (failure.kind === 'transient' && failure.limit !== undefined) {
        const seconds = failure.retryAfterMs === undefined ? '?' : failure.retryAfterMs / 1000;
        throw new RetryLaterError(`${failure.limit}, retry after ${seconds} s`, Math.max(1_000, failure.retryAfterMs ?? LIMIT_WAIT_MS));
      }
      if (failure.kind === 'refused') throw new PermanentDeliveryError(failure.detail ?? failure.code);
      throw error;
    }
  }
}
