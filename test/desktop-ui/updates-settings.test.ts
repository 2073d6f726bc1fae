import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumUnavailable } from '../support/chromium';
import { openApp, type AppSession } from '../support/host-page';
import { skipReason } from '../support/skip';

const skip = skipReason('desktop-ui updates settings', chromiumUnavailable());

describe.skipIf(skip)('Settings → Updates in a build without an update feed', () => {
  let app: AppSession;

  beforeAll(async () => {
    app = await openApp();
  }, 240_000);

  afterAll(() => app?.close());

  it('says updates are off and offers neither the switch nor a check', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Settings' }).click();
    const section = page.getByRole('region', { name: 'Updates' });
    await section.getByText('Updates are off: this build of Twofold has no update feed.').waitFor();
    expect(
      await section.getByRole('checkbox', { name: 'Check for updates automatically' }).isDisabled(),
    ).toBe(true);
    expect(await section.getByRole('button', { name: 'Check for updates' }).isDisabled()).toBe(true);
  });
});
