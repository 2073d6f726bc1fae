/** The middle value of `list` (sorted in place), NaN when empty. */
export function median(list: number[]): number {
  return list.sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? Number.NaN;
}

/** What a task may return: clean-up to run after its time is taken (e.g. stopping a server it started). */
export interface Untimed {
  readonly untimed: () => Promise<unknown>;
}

const isUntimed = (value: unknown): value is Untimed =>
  typeof value === 'object' && value !== null && typeof (value as Partial<Untimed>).untimed === 'function';

/**
 * Median milliseconds of the baseline and the candidate, run alternately after
 * one warm-up each, so both see the same load on a shared machine. A task that
 * returns an `Untimed` has its clean-up run outside the measured time.
 */
export async function medians(
  runs: number,
  baseline: () => unknown,
  candidate: () => unknown,
): Promise<[number, number]> {
  for (const task of [baseline, candidate]) {
    const result = await task();
    if (isUntimed(result)) await result.untimed();
  }
  const times: [number[], number[]] = [[], []];
  for (let i = 0; i < runs; i++) {
    for (const [slot, task] of [baseline, candidate].entries()) {
      const start = performance.now();
      const result = await task();
      times[slot as 0 | 1].push(performance.now() - start);
      if (isUntimed(result)) await result.untimed();
    }
  }
  return [median(times[0]), median(times[1])];
}
