import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { KeychainUnavailableError } from '../../desktop/keychain';
import { HelpdeskError } from '../../desktop/helpdesk';
import type { AdminUser, AuditRecord, TrustedDevice } from '../../desktop/helpdesk';
import { VaultError } from '../../desktop/vault';
import { terminalSafeField } from '../terminal-text';
import { UsageError } from '../usage-error';

/** Reads the whole of stdin (for --password-stdin), without the final line break. */
export async function readStdinSecret(what: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (text === '') throw new UsageError(`${what} was empty on stdin.`);
  return text;
}

/** Asks on the terminal; `hidden` keeps passwords off the screen. Null when there is no terminal. */
export async function ask(question: string, hidden = false): Promise<string | null> {
  // With stdin used for --password-stdin (or a pipe), ask on the controlling terminal if there is one.
  let input: NodeJS.ReadableStream;
  if (process.stdin.isTTY) input = process.stdin;
  else {
    try {
      input = createReadStream('/dev/tty');
      await new Promise<void>((resolve, reject) => {
        (input as ReturnType<typeof createReadStream>).once('open', () => resolve()).once('error', reject);
      });
    } catch {
      return null;
    }
  }
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (!muted) process.stderr.write(chunk);
      callback();
    },
  });
  const rl = createInterface({ input, output, terminal: true });
  try {
    return await new Promise<string>((resolve) => {
      rl.question(question, (answer) => resolve(answer));
      muted = hidden;
    });
  } finally {
    rl.close();
    if (hidden) process.stderr.write('\n');
    if (input !== process.stdin) (input as ReturnType<typeof createReadStream>).destroy();
  }
}

/** Turns the errors meant for people into the CLI's one-line, exit-2 kind. */
export async function personFacing<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof HelpdeskError) {
      if (error.code === 'TOKEN_EXPIRED' && !error.message.includes('twofold admin login')) {
        throw new UsageError(`${error.message.replace(/ —.*$/, '.')} Run \`twofold admin login\` again.`);
      }
      throw new UsageError(error.message);
    }
    if (error instanceof VaultError || error instanceof KeychainUnavailableError)
      throw new UsageError(error.message);
    throw error;
  }
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

export function table(header: readonly string[], cells: readonly (readonly string[])[]): string {
  const rows = cells.map((row) => row.map(terminalSafeField));
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((text, column) => pad(text, widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

export const day = (iso: string | null) => (iso === null ? '—' : iso.replace('T', ' ').slice(0, 16));

export function usersTable(users: readonly AdminUser[]): string {
  return table(
    ['LOGIN', 'NAME', 'ROLE', '2FA', 'LAST USED', 'RECOVERY', 'LOCKED'],
    users.map((user) => [
      user.login,
      user.name,
      user.role,
      user.twofa.enabled ? 'on' : 'off',
      day(user.twofa.lastUsedAt),
      user.twofa.recoveryCodesLeft === null ? '—' : String(user.twofa.recoveryCodesLeft),
      user.locked ? 'locked' : '',
    ]),
  );
}

export function auditTable(records: readonly AuditRecord[]): string {
  return table(
    ['AT', 'ACTOR', 'ACTION', 'TARGET', 'RESULT', 'REASON'],
    records.map((record) => [
      day(record.at),
      record.actor,
      record.action,
      record.target ?? '',
      record.result,
      record.reason ?? '',
    ]),
  );
}

export function devicesTable(devices: readonly TrustedDevice[]): string {
  return table(
    ['ID', 'NAME', 'SINCE', 'LAST SEEN', 'ADDRESS', 'UNTIL'],
    devices.map((device) => [
      device.id,
      device.name ?? '—',
      day(device.createdAt),
      day(device.lastSeenAt ?? null),
      device.address ?? '—',
      day(device.expiresAt),
    ]),
  );
}
