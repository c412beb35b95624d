import { z } from 'zod';
import { Id } from './primitives.js';

/** Responsible, Accountable, Consulted, Informed. */
export const Raci = z.enum(['R', 'A', 'C', 'I']);
export type Raci = z.infer<typeof Raci>;

export const MatrixColumn = z.object({
  id: Id,
  kind: z.enum(['person', 'department']),
  label: z.string().trim().min(1),
});
export type MatrixColumn = z.infer<typeof MatrixColumn>;

export const MatrixRow = z.object({
  id: Id,
  kind: z.enum(['task', 'decision', 'intervention']),
  label: z.string().trim().min(1),
  /** Column id → letter; a column without an entry has no part in the row. */
  cells: z.record(z.string(), Raci).default({}),
});
export type MatrixRow = z.infer<typeof MatrixRow>;

/**
 * The collaboration agreement (samarbejdsaftale) as a RACI matrix: who holds
 * which responsibility, and how a disagreement is settled and by whom, so it
 * never becomes the citizen's problem.
 */
export const ResponsibilityMatrix = z.object({
  caseReference: Id.optional(),
  version: z.number().int().nonnegative().default(0),
  columns: z.array(MatrixColumn),
  rows: z.array(MatrixRow),
  disagreement: z
    .object({
      rule: z.string().trim().min(1),
      /** The column (person or department) that decides. */
      decidedBy: Id,
    })
    .optional(),
  /** The plan coordinator's column id, when the coordinator is a column. */
  coordinator: Id.optional(),
});
export type ResponsibilityMatrix = z.infer<typeof ResponsibilityMatrix>;
