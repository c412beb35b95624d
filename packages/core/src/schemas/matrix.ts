import * as z from 'zod/mini';
import { Id, Text, Version } from './primitives.js';

/** Responsible, Accountable, Consulted, Informed. */
export const Raci = z.enum(['R', 'A', 'C', 'I']);
export type Raci = z.infer<typeof Raci>;

export const MatrixColumn = z.object({
  id: Id,
  kind: z.enum(['person', 'department']),
  label: Text,
});
export type MatrixColumn = z.infer<typeof MatrixColumn>;

export const MatrixRow = z.object({
  id: Id,
  kind: z.enum(['task', 'decision', 'intervention']),
  label: Text,
  /** Column id → letter; a column without an entry has no part in the row. */
  cells: z._default(z.record(z.string(), Raci), {}),
});
export type MatrixRow = z.infer<typeof MatrixRow>;

/**
 * The collaboration agreement (samarbejdsaftale) as a RACI matrix: who holds
 * which responsibility, and how a disagreement is settled and by whom, so it
 * never becomes the citizen's problem.
 */
export const ResponsibilityMatrix = z.object({
  caseReference: z.optional(Id),
  version: Version,
  columns: z.array(MatrixColumn),
  rows: z.array(MatrixRow),
  disagreement: z.optional(
    z.object({
      rule: Text,
      /** The column (person or department) that decides. */
      decidedBy: Id,
    }),
  ),
  /** The plan coordinator's column id, when the coordinator is a column. */
  coordinator: z.optional(Id),
});
export type ResponsibilityMatrix = z.infer<typeof ResponsibilityMatrix>;
