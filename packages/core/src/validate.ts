import * as z from 'zod/mini';
import type { $ZodIssue, $ZodType, output } from 'zod/v4/core';
import { formatPath } from './findings.js';

export interface ValidationIssue {
  /** Where the problem is, e.g. `interventions[2].department` (empty for the root). */
  path: string;
  /** The raw path, for tools that locate it in a source file. */
  pathSegments: PropertyKey[];
  message: string;
}

/**
 * Plain English for the issues a vendor meets most. Passed per call: zod/mini
 * ships no messages, and a library must not set zod's global configuration.
 */
function messageOf(issue: $ZodIssue | Parameters<NonNullable<z.core.$ZodErrorMap>>[0]): string {
  const i = issue as { code?: string; expected?: string; input?: unknown; minimum?: unknown; maximum?: unknown; format?: string; values?: unknown[]; keys?: string[]; origin?: string; message?: string };
  const received = i.input === undefined ? 'nothing' : i.input === null ? 'null' : Array.isArray(i.input) ? 'an array' : typeof i.input;
  switch (i.code) {
    case 'invalid_type':
      return i.input === undefined ? `required (expected ${i.expected})` : `expected ${i.expected}, received ${received}`;
    case 'too_small':
      return i.origin === 'string' ? (i.minimum === 1 ? 'must not be empty' : `must have at least ${i.minimum} characters`) : `must be at least ${i.minimum}${i.origin === 'array' ? ' items' : ''}`;
    case 'too_big':
      return i.origin === 'string' ? `must have at most ${i.maximum} characters` : `must be at most ${i.maximum}${i.origin === 'array' ? ' items' : ''}`;
    case 'invalid_format':
      return `not a valid ${i.format === 'date' ? 'date (YYYY-MM-DD)' : i.format === 'datetime' ? 'time (ISO 8601 with an offset)' : i.format}`;
    case 'invalid_value':
      return `must be one of ${(i.values ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union':
      return 'does not match any allowed form';
    case 'unrecognized_keys':
      return `unknown keys: ${(i.keys ?? []).join(', ')}`;
    default:
      return i.message ?? 'invalid';
  }
}

/** Any core schema, and the type it produces, for code that validates without importing zod. */
export type Schema = $ZodType;
export type SchemaOutput<S extends Schema> = output<S>;

export type Validated<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

/**
 * Validates untrusted input at an edge (HTTP body, widget property, file). Never
 * throws; the issues name the path of each problem, the first one first.
 */
export function validate<S extends $ZodType>(schema: S, input: unknown): Validated<output<S>> {
  let result: ReturnType<typeof z.safeParse<S>>;
  try {
    result = z.safeParse(schema, input, { error: messageOf });
  } catch (error) {
    // A throwing getter or proxy in the input: report it rather than throw.
    return { ok: false, issues: [{ path: '', pathSegments: [], message: `unreadable input: ${(error as Error).message}` }] };
  }
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => {
      // An unknown key is named where it is, like any other problem.
      const segments = issue.code === 'unrecognized_keys' && issue.keys.length === 1 ? [...issue.path, issue.keys[0]!] : [...issue.path];
      return { path: formatPath(segments), pathSegments: segments, message: segments.length > issue.path.length ? 'unknown field' : issue.message };
    }),
  };
}

/**
 * Like `validate`, but only where the first problem is, not what it is: for views that show just that
 * (the widgets' invalid-data alert). It leaves `validate`'s wording of every kind of issue out of their
 * browser bundle. Never throws: a throwing getter or proxy in the input is a problem at the root.
 */
export function firstProblem<S extends $ZodType>(schema: S, input: unknown): { ok: true; value: output<S> } | { ok: false; path: string } {
  try {
    const result = z.safeParse(schema, input);
    return result.success ? { ok: true, value: result.data } : { ok: false, path: formatPath(result.error.issues[0]!.path) };
  } catch {
    return { ok: false, path: '' };
  }
}

/** One line per issue: `interventions[2].department: Invalid input`. */
export function describeIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('\n');
}
