import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LINEAR_RATIO, memo, scaling, scalingMessage, timed } from './scaling.js';
import { CsvReader, detectDelimiter, type CsvDelimiter, type CsvProblem } from '../src/rc/csv.js';

function read(chunks: string[], delimiter?: CsvDelimiter) {
  const records: { fields: string[]; line: number }[] = [];
  const problems: CsvProblem[] = [];
  const reader = new CsvReader({ record: (fields, line) => records.push({ fields: [...fields], line }), problem: (p) => problems.push(p) }, delimiter);
  for (const c of chunks) reader.push(c);
  reader.end();
  return { records, problems, delimiter: reader.delimiter };
}

describe('CsvReader', () => {
  it('reads quoted fields holding the delimiter, quotes and line breaks', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","two\r\nlines"\r\nplain,,last\r\n';
    const { records, problems } = read([text]);
    expect(problems).toEqual([]);
    expect(records).toEqual([
      { fields: ['a', 'b', 'c'], line: 1 },
      { fields: ['x, y', 'say "hi"', 'two\r\nlines'], line: 2 },
      { fields: ['plain', '', 'last'], line: 4 },
    ]);
  });

  it('detects the semicolon from the header and strips the byte-order mark', () => {
    const { records, delimiter } = read(['\uFEFFrespondent;group;"a,b"\nr1;Børn og unge;"Ældre; pleje"\n']);
    expect(delimiter).toBe(';');
    expect(records.map((r) => r.fields)).toEqual([
      ['respondent', 'group', 'a,b'],
      ['r1', 'Børn og unge', 'Ældre; pleje'],
    ]);
  });

  it('prefers the comma when the header has as many commas as semicolons', () => {
    expect(detectDelimiter('a,b;c')).toBe(',');
    expect(detectDelimiter('a;b;c,d')).toBe(';');
    expect(detectDelimiter('"a;b";"c;d",e')).toBe(',');
  });

  it('skips blank lines but counts them in line numbers', () => {
    const { records } = read(['h1,h2\n\nx,y\r\n\r\nz,w']);
    expect(records).toEqual([
      { fields: ['h1', 'h2'], line: 1 },
      { fields: ['x', 'y'], line: 3 },
      { fields: ['z', 'w'], line: 5 },
    ]);
  });

  it('reports an unclosed quote and text after a closing quote with their lines', () => {
    const stray = read(['a,b\n"x"y,z\n']);
    expect(stray.problems).toEqual([{ line: 2, column: 1, message: 'text after the closing quote of a quoted field' }]);
    const open = read(['a,b\nx,"never\nclosed\n']);
    expect(open.problems).toEqual([{ line: 2, column: 2, message: 'a quoted field is never closed' }]);
  });

  it('reads the same records however the text is cut into chunks (quoting, delimiters, BOM, CRLF)', () => {
    const fieldChars = fc.constantFrom('a', 'Z', '1', ' ', 'æ', 'ø', 'Å', ',', ';', '"', '\n', '\r\n', '-');
    const field = fc.array(fieldChars, { maxLength: 6 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5 }).chain((width) =>
          fc.record({
            width: fc.constant(width),
            rows: fc.array(fc.array(field, { minLength: width, maxLength: width }), { maxLength: 12 }),
            delimiter: fc.constantFrom<CsvDelimiter>(',', ';'),
            crlf: fc.boolean(),
            bom: fc.boolean(),
            trailingNewline: fc.boolean(),
            quoteAll: fc.boolean(),
            cuts: fc.array(fc.nat(), { maxLength: 6 }),
          }),
        ),
        ({ width, rows, delimiter, crlf, bom, trailingNewline, quoteAll, cuts }) => {
          const header = Array.from({ length: width }, (_, i) => `col${i}`);
          const eol = crlf ? '\r\n' : '\n';
          const needsQuotes = (f: string) => quoteAll || /[",;\r\n]/.test(f) || f === '';
          const encode = (f: string) => (needsQuotes(f) ? `"${f.replaceAll('"', '""')}"` : f);
          const all = [header, ...rows];
          const text = (bom ? '\uFEFF' : '') + all.map((r) => r.map(encode).join(delimiter)).join(eol) + (trailingNewline ? eol : '');
          const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const chunks: string[] = [];
          let last = 0;
          for (const p of points) {
            chunks.push(text.slice(last, p));
            last = p;
          }
          chunks.push(text.slice(last));
          const { records, problems, delimiter: detected } = read(chunks);
          expect(problems).toEqual([]);
          expect(detected).toBe(delimiter);
          expect(records.map((r) => r.fields)).toEqual(all);
          // Each record starts on the line after the line breaks before it.
          let line = 1;
          all.forEach((r, i) => {
            expect(records[i]!.line).toBe(line);
            line += r.join('').split('\n').length - 1 + 1;
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('CsvReader is linear in its input', () => {
  /**
   * The best wall time of each run over a few rounds, in this process: the least disturbed by GC and
   * neighbours (only ratios are compared). The runs are taken in turn, so a busy spell slows them alike.
   */
  const bestOf = (runs: (() => void)[], rounds = 7): number[] => {
    const best = runs.map(() => Infinity);
    for (let i = 0; i < rounds; i++)
      runs.forEach((run, k) => {
        const t = performance.now();
        run();
        best[k] = Math.min(best[k]!, performance.now() - t);
      });
    return best;
  };
  const feed = (text: string, size: number, options: { maxRecordLength?: number } = {}) => {
    let records = 0;
    const problems: CsvProblem[] = [];
    const reader = new CsvReader({ record: () => void records++, problem: (p) => problems.push(p) }, undefined, options);
    for (let i = 0; i < text.length; i += size) reader.push(text.slice(i, i + size));
    reader.end();
    return { records, problems };
  };
  const survey = (name: (g: number) => string, rows: number) => {
    const lines = ['respondent,group,target,a,b,c,d,e,f,g'];
    for (let i = 0; i < rows; i++) lines.push(`R${i >> 5},${name(i % 32)},${name((i >> 5) % 32)},${i % 5 + 1},,3,4,5,1,2`);
    return lines.join('\n') + '\n';
  };

  it('reads a file the same in chunks of 1 character as whole, quotes and line breaks included', () => {
    const text = 'h1;h2;h3\r\n"a;b";"say ""hi""";"two\nlines"\r\nplain;;last\n"x"y;z;w\n"open';
    const whole = read([text]);
    const bytes = read([...text]);
    expect(bytes).toEqual(whole);
    expect(whole.records.map((r) => r.fields)).toEqual([['h1', 'h2', 'h3'], ['a;b', 'say "hi"', 'two\nlines'], ['plain', '', 'last'], ['xy', 'z', 'w']]);
    expect(whole.problems.map((p) => p.message)).toEqual(['text after the closing quote of a quoted field', 'a quoted field is never closed']);
  });

  it('costs about the same per megabyte for ASCII names and Danish letters, and for small and large chunks', { timeout: 60_000 }, () => {
    const ascii = survey((g) => `Gruppe ${String(g).padStart(2, '0')}`, 60_000);
    const danish = survey((g) => `Grøppe ${String(g).padStart(2, '0')}`, 60_000);
    expect(ascii.length).toBe(danish.length);
    feed(ascii, 65536); // warm up
    const [a, d] = bestOf([() => feed(ascii, 65536), () => feed(danish, 65536)]).map((t, k) => t / [ascii, danish][k]!.length) as [number, number];
    expect(Math.max(a, d) / Math.min(a, d)).toBeLessThan(2);
    const [small, large, huge] = bestOf([() => feed(ascii, 65536), () => feed(ascii, 1 << 20), () => feed(ascii, 16 << 20)]) as [number, number, number];
    expect(large / small).toBeLessThan(2);
    expect(huge / small).toBeLessThan(2);
  });

  // Sizes past the processor's caches at n already, so 8n costs no more per byte for that.
  it('reads quotes everywhere (the general way) in linear time, in any chunk size', { timeout: 60_000 }, async () => {
    const lines = memo((n) => survey((g) => `"Gruppe ${g}, Æblegård"`, n));
    for (const size of [4096, Infinity]) {
      const s = await scaling(timed((n) => feed(lines(n), size)), 30_000, 3);
      expect(s.ratio, scalingMessage(`quoted, chunks of ${size}`, s)).toBeLessThan(LINEAR_RATIO);
    }
    // A field without the delimiter after it searched to the chunk's end for one.
    const undelimited = memo((n) => `h\n${'a"b\n'.repeat(n)}`);
    const s = await scaling(timed((n) => feed(undelimited(n), Infinity)), 200_000, 3);
    expect(s.ratio, scalingMessage('no delimiters, one chunk', s)).toBeLessThan(LINEAR_RATIO);
  });

  it('reads a very long line in linear time, and refuses one past the limit as soon as it is seen', { timeout: 60_000 }, async () => {
    const longLine = (n: number) => `h1,h2\n${'x'.repeat(n)},y\nr,s\n`;
    const unlimited = { maxRecordLength: 64 << 20 };
    const line = memo(longLine);
    const whole = await scaling(timed((n) => feed(line(n), 65536, unlimited)), 4 << 20, 3);
    expect(whole.ratio, scalingMessage('a long line', whole)).toBeLessThan(LINEAR_RATIO);
    // One character at a time too: a record cut by every chunk is never read again.
    const bytes = await scaling(timed((n) => feed(line(n), 1, unlimited)), 1 << 16, 3);
    expect(bytes.ratio, scalingMessage('a long line a character at a time', bytes)).toBeLessThan(LINEAR_RATIO);
    const refused = feed(longLine(3 << 20), 65536);
    expect(refused.problems).toEqual([{ line: 2, column: 1, message: 'the record is longer than 1,048,576 characters; nothing after it was read', fatal: true }]);
    expect(refused.records).toBe(1); // the header; nothing after the long record
    expect(feed(longLine(3 << 20), 3 << 20).problems[0]?.line).toBe(2);
  });
});
