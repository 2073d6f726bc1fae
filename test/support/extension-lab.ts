// A browser with Twofold's extension and a test site on loopback, shared by the extension's
// browser test and its bench: the unpacked extension as `npm run build` writes it, an https
// and an http server answering every host name (Chromium maps them all to 127.0.0.1), a vault
// with accounts for github.com and example.org, the native host registered in the profile.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttp, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';
import { ROOT, runBin } from './run-bin';

export const LAB_SECRET = 'JBSWY3DPEHPK3PXP';
export const EXTENSION = join(ROOT, 'out/extension/chromium');

const PLAIN =
  '<label>Authentication code <input id="code" autocomplete="one-time-code" inputmode="numeric"></label>';
const SPLIT = `<p>Verification code</p><div id="boxes">${'<input maxlength="1" inputmode="numeric">'.repeat(6)}</div>`;

function site(req: IncomingMessage, res: ServerResponse): void {
  const page = (body: string) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><title>test</title>${body}`);
  };
  const url = req.url ?? '/';
  if (url === '/plain') return page(PLAIN);
  if (url === '/split') return page(SPLIT);
  if (url === '/same-frame') return page(`<iframe src="/plain"></iframe>`);
  if (url.startsWith('/frame?src='))
    return page(`<iframe src="${decodeURIComponent(url.slice(11))}"></iframe>`);
  res.statusCode = 404;
  res.end();
}

export interface ExtensionLab {
  readonly context: BrowserContext;
  readonly dir: string;
  readonly vault: string;
  readonly env: Record<string, string>;
  readonly httpPort: number;
  /** An https address on the test site under any host name. */
  https(host: string, path: string): string;
  /** oathtool's code for the lab's secret now. */
  oathtool(): string;
  close(): Promise<void>;
}

async function twofold(args: string[], env: Record<string, string>): Promise<void> {
  const result = await runBin('twofold', args, { env });
  if (result.status !== 0) throw new Error(`twofold ${args.join(' ')}: ${result.stderr}`);
}

export async function openExtensionLab(): Promise<ExtensionLab> {
  const dir = mkdtempSync(join(tmpdir(), 'twofold-extension-'));
  const vault = join(dir, 'home', 'vault.twofold');
  const profile = join(dir, 'profile');
  // The renderer's staleness check does not cover the extension: build it (a second or so).
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-extension.mjs')], { stdio: 'ignore' });
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=test', '-days', '1'].concat([
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ]),
    { stdio: 'ignore' },
  );
  const tls = createHttps(
    { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
    site,
  );
  const plain = createHttp(site);
  const servers = [tls, plain];
  await Promise.all(servers.map((server) => new Promise<void>((r) => server.listen(0, '127.0.0.1', r))));
  const httpsPort = (tls.address() as AddressInfo).port;
  const httpPort = (plain.address() as AddressInfo).port;

  const env = { TWOFOLD_HOME: join(dir, 'home') };
  await twofold(
    ['add', `otpauth://totp/github.com:alice?secret=${LAB_SECRET}&issuer=github.com`, '--vault', vault],
    env,
  );
  // github.com is on Chromium's HSTS preload list (http is upgraded): the http page is example.org's.
  await twofold(
    ['add', `otpauth://totp/example.org:bob?secret=${LAB_SECRET}&issuer=example.org`, '--vault', vault],
    env,
  );
  for (const args of [
    ['install', '--browser', 'chromium', '--user-data-dir', profile],
    ['allow', 'github.com'],
    ['allow', 'example.org'],
  ])
    await twofold(['browser', ...args, '--vault', vault], env);

  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    ignoreHTTPSErrors: true,
    args: [
      ...CHROMIUM_ARGS,
      '--headless=new',
      `--disable-extensions-except=${EXTENSION}`,
      `--load-extension=${EXTENSION}`,
      '--host-resolver-rules=MAP * 127.0.0.1',
      '--ignore-certificate-errors',
    ],
  });
  return {
    context,
    dir,
    vault,
    env,
    httpPort,
    https: (host, path) => `https://${host}:${httpsPort}${path}`,
    oathtool: () => execFileSync('oathtool', ['--totp', '-b', LAB_SECRET], { encoding: 'utf8' }).trim(),
    async close() {
      await context.close();
      for (const server of servers) server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
