import { define } from '../shared/define.js';
import { SamspilCoordinationOverview } from './coordination-overview.component.js';

define('samspil-coordination-overview', SamspilCoordinationOverview);

export * from './coordination-overview.component.js';

declare global {
  interface HTMLElementTagNameMap {
    'samspil-coordination-overview': SamspilCoordinationOverview;
  }
}
