import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { isIP, connect as netConnect, type Socket } from 'node:net';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { FACILITY_AUTHPRIV, formatRfc5424, octetCounted, SEVERITY } from './rfc5424';

/** One audit record on its way out: its number in its log (increasing) and its fields. */
export interface ForwardRecord {
  /** The record's place in its log: the forwarder's cursor moves past it once it is delivered. */
  readonly seq: number;
  /** ISO 8601. */
  readonly at: string;
  readonly action: string;
  /** "ok", or how it failed or was refused. */
  readonly result: string;
  /** Every field of the record, as a log shipper should see it. */
  readonly fields: Readonly<Record<string, unknown>>;
}

/** Where records go. `send` resolves once they are delivered as far as can be told, and throws otherwise. */
export interface AuditSink {
  /** Names the destination, and its cursor: a new destination starts from the log's first record. */
  readonly name: string;
  send(records: readonly ForwardRecord[]): Promise<void>;
  close(): Promise<void>;
}

/** Where to forward, as an operator writes it: `tcp://host:port` or `tls://host:port` (with a CA file). */
export interface SyslogDestination {
  readonly url: string;
  /** PEM file of the organisation's CA, for tls:// (else the system's CAs). */
  readonly caFile?: string | undefined;
}

/** What the log is, for the syslog header. */
export interface SyslogOrigin {
  readonly appName: string;
  readonly software: string;
  readonly softwareVersion: string;
}

export class ForwardConfigError extends Error {
  override readonly name = 'ForwardConfigError';
}

/** `tcp://host:port` / `tls://host:port`, checked: what a syslog destination may be. */
export function parseSyslogUrl(url: string): { tls: boolean; host: string; port: number } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ForwardConfigError(`A syslog destination is tcp://HOST:PORT or tls://HOST:PORT, not "${url}".`);
  }
  const scheme = parsed.protocol.replace(/:$/, '');
  const port = Number(parsed.port);
  if ((scheme !== 'tcp' && scheme !== 'tls') || parsed.hostname === '' || !(port > 0)) {
    throw new ForwardConfigError(
      `A syslog destination is tcp://HOST:PORT or tls://HOST:PORT (with its port), not "${url}".`,
    );
  }
  return { tls: scheme === 'tls', host: parsed.hostname.replace(/^\[|\]$/g, ''), port };
}

/** How long a written batch must stay on an open connection before it counts as delivered. */
export const DEFAULT_SETTLE_MS = 250;

/**
 * RFC 5424 over TCP or TLS, octet-counted. Syslog has no acknowledgement, so a batch counts as delivered
 * once the socket has taken it and the connection stayed open `settleMs` after: a receiver that went away
 * meanwhile closes the connection, the batch is sent again on the next connection (at least once; the
 * `[meta sequenceId]` lets a receiver drop repeats).
 */
export class SyslogSink implements AuditSink {
  readonly name: string;
  private socket: Socket | null = null;
  private closedAt = 0;
  private readonly target: { tls: boolean; host: string; port: number };

  constructor(
    private readonly destination: SyslogDestination,
    private readonly origin: SyslogOrigin,
    private readonly settleMs = DEFAULT_SETTLE_MS,
  ) {
    this.target = parseSyslogUrl(destination.url);
    this.name = `syslog ${destination.url}`;
    if (!this.target.tls && destination.caFile)
      throw new ForwardConfigError(`A CA file goes with a tls:// destination, not ${destination.url}.`);
  }

  private async open(): Promise<Socket> {
    if (this.socket && !this.socket.destroyed && this.socket.writable) return this.socket;
    this.socket?.destroy();
    const { host, port, tls } = this.target;
    const ca = this.destination.caFile ? await readFile(this.destination.caFile) : undefined;
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = tls
        ? tlsConnect({ host, port, ...(isIP(host) ? {} : { servername: host }), ...(ca ? { ca } : {}) }, () =>
            resolve(s),
          )
        : netConnect({ host, port }, () => resolve(s));
      s.once('error', reject);
      s.setTimeout(10_000, () => s.destroy(new Error(`${host}:${port} did not answer`)));
    });
    socket.setTimeout(0);
    socket.setKeepAlive(true, 30_000);
    // The receiver sends nothing; reading keeps 'end' and 'close' coming when it goes away.
    socket.on('data', () => undefined);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.closedAt = Date.now();
      if (this.socket === socket) this.socket = null;
    });
    socket.on('end', () => socket.destroy());
    this.socket = socket;
    return socket;
  }

  async send(records: readonly ForwardRecord[]): Promise<void> {
    const socket = await this.open();
    const host = hostname();
    const frames = records.map((record) =>
      octetCounted(
        formatRfc5424({
          facility: FACILITY_AUTHPRIV,
          severity:
            record.result === 'ok' || record.result.startsWith('ok ') ? SEVERITY.notice : SEVERITY.warning,
          timestamp: new Date(record.at),
          hostname: host,
          appName: this.origin.appName,
          procId: String(process.pid),
          msgId: record.action,
          sequenceId: record.seq,
          software: this.origin.software,
          softwareVersion: this.origin.softwareVersion,
          message: JSON.stringify(record.fields),
        }),
      ),
    );
    const closedBefore = this.closedAt;
    await new Promise<void>((resolve, reject) => {
      socket.write(Buffer.concat(frames), (error) => (error ? reject(error) : resolve()));
    });
    await new Promise((resolve) => setTimeout(resolve, this.settleMs));
    if (socket.destroyed || this.closedAt !== closedBefore)
      throw new Error(`the connection to ${this.destination.url} closed before the records were taken`);
  }

  async close(): Promise<void> {
    const socket = this.socket;
    this.socket = null;
    if (!socket || socket.destroyed) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.end();
      setTimeout(() => socket.destroy(), 1000).unref();
    });
  }
}

/** JSON lines, one record a line, appended to a file or written to stdout ("-"), for log shippers. */
export class JsonLinesSink implements AuditSink {
  readonly name: string;

  constructor(
    private readonly path: string,
    private readonly stdout: NodeJS.WritableStream = process.stdout,
  ) {
    this.name = `json ${path}`;
  }

  async send(records: readonly ForwardRecord[]): Promise<void> {
    const text = records
      .map((record) => `${JSON.stringify({ seq: record.seq, ...record.fields })}\n`)
      .join('');
    if (this.path === '-') {
      await new Promise<void>((resolve, reject) =>
        this.stdout.write(text, (error) => (error ? reject(error) : resolve())),
      );
      return;
    }
    await mkdir(dirname(this.path), { recursive: true });
    await appendFile(this.path, text, { encoding: 'utf8', mode: 0o600 });
  }

  async close(): Promise<void> {
    // Nothing held open.
  }
}
