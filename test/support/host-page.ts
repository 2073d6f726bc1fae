// Page objects for the renderer, driven in Chromium through the test host.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import lockfile from 'proper-lockfile';
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { TOKEN_HEADER } from '../../src/host/request-guard';
import { startHost, type HostOptions, type RunningHost } from '../../src/host/server';
import { launchChromium } from './chromium';

const root = resolve(import.meta.dirname, '../..');
const builtIndex = join(root, 'out/renderer/index.html');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, name.name);
    newest = Math.max(newest, name.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * TWOFOLD_UI_RENDERER: test another renderer build than out/renderer (say, an older
 * commit's, to take "before" screenshots); TWOFOLD_UI_SHOTS: a folder for them.
 */
const rendererOverride = process.env.TWOFOLD_UI_RENDERER;
const shotsDir = process.env.TWOFOLD_UI_SHOTS;

/** Saves a screenshot as <TWOFOLD_UI_SHOTS>/<name>.png when that folder is set; otherwise does nothing. */
export async function snap(page: Page, name: string): Promise<void> {
  if (!shotsDir) return;
  mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: join(shotsDir, `${name}.png`) });
}

/** Builds the app once when out/renderer is missing or older than its sources; test files share a lock. */
export async function ensureRendererBuilt(): Promise<void> {
  if (rendererOverride) return;
  const lockDir = join(root, 'node_modules/.cache');
  mkdirSync(lockDir, { recursive: true });
  const release = await lockfile.lock(lockDir, {
    lockfilePath: join(lockDir, 'twofold-renderer-build.lock'),
    retries: { retries: 120, minTimeout: 500, maxTimeout: 1000 },
    stale: 120_000,
  });
  try {
    const sources = Math.max(newestMtime(join(root, 'src/renderer')), newestMtime(join(root, 'src/shared')));
    if (!existsSync(builtIndex) || statSync(builtIndex).mtimeMs < sources) {
      execFileSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'pipe', timeout: 180_000 });
    }
  } finally {
    await release();
  }
}

export interface AppSession {
  host: RunningHost;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** A folder for the test's own files (images to open, screenshots); removed on close. */
  scratch: string;
  close(): Promise<void>;
}

/** A fresh host on a temporary home, Chromium, and the app opened on Codes. */
export async function openApp(
  options: HostOptions & { context?: BrowserContextOptions } = {},
): Promise<AppSession> {
  const { context: contextOptions, ...hostOptions } = options;
  const scratch = mkdtempSync(join(tmpdir(), 'twofold-ui-'));
  // Tests drive the /test/* stand-ins; /test/screen may name files in the scratch folder only.
  const host = await startHost({
    testEndpoints: true,
    screenDir: scratch,
    ...(rendererOverride ? { rendererDir: resolve(rendererOverride) } : {}),
    ...hostOptions,
  });
  const browser = await launchChromium();
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  // Anything the app logs as an error fails loudly in the test output.
  // Fail fast with the locator in the message, well inside vitest's own timeout.
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => console.error('[page error]', error.message));
  // The printed URL carries the host's token; the host answers with a cookie the page sends back.
  await page.goto(host.pageUrl);
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  return {
    host,
    browser,
    context,
    page,
    scratch,
    async close() {
      await browser.close();
      await host.close();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/** A request to the host from the test itself, with the host's start token. */
export function hostFetch(host: RunningHost, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set(TOKEN_HEADER, host.token);
  return fetch(`${host.url}${path}`, { ...init, headers });
}

/** What the app last put on the (memory) clipboard, read through the host's test endpoint. */
export async function readClipboard(host: RunningHost): Promise<string | null> {
  const response = await hostFetch(host, '/test/clipboard');
  const body = (await response.json()) as { text?: string | null };
  return body.text ?? null;
}

/** The code oathtool computes now, and the one for the previous step (a step may end mid-test). */
export function oathtoolCodes(secret: string, digits = 6): string[] {
  const now = Math.floor(Date.now() / 1000);
  return [now, now - 30].map((t) =>
    execFileSync('oathtool', ['--totp', '-d', String(digits), '-b', `--now=@${t}`, secret], {
      encoding: 'utf8',
    }).trim(),
  );
}

export function otpauth(issuer: string, account: string, secret: string): string {
  return `otpauth://totp/${encodeURIComponent(issuer)}:${encodeURIComponent(account)}?secret=${secret}&issuer=${encodeURIComponent(issuer)}`;
}

export function row(page: Page, text: string): Locator {
  return page.locator('.account-row', { hasText: text });
}

/** The code shown in a row, without the grouping space. */
export async function shownCode(rowLocator: Locator): Promise<string> {
  const code = rowLocator.locator('.account-row__code:not([data-code=""])');
  await code.waitFor();
  return (await code.getAttribute('data-code')) ?? '';
}

/** The code and its grouped text, read in one go so a step change cannot fall between them. */
export async function shownCodeAndText(rowLocator: Locator): Promise<{ code: string; text: string }> {
  const code = rowLocator.locator('.account-row__code:not([data-code=""])');
  await code.waitFor();
  return code.evaluate((el) => ({ code: el.getAttribute('data-code') ?? '', text: el.textContent ?? '' }));
}

export async function openAddSheet(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  const sheet = page.getByRole('dialog', { name: 'Add an account' });
  await sheet.waitFor();
  return sheet;
}

export async function addByLink(page: Page, uri: string): Promise<void> {
  const sheet = await openAddSheet(page);
  await sheet.getByRole('button', { name: 'Paste link' }).click();
  await sheet.getByLabel('Link', { exact: true }).fill(uri);
  await sheet.getByRole('button', { name: 'Add account' }).click();
  await sheet.waitFor({ state: 'detached' });
}

/** The issuers of the rows, top to bottom. */
export async function rowOrder(page: Page): Promise<string[]> {
  return page.locator('.account-row .account-row__login').allTextContents();
}
