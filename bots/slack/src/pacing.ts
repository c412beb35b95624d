// Slack's rate limits, kept rather than only survived: each Web API method has a tier
// (calls per minute per workspace), and chat.postMessage about one per second per
// channel. Calls beyond that wait their turn here instead of being refused by Slack.
import { webApi } from '@slack/bolt';

/** Calls per window (a minute at Slack) for the methods Samspil calls; what is not here is not paced. */
export const SLACK_TIERS: Record<string, number> = {
  // Tier 2
  'conversations.create': 20,
  'conversations.invite': 20,
  'conversations.archive': 20,
  'pins.add': 20,
  // Tier 3
  'conversations.open': 50,
  'chat.update': 50,
  'users.lookupByEmail': 50,
  'views.open': 50,
  // Tier 4
  'users.info': 100,
  'views.publish': 100,
};

/** Spaces calls per key so that at most `limit` fall in any window of `windowMs`. */
export class Pacer {
  readonly #recent = new Map<string, number[]>();

  constructor(private readonly windowMs: number) {}

  /** Waits until a call under `key` fits within `limit` per window, and counts it. */
  async take(key: string, limit: number): Promise<void> {
    for (;;) {
      // Elapsed time, not the time of day: the monotonic clock.
      const now = performance.now();
      const times = (this.#recent.get(key) ?? []).filter((t) => t > now - this.windowMs);
      if (times.length < limit) {
        times.push(now);
        this.#recent.set(key, times);
        return;
      }
      this.#recent.set(key, times);
      await new Promise((resolve) => setTimeout(resolve, times[0]! + this.windowMs - now + 1));
    }
  }
}

/** A WebClient whose calls wait their turn per method tier, and per channel for chat.postMessage. */
export class PacedWebClient extends webApi.WebClient {
  readonly #tiers: Pacer;
  readonly #channels: Pacer;

  /** `windowMs`: Slack's minute (tests shorten it along with their fake's). */
  constructor(token: string, options: webApi.WebClientOptions, windowMs = 60_000) {
    super(token, options);
    this.#tiers = new Pacer(windowMs);
    this.#channels = new Pacer(windowMs / 60);
  }

  override async apiCall(method: string, options?: Record<string, unknown>): Promise<webApi.WebAPICallResult> {
    if (method === 'chat.postMessage') await this.#channels.take(String(options?.channel ?? ''), 1);
    else if (SLACK_TIERS[method]) await this.#tiers.take(method, SLACK_TIERS[method]!);
    return super.apiCall(method, options);
  }
}
