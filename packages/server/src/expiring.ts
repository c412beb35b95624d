// Values kept for a while after they were read: what saves a query on every request
// for things that change rarely (an API key, a chat workspace, a person, department
// names). A value is fresh for `ttlMs` after it was read; a clock that went back
// (tests) does not make it fresh for longer.

export class Expiring<K, V> {
  readonly #entries = new Map<K, { until: number; value: V }>();
  /** Loads under way: callers of the same key share one (a burst of requests with a new key asks the database once). */
  readonly #loading = new Map<K, Promise<V>>();

  constructor(
    private readonly ttlMs: number,
    /** Beyond this many, the oldest go first (a Map keeps insertion order). */
    private readonly max = 10_000,
  ) {}

  /** The kept value, or `load()`'s, kept when `keep` says so (by default, when not undefined). */
  async get(key: K, now: number, load: () => Promise<V>, keep: (value: V) => boolean = (value) => value !== undefined): Promise<V> {
    const hit = this.#entries.get(key);
    if (hit && hit.until > now && hit.until - now <= this.ttlMs) return hit.value;
    const loading = this.#loading.get(key);
    if (loading) return loading;
    const pending = load();
    this.#loading.set(key, pending);
    let value: V;
    try {
      value = await pending;
    } finally {
      this.#loading.delete(key);
    }
    this.#entries.delete(key);
    if (keep(value)) {
      this.#entries.set(key, { until: now + this.ttlMs, value });
      if (this.#entries.size > this.max) this.#entries.delete(this.#entries.keys().next().value!);
    }
    return value;
  }

  forget(key: K): void {
    this.#entries.delete(key);
    this.#loading.delete(key);
  }

  forgetWhere(matches: (key: K) => boolean): void {
    for (const key of this.#entries.keys()) if (matches(key)) this.#entries.delete(key);
    for (const key of this.#loading.keys()) if (matches(key)) this.#loading.delete(key);
  }
}
