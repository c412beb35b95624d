import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { SamspilSourceErrorEvent, type SamspilEvent, type SourceErrorDetail } from '../events.js';
import type { Answer, Write } from './source-fetch.js';

/**
 * Where loading a widget's data from `src` stands: `idle` (no `src`), `loading`, `loaded`, or
 * `failed` (the load fired `samspil-source-error`).
 */
export type SourceState = 'idle' | 'loading' | 'loaded' | 'failed';

/** A widget's change event (its class), whose detail carries the edited data. */
export type ChangeEvent = Pick<typeof SamspilEvent, 'type'>;

/** A widget that can load its data from the Samspil API: `src` names the resource, `token` is a widget token. */
export interface SourceHost extends ReactiveControllerHost, HTMLElement {
  src: string | undefined;
  token: string | undefined;
}

const NETWORK: Answer = { ok: false, error: { status: 0, detail: 'network error' } };

/** One request through the fetching chunk (loaded the first time a widget asks). */
const ask = (src: string, token: string | undefined, signal: AbortSignal, write?: Write): Promise<Answer> =>
  import('./source-fetch.js').then((m) => m.request(src, token, signal, write), () => NETWORK);

/**
 * Loads the widget's data from `src` when it is set or changes, and writes the widget's edits
 * back with If-Match on the version read. Loads never go backwards: every request has an
 * AbortController, a new `src` aborts the requests of the one before, a new load aborts the load
 * before, and an answer to a request that is no longer current is dropped (its ETag too). The
 * fetching code is a chunk of its own, loaded only by widgets that use `src`.
 */
export class SourceController implements ReactiveController {
  /** Where loading stands; the host renders again when it changes. */
  state: SourceState = 'idle';
  /** The `src` being shown, and the AbortController of every request to it. */
  #src: string | undefined;
  #session: AbortController | undefined;
  /** The load in flight, if any. */
  #load: AbortController | undefined;
  /** The version (ETag) of the data shown: the If-Match of the next edit. */
  #version = '';

  constructor(
    private readonly host: SourceHost,
    /** The property the data goes into, and the key of the change event's detail. */
    private readonly property: string,
    /** The widget's change event, whose edits are written back; none for a read-only widget. */
    private readonly event?: ChangeEvent,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    if (this.event) this.host.addEventListener(this.event.type, this.#write);
    // Back in a document after leaving it mid-load: load again.
    if (this.host.src && this.#src === undefined) this.host.requestUpdate();
  }

  hostDisconnected(): void {
    if (this.event) this.host.removeEventListener(this.event.type, this.#write);
    // A load in flight is given up (writes finish); connected again, the widget loads anew.
    if (this.#load) this.#open(undefined);
  }

  hostUpdate(): void {
    if (this.host.src !== this.#src) this.#open(this.host.src);
  }

  /** Leaves the current `src` (its requests aborted, their answers dropped) for `src`, and loads it. */
  #open(src: string | undefined): void {
    this.#session?.abort();
    this.#load?.abort();
    this.#src = src;
    this.#session = src ? new AbortController() : undefined;
    this.#load = undefined;
    this.#version = '';
    if (src) void this.#read();
    else this.#set('idle');
  }

  /** Loads the current `src`; only the answer to the latest load is shown. */
  async #read(): Promise<void> {
    this.#load?.abort();
    const load = (this.#load = new AbortController());
    this.#set('loading');
    const answer = await ask(this.#src!, this.host.token, load.signal);
    if (load.signal.aborted) return; // a newer load or another src took over
    this.#load = undefined;
    if (answer.ok) {
      this.#version = answer.version;
      (this.host as unknown as Record<string, unknown>)[this.property] = answer.data;
      this.#set('loaded');
    } else {
      this.#set('failed');
      this.#fail(answer.error);
    }
  }

  /** Writes an edit back; a conflict (someone else changed it) reports the error and shows the server's copy. */
  readonly #write = async (e: Event): Promise<void> => {
    const session = this.#session;
    if (!session) return;
    const body = (e as CustomEvent<Record<string, unknown>>).detail[this.property];
    const answer = await ask(this.#src!, this.host.token, session.signal, { body, version: this.#version });
    if (session.signal.aborted) return; // the widget shows another src now
    if (answer.ok) this.#version = answer.version;
    else {
      this.#fail(answer.error);
      await this.#read();
    }
  };

  #set(state: SourceState): void {
    if (state === this.state) return;
    this.state = state;
    this.host.requestUpdate();
  }

  /** Reports a failed request as `samspil-source-error` (`detail: {status, detail}`); status 0 is the network. */
  #fail(error: SourceErrorDetail): void {
    this.host.dispatchEvent(new SamspilSourceErrorEvent(error));
  }
}
