// Loading a widget's data from the API and writing its edits back: a chunk of its own,
// loaded by source.ts only for a widget whose `src` is set.
import type { ReactiveControllerHost } from 'lit';
import { SamspilSourceErrorEvent, type SamspilEvent } from '../events.js';

/** A widget's change event (its class), whose detail carries the edited data. */
export type ChangeEvent = Pick<typeof SamspilEvent, 'type'>;

/** A widget that can load its data from the Samspil API: `src` names the resource, `token` is a widget token. */
export interface SourceHost extends ReactiveControllerHost, HTMLElement {
  src: string | undefined;
  token: string | undefined;
}

// The version each widget read (the ETag), and the widgets already writing back.
const versions = new WeakMap<SourceHost, string>();
const writing = new WeakSet<SourceHost>();

const auth = (host: SourceHost): Record<string, string> => (host.token ? { authorization: `Bearer ${host.token}` } : {});

/** Reports a failed request as `samspil-source-error` (`detail: {status, detail}`); status 0 is a network error. */
async function fail(host: SourceHost, response: Response | undefined): Promise<void> {
  const problem = (await response?.json().catch(() => undefined)) as { detail?: string } | undefined;
  host.dispatchEvent(new SamspilSourceErrorEvent({ status: response?.status ?? 0, detail: problem?.detail ?? response?.statusText ?? 'network error' }));
}

async function load(host: SourceHost, property: string): Promise<void> {
  const response = await fetch(host.src!, { headers: auth(host) }).catch(() => undefined);
  if (!response?.ok) return fail(host, response);
  versions.set(host, response.headers.get('etag') ?? '');
  (host as unknown as Record<string, unknown>)[property] = await response.json();
}

/**
 * Loads `host.src` into `host[property]`; with `event`, writes each edit back with
 * If-Match on the version read. A conflict (someone else changed it) reports the
 * error and shows the server's copy.
 */
export async function connect(host: SourceHost, property: string, event?: ChangeEvent): Promise<void> {
  if (event && !writing.has(host)) {
    writing.add(host);
    host.addEventListener(event.type, async (e) => {
      const body = (e as CustomEvent<Record<string, unknown>>).detail[property];
      const version = versions.get(host);
      const response = await fetch(host.src!, {
        method: 'PUT',
        headers: { ...auth(host), 'content-type': 'application/json', ...(version ? { 'if-match': version } : {}) },
        body: JSON.stringify(body),
      }).catch(() => undefined);
      if (response?.ok) versions.set(host, response.headers.get('etag') ?? '');
      else {
        await fail(host, response);
        await load(host, property);
      }
    });
  }
  await load(host, property);
}
