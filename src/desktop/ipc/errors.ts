import type { z } from 'zod';
import { OtpInputError } from '../../shared/otp';
import { IPC_ERROR_CODES, type IpcError } from '../../shared/ipc/result';

/** A refusal whose message is meant for the person using Twofold. */
export class UserError extends Error {
  override name = 'UserError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

// Errors whose messages the owning module already writes for a person (and keeps free of secrets).
const PERSON_FACING = new Set([
  'VaultError',
  'KeychainUnavailableError',
  'UserError',
  'HelpdeskError',
  'ImportError',
  'ExportError',
  'BackupError',
]);

function codeOf(error: Error): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code !== '' ? code : IPC_ERROR_CODES.internal;
}

/** Maps anything a handler throws to what crosses IPC; unknown errors never leak their text. */
export function toIpcError(error: unknown): IpcError {
  if (error instanceof OtpInputError) return { code: IPC_ERROR_CODES.badInput, message: error.message };
  if (error instanceof Error && PERSON_FACING.has(error.name)) {
    return { code: codeOf(error), message: error.message };
  }
  return {
    code: IPC_ERROR_CODES.internal,
    message: 'Something went wrong inside Twofold; nothing was changed. Try again, or restart Twofold.',
  };
}

function fieldName(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/** The first schema problem, in words: "uri: Paste an otpauth:// link." */
export function describeSchemaError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The request was not understood.';
  const field = fieldName(issue.path);
  return field ? `${field}: ${issue.message}` : issue.message;
}
