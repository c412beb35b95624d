// The heatmap's data, as a host gives it; and the bundle's load() for the test.
import { load } from '../../dist/cdn/samspil-widgets.js';

window.load = load;
document.getElementById('heatmap').result = await fetch('../../../../examples/data/rc-2025-04.json').then((r) => r.json());
window.ready = true;
