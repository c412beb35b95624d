import * as z from 'zod/mini';
import { noCpr } from './primitives.js';

/** The seven dimensions of relational coordination, in the survey's order. */
export const RC_ITEMS = [
  'frequent',
  'timely',
  'accurate',
  'problem_solving',
  'shared_goals',
  'shared_knowledge',
  'mutual_respect',
] as const;
export type RcItem = (typeof RC_ITEMS)[number];

/** An object with one entry per RC item. */
// @__NO_SIDE_EFFECTS__
function perItem<T extends z.ZodMiniType>(value: T) {
  return z.object(Object.fromEntries(RC_ITEMS.map((k) => [k, value])) as Record<RcItem, T>);
}

/** A respondent's, group's or wave's name: shown in results, so no CPR number. */
const Name = /* @__PURE__ */ z.string().check(z.trim(), z.minLength(1), noCpr);
const Count = /* @__PURE__ */ z.int().check(z.nonnegative());

/** One respondent's rating of one group. Items run 1 (weakest) to 5 (strongest); null is missing. */
export const RcRating = z.object({
  respondent: Name,
  group: Name,
  target: Name,
  wave: z.optional(Name),
  items: perItem(z.nullable(/* @__PURE__ */ z.int().check(z.minimum(1), z.maximum(5)))),
});
export type RcRating = z.infer<typeof RcRating>;

export const RcBand = z.enum(['strong', 'moderate', 'weak']);
export type RcBand = z.infer<typeof RcBand>;

const Score = /* @__PURE__ */ z.number().check(z.minimum(1), z.maximum(5));

/** Band limits: below `moderate` is weak; up to and including `strong` is moderate; above is strong. */
export const RcBandLimits = /* @__PURE__ */ z
  .object({ moderate: Score, strong: Score })
  .check(z.refine((b) => b.moderate <= b.strong, { message: 'moderate must not exceed strong' }));
export type RcBandLimits = z.infer<typeof RcBandLimits>;

export const RcOptions = z.object({
  /** A rating counts when at least this many of its 7 items are present. */
  minItems: z._default(/* @__PURE__ */ z.int().check(z.minimum(1), z.maximum(7)), 7),
  /** Ties rated by fewer distinct respondents are suppressed. */
  minRespondents: z._default(/* @__PURE__ */ z.int().check(z.minimum(1)), 3),
  /** Pairs whose |gap| reaches this are listed as asymmetric. */
  asymmetry: z._default(/* @__PURE__ */ z.number().check(z.nonnegative()), 0.5),
  bands: z._default(z.object({ between: RcBandLimits, within: RcBandLimits }), {
    between: { moderate: 3.5, strong: 4.0 },
    within: { moderate: 4.0, strong: 4.5 },
  }),
  /** Score only this wave. */
  wave: z.optional(z.string()),
});
export type RcOptions = z.input<typeof RcOptions>;
export type RcSettings = z.output<typeof RcOptions>;

export const RcTie = z.object({
  from: z.string(),
  to: z.string(),
  n: Count,
  score: z.nullable(z.number()),
  band: z.nullable(RcBand),
  suppressed: z.boolean(),
  dimensions: z.nullable(perItem(z.nullable(z.number()))),
});
export type RcTie = z.infer<typeof RcTie>;

/** Exactly what `samspil rc score --json` prints. */
export const RcResult = z.object({
  groups: z.array(z.string()),
  ties: z.array(RcTie),
  overall: z.nullable(z.number()),
  asymmetries: z.array(z.object({ a: z.string(), b: z.string(), gap: z.number() })),
  ratings: z.object({ total: Count, counted: Count, excluded: Count }),
});
export type RcResult = z.infer<typeof RcResult>;

const TieSide = z.object({
  n: Count,
  score: z.nullable(z.number()),
  band: z.nullable(RcBand),
  suppressed: z.boolean(),
});

// Optional: comparisons written before it was added still read.
const ChangePercent = z.optional(z.nullable(z.number()));

/** Exactly what `samspil rc compare --json` prints: `after` minus `before`. */
export const RcComparison = z.object({
  waves: z.object({ from: z.string(), to: z.string() }),
  groups: z.array(z.string()),
  ties: z.array(
    z.object({
      from: z.string(),
      to: z.string(),
      before: z.nullable(TieSide),
      after: z.nullable(TieSide),
      delta: z.nullable(z.number()),
      /** `delta` relative to `before`, in per cent (2.59 → 3.56: +37.45…); null where `delta` is. */
      deltaPercent: ChangePercent,
    }),
  ),
  overall: z.object({ before: z.nullable(z.number()), after: z.nullable(z.number()), delta: z.nullable(z.number()), deltaPercent: ChangePercent }),
});
export type RcComparison = z.infer<typeof RcComparison>;
