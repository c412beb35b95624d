import { define } from '../shared/define.js';
import { SamspilResponsibilityMatrix } from './responsibility-matrix.component.js';

define('samspil-responsibility-matrix', SamspilResponsibilityMatrix);

export * from './responsibility-matrix.component.js';

declare global {
  interface HTMLElementTagNameMap {
    'samspil-responsibility-matrix': SamspilResponsibilityMatrix;
  }
}
