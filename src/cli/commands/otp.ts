import type { Command } from 'commander';
import { z } from 'zod';
import { nodeOtpEngine } from '../../node/otp-engine';
import {
  DEFAULT_DIGITS,
  DEFAULT_PERIOD,
  formatOtpauthUri,
  HASH_ALGORITHMS,
  keyOf,
  MAX_DIGITS,
  MAX_PERIOD,
  MIN_DIGITS,
  MIN_PERIOD,
  normalizeBase32,
  OTP_TYPES,
  parseOtpauthUri,
  type OtpAccount,
} from '../../shared/otp';
import { UsageError } from '../usage-error';

const whole = (option: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `${option} must be a whole number`)
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, `${option} must be from ${min} to ${max}`)
        .max(max, `${option} must be from ${min} to ${max}`),
    );

/** The `uri` options as commander hands them over (strings), checked and converted in one place. */
const uriOptionsSchema = z.object({
  issuer: z.string().trim().max(512, '--issuer is too long'),
  account: z.string().trim().min(1, '--account must not be empty').max(512, '--account is too long'),
  secret: z.string(),
  algorithm: z
    .string()
    .transform((value) => value.toUpperCase().replace(/[-_]/g, ''))
    .pipe(z.enum(HASH_ALGORITHMS, `--algorithm must be one of ${HASH_ALGORITHMS.join(', ')}`)),
  digits: whole('--digits', MIN_DIGITS, MAX_DIGITS),
  period: whole('--period', MIN_PERIOD, MAX_PERIOD),
  type: z
    .string()
    .transform((value) => value.toLowerCase())
    .pipe(z.enum(OTP_TYPES, `--type must be one of ${OTP_TYPES.join(', ')}`)),
  counter: whole('--counter', 0, Number.MAX_SAFE_INTEGER),
});

const timeSchema = z
  .string()
  .regex(/^\d+(\.\d+)?$/, '--time must be Unix seconds (a number from 0 on)')
  .transform(Number)
  .pipe(z.number().max(Number.MAX_SAFE_INTEGER, '--time is too large'));

/** Turns a zod failure into one line for the person at the terminal, quoting what they typed. */
function parseOrUsage<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path[0];
  const given =
    typeof value === 'object' && value !== null && typeof path === 'string'
      ? value[path as keyof typeof value]
      : value;
  const shown = String(given).trim() === '' ? '' : `, not "${String(given)}"`;
  throw new UsageError(`${issue?.message ?? 'invalid input'}${shown}.`);
}

/** `code --uri` and `uri`: the OTP engine and the link format, no vault involved. */
export function registerOtpCommands(program: Command): void {
  program
    .command('uri')
    .description('print the canonical otpauth:// link for an account')
    .requiredOption('--issuer <issuer>', 'the domain or service the code is for')
    .requiredOption('--account <account>', 'the login at that service')
    .requiredOption('--secret <base32>', 'the shared secret in Base32 (spaces, dashes, lowercase are fine)')
    .option('--algorithm <name>', 'SHA1, SHA256 or SHA512', 'SHA1')
    .option('--digits <n>', `digits per code (${MIN_DIGITS}–${MAX_DIGITS})`, String(DEFAULT_DIGITS))
    .option('--period <seconds>', `seconds per code (${MIN_PERIOD}–${MAX_PERIOD})`, String(DEFAULT_PERIOD))
    .option('--type <type>', 'totp, hotp or steam', 'totp')
    .option('--counter <n>', 'HOTP only: the next counter', '0')
    .action((raw: Record<string, unknown>) => {
      const options = parseOrUsage(uriOptionsSchema, raw);
      const account: OtpAccount = {
        type: options.type,
        issuer: options.issuer,
        account: options.account,
        secret: normalizeBase32(options.secret),
        algorithm: options.algorithm,
        digits: options.type === 'steam' ? 5 : options.digits,
        period: options.period,
        counter: options.counter,
      };
      // Round-trip through the parser so the same limits apply as for links.
      const link = formatOtpauthUri(account);
      parseOtpauthUri(link);
      console.log(link);
    });
}

/** `code --uri <link>`: one code from a link, nothing else printed. */
export function printCodeForUri(uri: string, time: string | undefined): void {
  const { account } = parseOtpauthUri(uri);
  const key = keyOf(account);
  const at = time === undefined ? Date.now() / 1000 : parseOrUsage(timeSchema, time);
  const code =
    account.type === 'hotp' ? nodeOtpEngine.hotp(key, account.counter) : nodeOtpEngine.totp(key, at);
  console.log(code);
}
