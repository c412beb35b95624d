// Slack's errors, classified once: the gestures' retries, their answers and the outbox
// all read this. A rate limit waits as its Retry-After says; a 5xx or the network is
// tried again with backoff; a user or channel that is not there is Slack's final word.
import type { Failure } from '@samspil/chat';
import { webApi } from '@slack/bolt';

/** Slack's own errors that are passing: tried again with backoff. */
const PASSING = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);
/** Errors that a retry cannot mend. */
const FINAL = new Set(['users_not_found', 'user_not_found', 'channel_not_found', 'is_archived', 'account_inactive', 'user_disabled', 'cannot_dm_bot', 'invalid_blocks', 'msg_too_long', 'no_text']);

/** A Slack API error's code (`name_taken`, `ratelimited`, …), if it is one. */
export function slackError(error: unknown): string | undefined {
  const e = error as { code?: string; data?: { error?: string } };
  if (e?.code === webApi.ErrorCode.PlatformError) return e.data?.error;
  if (e?.code === webApi.ErrorCode.RateLimitedError) return 'ratelimited';
  return undefined;
}

export function classifySlackError(error: unknown): Failure {
  const e = error as { code?: string; retryAfter?: number };
  if (e?.code === webApi.ErrorCode.RateLimitedError) return { kind: 'transient', limit: 'ratelimited', retryAfterMs: e.retryAfter === undefined ? undefined : e.retryAfter * 1000 };
  if (e?.code === webApi.ErrorCode.HTTPError || e?.code === webApi.ErrorCode.RequestError) return { kind: 'transient' };
  const code = slackError(error);
  if (code !== undefined && PASSING.has(code)) return { kind: 'transient' };
  if (code !== undefined && FINAL.has(code)) return { kind: 'refused', code };
  return { kind: 'other', code };
}
