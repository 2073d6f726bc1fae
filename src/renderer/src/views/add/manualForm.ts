import {
  DEFAULT_PERIOD,
  MAX_DIGITS,
  MAX_PERIOD,
  MIN_DIGITS,
  MIN_PERIOD,
  STEAM_DIGITS,
  type HashAlgorithm,
  type OtpType,
} from '../../../../shared/otp/types';
import { normalizeBase32 } from '../../../../shared/otp/base32';

export interface ManualForm {
  issuer: string;
  account: string;
  secret: string;
  type: OtpType;
  algorithm: HashAlgorithm;
  digits: string;
  period: string;
  counter: string;
}

export const EMPTY_FORM: ManualForm = {
  issuer: '',
  account: '',
  secret: '',
  type: 'totp',
  algorithm: 'SHA1',
  digits: '6',
  period: String(DEFAULT_PERIOD),
  counter: '0',
};

export type ManualErrors = Partial<Record<keyof ManualForm, string>>;

function wholeNumber(value: string): number | null {
  return /^\s*\d+\s*$/.test(value) ? Number(value) : null;
}

/**
 * Every problem with the form, in words, as the person types. The secret's
 * message comes from the shared parser, the same words main would send back.
 */
export function validateManual(form: ManualForm): ManualErrors {
  const errors: ManualErrors = {};
  if (form.issuer.trim() === '' && form.account.trim() === '') {
    errors.issuer = 'Enter the issuer or the login, so you can tell this account apart.';
  }
  if (form.secret.trim() === '') {
    errors.secret = 'Enter the secret: the letters and digits shown under the QR code.';
  } else {
    try {
      normalizeBase32(form.secret);
    } catch (caught) {
      errors.secret = caught instanceof Error ? caught.message : 'The secret is not valid base32.';
    }
  }
  if (form.type !== 'steam') {
    const digits = wholeNumber(form.digits);
    if (digits === null || digits < MIN_DIGITS || digits > MAX_DIGITS) {
      errors.digits = `Digits must be a whole number from ${MIN_DIGITS} to ${MAX_DIGITS}.`;
    }
  }
  if (form.type !== 'hotp') {
    const period = wholeNumber(form.period);
    if (period === null || period < MIN_PERIOD || period > MAX_PERIOD) {
      errors.period = `The period must be a whole number of seconds from ${MIN_PERIOD} to ${MAX_PERIOD}.`;
    }
  } else if (wholeNumber(form.counter) === null || !Number.isSafeInteger(Number(form.counter))) {
    errors.counter = 'The counter must be a whole number from 0 up.';
  }
  return errors;
}

/** The form as the `entries.add` channel takes it. */
export function toAddInput(form: ManualForm): {
  type: OtpType;
  issuer: string;
  account: string;
  secret: string;
  algorithm: HashAlgorithm;
  digits?: number;
  period?: number;
  counter?: number;
} {
  return {
    type: form.type,
    issuer: form.issuer.trim(),
    account: form.account.trim(),
    secret: form.secret,
    algorithm: form.algorithm,
    ...(form.type === 'steam' ? { digits: STEAM_DIGITS } : { digits: Number(form.digits) }),
    ...(form.type === 'hotp' ? { counter: Number(form.counter) } : { period: Number(form.period) }),
  };
}
