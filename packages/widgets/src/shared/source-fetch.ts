// The HTTP of loading a widget's data from the API and writing its edits back: a chunk of its
// own, loaded by source.ts only for a widget whose `src` is set. Which answer counts is
// source.ts's to decide; this file only asks.
import type { SourceErrorDetail } from '../events.js';

/** What one request came to: the data (none for a write) and its version (the ETag), or the error to report. */
export type Answer = { ok: true; data?: unknown; version: string } | { ok: false; error: SourceErrorDetail };

/** A write: the edited data and the version it was made on (sent as If-Match; none when unknown). */
export interface Write {
  body: unknown;
  version: string;
}

/**
 * GETs `src`, or PUTs a write to it, with the widget token. Never throws: a request that did not
 * reach the server (or was aborted through `signal`) is status 0.
 */
export async function request(src: string, token: string | undefined, signal: AbortSignal, write?: Write): Promise<Answer> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  if (write) {
    headers['content-type'] = 'application/json';
    if (write.version) headers['if-match'] = write.version;
  }
  const init: RequestInit = write ? { method: 'PUT', headers, body: JSON.stringify(write.body), signal } : { headers, signal };
  const response = await fetch(src, init).catch(() => undefined);
  if (!response?.ok) {
    const problem = (await response?.json().catch(() => undefined)) as { detail?: string } | undefined;
    return { ok: false, error: { status: response?.status ?? 0, detail: problem?.detail ?? response?.statusText ?? 'network error' } };
  }
  const version = response.headers.get('etag') ?? '';
  if (write) return { ok: true, version };
  const data: unknown = await response.json().catch(() => undefined);
  return data === undefined ? { ok: false, error: { status: 0, detail: 'network error' } } : { ok: true, data, version };
}
