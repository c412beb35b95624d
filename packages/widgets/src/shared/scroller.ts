import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Calls `changed` when a scroller the host renders scrolls or changes size (a ResizeObserver and
 * a scroll listener), only while the host is connected: both are released when it is removed
 * and taken up again if it comes back.
 */
export class ScrollerController implements ReactiveController {
  /** The scroller followed; set it with `watch`. */
  scroller: Element | undefined;
  readonly #resized: ResizeObserver;

  constructor(
    host: ReactiveControllerHost,
    private readonly changed: () => void,
  ) {
    this.#resized = new ResizeObserver(changed);
    host.addController(this);
  }

  /** Follows this scroller (a view may render a new one); none stops following. */
  watch(scroller: Element | undefined): void {
    if (scroller === this.scroller) return;
    this.hostDisconnected();
    this.scroller = scroller;
    this.hostConnected();
  }

  hostConnected(): void {
    this.scroller?.addEventListener('scroll', this.changed);
    if (this.scroller) this.#resized.observe(this.scroller);
  }

  hostDisconnected(): void {
    this.scroller?.removeEventListener('scroll', this.changed);
    this.#resized.disconnect();
  }
}
