// The update client against a real update feed: an HTTP server on loopback serving
// latest-linux.yml and the package it names, read by electron-updater's own Linux
// updater (DebUpdater) through Twofold's port and service. Only the transport differs
// from the packaged app: Node's http instead of Electron's net, which needs Electron.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type ClientRequest, type IncomingMessage, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DebUpdater } from 'electron-updater';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UpdateService } from '../../src/desktop/updates/update-service';
import { electronUpdaterPort } from '../../src/main/updates/updater-port';
import { updateFeed } from '../../electron-builder';

type Executor = new () => {
  createRequest(options: object, callback: (response: IncomingMessage) => void): ClientRequest;
};
const { ElectronHttpExecutor } = createRequire(import.meta.url)(
  'electron-updater/out/electronHttpExecutor',
) as {
  ElectronHttpExecutor: Executor;
};

/** electron-updater's executor (downloads, redirects, checksums) with Node's http underneath. */
class LoopbackHttpExecutor extends ElectronHttpExecutor {
  override createRequest(options: object, callback: (response: IncomingMessage) => void): ClientRequest {
    return request(options, callback);
  }
}

const channelFile = `latest-linux${process.arch === 'arm64' ? '-arm64' : ''}.yml`;
const packageName = 'twofold_0.2.0_amd64.deb';
const packageBytes = randomBytes(256 * 1024);
const sha512 = (bytes: Buffer): string => createHash('sha512').update(bytes).digest('base64');

let server: Server;
let feedUrl: string;
let files = new Map<string, Buffer>();
const requested: string[] = [];
const homes: string[] = [];

function feed(version: string, served: Buffer = packageBytes): void {
  const yml = [
    `version: ${version}`,
    'files:',
    `  - url: ${packageName}`,
    `    sha512: ${sha512(packageBytes)}`,
    `    size: ${packageBytes.length}`,
    `path: ${packageName}`,
    `sha512: ${sha512(packageBytes)}`,
    "releaseDate: '2026-11-29T12:00:00.000Z'",
    '',
  ].join('\n');
  files = new Map([
    [`/feed/${channelFile}`, Buffer.from(yml)],
    [`/feed/${packageName}`, served],
  ]);
}

/** A Twofold 0.1.0 "installed" in a temporary folder, whose build points at `url`. */
function twofoldAt(url: string, automatic = true): { service: UpdateService; cache: string } {
  const home = mkdtempSync(join(tmpdir(), 'twofold-updates-'));
  homes.push(home);
  const configPath = join(home, 'app-update.yml');
  writeFileSync(configPath, `provider: generic\nurl: ${url}\nupdaterCacheDirName: twofold-updater\n`);
  const updater = new DebUpdater(null, {
    version: '0.1.0',
    name: 'Twofold',
    isPackaged: true,
    appUpdateConfigPath: configPath,
    userDataPath: home,
    baseCachePath: join(home, 'cache'),
    whenReady: () => Promise.resolve(),
    relaunch: () => undefined,
    quit: () => undefined,
    onQuit: () => undefined,
  });
  Object.assign(updater, { httpExecutor: new LoopbackHttpExecutor() });
  const service = new UpdateService({
    updater: electronUpdaterPort(updater),
    currentVersion: '0.1.0',
    automatic: () => automatic,
  });
  return { service, cache: join(home, 'cache', 'twofold-updater') };
}

function downloaded(cache: string): Buffer | null {
  const pending = join(cache, 'pending');
  if (!existsSync(pending)) return null;
  const file = readdirSync(pending).find((name) => name.endsWith('.deb'));
  return file ? readFileSync(join(pending, file)) : null;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    // electron-updater adds ?noCache=… to the feed file.
    const path = new URL(req.url ?? '/', 'http://feed').pathname;
    requested.push(path);
    const body = files.get(path);
    if (!body) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed/`;
});

afterEach(() => {
  requested.length = 0;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});

describe('updates from a generic feed on loopback', () => {
  it('finds a newer version, downloads it, verifies its SHA-512 and says it is installed on quit', async () => {
    feed('0.2.0');
    const { service, cache } = twofoldAt(feedUrl);
    expect(service.status()).toMatchObject({ state: 'idle', configured: true });
    const status = await service.check();
    expect(status).toMatchObject({ state: 'ready', latestVersion: '0.2.0', currentVersion: '0.1.0' });
    expect(status.message).toBe(
      'Twofold 0.2.0 has been downloaded and checked; it is installed when you quit Twofold.',
    );
    expect(status.checkedAt).toBeGreaterThan(0);
    expect(requested).toEqual([`/feed/${channelFile}`, `/feed/${packageName}`]);
    expect(downloaded(cache)?.equals(packageBytes)).toBe(true);
  }, 60_000);

  it('says so when this is the latest version, and downloads nothing', async () => {
    feed('0.1.0');
    const { service, cache } = twofoldAt(feedUrl);
    const status = await service.check();
    expect(status).toMatchObject({ state: 'up-to-date', latestVersion: '0.1.0' });
    expect(status.message).toBe('Twofold 0.1.0 is the latest version.');
    expect(requested).toEqual([`/feed/${channelFile}`]);
    expect(downloaded(cache)).toBeNull();
  }, 60_000);

  it('refuses a package whose checksum is not the one the feed signed off', async () => {
    const tampered = Buffer.from(packageBytes);
    tampered[1000] = (tampered[1000] ?? 0) ^ 0xff;
    feed('0.2.0', tampered);
    const { service, cache } = twofoldAt(feedUrl);
    const status = await service.check();
    expect(status.state).toBe('error');
    expect(status.message).toMatch(
      /^Twofold 0\.2\.0 is available, but it could not be downloaded: .*sha512 checksum mismatch/,
    );
    expect(downloaded(cache)).toBeNull();
  }, 60_000);

  it('says it could not check when the feed does not answer', async () => {
    feed('0.2.0');
    const { service } = twofoldAt(`${feedUrl}missing/`);
    const status = await service.check();
    expect(status.state).toBe('error');
    expect(status.message).toMatch(/^Could not check for updates: /);
    expect(status.message.length).toBeLessThan(260);
  }, 60_000);

  it('refuses a feed that is not https before reading anything from it (loopback excepted)', async () => {
    feed('0.2.0');
    // The feed's host resolves to nothing here: an updater that tried it would fail on DNS instead.
    const { service, cache } = twofoldAt('http://updates.example.invalid/twofold/');
    const status = await service.check();
    expect(status).toMatchObject({ state: 'error', latestVersion: null });
    expect(status.message).toBe(
      'Could not check for updates: the update feed http://updates.example.invalid is not https; Twofold only takes updates over https, so nobody on the way can swap them',
    );
    expect(requested).toEqual([]);
    expect(downloaded(cache)).toBeNull();
  }, 60_000);

  it('checks on its own only while the setting is on', async () => {
    feed('0.1.0');
    twofoldAt(feedUrl, false).service.startAutomatic(60_000)();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(requested).toEqual([]);
    const { service } = twofoldAt(feedUrl, true);
    const stop = service.startAutomatic(60_000);
    stop();
    await expect.poll(() => service.status().state, { timeout: 20_000 }).toBe('up-to-date');
    expect(requested).toEqual([`/feed/${channelFile}`]);
  }, 60_000);
});

describe('the update feed of a build', () => {
  it('is off unless TWOFOLD_UPDATE_URL names one', () => {
    expect(updateFeed({})).toBeNull();
    expect(updateFeed({ TWOFOLD_UPDATE_URL: '  ' })).toBeNull();
    expect(updateFeed({ TWOFOLD_UPDATE_URL: 'https://updates.example.org/twofold/' })).toEqual([
      { provider: 'generic', url: 'https://updates.example.org/twofold/' },
    ]);
    expect(() => updateFeed({ TWOFOLD_UPDATE_URL: 'http://updates.example.org/twofold/' })).toThrow(
      'TWOFOLD_UPDATE_URL: the update feed http://updates.example.org is not https',
    );
    expect(updateFeed({ TWOFOLD_UPDATE_URL: 'http://127.0.0.1:8080/feed/' })).toHaveLength(1);
  });

  it('without one, the service reports updates off and never checks', async () => {
    const service = new UpdateService({ updater: null, currentVersion: '0.1.0', automatic: () => true });
    service.startAutomatic()();
    expect(await service.check()).toMatchObject({ state: 'off', configured: false });
  });
});
