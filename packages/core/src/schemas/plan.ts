import * as z from 'zod/mini';
import { Id, IsoDate, IsoDateTime, LIMITS, noCpr, Text, Version } from './primitives.js';
import { CitizenVoices } from './voice.js';

export const GoalKind = z.enum(['employment', 'education', 'self-support', 'other']);
export type GoalKind = z.infer<typeof GoalKind>;

export const SubGoalStatus = z.enum(['not-started', 'in-progress', 'achieved', 'dropped']);
export type SubGoalStatus = z.infer<typeof SubGoalStatus>;

const OptionalText = z.optional(/* @__PURE__ */ z.string().check(z.trim()));

export const SubGoal = z.object({
  id: Id,
  title: Text,
  /** How we will know it is reached ("takes the bus alone to the job centre"). Checked, not required. */
  criterion: OptionalText,
  targetDate: z.optional(IsoDate),
  status: z._default(SubGoalStatus, 'not-started'),
});
export type SubGoal = z.infer<typeof SubGoal>;

export const InterventionStatus = z.enum(['planned', 'active', 'paused', 'done', 'cancelled']);
export type InterventionStatus = z.infer<typeof InterventionStatus>;

/**
 * The law an intervention rests on, as a short reference: `SEL § 52`, `LAB § 30 b`, `BL § 32, stk. 1`.
 * A reference, not a text: at most 40 characters of letters, digits, § and punctuation, no CPR number.
 */
export const LegalBasis = /* @__PURE__ */ z.string().check(z.trim(), z.minLength(2), z.maxLength(40), z.regex(/^\p{L}[\p{L}\d§ .,()/-]*$/u), noCpr);

export const Intervention = z.object({
  id: Id,
  title: Text,
  department: Id,
  /** The professional who owns it. */
  owner: z.optional(Id),
  status: z._default(InterventionStatus, 'planned'),
  start: z.optional(IsoDate),
  end: z.optional(IsoDate),
  /** The sub-goals it serves. */
  subGoals: z._default(/* @__PURE__ */ z.array(Id).check(z.maxLength(LIMITS.subGoals)), []),
  /** Interventions that must be finished before this one starts (the plan's sequence). */
  dependsOn: z._default(/* @__PURE__ */ z.array(Id).check(z.maxLength(LIMITS.interventions)), []),
  legalBasis: z.optional(LegalBasis),
  /** In Danish kroner. */
  budgetDkk: z.optional(/* @__PURE__ */ z.number().check(z.nonnegative())),
});
export type Intervention = z.infer<typeof Intervention>;

export const FollowUp = z.object({
  date: IsoDate,
  /** When the follow-up was held; absent while it is still due. */
  heldAt: z.optional(IsoDateTime),
});
export type FollowUp = z.infer<typeof FollowUp>;

/** The one shared plan. It starts from the citizen's own wishes, in their own words. */
export const Plan = z.object({
  caseReference: z.optional(Id),
  /** Optimistic-concurrency version; the service increments it on every write. */
  version: Version,
  citizenWishes: Text,
  overallGoal: z.object({
    kind: GoalKind,
    description: OptionalText,
    /** The department that owns the overall goal (it usually provides the coordinator). */
    department: z.optional(Id),
  }),
  subGoals: z._default(/* @__PURE__ */ z.array(SubGoal).check(z.maxLength(LIMITS.subGoals)), []),
  interventions: z._default(/* @__PURE__ */ z.array(Intervention).check(z.maxLength(LIMITS.interventions)), []),
  followUps: z._default(/* @__PURE__ */ z.array(FollowUp).check(z.maxLength(LIMITS.followUps)), []),
  updatedAt: z.optional(IsoDateTime),
  /**
   * What the citizen wrote before a meeting (the citizen's portal, `<samspil-citizen-plan>`), the
   * latest first. The service adds it when the plan is read and ignores it when the plan is written.
   */
  citizenVoice: z.optional(CitizenVoices),
});
export type Plan = z.infer<typeof Plan>;
