// The real app under Playwright's _electron driver. Runs where the Electron binary
// is installed; here (no binary) every test is skipped with the printed reason.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TwofoldApi } from '../../src/shared/ipc/api';
import { skipReason } from '../support/skip';
import { electronUnavailable, launchApp, type LaunchedApp } from './support';

const LINK = 'otpauth://totp/Example:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example';

describe.skipIf(skipReason('Electron app', electronUnavailable()))('the Electron app', () => {
  let launched: LaunchedApp;

  beforeAll(async () => {
    launched = await launchApp([LINK]);
  }, 60_000);
  afterAll(() => launched?.close());

  it('opens one sandboxed window from twofold-app://', async () => {
    const page = await launched.app.firstWindow();
    expect(page.url()).toBe('twofold-app://app/index.html');
    const seen = await launched.app.evaluate(({ BrowserWindow }) => {
      const windows = BrowserWindow.getAllWindows();
      return { windows: windows.length, pid: windows[0]!.webContents.getOSProcessId() };
    });
    expect(seen.windows).toBe(1);
    if (process.platform === 'linux') {
      // A sandboxed renderer is started without --no-sandbox.
      const cmdline = readFileSync(`/proc/${seen.pid}/cmdline`, 'utf8').split('\0');
      expect(cmdline).not.toContain('--no-sandbox');
    }
  });

  it('gives the page window.twofold and nothing of Node', async () => {
    const page = await launched.app.firstWindow();
    const seen = await page.evaluate(() => ({
      api: Object.keys((globalThis as unknown as { twofold: object }).twofold).sort(),
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
    }));
    expect(seen.api).toContain('entries');
    expect(seen.require).toBe('undefined');
    expect(seen.process).toBe('undefined');
  });

  it('denies window.open and navigation away', async () => {
    const page = await launched.app.firstWindow();
    const opened = await page.evaluate(() =>
      (globalThis as unknown as { open(u: string): unknown }).open('https://example.com/'),
    );
    expect(opened).toBeNull();
    await page.evaluate(() => {
      (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe('twofold-app://app/index.html');
  });

  it('offers the otpauth link it was started with, and adds it only when asked', async () => {
    const page = await launched.app.firstWindow();
    const result = await page.evaluate(async () => {
      const api = (globalThis as unknown as { twofold: TwofoldApi }).twofold;
      const pending = await api.entries.pending();
      const before = await api.entries.list();
      if (!pending.ok || !before.ok) return null;
      const added = await api.entries.addPending({ pendingIds: pending.value.map((p) => p.pendingId) });
      return {
        offered: pending.value.map((p) => p.preview.issuer),
        before: before.value.length,
        added: added.ok,
      };
    });
    expect(result).toEqual({ offered: ['Example'], before: 0, added: true });
  });

  it('copies a code to the OS clipboard', async () => {
    const page = await launched.app.firstWindow();
    await page.evaluate(async () => {
      const api = (globalThis as unknown as { twofold: TwofoldApi }).twofold;
      const list = await api.entries.list();
      if (list.ok && list.value[0]) await api.codes.copy({ id: list.value[0].id });
    });
    const copied = await launched.app.evaluate(({ clipboard }) => clipboard.readText());
    expect(copied).toMatch(/^\d{6}$/);
  });
});
