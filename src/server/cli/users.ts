import { z } from 'zod';
import { openSql } from '../db/open';
import { ROLES, UserStore, type Role } from '../db/users';
import { hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../security/password';
import { DEFAULT_THROTTLE } from '../security/throttle';
import type { DatabaseLocation } from './options';
import { ServerUsageError } from './server-usage-error';

export const LOGIN_PATTERN = /^[A-Za-z0-9._@+-]{1,100}$/;

export async function readPasswordFromStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    throw new ServerUsageError(
      '--password-stdin reads the password from a pipe, e.g. printf %s "$PW" | twofold-server user add …',
    );
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
  // One trailing newline is the pipe's, not the password's.
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export async function addUser(options: {
  db: DatabaseLocation;
  login: string;
  name: string;
  role: string;
  email?: string | undefined;
  passwordStdin: boolean;
}): Promise<void> {
  const login = options.login.trim();
  if (!LOGIN_PATTERN.test(login)) {
    throw new ServerUsageError('--login may use letters, digits and . _ @ + - (at most 100 characters).');
  }
  const name = options.name.trim();
  if (name === '' || name.length > 200) throw new ServerUsageError('--name must be 1 to 200 characters.');
  if (!ROLES.includes(options.role as Role)) {
    throw new ServerUsageError(`--role must be one of ${ROLES.join(', ')}, not "${options.role}".`);
  }
  const email = options.email?.trim();
  if (email !== undefined && !z.email().safeParse(email).success)
    throw new ServerUsageError(`--email must be an email address such as alice@example.com, not "${email}".`);
  if (!options.passwordStdin)
    throw new ServerUsageError('give the password on standard input with --password-stdin.');
  const password = await readPasswordFromStdin();
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
    throw new ServerUsageError(
      `the password must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters.`,
    );
  }
  const passwordHash = await hashPassword(password);
  const sql = await openSql(options.db);
  try {
    const users = new UserStore(sql);
    if (await users.byLogin(login))
      throw new ServerUsageError(`a user with the login "${login}" already exists.`);
    const id = await users.insert({
      login,
      name,
      role: options.role as Role,
      passwordHash,
      now: Date.now(),
      email,
    });
    console.log(`added ${options.role} ${login} (id ${id})`);
  } finally {
    await sql.close();
  }
}

export async function listUsers(location: DatabaseLocation): Promise<void> {
  const sql = await openSql(location);
  try {
    const users = new UserStore(sql);
    const rule = {
      lockAfter: DEFAULT_THROTTLE.account.lockAfter,
      lockMs: DEFAULT_THROTTLE.lockMs,
      now: Date.now(),
    };
    const rows: string[][] = [['ID', 'LOGIN', 'NAME', 'ROLE', '2FA', 'LOCKED']];
    for (let page = 1; ; page++) {
      const { users: batch } = await users.list({ page, pageSize: 100 }, rule);
      for (const u of batch) {
        rows.push([
          String(u.id),
          u.login,
          u.name,
          u.role,
          u.twofa.enabled ? 'on' : 'off',
          u.locked ? 'yes' : 'no',
        ]);
      }
      if (batch.length < 100) break;
    }
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    for (const row of rows)
      console.log(
        row
          .map((cell, i) => cell.padEnd(widths[i]!))
          .join('  ')
          .trimEnd(),
      );
  } finally {
    await sql.close();
  }
}
