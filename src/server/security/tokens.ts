import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A 256-bit random token for cookies and bearer tokens. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Session and API tokens are stored hashed: a copy of the database does not log anyone in. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function sameString(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
