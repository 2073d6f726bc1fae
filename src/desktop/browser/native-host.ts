import type { Readable, Writable } from 'node:stream';
import { hostRequestSchema, MAX_REQUEST_BYTES, type HostReply } from '../../shared/browser/messages';
import { PersonFacingError } from '../../shared/person-facing-error';
import { matchPage } from '../../shared/site/match';
import { parseUrl } from '../../node/parse-url';
import type { Vault } from '../vault';
import { encodeFrame, FrameReader } from './framing';
import { readBrowserSettings } from './settings';

export interface NativeHostOptions {
  readonly input: Readable;
  readonly output: Writable;
  readonly vaultPath: string;
  /** Opens the vault (keychain or password, as the CLI does); called again after a failure. */
  readonly openVault: () => Promise<Vault>;
}

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
          type !== '' && type !== 'code'
            ? `Unknown command "${type}".`
            : 'The request is not one Twofold understands.',
      };
    }
    const request = parsed.data;
    const settings = await readBrowserSettings(options.vaultPath);
    if (!settings.enabled)
      return { id, ok: false, reason: 'Filling codes in the browser is turned off in Twofold.' };
    try {
      vault ??= await options.openVault();
      await vault.reloadIfChanged();
    } catch (error) {
      vault = null;
      const why =
        error instanceof PersonFacingError || error instanceof Error ? error.message : 'unknown error';
      return { id, ok: false, reason: `Twofold could not open the vault: ${why}` };
    }
    const result = matchPage({ url: request.url, topUrl: request.topUrl }, vault.list(), parseUrl);
    if (!result.ok) return { id, ok: false, reason: result.reason };
    if (!settings.allowedSites.includes(result.site))
      return {
        id,
        ok: false,
        reason: `Allow ${result.site} first: in Twofold, or with "twofold browser allow ${result.site}".`,
      };
    const totp = result.accounts.filter((account) => account.type !== 'hotp');
    if (totp.length !== 1)
      return {
        id,
        ok: false,
        reason:
          totp.length === 0
            ? `The account for ${result.site} uses counter codes: take the code from Twofold.`
            : `${totp.length} accounts are for ${result.site}: take the code from Twofold.`,
      };
    const [account] = totp as [(typeof totp)[number]];
    const code = vault.codes().find((candidate) => candidate.id === account.id)?.code;
    if (!code) return { id, ok: false, reason: `Twofold has no code for ${result.site} right now.` };
    return { id, ok: true, code, issuer: account.issuer };
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
