import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import {
  connect,
  createServer as createNetServer,
  type AddressInfo,
  type Server,
  type Socket,
} from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { OctetCountedReader } from '../../src/node/audit-forward';

/** Why Debian's rsyslog cannot be started here, or null. */
export function rsyslogUnavailable(): string | null {
  return existsSync('/usr/sbin/rsyslogd') ? null : 'rsyslog is not installed (apt-get install rsyslog)';
}

/** A free loopback port (bound, then let go). */
export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** What a received RFC 5424 message carries that the tests look at. */
export interface ReceivedSyslog {
  readonly raw: string;
  readonly pri: number;
  readonly appName: string;
  readonly msgId: string;
  readonly sequenceId: number;
  /** The message: the record as JSON. */
  readonly record: Record<string, unknown>;
}

export function parseRfc5424(raw: string): ReceivedSyslog {
  const match =
    /^<(\d+)>1 \S+ \S+ (\S+) \S+ (\S+) \[meta sequenceId="(\d+)"\]\[origin [^\]]*\] \uFEFF?(.*)$/su.exec(raw);
  if (!match) throw new Error(`not an RFC 5424 message as Twofold writes it: ${raw}`);
  return {
    raw,
    pri: Number(match[1]),
    appName: match[2]!,
    msgId: match[3]!,
    sequenceId: Number(match[4]),
    record: JSON.parse(match[5]!) as Record<string, unknown>,
  };
}

/**
 * Debian's rsyslogd, started by the test on a loopback port with imtcp (octet-counted framing is on by
 * default), writing each message as received (%rawmsg%) to a file. `kill` stops it (SIGKILL by default);
 * `start` again listens on the same port, appending to the same file.
 */
export class Rsyslog {
  readonly dir = mkdtempSync(join(tmpdir(), 'twofold-rsyslog-'));
  readonly file = join(this.dir, 'received.log');
  private child: ChildProcess | null = null;

  constructor(readonly port: number) {
    writeFileSync(
      join(this.dir, 'rsyslog.conf'),
      [
        `global(workDirectory="${this.dir}")`,
        'module(load="imtcp")',
        'template(name="raw" type="string" string="%rawmsg%\\n")',
        `ruleset(name="twofold") { action(type="omfile" file="${this.file}" template="raw") }`,
        `input(type="imtcp" port="${port}" address="127.0.0.1" ruleset="twofold")`,
      ].join('\n'),
    );
  }

  async start(): Promise<void> {
    this.child = spawn(
      '/usr/sbin/rsyslogd',
      ['-n', '-f', join(this.dir, 'rsyslog.conf'), '-i', join(this.dir, 'rsyslogd.pid')],
      { stdio: 'ignore' },
    );
    // Listening once a connection is accepted.
    const deadline = Date.now() + 15_000;
    for (;;) {
      const open = await new Promise<boolean>((resolve) => {
        const socket = connect(this.port, '127.0.0.1', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      });
      if (open) return;
      if (Date.now() > deadline) throw new Error(`rsyslogd did not listen on ${this.port} in 15 s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
  }

  /** What reached the file so far, parsed. */
  received(): ReceivedSyslog[] {
    if (!existsSync(this.file)) return [];
    return readFileSync(this.file, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map(parseRfc5424);
  }

  async remove(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A small RFC 5424 receiver in the test, for TLS with a test CA (octet-counted frames). `stop` drops
 * every connection at once, as a receiver that dies does.
 */
export class SyslogListener {
  readonly messages: ReceivedSyslog[] = [];
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly tls?: { cert: Buffer; key: Buffer }) {}

  async start(port = 0): Promise<void> {
    const onSocket = (socket: Socket) => {
      this.sockets.add(socket);
      const reader = new OctetCountedReader();
      socket.on('data', (chunk: Buffer) => {
        for (const raw of reader.push(chunk)) this.messages.push(parseRfc5424(raw));
      });
      socket.on('error', () => socket.destroy());
      socket.on('close', () => this.sockets.delete(socket));
    };
    const server = this.tls ? createTlsServer(this.tls, onSocket) : createNetServer(onSocket);
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Polls until `done` holds, or fails after `timeoutMs` saying what was last seen. */
export async function until(
  done: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
