import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumUnavailable } from '../support/chromium';
import {
  addByLink,
  ensureRendererBuilt,
  openApp,
  readClipboard,
  row,
  shownCode,
  type AppSession,
} from '../support/host-page';
import { skipReason } from '../support/skip';

const skip = skipReason('desktop-ui countdown and HOTP', chromiumUnavailable());

function oathtool(args: string[]): string {
  return execFileSync('oathtool', args, { encoding: 'utf8' }).trim();
}

describe.skipIf(skip)('Countdown and counter-based accounts', () => {
  let app: AppSession;

  beforeAll(async () => {
    await ensureRendererBuilt();
    app = await openApp();
  }, 240_000);

  afterAll(async () => {
    await app?.close();
  });

  it('turns the ring amber and shows the next code in the last five seconds', async () => {
    const secret = 'ONSWG4TFORZWK3TUNFQWY4ZA';
    // A 6-second period is in its last five seconds most of the time.
    await addByLink(app.page, `otpauth://totp/short.example:gina?secret=${secret}&period=6`);
    const target = row(app.page, 'gina');
    await target.locator('.countdown--ending').waitFor();
    const next = target.locator('.account-row__next');
    await next.waitFor();
    const shown = ((await next.textContent()) ?? '').replace(/\D/g, '');
    const now = Math.floor(Date.now() / 1000);
    const candidates = [now + 6, now, now + 12].map((t) =>
      oathtool(['--totp', '-b', '-s', '6', `--now=@${t}`, secret]),
    );
    expect(candidates).toContain(shown);
    await expect.poll(() => next.textContent()).toMatch(/^Next code \d{3} \d{3}$/);

    // Shift+click copies the next code: the one for the step after the click's.
    const stepBefore = Math.floor(Date.now() / 6000);
    await target.locator('.account-row__main').click({ modifiers: ['Shift'] });
    await expect.poll(() => readClipboard(app.host), { timeout: 10_000 }).toMatch(/^\d{6}$/);
    const stepAfter = Math.floor(Date.now() / 6000);
    const nextCodes: string[] = [];
    for (let step = stepBefore + 1; step <= stepAfter + 1; step++) {
      nextCodes.push(oathtool(['--totp', '-b', '-s', '6', `--now=@${step * 6}`, secret]));
    }
    expect(nextCodes).toContain(await readClipboard(app.host));
  });

  it('animates the ring only when the system allows motion', async () => {
    const progress = row(app.page, 'gina').locator('.ring__progress');
    await app.page.emulateMedia({ reducedMotion: 'no-preference' });
    await expect
      .poll(() =>
        progress.evaluate((el) => el.ownerDocument.defaultView?.getComputedStyle(el).transitionDuration),
      )
      .toBe('1s');
    await app.page.emulateMedia({ reducedMotion: 'reduce' });
    await expect
      .poll(() =>
        progress.evaluate((el) => el.ownerDocument.defaultView?.getComputedStyle(el).transitionDuration),
      )
      .toBe('0s');
  });

  it('makes HOTP codes only on request, matching oathtool counter by counter', async () => {
    const secret = 'MZXW6YTBOI2DEMZUGQ3TKNRX';
    await addByLink(app.page, `otpauth://hotp/counter.example:hank?secret=${secret}&counter=5`);
    const target = row(app.page, 'hank');
    await expect.poll(() => target.locator('.account-row__placeholder').textContent()).toBe('Get a code');
    await target.getByRole('button', { name: 'Next code for counter.example (hank)' }).click();
    expect(await shownCode(target)).toBe(oathtool(['-b', '-c', '5', secret]));
    await target.getByRole('button', { name: 'Next code for counter.example (hank)' }).click();
    // The counter is written to the vault file before the code comes back: more than 1 s on a busy disk.
    await expect.poll(() => shownCode(target), { timeout: 10_000 }).toBe(oathtool(['-b', '-c', '6', secret]));
    await expect(readClipboard(app.host)).resolves.not.toBe(oathtool(['-b', '-c', '6', secret]));
  });
});
