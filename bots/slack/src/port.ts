// The outbox's way into Slack: the shared flows deliver; Slack's errors become the
// outbox's. A rate limit waits as told, a user or channel that is not there is not
// retried, anything else is retried with backoff.
import type { ChatFlows } from '@samspil/chat';
import { PermanentDeliveryError, RetryLaterError, type ChatPort, type OutboxMessage } from '@samspil/server';
import { slackError } from './platform.js';

/** Errors that a retry cannot mend. */
const PERMANENT = new Set(['users_not_found', 'user_not_found', 'channel_not_found', 'is_archived', 'account_inactive', 'user_disabled', 'cannot_dm_bot', 'invalid_blocks', 'msg_too_long', 'no_text']);

export class SlackPort implements ChatPort {
  readonly name = 'slack';

  constructor(private readonly flows: ChatFlows) {}

  async deliver(m: OutboxMessage): Promise<void> {
    try {
      await this.flows.deliver(m);
    } catch (error) {
      const code = slackError(error);
      const retryAfter = (error as { retryAfter?: number }).retryAfter;
      if (code === 'ratelimited') throw new RetryLaterError(`ratelimited, retry after ${retryAfter ?? '?'} s`, Math.max(1, retryAfter ?? 30) * 1000);
      if (code && PERMANENT.has(code)) throw new PermanentDeliveryError(code);
      throw error;
    }
  }
}
