import { describe, expect, it } from 'vitest';
import { RC_ITEMS } from '../src/schemas/rc.js';
import { readRcSurvey, RcSurveyReader } from '../src/rc/survey.js';
import { LINEAR_RATIO, memo, scaling, scalingMessage, timed } from './scaling.js';

/** Survey exports of three shapes, `rows` ratings each: 40 groups, about 3 % empty items. */
const SHAPES = {
  ascii: { name: (g: number) => `Gruppe ${String(g).padStart(2, '0')}`, eol: '\n' },
  quoted: { name: (g: number) => `"Gruppe ${g}, ""øst"""`, eol: '\r\n' },
  danish: { name: (g: number) => `Grøppe ${g} Æblegård`, eol: '\r\n' },
} as const;

function survey(shape: keyof typeof SHAPES, rows: number): string {
  const { name, eol } = SHAPES[shape];
  const lines = [`respondent,group,target,${RC_ITEMS.join(',')}`];
  for (let i = 0; i < rows; i++) {
    const r = Math.floor(i / 40);
    const items = RC_ITEMS.map((_, j) => ((i * 7 + j * 3) % 33 === 0 ? '' : String(1 + ((i + j) % 5))));
    lines.push(`R${r},${name(r % 40)},${name(i % 40)},${items.join(',')}`);
  }
  return lines.join(eol) + eol;
}

function read(text: string, chunk: number): number {
  const reader = new RcSurveyReader();
  for (let i = 0; i < text.length; i += chunk) reader.push(text.slice(i, i + chunk));
  const s = reader.end();
  if (s.problemCount) throw new Error(`${s.problemCount} problems: ${s.problems[0]?.message}`);
  return s.table.size;
}

// The import issue's regression searched for a NUL from each line to the end of its
// chunk: quadratic in the chunk, so it showed only where a chunk holds many lines.
// Hence the whole file as one chunk (n against 8n), and the cost per byte compared
// across the chunk sizes the CLI and the upload route read with.
describe.each(Object.keys(SHAPES) as (keyof typeof SHAPES)[])('the survey reader on %s lines is linear', (shape) => {
  const text = memo((rows) => survey(shape, rows));

  // n is past the processor's caches already, so 8n costs no more per byte for that.
  it('in the number of rows, read as one chunk', { timeout: 120_000 }, async () => {
    const s = await scaling(
      timed((n) => expect(readRcSurvey(text(n)).table.size).toBe(n)),
      40_000,
      3,
    );
    expect(s.ratio, scalingMessage(`readRcSurvey, ${shape}`, s)).toBeLessThan(LINEAR_RATIO);
  });

  it('at any chunk size from 16 KiB to the whole file', { timeout: 120_000 }, () => {
    const big = text(96_000);
    const best = (chunk: number) => {
      let t = Infinity;
      for (let i = 0; i < 3; i++) {
        const start = performance.now();
        expect(read(big, chunk)).toBe(96_000);
        t = Math.min(t, performance.now() - start);
      }
      return t;
    };
    best(1 << 16); // warm up
    const times = [1 << 14, 1 << 20, big.length].map(best);
    const [fastest, slowest] = [Math.min(...times), Math.max(...times)];
    // A cost that grows with the chunk (a search to its end per line) is 64× from 16 KiB to 1 MiB.
    expect(slowest / fastest, `per chunk size 16 KiB, 1 MiB, whole: ${times.map((t) => t.toFixed(1)).join(', ')} ms`).toBeLessThan(3);
  });
});

describe('the survey reader checks names without losing its speed', () => {
  const HEADER = `respondent,group,target,${RC_ITEMS.join(',')}`;
  it.each([
    ['a CPR number', '010190-1234'],
    ['a CPR number without a hyphen', '0101901234'],
    ['a CPR number in Arabic-Indic digits', '٠١٠١٩٠-١٢٣٤'],
    ['a CPR number in full-width digits', '０１０１９０-１２３４'],
  ])('refuses %s as a group, naming the line and column but not the number', (_, cpr) => {
    const s = readRcSurvey(`${HEADER}\nr1,A,B,3,3,3,3,3,3,3\nr2,${cpr},B,3,3,3,3,3,3,3\n`);
    expect(s.problems).toEqual([{ line: 3, column: 2, columnName: 'group', message: 'must not contain a CPR number' }]);
    expect(s.table.groups).toEqual(['A', 'B']);
  });

  it('refuses a NUL in a name', () => {
    const s = readRcSurvey(`${HEADER}\nr\u00001,A,B,3,3,3,3,3,3,3\n`);
    expect(s.problems).toEqual([{ line: 2, column: 1, columnName: 'respondent', message: 'holds a NUL character' }]);
  });

  it('keeps ordinary names with digits, spaces and Danish letters', () => {
    const s = readRcSurvey(`${HEADER}\nR123456789, Gruppe 12 øst ,Æblegård 2026,3,3,3,3,3,3,3\n`);
    expect(s.problems).toEqual([]);
    expect(s.table.groups).toEqual(['Gruppe 12 øst', 'Æblegård 2026']);
  });

  it('quotes at most a short excerpt of a refused cell, its CPR number masked', () => {
    const huge = 'x'.repeat(100_000);
    const s = readRcSurvey(`${HEADER}\nr1,A,B,${huge},3,3,3,3,3,3\nr2,A,B,010190-1234,3,3,3,3,3,3\n,A,B,3,3,3,3,3,3,3\n`);
    expect(s.problems.map((p) => p.message)).toEqual([
      `"${'x'.repeat(16)}…" is not an integer from 1 to 5 (or empty)`,
      '"######-####" is not an integer from 1 to 5 (or empty)',
      'is empty',
    ]);
    const header = readRcSurvey(`${HEADER},${'y'.repeat(5000)},${'y'.repeat(5000)}\n`);
    expect(JSON.stringify(header.problems).length).toBeLessThan(200);
  });
});
