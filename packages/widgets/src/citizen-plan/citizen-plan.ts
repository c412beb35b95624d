import { define } from '../shared/define.js';
import { SamspilCitizenPlan } from './citizen-plan.component.js';

define('samspil-citizen-plan', SamspilCitizenPlan);

export * from './citizen-plan.component.js';

declare global {
  interface HTMLElementTagNameMap {
    'samspil-citizen-plan': SamspilCitizenPlan;
  }
}
