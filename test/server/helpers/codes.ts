import { nodeOtpEngine } from '../../../src/node/otp-engine';
import { decodeBase32, type OtpKey } from '../../../src/shared/otp';
import { passTime } from '../../support/test-clock.mjs';

const PERIOD = 30;

export function keyFromSecret(secret: string): OtpKey {
  return { type: 'totp', secret: decodeBase32(secret), algorithm: 'SHA1', digits: 6, period: PERIOD };
}

/**
 * Seconds a code of the previous step must have left: the server refuses it as
 * soon as this step ends, and a request can take seconds on a loaded machine
 * (a sign-in hashes the password before it looks at the code).
 */
const PREVIOUS_STEP_MARGIN = 10;

/**
 * Hands out codes for one account, each from a later time step than the last,
 * as the server's replay guard demands; lets the next step come when the ±1
 * window is used up. The previous step is used only far from its end, so server
 * and test agree; the next step is good from now until the step after it ends.
 */
export class CodeSource {
  private last = -Infinity;
  constructor(private readonly key: OtpKey) {}

  static of(secret: string): CodeSource {
    return new CodeSource(keyFromSecret(secret));
  }

  async next(): Promise<string> {
    for (;;) {
      const now = Date.now() / 1000;
      const current = Math.floor(now / PERIOD);
      const secondsLeft = PERIOD - (now % PERIOD);
      const lowest = secondsLeft > PREVIOUS_STEP_MARGIN ? current - 1 : current;
      const step = Math.max(this.last + 1, lowest);
      if (step <= current + 1) {
        this.last = step;
        return nodeOtpEngine.atStep(this.key, step);
      }
      // The window is used up: let the step end at once, on the tests' clock (test-clock.mjs).
      passTime((secondsLeft + 0.2) * 1000);
    }
  }

  /** A code that is certainly wrong now (not within ±3 steps). */
  wrong(): string {
    const current = Math.floor(Date.now() / 1000 / PERIOD);
    const near = new Set([-3, -2, -1, 0, 1, 2, 3].map((d) => nodeOtpEngine.atStep(this.key, current + d)));
    for (let n = 0; ; n++) {
      const candidate = String((123456 + n * 7919) % 1_000_000).padStart(6, '0');
      if (!near.has(candidate)) return candidate;
    }
  }
}
