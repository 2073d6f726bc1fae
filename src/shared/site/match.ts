import { issuerDomains, nameKey } from './issuer-domains';
import { registrableDomain, siteName } from './public-suffix';

/** What a page is matched on: the frame's address and the top page's, as the browser reports them. */
export interface PageContext {
  readonly url: string;
  readonly topUrl: string;
}

/** An account as matching sees it: never its secret. */
export interface SiteAccount {
  readonly id: string;
  readonly issuer: string;
  /** The website linked to the account, if any (a domain or a web address). */
  readonly site?: string;
}

export type PageMatch<A extends SiteAccount> =
  | { readonly ok: true; readonly site: string; readonly accounts: readonly A[] }
  | {
      readonly ok: false;
      readonly reason: string;
      /** Set when the page is one Twofold fills on and only an account for it is missing. */
      readonly noAccountFor?: string;
    };

/** The parts of a web address matching reads. */
export interface UrlParts {
  readonly protocol: string;
  readonly hostname: string;
  /** The host name with its port when not the default one. */
  readonly host: string;
}
/**
 * The platform's WHATWG URL parser (src/shared has no URL global): browsers and Node give
 * the same host name, in punycode, as the browser that reports the page.
 */
export type ParseUrl = (text: string) => UrlParts | null;

/** The host of a domain or web address ("https://www.GitHub.com/login" gives "www.github.com"), or null. */
export function hostOfSite(text: string, parseUrl: ParseUrl): string | null {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === '' || /\s/.test(trimmed)) return null;
  const host = parseUrl(/^[a-z][a-z0-9+.-]*:\/\//.test(trimmed) ? trimmed : `https://${trimmed}`)?.hostname;
  return host?.includes('.') ? host : null;
}

/**
 * The registrable domains an account is for: its linked site, else its issuer when that is a
 * domain, else the domains the issuer-icon catalogue knows for the issuer's name.
 */
export function accountDomains(account: SiteAccount, parseUrl: ParseUrl): string[] {
  for (const text of [account.site ?? '', account.issuer]) {
    const host = hostOfSite(text, parseUrl);
    const domain = host ? registrableDomain(host) : null;
    if (domain) return [domain];
  }
  const known = issuerDomains(account.issuer).map((domain) => registrableDomain(domain));
  return [...new Set(known.filter((domain): domain is string => domain !== null))];
}

/** Optimal string alignment distance, capped: enough to tell that gihtub.com is one swap away from github.com. */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i] as number[];
      const up = d[i - 1] as number[];
      row[j] = Math.min((up[j] as number) + 1, (row[j - 1] as number) + 1, (up[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
    }
  return (d[a.length] as number[])[b.length] as number;
}

/**
 * The accounts whose site is the page's, by registrable domain. Anything doubtful gets
 * nothing, with the reason in words: a page not on https, a frame whose origin is not the top
 * page's, a name written in look-alike letters (punycode), a name that imitates an account's site.
 */
export function matchPage<A extends SiteAccount>(
  page: PageContext,
  accounts: readonly A[],
  parseUrl: ParseUrl,
): PageMatch<A> {
  const frame = parseUrl(page.url);
  const top = parseUrl(page.topUrl);
  if (!frame || !top) return { ok: false, reason: 'Twofold could not read this page’s address.' };
  if (frame.protocol !== 'https:' || top.protocol !== 'https:')
    return {
      ok: false,
      reason: 'This page is not on a secure (https) connection: Twofold fills codes only there.',
    };
  const site = registrableDomain(frame.hostname);
  if (!site) return { ok: false, reason: `${frame.hostname} is not a site Twofold can match to an account.` };
  // Only the page's own origin: a frame from another site, or another origin of the same site
  // (login.example.com framed by example.com, another port), gets nothing.
  if (frame.protocol !== top.protocol || frame.host !== top.host) {
    const where = frame.hostname === top.hostname ? `${frame.host} (another port)` : frame.hostname;
    return {
      ok: false,
      reason: `This field is in a frame from ${where} inside ${top.hostname}: Twofold fills codes only on the site’s own page, not in frames from elsewhere.`,
    };
  }
  const matches = accounts.filter((account) => accountDomains(account, parseUrl).includes(site));
  if (matches.length > 0) return { ok: true, site, accounts: matches };
  if (frame.hostname.split('.').some((label: string) => label.startsWith('xn--')))
    return {
      ok: false,
      reason: `${frame.hostname} is written with letters from other alphabets, a common way to imitate a known site. Twofold fills nothing here.`,
    };
  for (const domain of new Set(accounts.flatMap((account) => accountDomains(account, parseUrl)))) {
    const inside = frame.hostname.startsWith(`${domain}.`) || frame.hostname.includes(`${domain}-`);
    if (inside || editDistance(site, domain) <= 2)
      return {
        ok: false,
        reason: `${frame.hostname} is not ${domain}, though it looks like it. Twofold fills nothing here.`,
      };
  }
  return { ok: false, reason: `No account in Twofold is for ${site}.`, noAccountFor: site };
}

/**
 * The accounts the person may link to a site from the popup ("Use GitHub for github.com?"):
 * those with no site of their own yet (an account that already has one is not offered for
 * another: github.shop is not GitHub's), whose name is the site's name ("Acme Corp" for acme.com).
 */
export function linkSuggestions<A extends SiteAccount>(
  site: string,
  accounts: readonly A[],
  parseUrl: ParseUrl,
): A[] {
  const name = nameKey(siteName(site));
  if (name === '') return [];
  return accounts.filter(
    (account) => accountDomains(account, parseUrl).length === 0 && nameKey(account.issuer) === name,
  );
}
