import { define } from '../shared/define.js';
import { SamspilPlanCard } from './plan-card.component.js';

define('samspil-plan-card', SamspilPlanCard);

export * from './plan-card.component.js';

declare global {
  interface HTMLElementTagNameMap {
    'samspil-plan-card': SamspilPlanCard;
  }
}
