// A platform call that failed, met the same way on every platform: each platform
// classifies its own errors once (its `errors.ts`), and the gestures' retries, their
// answers and the outbox all read that one classification.
import type { Messages } from './messages.js';

/** What a platform's error means for trying the call again. */
export type Failure =
  /**
   * Trying again may mend it: a rate limit (`limit` names it, `retryAfterMs` when the platform
   * said how long), a 5xx or the network (backoff), a wait another service named (`retryAfterMs` alone).
   */
  | { kind: 'transient'; limit?: string | undefined; retryAfterMs?: number | undefined }
  /** The platform's final word: no such user or channel, the app removed. `code` is what the person is told, `detail` what the outbox keeps. */
  | { kind: 'refused'; code: string; detail?: string | undefined }
  /** Anything else, with the platform's `code` when it named one. */
  | { kind: 'other'; code?: string | undefined };

export type Classify = (error: unknown) => Failure;

/** How long a gesture's work keeps trying: Slack's response_url lasts 30 minutes, and so does the person's patience at most. */
export const GESTURE_DEADLINE_MS = 25 * 60_000;

/** A rate limit that names no wait: someone is waiting for a gesture, not for the outbox. */
const GESTURE_LIMIT_WAIT_MS = 1_000;

/** Exponential backoff with jitter for a platform call's `attempt` (0, 1, …): about 0.5, 1, 2 … s, at most 30 s. */
export const backoff = (attempt: number) => Math.min(500 * 2 ** attempt, 30_000) * (0.5 + Math.random() / 2);

/** Resolves after `ms` of real time (retries wait out the platform's clock, not the service's). */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** How long a gesture waits before trying again, or undefined when trying again cannot help. */
export function retryWait(failure: Failure, attempt: number): number | undefined {
  if (failure.kind !== 'transient') return undefined;
  if (failure.limit !== undefined) return Math.max(1_000, failure.retryAfterMs ?? GESTURE_LIMIT_WAIT_MS);
  return failure.retryAfterMs ?? backoff(attempt);
}

/**
 * A platform call tried again while the platform says so (a rate limit's Retry-After, a 5xx,
 * the network), with backoff and jitter, until `deadline`; its final word is thrown.
 */
export async function retrying<T>(call: () => Promise<T>, classify: Classify, deadline = performance.now() + GESTURE_DEADLINE_MS): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const wait = retryWait(classify(error), attempt);
      if (wait === undefined || performance.now() + wait > deadline) throw error;
      await sleep(wait);
    }
  }
}

/** What a person is told when a gesture's work failed: what the platform refused says what to do; anything else asks to try again. */
export function failureText(failure: Failure, t: Messages): string {
  const code = failure.kind === 'transient' ? undefined : failure.code;
  return code ? t.platformRefused(code) : t.failed;
}

/**
 * The work's answer; if it takes longer than `afterMs`, `tell` first says that it is under way
 * (a rate limit being waited out, a slow platform), so no one is left wondering.
 */
export async function answerWhenDone<T>(work: Promise<T>, tell: () => Promise<unknown>, afterMs = 3_000): Promise<T> {
  let told: Promise<unknown> | undefined;
  const timer = setTimeout(() => (told = tell().catch(() => undefined)), afterMs);
  try {
    return await work;
  } finally {
    clearTimeout(timer);
    await told;
  }
}
