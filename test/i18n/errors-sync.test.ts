// Issue 22 for folder sync and updates: a SyncError and a sync notice reach the window in the app's
// language with their values, while their English (what the CLI prints and logs keep) is unchanged;
// no SyncError or refused-file reason in the sources is a bare English sentence any more.
import { readdirSync, readFileSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { validateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDispatch } from '../../src/desktop/ipc/dispatch';
import { desktopHandlers } from '../../src/desktop/ipc/handlers';
import { osKeychain } from '../../src/desktop/keychain';
import { FolderSync, SyncError } from '../../src/desktop/sync';
import { UpdateService } from '../../src/desktop/updates/update-service';
import { loadMessages, translatorFor } from '../../src/shared/i18n';
import type { SyncView } from '../../src/shared/ipc';
import { sayIn } from '../../src/shared/person-facing-error';
import { testServices, type TestServices } from '../desktop/support/services';
import { skipReason } from '../support/skip';
import { ROOT } from '../vault/support';
import { account, computer, keychainUnavailable, syncFolder } from '../sync/support';

const opened: TestServices[] = [];
afterEach(async () => {
  for (const t of opened.splice(0)) await t.cleanup();
});

async function servicesIn(language: 'de' | 'ar' | 'fr' | 'en'): Promise<{
  t: TestServices;
  dispatch: ReturnType<typeof createDispatch>;
}> {
  const t = await testServices({ keychain: osKeychain() });
  opened.push(t);
  await t.services.settings.update({ language });
  await expect.poll(() => t.services.language.locale).toBe(language);
  return { t, dispatch: createDispatch(desktopHandlers, t.services, undefined, () => t.services.language.t) };
}

/** A real sync code with its last word changed so that its checksum fails (one in sixteen would pass). */
function mistyped(code: string): string {
  const words = code.split(' ');
  return wordlist
    .map((word) => [...words.slice(0, 11), word].join(' '))
    .find((phrase) => phrase !== code && !validateMnemonic(phrase, wordlist))!;
}

describe.skipIf(skipReason('sync errors in the app language (real keychain)', keychainUnavailable()))(
  'sync in the app’s language',
  () => {
    let tmp: Awaited<ReturnType<typeof syncFolder>>;
    beforeAll(async () => {
      tmp = await syncFolder();
    });
    afterAll(async () => tmp?.cleanup());

    it('says a mistyped sync code in German and Arabic over IPC; its English message is unchanged', async () => {
      const first = await computer(tmp.path, 'office', tmp.folder, null);
      const wrong = mistyped(first.sync.pairingCode());

      const german = await servicesIn('de');
      expect(await german.dispatch('sync.join', { code: wrong, name: 'Laptop' })).toEqual({
        ok: false,
        error: {
          code: 'BAD_CODE',
          message:
            'Dieser Sync-Code geht nicht auf (ein Wort ist falsch oder an der falschen Stelle); vergleichen Sie ihn mit dem anderen Computer.',
        },
      });
      // A value in the sentence: the count of words, in Arabic.
      const arabic = await servicesIn('ar');
      const short = await arabic.dispatch('sync.join', { code: 'abandon ability able', name: 'Laptop' });
      expect(short).toMatchObject({ ok: false, error: { code: 'BAD_CODE' } });
      expect(short.ok ? '' : short.error.message).toBe('رمز المزامنة من 12 كلمة؛ وهذا الرمز فيه 3.');

      // The same error through the same code path keeps its English for the CLI and the logs.
      const error = await FolderSync.join(german.t.services.vaults.current(), osKeychain(), {
        code: wrong,
        folder: tmp.folder,
      }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(SyncError);
      expect((error as SyncError).message).toBe(
        'This sync code does not add up (a word is wrong or out of place); check it against the other computer.',
      );
      expect((error as SyncError).inLanguage(translatorFor('ar', await loadMessages('ar')))).toBe(
        'رمز المزامنة هذا غير متسق (كلمة خاطئة أو في غير مكانها)؛ قارنه بما يظهر على الحاسوب الآخر.',
      );
    });

    it('gives Settings → Sync its notices as words with their values: a refused file and a kept edit in French', async () => {
      const fr = translatorFor('fr', await loadMessages('fr'));
      const { t, dispatch } = await servicesIn('fr');
      const setUp = await dispatch('sync.setup', { name: 'Bureau' });
      expect(setUp.ok).toBe(true);
      const folder = join(t.home, 'exports', 'Twofold sync');
      const code = await dispatch('sync.pairingCode', undefined);
      if (!code.ok) throw new Error(code.error.message);
      const laptop = await computer(tmp.path, 'portable', folder, {
        code: (code.value as { code: string }).code,
      });

      // The same entry edited on both sides; this computer's (later) edit is kept.
      await laptop.vault.add(account('GitHub', 'moi'));
      await laptop.sync.now();
      await dispatch('sync.now', undefined);
      const entry = t.services.vaults.current().list()[0]!;
      await laptop.vault.update(entry.id, { note: 'portable' });
      await laptop.sync.now();
      await new Promise((resolve) => setTimeout(resolve, 5));
      await t.services.vaults.current().update(entry.id, { note: 'bureau' });

      // And a junk file under the laptop's next number.
      const laptopDir = (await readdir(folder)).find(
        (name) => name.startsWith('d-') && name !== `d-${ownDevice(t)}`,
      )!;
      const numbers = (await readdir(join(folder, laptopDir)))
        .filter((name) => /^\d{10}\./.test(name))
        .map((name) => Number(name.slice(0, 10)));
      const junk = `${String(Math.max(...numbers) + 1).padStart(10, '0')}.chg`;
      await writeFile(join(folder, laptopDir, junk), 'junk');

      const now = await dispatch('sync.now', undefined);
      if (!now.ok) throw new Error(now.error.message);
      const view = now.value as SyncView;
      const refused = view.notices.find((notice) => notice.kind === 'refused')!;
      expect(refused.message).toBe(
        `Refused ${laptopDir}/${junk}: not a Twofold sync file (it does not begin as one). Nothing in it was used.`,
      );
      expect(sayIn(fr, refused.words!)).toBe(
        `${laptopDir}/${junk} refusé : ce n’est pas un fichier de synchronisation Twofold (il ne commence pas comme tel). Rien n’en a été utilisé.`,
      );

      // The laptop sees the kept edit, named with this computer's name and the account.
      const report = await laptop.sync.now();
      const kept = report.conflicts[0]!;
      expect(kept.message).toBe('Edited on two computers: kept the change from Bureau (GitHub (moi)).');
      expect(sayIn(fr, kept.words!)).toBe(
        'Modifié sur deux ordinateurs : la modification de Bureau a été conservée (GitHub (moi)).',
      );
      // On this computer, whose edit was kept, "this computer" is words too (said here in German).
      const own = view.conflicts[0]!;
      expect(own.message).toBe(
        'Edited on two computers: kept the change from this computer (Bureau) (GitHub (moi)).',
      );
      expect(sayIn(translatorFor('de', await loadMessages('de')), own.words!)).toBe(
        'Auf zwei Computern bearbeitet: Die Änderung von diesem Computer (Bureau) wurde behalten (GitHub (moi)).',
      );
    });
  },
);

function ownDevice(t: TestServices): string {
  const config = JSON.parse(readFileSync(`${t.services.vaults.current().path}.sync.json`, 'utf8')) as {
    device: string;
  };
  return config.device;
}

describe('updates in the app’s language', () => {
  it('says a failed check with its reason in Japanese; the English message is unchanged', async () => {
    const service = new UpdateService({
      updater: {
        check: async () => {
          const { checkFeedUrl } = await import('../../src/desktop/updates/feed-url');
          checkFeedUrl('http://updates.example.invalid/twofold/');
          return { version: '0.2.0', newer: true };
        },
        download: async () => undefined,
      },
      currentVersion: '0.1.0',
      automatic: () => false,
    });
    const status = await service.check();
    expect(status.message).toBe(
      'Could not check for updates: the update feed http://updates.example.invalid is not https; Twofold only takes updates over https, so nobody on the way can swap them',
    );
    const ja = translatorFor('ja', await loadMessages('ja'));
    expect(sayIn(ja, status.words)).toBe(
      'アップデートを確認できませんでした: アップデートの配信元 http://updates.example.invalid は HTTPS ではありません。途中で誰もすり替えられないよう、Twofold は HTTPS 経由のアップデートしか受け付けません',
    );
  });
});

/** Every .ts file under a folder of the sources. */
function sources(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(folder, name));
}

describe('sync sources', () => {
  it('give no SyncError, refused file or update failure a bare English sentence', () => {
    const files = [
      ...sources('src/desktop/sync'),
      'src/desktop/services/sync-service.ts',
      ...sources('src/desktop/updates'),
      'src/main/updates/updater-port.ts',
    ];
    const bare: string[] = [];
    for (const file of files) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const match of text.matchAll(
        /new (?:SyncError|Refused|PersonFacingError)\(\s*(?:'[^']*'|"[^"]*"|[\w.]+)\s*,\s*['"`]|new Error\(\s*['"`]/g,
      ))
        bare.push(`${file}: ${match[0]}`);
      // A notice is made by `notice(kind, words(…))`, never with a `message:` written out.
      for (const match of text.matchAll(/message:\s*['"`]/g)) bare.push(`${file}: ${match[0]}`);
    }
    expect(bare).toEqual([]);
  });
});
