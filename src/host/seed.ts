import { randomBytes } from 'node:crypto';
import { generateSecret } from '../shared/otp';
import type { Vault } from '../desktop/vault';

const ISSUERS = ['GitHub', 'example.com', 'Fastmail', 'AWS', 'Proton', 'GitLab', 'Cloudflare', 'Dropbox'];

/** Adds `count` made-up TOTP accounts in one write (for rendering and tick benchmarks). */
export async function seedEntries(vault: Vault, count: number): Promise<number> {
  const accounts = Array.from({ length: count }, (_, i) => ({
    type: 'totp' as const,
    issuer: ISSUERS[i % ISSUERS.length] ?? 'Example',
    account: `user${i}@example.com`,
    secret: generateSecret((n) => randomBytes(n)),
    algorithm: 'SHA1' as const,
    digits: 6,
    period: 30,
    counter: 0,
  }));
  await vault.addMany(accounts, { allowDuplicate: true });
  return count;
}
