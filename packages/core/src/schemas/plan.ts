import { z } from 'zod';
import { Id, IsoDate, IsoDateTime } from './primitives.js';

export const GoalKind = z.enum(['employment', 'education', 'self-support', 'other']);
export type GoalKind = z.infer<typeof GoalKind>;

export const SubGoalStatus = z.enum(['not-started', 'in-progress', 'achieved', 'dropped']);
export type SubGoalStatus = z.infer<typeof SubGoalStatus>;

export const SubGoal = z.object({
  id: Id,
  title: z.string().trim().min(1),
  /** How we will know it is reached ("takes the bus alone to the job centre"). Checked, not required. */
  criterion: z.string().trim().optional(),
  targetDate: IsoDate.optional(),
  status: SubGoalStatus.default('not-started'),
});
export type SubGoal = z.infer<typeof SubGoal>;

export const InterventionStatus = z.enum(['planned', 'active', 'paused', 'done', 'cancelled']);
export type InterventionStatus = z.infer<typeof InterventionStatus>;

export const Intervention = z.object({
  id: Id,
  title: z.string().trim().min(1),
  department: Id,
  /** The professional who owns it. */
  owner: Id.optional(),
  status: InterventionStatus.default('planned'),
  start: IsoDate.optional(),
  end: IsoDate.optional(),
  /** The sub-goals it serves. */
  subGoals: z.array(Id).default([]),
  /** Interventions that must be finished before this one starts (the plan's sequence). */
  dependsOn: z.array(Id).default([]),
  /** In Danish kroner. */
  budgetDkk: z.number().finite().nonnegative().optional(),
});
export type Intervention = z.infer<typeof Intervention>;

export const FollowUp = z.object({
  date: IsoDate,
  /** When the follow-up was held; absent while it is still due. */
  heldAt: IsoDateTime.optional(),
});
export type FollowUp = z.infer<typeof FollowUp>;

/** The one shared plan. It starts from the citizen's own wishes, in their own words. */
export const Plan = z.object({
  caseReference: Id.optional(),
  /** Optimistic-concurrency version; the service increments it on every write. */
  version: z.number().int().nonnegative().default(0),
  citizenWishes: z.string().trim().min(1),
  overallGoal: z.object({
    kind: GoalKind,
    description: z.string().trim().optional(),
    /** The department that owns the overall goal (it usually provides the coordinator). */
    department: Id.optional(),
  }),
  subGoals: z.array(SubGoal).default([]),
  interventions: z.array(Intervention).default([]),
  followUps: z.array(FollowUp).default([]),
  updatedAt: IsoDateTime.optional(),
});
export type Plan = z.infer<typeof Plan>;
