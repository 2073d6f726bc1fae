import { ISSUER_ICONS } from './catalogue.generated';
import type { IssuerIconData } from './types';
import { nameKey } from '../../../../shared/site/issuer-domains';

export { nameKey };

/** An icon to draw, with the glyph colour that reads on its brand colour. */
export interface IssuerIcon {
  readonly slug: string;
  readonly title: string;
  /** The badge's background, `#rrggbb`. */
  readonly background: string;
  /** The glyph's colour: black or white, whichever contrasts more with the background. */
  readonly glyph: '#000000' | '#ffffff';
  readonly path: string;
}

/** Labels that sit between a country code and the name: example.co.uk, example.com.au. */
const SECOND_LEVEL = new Set(['co', 'com', 'org', 'net', 'ac', 'gov', 'edu', 'ne', 'or']);

/** The host when the text is a domain or a web address ("https://www.GitHub.com/login" gives "github.com"). */
export function hostOf(text: string): string | null {
  const host = text
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/^[^@/]*@/, '')
    .replace(/[/?#:].*$/, '')
    .replace(/^www\./, '');
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host) && /[a-z]/.test(host.slice(host.lastIndexOf('.') + 1))
    ? host
    : null;
}

/** The label that names the service in a host: "accounts.google.com" gives "google", "bbc.co.uk" "bbc". */
function brandLabel(host: string): string {
  const labels = host.split('.');
  const tld = labels.pop() ?? '';
  if (tld.length === 2 && labels.length > 1 && SECOND_LEVEL.has(labels[labels.length - 1] ?? ''))
    labels.pop();
  return labels[labels.length - 1] ?? '';
}

function luminance(hex: string): number {
  const channel = (offset: number): number => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
}

/** Black or white, whichever reads better on the colour (either way at least 4.5:1). */
export function glyphOn(hex: string): '#000000' | '#ffffff' {
  const l = luminance(hex);
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#000000' : '#ffffff';
}

function iconOf(data: IssuerIconData): IssuerIcon {
  return {
    slug: data.slug,
    title: data.title,
    background: `#${data.hex}`,
    glyph: glyphOn(data.hex),
    path: data.path,
  };
}

class IconIndex {
  private readonly byName = new Map<string, IssuerIcon>();
  private readonly byDomain = new Map<string, IssuerIcon>();
  private readonly found = new Map<string, IssuerIcon | null>();

  constructor(catalogue: readonly IssuerIconData[]) {
    for (const data of catalogue) {
      const icon = iconOf(data);
      for (const name of [data.title, data.slug]) this.addName(name, icon);
      for (const other of data.also) {
        const host = /\s/.test(other) ? null : hostOf(other);
        if (host) this.byDomain.set(host, icon);
        else this.addName(other, icon);
      }
    }
  }

  private addName(name: string, icon: IssuerIcon): void {
    const key = nameKey(name);
    // The first service to claim a name keeps it ("Proton" stays Proton, not Proton Mail).
    if (key && !this.byName.has(key)) this.byName.set(key, icon);
  }

  private byHost(host: string): IssuerIcon | null {
    for (let at = host; at.includes('.'); at = at.slice(at.indexOf('.') + 1)) {
      const icon = this.byDomain.get(at);
      if (icon) return icon;
    }
    return this.byName.get(nameKey(brandLabel(host))) ?? null;
  }

  private byWords(name: string): IssuerIcon | null {
    // "GitHub Enterprise", "Epic Games Store": the longest leading run of words that names a service.
    const words = name.trim().split(/\s+/);
    for (let count = words.length; count > 0; count--) {
      const icon = this.byName.get(nameKey(words.slice(0, count).join(' ')));
      if (icon) return icon;
    }
    return null;
  }

  lookup(issuer: string, account: string): IssuerIcon | null {
    const cacheKey = `${issuer}\n${account}`;
    const cached = this.found.get(cacheKey);
    if (cached !== undefined) return cached;
    const host = hostOf(issuer);
    let icon = host ? this.byHost(host) : issuer.trim() ? this.byWords(issuer) : null;
    // No issuer at all: the domain of an e-mail login still says whose account it is.
    if (!icon && !issuer.trim() && account.includes('@')) {
      const accountHost = hostOf(account);
      icon = accountHost ? this.byHost(accountHost) : null;
    }
    this.found.set(cacheKey, icon);
    return icon;
  }
}

let index: IconIndex | null = null;

/** The bundled icon for an account's issuer, matched by name or domain; null keeps the letter badge. */
export function issuerIcon(issuer: string, account = ''): IssuerIcon | null {
  index ??= new IconIndex(ISSUER_ICONS);
  return index.lookup(issuer, account);
}
