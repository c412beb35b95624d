import type { z } from 'zod';
import { formatPath } from './findings.js';

export interface ValidationIssue {
  /** Where the problem is, e.g. `interventions[2].department` (empty for the root). */
  path: string;
  /** The raw path, for tools that locate it in a source file. */
  pathSegments: PropertyKey[];
  message: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

/**
 * Validates untrusted input at an edge (HTTP body, widget property, file). Never
 * throws; the issues name the path of each problem, the first one first.
 */
export function validate<S extends z.ZodType>(schema: S, input: unknown): Validated<z.output<S>> {
  let result: z.ZodSafeParseResult<z.output<S>>;
  try {
    result = schema.safeParse(input);
  } catch (error) {
    // A throwing getter or proxy in the input: report it rather than throw.
    return { ok: false, issues: [{ path: '', pathSegments: [], message: `unreadable input: ${(error as Error).message}` }] };
  }
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => ({
      path: formatPath(issue.path),
      pathSegments: [...issue.path],
      message: issue.message,
    })),
  };
}

/** One line per issue: `interventions[2].department: Invalid input`. */
export function describeIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('\n');
}
