/**
 * Runs every item `runs` times, round-robin (run 1 of each, then run 2 of each, ...), so that a burst
 * of load from elsewhere on the machine lands on all commands alike instead of on one command's
 * block of runs. Returns the results per item, in the order of `items`.
 */
export async function roundRobin<T, R>(
  items: readonly T[],
  runs: number,
  runOne: (item: T, run: number) => Promise<R>,
): Promise<R[][]> {
  const results = items.map((): R[] => []);
  for (let run = 1; run <= runs; run++) {
    for (const [i, item] of items.entries()) results[i]!.push(await runOne(item, run));
  }
  return results;
}
