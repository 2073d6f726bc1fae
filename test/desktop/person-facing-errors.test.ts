import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/usage-error';
import { BackupError } from '../../src/desktop/export/auto-backup';
import { ExportError } from '../../src/desktop/export/exporters';
import { HelpdeskError } from '../../src/desktop/helpdesk/errors';
import { ImportError } from '../../src/desktop/import/errors';
import { ImportPathError } from '../../src/desktop/import/read-file';
import { createDispatch } from '../../src/desktop/ipc/dispatch';
import type { ContractHandlers } from '../../src/desktop/ipc/handler-types';
import { KeychainUnavailableError } from '../../src/desktop/keychain';
import { ImageRefusedError } from '../../src/desktop/qr/image-size';
import { VaultError } from '../../src/desktop/vault';
import { CopyError } from '../../src/server/cli/copy';
import { ServerUsageError } from '../../src/server/cli/server-usage-error';
import { MailConfigError } from '../../src/server/mail/config';
import { TrustProxyError } from '../../src/server/security/proxy';
import { ServerKeyError } from '../../src/server/security/server-key';
import { IPC_ERROR_CODES } from '../../src/shared/ipc/result';
import { OtpInputError } from '../../src/shared/otp';
import { PersonFacingError } from '../../src/shared/person-facing-error';

const SECRET = 'JBSWY3DPEHPK3PXP';

// Every error class whose message reaches a person, with the code it has always crossed IPC with.
const PERSON_FACING: readonly [Error, string][] = [
  [new PersonFacingError('VAULT_LOCKED', 'Twofold is locked.'), 'VAULT_LOCKED'],
  [new OtpInputError('The algorithm "MD5" is not one of SHA1, SHA256 or SHA512.'), IPC_ERROR_CODES.badInput],
  [new VaultError('WRONG_PASSWORD', 'Wrong password for vault.twofold.'), 'WRONG_PASSWORD'],
  // It had no code of its own, so it crossed IPC as "internal" (with its words): kept as it was.
  [new KeychainUnavailableError('no D-Bus session'), IPC_ERROR_CODES.internal],
  [new ImageRefusedError('This image is larger than an 8K screen.'), 'IMAGE_REFUSED'],
  [new ExportError('An Aegis export needs a password.'), 'EXPORT_REFUSED'],
  [new BackupError('Choose a folder for backups first.'), 'BACKUP_REFUSED'],
  [new ImportError('WRONG_PASSWORD', 'That password does not open this export.'), 'WRONG_PASSWORD'],
  [new ImportPathError('/tmp is a folder, not an export file.'), 'IMPORT_PATH'],
  [new HelpdeskError('TOKEN_EXPIRED', 'Your session on the server ended.'), 'TOKEN_EXPIRED'],
  [new UsageError('--time must be Unix seconds, not "soon".'), 'USAGE'],
  [new ServerUsageError('--port must be a number from 0 to 65535, not "x".'), 'USAGE'],
  [new ServerKeyError('The server key file is not 32 bytes.'), 'SERVER_KEY'],
  [new TrustProxyError('--trust-proxy takes addresses or a hop count.'), 'TRUST_PROXY'],
  [new MailConfigError('TWOFOLD_SERVER_SMTP_PORT: a port number'), 'MAIL_CONFIG'],
  [new CopyError('The target database is not empty.'), 'COPY'],
];

/** A dispatch whose one handler (codes.now) throws `error`. */
function throwing(error: unknown, log: (line: string) => void = () => {}) {
  const handlers = {
    codes: {
      now: () => {
        throw error;
      },
    },
  } as unknown as ContractHandlers<null>;
  return createDispatch(handlers, null, log);
}

describe('errors meant for a person', () => {
  it.each(PERSON_FACING.map(([error, code]) => [error.name, error, code] as const))(
    '%s extends PersonFacingError and crosses IPC as its code and words',
    async (_name, error, code) => {
      expect(error).toBeInstanceOf(PersonFacingError);
      expect((error as PersonFacingError).code).toBe(code);
      expect(await throwing(error)('codes.now', undefined)).toEqual({
        ok: false,
        error: { code, message: error.message },
      });
    },
  );

  it('each has a name of its own', () => {
    const names = PERSON_FACING.map(([error]) => error.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('anything else crosses as a generic sentence; the log gets its class, never its text', async () => {
    for (const error of [new Error(`decrypt failed for ${SECRET}`), new TypeError(SECRET), SECRET]) {
      const lines: string[] = [];
      const result = await throwing(error, (line) => lines.push(line))('codes.now', undefined);
      expect(result).toEqual({
        ok: false,
        error: {
          code: IPC_ERROR_CODES.internal,
          message: 'Something went wrong inside Twofold; nothing was changed. Try again, or restart Twofold.',
        },
      });
      expect(lines).toHaveLength(1);
      expect(lines.join('\n')).not.toContain(SECRET);
    }
  });

  it('a look-alike with a person-facing class name is not trusted', async () => {
    const impostor = Object.assign(new Error(`key ${SECRET}`), { name: 'VaultError', code: 'LOCKED' });
    const result = await throwing(impostor)('codes.now', undefined);
    expect(result).toMatchObject({ ok: false, error: { code: IPC_ERROR_CODES.internal } });
    expect(JSON.stringify(result)).not.toContain(SECRET);
  });
});

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('the source', () => {
  const src = join(import.meta.dirname, '../../src');

  it('declares each error class name once', async () => {
    const seen = new Map<string, string[]>();
    for (const file of await sourceFiles(src)) {
      const text = await readFile(file, 'utf8');
      for (const match of text.matchAll(/\bclass (\w+Error)\b/g)) {
        const name = match[1] ?? '';
        seen.set(name, [...(seen.get(name) ?? []), relative(src, file)]);
      }
    }
    const twice = [...seen].filter(([, files]) => files.length > 1);
    expect(twice).toEqual([]);
  });

  it('recognises its own errors by class, not by name strings or hand-kept lists', async () => {
    const files = await sourceFiles(src);
    const texts = await Promise.all(files.map((file) => readFile(file, 'utf8')));
    const own = new Set(
      texts.flatMap((text) => [...text.matchAll(/\bclass (\w+Error)\b/g)].map((m) => m[1])),
    );
    const found = files.flatMap((file, i) => {
      const byName = [...(texts[i] ?? '').matchAll(/\.name\s*[!=]==\s*'(\w+)'/g)]
        .map((m) => m[1] ?? '')
        .filter((name) => own.has(name));
      const lists = (texts[i] ?? '').includes('PERSON_FACING') ? ['PERSON_FACING'] : [];
      const bad = [...byName, ...lists];
      return bad.length ? [`${relative(src, file)}: ${bad.join(', ')}`] : [];
    });
    expect(found).toEqual([]);
  });
});
