/**
 * A promise made on first use and shared by every caller while it is pending or fulfilled. A failed
 * attempt is forgotten, so the next caller tries again: the registry, the broker or a module load may work
 * the next time, and a failure must not be cached for the life of the process.
 */
export class MemoPromise<T> {
  readonly #make: () => Promise<T>;
  #pending: Promise<T> | undefined;

  constructor(make: () => Promise<T>) {
    this.#make = make;
  }

  get(): Promise<T> {
    this.#pending ??= this.#make().catch((error: unknown) => {
      this.#pending = undefined;
      throw error;
    });
    return this.#pending;
  }

  /** The attempt made so far, if any (pending, fulfilled, or failed and not yet forgotten). */
  peek(): Promise<T> | undefined {
    return this.#pending;
  }

  /** Forgets the attempt: the next get() makes a new one. */
  forget(): void {
    this.#pending = undefined;
  }
}
