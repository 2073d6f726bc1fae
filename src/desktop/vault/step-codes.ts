import type { OtpKey } from '../../shared/otp';
import { nodeOtpEngine } from '../../node/otp-engine';

/**
 * Each entry's codes by time step. Codes are shown with the next one beside
 * them, so at a step boundary the new current code is the next code already
 * computed: one HMAC per entry per step instead of two.
 */
export class StepCodes {
  readonly #byEntry = new Map<string, Map<number, string>>();

  at(id: string, key: OtpKey, step: number): string {
    let steps = this.#byEntry.get(id);
    if (!steps) {
      steps = new Map();
      this.#byEntry.set(id, steps);
    }
    let code = steps.get(step);
    if (code === undefined) {
      code = nodeOtpEngine.atStep(key, step);
      steps.set(step, code);
      // Keep the steps around the one asked for (current, next, the one after); the clock moves forward.
      for (const old of steps.keys()) if (old < step - 2) steps.delete(old);
    }
    return code;
  }

  has(id: string, step: number): boolean {
    return this.#byEntry.get(id)?.has(step) ?? false;
  }

  /** Forgets entries that are gone. */
  keepOnly(live: ReadonlySet<string>): void {
    for (const id of this.#byEntry.keys()) if (!live.has(id)) this.#byEntry.delete(id);
  }

  clear(): void {
    this.#byEntry.clear();
  }
}
