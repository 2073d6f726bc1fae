import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badgeColour, neighbourColours } from '../../src/renderer/src/lib/codeFormat';
import { issuerIcon } from '../../src/renderer/src/lib/issuer-icons/match';
import { chromiumUnavailable } from '../support/chromium';
import { contrast } from '../support/contrast';
import { ensureRendererBuilt, hostFetch, openApp, row, snap, type AppSession } from '../support/host-page';
import { skipReason } from '../support/skip';

/** Nine issuers a person typically has that Twofold has no icon for: each gets a letter badge. */
const NINE = [
  'Fastmail',
  'AWS',
  'example.com',
  'My company VPN',
  'Payroll',
  'Intranet',
  'Wiki',
  'City library',
  'Zulip',
];

describe('badge colours', () => {
  it('gives GitHub, Fastmail and GitLab one under another three different colours', () => {
    const colours = neighbourColours(['GitHub', 'Fastmail', 'GitLab']);
    expect(colours[0]).not.toBe(colours[1]);
    expect(colours[1]).not.toBe(colours[2]);
  });

  it('keeps one colour for the same issuer on neighbouring rows', () => {
    const colours = neighbourColours(['GitHub', 'github', 'Fastmail']);
    expect(colours[0]).toBe(colours[1]);
    expect(colours[2]).not.toBe(colours[1]);
  });

  it('gives nine typical issuers nine colours, whatever their order, though their own colours collide', () => {
    // The hash alone puts several of them on one colour (the issue saw three of nine alike).
    expect(new Set(NINE.map(badgeColour)).size).toBeLessThan(9);
    const colours = neighbourColours(NINE);
    expect(new Set(colours).size).toBe(9);
    const reversed = neighbourColours([...NINE].reverse());
    expect(reversed).toEqual([...colours].reverse());
  });
});

describe.skipIf(skipReason('badge colours in Chromium', chromiumUnavailable()))(
  'letter badges in the Codes view (issue 20, item 12)',
  () => {
    let app: AppSession;

    beforeAll(async () => {
      await ensureRendererBuilt();
      app = await openApp();
      for (const [i, issuer] of NINE.entries()) {
        const response = await hostFetch(app.host, '/ipc/entries.add', {
          method: 'POST',
          body: JSON.stringify({
            input: { issuer, account: `user${i}`, secret: `JBSWY3DPEHPK3PX${'ABCDEFGHI'[i]}` },
          }),
        });
        expect(((await response.json()) as { ok: boolean }).ok, issuer).toBe(true);
      }
      await row(app.page, 'user8').waitFor();
    }, 240_000);

    afterAll(async () => {
      await app?.close();
    });

    for (const colorScheme of ['light', 'dark'] as const) {
      it(`shows nine distinct letter-badge colours, each at AA contrast, in the ${colorScheme} theme`, async () => {
        const { page } = app;
        await page.emulateMedia({ colorScheme });
        await expect.poll(() => page.locator('.account-row .badge').count(), { timeout: 15_000 }).toBe(9);
        const badges = await page.locator('.account-row .badge').evaluateAll((all) =>
          all.map((badge) => {
            const style = badge.ownerDocument.defaultView?.getComputedStyle(badge);
            return {
              icon: badge.getAttribute('data-icon'),
              background: style?.backgroundColor ?? '',
              text: style?.color ?? '',
            };
          }),
        );
        await snap(page, `20-badge-colours-${colorScheme}`);
        for (const issuer of NINE) expect(issuerIcon(issuer), issuer).toBeNull();
        expect(badges.every((badge) => badge.icon === null)).toBe(true);
        expect(new Set(badges.map((badge) => badge.background)).size).toBe(9);
        for (const badge of badges)
          expect(contrast(badge.text, badge.background), badge.background).toBeGreaterThanOrEqual(4.5);
      });
    }
  },
);
