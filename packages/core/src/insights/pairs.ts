/**
 * Department pairs (issue 27): for each pair of departments sharing cases, what happens to the
 * cases (stall episodes and awaited decisions between them) beside how their groups rate their
 * coordination (the RC tie scores both ways, from the latest closed wave or survey, with the
 * change since the previous one). The worst pairs have the most stall episodes per shared case,
 * ties broken by the lower RC score.
 */
import type { RcBand, RcResult } from '../schemas/rc.js';
import { bandOf, relativeChange, round6 } from '../rc/score.js';
import { casesInScope, INSIGHTS_K, suppress, type InsightCase, type SuppressedCount } from './figures.js';

/** A scored RC result and what its groups stand for: group name → department id (an unmapped group is left out). */
export interface RcSource {
  /** The wave's or survey's name, as shown. */
  name: string;
  result: RcResult;
  departmentOf: Readonly<Record<string, string>>;
}

/** One direction of a pair's RC: how `from`'s groups rate `to`'s. */
export interface PairTie {
  score: number | null;
  band: RcBand | null;
  previous: number | null;
  change: number | null;
  changePercent: number | null;
}

export interface DepartmentPair {
  a: string;
  b: string;
  sharedCases: SuppressedCount;
  episodes: SuppressedCount;
  /** Stall episodes per shared case (two decimals); null when the shared cases are under k. */
  episodesPerCase: number | null;
  decisionsAwaited: SuppressedCount;
  /** How a's groups rate b's, and b's a's; null without RC for the pair. */
  rc: { aToB: PairTie | null; bToA: PairTie | null };
}

export interface PairOptions {
  now: number | string;
  /** Stall episodes that started from this instant count. */
  from: number | string;
  k?: number | undefined;
  /** Only pairs with one of these departments. */
  departments?: readonly string[] | undefined;
  latest?: RcSource | null | undefined;
  previous?: RcSource | null | undefined;
}

/** The score of how `from`'s groups rate `to`'s: the unsuppressed ties' scores weighted by their respondents. */
export function departmentTie(source: RcSource | null | undefined, from: string, to: string): { score: number; band: RcBand | null } | null {
  if (!source) return null;
  let sum = 0;
  let n = 0;
  let band: RcBand | null = null;
  let ties = 0;
  for (const t of source.result.ties) {
    if (t.suppressed || t.score === null || source.departmentOf[t.from] !== from || source.departmentOf[t.to] !== to) continue;
    sum += t.score * t.n;
    n += t.n;
    band = t.band;
    ties++;
  }
  if (n === 0) return null;
  // One tie keeps its own band; several are scored together, the band from the between-group limits.
  return { score: round6(sum / n), band: ties === 1 ? band : null };
}

/** The seeds' bands between groups: high above 4.0, low below 3.5. */
const bandOfBetween = (score: number): RcBand => bandOf(score, { moderate: 3.5, strong: 4.0 });

function pairTie(latest: RcSource | null | undefined, previous: RcSource | null | undefined, from: string, to: string): PairTie | null {
  const now = departmentTie(latest, from, to);
  if (!now) return null;
  const before = departmentTie(previous, from, to);
  return {
    score: now.score,
    band: now.band ?? bandOfBetween(now.score),
    previous: before?.score ?? null,
    change: before ? round6(now.score - before.score) : null,
    changePercent: before ? relativeChange(before.score, now.score) : null,
  };
}

/** The lower RC score of the two directions; 6 (above any score) without RC. */
const lowest = (p: DepartmentPair): number => Math.min(p.rc.aToB?.score ?? 6, p.rc.bToA?.score ?? 6);

/**
 * The pairs of departments that share cases open during the period (from `from` to `now`), worst
 * first: most stall episodes per shared case (episodes that started in the period), then the lower
 * RC score of the two directions (a pair without RC after those with), then by name.
 */
export function departmentPairs(allCases: readonly InsightCase[], options: PairOptions): DepartmentPair[] {
  const now = typeof options.now === 'number' ? options.now : Date.parse(options.now);
  const from = typeof options.from === 'number' ? options.from : Date.parse(options.from);
  const k = options.k ?? INSIGHTS_K;
  const scope = options.departments ? new Set(options.departments) : undefined;
  const stats = new Map<string, { a: string; b: string; cases: number; episodes: number; awaited: number }>();
  for (const c of casesInScope(allCases, options.departments)) {
    const opened = Date.parse(c.openedAt);
    const closed = c.closedAt ? Date.parse(c.closedAt) : undefined;
    if (opened > now || (closed !== undefined && closed < from)) continue;
    const departments = [...new Set(c.departments)].sort();
    const episodes = c.stalls.filter((s) => {
      const since = Date.parse(s.since);
      return since >= from && since <= now;
    }).length;
    const awaitedBy = c.decisions.filter((d) => !(d.decidedAt && Date.parse(d.decidedAt) <= now) && Date.parse(d.requestedAt) <= now).map((d) => new Set(d.awaiting ?? d.departments));
    for (let i = 0; i < departments.length; i++) {
      for (let j = i + 1; j < departments.length; j++) {
        const a = departments[i]!;
        const b = departments[j]!;
        if (scope && !scope.has(a) && !scope.has(b)) continue;
        const key = `${a}\u0000${b}`;
        const s = stats.get(key) ?? { a, b, cases: 0, episodes: 0, awaited: 0 };
        s.cases++;
        s.episodes += episodes;
        s.awaited += awaitedBy.filter((w) => w.has(a) || w.has(b)).length;
        stats.set(key, s);
      }
    }
  }
  const rate = (s: { cases: number; episodes: number }) => s.episodes / s.cases;
  const raw = [...stats.values()];
  const pairs = raw.map((s) => ({
    s,
    pair: {
      a: s.a,
      b: s.b,
      sharedCases: suppress(s.cases, k),
      episodes: suppress(s.episodes, k),
      episodesPerCase: s.cases >= k && s.episodes >= k ? Math.round(rate(s) * 100) / 100 : s.cases >= k && s.episodes === 0 ? 0 : null,
      decisionsAwaited: suppress(s.awaited, k),
      rc: { aToB: pairTie(options.latest, options.previous, s.a, s.b), bToA: pairTie(options.latest, options.previous, s.b, s.a) },
    } satisfies DepartmentPair,
  }));
  pairs.sort((x, y) => rate(y.s) - rate(x.s) || lowest(x.pair) - lowest(y.pair) || x.s.a.localeCompare(y.s.a) || x.s.b.localeCompare(y.s.b));
  return pairs.map((p) => p.pair);
}
