/** One seed for the parser fuzzing added for issue 9 (otpauth, migration payloads, vault files, test host). */
export const PARSER_FUZZ_SEED = 202_611_309;

/** Runs a fast-check property and prints its figures (for the note): name, runs, seed, time. */
export async function timed(name: string, runs: number, property: () => Promise<void> | void): Promise<void> {
  const started = performance.now();
  await property();
  const ms = Math.round(performance.now() - started);
  console.log(`fuzz ${name}: ${runs} runs, seed ${PARSER_FUZZ_SEED}, ${ms} ms`);
}
