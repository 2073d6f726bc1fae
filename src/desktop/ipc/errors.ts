import type { z } from 'zod';
import { IPC_ERROR_CODES, type IpcError } from '../../shared/ipc/result';
import { englishTranslate, type Translate } from '../../shared/i18n';
import { PersonFacingError } from '../../shared/person-facing-error';

/**
 * Maps anything a handler throws to what crosses IPC, its message in the app's language (`t`);
 * unknown errors never leak their text.
 */
export function toIpcError(error: unknown, t: Translate = englishTranslate): IpcError {
  if (error instanceof PersonFacingError) {
    return { code: error.code || IPC_ERROR_CODES.internal, message: error.inLanguage(t) };
  }
  return { code: IPC_ERROR_CODES.internal, message: t('vault.request.internal') };
}

function fieldName(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/** The first schema problem, in words: "uri: Paste an otpauth:// link." */
export function describeSchemaError(error: z.ZodError, t: Translate = englishTranslate): string {
  const issue = error.issues[0];
  if (!issue) return t('vault.request.notUnderstood');
  const field = fieldName(issue.path);
  return field ? `${field}: ${issue.message}` : issue.message;
}
