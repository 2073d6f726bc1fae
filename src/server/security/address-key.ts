import { isIPv4, isIPv6 } from 'node:net';

/** The 16-bit groups of an IPv6 address (eight of them), or null when it is not one. */
function groupsOf(address: string): number[] | null {
  // A zone ("fe80::1%eth0") names the interface, not the address.
  const text = address.replace(/%.*$/, '');
  if (!isIPv6(text)) return null;
  const [head = '', tail] = text.split('::');
  const parse = (part: string): number[] => {
    if (part === '') return [];
    const groups: number[] = [];
    for (const piece of part.split(':')) {
      if (isIPv4(piece)) {
        // An embedded IPv4 address ("::ffff:192.0.2.1") fills the last two groups.
        const [a = 0, b = 0, c = 0, d = 0] = piece.split('.').map(Number);
        groups.push((a << 8) | b, (c << 8) | d);
      } else groups.push(parseInt(piece, 16));
    }
    return groups;
  };
  const left = parse(head);
  if (tail === undefined) return left;
  const right = parse(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/**
 * The key a client address is counted under by the per-address limits. An IPv4 address
 * is its own key. An IPv6 client usually holds a whole /64 (its router hands out any
 * address in it, and privacy extensions change it every day), so counting each address
 * on its own would give one client 2^64 fresh counters: IPv6 addresses are counted by
 * their /64 ("2001:db8:1:2::/64"). An IPv4-mapped IPv6 address ("::ffff:192.0.2.1", how
 * a dual-stack socket sees an IPv4 client) is the IPv4 address it maps.
 */
export function addressKey(address: string): string {
  const groups = groupsOf(address);
  if (groups === null) return address;
  const mapped = groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
  if (mapped) {
    const [high = 0, low = 0] = groups.slice(6);
    return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
}
