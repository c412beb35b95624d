import { describe, expect, it } from 'vitest';
import { RC_ITEMS } from '../src/schemas/rc.js';
import { readRcSurvey, RcSurveyReader } from '../src/rc/survey.js';

const HEADER = `respondent,group,target,${RC_ITEMS.join(',')}`;

describe('readRcSurvey', () => {
  it('reads columns in any order and case, ignoring extra columns', () => {
    const text = `Mutual_Respect;TARGET;shared_knowledge;Shared_Goals;problem_solving;accurate;timely;frequent;Group;respondent;comment\r\n5;Sundhed;4;;3;2;1;5;"Børn; unge";r1;x\r\n`;
    const s = readRcSurvey(text);
    expect(s.problems).toEqual([]);
    expect(s.table.size).toBe(1);
    expect(s.table.groups).toEqual(['Børn; unge', 'Sundhed']);
    expect(Array.from(s.table.items)).toEqual([5, 1, 2, 3, 0, 4, 5]);
    expect(s.hasWaves).toBe(false);
  });

  it.each([
    ['0', 4],
    ['6', 4],
    ['3.5', 4],
    ['x', 4],
    ['-1', 4],
    ['03', 4],
  ])('refuses the item value %s with its line and column', (value, column) => {
    const s = readRcSurvey(`${HEADER}\nr1,A,B,3,3,3,3,3,3,3\nr2,A,B,${value},3,3,3,3,3,3\n`);
    expect(s.problemCount).toBe(1);
    expect(s.problems[0]).toEqual({ line: 3, column, columnName: 'frequent', message: `${JSON.stringify(value)} is not an integer from 1 to 5 (or empty)` });
  });

  it('accepts empty items and items with surrounding spaces', () => {
    const s = readRcSurvey(`${HEADER}\nr1,A,B, 3 ,,5,,,,1\n`);
    expect(s.problems).toEqual([]);
    expect(Array.from(s.table.items)).toEqual([3, 0, 5, 0, 0, 0, 1]);
  });

  it('names every missing required column and reads no rows', () => {
    const s = readRcSurvey('respondent,group,frequent\nr1,A,3\n');
    expect(s.problemCount).toBe(7); // target and six items
    expect(s.problems[0]).toEqual({ line: 1, column: null, columnName: 'target', message: 'the required column "target" is missing' });
    expect(s.table.size).toBe(0);
  });

  it('refuses empty respondent, group or target', () => {
    const s = readRcSurvey(`${HEADER}\n,A,B,3,3,3,3,3,3,3\nr2, ,B,3,3,3,3,3,3,3\nr3,A,,3,3,3,3,3,3,3\n`);
    expect(s.problems.map((p) => [p.line, p.column, p.columnName, p.message])).toEqual([
      [2, 1, 'respondent', 'is empty'],
      [3, 2, 'group', 'is empty'],
      [4, 3, 'target', 'is empty'],
    ]);
  });

  it('refuses a respondent rating the same target twice in a wave, naming the first line', () => {
    const text = `wave,${HEADER}\nW1,r1,A,B,3,3,3,3,3,3,3\nW2,r1,A,B,3,3,3,3,3,3,3\nW1,r1,A,"multi\nline",3,3,3,3,3,3,3\nW1,r1,A,B,4,4,4,4,4,4,4\n`;
    const s = readRcSurvey(text);
    expect(s.problemCount).toBe(1);
    expect(s.problems[0]).toEqual({
      line: 6,
      column: 4,
      columnName: 'target',
      message: 'respondent "r1" rates "B" more than once in wave "W1" (first on line 2)',
    });
  });

  it('counts every problem but keeps the first ones in file order', () => {
    const rows = Array.from({ length: 150 }, (_, i) => `r${i},A,B,9,3,3,3,3,3,x`).join('\n');
    const s = readRcSurvey(`${HEADER}\n${rows}\n`);
    expect(s.problemCount).toBe(300);
    expect(s.problems).toHaveLength(100);
    expect(s.problems[0]!.line).toBe(2);
    expect(s.problems[1]).toMatchObject({ line: 2, column: 10 });
  });

  it('refuses a row with the wrong number of fields and an empty file', () => {
    const s = readRcSurvey(`${HEADER}\nr1,A,B,3,3,3\n`);
    expect(s.problems[0]).toMatchObject({ line: 2, message: 'expected 10 fields, found 6' });
    expect(readRcSurvey('').problems[0]).toMatchObject({ line: 1, message: 'the file is empty; a header row is required' });
  });

  it('reads plain lines (the fast path) and quoted ones (the general path) alike', () => {
    const rows = [
      ['r1', 'Jobcenter', 'Familie', '1', '2', '3', '4', '5', '', '1'],
      ['r2', ' Familie ', 'Jobcenter', '5', '', '', '', '', '', '4'],
      ['r3', 'Sundhed', 'Sundhed', '3', '3', '3', '3', '3', '3', '3'],
    ];
    const plain = readRcSurvey(`${HEADER}\n${rows.map((r) => r.join(',')).join('\n')}\n`);
    const quoted = readRcSurvey(`${HEADER}\n${rows.map((r) => r.map((f) => `"${f}"`).join(',')).join('\n')}\n`);
    expect(plain.problems).toEqual([]);
    expect(quoted.problems).toEqual([]);
    expect(plain.table.groups).toEqual(['Jobcenter', 'Familie', 'Sundhed']);
    expect(quoted.table.groups).toEqual(plain.table.groups);
    expect(Array.from(quoted.table.items)).toEqual(Array.from(plain.table.items));
    expect(Array.from(quoted.table.target)).toEqual(Array.from(plain.table.target));
    expect(plain.table.respondentCount).toBe(3);
  });

  it('gives the same table when fed in pieces', () => {
    const text = `${HEADER}\r\n${Array.from({ length: 50 }, (_, i) => `"r${i}",Jobcenter,"Ældre, pleje",1,2,3,4,5,,1`).join('\r\n')}`;
    const whole = readRcSurvey(text).table;
    const reader = new RcSurveyReader();
    for (let i = 0; i < text.length; i += 7) reader.push(text.slice(i, i + 7));
    const pieces = reader.end().table;
    expect(pieces.size).toBe(50);
    expect(Array.from(pieces.items)).toEqual(Array.from(whole.items));
    expect(pieces.groups).toEqual(whole.groups);
  });
});

describe('names a survey cannot hold', () => {
  it('refuses a NUL character in a name, with its line and column', () => {
    const r = readRcSurvey('respondent,group,target,frequent,timely,accurate,problem_solving,shared_goals,shared_knowledge,mutual_respect\nr1,A\u0000B,C,3,3,3,3,3,3,3\n');
    expect(r.problems).toEqual([{ line: 2, column: 2, columnName: 'group', message: 'holds a NUL character' }]);
  });
});
