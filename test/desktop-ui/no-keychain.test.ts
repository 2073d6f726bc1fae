// Issue 12, item 3: the first run on a computer without a Secret Service is not a dead end.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumUnavailable, launchChromium } from '../support/chromium';
import { ensureRendererBuilt, snap } from '../support/host-page';
import { skipReason } from '../support/skip';

// Words of keytar's raw error ("Cannot autolaunch D-Bus without X11 $DISPLAY"); Settings may name X11 on its own.
const RAW_KEYCHAIN_ERROR = /D-Bus|autolaunch|\$DISPLAY|keytar/;

const skip = skipReason('desktop-ui without a keychain', chromiumUnavailable());
const root = resolve(import.meta.dirname, '../..');

/** The test host as its own process with no D-Bus session, so the OS keychain is out of reach. */
async function hostWithoutKeychain(home: string): Promise<{ url: string; child: ChildProcess }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DBUS_SESSION_BUS_ADDRESS;
  delete env.DISPLAY;
  const rendererDir = process.env.TWOFOLD_UI_RENDERER;
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/host/bin.ts',
      '--home',
      home,
      ...(rendererDir ? ['--renderer', rendererDir] : []),
    ],
    { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const url = await new Promise<string>((done, fail) => {
    let stdout = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const found = /listening on (\S+)/.exec(stdout);
      if (found?.[1]) done(found[1]);
    });
    child.on('close', (status) => fail(new Error(`the host exited (${status}): ${stderr}`)));
  });
  return { url, child };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const closed = new Promise((done) => child.once('close', done));
  child.kill('SIGTERM');
  await closed;
}

describe.skipIf(skip)('First run without a system keychain', () => {
  let browser: Browser;
  let page: Page;
  let home: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    await ensureRendererBuilt();
    home = mkdtempSync(join(tmpdir(), 'twofold-nokeychain-'));
    browser = await launchChromium();
    page = await browser.newPage();
    page.setDefaultTimeout(20_000);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    for (const child of children) await stop(child);
    rmSync(home, { recursive: true, force: true });
  });

  it('says the keychain is missing in words, offers a vault password, and opens with it next time', async () => {
    const first = await hostWithoutKeychain(home);
    children.push(first.child);
    await page.goto(first.url);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.locator('.unlock').waitFor();
    await snap(page, '03-no-keychain-first-run');
    await page.getByRole('heading', { name: 'Protect your accounts with a password' }).waitFor();
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('The system keychain is not available');
    expect(text).not.toMatch(RAW_KEYCHAIN_ERROR);

    // Settings says the same and offers the same way out, not a raw error.
    await page.getByRole('button', { name: 'Settings' }).click();
    const settings = page.getByRole('form', { name: 'Protect the vault with a password' });
    await settings.waitFor();
    expect((await page.locator('main').textContent()) ?? '').not.toMatch(RAW_KEYCHAIN_ERROR);
    await page.getByRole('button', { name: 'Codes' }).click();

    const form = page.getByRole('form', { name: 'Protect the vault with a password' });
    await form.getByLabel('New password', { exact: true }).fill('correct horse battery');
    await form.getByLabel('Repeat the password', { exact: true }).fill('correct horse battery');
    await form.getByRole('button', { name: 'Protect and open' }).click();
    await page.getByRole('heading', { name: 'No accounts yet' }).waitFor();
    await snap(page, '03-no-keychain-opened');

    // The next start asks for that password and opens.
    await stop(first.child);
    const second = await hostWithoutKeychain(home);
    children.push(second.child);
    await page.goto(second.url);
    await page.getByRole('heading', { name: 'Unlock your accounts' }).waitFor();
    await page.getByLabel('Vault password', { exact: true }).fill('correct horse battery');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('button', { name: 'Add', exact: true }).waitFor();
    // The state meant: the Unlock page gone, within this test's own deadline (a loaded machine is slow).
    await page
      .getByRole('heading', { name: 'Unlock your accounts' })
      .waitFor({ state: 'detached', timeout: 30_000 });
  }, 120_000);
});
