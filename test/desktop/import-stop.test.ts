import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatch } from '../../src/desktop/ipc/dispatch';
import type { Dispatch } from '../../src/desktop/ipc/handler-types';
import { desktopHandlers } from '../../src/desktop/ipc/handlers';
import { enteEncrypted } from '../import/builders';
import { testServices, type TestServices } from './support/services';

// Opening an export whose key derivation takes seconds (Ente Auth's default) over the real IPC
// handlers: the main process keeps answering other calls meanwhile (a worker derives the key),
// and the import dialog's Cancel (transfer.importStop) ends it with CANCELLED.
describe('transfer.importOpen with a long key derivation', () => {
  let t: TestServices;
  let dispatch: Dispatch;
  beforeAll(async () => {
    t = await testServices();
    dispatch = createDispatch(desktopHandlers, t.services);
  });
  afterAll(() => t.cleanup());

  it('leaves the main process free and stops on importStop', { timeout: 30_000 }, async () => {
    const cheap = (await enteEncrypted('otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP', 'pw')) as {
      kdfParams: Record<string, unknown>;
    };
    const costly = { ...cheap, kdfParams: { ...cheap.kdfParams, memLimit: 256 * 1024 ** 2, opsLimit: 16 } };
    const data = new TextEncoder().encode(JSON.stringify(costly));
    const started = performance.now();
    const opening = dispatch('transfer.importOpen', { files: [{ name: 'ente.json', data }], password: 'pw' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Answered while the key is being derived.
    const other = performance.now();
    expect(await dispatch('transfer.backupSettings', undefined)).toMatchObject({ ok: true });
    expect(performance.now() - other).toBeLessThan(1_000);

    expect(await dispatch('transfer.importStop', undefined)).toEqual({ ok: true, value: { done: true } });
    expect(await opening).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
