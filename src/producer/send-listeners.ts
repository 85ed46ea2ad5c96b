import type { DeliveryListener, RecordBatch } from "./accumulator/record-batch.js";
import type { RecordMetadata } from "./record-metadata.js";

type Report = (error: unknown) => void;

const IGNORE = (): void => undefined;

// The resolvers of the promise being made: the executor runs synchronously inside `new Promise`, so one
// shared function hands them over, with no closure allocated per send.
let madeResolve: ((metadata: RecordMetadata) => void) | undefined;
let madeReject: ((error: Error) => void) | undefined;
function takeResolvers(resolve: (metadata: RecordMetadata) => void, reject: (error: Error) => void): void {
  madeResolve = resolve;
  madeReject = reject;
}

/** `send`'s listener: settles the promise the caller gets, and reports a failure to onError. */
export class PromisedSend implements DeliveryListener {
  readonly promise: Promise<RecordMetadata>;
  readonly #report: Report;
  readonly #resolve: (metadata: RecordMetadata) => void;
  readonly #reject: (error: Error) => void;

  constructor(report: Report) {
    this.#report = report;
    this.promise = new Promise<RecordMetadata>(takeResolvers);
    this.#resolve = madeResolve as (metadata: RecordMetadata) => void;
    this.#reject = madeReject as (error: Error) => void;
    madeResolve = undefined;
    madeReject = undefined;
  }

  delivered(batch: RecordBatch, index: number): void {
    this.#resolve(batch.metadataOf(index));
  }

  failed(error: Error): void {
    this.#report(error);
    // Handled for callers that never await it: a send nobody awaits must not become an unhandled rejection.
    this.promise.then(undefined, IGNORE);
    this.#reject(error);
  }
}

/** Fire-and-forget sends share one: failures go to onError, and nothing is kept per send. */
export class ReportingListener implements DeliveryListener {
  constructor(readonly report: Report) {}

  delivered(): void {}

  failed(error: Error): void {
    this.report(error);
  }
}

/**
 * The listener of every send of one sendAll or writable: counts them as they settle, holding nothing per
 * send, and hears of the first failure.
 */
export class SendTally implements DeliveryListener {
  readonly #report: Report;
  readonly #onFirstFailure: ((error: Error) => void) | undefined;
  #acknowledged = 0;
  #failed = 0;
  #open = 0;
  #idle: (() => void)[] = [];

  constructor(report: Report, onFirstFailure?: (error: Error) => void) {
    this.#report = report;
    this.#onFirstFailure = onFirstFailure;
  }

  /** One more send to wait for. */
  opened(): void {
    this.#open += 1;
  }

  delivered(): void {
    this.#acknowledged += 1;
    this.#closed();
  }

  failed(error: Error): void {
    this.#report(error);
    if (this.#failed === 0) this.#onFirstFailure?.(error);
    this.#failed += 1;
    this.#closed();
  }

  /** Resolves once every send opened has settled. */
  async settled(): Promise<{ readonly acknowledged: number; readonly failed: number }> {
    if (this.#open > 0) await new Promise<void>((resolve) => this.#idle.push(resolve));
    return { acknowledged: this.#acknowledged, failed: this.#failed };
  }

  #closed(): void {
    this.#open -= 1;
    if (this.#open === 0) for (const resolve of this.#idle.splice(0)) resolve();
  }
}
