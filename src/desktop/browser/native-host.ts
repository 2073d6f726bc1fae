import type { Readable, Writable } from 'node:stream';
import {
  hostRequestSchema,
  MAX_REQUEST_BYTES,
  type HostReply,
  type HostRequest,
} from '../../shared/browser/messages';
import { PersonFacingError } from '../../shared/person-facing-error';
import type { Vault } from '../vault';
import { encodeFrame, FrameReader } from './framing';
import { answerRequest } from './answers';

export interface NativeHostOptions {
  readonly input: Readable;
  readonly output: Writable;
  readonly vaultPath: string;
  /** Opens the vault (keychain or password, as the CLI does); called again after a failure. */
  readonly openVault: () => Promise<Vault>;
  /** Asks the running app; null when none answers. Absent: never ask. */
  readonly askApp?: (request: HostRequest) => Promise<HostReply | null>;
}

class VaultUnavailable extends Error {}

/**
 * The native messaging host: answers each request from Twofold's extension with the code of
 * the one account whose site is the page's, or a sentence why not. Never a secret, never the
 * accounts of other sites. A bad message gets an error and the host keeps reading.
 */
export function runNativeHost(options: NativeHostOptions): Promise<void> {
  const reader = new FrameReader(MAX_REQUEST_BYTES);
  let vault: Vault | null = null;
  let queue = Promise.resolve();
  const send = (reply: HostReply) => options.output.write(encodeFrame(reply));

  async function answer(text: string): Promise<HostReply> {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { id: null, ok: false, reason: 'The message is not JSON.' };
    }
    const id =
      typeof json === 'object' &&
      json !== null &&
      'id' in json &&
      Number.isSafeInteger(json.id) &&
      (json.id as number) >= 0
        ? (json.id as number)
        : null;
    const parsed = hostRequestSchema.safeParse(json);
    if (!parsed.success) {
      const type =
        typeof json === 'object' && json !== null && 'type' in json ? String(json.type).slice(0, 40) : '';
      return {
        id,
        ok: false,
        reason:
          type !== '' && !['code', 'accounts', 'link'].includes(type)
            ? `Unknown command "${type}".`
            : 'The request is not one Twofold understands.',
      };
    }
    const request = parsed.data;
    // The running app first (it may have the vault unlocked with a password, and can ask the
    // person); else the vault opened here, through the keychain.
    const fromApp = options.askApp ? await options.askApp(request) : null;
    if (fromApp) return fromApp;
    return answerRequest(request, {
      vaultPath: options.vaultPath,
      vault: async () => {
        try {
          vault ??= await options.openVault();
          await vault.reloadIfChanged();
          return vault;
        } catch (error) {
          vault = null;
          const why =
            error instanceof PersonFacingError || error instanceof Error ? error.message : 'unknown error';
          throw new VaultUnavailable(`Twofold could not open the vault: ${why}`);
        }
      },
    }).catch((error: unknown) => {
      if (error instanceof VaultUnavailable) return { id, ok: false as const, reason: error.message };
      throw error;
    });
  }

  return new Promise((resolve) => {
    options.input.on('data', (chunk: Buffer) => {
      for (const frame of reader.push(chunk)) {
        queue = queue.then(async () => {
          if (frame.kind === 'oversized')
            send({
              id: null,
              ok: false,
              reason: `The message is ${frame.bytes} bytes; Twofold takes at most ${MAX_REQUEST_BYTES}.`,
            });
          else
            send(
              await answer(frame.text).catch(() => ({
                id: null,
                ok: false as const,
                reason: 'Twofold failed to answer.',
              })),
            );
        });
      }
    });
    // The browser closes stdin when it no longer needs the host.
    options.input.on(
      'end',
      () =>
        void queue.then(() => {
          vault?.close();
          resolve();
        }),
    );
  });
}
