// The weekly digest for heads of department (issue 27): the overview of the departments a head
// leads, in numbers, put in the outbox once per ISO week from the week's first working morning.
// The figures are the overview use case's (its need to know, its k, its audit), not counted again.
import { isoOfDay, isoWeekNumber, isSuppressed, type DepartmentPair, type SuppressedCount } from '@samspil/core';
import { AccessPolicy } from '../access.js';
import type { OutboxPayloadOf } from '../messages.js';
import type { Clock } from '../clock.js';
import type { Db } from '../store/db.js';
import { enqueue } from '../store/outbox.js';
import { overview } from './insights.js';

export type WeeklyDigest = OutboxPayloadOf<'weekly-digest'>;

/** The worst department pairs a digest names. */
const WORST_PAIRS = 3;

/** One message per head per week (the Monday's date): a second write, by a restart or another instance, is a no-op. */
export const weeklyDigestKey = (tenant: string, head: string, monday: number): string => `weekly-digest:${tenant}:${head}:${isoOfDay(monday)}`;

/** `now - before` when both are shown as numbers; a change with a suppressed side would tell the small count. */
const change = (now: SuppressedCount, before: SuppressedCount): number | null => (isSuppressed(now) || isSuppressed(before) ? null : now - before);

/** The lower of a pair's two RC scores (the one its rank is broken by), when it has RC. */
const lowerRc = (p: DepartmentPair): number | null => {
  const scores = [p.rc.aToB?.score, p.rc.bToA?.score].filter((s): s is number => typeof s === 'number');
  return scores.length ? Math.min(...scores) : null;
};

/**
 * The digest of `head` for the week beginning on day `monday`: the overview as the head sees it
 * (the departments they lead). Undefined when they lead none (the overview refuses).
 */
export async function weeklyDigest(db: Db, now: Clock, tenant: string, head: string, monday: number): Promise<WeeklyDigest | undefined> {
  const read = await overview({ db, now, policy: new AccessPolicy(db) }, { tenant, kind: 'system', id: 'weekly-digest' }, { kind: 'person', person: head });
  if (!read.ok) return undefined;
  const { figures, pairs, departmentNames } = read.overview;
  const first = figures.trend[0];
  const named = new Map(departmentNames.map((d) => [d.id, d.name]));
  const department = (id: string) => ({ id, name: named.get(id) ?? id });
  return {
    week: isoOfDay(monday),
    weekNumber: isoWeekNumber(monday),
    weeks: figures.period.weeks,
    k: figures.k,
    openCoordinations: { now: figures.openCoordinations, before: first?.openCoordinations ?? 0, change: change(figures.openCoordinations, first?.openCoordinations ?? 0) },
    stalled: { now: figures.stalled.total, before: first?.stalled ?? 0, change: change(figures.stalled.total, first?.stalled ?? 0), byReason: figures.stalled.byReason },
    // Worst first, as the overview ranks them; a pair without stall episodes is not among the worst.
    worstPairs: pairs
      .filter((p) => p.episodes !== 0)
      .slice(0, WORST_PAIRS)
      .map((p) => ({ a: department(p.a), b: department(p.b), sharedCases: p.sharedCases, episodes: p.episodes, episodesPerCase: p.episodesPerCase, rc: lowerRc(p) })),
  };
}

/** Puts `head`'s digest for the week in the outbox (in `tx`), to go at `notBefore`: 1 when written, 0 when it was there already or they lead nothing. */
export async function enqueueWeeklyDigest(tx: Db, now: Clock, tenant: string, head: string, monday: number, notBefore: Date): Promise<number> {
  const digest = await weeklyDigest(tx, now, tenant, head, monday);
  return digest ? enqueue(tx, tenant, 'weekly-digest', head, weeklyDigestKey(tenant, head, monday), notBefore, digest) : 0;
}
