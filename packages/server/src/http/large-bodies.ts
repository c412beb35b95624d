// A large body costs this one event loop time to parse and check (about a tenth of a millisecond
// a kilobyte), time every other request waits for. So each municipality's large bodies are let in
// at a steady rate, a bucket of bytes refilled each second: one key sending its heaviest valid
// requests back to back gets them answered in turn, and holds up the other municipalities for a
// few milliseconds a second at most. Small bodies (nearly every request) never wait.
import type { FastifyRequest } from 'fastify';
import { Problem } from './problem.js';

export const LARGE_BODIES = {
  /** A body of this many bytes or more is a large one. */
  from: 32 * 1024,
  /** Each municipality's large bodies are let in at this many bytes a second... */
  bytesPerSecond: 128 * 1024,
  /** ...after a first burst of this many. A larger body goes in when the bucket is full, and its
   * excess is owed: the next waits longer. */
  burst: 256 * 1024,
  /** Large requests of one municipality that may wait their turn; one more is answered 429. */
  waiting: 8,
} as const;

interface Bucket {
  bytes: number;
  at: number;
  waiting: number;
  /** The turn of the last request let in or waiting: they go in the order they came. */
  last: Promise<void>;
}

/**
 * A `preParsing` hook: a JSON body of a municipality waits, before it is read, until the
 * municipality may send one that large. (A survey's CSV is read in a worker thread, with limits of its own.)
 */
export function largeBodyTurns(limits: typeof LARGE_BODIES = LARGE_BODIES, clock = () => performance.now()) {
  const buckets = new Map<string, Bucket>();
  const wait = async (request: FastifyRequest): Promise<void> => {
    if (!request.actor || !String(request.headers['content-type']).includes('json')) return;
    const length = Number(request.headers['content-length']);
    // A body of unknown length (chunked) is taken for a large one.
    const cost = Number.isFinite(length) ? length : limits.burst;
    if (cost < limits.from) return;
    const tenant = request.actor.tenant;
    let bucket = buckets.get(tenant);
    if (!bucket) buckets.set(tenant, (bucket = { bytes: limits.burst, at: clock(), waiting: 0, last: Promise.resolve() }));
    if (bucket.waiting >= limits.waiting) {
      throw new Problem(429, `at most ${limits.waiting} large requests (${limits.from / 1024} KB or more) of a municipality wait their turn; retry in a second`, {}, { 'retry-after': '1' });
    }
    const b = bucket;
    b.waiting++;
    const turn = b.last.then(async () => {
      const refill = () => {
        const t = clock();
        b.bytes = Math.min(limits.burst, b.bytes + ((t - b.at) / 1000) * limits.bytesPerSecond);
        b.at = t;
      };
      refill();
      const needed = Math.min(cost, limits.burst);
      if (b.bytes < needed) {
        await new Promise((resolve) => setTimeout(resolve, ((needed - b.bytes) / limits.bytesPerSecond) * 1000));
        refill();
      }
      b.bytes -= cost;
    });
    b.last = turn;
    try {
      await turn;
    } finally {
      b.waiting--;
    }
  };
  return async <P>(request: FastifyRequest, _reply: unknown, payload: P): Promise<P> => {
    await wait(request);
    return payload;
  };
}
