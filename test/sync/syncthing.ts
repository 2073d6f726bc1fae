import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** Why the Syncthing test cannot run, or null. */
export function syncthingUnavailable(): string | null {
  try {
    execFileSync('syncthing', ['--version'], { stdio: 'ignore' });
    return null;
  } catch {
    return 'syncthing is not installed (apt-get install syncthing)';
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface Syncthing {
  readonly id: string;
  readonly folder: string;
  /** Asks for a rescan of the shared folder now (else it rescans every second anyway). */
  scan(): Promise<void>;
  /**
   * Pauses or resumes the shared folder. The folder, not the peer device: resuming two paused
   * devices at once makes both dial together, and Syncthing 1.19 can then wait out its 20-second
   * Hello timeout on both connections (seen in CI); a paused folder keeps the connection up.
   */
  pauseFolder(paused: boolean): Promise<void>;
  /** Whether the shared folder is paused on this side (Syncthing applies the change before the PATCH answers). */
  folderPaused(): Promise<boolean>;
  connected(device: string): Promise<boolean>;
  stop(): Promise<void>;
}

interface Prepared {
  home: string;
  folder: string;
  id: string;
  port: number;
  gui: number;
  apiKey: string;
}

async function prepare(root: string, name: string): Promise<Prepared> {
  const home = join(root, `syncthing-${name}`);
  const folder = join(root, `folder-${name}`);
  await mkdir(join(folder, '.stfolder'), { recursive: true });
  const env = { ...process.env, HOME: home };
  execFileSync('syncthing', ['generate', '--home', home, '--no-default-folder'], { env, stdio: 'ignore' });
  const id = execFileSync('syncthing', ['serve', '--home', home, '--device-id'], {
    env,
    encoding: 'utf8',
  }).trim();
  return {
    home,
    folder,
    id,
    port: await freePort(),
    gui: await freePort(),
    apiKey: randomBytes(16).toString('hex'),
  };
}

/** Everything that would reach outside loopback is off: discovery, relays, NAT, STUN, usage and crash reports, upgrades. */
function config(self: Prepared, peers: readonly Prepared[]): string {
  const all = [self, ...peers];
  return `<configuration version="36">
    <folder id="twofold" label="twofold" path="${self.folder}" type="sendreceive" rescanIntervalS="1" fsWatcherEnabled="false" fsWatcherDelayS="1" ignorePerms="false" autoNormalize="true">
        <filesystemType>basic</filesystemType>
${all.map((d) => `        <device id="${d.id}" introducedBy=""></device>`).join('\n')}
        <minDiskFree unit="%">0</minDiskFree>
        <markerName>.stfolder</markerName>
        <maxConflicts>10</maxConflicts>
    </folder>
${all
  .map(
    (
      d,
    ) => `    <device id="${d.id}" name="${d === self ? 'self' : 'peer'}" compression="metadata" introducer="false">
        <address>tcp://127.0.0.1:${d.port}</address>
    </device>`,
  )
  .join('\n')}
    <gui enabled="true" tls="false" debugging="false">
        <address>127.0.0.1:${self.gui}</address>
        <apikey>${self.apiKey}</apikey>
    </gui>
    <options>
        <listenAddress>tcp://127.0.0.1:${self.port}</listenAddress>
        <globalAnnounceServer></globalAnnounceServer>
        <globalAnnounceEnabled>false</globalAnnounceEnabled>
        <localAnnounceEnabled>false</localAnnounceEnabled>
        <relaysEnabled>false</relaysEnabled>
        <natEnabled>false</natEnabled>
        <urAccepted>-1</urAccepted>
        <urSeen>3</urSeen>
        <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
        <crashReportingEnabled>false</crashReportingEnabled>
        <startBrowser>false</startBrowser>
        <reconnectionIntervalS>1</reconnectionIntervalS>
        <stunKeepaliveStartS>0</stunKeepaliveStartS>
        <stunServer></stunServer>
        <minHomeDiskFree unit="%">0</minHomeDiskFree>
        <setLowPriority>false</setLowPriority>
        <progressUpdateIntervalS>1</progressUpdateIntervalS>
    </options>
</configuration>
`;
}

function start(self: Prepared): ChildProcess {
  return spawn(
    'syncthing',
    ['serve', '--home', self.home, '--no-browser', '--no-restart', '--no-upgrade', '--no-default-folder'],
    {
      env: { ...process.env, HOME: self.home, STNOUPGRADE: '1', STNORESTART: '1' },
      stdio: process.env.ST_DEBUG ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'ignore', 'ignore'],
    },
  );
}

/** Two Syncthing instances on loopback sharing one folder by static address. */
export async function startPair(root: string): Promise<[Syncthing, Syncthing]> {
  const one = await prepare(root, 'one');
  const two = await prepare(root, 'two');
  await writeFile(join(one.home, 'config.xml'), config(one, [two]));
  await writeFile(join(two.home, 'config.xml'), config(two, [one]));
  return [instance(one), instance(two)];
}

function instance(self: Prepared): Syncthing {
  const child = start(self);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const api = async (method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`http://127.0.0.1:${self.gui}${path}`, {
      method,
      headers: { 'X-API-Key': self.apiKey, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(5_000),
    });
    if (!response.ok) throw new Error(`syncthing ${path}: ${response.status}`);
    const text = await response.text();
    return text === '' ? null : (JSON.parse(text) as unknown);
  };
  const quiet = (promise: Promise<unknown>) => promise.then(() => undefined).catch(() => undefined);
  return {
    id: self.id,
    folder: self.folder,
    scan: () => quiet(api('POST', '/rest/db/scan?folder=twofold')),
    pauseFolder: async (paused) => void (await api('PATCH', '/rest/config/folders/twofold', { paused })),
    folderPaused: async () => {
      const folder = (await api('GET', '/rest/config/folders/twofold')) as { paused?: boolean };
      return folder.paused === true;
    },
    connected: async (device) => {
      try {
        const body = (await api('GET', '/rest/system/connections')) as {
          connections: Record<string, { connected: boolean }>;
        };
        return body.connections[device]?.connected === true;
      } catch {
        return false;
      }
    },
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
