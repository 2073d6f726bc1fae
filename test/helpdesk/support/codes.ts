import { decodeBase32, type OtpKey } from '../../../src/shared/otp';
import { nodeOtpEngine } from '../../../src/node/otp-engine';
import { passTime } from '../../support/test-clock.mjs';

const PERIOD = 30;

function keyFor(secret: string): OtpKey {
  return { type: 'totp', secret: decodeBase32(secret), algorithm: 'SHA1', digits: 6, period: PERIOD };
}

/**
 * Codes for one secret that the server will accept: it takes steps within ±1 of
 * now, each only once, so this hands out the next unused step and lets time pass only
 * when the next one would be too far ahead.
 */
export class CodeSource {
  private lastStep = -1;

  /** `clock`: 'real' for a server off the tests' clock (a real Odoo): then it waits for real. */
  constructor(
    readonly secret: string,
    private readonly clock: 'test' | 'real' = 'test',
  ) {}

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
      const wait = ((current + 1) * PERIOD - now) * 1000 + 50;
      if (this.clock === 'test') passTime(wait);
      else await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/** Milliseconds until the current 30-second step is over. */
const untilNextStep = (): number => {
  const now = Date.now() / 1000;
  return (Math.floor(now / PERIOD + 1) * PERIOD - now) * 1000 + 100;
};

/**
 * Lets the current 30-second step end (what a person does after using a code) at once, on the
 * tests' clock: for parties that follow it (our server, CLI, test host and fake Odoo servers).
 */
export async function nextStep(): Promise<void> {
  passTime(untilNextStep());
}

/** Waits in real time until the current step is over: for a party off the tests' clock (a real Odoo). */
export async function nextRealStep(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, untilNextStep()));
}
