/**
 * Scaling checks: a path that promises linear time is timed at n and at 8n in one
 * process, best of several runs, and the ratio compared. Linear is about 8 and
 * quadratic about 64; a ratio holds on a noisy machine where an absolute time does
 * not. Shared by every package's scaling tests (one piece of code for the idea).
 */

/** Past this ratio of 8n's time to n's, the path is not linear. */
export const LINEAR_RATIO = 12;

/**
 * One measured run of size `n`. `budgetMs` is how long it may take before the answer
 * is already known to be "not linear": a run that can stop early (a process, a
 * request) stops there and returns Infinity, so a quadratic path fails fast instead
 * of holding the suite for minutes. A run that cannot stop ignores it.
 */
export type Sized = (n: number, budgetMs: number) => number | Promise<number>;

/** Wall time of `run(n)` in milliseconds, for runs that don't time themselves. */
export function timed(run: (n: number) => unknown): Sized {
  return async (n) => {
    const t = performance.now();
    await run(n);
    return performance.now() - t;
  };
}

export interface Scaling {
  n: number;
  small: number;
  large: number;
  ratio: number;
}

/**
 * Times `run` at n and 8n and returns the ratio: a warm-up, then `runs` pairs, n and 8n taken in
 * turn so a busy spell slows both alike, the best of each kept. A ratio past the limit is measured
 * again, up to `attempts` times, and the best kept: noise makes a linear path look slower now and
 * then, but a quadratic one (about 64) never looks linear.
 */
export async function scaling(run: Sized, n: number, runs = 5, attempts = 3): Promise<Scaling> {
  await run(n, Infinity);
  let best: Scaling | undefined;
  for (let attempt = 0; attempt < attempts && !(best && best.ratio <= LINEAR_RATIO); attempt++) {
    let small = await run(n, Infinity);
    let large = Infinity;
    for (let i = 0; i < runs; i++) {
      if (i > 0) small = Math.min(small, await run(n, Infinity));
      // Twice the budget linear time needs, so noise never stops a linear run.
      large = Math.min(large, await run(8 * n, 2 * LINEAR_RATIO * small));
      if (large === Infinity) break;
    }
    const measured = { n, small, large, ratio: large / small };
    if (!best || measured.ratio < best.ratio) best = measured;
    // A run stopped for its budget is not noise: no second attempt.
    if (large === Infinity) break;
  }
  return best!;
}

/** A message for a failed check: what was timed and what it took. */
export function scalingMessage(what: string, s: Scaling): string {
  return `${what}: n=${s.n} took ${s.small.toFixed(1)} ms, 8n took ${s.large === Infinity ? 'too long (stopped)' : `${s.large.toFixed(1)} ms`}; ratio ${s.ratio.toFixed(1)} (linear ≈ 8, limit ${LINEAR_RATIO})`;
}

/** `make(n)` made once per n, so the input is not built inside the timing. */
export function memo<T>(make: (n: number) => T): (n: number) => T {
  const made = new Map<number, T>();
  return (n) => {
    if (!made.has(n)) made.set(n, make(n));
    return made.get(n)!;
  };
}
