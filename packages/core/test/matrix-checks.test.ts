import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { checkMatrix, DEFAULT_ACCOUNTABLE_LIMIT } from '../src/checks/matrix.js';
import type { Finding } from '../src/findings.js';
import { ResponsibilityMatrix } from '../src/schemas/matrix.js';

type MatrixInput = z.input<typeof ResponsibilityMatrix>;
type RowInput = MatrixInput['rows'][number];

const columns: MatrixInput['columns'] = [
  { id: 'koord', kind: 'person', label: 'Plankoordinator' },
  { id: 'raadgiver', kind: 'person', label: 'Familierådgiver' },
  { id: 'jobcenter', kind: 'department', label: 'Jobcenter' },
];

/** A row with one Accountable and one Responsible unless told otherwise. */
function row(id: string, cells: RowInput['cells'] = { koord: 'A', raadgiver: 'R' }, label = `Opgave ${id}`): RowInput {
  return { id, kind: 'task', label, cells };
}

/** A healthy matrix: coordinator takes part and disagreements have a rule. */
function matrix(over: Partial<MatrixInput> = {}) {
  return ResponsibilityMatrix.parse({
    coordinator: 'koord',
    columns,
    rows: [row('r1')],
    disagreement: { rule: 'Løftes til fælles ledermøde.', decidedBy: 'jobcenter' },
    ...over,
  });
}

const ofCode = (findings: Finding[], code: string) => findings.filter((f) => f.code === code);

describe('checkMatrix: each row', () => {
  it('finds nothing wrong with a healthy matrix', () => {
    expect(checkMatrix(matrix())).toEqual([]);
  });

  it('reports a row without an Accountable', () => {
    const found = checkMatrix(matrix({ rows: [row('r1'), row('r2', { koord: 'R', raadgiver: 'C' }, 'Indkalde til møde')] }));
    expect(found).toEqual([
      {
        code: 'matrix.no-accountable',
        severity: 'error',
        message: {
          da: 'Ingen har ansvaret (A) for »Indkalde til møde«: sagen risikerer at falde mellem to stole.',
          en: 'Nobody is accountable (A) for “Indkalde til møde”: the case risks falling between two chairs.',
        },
        path: 'rows[1].cells',
        subject: 'r2',
      },
    ]);
  });

  it('reports a row with more than one Accountable, naming them', () => {
    const found = checkMatrix(matrix({ rows: [row('r1', { koord: 'A', jobcenter: 'A', raadgiver: 'R' }, 'Netværksmøde')] }));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      code: 'matrix.multiple-accountable',
      severity: 'error',
      path: 'rows[0].cells',
      subject: 'r1',
      data: { columns: ['koord', 'jobcenter'] },
      message: {
        da: '»Netværksmøde« har mere end én ansvarlig (A): »Plankoordinator« og »Jobcenter«. Der skal være præcis én.',
        en: '“Netværksmøde” has more than one accountable (A): “Plankoordinator” and “Jobcenter”. There must be exactly one.',
      },
    });
  });

  it('warns about a row without a Responsible', () => {
    const found = checkMatrix(matrix({ rows: [row('r1'), row('r2', { koord: 'A', raadgiver: 'C' }, 'Holde planen opdateret')] }));
    expect(found).toEqual([
      {
        code: 'matrix.no-responsible',
        severity: 'warning',
        message: {
          da: 'Ingen udfører (R) »Holde planen opdateret«.',
          en: 'Nobody is responsible (R) for carrying out “Holde planen opdateret”.',
        },
        path: 'rows[1].cells',
        subject: 'r2',
      },
    ]);
  });

  it('reports an entry in an unknown column, which then does not count', () => {
    const found = checkMatrix(matrix({ rows: [row('r1', { ghost: 'A', koord: 'R' }, 'Opgave')] }));
    expect(found.map((f) => f.code)).toEqual(['matrix.unknown-column', 'matrix.no-accountable']);
    expect(found[0]).toMatchObject({
      severity: 'error',
      path: 'rows[0].cells.ghost',
      subject: 'r1',
      data: { column: 'ghost' },
      message: {
        da: 'Rækken »Opgave« har en markering i en kolonne, der ikke findes: ghost.',
        en: 'The row “Opgave” has an entry in a column that does not exist: ghost.',
      },
    });
  });

  it('reports ids used twice, for columns and rows', () => {
    const found = checkMatrix(
      matrix({
        columns: [...columns, { id: 'raadgiver', kind: 'person', label: 'Anden rådgiver' }],
        rows: [row('r1'), row('r2'), row('r1')],
      }),
    );
    expect(ofCode(found, 'matrix.duplicate-id')).toEqual([
      {
        code: 'matrix.duplicate-id',
        severity: 'error',
        message: { da: "Id'et raadgiver er brugt mere end én gang.", en: 'The id raadgiver is used more than once.' },
        path: 'columns[3].id',
        subject: 'raadgiver',
      },
      {
        code: 'matrix.duplicate-id',
        severity: 'error',
        message: { da: "Id'et r1 er brugt mere end én gang.", en: 'The id r1 is used more than once.' },
        path: 'rows[2].id',
        subject: 'r1',
      },
    ]);
    expect(found).toHaveLength(2);
  });
});

describe('checkMatrix: accountable overload', () => {
  /** `n` rows with `accountable` as A, someone else as R, and the coordinator taking part. */
  const rows = (n: number, accountable: string) => {
    const cells: RowInput['cells'] = { koord: 'C', raadgiver: 'R', [accountable]: 'A' };
    if (accountable === 'raadgiver') cells.jobcenter = 'R';
    return Array.from({ length: n }, (_, i) => row(`r${i + 1}`, cells));
  };

  it(`allows ${DEFAULT_ACCOUNTABLE_LIMIT} rows per person by default and warns at the sixth`, () => {
    expect(DEFAULT_ACCOUNTABLE_LIMIT).toBe(5);
    expect(ofCode(checkMatrix(matrix({ rows: rows(5, 'koord') })), 'matrix.accountable-overload')).toEqual([]);

    const found = checkMatrix(matrix({ rows: rows(6, 'koord') }));
    expect(found).toEqual([
      {
        code: 'matrix.accountable-overload',
        severity: 'warning',
        message: {
          da: '»Plankoordinator« har ansvaret (A) for 6 rækker; grænsen er 5.',
          en: '“Plankoordinator” is accountable (A) on 6 rows; the limit is 5.',
        },
        path: 'columns[0]',
        subject: 'koord',
        data: { rows: ['r1', 'r2', 'r3', 'r4', 'r5', 'r6'], limit: 5 },
      },
    ]);
  });

  it('takes a custom limit', () => {
    expect(checkMatrix(matrix({ rows: rows(2, 'raadgiver') }), { accountableLimit: 2 })).toEqual([]);
    const found = checkMatrix(matrix({ rows: rows(3, 'raadgiver') }), { accountableLimit: 2 });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      code: 'matrix.accountable-overload',
      path: 'columns[1]',
      subject: 'raadgiver',
      data: { rows: ['r1', 'r2', 'r3'], limit: 2 },
    });
    expect(found[0]!.message.en).toBe('“Familierådgiver” is accountable (A) on 3 rows; the limit is 2.');
  });

  it('counts only person columns', () => {
    const found = checkMatrix(matrix({ rows: rows(8, 'jobcenter') }), { accountableLimit: 1 });
    expect(ofCode(found, 'matrix.accountable-overload')).toEqual([]);
    expect(found).toEqual([]);
  });
});

describe('checkMatrix: coordinator', () => {
  it('warns when no coordinator is named', () => {
    const found = checkMatrix(matrix({ coordinator: undefined }));
    expect(found).toEqual([
      {
        code: 'matrix.coordinator-missing',
        severity: 'warning',
        message: {
          da: 'Samarbejdsaftalen nævner ingen plankoordinator.',
          en: 'The collaboration agreement names no plan coordinator.',
        },
        path: 'coordinator',
      },
    ]);
    expect(found[0]).not.toHaveProperty('subject');
  });

  it('warns when the named coordinator has no column', () => {
    const found = checkMatrix(matrix({ coordinator: 'p-ukendt' }));
    expect(found).toEqual([
      {
        code: 'matrix.coordinator-missing',
        severity: 'warning',
        message: {
          da: 'Plankoordinatoren »p-ukendt« har ingen rolle i samarbejdsaftalen.',
          en: 'The plan coordinator “p-ukendt” has no part in the collaboration agreement.',
        },
        path: 'coordinator',
        subject: 'p-ukendt',
      },
    ]);
  });

  it('warns when the coordinator has a column but no entries', () => {
    const found = checkMatrix(matrix({ rows: [row('r1', { raadgiver: 'A', jobcenter: 'R' })] }));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ code: 'matrix.coordinator-missing', subject: 'koord', path: 'coordinator' });
    expect(found[0]!.message.da).toBe('Plankoordinatoren »Plankoordinator« har ingen rolle i samarbejdsaftalen.');
  });

  it('takes the coordinator from the options when the matrix names none', () => {
    const unnamed = matrix({ coordinator: undefined });
    expect(checkMatrix(unnamed, { coordinator: 'koord' })).toEqual([]);

    const found = checkMatrix(matrix({ coordinator: undefined, rows: [row('r1', { raadgiver: 'A', jobcenter: 'R' })] }), {
      coordinator: 'koord',
    });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ code: 'matrix.coordinator-missing', subject: 'koord' });
  });

  it('does not mistake an Object.prototype name for an entry (coordinator column "constructor" without cells)', () => {
    // Ids are free text; a column may well be called "constructor" or "toString".
    const found = checkMatrix(
      matrix({
        coordinator: 'constructor',
        columns: [...columns, { id: 'constructor', kind: 'person', label: 'Koordinator' }],
        rows: [row('r1', { raadgiver: 'A', jobcenter: 'R' })],
      }),
    );
    expect(found.map((f) => [f.code, f.subject])).toEqual([['matrix.coordinator-missing', 'constructor']]);
  });

  it("prefers the matrix's own coordinator over the options", () => {
    const found = checkMatrix(matrix({ coordinator: 'p-ukendt' }), { coordinator: 'koord' });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ code: 'matrix.coordinator-missing', subject: 'p-ukendt' });
  });
});

describe('checkMatrix: disagreements', () => {
  it('warns when the agreement has no rule for disagreements', () => {
    expect(checkMatrix(matrix({ disagreement: undefined }))).toEqual([
      {
        code: 'matrix.no-disagreement-rule',
        severity: 'warning',
        message: {
          da: 'Samarbejdsaftalen siger ikke, hvordan uenighed afgøres, og af hvem.',
          en: 'The collaboration agreement does not say how disagreements are settled, or by whom.',
        },
        path: 'disagreement',
      },
    ]);
  });

  it('reports a decider who is not a column', () => {
    expect(checkMatrix(matrix({ disagreement: { rule: 'Chefen afgør.', decidedBy: 'direktion' } }))).toEqual([
      {
        code: 'matrix.unknown-decider',
        severity: 'error',
        message: {
          da: 'Den, der afgør uenighed (direktion), er ikke med i samarbejdsaftalen.',
          en: 'Whoever settles disagreements (direktion) is not part of the collaboration agreement.',
        },
        path: 'disagreement.decidedBy',
        subject: 'direktion',
      },
    ]);
  });

  it('accepts a person column as decider', () => {
    expect(checkMatrix(matrix({ disagreement: { rule: 'Koordinatoren afgør.', decidedBy: 'koord' } }))).toEqual([]);
  });
});

describe('checkMatrix: the example agreement', () => {
  it('yields exactly the expected findings', () => {
    const data = JSON.parse(readFileSync(new URL('../../../examples/data/matrix.json', import.meta.url), 'utf8'));
    const found = checkMatrix(ResponsibilityMatrix.parse(data));
    expect(found.map((f) => [f.code, f.path, f.subject])).toEqual([
      ['matrix.no-responsible', 'rows[0].cells', 'r-plan'],
      ['matrix.multiple-accountable', 'rows[3].cells', 'r-meeting'],
    ]);
    expect(found[1]!.data).toEqual({ columns: ['p-familie-1', 'jobcenter'] });
    expect(found[1]!.message.da).toBe(
      '»Indkalde til netværksmøde« har mere end én ansvarlig (A): »Familierådgiver« og »Jobcenter«. Der skal være præcis én.',
    );
    for (const f of found) {
      expect(f.message.da).not.toBe('');
      expect(f.message.en).not.toBe('');
      expect(f.message.da).not.toBe(f.message.en);
    }
  });
});
