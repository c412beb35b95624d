import type { ReactiveControllerHost } from 'lit';

/**
 * Code a widget shows only sometimes (a view, a panel), as a chunk of its own: the CDN bundle
 * has a size budget. The returned function gives the chunk's module, or undefined while it loads:
 * it is loaded the first time any widget asks, and a widget that asks meanwhile renders again when
 * it is here.
 */
export function chunk<M>(load: () => Promise<M>): (host: ReactiveControllerHost) => M | undefined {
  let module: M | undefined;
  let loading: Promise<unknown> | undefined;
  return (host) => {
    if (!module) void (loading ??= load().then((m) => (module = m))).then(() => host.requestUpdate());
    return module;
  };
}
