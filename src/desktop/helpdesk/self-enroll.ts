import { englishTranslate, type Translate } from '../../shared/i18n/translate';
import { keyOf, parseOtpauthUri, type OtpAccount } from '../../shared/otp';
import { PersonFacingError, words } from '../../shared/person-facing-error';
import { nodeOtpEngine } from '../../node/otp-engine';
import type { AdminConnection } from './driver';
import { HelpdeskError, isHelpdeskError } from './errors';
import { withStepUp } from './session';

/** The part of the vault that self-enrollment needs (the real Vault satisfies it). */
export interface EnrollVault {
  add(
    account: OtpAccount & { group?: string; note?: string },
  ): Promise<{ id: string; issuer: string; account: string }>;
  remove(id: string): Promise<unknown>;
}

export interface EnrolledSelf {
  readonly entry: { readonly id: string; readonly issuer: string; readonly account: string };
  /** Shown once, then forgotten. */
  readonly recoveryCodes: readonly string[];
}

/**
 * Enables 2FA on the signed-in admin's own account straight into the local vault:
 * the server makes a secret, the vault stores it, the vault's code confirms it.
 * If confirming fails, the vault entry is removed again so nothing is left half done.
 */
export async function enrollSelf(
  connection: AdminConnection,
  vault: EnrollVault,
  password: () => Promise<string | null>,
  /** `t`: the language of the note the vault entry gets (the app's). */
  options: { now?: () => number; t?: Translate } = {},
): Promise<EnrolledSelf> {
  const setup = await withStepUp(connection, () => connection.setupSelf(), password);
  let account: OtpAccount;
  try {
    account = parseOtpauthUri(setup.otpauthUri).account;
  } catch {
    throw new HelpdeskError('BAD_RESPONSE', words('helpdesk.error.enrollBadLink'));
  }
  let entry: { id: string; issuer: string; account: string };
  try {
    const note = (options.t ?? englishTranslate)('helpdesk.enroll.vaultNote');
    entry = await vault.add({ ...account, note });
  } catch (error) {
    const detail =
      error instanceof PersonFacingError && error.words
        ? error.words
        : error instanceof Error
          ? error.message
          : words('helpdesk.error.unknownDetail');
    throw new HelpdeskError('VAULT', words('helpdesk.error.enrollVaultFailed', { detail }));
  }
  try {
    const at = (options.now ?? Date.now)() / 1000;
    const code = nodeOtpEngine.totp(keyOf(account), at);
    const enabled = await connection.enableSelf(code);
    return {
      entry: { id: entry.id, issuer: entry.issuer, account: entry.account },
      recoveryCodes: enabled.recoveryCodes,
    };
  } catch (error) {
    await vault.remove(entry.id).catch(() => undefined);
    if (isHelpdeskError(error)) throw error;
    throw new HelpdeskError('SERVER_ERROR', words('helpdesk.error.enrollFailed'));
  }
}
