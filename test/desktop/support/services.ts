import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PngScreen } from '../../../src/host/screen';
import type { Keychain } from '../../../src/desktop/keychain';
import { MemoryClipboard } from '../../../src/desktop/services/clipboard';
import { createDesktopServices, type DesktopServices } from '../../../src/desktop/services/desktop-services';
import { EventHub } from '../../../src/desktop/services/events';

export interface TestServices {
  services: DesktopServices;
  events: { name: string; payload: unknown }[];
  clipboard: MemoryClipboard;
  screen: PngScreen;
  opened: string[];
  home: string;
  cleanup(): Promise<void>;
}

/** The real desktop services over a real vault in a temporary home (password slot unless a keychain is given). */
export async function testServices(
  options: { keychain?: Keychain; clipboardClearMs?: number; systemLocales?: string[] } = {},
): Promise<TestServices> {
  const home = await mkdtemp(join(tmpdir(), 'twofold-desktop-'));
  const hub = new EventHub();
  const events: { name: string; payload: unknown }[] = [];
  hub.listen((name, payload) => events.push({ name, payload }));
  const clipboard = new MemoryClipboard();
  const screen = new PngScreen();
  const opened: string[] = [];
  const services = await createDesktopServices({
    info: {
      version: 'test',
      platform: process.platform,
      home,
      shell: 'host',
      systemLocales: options.systemLocales ?? [],
    },
    vaultPath: join(home, 'vault.twofold'),
    keychain: options.keychain ?? null,
    ...(options.keychain ? {} : { password: 'correct horse battery' }),
    clipboard,
    ...(options.clipboardClearMs !== undefined ? { clipboardClearMs: options.clipboardClearMs } : {}),
    screen,
    events: hub,
    openUrl: async (url) => {
      opened.push(url);
    },
  });
  return {
    services,
    events,
    clipboard,
    screen,
    opened,
    home,
    async cleanup() {
      services.ticker.stop();
      await services.clipboard.dispose();
      services.vaults.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}
