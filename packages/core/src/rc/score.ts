import { RC_ITEMS, RcOptions, type RcBand, type RcBandLimits, type RcComparison, type RcResult, type RcSettings, type RcTie } from '../schemas/rc.js';
import type { Locale } from '../findings.js';
import type { RcRatingTable } from './table.js';

const ITEMS = RC_ITEMS.length;
/**
 * A rating's score is (sum of items) / (items present), a fraction with a
 * denominator from 1 to 7. Scaled by 420 (their least common multiple) every
 * score is an integer, so sums are exact and independent of row order.
 */
const SCALE = 420;
const SCALE_BY_PRESENT = [0, 420, 210, 140, 105, 84, 70, 60];

/** Rounds to 6 decimals, the precision bands and asymmetries are decided on. */
export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

export function bandOf(score: number, limits: RcBandLimits): RcBand {
  const s = round6(score);
  if (s < limits.moderate) return 'weak';
  return s <= limits.strong ? 'moderate' : 'strong';
}

/**
 * Relational-coordination scores of a survey (the specification is in the
 * README): one tie per ordered pair of groups with a counting rating, bands,
 * suppression of ties with too few respondents, the overall score and the
 * asymmetric pairs. Never throws on a table; options are validated.
 */
export function scoreRc(table: RcRatingTable, options: RcOptions = {}): RcResult {
  const settings = RcOptions.parse(options);
  const waveIndex = settings.wave === undefined ? -1 : table.waves.indexOf(settings.wave);
  if (settings.wave !== undefined && waveIndex < 0) return emptyResult();
  return score(table, settings, waveIndex);
}

function emptyResult(): RcResult {
  return { groups: [], ties: [], overall: null, asymmetries: [], ratings: { total: 0, counted: 0, excluded: 0 } };
}

/** Sums per tie, in one pass over the columns. Kept apart and monomorphic so the JIT optimises it once. */
interface Sums {
  tieSum: Float64Array;
  tieCount: Uint32Array;
  dimSum: Float64Array;
  dimCount: Uint32Array;
  inScope: Uint8Array;
  total: number;
  counted: number;
  overallSum: number;
  overallCount: number;
}

function accumulate(table: RcRatingTable, waveIndex: number, minItems: number): Sums {
  const G = table.groups.length;
  const { group, target, wave, items } = table;
  const tieSum = new Float64Array(G * G);
  const tieCount = new Uint32Array(G * G);
  const dimSum = new Float64Array(G * G * ITEMS);
  const dimCount = new Uint32Array(G * G * ITEMS);
  const inScope = new Uint8Array(G);
  const allWaves = waveIndex < 0;
  let total = 0;
  let counted = 0;
  let overallSum = 0;
  let overallCount = 0;
  for (let row = 0; row < table.size; row++) {
    if (!allWaves && wave[row] !== waveIndex) continue;
    total++;
    const g = group[row]!;
    const t = target[row]!;
    inScope[g] = 1;
    inScope[t] = 1;
    const base = row * ITEMS;
    let present = 0;
    let sum = 0;
    for (let k = 0; k < ITEMS; k++) {
      const v = items[base + k]!;
      present += v === 0 ? 0 : 1;
      sum += v;
    }
    if (present < minItems || present === 0) continue;
    counted++;
    const scaled = sum * SCALE_BY_PRESENT[present]!;
    const tie = g * G + t;
    tieSum[tie] = tieSum[tie]! + scaled;
    tieCount[tie] = tieCount[tie]! + 1;
    if (g !== t) {
      overallSum += scaled;
      overallCount++;
    }
    const dbase = tie * ITEMS;
    for (let k = 0; k < ITEMS; k++) {
      const v = items[base + k]!;
      dimSum[dbase + k] = dimSum[dbase + k]! + v;
      dimCount[dbase + k] = dimCount[dbase + k]! + (v === 0 ? 0 : 1);
    }
  }
  return { tieSum, tieCount, dimSum, dimCount, inScope, total, counted, overallSum, overallCount };
}

/** Distinct respondents per tie over pooled waves (within one wave, a tie's counting ratings are its respondents). */
function distinctRespondents(table: RcRatingTable, minItems: number): Uint32Array {
  const G = table.groups.length;
  const out = new Uint32Array(G * G);
  const seen = new Set<number>();
  for (let row = 0; row < table.size; row++) {
    let present = 0;
    for (let k = 0; k < ITEMS; k++) present += table.items[row * ITEMS + k] === 0 ? 0 : 1;
    if (present < minItems || present === 0) continue;
    const tie = table.group[row]! * G + table.target[row]!;
    const key = table.respondent[row]! * G * G + tie;
    if (!seen.has(key)) {
      seen.add(key);
      out[tie] = out[tie]! + 1;
    }
  }
  return out;
}

function score(table: RcRatingTable, settings: RcSettings, waveIndex: number): RcResult {
  const G = table.groups.length;
  const { tieSum, tieCount, dimSum, dimCount, inScope, total, counted, overallSum, overallCount } = accumulate(table, waveIndex, settings.minItems);
  const pooled = waveIndex < 0 && table.waves.length > 1;
  const tieRespondents = pooled ? distinctRespondents(table, settings.minItems) : tieCount;

  const groups: string[] = [];
  for (let g = 0; g < G; g++) if (inScope[g]) groups.push(table.groups[g]!);
  const order = groups.map((name) => table.groups.indexOf(name));

  const ties: RcTie[] = [];
  const scores = new Map<number, number>();
  for (const g of order) {
    for (const t of order) {
      const tie = g * G + t;
      const count = tieCount[tie]!;
      if (count === 0) continue;
      const n = tieRespondents[tie]!;
      const from = table.groups[g]!;
      const to = table.groups[t]!;
      if (n < settings.minRespondents) {
        ties.push({ from, to, n, score: null, band: null, suppressed: true, dimensions: null });
        continue;
      }
      const s = tieSum[tie]! / (SCALE * count);
      scores.set(tie, s);
      const dimensions = Object.fromEntries(
        RC_ITEMS.map((k, j) => [k, dimCount[tie * ITEMS + j] ? dimSum[tie * ITEMS + j]! / dimCount[tie * ITEMS + j]! : null]),
      ) as NonNullable<RcTie['dimensions']>;
      const band = bandOf(s, g === t ? settings.bands.within : settings.bands.between);
      ties.push({ from, to, n, score: s, band, suppressed: false, dimensions });
    }
  }

  const asymmetries: RcResult['asymmetries'] = [];
  for (let i = 0; i < order.length; i++) {
    for (let j = i + 1; j < order.length; j++) {
      const a = order[i]!;
      const b = order[j]!;
      const ab = scores.get(a * G + b);
      const ba = scores.get(b * G + a);
      if (ab === undefined || ba === undefined) continue;
      const gap = ab - ba;
      if (round6(Math.abs(gap)) >= settings.asymmetry) asymmetries.push({ a: table.groups[a]!, b: table.groups[b]!, gap });
    }
  }

  return {
    groups,
    ties,
    overall: overallCount ? overallSum / (SCALE * overallCount) : null,
    asymmetries,
    ratings: { total, counted, excluded: total - counted },
  };
}

/** Per-tie and overall change from one wave to another (`to` minus `from`). */
export function compareRc(table: RcRatingTable, from: string, to: string, options: Omit<RcOptions, 'wave'> = {}): RcComparison {
  const before = scoreRc(table, { ...options, wave: from });
  const after = scoreRc(table, { ...options, wave: to });
  return compareResults(before, after, { from, to }, table.groups);
}

/**
 * The change between two results (`after` minus `before`), e.g. two stored waves.
 * Groups follow `order` when given (the survey's order of first appearance), else
 * the earlier result's order followed by groups new in the later one.
 */
export function compareResults(before: RcResult, after: RcResult, waves: { from: string; to: string }, order?: readonly string[]): RcComparison {
  const present = new Set([...before.groups, ...after.groups]);
  const groups = (order ?? [...before.groups, ...after.groups]).filter((g) => present.delete(g));
  const key = (t: RcTie) => `${t.from}\u0000${t.to}`;
  const side = (t: RcTie | undefined) => (t ? { n: t.n, score: t.score, band: t.band, suppressed: t.suppressed } : null);
  const b = new Map(before.ties.map((t) => [key(t), t]));
  const a = new Map(after.ties.map((t) => [key(t), t]));
  const ties: RcComparison['ties'] = [];
  for (const f of groups) {
    for (const t of groups) {
      const k = `${f}\u0000${t}`;
      const tb = b.get(k);
      const ta = a.get(k);
      if (!tb && !ta) continue;
      const delta = tb?.score != null && ta?.score != null ? ta.score - tb.score : null;
      ties.push({ from: f, to: t, before: side(tb), after: side(ta), delta, deltaPercent: relativeChange(tb?.score, ta?.score) });
    }
  }
  const delta = before.overall !== null && after.overall !== null ? after.overall - before.overall : null;
  return { waves, groups, ties, overall: { before: before.overall, after: after.overall, delta, deltaPercent: relativeChange(before.overall, after.overall) } };
}

/**
 * The change from `before` to `after` relative to `before`, in per cent, as the sources compare a
 * start and an end measurement (2.59 → 3.56 is +37.45…, "+37.5 %"). Null unless both are there
 * (and `before` is not 0).
 */
export function relativeChange(before: number | null | undefined, after: number | null | undefined): number | null {
  return before == null || after == null || before === 0 ? null : ((after - before) / before) * 100;
}

/** The bands in the sources' words (Høj / Middel / Lav). Only the words: the values stay `strong`, `moderate`, `weak`. */
export const RC_BAND_LABELS: Readonly<Record<Locale, Readonly<Record<RcBand, string>>>> = {
  da: { strong: 'Høj', moderate: 'Middel', weak: 'Lav' },
  en: { strong: 'High', moderate: 'Middle', weak: 'Low' },
};

/** A band in words: `strong` → `Høj` (da) / `High` (en). */
export const rcBandLabel = (band: RcBand, locale: Locale): string => RC_BAND_LABELS[locale][band];
