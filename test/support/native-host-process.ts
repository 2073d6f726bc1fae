import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { encodeFrame, FrameReader } from '../../src/desktop/browser/framing';
import { ROOT } from './run-bin';

/** The host as the browser starts it: a child process speaking length-framed JSON on stdio. */
export class HostProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly #reader = new FrameReader(1024 * 1024);
  readonly #replies: unknown[] = [];
  #waiting: (() => void) | null = null;

  constructor(vaultPath: string, env: Record<string, string | undefined> = {}) {
    this.child = spawn(
      process.execPath,
      [
        join(ROOT, 'bin/twofold.mjs'),
        'browser',
        'host',
        '--vault',
        vaultPath,
        '--',
        'chrome-extension://test/',
      ],
      { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    this.child.stdout.on('data', (chunk: Buffer) => {
      for (const frame of this.#reader.push(chunk))
        if (frame.kind === 'message') this.#replies.push(JSON.parse(frame.text));
      this.#waiting?.();
    });
  }

  async next(): Promise<unknown> {
    const deadline = Date.now() + 15_000;
    while (this.#replies.length === 0) {
      if (Date.now() > deadline) throw new Error('the host did not answer within 15 s');
      await new Promise<void>((resolve) => {
        this.#waiting = resolve;
        setTimeout(resolve, 200);
      });
    }
    return this.#replies.shift();
  }

  async ask(message: unknown): Promise<unknown> {
    this.child.stdin.write(typeof message === 'string' ? rawFrame(message) : encodeFrame(message));
    return this.next();
  }
}

export function rawFrame(text: string): Buffer {
  const body = Buffer.from(text);
  const header = Buffer.alloc(4);
  header.writeUInt32LE(body.length, 0);
  return Buffer.concat([header, body]);
}
