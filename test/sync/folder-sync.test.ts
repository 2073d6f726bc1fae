import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { osKeychain } from '../../src/desktop/keychain';
import { FolderSync, SNAPSHOT_EVERY } from '../../src/desktop/sync';
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

    it('three vaults converge through real files under random adds, edits, deletes and syncs (fast-check, 6 runs)', async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.record({
              device: fc.integer({ min: 0, max: 2 }),
              kind: fc.constantFrom('add', 'edit', 'delete', 'sync'),
              pick: fc.nat(),
              text: fc.string({ maxLength: 6 }),
            }),
            { minLength: 5, maxLength: 25 },
          ),
          async (ops) => {
            const folder = join(tmp.path, `prop${run}`);
            await mkdir(folder);
            const root = join(tmp.path, `prop-homes${run++}`);
            const first = await computer(root, 'one', folder, null);
            const code = first.sync.pairingCode();
            const all = [
              first,
              await computer(root, 'two', folder, { code }),
              await computer(root, 'three', folder, { code }),
            ];
            const added = new Set<string>();
            const deleted = new Set<string>();
            for (const op of ops) {
              const c = all[op.device]!;
              const list = c.vault.list();
              const target = list.length > 0 ? list[op.pick % list.length]! : null;
              if (op.kind === 'add') added.add((await c.vault.add(account(`I${op.pick % 50}`, op.text))).id);
              else if (op.kind === 'edit' && target) await c.vault.update(target.id, { note: op.text });
              else if (op.kind === 'delete' && target) deleted.add((await c.vault.remove(target.id)).id);
              else if (op.kind === 'sync') await c.sync.now();
            }
            for (const c of all) await c.sync.now();
            for (const c of all) await c.sync.now();
            const expected = contentOf(all[0]!.vault);
            for (const c of all) expect(contentOf(c.vault)).toEqual(expected);
            const ids = new Set(expected.map((entry) => entry.id));
            for (const id of added) expect(ids.has(id)).toBe(!deleted.has(id));
            for (const c of all) c.vault.close();
          },
        ),
        { numRuns: 6 },
      );
    }, 180_000);

    it('keeps the folder small with snapshots, and a removed computer reads no later change', async () => {
      const folder = join(tmp.path, 'removal');
      await mkdir(folder);
      const root = join(tmp.path, 'removal-homes');
      const a = await computer(root, 'office', folder, null);
      const code = a.sync.pairingCode();
      const b = await computer(root, 'home', folder, { code });
      const lost = await computer(root, 'lost laptop', folder, { code });
      const entry = await a.vault.add(account('GitHub', 'me'));
      for (let i = 0; i < SNAPSHOT_EVERY * 2 + 3; i++) {
        await a.vault.update(entry.id, { note: `edit ${i}` });
        await a.sync.now();
        if (i % 10 === 0) {
          await b.sync.now();
          await lost.sync.now();
        }
      }
      await b.sync.now();
      await lost.sync.now();
      await a.sync.now();
      const config = JSON.parse(await readFile(`${a.vault.path}.sync.json`, 'utf8')) as { device: string };
      // Older files went once everyone read past the snapshot.
      expect((await readdir(join(folder, `d-${config.device}`))).length).toBeLessThan(6);
      expect(lost.vault.get(entry.id).note).toBe(`edit ${SNAPSHOT_EVERY * 2 + 2}`);

      await a.sync.removeDevice('lost laptop');
      await a.vault.update(entry.id, { note: 'after removal' });
      await a.sync.now();
      const seen = await b.sync.now();
      expect(seen.notices).toEqual([]);
      expect(b.vault.get(entry.id).note).toBe('after removal');
      // The remaining computer took the new key and re-encrypted; its changes reach A.
      await b.vault.update(entry.id, { group: 'work' });
      await b.sync.now();
      await a.sync.now();
      expect(a.vault.get(entry.id).group).toBe('work');
      const cut = await lost.sync.now();
      expect(cut.notices.map((x) => x.kind)).toContain('removed');
      expect(lost.vault.get(entry.id).note).not.toBe('after removal');
      expect(lost.vault.get(entry.id).group).toBe('');
      expect((await a.sync.status()).devices.map((d) => d.name).sort()).toEqual(['home', 'office']);

      // The removed laptop, which still has the old key, comes back under a new device id:
      // its files are refused (the old key is taken only from devices known before the change).
      const lostConfig = JSON.parse(await readFile(`${lost.vault.path}.sync.json`, 'utf8')) as Record<
        string,
        unknown
      >;
      await writeFile(
        `${lost.vault.path}.sync.json`,
        JSON.stringify({ ...lostConfig, device: 'e'.repeat(32) }),
      );
      const reborn = (await FolderSync.open(lost.vault, osKeychain())) as FolderSync;
      await lost.vault.add(account('Injected', 'me'));
      await reborn.now();
      const refused = await a.sync.now();
      expect(refused.notices.filter((x) => x.kind === 'refused').map((x) => x.reason)).toContain(
        'foreign-key',
      );
      expect(a.vault.list().map((x) => x.issuer)).not.toContain('Injected');
    }, 120_000);
  },
);
