/**
 * `work` over every item with at most `limit` of them in flight: file checks of hundreds of
 * protos overlap their I/O (one at a time, each stat waits a round trip through the thread
 * pool) without opening hundreds of files at once. Results keep the items' order.
 */
export async function mapConcurrently<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/** True when `test` holds for every item, checked `limit` at a time; stops starting checks after the first false. */
export async function everyConcurrently<T>(items: readonly T[], limit: number, test: (item: T) => Promise<boolean>): Promise<boolean> {
  let failed = false;
  await mapConcurrently(items, limit, async (item) => {
    if (failed) return;
    if (!(await test(item))) failed = true;
  });
  return !failed;
}
