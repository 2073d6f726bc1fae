import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { Vault } from '../../src/desktop/vault';
import { comparable, makeVault, SAMPLE, scratch, VAULT_PASSWORD } from './support';

describe('an import is one vault write', () => {
  const place = scratch('import-batch');
  afterAll(() => place.remove());

  it('lands whole, or not at all when one part cannot be written', { timeout: 60_000 }, async () => {
    await makeVault(place.vault, SAMPLE.slice(0, 2));
    const vault = await Vault.open({ path: place.vault, password: VAULT_PASSWORD, keychain: null });
    try {
      const [first] = vault.list();
      const before = readFileSync(place.vault);
      // The replace target vanished (deleted elsewhere): nothing of the batch is written.
      await expect(
        vault.importBatch({ add: SAMPLE.slice(2), replace: [{ id: 'gone', entry: SAMPLE[0] as never }] }),
      ).rejects.toThrow(/no entry gone/);
      // A bad entry among good ones: the same.
      await expect(
        vault.importBatch({
          add: [...SAMPLE.slice(2), { ...SAMPLE[2], secret: '1!' } as never],
          replace: [],
        }),
      ).rejects.toThrow();
      expect(readFileSync(place.vault).equals(before)).toBe(true);
      expect(vault.size).toBe(2);

      const renamed = { ...(SAMPLE[0] as (typeof SAMPLE)[number]), account: 'renamed' };
      const { added, replaced } = await vault.importBatch({
        add: SAMPLE.slice(2),
        replace: [{ id: first?.id as string, entry: renamed }],
      });
      expect(added).toHaveLength(SAMPLE.length - 2);
      expect(replaced).toEqual([expect.objectContaining({ id: first?.id, account: 'renamed', order: 0 })]);
      expect(comparable(vault.exportEntries())).toEqual(comparable([renamed, ...SAMPLE.slice(1)]));
    } finally {
      vault.close();
    }
  });
});
