import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumUnavailable } from '../support/chromium';
import { ensureRendererBuilt, openAddSheet, openApp, row, type AppSession } from '../support/host-page';
import { skipReason } from '../support/skip';
import { seriousViolations } from '../support/axe';

const skip = skipReason('desktop-ui accessibility (axe-core)', chromiumUnavailable());

describe.skipIf(skip)('Accessibility with axe-core, light and dark', () => {
  let app: AppSession;

  beforeAll(async () => {
    await ensureRendererBuilt();
    app = await openApp({ seed: 6 });
    await row(app.page, 'user5@example.com').waitFor();
  }, 240_000);

  afterAll(async () => {
    await app?.close();
  });

  const sizes = [
    { width: 1100, height: 720 },
    { width: 760, height: 600 },
  ];
  for (const size of sizes)
    for (const colorScheme of ['light', 'dark'] as const) {
      it(`has no serious or critical violations in ${colorScheme} at ${size.width}×${size.height}`, async () => {
        const { page } = app;
        await page.setViewportSize(size);
        await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
        await page.getByRole('button', { name: 'Codes' }).click();
        await row(page, 'user5@example.com').locator('.account-row__code:not([data-code=""])').waitFor();
        const found: string[] = [];
        found.push(...(await seriousViolations(page)).map((v) => `Codes: ${v}`));

        // The row menu, and the delete toast with its Undo.
        await page.getByRole('button', { name: 'More actions for AWS (user3@example.com)' }).click();
        found.push(...(await seriousViolations(page)).map((v) => `Row menu: ${v}`));
        await page.getByRole('menuitem', { name: 'Delete…' }).click();
        await page
          .getByRole('dialog', { name: /Delete AWS/ })
          .getByRole('button', { name: /^Delete AWS/ })
          .click();
        const undo = page.locator('.toast').getByRole('button', { name: 'Undo' });
        await undo.waitFor();
        found.push(...(await seriousViolations(page)).map((v) => `Toast: ${v}`));
        await undo.click();
        await row(page, 'user3@example.com').waitFor();

        const sheet = await openAddSheet(page);
        await sheet.getByRole('button', { name: 'Enter manually' }).click();
        await sheet.getByLabel('Secret', { exact: true }).fill('abc1');
        found.push(...(await seriousViolations(page)).map((v) => `Add sheet: ${v}`));
        await sheet.getByRole('button', { name: 'Paste link' }).click();
        await sheet.getByLabel('Link', { exact: true }).fill('otpauth://totp/x:y?secret=JBSWY3DPEHPK3PXP');
        found.push(...(await seriousViolations(page)).map((v) => `Paste link: ${v}`));
        await page.keyboard.press('Escape');

        await page.getByRole('button', { name: 'Edit GitHub (user0@example.com)' }).click();
        found.push(...(await seriousViolations(page)).map((v) => `Edit: ${v}`));
        await page.keyboard.press('Escape');

        await page.getByRole('button', { name: 'Settings' }).click();
        await page.getByRole('heading', { name: 'Vault password' }).waitFor();
        found.push(...(await seriousViolations(page)).map((v) => `Settings: ${v}`));
        await page.getByRole('button', { name: 'Help desk' }).click();
        found.push(...(await seriousViolations(page)).map((v) => `Help desk: ${v}`));
        expect(found).toEqual([]);
      });
    }
});
