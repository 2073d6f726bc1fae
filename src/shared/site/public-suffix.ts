import { PUBLIC_SUFFIX_RULES } from './public-suffix-list.generated';

// The Public Suffix List algorithm (https://publicsuffix.org/list/): the longest matching
// rule wins, an exception rule (!) beats a wildcard (*), and an unlisted top-level label is
// a suffix of its own. The list itself is generated from Debian's copy (scripts/public-suffix-list.ts).
// A well-kept library (tldts) would replace this file; it is not installed here.

interface Rules {
  readonly exact: ReadonlySet<string>;
  readonly wildcard: ReadonlySet<string>;
  readonly exception: ReadonlySet<string>;
}

function parseRules(text: string): Rules {
  const exact = new Set<string>();
  const wildcard = new Set<string>();
  const exception = new Set<string>();
  for (const line of text.split('\n')) {
    const rule = line.trim().toLowerCase();
    if (rule === '') continue;
    if (rule.startsWith('!')) exception.add(rule.slice(1));
    else if (rule.startsWith('*.')) wildcard.add(rule.slice(2));
    else exact.add(rule);
  }
  return { exact, wildcard, exception };
}

let rules: Rules | null = null;

/** How many labels at the end of `labels` form its public suffix. */
function suffixLength(labels: readonly string[], list: Rules): number {
  let best = 1;
  for (let start = labels.length - 1; start >= 0; start--) {
    const name = labels.slice(start).join('.');
    const length = labels.length - start;
    if (list.exception.has(name)) return length - 1;
    if (list.exact.has(name)) best = Math.max(best, length);
    const parent = labels.slice(start + 1).join('.');
    if (start + 1 < labels.length && list.wildcard.has(parent)) best = Math.max(best, length);
  }
  return best;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * The registrable domain of a host name in ASCII (punycode) form: "accounts.google.co.uk"
 * gives "google.co.uk", "alice.github.io" gives itself. Null for an IP address, a public
 * suffix itself ("co.uk") or a name that is not a host.
 */
export function registrableDomain(host: string): string | null {
  const name = host.toLowerCase().replace(/\.$/, '');
  if (name === '' || IPV4.test(name) || name.includes(':') || !/^[a-z0-9.-]+$/.test(name)) return null;
  const labels = name.split('.');
  if (labels.some((label) => label === '')) return null;
  rules ??= parseRules(PUBLIC_SUFFIX_RULES);
  const suffix = suffixLength(labels, rules);
  if (labels.length <= suffix) return null;
  return labels.slice(labels.length - suffix - 1).join('.');
}
