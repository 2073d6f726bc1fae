/** The middle value of `list` (sorted in place), NaN when empty. */
export function median(list: number[]): number {
  return list.sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? Number.NaN;
}

/**
 * Median milliseconds of the baseline and the candidate, run alternately after
 * one warm-up each, so both see the same load on a shared machine.
 */
export async function medians(
  runs: number,
  baseline: () => unknown,
  candidate: () => unknown,
): Promise<[number, number]> {
  await baseline();
  await candidate();
  const times: [number[], number[]] = [[], []];
  for (let i = 0; i < runs; i++) {
    for (const [slot, task] of [baseline, candidate].entries()) {
      const start = performance.now();
      await task();
      times[slot as 0 | 1].push(performance.now() - start);
    }
  }
  return [median(times[0]), median(times[1])];
}
