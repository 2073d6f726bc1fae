import { decodeBase32, type OtpKey } from '../../../src/shared/otp';
import { nodeOtpEngine } from '../../../src/node/otp-engine';

const PERIOD = 30;

function keyFor(secret: string): OtpKey {
  return { type: 'totp', secret: decodeBase32(secret), algorithm: 'SHA1', digits: 6, period: PERIOD };
}

/**
 * Codes for one secret that the server will accept: it takes steps within ±1 of
 * now, each only once, so this hands out the next unused step and waits only
 * when the next one would be too far ahead.
 */
export class CodeSource {
  private lastStep = -1;

  constructor(readonly secret: string) {}

  /** Marks a step as spent by someone else (an enrollment or a login made elsewhere). */
  spent(at = Date.now() / 1000): void {
    this.lastStep = Math.max(this.lastStep, Math.floor(at / PERIOD));
  }

  async next(): Promise<string> {
    for (;;) {
      const now = Date.now() / 1000;
      const current = Math.floor(now / PERIOD);
      const step = Math.max(current, this.lastStep + 1);
      if (step <= current + 1) {
        this.lastStep = step;
        return nodeOtpEngine.atStep(keyFor(this.secret), step);
      }
      await new Promise((resolve) => setTimeout(resolve, ((current + 1) * PERIOD - now) * 1000 + 50));
    }
  }
}

/** Waits until the current 30-second step is over (what a person does after using a code). */
export async function nextStep(): Promise<void> {
  const now = Date.now() / 1000;
  await new Promise((resolve) =>
    setTimeout(resolve, (Math.floor(now / PERIOD + 1) * PERIOD - now) * 1000 + 100),
  );
}
