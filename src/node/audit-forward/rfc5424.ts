/**
 * RFC 5424 syslog messages for audit records, framed for TCP by octet counting (RFC 6587 §3.4.1).
 * Small on purpose: the npm syslog clients either frame TCP with a trailing newline (non-transparent,
 * which a newline inside a reason would break) or own the socket, and Twofold's forwarder needs the
 * socket to know what reached the receiver. Only registered SD-IDs are used (RFC 5424 §7).
 */

/** Facilities and severities this module uses (RFC 5424 §6.2.1). */
export const FACILITY_AUTHPRIV = 10;
export const SEVERITY = { warning: 4, notice: 5, info: 6 } as const;

export interface SyslogMessage {
  readonly facility: number;
  readonly severity: number;
  /** When the record was written (ISO 8601 with a Z, or a Date). */
  readonly timestamp: Date;
  readonly hostname: string;
  readonly appName: string;
  readonly procId: string;
  /** What the record is (its action), at most 32 printable ASCII characters. */
  readonly msgId: string;
  /** The record's number in its log, carried as `[meta sequenceId=…]`. */
  readonly sequenceId: number;
  readonly software: string;
  readonly softwareVersion: string;
  /** The message itself: UTF-8 text (here, the record as one line of JSON). */
  readonly message: string;
}

/** A header field: printable US-ASCII without spaces, cut to its length; "-" when empty. */
function headerField(value: string, max: number): string {
  const printable = value.replace(/[^\x21-\x7e]/g, '_').slice(0, max);
  return printable === '' ? '-' : printable;
}

/** A PARAM-VALUE: `"`, `\` and `]` escaped with a backslash (RFC 5424 §6.3.3). */
function paramValue(value: string): string {
  return value.replace(/["\\\]]/g, (c) => `\\${c}`);
}

/** The message as RFC 5424 text (without framing). */
export function formatRfc5424(message: SyslogMessage): string {
  const pri = message.facility * 8 + message.severity;
  // RFC 5424 §6.3.5: the sequence id runs from 1 to 2147483647.
  const sequence = ((message.sequenceId - 1) % 2147483647) + 1;
  const sd =
    `[meta sequenceId="${sequence}"]` +
    `[origin software="${paramValue(message.software)}" swVersion="${paramValue(message.softwareVersion)}"]`;
  return [
    `<${pri}>1`,
    message.timestamp.toISOString(),
    headerField(message.hostname, 255),
    headerField(message.appName, 48),
    headerField(message.procId, 128),
    headerField(message.msgId, 32),
    // The BOM says the message is UTF-8 (§6.4).
    `${sd} \uFEFF${message.message}`,
  ].join(' ');
}

/** The message framed for a TCP stream: its length in octets, a space, the message (RFC 6587 §3.4.1). */
export function octetCounted(text: string): Buffer {
  const body = Buffer.from(text, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length} `, 'ascii'), body]);
}

/**
 * Reads octet-counted frames from a stream's chunks (what a receiver does): feed chunks, get whole
 * messages; a partial frame waits for the next chunk. For tests and for anyone checking a capture.
 */
export class OctetCountedReader {
  private pending = Buffer.alloc(0);

  push(chunk: Buffer): string[] {
    this.pending = Buffer.concat([this.pending, chunk]);
    const messages: string[] = [];
    for (;;) {
      const space = this.pending.indexOf(0x20);
      if (space <= 0) break;
      const length = Number(this.pending.subarray(0, space).toString('ascii'));
      if (!Number.isInteger(length) || length <= 0) throw new Error('not an octet-counted frame');
      if (this.pending.length < space + 1 + length) break;
      messages.push(this.pending.subarray(space + 1, space + 1 + length).toString('utf8'));
      this.pending = this.pending.subarray(space + 1 + length);
    }
    return messages;
  }
}
