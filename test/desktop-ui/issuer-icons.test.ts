import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOMAINS_OUTPUT, OUTPUT, renderCatalogue, renderDomains } from '../../scripts/issuer-icons';
import { ISSUER_ICONS } from '../../src/renderer/src/lib/issuer-icons/catalogue.generated';
import { issuerIcon, nameKey } from '../../src/renderer/src/lib/issuer-icons/match';
import { chromiumUnavailable } from '../support/chromium';
import { ensureRendererBuilt, openApp, row, snap, type AppSession } from '../support/host-page';
import { contrast } from '../support/contrast';
import { skipReason } from '../support/skip';

const root = resolve(import.meta.dirname, '../..');

describe('issuer icons: matching', () => {
  it('finds GitHub however the issuer spells it, by name or by domain', () => {
    for (const issuer of [
      'GitHub',
      'github',
      'Github Inc.',
      'GitHub, Inc',
      'github.com',
      'https://www.github.com/login',
      'GitHub Enterprise',
    ])
      expect(issuerIcon(issuer)?.slug, issuer).toBe('github');
  });

  it('matches a service by its domain, a subdomain, a country domain, or a listed other name', () => {
    expect(issuerIcon('accounts.google.com')?.slug).toBe('google');
    expect(issuerIcon('gmail.com')?.slug).toBe('google');
    expect(issuerIcon('dropbox.co.uk')?.slug).toBe('dropbox');
    expect(issuerIcon('Twitter')?.slug).toBe('x');
    expect(issuerIcon('battle.net')?.slug).toBe('battledotnet');
    expect(issuerIcon('Proton')?.slug).toBe('proton');
    expect(issuerIcon('Proton Mail')?.slug).toBe('protonmail');
    expect(issuerIcon('proton.me')?.slug).toBe('proton');
    expect(issuerIcon('Epic Games')?.slug).toBe('epicgames');
    // No issuer: the e-mail login's domain says whose account it is.
    expect(issuerIcon('', 'someone@gmail.com')?.slug).toBe('google');
  });

  it('leaves unknown and look-alike issuers to the letter badge', () => {
    for (const issuer of [
      'Fastmail',
      'AWS',
      'example.com',
      '127.0.0.1',
      'My company VPN',
      'gitlab.example.org',
      'notgithub.com',
      '',
    ])
      expect(issuerIcon(issuer), issuer).toBeNull();
    expect(nameKey('Ünïcode Corp.')).toBe('unicode');
  });

  it('gives every bundled icon a glyph colour that reads on its badge', () => {
    expect(ISSUER_ICONS.length).toBeGreaterThanOrEqual(200);
    for (const data of ISSUER_ICONS) {
      const icon = issuerIcon(data.title);
      expect(icon?.slug, data.title).toBe(data.slug);
      if (icon) expect(contrast(icon.glyph, icon.background), data.slug).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('is the subset the generator writes from simple-icons (npm run icons:issuers was run)', async () => {
    expect(readFileSync(resolve(root, OUTPUT), 'utf8')).toBe(await renderCatalogue());
    expect(readFileSync(resolve(root, DOMAINS_OUTPUT), 'utf8')).toBe(await renderDomains());
  });
});

interface BadgeFacts {
  issuer: string;
  icon: string | null;
  text: string;
  background: string;
  glyph: string | null;
  glyphWidth: number;
  ring: string;
}

describe.skipIf(skipReason('issuer icons in Chromium', chromiumUnavailable()))(
  'issuer icons in the Codes view (issue 12, item 11)',
  () => {
    let app: AppSession;

    beforeAll(async () => {
      await ensureRendererBuilt();
      // GitHub, example.com, Fastmail, AWS, Proton, GitLab, Cloudflare, Dropbox.
      app = await openApp({ seed: 8 });
      await row(app.page, 'user7@example.com').waitFor();
    }, 240_000);

    afterAll(async () => {
      await app?.close();
    });

    for (const colorScheme of ['light', 'dark'] as const) {
      it(`shows known issuers' icons, visible in the ${colorScheme} theme, and letters for the rest`, async () => {
        const { page } = app;
        await page.emulateMedia({ colorScheme });
        const badges = await page.locator('.account-row').evaluateAll((rows) =>
          rows.map((el): BadgeFacts => {
            const badge = el.querySelector('.badge');
            const view = el.ownerDocument.defaultView;
            const path = badge?.querySelector('svg path');
            const style = badge && view ? view.getComputedStyle(badge) : null;
            return {
              issuer: el.querySelector('.account-row__issuer')?.textContent ?? '',
              icon: badge?.getAttribute('data-icon') ?? null,
              text: badge?.textContent ?? '',
              background: style?.backgroundColor ?? '',
              glyph: path && view ? view.getComputedStyle(path).fill : null,
              glyphWidth: badge?.querySelector('svg')?.getBoundingClientRect().width ?? 0,
              ring: style?.boxShadow ?? '',
            };
          }),
        );
        await snap(page, `11-issuer-icons-${colorScheme}`);
        const byIssuer = new Map(badges.map((badge) => [badge.issuer, badge]));
        for (const [issuer, slug] of [
          ['GitHub', 'github'],
          ['Proton', 'proton'],
          ['GitLab', 'gitlab'],
          ['Cloudflare', 'cloudflare'],
          ['Dropbox', 'dropbox'],
        ]) {
          const badge = byIssuer.get(issuer ?? '');
          expect(badge?.icon, issuer).toBe(slug);
          expect(badge?.glyphWidth ?? 0, issuer).toBeGreaterThanOrEqual(16);
          // The glyph stands out from its badge (WCAG's 3:1 for graphics, and more).
          expect(contrast(badge?.glyph ?? '', badge?.background ?? ''), issuer).toBeGreaterThanOrEqual(4.5);
          expect(badge?.ring, issuer).not.toBe('none');
        }
        for (const issuer of ['example.com', 'Fastmail', 'AWS']) {
          const badge = byIssuer.get(issuer);
          expect(badge?.icon, issuer).toBeNull();
          expect(badge?.text, issuer).toBe(issuer.charAt(0).toUpperCase());
        }
      });
    }
  },
);
