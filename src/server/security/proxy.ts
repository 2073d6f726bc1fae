import { isIP } from 'node:net';
import { PersonFacingError } from '../../shared/person-facing-error';

/**
 * Which reverse proxies are believed about the client's address (X-Forwarded-For)
 * and scheme (X-Forwarded-Proto): none, the proxies at these addresses, or the
 * nearest `hops` hops whoever they are. The client address is the one the last
 * trusted proxy saw: X-Forwarded-For is read from the right, and entries added
 * before the first untrusted hop (anything a client typed) are never taken.
 */
export type TrustProxy = false | { readonly addresses: readonly string[] } | { readonly hops: number };

export class TrustProxyError extends PersonFacingError {
  override name = 'TrustProxyError';
  declare readonly code: 'TRUST_PROXY';
  constructor(message: string) {
    super('TRUST_PROXY', message);
  }
}

// Names proxy-addr (fastify's own parser) understands for common ranges.
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrRange(value: string): boolean {
  if (RANGE_NAMES.has(value)) return true;
  const [address = '', bits, ...rest] = value.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/**
 * `TWOFOLD_SERVER_TRUST_PROXY`: empty or 0 for none, a whole number for a hop
 * count, or a comma-separated list of proxy addresses and ranges (CIDR, or
 * loopback / linklocal / uniquelocal).
 */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = (raw ?? '').trim();
  if (value === '' || value === '0') return false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 100) throw new TrustProxyError(`TWOFOLD_SERVER_TRUST_PROXY: ${value} hops is not plausible.`);
    return { hops };
  }
  const addresses = value.split(',').map((part) => part.trim());
  const bad = addresses.filter((part) => !isAddressOrRange(part));
  if (bad.length > 0) {
    throw new TrustProxyError(
      `TWOFOLD_SERVER_TRUST_PROXY: "${bad.join('", "')}" is not an address or range; give the proxies' addresses (e.g. 127.0.0.1,10.0.0.0/8) or a number of hops.`,
    );
  }
  return { addresses };
}

/** Fastify's `trustProxy` option for it (a hop counts from 0, the peer that connected). */
export function fastifyTrustProxy(
  trust: TrustProxy,
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (trust === false) return false;
  if ('hops' in trust) {
    const { hops } = trust;
    return (_address, hop) => hop < hops;
  }
  return [...trust.addresses];
}
