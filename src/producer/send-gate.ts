/**
 * The door sends come in by: closed once `close()` begins, and a count of the sends that passed it but
 * wait before the accumulator (schema registration, first metadata), which `flush()` waits for.
 */
export class SendGate {
  #closed = false;
  #pending = 0;
  #arrived: (() => void)[] = [];

  get closed(): boolean {
    return this.#closed;
  }

  close(): void {
    this.#closed = true;
  }

  /** Counts a send that waits; call the result once it reached the accumulator or failed (idempotent). */
  begin(): () => void {
    this.#pending += 1;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.#pending -= 1;
      if (this.#pending === 0) for (const resolve of this.#arrived.splice(0)) resolve();
    };
  }

  /** Resolves when no send waits before the accumulator. */
  arrived(): Promise<void> {
    if (this.#pending === 0) return Promise.resolve();
    return new Promise<void>((resolve) => this.#arrived.push(resolve));
  }
}
