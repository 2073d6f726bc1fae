// What a screen reader is given in Codes (issue 22, item 6), read from Chromium's accessibility
// tree through Playwright's aria snapshots: a code as its digits in groups, "Copied" in a polite
// live region, the focused code's time left in another (not every second), rows in a list that arrow
// keys, Home and End travel, and dialogs that give focus back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { chromiumUnavailable } from '../support/chromium';
import {
  ensureRendererBuilt,
  hostFetch,
  openApp,
  row,
  shownCode,
  type AppSession,
} from '../support/host-page';
import { skipReason } from '../support/skip';

const skip = skipReason('desktop-ui screen reader tree', chromiumUnavailable());

/** "471290" → "4 7 1, 2 9 0": each digit apart, a comma between the groups shown. */
function spoken(code: string): string {
  const groups = code.length === 6 ? [code.slice(0, 3), code.slice(3)] : [code.slice(0, 4), code.slice(4)];
  return groups.map((group) => [...group].join(' ')).join(', ');
}

/** The row's aria snapshot with the code it showed; read again if the time step changed meanwhile. */
async function snapshotWithCode(rowLocator: Locator): Promise<{ code: string; tree: string }> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const before = await shownCode(rowLocator);
    const tree = await rowLocator.ariaSnapshot();
    if ((await shownCode(rowLocator)) === before) return { code: before, tree };
  }
  throw new Error('the code kept changing while the tree was read');
}

function focusedEntry(page: Page): Promise<string | null> {
  return page.evaluate<string | null>(
    `document.activeElement?.closest('[data-entry-id]')?.querySelector('.account-row__login')?.textContent ?? null`,
  );
}

describe.skipIf(skip)('Codes for a screen reader (issue 22, item 6)', () => {
  let app: AppSession;

  beforeAll(async () => {
    await ensureRendererBuilt();
    app = await openApp();
    for (const [account, secret] of [
      ['ada', 'KRSXG5CTMVRXEZLUKRSXG5CT'],
      ['ben', 'MFRGGZDFMZTWQ2LKNNWG23TP'],
      ['cyd', 'MNUGC3DMMVXGOZJAMJUXGZLD'],
    ] as const) {
      const response = await hostFetch(app.host, '/ipc/entries.add', {
        method: 'POST',
        body: JSON.stringify({ input: { issuer: 'reader.example', account, secret } }),
      });
      expect(((await response.json()) as { ok: boolean }).ok, account).toBe(true);
    }
    await row(app.page, 'cyd').waitFor();
  }, 240_000);

  afterAll(async () => {
    await app?.close();
  });

  it('names the code by its digits in groups, not as a number, and keeps the countdown out of the tree', async () => {
    const ada = row(app.page, 'ada');
    const { code, tree } = await snapshotWithCode(ada);
    expect(code).toMatch(/^\d{6}$/);
    // The row is a list item; its copy button says the names and the code digit by digit.
    expect(tree).toMatch(/^- listitem:/);
    // (In a step's last seconds the next code follows, read the same way.)
    expect(tree).toMatch(new RegExp(`- button "reader\\.example ada ${spoken(code)}( Next code [\\d ,]+)?"`));
    expect(tree).toContain(`- img "${spoken(code)}"`);
    // Seen as it always was: "471 290".
    await expect(ada.locator('.account-row__code').textContent()).resolves.toBe(
      `${code.slice(0, 3)} ${code.slice(3)}`,
    );
    // The ring's seconds are not read out (no number ticking in the tree).
    expect(tree).not.toMatch(/"\d{1,2}"|: \d{1,2}$/m);
  });

  it('announces "Copied" through a polite live region when a code is copied', async () => {
    const { page } = app;
    const status = page.getByRole('status');
    await expect(status.getAttribute('aria-live')).resolves.toBe('polite');
    await row(page, 'ben').locator('.account-row__main').click();
    await expect
      .poll(() => status.ariaSnapshot(), { timeout: 10_000 })
      .toMatch(/^- status: Copied — clears in \d+ s$/m);
  });

  it('says the focused code’s time left politely, on focus, at 10 s left and with a new code, not every second', async () => {
    const { page } = app;
    const region = page.locator('#codes-time-left');
    await expect(region.getAttribute('aria-live')).resolves.toBe('polite');
    // Not a second status region: "Copied" keeps the only one.
    await expect(region.getAttribute('role')).resolves.toBeNull();
    const ada = row(page, 'ada');
    await ada.locator('.account-row__main').focus();
    await expect
      .poll(() => region.textContent(), { timeout: 5_000 })
      .toMatch(/^([1-9]|[12]\d|30) seconds? left$/);

    // Three and a half seconds of the ring ticking: the region keeps its words (at most one
    // change, where a threshold or a new code falls in that time).
    const ring = ada.locator('.countdown__seconds');
    const spoken = new Set<string>();
    const ticks = new Set<string>();
    for (let sample = 0; sample < 15; sample++) {
      spoken.add((await region.textContent()) ?? '');
      ticks.add((await ring.textContent()) ?? '');
      await page.waitForTimeout(250);
    }
    expect(ticks.size).toBeGreaterThanOrEqual(3);
    expect(spoken.size).toBeLessThanOrEqual(2);

    // At 10 seconds left it is said again, and once more with the next code.
    await expect.poll(() => region.textContent(), { timeout: 32_000 }).toBe('10 seconds left');
    await expect
      .poll(() => region.textContent(), { timeout: 12_000 })
      .toMatch(/^New code for reader\.example \(ada\), (30|29) seconds left$/);
    // Focus elsewhere: nothing is left to be said.
    await page.getByRole('searchbox').first().focus();
    await expect.poll(() => region.textContent()).toBe('');
  }, 60_000);

  it('is a list whose rows say their place, travelled with Up, Down, Home and End', async () => {
    const { page } = app;
    const list = page.getByRole('list', { name: 'Accounts' });
    await expect(list.getByRole('listitem').count()).resolves.toBe(3);
    await expect(row(page, 'cyd').getAttribute('aria-posinset')).resolves.toBe('3');
    await expect(row(page, 'cyd').getAttribute('aria-setsize')).resolves.toBe('3');
    await row(page, 'ada').locator('.account-row__main').focus();
    await page.keyboard.press('End');
    await expect.poll(() => focusedEntry(page)).toBe('cyd');
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => focusedEntry(page)).toBe('ben');
    await page.keyboard.press('Home');
    await expect.poll(() => focusedEntry(page)).toBe('ada');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => focusedEntry(page)).toBe('ben');
  });

  it('labels each dialog and gives focus back on close, also after Show QR code… from the Edit dialog', async () => {
    const { page } = app;
    const edit = page.getByRole('button', { name: 'Edit reader.example (ada)' });
    await edit.click();
    const dialog = page.getByRole('dialog', { name: 'Edit reader.example (ada)' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect(
      page.evaluate<string | null>(`document.activeElement?.getAttribute('aria-label')`),
    ).resolves.toBe('Edit reader.example (ada)');

    await edit.click();
    await dialog.getByRole('button', { name: 'Show QR code…' }).click();
    const reveal = page.getByRole('dialog', { name: 'QR code for reader.example (ada)' });
    await reveal.waitFor();
    await page.keyboard.press('Escape');
    await reveal.waitFor({ state: 'detached' });
    // The Edit dialog gave focus back to its pencil before Show QR code… opened over the row.
    await expect
      .poll(() => page.evaluate<string | null>(`document.activeElement?.getAttribute('aria-label') ?? null`))
      .toBe('Edit reader.example (ada)');
  });
});
