import type { Frame, Page, Worker } from 'playwright-core';
import { CHROMIUM_EXTENSION_ID } from '../../src/shared/browser/extension-ids';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumUnavailable } from '../support/chromium';
import { openExtensionLab, type ExtensionLab } from '../support/extension-lab';
import { runBin } from '../support/run-bin';
import { skipReason } from '../support/skip';

const LABEL = 'Fill code from Twofold';
const skip = skipReason('browser extension in Chromium', chromiumUnavailable());

let lab: ExtensionLab;
const https = (host: string, path: string) => lab.https(host, path);
const oathtool = () => lab.oathtool();

async function worker(): Promise<Worker> {
  return lab.context.serviceWorkers()[0] ?? (await lab.context.waitForEvent('serviceworker'));
}

/** The few extension APIs the tests call in the service worker. */
interface WorkerChrome {
  tabs: {
    sendMessage(tabId: number, message: unknown): Promise<unknown>;
  };
  storage: { session: { get(key: null): Promise<Record<string, { top?: string }>> } };
}

/** The browser's id for the tab showing `page` (the popup, opened as a page, is told which tab). */
async function tabIdOf(page: Page): Promise<number> {
  const id = await (
    await worker()
  ).evaluate(async (wanted) => {
    const api = (globalThis as unknown as { chrome: WorkerChrome }).chrome;
    // Without the tabs permission, the tab's address is what the content script's messages told.
    const found = Object.entries(await api.storage.session.get(null)).find(([, tab]) => tab.top === wanted);
    return found ? Number(found[0].replace('fields:', '')) : -1;
  }, page.url());
  expect(id).toBeGreaterThanOrEqual(0);
  return id;
}

async function openPopup(page: Page): Promise<Page> {
  // The content script reports its fields to the service worker once it has found them.
  await fillButton(page.mainFrame().childFrames()[0] ?? page);
  const popup = await lab.context.newPage();
  await popup.goto(`chrome-extension://${CHROMIUM_EXTENSION_ID}/popup.html?tab=${await tabIdOf(page)}`);
  return popup;
}

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

  it("the popup lists the site's account and fills the page's field from it; the popup never sees the code", async () => {
    const page = await lab.context.newPage();
    await page.goto(https('github.com', '/plain'));
    const popup = await openPopup(page);
    await expect
      .poll(() => popup.locator('main').textContent(), { timeout: 15_000 })
      .toContain('Accounts for github.com');
    const before = oathtool();
    await popup.getByRole('button', { name: 'Fill code for github.com' }).click();
    await expect.poll(() => popup.getByRole('status').textContent(), { timeout: 15_000 }).toBe('Filled.');
    const code = await page.locator('#code').inputValue();
    expect([before, oathtool()]).toContain(code);
    expect(await popup.content()).not.toContain(code);
    await popup.close();
    await page.close();
  }, 60_000);

  it.each([
    ['a look-alike', () => https('gihtub.com', '/plain'), /gihtub\.com is not github\.com/],
    [
      'a cross-origin frame',
      () => https('github.com', `/frame?src=${encodeURIComponent(https('evil.example', '/plain'))}`),
      /frame from evil\.example inside github\.com/,
    ],
    [
      'a site with no account',
      () => https('example.net', '/plain'),
      /No account in Twofold is for example\.net/,
    ],
  ])(
    'the popup says why nothing matches on %s',
    async (_name, url, reason) => {
      const page = await lab.context.newPage();
      await page.goto(url());
      const popup = await openPopup(page);
      await expect.poll(() => popup.locator('main').textContent(), { timeout: 15_000 }).toMatch(reason);
      expect(await popup.getByRole('button').count()).toBe(0);
      await popup.close();
      await page.close();
    },
    60_000,
  );

  it('links an account to a site once from the popup ("Use Acme Corp for acme.com?"), then fills', async () => {
    const uri = `otpauth://totp/Acme%20Corp:carol?secret=JBSWY3DPEHPK3PXP&issuer=Acme%20Corp`;
    expect((await runBin('twofold', ['add', uri, '--vault', lab.vault], { env: lab.env })).status).toBe(0);
    expect(
      (await runBin('twofold', ['browser', 'allow', 'acme.com', '--vault', lab.vault], { env: lab.env }))
        .status,
    ).toBe(0);
    const page = await lab.context.newPage();
    await page.goto(https('acme.com', '/plain'));
    const popup = await openPopup(page);
    await expect
      .poll(() => popup.locator('main').textContent(), { timeout: 15_000 })
      .toContain('Use Acme Corp for acme.com?');
    await popup.getByRole('button', { name: 'Use Acme Corp for acme.com' }).click();
    await expect
      .poll(() => popup.locator('main').textContent(), { timeout: 15_000 })
      .toContain('Accounts for acme.com');
    await popup.getByRole('button', { name: 'Fill code for Acme Corp' }).click();
    await expect.poll(() => page.locator('#code').inputValue(), { timeout: 15_000 }).toMatch(/^\d{6}$/);
    await popup.close();
    // Stored in the vault: a new popup (a new host process) finds the account for acme.com.
    const again = await openPopup(page);
    await expect
      .poll(() => again.locator('main').textContent(), { timeout: 15_000 })
      .toContain('Accounts for acme.com');
    await again.close();
    await page.close();
  }, 60_000);

  it('the shortcut fills the focused code field (box by box)', async () => {
    const page = await lab.context.newPage();
    await page.goto(https('github.com', '/split'));
    await fillButton(page);
    await page.bringToFront();
    await page.locator('#boxes input').first().focus();
    const tab = await tabIdOf(page);
    // What the browser's command does (a headless browser has no keyboard shortcuts to press).
    await (
      await worker()
    ).evaluate((id) => {
      const api = (globalThis as unknown as { chrome: WorkerChrome }).chrome;
      return api.tabs.sendMessage(id, { type: 'fill-focused' });
    }, tab);
    const code = () =>
      page
        .locator('#boxes input')
        .evaluateAll((inputs) =>
          inputs.map((input) => (input as unknown as { value: string }).value).join(''),
        );
    await expect.poll(code, { timeout: 15_000 }).toMatch(/^\d{6}$/);
    await page.close();
  }, 60_000);
});
