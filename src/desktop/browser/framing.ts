// Native messaging's framing: each message is a 32-bit length in the machine's byte order
// (little-endian on every platform Twofold runs on) followed by that many bytes of UTF-8 JSON.

export type Frame = { kind: 'message'; text: string } | { kind: 'oversized'; bytes: number };

/** Cuts a byte stream into frames; a frame over `maxBytes` is skipped whole and reported. */
export class FrameReader {
  #buffer = Buffer.alloc(0);
  #skipping = 0;

  constructor(private readonly maxBytes: number) {}

  push(chunk: Buffer): Frame[] {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    const frames: Frame[] = [];
    for (;;) {
      if (this.#skipping > 0) {
        const dropped = Math.min(this.#skipping, this.#buffer.length);
        this.#buffer = this.#buffer.subarray(dropped);
        this.#skipping -= dropped;
        if (this.#skipping > 0) return frames;
      }
      if (this.#buffer.length < 4) return frames;
      const length = this.#buffer.readUInt32LE(0);
      if (length > this.maxBytes) {
        // Drop it as it arrives rather than holding up to 4 GiB in memory.
        this.#buffer = this.#buffer.subarray(4);
        this.#skipping = length;
        frames.push({ kind: 'oversized', bytes: length });
        continue;
      }
      if (this.#buffer.length < 4 + length) return frames;
      frames.push({ kind: 'message', text: this.#buffer.subarray(4, 4 + length).toString('utf8') });
      this.#buffer = this.#buffer.subarray(4 + length);
    }
  }
}

export function encodeFrame(message: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  const header = Buffer.alloc(4);
  header.writeUInt32LE(body.length, 0);
  return Buffer.concat([header, body]);
}
