/** What each export format is, for every front end: main, the IPC contract, the dialog and the CLI. */
export interface ExportFormatInfo {
  /** The choice in the app's list. */
  readonly title: string;
  /** What the files are, for the confirmation ("an encrypted Aegis vault"). */
  readonly what: string;
  /** Protected by a password the person gives. */
  readonly encrypted: boolean;
  /** Several files: the CLI's `--out` is a folder; the app shows them one by one instead of saving them. */
  readonly folder: boolean;
  /** What `twofold export --format <id>` writes, for its help. */
  readonly cli: string;
}

/** Every export format, by the id `--format` and the IPC contract take. A new one is a line here and its builder in src/desktop/export. */
export const EXPORT_FORMATS = {
  aegis: {
    title: 'Aegis vault (encrypted)',
    what: 'an encrypted Aegis vault',
    encrypted: true,
    folder: false,
    cli: 'encrypted Aegis vault',
  },
  'google-qr': {
    title: 'Google Authenticator QR codes',
    what: 'Google Authenticator transfer QR codes',
    encrypted: false,
    folder: true,
    cli: 'a folder of PNG codes',
  },
  uris: {
    title: 'List of otpauth:// links',
    what: 'a plain list of otpauth:// links',
    encrypted: false,
    folder: false,
    cli: 'plain links',
  },
  backup: {
    title: 'Twofold backup (encrypted)',
    what: 'an encrypted Twofold backup',
    encrypted: true,
    folder: false,
    cli: 'encrypted Twofold backup',
  },
} as const satisfies Record<string, ExportFormatInfo>;

export type ExportFormatId = keyof typeof EXPORT_FORMATS;

export const EXPORT_FORMAT_IDS = Object.keys(EXPORT_FORMATS) as [ExportFormatId, ...ExportFormatId[]];

/** The ids of the formats that match, in the table's order. */
export function exportFormatsWhere(test: (info: ExportFormatInfo) => boolean): ExportFormatId[] {
  return EXPORT_FORMAT_IDS.filter((id) => test(EXPORT_FORMATS[id]));
}

/** "a, b or c": a short list in words. */
export function wordList(words: readonly string[], last: 'and' | 'or'): string {
  return words.length <= 1
    ? (words[0] ?? '')
    : `${words.slice(0, -1).join(', ')} ${last} ${words[words.length - 1] ?? ''}`;
}
