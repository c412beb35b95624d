import { define } from '../shared/define.js';
import { SamspilRcHeatmap } from './rc-heatmap.component.js';

define('samspil-rc-heatmap', SamspilRcHeatmap);

export * from './rc-heatmap.component.js';

declare global {
  interface HTMLElementTagNameMap {
    'samspil-rc-heatmap': SamspilRcHeatmap;
  }
}
