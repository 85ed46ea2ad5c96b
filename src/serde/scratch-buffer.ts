// Big enough for most records on the first try; grows for larger ones, and stays grown up to 1 MiB. A
// bigger scratch (one 20 MiB record) is let go after its record, or every serializer would pin it for good.
export const INITIAL_SCRATCH_BYTES = 16 * 1024;
const MAX_KEPT_SCRATCH_BYTES = 1024 * 1024;

/** Writes `value` framed at `offset` of `target`; the end, or minus the bytes `target` lacks. */
export type FramedWriter<P> = (prepared: P, value: unknown, target: Buffer, offset: number) => number;

/**
 * One reused buffer that records are encoded into before an exact-size copy out: an encoder that
 * allocated and zeroed a buffer per record, then framed it with another copy, would cost twice.
 */
export class ScratchBuffer {
  #buffer = Buffer.allocUnsafe(INITIAL_SCRATCH_BYTES);

  /** Bytes held between records (at most 1 MiB after any record). */
  get byteLength(): number {
    return this.#buffer.length;
  }

  /** Encodes with `write` (growing the scratch once when it is too small) and answers an exact-size copy. */
  copyOut<P>(prepared: P, value: unknown, write: FramedWriter<P>): Buffer {
    let end = write(prepared, value, this.#buffer, 0);
    if (end < 0) {
      // Minus the bytes that did not fit: grow once to fit, with room to spare.
      this.#buffer = Buffer.allocUnsafe(2 * (this.#buffer.length - end));
      end = write(prepared, value, this.#buffer, 0);
    }
    const framed = Buffer.allocUnsafe(end);
    this.#buffer.copy(framed, 0, 0, end);
    if (this.#buffer.length > MAX_KEPT_SCRATCH_BYTES) this.#buffer = Buffer.allocUnsafe(INITIAL_SCRATCH_BYTES);
    return framed;
  }
}
