import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumUnavailable } from '../support/chromium';
import { openApp, row, rowOrder, type AppSession } from '../support/host-page';
import { skipReason } from '../support/skip';

const skip = skipReason('desktop-ui manage accounts', chromiumUnavailable());

describe.skipIf(skip)('Managing accounts through the test host', () => {
  let app: AppSession;

  beforeAll(async () => {
    // Seeded issuers cycle GitHub, example.com, Fastmail, AWS, Proton, …; logins are user<i>@example.com.
    app = await openApp({ seed: 5 });
    await row(app.page, 'user4@example.com').waitFor();
  }, 240_000);

  afterAll(() => app?.close());

  it('filters as you type, by issuer or login, from Ctrl+F or /', async () => {
    const { page } = app;
    await page.keyboard.press('Control+f');
    const search = page.getByRole('searchbox', { name: 'Search accounts' });
    await expect(search.evaluate((el) => el.matches(':focus'))).resolves.toBe(true);
    await page.keyboard.type('fast');
    await expect.poll(() => rowOrder(page)).toEqual(['user2@example.com']);
    await search.fill('user3');
    await expect
      .poll(() => page.locator('.account-row .account-row__issuer').allTextContents())
      .toEqual(['AWS']);
    // Down arrow goes from the search to the first match.
    await page.keyboard.press('ArrowDown');
    await expect
      .poll(() => page.evaluate<string>(`document.activeElement?.closest('.account-row')?.textContent ?? ''`))
      .toContain('user3@example.com');
    await search.fill('nothing-like-this');
    await page.getByText('No accounts match “nothing-like-this”.').waitFor();
    // Escape clears; `/` focuses it again from the list.
    await page.keyboard.press('Escape');
    await expect(search.inputValue()).resolves.toBe('');
    await page.locator('.account-row .account-row__main').first().focus();
    await page.keyboard.press('/');
    await expect(search.evaluate((el) => el.matches(':focus'))).resolves.toBe(true);
  });

  it('edits issuer, login and group; groups get headers and a filter', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Edit GitHub (user0@example.com)' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit GitHub (user0@example.com)' });
    await dialog.getByLabel('Issuer', { exact: true }).fill('github.com');
    await dialog.getByLabel('Login', { exact: true }).fill('octo@example.com');
    await dialog.getByLabel('Group', { exact: true }).fill('Work');
    await dialog.getByLabel('Note', { exact: true }).fill('the main account');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    const edited = row(page, 'octo@example.com');
    await expect.poll(() => edited.locator('.account-row__issuer').textContent()).toBe('github.com');
    await page.getByRole('heading', { name: 'Work' }).waitFor();

    await page.getByRole('combobox', { name: 'Show group' }).selectOption('Work');
    await expect.poll(() => rowOrder(page)).toEqual(['octo@example.com']);
    await page.getByRole('combobox', { name: 'Show group' }).selectOption({ label: 'All groups' });
    await expect.poll(() => page.locator('.account-row').count()).toBe(5);
  });

  it('deletes after confirmation, and Undo brings the account back', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Edit Proton (user4@example.com)' }).click();
    await page.getByRole('button', { name: 'Delete…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete Proton (user4@example.com)?' });
    await confirm.getByRole('button', { name: 'Delete Proton (user4@example.com)' }).click();
    await row(page, 'user4@example.com').waitFor({ state: 'detached' });
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toContain('Deleted Proton (user4@example.com)');
    await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
    await row(page, 'user4@example.com').waitFor();
  });

  it('reorders by drag and by Alt+Arrow keys, and the order survives a reload', async () => {
    const { page } = app;
    // The grouped account (Work) is listed first; the rest follow under "No group".
    const loose = async (): Promise<string[]> =>
      (await rowOrder(page)).filter((login) => login !== 'octo@example.com');
    // The list moves at once; main saves the order a little later, and only then can a reload show it.
    const saved = (): string[] =>
      app.host.services.vaults
        .current()
        .list()
        .map((entry) => entry.account)
        .filter((login) => login !== 'octo@example.com');
    const before = await loose();
    expect(before).toEqual([
      'user1@example.com',
      'user2@example.com',
      'user3@example.com',
      'user4@example.com',
    ]);

    await row(page, 'user3@example.com').dragTo(row(page, 'user1@example.com'));
    const dragged = ['user3@example.com', 'user1@example.com', 'user2@example.com', 'user4@example.com'];
    await expect.poll(loose).toEqual(dragged);
    await expect.poll(saved, { timeout: 10_000 }).toEqual(dragged);

    await row(page, 'user4@example.com').locator('.account-row__main').focus();
    await page.keyboard.press('Alt+ArrowUp');
    const moved = ['user3@example.com', 'user1@example.com', 'user4@example.com', 'user2@example.com'];
    await expect.poll(loose).toEqual(moved);
    // Focus stays on the moved account, so it can keep moving.
    await expect(
      page.evaluate<string>(`document.activeElement?.closest('.account-row')?.textContent ?? ''`),
    ).resolves.toContain('user4@example.com');
    await expect.poll(saved, { timeout: 10_000 }).toEqual(moved);

    await page.reload();
    await row(page, 'user2@example.com').waitFor();
    await expect(loose()).resolves.toEqual(moved);
  });

  it('shows the QR code only after confirming, and it decodes to the account link', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Edit Fastmail (user2@example.com)' }).click();
    await page.getByRole('button', { name: 'Show QR code…' }).click();
    const dialog = page.getByRole('dialog', { name: 'QR code for Fastmail (user2@example.com)' });
    await expect(dialog.getByRole('img').count()).resolves.toBe(0);
    await dialog.getByRole('button', { name: 'Show the secret' }).click();
    const img = dialog.getByRole('img', { name: 'QR code for Fastmail (user2@example.com)' });
    const src = (await img.getAttribute('src')) ?? '';
    expect(src.startsWith('data:image/png;base64,')).toBe(true);
    const png = join(app.scratch, 'reveal.png');
    writeFileSync(png, Buffer.from(src.slice('data:image/png;base64,'.length), 'base64'));
    const decoded = execFileSync('zbarimg', ['--raw', '-q', png], { encoding: 'utf8' }).trim();
    const link = await dialog.getByLabel('Link', { exact: true }).inputValue();
    expect(decoded).toBe(link);
    expect(link).toMatch(/^otpauth:\/\/totp\/Fastmail:user2%40example\.com\?secret=[A-Z2-7]+/);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });
});
