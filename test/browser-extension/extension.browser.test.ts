import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumUnavailable } from '../support/chromium';
import { openExtensionLab, type ExtensionLab } from '../support/extension-lab';
import { skipReason } from '../support/skip';

const LABEL = 'Fill code from Twofold';
const skip = skipReason('browser extension in Chromium', chromiumUnavailable());

let lab: ExtensionLab;
const https = (host: string, path: string) => lab.https(host, path);
const oathtool = () => lab.oathtool();

async function fillButton(frame: Page | Frame) {
  const button = frame.getByRole('button', { name: LABEL });
  await expect.poll(() => button.count(), { timeout: 15_000 }).toBe(1);
  return button;
}

describe.skipIf(skip)('the extension in Chromium fills codes on the site and nothing on look-alikes', () => {
  beforeAll(async () => {
    lab = await openExtensionLab();
  }, 120_000);

  afterAll(async () => {
    await lab?.close();
  });

  it('fills a plain one-time-code field with the right code on click, and not before', async () => {
    const page = await lab.context.newPage();
    await page.goto(https('github.com', '/plain'));
    const button = await fillButton(page);
    await expect.poll(() => page.locator('#code').inputValue(), { timeout: 2_000 }).toBe('');
    const before = oathtool();
    await button.click();
    await expect.poll(() => page.locator('#code').inputValue(), { timeout: 15_000 }).toMatch(/^\d{6}$/);
    expect([before, oathtool()]).toContain(await page.locator('#code').inputValue());

    await page.close();
  }, 120_000);

  it('fills six split boxes one digit each', async () => {
    const page = await lab.context.newPage();
    await page.goto(https('github.com', '/split'));
    const before = oathtool();
    await (await fillButton(page)).click();
    const boxes = page.locator('#boxes input');
    const code = () =>
      boxes.evaluateAll((inputs) =>
        inputs.map((input) => (input as unknown as { value: string }).value).join(''),
      );
    await expect.poll(code, { timeout: 15_000 }).toMatch(/^\d{6}$/);
    expect([before, oathtool()]).toContain(await code());
    await page.close();
  }, 60_000);

  it('fills a field in a same-origin frame', async () => {
    const page = await lab.context.newPage();
    await page.goto(https('github.com', '/same-frame'));
    const frame = page.frames()[1] as Frame;
    await (await fillButton(frame)).click();
    await expect.poll(() => frame.locator('#code').inputValue(), { timeout: 15_000 }).toMatch(/^\d{6}$/);
    await page.close();
  }, 60_000);

  const lookAlikes: [string, () => string, RegExp][] = [
    [
      'a look-alike subdomain',
      () => https('github.com.evil.example', '/plain'),
      /is not github\.com, though it looks like it/,
    ],
    ['a typo domain', () => https('gihtub.com', '/plain'), /gihtub\.com is not github\.com/],
    ['a punycode homograph', () => https('xn--gthub-n4a.com', '/plain'), /letters from other alphabets/],
    [
      'an http page',
      () => `http://example.org:${lab.httpPort}/plain`,
      /not on a secure \(https\) connection/,
    ],
    [
      'a cross-origin frame on the site',
      () => https('github.com', `/frame?src=${encodeURIComponent(https('evil.example', '/plain'))}`),
      /frame from evil\.example inside github\.com/,
    ],
    [
      'a cross-origin frame of the same site',
      () => https('github.com', `/frame?src=${encodeURIComponent(https('login.github.com', '/plain'))}`),
      /frame from login\.github\.com inside github\.com/,
    ],
    [
      'the site framed by another',
      () => https('evil.example', `/frame?src=${encodeURIComponent(https('github.com', '/plain'))}`),
      /frame from github\.com inside evil\.example/,
    ],
  ];

  it.each(lookAlikes)(
    'fills nothing on %s, and says why',
    async (_name, url, reason) => {
      const page = await lab.context.newPage();
      await page.goto(url());
      await expect.poll(() => page.frames().length, { timeout: 15_000 }).toBeGreaterThan(0);
      const frame = url().includes('/frame?')
        ? (await expect.poll(() => page.frames().length, { timeout: 15_000 }).toBe(2),
          page.frames()[1] as Frame)
        : page.mainFrame();
      await (await fillButton(frame)).click();
      await expect.poll(() => frame.getByRole('status').textContent(), { timeout: 15_000 }).toMatch(reason);
      expect(await frame.locator('#code').inputValue()).toBe('');
      await page.close();
    },
    60_000,
  );
});
