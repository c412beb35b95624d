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

/** Times `run` at n and 8n (a warm-up first, then best of `runs` each) and returns the ratio. */
export async function scaling(run: Sized, n: number, runs = 5): Promise<Scaling> {
  await run(n, Infinity);
  let small = Infinity;
  for (let i = 0; i < runs; i++) small = Math.min(small, await run(n, Infinity));
  // Twice the budget linear time needs, so noise never stops a linear run.
  const budget = 2 * LINEAR_RATIO * small;
  let large = Infinity;
  for (let i = 0; i < runs; i++) {
    large = Math.min(large, await run(8 * n, budget));
    if (large === Infinity) break;
  }
  return { n, small, large, ratio: large / small };
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
