import { z } from 'zod';

/** Why a call failed: `code` for programs, `message` for a person (never a stack trace or a secret). */
export const ipcErrorSchema = z.object({ code: z.string(), message: z.string() });
export type IpcError = z.infer<typeof ipcErrorSchema>;

/** How every result crosses a process boundary, so errors keep their meaning on the way. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** Codes every transport may produce, besides the feature-specific ones (e.g. a VaultError's code). */
export const IPC_ERROR_CODES = {
  badInput: 'bad-input',
  untrustedSender: 'untrusted-sender',
  unknownChannel: 'unknown-channel',
  internal: 'internal',
  unavailable: 'unavailable',
} as const;

export function ok<T>(value: T): IpcResult<T> {
  return { ok: true, value };
}

export function fail(code: string, message: string): IpcResult<never> {
  return { ok: false, error: { code, message } };
}
