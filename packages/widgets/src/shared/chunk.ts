import type { ReactiveControllerHost } from 'lit';

/**
 * Code a widget shows only sometimes (a view, a panel), as a chunk of its own: the CDN bundle
 * has a size budget. The returned function gives the chunk's module, or undefined while it loads:
 * it is loaded the first time any widget asks, and a widget that asks meanwhile renders again when
 * it is here.
 */
export function chunk<M>(load: () => Promise<M>): ((host: ReactiveControllerHost) => M | undefined) & { loaded: () => Promise<M> } {
  let module: M | undefined;
  let loading: Promise<M> | undefined;
  const loaded = () => (loading ??= load().then((m) => (module = m)));
  return Object.assign(
    (host: ReactiveControllerHost) => {
      if (!module) void loaded().then(() => host.requestUpdate());
      return module;
    },
    /** The module, once loaded: for a widget that must act on it (focus a form it draws) rather than draw it when it comes. */
    { loaded },
  );
}
