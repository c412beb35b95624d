/**
 * Registers a custom element unless the tag is taken. A vendor's page may load
 * two copies of Samspil (their bundle and our CDN file); the first one wins and
 * the second must not throw.
 */
export function define(tag: string, element: CustomElementConstructor): void {
  if (typeof customElements === 'undefined' || customElements.get(tag)) return;
  customElements.define(tag, element);
}
