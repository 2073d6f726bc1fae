// Settings' search matches the section titles as they are shown, in the active language
// (issue 22): in the pseudo-locale the English title finds nothing and the shown one finds its section.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumUnavailable } from '../support/chromium';
import { openApp, type AppSession } from '../support/host-page';
import { skipReason } from '../support/skip';

describe.skipIf(skipReason('desktop-ui settings search', chromiumUnavailable()))(
  'Settings search in the active language',
  () => {
    let app: AppSession;

    beforeAll(async () => {
      app = await openApp();
    }, 240_000);

    afterAll(() => app?.close());

    it('finds a section by its title in English, then by its pseudo-locale title', async () => {
      const { page } = app;
      await page.getByRole('button', { name: 'Settings' }).click();
      const search = page.getByRole('searchbox', { name: 'Search settings' });
      await search.fill('clipboard');
      await expect.poll(() => page.locator('.settings__section h2').allTextContents()).toEqual(['Clipboard']);
      await search.fill('');

      await page.locator('#set-language-choice').selectOption('en-XA');
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en-XA');
      const clipboard = (await page.locator('#set-clipboard').textContent()) ?? '';
      expect(clipboard).not.toContain('Clipboard');
      // The pseudo-locale's search field, found by its place rather than its (translated) name.
      const field = page.locator('.view-header input');
      await field.fill('clipboard');
      await expect.poll(() => page.locator('.settings__section').count()).toBe(0);
      // A piece of the shown title, accents and all, finds the section again.
      const word = [...clipboard.replace(/[[\]‥\s]/g, '')].slice(0, 6).join('');
      await field.fill(word);
      await expect.poll(() => page.locator('.settings__section h2').allTextContents()).toEqual([clipboard]);
      await field.fill('');
      await page.locator('#set-language-choice').selectOption('system');
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    });
  },
);
