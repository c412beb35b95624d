// A classic script before the CDN bundle: another copy of Samspil (a vendor's own bundle) has
// registered <samspil-responsibility-matrix> already, so the bundle's loader must leave that tag
// alone: no chunk fetched for it, nothing thrown. Errors on the page are recorded for the test.
window.errors = [];
addEventListener('error', (e) => window.errors.push(e.message));
addEventListener('unhandledrejection', (e) => window.errors.push(String(e.reason)));
customElements.define('samspil-responsibility-matrix', class AnotherCopy extends HTMLElement {});
