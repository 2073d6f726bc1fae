// Issue 22: Twofold in each of its languages. Settings → Language switches the app at once; the
// Codes view, the Add sheet, Settings and the help desk's users list then show that language and
// no English; the pseudo-locale walk finds no string outside the catalogue and no clipped control;
// Arabic is mirrored with codes left to right; axe finds nothing serious in any language or theme.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  englishMessages,
  loadMessages,
  LOCALES,
  PSEUDO_LOCALE,
  type DisplayLocale,
} from '../../src/shared/i18n';
import { seriousViolations } from '../support/axe';
import { chromiumUnavailable } from '../support/chromium';
import { ensureRendererBuilt, openApp, row, type AppSession } from '../support/host-page';
import { startServer, type RunningServer } from '../support/server-process';
import { keychainUnavailable, skipReason } from '../support/skip';
import { helpdesk } from '../helpdesk/support/console-page';
import { clippedControls, rawStrings, shownTexts, type ShownText } from './support/page-text';

const noKeychain = keychainUnavailable();
const skip = skipReason('Twofold in every language (Chromium)', chromiumUnavailable() ?? noKeychain);

/** Screenshots of the Arabic layout: kept out of the repository. */
const SHOTS = join(tmpdir(), 'twofold-i18n-shots');
const ROOT_PASSWORD = 'root-password-1234';

const rail = (page: Page, index: 0 | 1 | 2) => page.locator('nav.rail .rail__item').nth(index);
// The users table by its class: its accessible name is in the language being tested.
const usersTable = (page: Page) => page.locator('table.helpdesk-table').first();

async function chooseLanguage(page: Page, language: DisplayLocale): Promise<void> {
  await rail(page, 2).click();
  await page.locator('#set-language-choice').selectOption(language);
  await page.locator(`html[lang="${language}"]`).waitFor({ state: 'attached' });
}

/** Each view the issue names, in turn; `visit` is called with the page showing it. */
async function everyNamedView(page: Page, visit: (view: string) => Promise<void>): Promise<void> {
  await rail(page, 0).click();
  await row(page, 'user1@example.com').locator('.account-row__code:not([data-code=""])').waitFor();
  await visit('Codes');
  await page.locator('.view-header .button--primary').click();
  await page.locator('dialog[open]').waitFor();
  await visit('Add sheet');
  await page.keyboard.press('Escape');
  await page.locator('dialog[open]').waitFor({ state: 'detached' });
  await rail(page, 2).click();
  await page.locator('#set-language-choice').waitFor();
  await visit('Settings');
  await rail(page, 1).click();
  await usersTable(page).locator('tbody tr').first().waitFor();
  await visit('Help desk users');
}

/** English catalogue messages shown as they are, where the language has its own words for them. */
function englishLeft(texts: readonly ShownText[], translated: Record<string, string>): string[] {
  const english = new Map<string, string>();
  for (const [id, message] of Object.entries(englishMessages)) {
    if (!message.includes('{') && translated[id] !== message) english.set(message.trim(), id);
  }
  return texts
    .filter(({ text }) => english.has(text))
    .map(({ text, where }) => `${english.get(text)} "${text}" at ${where}`);
}

describe.skipIf(skip)('Twofold in every language (issue 22)', { timeout: 600_000 }, () => {
  let server: RunningServer;
  let app: AppSession;

  beforeAll(async () => {
    await ensureRendererBuilt();
    server = await startServer();
    await server.addUser({ login: 'root', name: 'Root Admin', role: 'admin', password: ROOT_PASSWORD });
    await server.addUser({
      login: 'alice',
      name: 'Alice Example',
      role: 'user',
      password: 'alice-password-1234',
    });
    app = await openApp({ seed: 4, context: { viewport: { width: 1100, height: 720 } } });
    const hd = helpdesk(app.page);
    await hd.open();
    await hd.signInWith(server.baseUrl, 'root', ROOT_PASSWORD);
    await hd.signedIn();
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    await server?.stop();
  });

  for (const locale of LOCALES.filter((l) => l !== 'en')) {
    it(`${locale}: the named views speak it, with no English left, and axe finds nothing serious in light or dark`, async () => {
      const { page } = app;
      const messages = (await loadMessages(locale)) as Record<string, string>;
      await chooseLanguage(page, locale);
      expect(await page.locator('nav.rail .rail__label').allTextContents()).toEqual([
        messages['common.nav.codes'],
        messages['common.nav.helpdesk'],
        messages['common.nav.settings'],
      ]);
      expect(await page.locator('#set-language').textContent()).toBe(messages['settings.language.title']);
      const left: string[] = [];
      const findings: string[] = [];
      await everyNamedView(page, async (view) => {
        left.push(...englishLeft(await shownTexts(page), messages).map((l) => `${view}: ${l}`));
        for (const colorScheme of ['light', 'dark'] as const) {
          await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
          findings.push(...(await seriousViolations(page)).map((v) => `${view} (${colorScheme}): ${v}`));
        }
      });
      expect(left).toEqual([]);
      expect(findings).toEqual([]);
    });
  }

  it('ar: mirrored at 1100×720 and 760×600, codes left to right in their groups, nothing overflowing', async () => {
    const { page } = app;
    await chooseLanguage(page, 'ar');
    mkdirSync(SHOTS, { recursive: true });
    for (const size of [
      { width: 1100, height: 720 },
      { width: 760, height: 600 },
    ]) {
      await page.setViewportSize(size);
      await everyNamedView(page, async (view) => {
        const name = `ar-${view.toLowerCase().replace(/\s+/g, '-')}-${size.width}x${size.height}.png`;
        await page.screenshot({ path: join(SHOTS, name) });
        const layout = await page.evaluate<{
          dir: string;
          railOnTheRight: boolean;
          codeDirection: string | null;
          groupsLeftToRight: boolean;
          documentOverflowX: number;
        }>(`(() => {
          const railBox = document.querySelector('nav.rail').getBoundingClientRect();
          const code = document.querySelector('.account-row__code:not([data-code=""])');
          // The code's first digit must be drawn left of its last: "471 290" is not "290 471".
          const text = code ? document.createTreeWalker(code, NodeFilter.SHOW_TEXT).nextNode() : null;
          const at = (i) => {
            const range = document.createRange();
            range.setStart(text, i);
            range.setEnd(text, i + 1);
            return range.getBoundingClientRect().left;
          };
          const length = text ? text.textContent.length : 0;
          return {
            dir: document.documentElement.dir,
            railOnTheRight: railBox.left > innerWidth / 2,
            codeDirection: code ? getComputedStyle(code).direction : null,
            groupsLeftToRight: length > 3 && at(0) < at(length - 1),
            documentOverflowX:
              document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth,
          };
        })()`);
        expect(layout.dir, view).toBe('rtl');
        expect(layout.railOnTheRight, `${view}: the rail is on the right`).toBe(true);
        if (view === 'Codes') {
          expect(layout.codeDirection, 'codes read left to right').toBe('ltr');
          expect(layout.groupsLeftToRight, 'code groups in LTR order').toBe(true);
        }
        expect(
          layout.documentOverflowX,
          `${view} at ${size.width}: nothing overflows sideways`,
        ).toBeLessThanOrEqual(0);
        expect(await clippedControls(page), `${view} at ${size.width}`).toEqual([]);
      });
    }
    await page.setViewportSize({ width: 1100, height: 720 });
  });

  it('pseudo-locale: every view of Codes and the Help desk shows only catalogue text, and no control is clipped', async () => {
    const { page } = app;
    await chooseLanguage(page, PSEUDO_LOCALE);
    const raw: string[] = [];
    const clipped: string[] = [];
    const check = async (view: string): Promise<void> => {
      raw.push(...rawStrings(await shownTexts(page)).map((r) => `${view}: ${r}`));
      clipped.push(...(await clippedControls(page)).map((c) => `${view}: ${c}`));
    };
    await everyNamedView(page, check);

    // Codes: a row's menu, and each way of adding.
    await rail(page, 0).click();
    const first = row(page, 'user1@example.com');
    await first.locator('button[aria-haspopup="menu"]').click();
    await page.getByRole('menu').waitFor();
    await check('Row menu');
    await page.keyboard.press('Escape');
    await page.locator('.view-header .button--primary').click();
    const sheet = page.locator('dialog[open]');
    const methods = sheet.locator('[role="tablist"] [role="tab"], .add-sheet__methods button');
    for (let i = 0; i < (await methods.count()); i += 1) {
      await methods.nth(i).click();
      await check(`Add sheet, way ${i + 1}`);
    }
    await page.keyboard.press('Escape');

    // Help desk: every tab, and a user's panel.
    await rail(page, 1).click();
    const tabs = page.locator('[role="tab"]');
    for (let i = 0; i < (await tabs.count()); i += 1) {
      await tabs.nth(i).click();
      await page.waitForTimeout(300);
      await check(`Help desk tab ${i + 1}`);
    }
    await tabs.first().click();
    await usersTable(page).locator('tbody tr').first().click();
    await helpdesk(page).panel.waitFor();
    await check('User panel');
    expect(raw).toEqual([]);
    expect(clipped).toEqual([]);
  });
});
