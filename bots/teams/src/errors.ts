// The Bot Connector's errors (and Entra's), classified once: the gestures' retries, their
// answers and the outbox all read this. 429 waits as its Retry-After says; a 5xx or the
// network is tried again with backoff; 400, 403 (the bot is no longer in the conversation:
// the user removed the app) and 404 are final; the rest (401 while a token renews) go back
// to the outbox as they are, and so does an app not installed, which its code says.
import type { Failure } from '@samspil/chat';
import { ErrorCode, errorCode, type RetryLaterError } from '@samspil/server';

/** The HTTP status of a Bot Connector error (the SDK's HTTP client throws Axios errors). */
export function statusOf(error: unknown): number | undefined {
  return (error as { response?: { status?: number } })?.response?.status;
}

/** The seconds a 429's Retry-After names. */
export function retryAfterOf(error: unknown): number | undefined {
  const header = (error as { response?: { headers?: Record<string, unknown> } })?.response?.headers?.['retry-after'];
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

export function classifyTeamsError(error: unknown): Failure {
  // Entra's token endpoint said when (entra.ts).
  if (errorCode(error) === ErrorCode.RetryLater) return { kind: 'transient', retryAfterMs: (error as RetryLaterError).retryAfterMs };
  const status = statusOf(error);
  if (status === 429) {
    const seconds = retryAfterOf(error);
    return { kind: 'transient', limit: '429 from the Bot Connector', retryAfterMs: seconds === undefined ? undefined : seconds * 1000 };
  }
  const network = status === undefined && (error as { isAxiosError?: boolean })?.isAxiosError === true;
  if (network || (status !== undefined && status >= 500)) return { kind: 'transient' };
  if (status === 400 || status === 403 || status === 404) return { kind: 'refused', code: `HTTP ${status}`, detail: `${status} from the Bot Connector: ${JSON.stringify((error as { response?: { data?: unknown } }).response?.data ?? '')}` };
  return { kind: 'other', code: status === undefined ? undefined : `HTTP ${status}` };
}
