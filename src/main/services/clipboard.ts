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
  readonly #clearAfterMs: number;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(port: ClipboardPort, clearAfterMs: number = CLIPBOARD_CLEAR_MS) {
    this.#port = port;
    this.#clearAfterMs = clearAfterMs;
  }

  /** Writes the text; returns the seconds until it is cleared. */
  copySecretText(text: string): number {
    this.#port.writeText(text);
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.#port.readText() === text) this.#port.writeText('');
    }, this.#clearAfterMs);
    // A pending clear must not keep a test host or CLI process alive.
    (this.#timer as { unref?: () => void }).unref?.();
    return Math.ceil(this.#clearAfterMs / 1000);
  }

  readImagePng(): Uint8Array | null {
    return this.#port.readImagePng();
  }

  /** Clears now if the clipboard still holds what we wrote (on quit). */
  dispose(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
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
