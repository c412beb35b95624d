import { excerpt } from '../format.js';
import { hasCpr } from '../schemas/primitives.js';
import { RC_ITEMS } from '../schemas/rc.js';
import { CsvReader, type CsvDelimiter } from './csv.js';
import { addProblemMessage, RcTableBuilder, type RcRatingTable } from './table.js';

export interface RcSurveyProblem {
  /** 1-based line in the file (the header is line 1). */
  line: number;
  /** 1-based column (field) number; null when the column is missing altogether. */
  column: number | null;
  /** The column's name, when known. */
  columnName?: string;
  message: string;
}

export interface RcSurvey {
  table: RcRatingTable;
  /** Whether the file has a `wave` column. */
  hasWaves: boolean;
  /** The first problems, in file order (at most `maxProblems`). */
  problems: RcSurveyProblem[];
  /** How many problems there are in all. */
  problemCount: number;
}

const REQUIRED = ['respondent', 'group', 'target', ...RC_ITEMS] as const;
const KNOWN: ReadonlySet<string> = new Set([...REQUIRED, 'wave']);
const ITEMS = RC_ITEMS.length;

/**
 * Reads an RC survey CSV (see the README for the format) into a rating table,
 * collecting every problem with its line and column. Feed it decoded text.
 */
export class RcSurveyReader {
  readonly #csv: CsvReader;
  readonly #builder = new RcTableBuilder(1 << 16);
  readonly #maxProblems: number;
  readonly #problems: RcSurveyProblem[] = [];
  #problemCount = 0;
  #header: string[] | undefined;
  #width = 0;
  #respondent = -1;
  #group = -1;
  #target = -1;
  #wave = -1;
  readonly #itemColumns = new Int32Array(ITEMS);
  #usable = true;
  /** The line of each row in the table, to name the first of two duplicates. */
  #lines = new Int32Array(1 << 16);

  constructor(options: { delimiter?: CsvDelimiter; maxProblems?: number } = {}) {
    this.#maxProblems = options.maxProblems ?? 100;
    this.#csv = new CsvReader(
      {
        record: (fields, line) => (this.#header ? this.#row(fields, line) : this.#readHeader(fields)),
        line: (text, start, end, line, delimiter) => this.#cleanLine(text, start, end, line, delimiter),
        problem: (p) => this.#problem(p.line, p.column, p.message),
      },
      options.delimiter,
    );
  }

  push(chunk: string): void {
    this.#csv.push(chunk);
  }

  /** True once a fatal problem (a record too long to hold) stopped the reading. */
  get stopped(): boolean {
    return this.#csv.stopped;
  }

  end(): RcSurvey {
    this.#csv.end();
    if (!this.#header) this.#problem(1, 1, 'the file is empty; a header row is required');
    return {
      table: this.#builder.finish(),
      hasWaves: this.#wave >= 0,
      problems: this.#problems,
      problemCount: this.#problemCount,
    };
  }

  #problem(line: number, column: number | null, message: string): void {
    this.#problemCount++;
    if (this.#problems.length < this.#maxProblems) {
      const name = column !== null ? this.#header?.[column - 1] : undefined;
      // Only a column Samspil knows is named: any other header is the file's text.
      this.#problems.push({ line, column, ...(name && KNOWN.has(name) ? { columnName: name } : {}), message });
    }
  }

  #readHeader(fields: string[]): void {
    const names = fields.map((f) => f.trim().toLowerCase());
    this.#header = names;
    this.#width = names.length;
    const index = new Map<string, number>();
    names.forEach((name, i) => {
      if (name && index.has(name)) this.#problem(1, i + 1, `the column ${excerpt(name)} appears twice`);
      else index.set(name, i);
    });
    for (const name of REQUIRED) {
      if (!index.has(name)) {
        this.#problemCount++;
        if (this.#problems.length < this.#maxProblems)
          this.#problems.push({ line: 1, column: null, columnName: name, message: `the required column ${JSON.stringify(name)} is missing` });
        this.#usable = false;
      }
    }
    this.#respondent = index.get('respondent') ?? -1;
    this.#group = index.get('group') ?? -1;
    this.#target = index.get('target') ?? -1;
    this.#wave = index.get('wave') ?? -1;
    RC_ITEMS.forEach((k, j) => (this.#itemColumns[j] = index.get(k) ?? -1));
  }

  #row(fields: string[], line: number): void {
    // Without the required columns no row can be read; the header problems say why.
    if (!this.#usable) return;
    if (fields.length !== this.#width) {
      this.#problem(line, Math.min(fields.length, this.#width) + 1, `expected ${this.#width} fields, found ${fields.length}`);
      return;
    }
    const before = this.#problemCount;
    const respondent = this.#name(fields, this.#respondent, line);
    const group = this.#name(fields, this.#group, line);
    const target = this.#name(fields, this.#target, line);
    const wave = this.#wave >= 0 ? this.#name(fields, this.#wave, line) : '';
    const values = this.#values;
    for (let j = 0; j < ITEMS; j++) {
      const col = this.#itemColumns[j]!;
      const raw = fields[col]!;
      let v = itemValue(raw);
      if (v < 0) {
        this.#problem(line, col + 1, `${excerpt(raw)} is not an integer from 1 to 5 (or empty)`);
        v = 0;
      }
      values[j] = v;
    }
    if (this.#problemCount !== before) return;
    this.#accept(respondent, group, target, wave, line);
  }

  /** Adds a checked row (its items in `#values`), refusing a second rating of a target in a wave. */
  #accept(respondent: string, group: string, target: string, wave: string, line: number): void {
    const added = this.#builder.add(respondent, group, target, wave);
    if (!added.ok) {
      const first = added.reason === 'duplicate' ? ` (first on line ${this.#lines[added.firstRow]})` : '';
      this.#problem(line, this.#target + 1, addProblemMessage(added.reason, respondent, target, wave) + first);
      return;
    }
    const row = added.row;
    if (row >= this.#lines.length) {
      const lines = new Int32Array(this.#lines.length * 2);
      lines.set(this.#lines);
      this.#lines = lines;
    }
    this.#lines[row] = line;
    const items = this.#builder.items;
    for (let j = 0; j < ITEMS; j++) items[row * ITEMS + j] = this.#values[j]!;
  }

  readonly #starts = new Int32Array(256);
  readonly #ends = new Int32Array(256);

  /**
   * The common case, read without splitting the line into strings: the right
   * number of fields, single-digit items, non-empty names. Anything else goes the
   * general way (`#row`), which also words the problems.
   */
  #cleanLine(text: string, start: number, end: number, line: number, delimiter: number): boolean {
    if (!this.#header || !this.#usable || this.#width > this.#starts.length) return false;
    const starts = this.#starts;
    const ends = this.#ends;
    const width = this.#width;
    // A short line's fields, found by one loop over its characters (cheaper than a call per field).
    let count = 0;
    starts[0] = start;
    for (let p = start; p < end; p++) {
      if (text.charCodeAt(p) === delimiter) {
        ends[count] = p;
        if (++count >= width) return false;
        starts[count] = p + 1;
      }
    }
    ends[count] = end;
    if (count + 1 !== width) return false;
    for (let j = 0; j < ITEMS; j++) {
      const col = this.#itemColumns[j]!;
      const length = ends[col]! - starts[col]!;
      if (length === 0) this.#values[j] = 0;
      else {
        const v = text.charCodeAt(starts[col]!) - 48;
        if (length !== 1 || v < 1 || v > 5) return false;
        this.#values[j] = v;
      }
    }
    const respondent = plainNameAt(text, starts[this.#respondent]!, ends[this.#respondent]!);
    const group = plainNameAt(text, starts[this.#group]!, ends[this.#group]!);
    const target = plainNameAt(text, starts[this.#target]!, ends[this.#target]!);
    const wave = this.#wave >= 0 ? plainNameAt(text, starts[this.#wave]!, ends[this.#wave]!) : '';
    // An empty name, or one that may hold a NUL or a CPR number: the general way words the problem.
    if (!respondent || !group || !target || (this.#wave >= 0 && !wave)) return false;
    this.#accept(respondent, group, target, wave, line);
    return true;
  }

  readonly #values = new Uint8Array(ITEMS);

  #name(fields: string[], col: number, line: number): string {
    const value = fields[col]!.trim();
    if (value === '') this.#problem(line, col + 1, 'is empty');
    else if (value.includes('\u0000')) this.#problem(line, col + 1, 'holds a NUL character');
    else if (hasCpr(value)) this.#problem(line, col + 1, 'must not contain a CPR number');
    return value;
  }
}

/** Fewer digits than this cannot make a CPR number (DDMMYY and four). */
const CPR_DIGITS = 10;
/** The first character past ASCII that Unicode counts as a decimal digit (ARABIC-INDIC DIGIT ZERO). */
const FIRST_OTHER_DIGIT = 0x660;

/**
 * A name from `start` to `end`, trimmed and sliced once; '' when the name needs the
 * general way's checks: empty, or holding a control character (NUL above all), ten
 * or more digits, or a character from where Unicode's other digits begin (a CPR
 * number may hide in those). One look at each character, so a line costs its length.
 */
function plainNameAt(text: string, start: number, end: number): string {
  let digits = 0;
  for (let p = start; p < end; p++) {
    const c = text.charCodeAt(p);
    if (c < 32 || c >= FIRST_OTHER_DIGIT) return '';
    if (c >= 48 && c <= 57 && ++digits >= CPR_DIGITS) return '';
  }
  // Most names have no spaces around them: trimmed only when an end may be one.
  const c = text.charCodeAt(start);
  const d = text.charCodeAt(end - 1);
  return c === 32 || d === 32 || c >= 127 || d >= 127 ? text.slice(start, end).trim() : text.slice(start, end);
}

/** 1..5 for a valid item, 0 for empty, -1 for anything else ("0", "6", "3.5", "x"). */
function itemValue(raw: string): number {
  if (raw.length === 1) {
    const v = raw.charCodeAt(0) - 48;
    return v >= 1 && v <= 5 ? v : -1;
  }
  if (raw.length === 0) return 0;
  const trimmed = raw.trim();
  return trimmed.length < raw.length ? itemValue(trimmed) : -1;
}

/** How a problem's column reads in a message: `6 (accurate)`, or `"timely"` for a missing column. */
export function problemColumn(p: RcSurveyProblem): string {
  return p.column === null ? JSON.stringify(p.columnName) : `${p.column}${p.columnName ? ` (${p.columnName})` : ''}`;
}

/** Reads a whole survey held in memory. */
export function readRcSurvey(text: string, options?: { delimiter?: CsvDelimiter; maxProblems?: number }): RcSurvey {
  const reader = new RcSurveyReader(options);
  reader.push(text);
  return reader.end();
}
