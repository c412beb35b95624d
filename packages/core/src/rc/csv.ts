/**
 * A streaming RFC 4180 reader for files as survey tools and Excel export them:
 * `,` or `;` (detected from the header line), optional byte-order mark, LF or
 * CRLF, quoted fields that may hold the delimiter, quotes ("") and line breaks.
 * Pure: the caller feeds decoded text chunks; blank lines are skipped.
 */

export interface CsvProblem {
  /** 1-based physical line of the problem. */
  line: number;
  /** 1-based field number. */
  column: number;
  message: string;
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

/** The position of the next delimiter or line feed at or after `p` (the text's length if none). */
function fieldEnd(text: string, p: number, delim: number): number {
  const n = text.length;
  while (p < n) {
    const c = text.charCodeAt(p);
    if (c === delim || c === LF) return p;
    p++;
  }
  return n;
}

export class CsvReader {
  #text = '';
  #line = 1;
  #delimiter: number | undefined;
  #started = false;
  readonly #fields: string[] = [];
  readonly #handlers: CsvHandlers;

  constructor(handlers: CsvHandlers, delimiter?: CsvDelimiter) {
    this.#handlers = handlers;
    if (delimiter) this.#delimiter = delimiter.charCodeAt(0);
  }

  get delimiter(): CsvDelimiter | undefined {
    return this.#delimiter === undefined ? undefined : (String.fromCharCode(this.#delimiter) as CsvDelimiter);
  }

  push(chunk: string): void {
    if (!this.#started) {
      if (chunk.length === 0) return;
      this.#started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    this.#text = this.#text.length ? this.#text + chunk : chunk;
    if (this.#delimiter === undefined) {
      const eol = this.#text.indexOf('\n');
      if (eol < 0) return; // wait for the whole header line
      this.#delimiter = detectDelimiter(this.#text.slice(0, eol)).charCodeAt(0);
    }
    const consumed = this.#scan(false);
    this.#text = this.#text.slice(consumed);
  }

  end(): void {
    if (this.#delimiter === undefined) this.#delimiter = detectDelimiter(this.#text).charCodeAt(0);
    this.#scan(true);
    this.#text = '';
  }

  /** Reads whole records; returns how much text they used. At the end, the last record needs no line break. */
  #scan(atEnd: boolean): number {
    const text = this.#text;
    const n = text.length;
    const delim = this.#delimiter!;
    const fields = this.#fields;
    const { record, problem } = this.#handlers;
    const delimChar = String.fromCharCode(delim);
    let nextQuote = text.indexOf('"');
    let pos = 0;

    records: while (pos < n) {
      // Fast path: a whole line without quotes, split with the native indexOf.
      const eol = text.indexOf('\n', pos);
      if (nextQuote !== -1 && nextQuote < pos) nextQuote = text.indexOf('"', pos);
      if (eol >= 0 && (nextQuote === -1 || nextQuote > eol)) {
        const end = eol > pos && text.charCodeAt(eol - 1) === CR ? eol - 1 : eol;
        if (end > pos && this.#handlers.line?.(text, pos, end, this.#line, delim)) {
          this.#line++;
          pos = eol + 1;
          continue;
        }
        fields.length = 0;
        for (let p = pos; ; ) {
          const d = text.indexOf(delimChar, p);
          if (d < 0 || d >= end) {
            fields.push(text.slice(p, end));
            break;
          }
          fields.push(text.slice(p, d));
          p = d + 1;
        }
        const line = this.#line++;
        pos = eol + 1;
        if (!(fields.length === 1 && fields[0] === '')) record(fields, line);
        continue;
      }
      const startLine = this.#line;
      let line = startLine;
      let p = pos;
      fields.length = 0;
      for (;;) {
        // One field starts at p.
        if (p < n && text.charCodeAt(p) === QUOTE) {
          let value = '';
          let from = p + 1;
          let q = from;
          for (;;) {
            q = text.indexOf('"', q);
            if (q < 0) {
              if (!atEnd) break records;
              problem({ line: startLine, column: fields.length + 1, message: 'a quoted field is never closed' });
              for (let k = from; k < n; k++) if (text.charCodeAt(k) === LF) line++;
              this.#line = line;
              return n;
            }
            if (q + 1 < n && text.charCodeAt(q + 1) === QUOTE) {
              value += text.slice(from, q + 1);
              q += 2;
              from = q;
              continue;
            }
            if (q + 1 >= n && !atEnd) break records; // the next chunk may start with a quote
            break;
          }
          value += text.slice(from, q);
          for (let k = p; k < q; k++) if (text.charCodeAt(k) === LF) line++;
          p = q + 1;
          // After the closing quote comes the delimiter or the line end; anything else is stray text.
          const e = fieldEnd(text, p, delim);
          if (e >= n && !atEnd) break records;
          const strayEnd = e > p && text.charCodeAt(e - 1) === CR ? e - 1 : e;
          if (strayEnd > p) {
            problem({ line, column: fields.length + 1, message: 'text after the closing quote of a quoted field' });
            value += text.slice(p, strayEnd);
          }
          fields.push(value);
          p = e;
        } else {
          const e = fieldEnd(text, p, delim);
          if (e >= n && !atEnd) break records;
          fields.push(text.slice(p, e > p && text.charCodeAt(e - 1) === CR ? e - 1 : e));
          p = e;
        }
        // Now at a delimiter, a line end or the end of the text.
        if (p < n && text.charCodeAt(p) === delim) {
          p++;
          continue;
        }
        if (p < n) {
          p++; // the line feed
          line++;
        } else if (!atEnd) break records;
        break;
      }
      this.#line = line;
      pos = p;
      if (!(fields.length === 1 && fields[0] === '')) record(fields, startLine);
    }
    return pos;
  }
}
