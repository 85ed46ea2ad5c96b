/**
 * Subjects read from the registry at once. The client's request timeout runs from when a request is made,
 * queueing for a connection included: thousands of requests made at once would time out in the queue.
 */
export const SUBJECTS_IN_FLIGHT = 4;

/** `map` with at most `limit` calls of `fn` pending at a time; results in input order. */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
