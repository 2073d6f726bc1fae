import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { ImportError } from '../../errors';
import { words } from '../../../../shared/person-facing-error';

/** One password-based key derivation, as the worker runs it. */
export type KdfRequest =
  | {
      readonly kind: 'scrypt';
      readonly password: string;
      readonly salt: Uint8Array;
      readonly N: number;
      readonly r: number;
      readonly p: number;
    }
  | {
      readonly kind: 'pbkdf2';
      readonly password: string | Uint8Array;
      readonly salt: Uint8Array;
      readonly iterations: number;
      readonly hash: 'sha1' | 'sha256' | 'sha512';
      readonly length: number;
    }
  | {
      readonly kind: 'argon2id';
      readonly password: string;
      readonly salt: Uint8Array;
      readonly passes: number;
      readonly memoryKiB: number;
      readonly parallelism: number;
    };

/** Where a derivation stands: shown while a long one runs ("key 1 of 2"). */
export interface KdfProgress {
  /** 1-based number of the derivation starting now. */
  readonly step: number;
  /** How many the file needs at most (an Aegis vault tries each password slot). */
  readonly steps: number;
  /** e.g. "Argon2id, 256 MiB, 16 passes". */
  readonly label: string;
  /** What it should take on an ordinary laptop; a loaded machine takes longer. */
  readonly estimatedMs: number;
}

/** What the caller gives an import to follow and stop its key derivations. */
export interface KdfControl {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: KdfProgress) => void;
}

/**
 * The worker's program, plain CommonJS run with `eval`: it needs only Node's own modules and
 * hash-wasm, required by the absolute path the caller resolved, so it runs the same from the
 * sources, the esbuild CLI bundle and the electron-vite main bundle. The derivations are
 * synchronous inside it; terminating the worker is the cancel (a native call finishes first).
 */
const WORKER_PROGRAM = `
const { parentPort, workerData } = require('node:worker_threads');
const crypto = require('node:crypto');
let argon2id;
parentPort.on('message', async (job) => {
  try {
    let key;
    if (job.kind === 'scrypt') {
      const maxmem = 256 * job.N * job.r * job.p + 1024 * 1024;
      key = crypto.scryptSync(job.password, job.salt, 32, { N: job.N, r: job.r, p: job.p, maxmem });
    } else if (job.kind === 'pbkdf2') {
      key = crypto.pbkdf2Sync(job.password, job.salt, job.iterations, job.length, job.hash);
    } else {
      argon2id ??= require(workerData.hashWasm).argon2id;
      key = await argon2id({
        password: job.password, salt: job.salt, iterations: job.passes, memorySize: job.memoryKiB,
        parallelism: job.parallelism, hashLength: 32, outputType: 'binary',
      });
    }
    parentPort.postMessage({ ok: true, key: new Uint8Array(key) });
  } catch (error) {
    parentPort.postMessage({ ok: false, message: String((error && error.message) || error) });
  }
});
`;

/** The worker's answer, checked like any input. */
const answerSchema = z.union([
  z.object({ ok: z.literal(true), key: z.instanceof(Uint8Array) }),
  z.object({ ok: z.literal(false), message: z.string() }),
]);

export function cancelled(): ImportError {
  return new ImportError('CANCELLED', words('transfer.kdf.cancelled'));
}

/** The worker's own failure (the runtime's English, e.g. out of memory) is kept as a detail. */
function failed(message: string): ImportError {
  return new ImportError('TOO_COSTLY', words('transfer.kdf.failed', { detail: message.slice(0, 200) }));
}

let hashWasmPath: string | undefined;

/**
 * One worker thread that runs a file's key derivations one after another, off the calling
 * thread (in the app, the Electron main process). Created on the first derivation; `close`
 * (or the signal) terminates it. Idle, it does not keep the process alive.
 */
export class KdfWorker {
  #worker: Worker | undefined;
  #pending: { resolve: (key: Uint8Array) => void; reject: (error: Error) => void } | undefined;
  readonly #signal: AbortSignal | undefined;
  readonly #onAbort = () => this.#stop(cancelled());

  constructor(signal?: AbortSignal) {
    this.#signal = signal;
    signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  run(request: KdfRequest): Promise<Uint8Array> {
    if (this.#signal?.aborted) return Promise.reject(cancelled());
    if (this.#pending) return Promise.reject(new Error('KdfWorker runs one derivation at a time'));
    const worker = this.#start();
    return new Promise<Uint8Array>((resolve, reject) => {
      this.#pending = { resolve, reject };
      worker.ref();
      worker.postMessage(request);
    });
  }

  close(): void {
    this.#signal?.removeEventListener('abort', this.#onAbort);
    this.#stop(cancelled());
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    hashWasmPath ??= createRequire(import.meta.url).resolve('hash-wasm');
    const worker = new Worker(WORKER_PROGRAM, { eval: true, workerData: { hashWasm: hashWasmPath } });
    worker.on('message', (message: unknown) => {
      if (this.#worker !== worker) return;
      const pending = this.#pending;
      this.#pending = undefined;
      worker.unref();
      if (!pending) return;
      const answer = answerSchema.safeParse(message);
      if (!answer.success) pending.reject(new Error('the key-derivation worker answered nonsense'));
      else if (answer.data.ok) pending.resolve(answer.data.key);
      else pending.reject(failed(answer.data.message));
    });
    // A worker that dies (out of memory, say) fails the derivation it was running, in words.
    worker.on('error', (error) => {
      if (this.#worker === worker) this.#stop(failed(error.message));
    });
    worker.on('exit', () => {
      if (this.#worker === worker) this.#stop(failed('the worker stopped'));
    });
    this.#worker = worker;
    return worker;
  }

  #stop(reason: Error): void {
    const worker = this.#worker;
    this.#worker = undefined;
    const pending = this.#pending;
    this.#pending = undefined;
    if (worker) void worker.terminate();
    pending?.reject(reason);
  }
}
