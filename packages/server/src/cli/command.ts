import type { ParseArgsConfig } from 'node:util';
import { CodedError, ErrorCode } from '../errors.js';

/** A wrong invocation: unknown flag, missing argument, bad value, unknown tenant. Exit status 2. */
export class UsageError extends CodedError {
  constructor(message: string) {
    super(ErrorCode.InvalidUsage, message);
  }
}

/** What cannot be done as asked (a tenant that exists already, one that does not): exit status 2, without the usage line. */
export const refusal = (message: string): CodedError => new CodedError(ErrorCode.InvalidUsage, message);

/** The process's environment, read only by the commands that use the database (DATABASE_URL, SAMSPIL_DATA_DIR). */
export type Environment = Record<string, string | undefined>;

export interface Command {
  summary: string;
  /** The names of its positional arguments (default one FILE). */
  args?: string[];
  usage: string;
  help: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(args: string[], values: Record<string, unknown>, env: Environment): Promise<number>;
}

export const json = { type: 'boolean' } as const;

export function print(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : text + '\n');
}

/** A note for the person at the terminal, beside the output (stdout stays the result). */
export function note(text: string): void {
  process.stderr.write(`samspil: ${text}\n`);
}

export function intFlag(flag: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || n < min || n > max)
    throw new UsageError(`${flag}: ${JSON.stringify(value)} is not an integer from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ' up'}`);
  return n;
}
