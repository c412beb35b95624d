import type { ReactiveController } from 'lit';
import type { ChangeEvent, SourceHost } from './source-fetch.js';

/**
 * Loads the widget's data from `src` when it is set or changes, and writes the
 * widget's edits back. The fetching code is a separate chunk, loaded only by
 * widgets that use `src`.
 */
export class SourceController implements ReactiveController {
  #src: string | undefined;

  constructor(
    private readonly host: SourceHost,
    /** The property the data goes into, and the key of the change event's detail. */
    private readonly property: string,
    /** The widget's change event, whose edits are written back; none for a read-only widget. */
    private readonly event?: ChangeEvent,
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    const src = this.host.src;
    if (!src || src === this.#src) return;
    this.#src = src;
    void import('./source-fetch.js').then((m) => m.connect(this.host, this.property, this.event));
  }
}
