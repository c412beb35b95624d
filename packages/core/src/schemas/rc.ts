import { z } from 'zod';

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

const ItemValue = z.number().int().min(1).max(5).nullable();

/** One respondent's rating of one group. Items run 1 (weakest) to 5 (strongest); null is missing. */
export const RcRating = z.object({
  respondent: z.string().trim().min(1),
  group: z.string().trim().min(1),
  target: z.string().trim().min(1),
  wave: z.string().trim().min(1).optional(),
  items: z.object(Object.fromEntries(RC_ITEMS.map((k) => [k, ItemValue])) as Record<RcItem, typeof ItemValue>),
});
export type RcRating = z.infer<typeof RcRating>;

export const RcBand = z.enum(['strong', 'moderate', 'weak']);
export type RcBand = z.infer<typeof RcBand>;

/** Band limits: below `moderate` is weak; up to and including `strong` is moderate; above is strong. */
export const RcBandLimits = z
  .object({ moderate: z.number().min(1).max(5), strong: z.number().min(1).max(5) })
  .refine((b) => b.moderate <= b.strong, { message: 'moderate must not exceed strong' });
export type RcBandLimits = z.infer<typeof RcBandLimits>;

export const RcOptions = z.object({
  /** A rating counts when at least this many of its 7 items are present. */
  minItems: z.number().int().min(1).max(7).default(7),
  /** Ties rated by fewer distinct respondents are suppressed. */
  minRespondents: z.number().int().min(1).default(3),
  /** Pairs whose |gap| reaches this are listed as asymmetric. */
  asymmetry: z.number().nonnegative().default(0.5),
  bands: z
    .object({ between: RcBandLimits, within: RcBandLimits })
    .default({ between: { moderate: 3.5, strong: 4.0 }, within: { moderate: 4.0, strong: 4.5 } }),
  /** Score only this wave. */
  wave: z.string().optional(),
});
export type RcOptions = z.input<typeof RcOptions>;
export type RcSettings = z.output<typeof RcOptions>;

const Dimensions = z.object(
  Object.fromEntries(RC_ITEMS.map((k) => [k, z.number().nullable()])) as Record<RcItem, z.ZodNullable<z.ZodNumber>>,
);

export const RcTie = z.object({
  from: z.string(),
  to: z.string(),
  n: z.number().int().nonnegative(),
  score: z.number().nullable(),
  band: RcBand.nullable(),
  suppressed: z.boolean(),
  dimensions: Dimensions.nullable(),
});
export type RcTie = z.infer<typeof RcTie>;

/** Exactly what `samspil rc score --json` prints. */
export const RcResult = z.object({
  groups: z.array(z.string()),
  ties: z.array(RcTie),
  overall: z.number().nullable(),
  asymmetries: z.array(z.object({ a: z.string(), b: z.string(), gap: z.number() })),
  ratings: z.object({
    total: z.number().int().nonnegative(),
    counted: z.number().int().nonnegative(),
    excluded: z.number().int().nonnegative(),
  }),
});
export type RcResult = z.infer<typeof RcResult>;

const TieSide = z.object({
  n: z.number().int().nonnegative(),
  score: z.number().nullable(),
  band: RcBand.nullable(),
  suppressed: z.boolean(),
});

/** Exactly what `samspil rc compare --json` prints: `after` minus `before`. */
export const RcComparison = z.object({
  waves: z.object({ from: z.string(), to: z.string() }),
  groups: z.array(z.string()),
  ties: z.array(
    z.object({
      from: z.string(),
      to: z.string(),
      before: TieSide.nullable(),
      after: TieSide.nullable(),
      delta: z.number().nullable(),
    }),
  ),
  overall: z.object({ before: z.number().nullable(), after: z.number().nullable(), delta: z.number().nullable() }),
});
export type RcComparison = z.infer<typeof RcComparison>;
