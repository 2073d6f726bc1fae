/**
 * The OS clipboard as Twofold needs it: Electron's clipboard in main, memory in the test host.
 * Asynchronous, as Electron's main-process clipboard is since Electron 44.
 */
export interface ClipboardPort {
  readText(): Promise<string>;
  writeText(text: string): Promise<void>;
  /** A PNG of the image on the clipboard, or null when there is none. */
  readImagePng(): Promise<Uint8Array | null>;
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
  async copySecretText(text: string): Promise<number> {
    await this.#port.writeText(text);
    this.#pending = text;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    const delay = this.#clearAfterMs();
    this.#timer = setTimeout(() => void this.#clearIfStillOurs(), delay);
    // A pending clear must not keep a test host or CLI process alive.
    (this.#timer as { unref?: () => void }).unref?.();
    return Math.ceil(delay / 1000);
  }

  async #clearIfStillOurs(): Promise<void> {
    this.#timer = undefined;
    const pending = this.#pending;
    this.#pending = undefined;
    if (pending !== undefined && (await this.#port.readText()) === pending) await this.#port.writeText('');
  }

  readImagePng(): Promise<Uint8Array | null> {
    return this.#port.readImagePng();
  }

  /** Clears now if the clipboard still holds what we wrote (on quit: a code must not outlive Twofold). */
  dispose(): Promise<void> {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    return this.#clearIfStillOurs();
  }
}

/** A clipboard kept in memory: the test host's, readable through its test endpoint. */
export class MemoryClipboard implements ClipboardPort {
  text = '';
  imagePng: Uint8Array | null = null;
  readText(): Promise<string> {
    return Promise.resolve(this.text);
  }
  writeText(text: string): Promise<void> {
    this.text = text;
    return Promise.resolve();
  }
  readImagePng(): Promise<Uint8Array | null> {
    return Promise.resolve(this.imagePng);
  }
}
