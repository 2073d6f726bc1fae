import type { Command } from 'commander';
import { nodeOtpEngine } from '../../main/platform/otp-engine';
import {
  formatOtpauthUri,
  HASH_ALGORITHMS,
  keyOf,
  normalizeBase32,
  parseOtpauthUri,
  type HashAlgorithm,
  type OtpAccount,
} from '../../shared/otp';
import { UsageError } from '../usage-error';

function parseUnixSeconds(value: string): number {
  if (!/^\d+(\.\d+)?$/.test(value)) throw new UsageError(`--time must be Unix seconds, not "${value}".`);
  return Number(value);
}

function parseWhole(name: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value)) throw new UsageError(`${name} must be a whole number, not "${value}".`);
    return Number(value);
  };
}

/** `code --uri` and `uri`: the OTP engine and the link format, no vault involved. */
export function registerOtpCommands(program: Command): void {
  program
    .command('uri')
    .description('print the canonical otpauth:// link for an account')
    .requiredOption('--issuer <issuer>', 'the domain or service the code is for')
    .requiredOption('--account <account>', 'the login at that service')
    .requiredOption('--secret <base32>', 'the shared secret in Base32')
    .option('--algorithm <name>', 'SHA1, SHA256 or SHA512', 'SHA1')
    .option('--digits <n>', 'digits per code (5–10)', parseWhole('--digits'), 6)
    .option('--period <seconds>', 'seconds per code (1–86400)', parseWhole('--period'), 30)
    .action(
      (options: {
        issuer: string;
        account: string;
        secret: string;
        algorithm: string;
        digits: number;
        period: number;
      }) => {
        const algorithm = options.algorithm.toUpperCase();
        if (!HASH_ALGORITHMS.includes(algorithm as HashAlgorithm)) {
          throw new UsageError(
            `--algorithm must be one of ${HASH_ALGORITHMS.join(', ')}, not "${options.algorithm}".`,
          );
        }
        const account: OtpAccount = {
          type: 'totp',
          issuer: options.issuer.trim(),
          account: options.account.trim(),
          secret: normalizeBase32(options.secret),
          algorithm: algorithm as HashAlgorithm,
          digits: options.digits,
          period: options.period,
          counter: 0,
        };
        // Round-trip through the parser so the same limits apply as for links.
        const link = formatOtpauthUri(account);
        parseOtpauthUri(link);
        console.log(link);
      },
    );
}

/** `code --uri <link>`: one code from a link, nothing else printed. */
export function printCodeForUri(uri: string, time: string | undefined): void {
  const { account } = parseOtpauthUri(uri);
  const key = keyOf(account);
  const at = time === undefined ? Date.now() / 1000 : parseUnixSeconds(time);
  const code =
    account.type === 'hotp' ? nodeOtpEngine.hotp(key, account.counter) : nodeOtpEngine.totp(key, at);
  console.log(code);
}
