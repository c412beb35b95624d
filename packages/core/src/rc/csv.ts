/**
 * A streaming RFC 4180 reader for files as survey tools and Excel export them:
 * `,` or `;` (detected from the header line), optional byte-order mark, LF or
 * CRLF, quoted fields that may hold the delimiter, quotes ("") and line breaks.
 * Pure: the caller feeds decoded text chunks; blank lines are skipped.
 *
 * Linear in its input whatever the content and however it is cut: every character
 * is looked at once. A record cut by a chunk's end is not read again when the next
 * chunk comes: the reader keeps its state (the fields so far, the open field's pieces,
 * inside quotes or not) and goes on from there. A record longer than `maxRecordLength`
 * is a problem the moment that much of it has been seen, and ends the reading.
 */

export interface CsvProblem {
  /** 1-based physical line of the problem. */
  line: number;
  /** 1-based field number. */
  column: number;
  message: string;
  /** Reading stopped here (a record too long to hold): nothing after it is read. */
  fatal?: true;
}

export interface CsvHandlers {
  /** One record; `fields` is reused after the call returns. `line` is the record's first line. */
  record(fields: string[], line: number): void;
  /**
   * Optional fast path: a whole line without quotes, as `text` from `start` to `end`
   * (line break excluded), before it is split. Return true when it was handled;
   * false has it split into fields and passed to `record`.
   */
  line?(text: string, start: number, end: number, line: number, delimiter: number): boolean;
  problem(problem: CsvProblem): void;
}

export type CsvDelimiter = ',' | ';';

/** The longest record read by default: 1 MiB of text. */
export const MAX_RECORD_LENGTH = 1 << 20;

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** The delimiter of a header line: `;` when it has more semicolons than commas outside quotes. */
export function detectDelimiter(headerLine: string): CsvDelimiter {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (let i = 0; i < headerLine.length; i++) {
    const c = headerLine.charCodeAt(i);
    if (c === QUOTE) quoted = !quoted;
    else if (!quoted && c === 44) commas++;
    else if (!quoted && c === 59) semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

/** Where the reader is between two characters. */
const enum State {
  /** At the start of a record (nothing of it read yet). */
  Record,
  /** At the start of a field of a record already begun. */
  Field,
  /** Inside an unquoted field. */
  Plain,
  /** Inside a quoted field. */
  Quoted,
  /** Inside a quoted field, just after a quote: the next character says whether it was `""` or the closing quote. */
  QuoteSeen,
  /** After a field's closing quote: a delimiter or the line end should follow. */
  Closed,
  /** After a fatal problem: nothing more is read. */
  Stopped,
}

export class CsvReader {
  #line = 1;
  #delimiter: number | undefined;
  #started = false;
  /** Text held before the delimiter is known: the header line so far. */
  #head = '';
  #state = State.Record;
  /** The fields of the record under way, and the pieces of its open field (most fields are one piece). */
  #fields: string[] = [];
  #piece = '';
  #morePieces: string[] | undefined;
  #recordLine = 1;
  #recordLength = 0;
  /** The chunk's next line feed, quote and delimiter, each looked for again only once passed. */
  #next!: NextIndex;
  /** Stray text after a closing quote was reported for this field already. */
  #strayReported = false;
  readonly #handlers: CsvHandlers;
  readonly #maxRecordLength: number;

  constructor(handlers: CsvHandlers, delimiter?: CsvDelimiter, options: { maxRecordLength?: number } = {}) {
    this.#handlers = handlers;
    if (delimiter) this.#delimiter = delimiter.charCodeAt(0);
    this.#maxRecordLength = options.maxRecordLength ?? MAX_RECORD_LENGTH;
  }

  get delimiter(): CsvDelimiter | undefined {
    return this.#delimiter === undefined ? undefined : (String.fromCharCode(this.#delimiter) as CsvDelimiter);
  }

  /** True once a fatal problem stopped the reading. */
  get stopped(): boolean {
    return this.#state === State.Stopped;
  }

  push(chunk: string): void {
    if (this.#state === State.Stopped) return;
    if (!this.#started) {
      if (chunk.length === 0) return;
      this.#started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    if (this.#delimiter === undefined) {
      // The header line decides the delimiter: hold the text until it is whole.
      const eol = chunk.indexOf('\n');
      if (eol < 0) {
        this.#head += chunk;
        if (this.#head.length > this.#maxRecordLength) this.#tooLong();
        return;
      }
      const text = this.#head + chunk;
      this.#delimiter = detectDelimiter(text.slice(0, this.#head.length + eol)).charCodeAt(0);
      this.#head = '';
      chunk = text;
    }
    this.#read(chunk);
  }

  end(): void {
    if (this.#state === State.Stopped) return;
    if (this.#delimiter === undefined) {
      this.#delimiter = detectDelimiter(this.#head).charCodeAt(0);
      const head = this.#head;
      this.#head = '';
      if (head.length) this.#read(head);
    }
    switch (this.#state) {
      case State.Record:
        return;
      case State.Quoted:
        this.#handlers.problem({ line: this.#recordLine, column: this.#fields.length + 1, message: 'a quoted field is never closed' });
        return;
      case State.Plain: {
        // The last record needs no line break; a CR before the end is the line break's.
        const value = this.#value();
        this.#fields.push(value.charCodeAt(value.length - 1) === CR ? value.slice(0, -1) : value);
        break;
      }
      default:
        this.#fields.push(this.#value());
    }
    this.#emit();
  }

  /** Reads a chunk from where the last one left off. */
  #read(text: string): void {
    const n = text.length;
    const delim = this.#delimiter!;
    const { line: lineHandler } = this.#handlers;
    const next = (this.#next = new NextIndex(text, String.fromCharCode(delim)));
    let pos = 0;
    while (pos < n) {
      if (this.#state === State.Record) {
        // Fast path: whole lines without quotes, found with the native indexOf.
        const eol = next.lf(pos);
        const quote = next.quote(pos);
        if (eol < 0 || (quote >= 0 && quote < eol)) {
          // A quote, or a record the next chunk finishes: the general way.
          this.#begin();
          continue;
        }
        if (eol - pos > this.#maxRecordLength) {
          this.#recordLine = this.#line;
          return this.#tooLong();
        }
        const end = eol > pos && text.charCodeAt(eol - 1) === CR ? eol - 1 : eol;
        const line = this.#line++;
        if (end > pos && !lineHandler?.(text, pos, end, line, delim)) this.#split(text, pos, end, line);
        pos = eol + 1;
        continue;
      }
      pos = this.#step(text, pos, delim);
    }
  }

  /** A record begins at the current line. */
  #begin(): void {
    this.#state = State.Field;
    this.#recordLine = this.#line;
    this.#recordLength = 0;
    // A new array rather than `length = 0`, which V8 makes a slow call.
    this.#fields = [];
    this.#piece = '';
    this.#morePieces = undefined;
  }

  #add(piece: string): void {
    if (this.#piece === '') this.#piece = piece;
    else (this.#morePieces ??= []).push(piece);
  }

  /** The open field's value: its pieces joined, and the pieces cleared. */
  #value(last?: string): string {
    if (last !== undefined) this.#add(last);
    const value = this.#morePieces ? this.#piece + this.#morePieces.join('') : this.#piece;
    this.#piece = '';
    this.#morePieces = undefined;
    return value;
  }

  /** A whole unquoted line, split at the delimiters. */
  #split(text: string, start: number, end: number, line: number): void {
    const fields: string[] = (this.#fields = []);
    for (let p = start; ; ) {
      const d = this.#next.delimiter(p);
      if (d < 0 || d >= end) {
        fields.push(text.slice(p, end));
        break;
      }
      fields.push(text.slice(p, d));
      p = d + 1;
    }
    this.#handlers.record(fields, line);
  }

  /**
   * Reads from `p` in the general way (quotes, or a record cut by a chunk's end) until the
   * record ends or the text does; returns where it stopped. Each character once.
   */
  #step(text: string, p: number, delim: number): number {
    const n = text.length;
    const start = p;
    const next = this.#next;
    for (;;) {
      if (p >= n) return this.#counted(start, p);
      switch (this.#state) {
        case State.Field:
          if (text.charCodeAt(p) === QUOTE) {
            this.#state = State.Quoted;
            this.#strayReported = false;
            p++;
          } else this.#state = State.Plain;
          continue;
        case State.Plain: {
          const lf = next.lf(p);
          let e = next.delimiter(p);
          if (e < 0 || (lf >= 0 && lf < e)) e = lf;
          if (e < 0) {
            this.#add(text.slice(p));
            return this.#counted(start, n);
          }
          const c = text.charCodeAt(e);
          if (c === delim) {
            this.#fields.push(this.#value(text.slice(p, e)));
            this.#state = State.Field;
            p = e + 1;
            continue;
          }
          // The line feed: a CR before it belongs to the line break (it may have come in the last chunk).
          let value = this.#value(text.slice(p, e));
          if (value.charCodeAt(value.length - 1) === CR) value = value.slice(0, -1);
          this.#fields.push(value);
          p = e + 1;
          this.#line++;
          if (!this.#counted(start, p, true)) return n;
          this.#emit();
          return p;
        }
        case State.Quoted: {
          const q = next.quote(p);
          const to = q < 0 ? n : q;
          for (let k = next.lf(p); k >= 0 && k < to; k = next.lf(k + 1)) this.#line++;
          this.#add(text.slice(p, to));
          if (q < 0) return this.#counted(start, n);
          this.#state = State.QuoteSeen;
          p = q + 1;
          continue;
        }
        case State.QuoteSeen:
          if (text.charCodeAt(p) === QUOTE) {
            this.#add('"');
            this.#state = State.Quoted;
            p++;
          } else this.#state = State.Closed;
          continue;
        case State.Closed: {
          const c = text.charCodeAt(p);
          if (c === delim) {
            this.#endField();
            p++;
            continue;
          }
          if (c === LF) {
            this.#fields.push(this.#value());
            p++;
            this.#line++;
            if (!this.#counted(start, p, true)) return n;
            this.#emit();
            return p;
          }
          // Anything but a CR right before the line feed is stray text, kept in the field and reported once.
          if (c !== CR || (p + 1 < n && text.charCodeAt(p + 1) !== LF)) {
            if (!this.#strayReported) {
              this.#handlers.problem({ line: this.#line, column: this.#fields.length + 1, message: 'text after the closing quote of a quoted field' });
              this.#strayReported = true;
            }
            this.#add(text[p]!);
          }
          p++;
          continue;
        }
        default:
          return n;
      }
    }
  }

  #endField(): void {
    this.#fields.push(this.#value());
    this.#state = State.Field;
  }

  /**
   * Counts `to - from` characters into the record under way; false (and reading stopped)
   * when that makes it longer than the limit. `done`: the record ends here.
   */
  #counted(from: number, to: number): number;
  #counted(from: number, to: number, done: true): boolean;
  #counted(from: number, to: number, done?: true): number | boolean {
    this.#recordLength += to - from;
    if (this.#recordLength > this.#maxRecordLength) {
      this.#tooLong();
      return done ? false : to;
    }
    return done ? true : to;
  }

  #tooLong(): void {
    this.#state = State.Stopped;
    this.#piece = '';
    this.#morePieces = undefined;
    this.#fields = [];
    this.#handlers.problem({ line: this.#recordLine, column: 1, message: `the record is longer than ${this.#maxRecordLength.toLocaleString('en')} characters; nothing after it was read`, fatal: true });
  }

  #emit(): void {
    this.#state = State.Record;
    const fields = this.#fields;
    if (!(fields.length === 1 && fields[0] === '')) this.#handlers.record(fields, this.#recordLine);
  }
}

/**
 * The next occurrence at or after a position of each character the reader looks
 * for, in one chunk. Positions only move forward, so each search starts where the
 * last one found its character: the chunk is searched once per character in all,
 * however its lines and fields are cut (a search from every field to the chunk's
 * end made a file without that character quadratic).
 */
class NextIndex {
  #lf = -2;
  #quote = -2;
  #delimiter = -2;

  constructor(
    readonly text: string,
    readonly delimiterChar: string,
  ) {}

  lf(from: number): number {
    if (this.#lf !== -1 && this.#lf < from) this.#lf = this.text.indexOf('\n', from);
    return this.#lf;
  }

  quote(from: number): number {
    if (this.#quote !== -1 && this.#quote < from) this.#quote = this.text.indexOf('"', from);
    return this.#quote;
  }

  delimiter(from: number): number {
    if (this.#delimiter !== -1 && this.#delimiter < from) this.#delimiter = this.text.indexOf(this.delimiterChar, from);
    return this.#delimiter;
  }
}
