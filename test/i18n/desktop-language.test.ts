// The tray menu speaks the app's language: the OS's by default, Settings → Language when chosen,
// switched as soon as the setting changes.
import { afterEach, describe, expect, it } from 'vitest';
import { loadMessages } from '../../src/shared/i18n';
import { trayMenuItems } from '../../src/desktop/tray/tray-menu';
import { testServices, type TestServices } from '../desktop/support/services';

const labels = (items: ReturnType<typeof trayMenuItems>): string[] =>
  items.flatMap((item) => ('label' in item ? [item.label] : []));

describe('the language of what main shows (the tray menu)', () => {
  let running: TestServices | undefined;
  afterEach(async () => {
    await running?.cleanup();
    running = undefined;
  });

  it('follows the OS language until Settings names one, then changes without a restart', async () => {
    running = await testServices({ systemLocales: ['de-AT', 'en-US'] });
    const { services } = running;
    const german = (await loadMessages('de')) as Record<string, string>;
    expect(services.language.locale).toBe('de');
    expect(german['common.tray.show'], 'German has its own words').not.toBe('Show Twofold');
    expect(labels(trayMenuItems(null, { t: services.language.t }))).toEqual([
      german['common.tray.locked'],
      german['common.tray.unlock'],
      german['common.tray.show'],
      german['common.tray.quit'],
    ]);

    const changed = new Promise<void>((resolve) => services.language.onChange(resolve));
    await services.settings.update({ language: 'en-XA' });
    await changed;
    expect(services.language.locale).toBe('en-XA');
    const pseudo = labels(trayMenuItems([], { t: services.language.t }));
    expect(pseudo.length).toBeGreaterThan(2);
    for (const label of pseudo) expect(label).toMatch(/^\[.*\]$/u);
  });

  it('counts and names accounts through the catalogue', async () => {
    running = await testServices({ systemLocales: ['pl'] });
    const { services } = running;
    const entries = Array.from({ length: 27 }, (_, i) => ({
      id: String(i),
      type: 'totp' as const,
      issuer: i === 0 ? 'R&D' : 'Example',
      account: `user${i}`,
      digits: 6,
      period: 30,
      algorithm: 'SHA1' as const,
    }));
    const items = trayMenuItems(entries as unknown as Parameters<typeof trayMenuItems>[0], {
      t: services.language.t,
    });
    // "&" would be an Electron mnemonic: doubled.
    expect(labels(items)[0]).toContain('R&&D');
    expect(labels(items)).toContain(services.language.t('common.tray.more', { count: 2 }));
    expect(services.language.t('common.tray.more', { count: 2 })).toMatch(/2/);
  });
});
