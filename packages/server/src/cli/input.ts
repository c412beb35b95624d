import { CodedError, ErrorCode } from '../errors.js';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { $ZodType, output } from 'zod/v4/core';
import { validate, type RcSurvey } from '@samspil/core';
import { invalidUtf8Offset, NotUtf8Error, readSurveyStream } from '../survey-stream.js';

/** A problem in an input file, located by line and column (both 1-based). */
export class InputError extends CodedError {
  constructor(
    readonly file: string,
    readonly line: number,
    /** A column number, or a description such as `9 (timely)` or `"timely"`. */
    readonly column: number | string | null,
    readonly detail: string,
    readonly problemCount = 1,
  ) {
    super(ErrorCode.InvalidInput, `${file}: line ${line}${column === null ? '' : `, column ${column}`}: ${detail}`);
  }
}

/** Streams a survey CSV from disk through core's reader; the file is never held whole. */
export async function readSurveyFile(file: string): Promise<RcSurvey> {
  try {
    return await readSurveyStream(createReadStream(file, { highWaterMark: 1 << 20 }));
  } catch (error) {
    if (!(error instanceof NotUtf8Error)) throw error;
    const at = firstInvalidUtf8(await readFile(file));
    throw new InputError(file, at.line, at.column, error.message);
  }
}

/** Line and byte column of the first byte that is not valid UTF-8 (for the error message only). */
function firstInvalidUtf8(bytes: Uint8Array): { line: number; column: number } {
  const at = invalidUtf8Offset(bytes);
  const offset = at < 0 ? bytes.length : at;
  let line = 1;
  let lineStart = 0;
  for (let i = bytes.indexOf(10); i >= 0 && i < offset; i = bytes.indexOf(10, i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return at < 0 ? { line, column: 1 } : { line, column: offset - lineStart + 1 };
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Reads a JSON file and validates it with a core schema. Syntax and schema
 * problems are thrown as InputError naming the line and column (and, for the
 * schema, the path of the field), so a vendor can find them in their export.
 */
export async function readJsonFile<S extends $ZodType>(file: string, schema: S): Promise<output<S>> {
  let text = await readFile(file, 'utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length > 0 || !root) {
    const first = errors[0];
    const at = lineAndColumn(text, first?.offset ?? 0);
    throw new InputError(file, at.line, at.column, `invalid JSON: ${first ? printParseErrorCode(first.error) : 'empty file'}`, errors.length || 1);
  }
  const result = validate(schema, getNodeValue(root));
  if (result.ok) return result.value;
  const issue = result.issues[0]!;
  // Point at the deepest node of the path that exists (a missing field points at its object).
  let segments = issue.pathSegments.filter((s): s is string | number => typeof s !== 'symbol');
  let node = findNodeAtLocation(root, segments);
  while (!node && segments.length > 0) {
    segments = segments.slice(0, -1);
    node = findNodeAtLocation(root, segments);
  }
  const at = lineAndColumn(text, (node ?? root).offset);
  throw new InputError(file, at.line, at.column, `${issue.path || '(root)'}: ${issue.message}`, result.issues.length);
}
