import * as z from 'zod/mini';
import { hasCpr, Id, Label, LIMITS, Text, Version } from './primitives.js';

/** Responsible, Accountable, Consulted, Informed. */
export const Raci = z.enum(['R', 'A', 'C', 'I']);
export type Raci = z.infer<typeof Raci>;

export const MatrixColumn = z.object({
  id: Id,
  kind: z.enum(['person', 'department']),
  /** A person's or a department's name. */
  label: Label,
});
export type MatrixColumn = z.infer<typeof MatrixColumn>;

export const MatrixRow = z.object({
  id: Id,
  kind: z.enum(['task', 'decision', 'intervention']),
  label: Text,
  /** Column id → letter; a column without an entry has no part in the row. */
  cells: z._default(
    /* @__PURE__ */ z.record(z.string(), Raci).check((ctx) => {
      // On the record, not its key schema (zod reports a key's issue only as an invalid key); the path does not repeat the key.
      if (Object.keys(ctx.value).some(hasCpr)) ctx.issues.push({ code: 'custom', message: 'a column id must not contain a CPR number', input: ctx.value, continue: true });
    }),
    {},
  ),
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
  columns: /* @__PURE__ */ z.array(MatrixColumn).check(z.maxLength(LIMITS.matrixColumns)),
  rows: /* @__PURE__ */ z.array(MatrixRow).check(z.maxLength(LIMITS.matrixRows), (ctx) => {
    let cells = 0;
    for (const row of ctx.value) cells += Object.keys(row.cells).length;
    if (cells > LIMITS.matrixCells) ctx.issues.push({ code: 'custom', message: `must have at most ${LIMITS.matrixCells} cells in all`, input: cells, continue: true });
  }),
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
