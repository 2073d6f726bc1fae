import { existsSync } from 'node:fs';
import { text } from 'node:stream/consumers';
import { chromium, type Browser, type BrowserServer, type Download } from 'playwright-core';

/** Debian's Chromium; Playwright's own browser download cannot work on these machines. */
export const CHROMIUM_PATH = process.env.TWOFOLD_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Why browser tests cannot run here, or null when they can. */
export function chromiumUnavailable(): string | null {
  return existsSync(CHROMIUM_PATH) ? null : `no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`;
}

/** Set by the test run's global setup: the address of the one Chromium every test file shares. */
const SHARED_CHROMIUM_ENV = 'TWOFOLD_TEST_CHROMIUM_WS';

/**
 * A browser for one test file: a connection to the run's shared Chromium when there is one (a
 * launch per file cost a second of CPU each; each file still gets its own contexts, and
 * `close()` only disconnects), else a Chromium of its own.
 */
export async function launchChromium(): Promise<Browser> {
  const shared = process.env[SHARED_CHROMIUM_ENV];
  if (shared !== undefined) return chromium.connect(shared);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/** Starts the run's shared Chromium (global setup); test workers started afterwards connect to it. */
export async function startSharedChromium(): Promise<BrowserServer> {
  const server = await chromium.launchServer({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
  });
  process.env[SHARED_CHROMIUM_ENV] = server.wsEndpoint();
  return server;
}

/** A download's content as text (read from the browser: a shared Chromium's files are not ours to open). */
export async function downloadedText(download: Download): Promise<string> {
  return text(await download.createReadStream());
}
