import { useSyncExternalStore } from 'react';

// One ticker for the whole window, aligned to wall-clock seconds so every
// countdown changes at the same moment as the code it belongs to.
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setTimeout> | null = null;

function schedule(): void {
  timer = setTimeout(
    () => {
      for (const listener of listeners) listener();
      schedule();
    },
    1000 - (Date.now() % 1000) + 5,
  );
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null) schedule();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
  };
}

export function wholeSecondsNow(): number {
  return Math.floor(Date.now() / 1000);
}

/** Whole seconds left in the current step of `period` (period … 1). */
export function remainingIn(period: number, now: number = wholeSecondsNow()): number {
  return period - (now % period);
}

/** The current Unix second, re-rendering once per second. */
export function useNowSeconds(): number {
  return useSyncExternalStore(subscribe, wholeSecondsNow);
}

/** Seconds left in the step; re-renders once per second. */
export function useRemaining(period: number): number {
  return useSyncExternalStore(subscribe, () => remainingIn(period));
}

/** Under five seconds left: re-renders only when that flips. */
export const ENDING_SECONDS = 5;
export function useEnding(period: number): boolean {
  return useSyncExternalStore(subscribe, () => remainingIn(period) <= ENDING_SECONDS);
}

/** The current time step of `period`: re-renders when a new code is due. */
export function useStep(period: number): number {
  return useSyncExternalStore(subscribe, () => Math.floor(wholeSecondsNow() / period));
}
