// The CDN bundle's entry (dist/cdn/samspil-widgets.js, built by rollup.config.mjs): the runtime
// the widgets share (Lit, the core's checks they all use, the shared controllers and styles, the
// events) and this loader. Each widget is a chunk of its own (samspil-<tag>.js), imported the first
// time its tag is in the document, or at once when the page preloads it; the chunk registers the
// tag (define() skips a tag another copy of Samspil has registered). A bundler imports the widgets' own files instead (index.js, plan-card.js, …).
export * from './events.js';
export type { SourceState } from './shared/source.js';

/** Each tag and its chunk. */
const chunks = {
  'samspil-plan-card': () => import('./plan-card/plan-card.js'),
  'samspil-responsibility-matrix': () => import('./responsibility-matrix/responsibility-matrix.js'),
  'samspil-rc-heatmap': () => import('./rc-heatmap/rc-heatmap.js'),
  'samspil-coordination-overview': () => import('./coordination-overview/coordination-overview.js'),
  'samspil-citizen-plan': () => import('./citizen-plan/citizen-plan.js'),
};

/** A tag this bundle can define. */
export type SamspilTag = keyof typeof chunks;

const tags = Object.keys(chunks) as SamspilTag[];
const loading = new Map<SamspilTag, Promise<CustomElementConstructor>>();

/**
 * Loads a widget's chunk (once) and resolves with its class when the tag is defined. The loader
 * does this by itself for the tags it sees in the document; call it to have a widget ready
 * before one is in the page, or for one in a shadow root (see `discover`).
 */
export function load(tag: SamspilTag): Promise<CustomElementConstructor> {
  let loaded = loading.get(tag);
  if (!loaded) {
    loaded = (customElements.get(tag) ? Promise.resolve() : chunks[tag]())
      .then(() => customElements.whenDefined(tag))
      .catch((e: unknown) => {
        loading.delete(tag); // a chunk that failed to load (the network) is tried again by the next call
        throw e;
      });
    loading.set(tag, loaded);
  }
  return loaded;
}

/**
 * Loads the chunks of the Samspil tags in `root` not yet defined (and of `root` itself). The
 * document is watched from the start; a shadow root is not, so a host that renders the widgets
 * inside its own shadow root calls this with it (or `load` with the tags).
 */
export function discover(root: ParentNode): void {
  const wanted = tags.filter((tag) => !customElements.get(tag) && !loading.has(tag));
  if (!wanted.length) return;
  const found = new Set([...root.querySelectorAll(wanted.join())].map((el) => el.localName));
  if (root instanceof Element) found.add(root.localName);
  for (const tag of wanted) {
    if (found.has(tag)) load(tag).catch((e: unknown) => console.error(`Samspil: <${tag}> could not be loaded`, e));
  }
}

/**
 * The widgets whose chunk the page names in a `<link rel="modulepreload">` (the README's lines): the
 * host means to show them, so they are defined as soon as this entry runs, before their tags come,
 * and a first render does not wait for the chunk to be imported then.
 */
function preloaded(): SamspilTag[] {
  const links = [...document.querySelectorAll<HTMLLinkElement>('link[rel=modulepreload]')].map((link) => link.href);
  return tags.filter((tag) => links.includes(new URL(`./${tag}.js`, import.meta.url).href));
}

if (typeof document !== 'undefined') {
  for (const tag of preloaded()) load(tag).catch((e: unknown) => console.error(`Samspil: <${tag}> could not be loaded`, e));
  discover(document);
  // Tags added later (a framework's render, a host's script); the watch ends once every tag is loading or defined.
  const observer = new MutationObserver((records) => {
    for (const { addedNodes } of records) for (const node of addedNodes) if (node instanceof Element) discover(node);
    if (tags.every((tag) => loading.has(tag) || customElements.get(tag))) observer.disconnect();
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
}
