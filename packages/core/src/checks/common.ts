import { finding, type Finding } from '../findings.js';
import { both } from '../format.js';

/** The same id used twice in one list: `plan.duplicate-id`, `matrix.duplicate-id`. */
export function duplicateId(area: 'plan' | 'matrix', path: string, id: string): Finding {
  return finding(
    `${area}.duplicate-id`,
    'error',
    both((l) => (l === 'da' ? `Id'et ${id} er brugt mere end én gang.` : `The id ${id} is used more than once.`)),
    { path, subject: id },
  );
}
