/**
 * Values settled once per key by an asynchronous step (a registry round trip): concurrent callers of one
 * key share the pending attempt, a settled value is read synchronously (hot paths take it without a
 * promise), and a failed attempt is forgotten, so the next caller tries again while the registry may be
 * back. MemoPromise is the same for a single value.
 */
export class SettledOnce<K, V> {
  readonly #pending = new Map<K, Promise<V>>();
  readonly #settled = new Map<K, V>();

  /** The settled value of a key; undefined until an attempt for it has succeeded. */
  get(key: K): V | undefined {
    return this.#settled.get(key);
  }

  /** The settled value, else the pending attempt, else a new one made by `make`. */
  settle(key: K, make: () => Promise<V>): Promise<V> {
    if (this.#settled.has(key)) return Promise.resolve(this.#settled.get(key) as V);
    let pending = this.#pending.get(key);
    if (pending === undefined) {
      pending = make().then(
        (value) => {
          this.#settled.set(key, value);
          this.#pending.delete(key);
          return value;
        },
        (error: unknown) => {
          this.#pending.delete(key);
          throw error;
        },
      );
      this.#pending.set(key, pending);
    }
    return pending;
  }
}
