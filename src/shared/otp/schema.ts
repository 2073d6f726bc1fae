import { z } from 'zod';
import type { OtpAccount } from './account';
import { HASH_ALGORITHMS, MAX_DIGITS, MAX_PERIOD, MIN_DIGITS, MIN_PERIOD, OTP_TYPES } from './types';

/**
 * An OtpAccount as it crosses a boundary (IPC, a vault file, an HTTP body):
 * the secret in canonical Base32, limits as the otpauth parser enforces them.
 */
export const otpAccountSchema = z.object({
  type: z.enum(OTP_TYPES),
  issuer: z.string().max(512),
  account: z.string().max(512),
  secret: z
    .string()
    .min(1)
    .max(2048)
    .regex(/^[A-Z2-7]+$/, 'The secret must be canonical Base32: A–Z and 2–7, no padding.'),
  algorithm: z.enum(HASH_ALGORITHMS),
  digits: z.number().int().min(MIN_DIGITS).max(MAX_DIGITS),
  period: z.number().int().min(MIN_PERIOD).max(MAX_PERIOD),
  counter: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  image: z.string().max(4096).optional(),
}) satisfies z.ZodType<OtpAccount>;
