import { finding, formatPath, listOf, type Finding } from '../findings.js';
import { both, quoted } from '../format.js';
import { duplicateId } from './common.js';
import type { ResponsibilityMatrix } from '../schemas/matrix.js';

export interface MatrixCheckOptions {
  /** A person may be Accountable on at most this many rows. */
  accountableLimit?: number;
  /** The plan coordinator's person id, when the matrix itself does not name it. */
  coordinator?: string;
}

export const DEFAULT_ACCOUNTABLE_LIMIT = 5;

/**
 * Analyses a collaboration agreement: every row needs exactly one Accountable and
 * at least one Responsible, nobody carries too much, the coordinator takes part,
 * and disagreements have a rule and a decider. Never throws.
 */
export function checkMatrix(matrix: ResponsibilityMatrix, options: MatrixCheckOptions = {}): Finding[] {
  const out: Finding[] = [];
  const limit = options.accountableLimit ?? DEFAULT_ACCOUNTABLE_LIMIT;
  const columns = new Map<string, ResponsibilityMatrix['columns'][number]>();
  matrix.columns.forEach((c, i) => {
    if (columns.has(c.id)) out.push(duplicateId('matrix', `columns[${i}].id`, c.id));
    else columns.set(c.id, c);
  });
  const label = (id: string, l: 'da' | 'en') => quoted(columns.get(id)?.label ?? id, l);
  const accountableRows = new Map<string, string[]>();
  const rowIds = new Set<string>();

  matrix.rows.forEach((row, i) => {
    if (rowIds.has(row.id)) out.push(duplicateId('matrix', `rows[${i}].id`, row.id));
    rowIds.add(row.id);
    const name = (l: 'da' | 'en') => quoted(row.label, l);
    const accountable: string[] = [];
    let responsible = 0;
    for (const [column, letter] of Object.entries(row.cells)) {
      if (!columns.has(column)) {
        out.push(
          finding(
            'matrix.unknown-column',
            'error',
            both((l) =>
              l === 'da'
                ? `Rækken ${name(l)} har en markering i en kolonne, der ikke findes: ${column}.`
                : `The row ${name(l)} has an entry in a column that does not exist: ${column}.`,
            ),
            { path: formatPath(['rows', i, 'cells', column]), subject: row.id, data: { column } },
          ),
        );
        continue;
      }
      if (letter === 'A') accountable.push(column);
      if (letter === 'R') responsible++;
    }
    for (const column of accountable) {
      if (columns.get(column)!.kind === 'person') accountableRows.set(column, [...(accountableRows.get(column) ?? []), row.id]);
    }
    if (accountable.length === 0) {
      out.push(
        finding(
          'matrix.no-accountable',
          'error',
          both((l) =>
            l === 'da'
              ? `Ingen har ansvaret (A) for ${name(l)}: sagen risikerer at falde mellem to stole.`
              : `Nobody is accountable (A) for ${name(l)}: the case risks falling between two chairs.`,
          ),
          { path: `rows[${i}].cells`, subject: row.id },
        ),
      );
    } else if (accountable.length > 1) {
      const who = (l: 'da' | 'en') => listOf(accountable.map((c) => label(c, l)), l);
      out.push(
        finding(
          'matrix.multiple-accountable',
          'error',
          both((l) =>
            l === 'da'
              ? `${name(l)} har mere end én ansvarlig (A): ${who(l)}. Der skal være præcis én.`
              : `${name(l)} has more than one accountable (A): ${who(l)}. There must be exactly one.`,
          ),
          { path: `rows[${i}].cells`, subject: row.id, data: { columns: accountable } },
        ),
      );
    }
    if (responsible === 0) {
      out.push(
        finding(
          'matrix.no-responsible',
          'warning',
          both((l) =>
            l === 'da' ? `Ingen udfører (R) ${name(l)}.` : `Nobody is responsible (R) for carrying out ${name(l)}.`,
          ),
          { path: `rows[${i}].cells`, subject: row.id },
        ),
      );
    }
  });

  for (const [column, rows] of accountableRows) {
    if (rows.length <= limit) continue;
    out.push(
      finding(
        'matrix.accountable-overload',
        'warning',
        both((l) =>
          l === 'da'
            ? `${label(column, l)} har ansvaret (A) for ${rows.length} rækker; grænsen er ${limit}.`
            : `${label(column, l)} is accountable (A) on ${rows.length} rows; the limit is ${limit}.`,
        ),
        { path: `columns[${matrix.columns.findIndex((c) => c.id === column)}]`, subject: column, data: { rows, limit } },
      ),
    );
  }

  const coordinator = matrix.coordinator ?? options.coordinator;
  const takesPart = coordinator !== undefined && columns.has(coordinator) && matrix.rows.some((r) => Object.hasOwn(r.cells, coordinator));
  if (!takesPart) {
    out.push(
      finding(
        'matrix.coordinator-missing',
        'warning',
        coordinator === undefined
          ? both((l) =>
              l === 'da' ? 'Samarbejdsaftalen nævner ingen plankoordinator.' : 'The collaboration agreement names no plan coordinator.',
            )
          : both((l) =>
              l === 'da'
                ? `Plankoordinatoren ${label(coordinator, l)} har ingen rolle i samarbejdsaftalen.`
                : `The plan coordinator ${label(coordinator, l)} has no part in the collaboration agreement.`,
            ),
        { path: 'coordinator', ...(coordinator === undefined ? {} : { subject: coordinator }) },
      ),
    );
  }

  if (!matrix.disagreement) {
    out.push(
      finding(
        'matrix.no-disagreement-rule',
        'warning',
        both((l) =>
          l === 'da'
            ? 'Samarbejdsaftalen siger ikke, hvordan uenighed afgøres, og af hvem.'
            : 'The collaboration agreement does not say how disagreements are settled, or by whom.',
        ),
        { path: 'disagreement' },
      ),
    );
  } else if (!columns.has(matrix.disagreement.decidedBy)) {
    const who = matrix.disagreement.decidedBy;
    out.push(
      finding(
        'matrix.unknown-decider',
        'error',
        both((l) =>
          l === 'da'
            ? `Den, der afgør uenighed (${who}), er ikke med i samarbejdsaftalen.`
            : `Whoever settles disagreements (${who}) is not part of the collaboration agreement.`,
        ),
        { path: 'disagreement.decidedBy', subject: who },
      ),
    );
  }
  return out;
}
