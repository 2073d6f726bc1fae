import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeOtpEngine } from '../../src/node/otp-engine';
import { EventHub } from '../../src/desktop/services/events';
import { CodeTicker } from '../../src/desktop/services/ticker';
import { keyOf, parseOtpauthUri } from '../../src/shared/otp';
import { testServices, type TestServices } from './support/services';

const LINK = 'otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example';
const expected = (seconds: number): string =>
  nodeOtpEngine.totp(keyOf(parseOtpauthUri(LINK).account), seconds);

describe('CodeTicker', () => {
  let t: TestServices;
  let nowMs = 59_000_000_000 * 1000;
  let ticker: CodeTicker;
  const ticks: { codes: { id: string; code: string | null; secondsRemaining: number }[] }[] = [];

  beforeAll(async () => {
    t = await testServices();
    await t.services.vaults.current().addFromUri(LINK);
    const hub = new EventHub();
    hub.listen((name, payload) => {
      if (name === 'codes.tick') ticks.push(payload as (typeof ticks)[number]);
    });
    ticker = new CodeTicker(t.services.vaults, hub, () => nowMs);
  });
  afterAll(() => t.cleanup());

  it('counts down within a step and changes the code when the step ends', () => {
    nowMs = Math.floor(nowMs / 30_000) * 30_000 + 1_000; // 1 s into a step
    ticker.tick();
    nowMs += 27_000; // 28 s in
    ticker.tick();
    nowMs += 2_000; // the next step
    ticker.tick();
    const [a, b, c] = ticks.slice(-3).map((tick) => tick.codes[0]!);
    expect(a!.secondsRemaining).toBe(29);
    expect(b!.secondsRemaining).toBe(2);
    expect(b!.code).toBe(a!.code);
    expect(c!.secondsRemaining).toBe(30);
    expect(c!.code).toBe(expected(nowMs / 1000));
    // The two steps' codes differ for this secret at this time (checked with the engine).
    expect(expected((nowMs - 2_000) / 1000)).not.toBe(expected(nowMs / 1000));
    expect(c!.code).not.toBe(b!.code);
  });

  it('computes and sends nothing while no one listens to codes.tick', () => {
    const hub = new EventHub();
    const received: string[] = [];
    hub.listen(
      (name) => received.push(name),
      (name) => name !== 'codes.tick',
    );
    const quiet = new CodeTicker(t.services.vaults, hub, () => nowMs);
    let computed = 0;
    const vault = t.services.vaults.current();
    const codes = vault.codes.bind(vault);
    vault.codes = (time) => {
      computed++;
      return codes(time);
    };
    try {
      quiet.tick();
      expect(received).toEqual([]);
      expect(computed).toBe(0);
      hub.listen(
        (name) => received.push(name),
        (name) => name === 'codes.tick',
      );
      quiet.tick();
      expect(received).toEqual(['codes.tick']);
      expect(computed).toBe(1);
    } finally {
      vault.codes = codes;
    }
  });

  it('sees entries added since the last tick once invalidated (services do it on every change)', async () => {
    const before = ticker.codes().length;
    await t.services.vaults
      .current()
      .addFromUri('otpauth://totp/GitHub:bob?secret=GEZDGNBVGY3TQOJQ&issuer=GitHub');
    ticker.invalidate();
    expect(ticker.codes()).toHaveLength(before + 1);
  });

  it('is invalidated by the services when an entry changes', async () => {
    const before = t.services.ticker.codes().length;
    t.services.events.emit('entries.changed', { reason: 'added' });
    await t.services.vaults
      .current()
      .addFromUri('otpauth://totp/Fastmail:carol?secret=KRSXG5CTMVRXEZLU&issuer=Fastmail');
    t.services.events.emit('entries.changed', { reason: 'added' });
    expect(t.services.ticker.codes()).toHaveLength(before + 1);
  });
});
