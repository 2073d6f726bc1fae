/** The OS clipboard as Twofold needs it: Electron's clipboard in main, memory in the test host. */
export interface ClipboardPort {
  readText(): string;
  writeText(text: string): void;
  /** A PNG of the image on the clipboard, or null when there is none. */
  readImagePng(): Uint8Array | null;
}

export const CLIPBOARD_CLEAR_MS = 30_000;

/**
 * Copies codes and clears them later, but only if the clipboard still holds
 * the code: whatever the person copied since is left alone.
 */
export class ClipboardService {
  readonly #port: ClipboardPort;
  readonly #clearAfterMs: () => number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** What Twofold last put on the clipboard and has not cleared yet. */
  #pending: string | undefined;

  /** `clearAfterMs`: a fixed delay, or read at each copy (a setting the person can change). */
  constructor(port: ClipboardPort, clearAfterMs: number | (() => number) = CLIPBOARD_CLEAR_MS) {
    this.#port = port;
    this.#clearAfterMs = typeof clearAfterMs === 'number' ? () => clearAfterMs : clearAfterMs;
  }

  /** Writes the text; returns the seconds until it is cleared. */
  copySecretText(text: string): number {
    this.#port.writeText(text);
    this.#pending = text;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    const delay = this.#clearAfterMs();
    this.#timer = setTimeout(() => this.#clearIfStillOurs(), delay);
    // A pending clear must not keep a test host or CLI process alive.
    (this.#timer as { unref?: () => void }).unref?.();
    return Math.ceil(delay / 1000);
  }

  #clearIfStillOurs(): void {
    this.#timer = undefined;
    if (this.#pending !== undefined && this.#port.readText() === this.#pending) this.#port.writeText('');
    this.#pending = undefined;
  }

  readImagePng(): Uint8Array | null {
    return this.#port.readImagePng();
  }

  /** Clears now if the clipboard still holds what we wrote (on quit: a code must not outlive Twofold). */
  dispose(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#clearIfStillOurs();
  }
}

/** A clipboard kept in memory: the test host's, readable through its test endpoint. */
export class MemoryClipboard implements ClipboardPort {
  text = '';
  imagePng: Uint8Array | null = null;
  readText(): string {
    return this.text;
  }
  writeText(text: string): void {
    this.text = text;
  }
  readImagePng(): Uint8Array | null {
    return this.imagePng;
  }
}
