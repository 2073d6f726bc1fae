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
import { PersonFacingError } from '../../../../shared/person-facing-error';
import type { Translate } from '../../i18n';

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
export function validateManual(form: ManualForm, t: Translate): ManualErrors {
  const errors: ManualErrors = {};
  if (form.issuer.trim() === '' && form.account.trim() === '') {
    errors.issuer = t('codes.manual.error.name');
  }
  if (form.secret.trim() === '') {
    errors.secret = t('codes.manual.error.secretEmpty');
  } else {
    try {
      normalizeBase32(form.secret);
    } catch (caught) {
      errors.secret =
        caught instanceof PersonFacingError ? caught.inLanguage(t) : t('codes.manual.error.secretInvalid');
    }
  }
  if (form.type !== 'steam') {
    const digits = wholeNumber(form.digits);
    if (digits === null || digits < MIN_DIGITS || digits > MAX_DIGITS) {
      errors.digits = t('codes.manual.error.digits', { min: MIN_DIGITS, max: MAX_DIGITS });
    }
  }
  if (form.type !== 'hotp') {
    const period = wholeNumber(form.period);
    if (period === null || period < MIN_PERIOD || period > MAX_PERIOD) {
      errors.period = t('codes.manual.error.period', { min: MIN_PERIOD, max: MAX_PERIOD });
    }
  } else if (wholeNumber(form.counter) === null || !Number.isSafeInteger(Number(form.counter))) {
    errors.counter = t('codes.manual.error.counter');
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
