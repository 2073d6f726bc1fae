import { ISSUER_DOMAINS } from './issuer-domains.generated';

const COMPANY_SUFFIX = /[\s,]+(inc|llc|ltd|limited|corp|corporation|gmbh|co|company|plc|ag|sa|bv|ab|oy)\.?$/;

/** A name reduced to what identifies it: "Github Inc." and "GitHub" both give "github". */
export function nameKey(text: string): string {
  let key = text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().trim();
  for (let before = ''; before !== key;) {
    before = key;
    key = key.replace(COMPANY_SUFFIX, '').trim();
  }
  return key.replace(/[^a-z0-9]/g, '');
}

let byName: Map<string, readonly string[]> | null = null;

/**
 * The domains a service signs in on, from the issuer-icon catalogue, when the issuer names one
 * ("GitHub", "GitHub Enterprise" give github.com); none for a name the catalogue does not know.
 */
export function issuerDomains(issuer: string): readonly string[] {
  if (!byName) {
    byName = new Map();
    for (const service of ISSUER_DOMAINS)
      for (const name of service.names) {
        const key = nameKey(name);
        // The first service to claim a name keeps it, as for the icons.
        if (key && !byName.has(key)) byName.set(key, service.domains);
      }
  }
  const words = issuer.trim().split(/\s+/);
  for (let count = words.length; count > 0; count--) {
    const domains = byName.get(nameKey(words.slice(0, count).join(' ')));
    if (domains) return domains;
  }
  return [];
}
