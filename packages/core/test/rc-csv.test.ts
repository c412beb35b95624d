import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
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
