import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { skipReason } from '../support/skip';
import { account, computer, contentOf, keychainUnavailable, syncFolder } from './support';

describe.skipIf(skipReason('folder sync (real keychain)', keychainUnavailable()))(
  'folder sync between vaults',
  () => {
    let tmp: Awaited<ReturnType<typeof syncFolder>>;
    beforeAll(async () => {
      tmp = await syncFolder();
    });
    afterAll(async () => tmp.cleanup());

    it('pairs two computers, carries adds, edits and deletes both ways, and reports a concurrent edit once', async () => {
      const a = await computer(tmp.path, 'laptop', tmp.folder, null);
      await a.vault.add(account('GitHub', 'me'));
      await a.sync.now();
      const b = await computer(tmp.path, 'desktop', tmp.folder, { code: a.sync.pairingCode() });
      expect(b.vault.list().map((e) => e.issuer)).toEqual(['GitHub']);
      await b.vault.add(account('GitLab', 'me'));
      await b.sync.now();
      await a.sync.now();
      expect(contentOf(a.vault)).toEqual(contentOf(b.vault));
      const id = a.vault.list()[0]!.id;
      await a.vault.update(id, { note: 'from laptop' });
      await new Promise((r) => setTimeout(r, 5));
      await b.vault.update(id, { note: 'from desktop' });
      const first = await a.sync.now();
      expect(first.conflicts).toEqual([]);
      const second = await b.sync.now();
      expect(second.conflicts.map((c) => c.message)).toEqual([
        'Edited on two computers: kept the change from this computer (desktop) (GitHub (me)).',
      ]);
      const third = await a.sync.now();
      expect(third.conflicts.map((c) => c.message)).toEqual([
        'Edited on two computers: kept the change from desktop (GitHub (me)).',
      ]);
      expect(a.vault.get(id).note).toBe('from desktop');
      expect(contentOf(a.vault)).toEqual(contentOf(b.vault));
      await b.vault.remove(id);
      await b.sync.now();
      await a.sync.now();
      expect(a.vault.list().map((e) => e.issuer)).toEqual(['GitLab']);
      expect(contentOf(a.vault)).toEqual(contentOf(b.vault));
      const status = await a.sync.status();
      expect(status.devices.map((d) => d.name).sort()).toEqual(['desktop', 'laptop']);
      expect(status.notices).toEqual([]);
    }, 60_000);
  },
);
