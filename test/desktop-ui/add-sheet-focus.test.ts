import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumUnavailable } from '../support/chromium';
import {
  ensureRendererBuilt,
  hostFetch,
  openAddSheet,
  openApp,
  otpauth,
  row,
  type AppSession,
} from '../support/host-page';
import { skipReason } from '../support/skip';

/** The focused element's accessible name as a test reads it: its label, aria-label or text. */
function focused(page: Page): Promise<string> {
  return page.locator('body').evaluate((body) => {
    const doc = body.ownerDocument;
    const el = doc.activeElement;
    if (!el) return '';
    const labelled = el.id ? doc.querySelector(`label[for="${el.id}"]`) : null;
    return (
      el.getAttribute('aria-label') ??
      labelled?.textContent ??
      el.closest('label')?.textContent ??
      el.textContent ??
      ''
    ).trim();
  });
}

describe.skipIf(skipReason('Add sheet keyboard in Chromium', chromiumUnavailable()))(
  'the Add sheet from the keyboard (issue 20, item 12)',
  () => {
    let app: AppSession;

    beforeAll(async () => {
      await ensureRendererBuilt();
      app = await openApp();
    }, 240_000);

    afterAll(async () => {
      await app?.close();
    });

    it('puts focus in the chosen way’s first control, and Enter in Paste link adds', async () => {
      const { page } = app;
      const sheet = await openAddSheet(page);
      await sheet.getByRole('button', { name: 'Enter manually' }).click();
      await expect.poll(() => focused(page), { timeout: 15_000 }).toBe('Issuer');
      await sheet.getByRole('button', { name: 'Scan screen' }).click();
      await expect.poll(() => focused(page), { timeout: 15_000 }).toBe('Scan now');
      await sheet.getByRole('button', { name: 'Paste link' }).click();
      await expect.poll(() => focused(page), { timeout: 15_000 }).toBe('Link');
      await page.keyboard.type(otpauth('enter.example', 'nia', 'KRUGKIDROVUWG2ZAMJZG653OEBTG66BA'));
      await page.keyboard.press('Enter');
      await sheet.waitFor({ state: 'detached', timeout: 15_000 });
      await row(page, 'nia').waitFor();
    });

    it('after Scan now finds a code, focus is on the first found account', async () => {
      const { page } = app;
      const png = join(app.scratch, 'screen.png');
      execFileSync('qrencode', [
        '-o',
        png,
        '-s',
        '6',
        '-m',
        '4',
        otpauth('scan.example', 'omar', 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'),
      ]);
      await hostFetch(app.host, '/test/screen', { method: 'POST', body: JSON.stringify({ paths: [png] }) });
      const sheet = await openAddSheet(page);
      await sheet.getByRole('button', { name: 'Scan now' }).click();
      await expect.poll(() => focused(page), { timeout: 15_000 }).toBe('scan.example — omar');
      await page.keyboard.press('Tab');
      await expect.poll(() => focused(page), { timeout: 15_000 }).toBe('Add 1 account');
      await page.keyboard.press('Enter');
      await sheet.waitFor({ state: 'detached', timeout: 15_000 });
      await row(page, 'omar').waitFor();
    });

    it('asks before adding a secret already in Twofold under another name, and adds it when told to', async () => {
      const { page } = app;
      const secret = 'MNUGC3DMMVXGOZJAMJUXGZLDOJSXI4ZA';
      const first = await hostFetch(app.host, '/ipc/entries.add', {
        method: 'POST',
        body: JSON.stringify({ input: { issuer: 'GitHub', account: 'alice', secret } }),
      });
      expect(((await first.json()) as { ok: boolean }).ok).toBe(true);
      const sheet = await openAddSheet(page);
      await sheet.getByRole('button', { name: 'Paste link' }).click();
      await sheet
        .getByLabel('Link', { exact: true })
        .fill(otpauth('other-name.example', 'alice-twin', secret));
      await sheet.getByRole('button', { name: 'Add account' }).click();
      await sheet
        .getByRole('alert')
        .getByText('This secret is already in Twofold as GitHub (alice) — add it anyway?')
        .waitFor({ timeout: 15_000 });
      // A name no other row's text can hold: "nia2" matched the row of "nia" whose code began with 2.
      expect(await row(page, 'alice-twin').count()).toBe(0);
      await sheet.getByRole('button', { name: 'Add anyway' }).click();
      await sheet.waitFor({ state: 'detached', timeout: 15_000 });
      await row(page, 'alice-twin').waitFor();
    });
  },
);
