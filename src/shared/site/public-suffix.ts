import { getDomain, getDomainWithoutSuffix } from 'tldts';

// The Public Suffix List through tldts (a well-kept library that ships the list and its
// algorithm): private suffixes such as github.io count, so alice.github.io and bob.github.io
// are different sites, as browsers treat them.
const OPTIONS = { allowPrivateDomains: true, validateHostname: true } as const;

/**
 * The registrable domain of a host name in ASCII (punycode) form: "accounts.google.co.uk"
 * gives "google.co.uk", "alice.github.io" gives itself. Null for an IP address, a public
 * suffix itself ("co.uk") or a name that is not a host.
 */
export function registrableDomain(host: string): string | null {
  const name = host.toLowerCase().replace(/\.$/, '');
  if (name === '' || !/^[a-z0-9.-]+$/.test(name)) return null;
  return getDomain(name, OPTIONS);
}

/** A registrable domain without its public suffix: "acme.co.uk" gives "acme". */
export function siteName(domain: string): string {
  return getDomainWithoutSuffix(domain, OPTIONS) ?? '';
}
