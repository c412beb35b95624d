// The outbox's way into Teams: the shared flows deliver; the Bot Connector's errors
// become the outbox's. 429 waits as its Retry-After says; 403 (the bot is no longer
// in the conversation: the user removed the app) and 404 are not retried; the rest
// (401 while a token renews, 5xx) are retried with backoff; an app not installed is the
// sender's to wait for (its code says so).
import type { ChatFlows } from '@samspil/chat';
import { PermanentDeliveryError, RetryLaterError, type ChatPort, type OutboxMessage } from '@samspil/server';
import { retryAfterOf, statusOf } from './platform.js';

export class TeamsPort implements ChatPort {
  readonly name = 'teams';

  constructor(private readonly flows: ChatFlows) {}

  async deliver(m: OutboxMessage): Promise<void> {
    try {
      await this.flows.deliver(m);
    } catch (error) {
      const status = statusOf(error);
      if (status === 429) throw new RetryLaterError(`429 from the Bot Connector, retry after ${retryAfterOf(error) ?? '?'} s`, Math.max(1, retryAfterOf(error) ?? 30) * 1000);
      if (status === 403 || status === 404 || status === 400) throw new PermanentDeliveryError(`${status} from the Bot Connector: ${JSON.stringify((error as { response?: { data?: unknown } }).response?.data ?? '')}`);
      throw error;
    }
  }
}
