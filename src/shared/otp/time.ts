/** Where TOTP's time comes from; injected so tests and servers can pin it. */
export interface Clock {
  /** Current Unix time in seconds (may be fractional). */
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() / 1000 };

/** The absolute time step for a Unix time: the counter TOTP feeds to HOTP. */
export function timeStep(time: number, period: number): number {
  return Math.floor(time / period);
}

/** Whole seconds left in the current step (1…period). */
export function secondsRemaining(time: number, period: number): number {
  const into = ((time % period) + period) % period;
  return period - Math.floor(into);
}
