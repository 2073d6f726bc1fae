import { ImportError } from './errors';
import type { ImportInput } from './types';
import { fileKind, subject, type FileKind } from './words';
import { words, type PersonFacingMessage } from '../../shared/person-facing-error';

/** No authenticator export comes near this; larger files are refused before any parsing. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

/** Real exports nest a handful of levels; far deeper is a crafted file. */
export const MAX_JSON_DEPTH = 64;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Counts how deep a JSON text nests, outside strings, and stops at the limit:
 * a cheap pass that keeps a crafted file from costing more than its size.
 */
export function checkJsonDepth(text: string, limit = MAX_JSON_DEPTH): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) {
        throw new ImportError('TOO_DEEP', words('transfer.import.tooDeep', { limit }));
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
}

/** Parses JSON with the depth limit, turning syntax errors into a clear ImportError. */
export function parseJsonText(text: string, what: PersonFacingMessage = subject('file')): unknown {
  checkJsonDepth(text);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const truncated = error instanceof SyntaxError && /end of (JSON|data)|Unterminated/i.test(error.message);
    throw new ImportError(
      'MALFORMED',
      words(truncated ? 'transfer.import.jsonTruncated' : 'transfer.import.jsonInvalid', { what }),
      { cause: error },
    );
  }
}

/** Magic numbers of the image types a QR code export comes in. */
const IMAGE_MAGIC: readonly (readonly number[])[] = [
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0xff, 0xd8, 0xff], // JPEG
];

/**
 * One file being imported, with its text and JSON worked out once and shared by
 * every importer's sniff and parse.
 */
export class ImportSource {
  readonly bytes: Uint8Array;
  readonly fileName: string;
  #text: string | null | undefined;
  #json: { value: unknown } | null | undefined;

  constructor(input: ImportInput) {
    if (input.bytes.byteLength > MAX_IMPORT_BYTES) {
      throw new ImportError(
        'TOO_LARGE',
        words('transfer.import.tooLarge', {
          size: Math.round(input.bytes.byteLength / 1024 / 102.4) / 10,
          limit: MAX_IMPORT_BYTES / 1024 / 1024,
        }),
      );
    }
    this.bytes = input.bytes;
    this.fileName = input.fileName ?? '';
  }

  /** The content as UTF-8 text without a byte-order mark, or null when it is binary. */
  text(): string | null {
    if (this.#text === undefined) {
      try {
        const decoded = utf8.decode(this.bytes);
        this.#text = decoded.includes('\u0000') ? null : decoded.replace(/^\uFEFF/, '');
      } catch {
        this.#text = null;
      }
    }
    return this.#text;
  }

  /** The text, or a clear ImportError when the file is binary. */
  requireText(kind: FileKind): string {
    const text = this.text();
    if (text === null)
      throw new ImportError('MALFORMED', words('transfer.import.binary', { kind: fileKind(kind) }));
    return text;
  }

  /** The text, trimmed, when the file is text at all. */
  trimmedText(): string | null {
    return this.text()?.trim() ?? null;
  }

  /** Whether the text starts like a JSON object or array (cheap; no parsing). */
  looksLikeJson(): boolean {
    const text = this.trimmedText();
    return text !== null && (text.startsWith('{') || text.startsWith('['));
  }

  /**
   * The parsed JSON when the file looks like JSON and parses, else undefined; for sniffing.
   * A file that looks like JSON but is broken is left to `json()` to report.
   */
  jsonIfAny(): unknown {
    if (this.#json === undefined) {
      if (!this.looksLikeJson()) this.#json = null;
      else {
        try {
          this.#json = { value: parseJsonText(this.trimmedText() ?? '') };
        } catch {
          this.#json = null;
        }
      }
    }
    return this.#json === null ? undefined : this.#json.value;
  }

  /** The parsed JSON, or a clear ImportError saying why it is not readable. */
  json(): unknown {
    const text = this.trimmedText();
    if (text === null) throw new ImportError('MALFORMED', words('transfer.import.binaryNotJson'));
    const value = this.jsonIfAny();
    if (value !== undefined) return value;
    return parseJsonText(text);
  }

  /** Whether the bytes start with this prefix. */
  startsWith(prefix: Uint8Array | string): boolean {
    const bytes = typeof prefix === 'string' ? new TextEncoder().encode(prefix) : prefix;
    if (this.bytes.length < bytes.length) return false;
    for (let i = 0; i < bytes.length; i++) if (this.bytes[i] !== bytes[i]) return false;
    return true;
  }

  isImage(): boolean {
    return IMAGE_MAGIC.some((magic) => this.startsWith(Uint8Array.from(magic)));
  }
}
