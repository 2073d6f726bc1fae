import { EXPORT_FORMATS, type ExportFormatId } from '../../shared/transfer/export-formats';
import { makeBackupKey, sealBackup } from '../vault/backup-file';
import type { VaultEntry } from '../vault';
import { exportAegisVault } from './aegis';
import { googleMigrationLinks } from './google-migration';
import { qrPng } from './qr-png';
import { otpauthList } from './uris';
import { PersonFacingError, sayIn, words, type PersonFacingMessage } from '../../shared/person-facing-error';
import { englishTranslate } from '../../shared/i18n/translate';

export type ExportFormat = ExportFormatId;

export interface ExportFile {
  readonly name: string;
  readonly bytes: Buffer;
}

export interface LeftOut {
  readonly issuer: string;
  readonly account: string;
  /** In English (the CLI's). */
  readonly reason: string;
  /** The same, said in the app's language by the window. */
  readonly words: PersonFacingMessage;
}

export interface ExportResult {
  readonly files: ExportFile[];
  /** How many accounts the files hold. */
  readonly count: number;
  readonly left: LeftOut[];
  /** google-qr: the migration links, one per code (to show in the app one by one). */
  readonly links?: string[];
}

export interface Exporter {
  readonly format: ExportFormat;
  /** What the files are, for the confirmation ("an encrypted Aegis vault"). */
  readonly what: string;
  /** Protected by a password the person gives. */
  readonly encrypted: boolean;
  /** Several files: `--out` is a folder. */
  readonly folder: boolean;
  /** The file name offered by default. */
  readonly defaultName: string;
  build(list: readonly VaultEntry[], password: string | undefined): Promise<ExportResult>;
}

function needPassword(password: string | undefined, format: 'aegis' | 'backup'): string {
  if (password === undefined || password === '')
    throw new ExportError(words('transfer.export.needsPassword', { format }));
  return password;
}

/** A refusal to export, in words for a person. */
export class ExportError extends PersonFacingError {
  override name = 'ExportError';
  declare readonly code: 'EXPORT_REFUSED';
  constructor(message: string | PersonFacingMessage) {
    super('EXPORT_REFUSED', message);
  }
}

/** What main adds to the shared table: how each format is built, and the file name offered. */
type Builder = Pick<Exporter, 'defaultName' | 'build'>;

const builders: Record<ExportFormat, Builder> = {
  aegis: {
    defaultName: 'aegis-export.json',
    async build(list, password) {
      const bytes = await exportAegisVault(list, needPassword(password, 'aegis'));
      return { files: [{ name: 'aegis-export.json', bytes }], count: list.length, left: [] };
    },
  },
  'google-qr': {
    defaultName: 'google-authenticator-qr',
    async build(list) {
      const { links, left } = googleMigrationLinks(list);
      const files: ExportFile[] = [];
      for (const [index, link] of links.entries())
        files.push({ name: `twofold-google-${index + 1}-of-${links.length}.png`, bytes: await qrPng(link) });
      return {
        files,
        count: list.length - left.length,
        left: left.map(({ entry, reason }) => ({
          issuer: entry.issuer,
          account: entry.account,
          reason: sayIn(englishTranslate, reason),
          words: reason,
        })),
        links,
      };
    },
  },
  uris: {
    defaultName: 'twofold-links.txt',
    async build(list) {
      return {
        files: [{ name: 'twofold-links.txt', bytes: otpauthList(list) }],
        count: list.length,
        left: [],
      };
    },
  },
  backup: {
    defaultName: 'twofold-backup.twofold',
    async build(list, password) {
      const key = await makeBackupKey(needPassword(password, 'backup'));
      try {
        return {
          files: [{ name: 'twofold-backup.twofold', bytes: sealBackup(key, list) }],
          count: list.length,
          left: [],
        };
      } finally {
        key.key.fill(0);
      }
    },
  },
};

export function exporterFor(format: ExportFormat): Exporter {
  const { what, encrypted, folder } = EXPORT_FORMATS[format];
  return {
    format,
    what: encrypted ? what : `${what} (not encrypted)`,
    encrypted,
    folder,
    ...builders[format],
  };
}

const plural = (count: number) => (count === 1 ? '1 account' : `${count} accounts`);

/** The confirmation every front end shows first: what leaves the vault, and how it is protected. */
export function confirmationOf(exporter: Exporter, count: number): { message: string; unencrypted: boolean } {
  const protection = exporter.encrypted
    ? 'protected by the password you give'
    : 'NOT encrypted: anyone who sees these files can make your codes';
  return {
    message: `${plural(count)} with their secrets will leave the vault as ${exporter.what}, ${protection}.`,
    unencrypted: !exporter.encrypted,
  };
}
