import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offerOpenedLink } from '../../src/desktop/app/otpauth-links';
import { createDispatch } from '../../src/desktop/ipc/dispatch';
import type { Dispatch } from '../../src/desktop/ipc/handler-types';
import { desktopHandlers } from '../../src/desktop/ipc/handlers';
import { nodeOtpEngine } from '../../src/node/otp-engine';
import { trayMenuItems } from '../../src/desktop/tray/tray-menu';
import type { EntryMeta, PendingAccount } from '../../src/shared/ipc/channels/schemas';
import { channelSpec, type ChannelName, type ChannelOutput } from '../../src/shared/ipc/contract';
import { keyOf, parseOtpauthUri } from '../../src/shared/otp';
import { testServices, type TestServices } from './support/services';

const SECRET = 'JBSWY3DPEHPK3PXP';
const LINK = `otpauth://totp/Example:alice@example.com?secret=${SECRET}&issuer=Example`;

let t: TestServices;
let dispatch: Dispatch;

/** Calls a channel and returns its value, checked against the channel's output schema. */
async function value<C extends ChannelName>(name: C, input?: unknown): Promise<ChannelOutput<C>> {
  const result = await dispatch(name, input);
  if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
  return channelSpec(name).output.parse(result.value) as ChannelOutput<C>;
}

beforeAll(async () => {
  t = await testServices({ clipboardClearMs: 300 });
  dispatch = createDispatch(desktopHandlers, t.services);
});
afterAll(() => t.cleanup());

describe('entries', () => {
  let alice: EntryMeta;

  it('adds by link and lists without the secret', async () => {
    ({ entry: alice } = await value('entries.addFromUri', { uri: LINK }));
    const list = await value('entries.list');
    expect(list.map((e) => e.id)).toEqual([alice.id]);
    expect(JSON.stringify(list)).not.toContain(SECRET);
    expect(t.events.some((e) => e.name === 'entries.changed')).toBe(true);
  });

  it('previews a pasted link, pointing at the same account already there', async () => {
    const preview = await value('entries.previewUri', { uri: LINK });
    expect(preview).toMatchObject({ issuer: 'Example', account: 'alice@example.com', duplicateOf: alice.id });
    expect(JSON.stringify(preview)).not.toContain(SECRET);
  });

  it('refuses the same secret twice unless asked, and says why', async () => {
    const again = await dispatch('entries.addFromUri', { uri: LINK });
    expect(again).toMatchObject({
      ok: false,
      error: { code: 'DUPLICATE', message: expect.stringContaining('Example') },
    });
  });

  it('says a Google Authenticator export is one, not a broken link', async () => {
    const result = await dispatch('entries.addFromUri', {
      uri: 'otpauth-migration://offline?data=CjEKCkhlbGxvIQ',
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'MIGRATION_EXPORT', message: expect.stringMatching(/Google Authenticator export/) },
    });
  });

  it('adds a manual entry with a secret typed in groups, lower case', async () => {
    const { entry, warnings } = await value('entries.add', {
      issuer: ' GitHub ',
      account: 'bob',
      secret: 'gezd gnbv gy3t qojq gezd gnbv gy3t qojq',
      digits: 8,
      algorithm: 'SHA256',
    });
    expect(entry).toMatchObject({
      issuer: 'GitHub',
      account: 'bob',
      digits: 8,
      algorithm: 'SHA256',
      type: 'totp',
    });
    expect(warnings).toEqual([]);
  });

  it('computes the same codes as the engine', async () => {
    const { codes, at } = await value('codes.now');
    const expected = nodeOtpEngine.totp(keyOf(parseOtpauthUri(LINK).account), at / 1000);
    expect(codes.find((c) => c.id === alice.id)?.code).toBe(expected);
  });

  it('copies the code and clears it later only if it is still there', async () => {
    const { clearsInSeconds } = await value('codes.copy', { id: alice.id });
    expect(clearsInSeconds).toBe(1);
    const copied = t.clipboard.text;
    expect(copied).toMatch(/^\d{6}$/);
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(t.clipboard.text).toBe('');

    await value('codes.copy', { id: alice.id });
    await t.clipboard.writeText('something the person copied');
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(t.clipboard.text).toBe('something the person copied');
  });

  it('edits, removes and undoes with the secret kept in main', async () => {
    const updated = await value('entries.update', { id: alice.id, issuer: 'example.com', note: 'work' });
    expect(updated).toMatchObject({ issuer: 'example.com', note: 'work' });
    const { removed, undoId } = await value('entries.remove', { id: alice.id });
    expect(JSON.stringify(removed)).not.toContain(SECRET);
    expect((await value('entries.list')).some((e) => e.id === alice.id)).toBe(false);
    const restored = await value('entries.undoRemove', { undoId });
    expect(restored.id).toBe(alice.id);
    expect(await dispatch('entries.undoRemove', { undoId })).toMatchObject({
      ok: false,
      error: { code: 'NOTHING_TO_UNDO' },
    });
  });

  it('reveals the secret only when asked', async () => {
    const revealed = await value('entries.reveal', { id: alice.id });
    expect(revealed.secret).toBe(SECRET);
    expect(revealed.uri).toMatch(/^otpauth:\/\/totp\//);
  });

  it('reorders', async () => {
    const ids = (await value('entries.list')).map((e) => e.id).reverse();
    await value('entries.reorder', { ids });
    expect((await value('entries.list')).map((e) => e.id)).toEqual(ids);
  });

  it('builds the tray menu from the list', async () => {
    const items = trayMenuItems(await value('entries.list'));
    expect(items.filter((i) => i.kind === 'copy').map((i) => (i.kind === 'copy' ? i.label : ''))).toContain(
      'example.com — alice@example.com',
    );
    expect(items.at(-1)).toEqual({ kind: 'quit', label: 'Quit Twofold' });
    expect(trayMenuItems(null)[0]).toEqual({ kind: 'note', label: 'The vault is locked' });
  });

  it('copies from the tray through the service the channel uses, not through a handler', async () => {
    const [entry] = await value('entries.list');
    await t.clipboard.writeText('');
    expect(await t.services.copyCode(entry?.id ?? '')).toBe(1);
    expect(t.clipboard.text).toBe(t.services.ticker.codes().find((c) => c.id === entry?.id)?.code);
    await expect(t.services.copyCode('gone')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // The Electron shell reaches handlers only through the dispatch table (ipc/handlers/index.ts),
    // and services never reach into a handler at all.
    for (const folder of ['src/main', 'src/desktop']) {
      const root = join(import.meta.dirname, '../..', folder);
      const files = await readdir(root, { recursive: true });
      for (const file of files.filter((name) => name.endsWith('.ts') && !name.includes('ipc/'))) {
        const text = await readFile(join(root, file), 'utf8');
        expect(text, file).not.toMatch(/ipc\/handlers\/(?!index')/);
      }
    }
  });
});

describe('a link opened with Twofold', () => {
  it('is offered, not added, and added only when the person says so', async () => {
    const before = (await value('entries.list')).length;
    const link =
      'otpauth://totp/Fastmail:carol@fastmail.com?secret=KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TFOQ&issuer=Fastmail';
    offerOpenedLink(t.services, link);
    const offered = t.events.filter((e) => e.name === 'entries.offered').at(-1)?.payload as {
      pending: PendingAccount[];
    };
    expect(offered.pending).toHaveLength(1);
    expect(offered.pending[0]?.preview).toMatchObject({ issuer: 'Fastmail', account: 'carol@fastmail.com' });
    expect(JSON.stringify(offered)).not.toContain('KRSXG5CT');
    expect((await value('entries.list')).length).toBe(before);

    const pendingId = offered.pending[0]!.pendingId;
    expect((await value('entries.pending')).map((p) => p.pendingId)).toContain(pendingId);
    const { added, failed } = await value('entries.addPending', { pendingIds: [pendingId, 'gone'] });
    expect(added.map((e) => e.issuer)).toEqual(['Fastmail']);
    expect(failed).toEqual([{ pendingId: 'gone', message: expect.stringMatching(/no longer waiting/) }]);
    expect((await value('entries.list')).length).toBe(before + 1);
  });

  it('explains a broken link instead of offering it', () => {
    offerOpenedLink(t.services, 'otpauth://totp/x?secret=0000');
    const offered = t.events.filter((e) => e.name === 'entries.offered').at(-1)?.payload as {
      pending: unknown[];
      messages: string[];
    };
    expect(offered.pending).toEqual([]);
    expect(offered.messages[0]).toMatch(/could not read the link/);
  });
});

describe('app and vault channels', () => {
  it('keeps settings, refusing a wrong type or a delay not on offer', async () => {
    const quickAccess = {
      quickAccess: process.platform !== 'linux',
      quickAccessShortcut: 'CommandOrControl+Shift+Space',
    };
    const lock = { lockAfterMinutes: 0, lockOnScreenLock: true, language: 'system' };
    expect(await value('app.settings')).toEqual({
      closeToTray: true,
      clipboardClearSeconds: 30,
      checkForUpdates: true,
      ...quickAccess,
      ...lock,
    });
    expect(await value('app.updateSettings', { closeToTray: false })).toEqual({
      closeToTray: false,
      clipboardClearSeconds: 30,
      checkForUpdates: true,
      ...quickAccess,
      ...lock,
    });
    // A shortcut Electron could not register is refused in words at the door.
    expect(await dispatch('app.updateSettings', { quickAccessShortcut: 'Hyper+K' })).toMatchObject({
      ok: false,
      error: { code: 'bad-input', message: expect.stringContaining('"Hyper" is not a modifier') },
    });
    expect(await dispatch('app.updateSettings', { closeToTray: 'no' })).toMatchObject({
      ok: false,
      error: { code: 'bad-input' },
    });
    expect(await dispatch('app.updateSettings', { clipboardClearSeconds: 15 })).toMatchObject({
      ok: false,
      error: { code: 'bad-input', message: expect.stringMatching(/10, 20, 30, 45, 60, 90 seconds/) },
    });
    expect((await value('app.settings')).clipboardClearSeconds).toBe(30);
    // A language Twofold does not have is refused, and a known one kept.
    expect(await dispatch('app.updateSettings', { language: 'xx' as 'de' })).toMatchObject({
      ok: false,
      error: { code: 'bad-input' },
    });
    expect((await value('app.updateSettings', { language: 'ar' })).language).toBe('ar');
  });

  it('says updates are off where the build has no update feed, and a check changes nothing', async () => {
    const off = await value('updates.status');
    expect(off).toMatchObject({ state: 'off', configured: false, latestVersion: null });
    expect(off.message).toMatch(/no update feed/);
    expect(await value('updates.check')).toEqual(off);
    expect(await dispatch('updates.check', { now: true })).toMatchObject({
      ok: false,
      error: { code: 'bad-input' },
    });
  });

  it('opens only allowlisted links', async () => {
    await value('app.openExternal', { url: 'https://github.com/' });
    expect(await dispatch('app.openExternal', { url: 'https://evil.example/' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_ALLOWED' },
    });
    expect(t.opened).toEqual(['https://github.com/']);
  });

  it('reports the vault status', async () => {
    expect(await value('vault.status')).toEqual({ state: 'ready', message: null, hasPassword: true });
  });
});

describe('import: only the rows the person ticked (issue 20, item 12)', () => {
  const link = (issuer: string, secret: string) =>
    `otpauth://totp/${issuer}:pick?secret=${secret}&issuer=${issuer}`;

  it('writes the chosen rows only, and refuses rows the import does not have', async () => {
    const text = [
      link('first.example', 'GFSGCYTDMVTGQ2LKGFSGCYTDMVTGQ2LK'),
      link('second.example', 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU'),
      link('third.example', 'NBSWY3DPO5XXE3DENBSWY3DPO5XXE3DE'),
    ].join('\n');
    const preview = await value('transfer.importOpen', { text });
    expect(preview.entries.map((entry) => entry.index)).toEqual([0, 1, 2]);
    const before = (await value('entries.list')).length;

    // Shape is checked at the boundary, rows against the import held in main.
    for (const selected of [[-1], [1.5], ['0'], [0, 0]])
      expect(
        await dispatch('transfer.importCommit', {
          importId: preview.importId,
          onDuplicate: 'skip',
          selected,
        }),
      ).toMatchObject({ ok: false });
    expect(
      await dispatch('transfer.importCommit', {
        importId: preview.importId,
        onDuplicate: 'skip',
        selected: [0, 3],
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_ENTRY', message: expect.stringContaining('that entry') },
    });
    expect(
      await dispatch('transfer.importCommit', {
        importId: preview.importId,
        onDuplicate: 'skip',
        choices: [{ index: 7, choice: 'replace' }],
      }),
    ).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ENTRY' } });
    expect((await value('entries.list')).length).toBe(before);

    const summary = await value('transfer.importCommit', {
      importId: preview.importId,
      onDuplicate: 'skip',
      selected: [0, 2],
    });
    expect(summary).toMatchObject({ imported: 2, replaced: 0, skipped: [] });
    const issuers = (await value('entries.list')).map((entry) => entry.issuer);
    expect(issuers).toEqual(expect.arrayContaining(['first.example', 'third.example']));
    expect(issuers).not.toContain('second.example');
    expect(issuers.length).toBe(before + 2);
  });

  it('counts an unticked duplicate as skipped; no selection imports every row as before', async () => {
    const text = [
      link('first.example', 'GFSGCYTDMVTGQ2LKGFSGCYTDMVTGQ2LK'),
      link('fourth.example', 'MZXW6YTBOJRGC3THMZXW6YTBOJRGC3TH'),
    ].join('\n');
    const preview = await value('transfer.importOpen', { text });
    expect(preview.entries[0]?.duplicateOf).not.toBeNull();
    const summary = await value('transfer.importCommit', {
      importId: preview.importId,
      onDuplicate: 'keep-both',
      selected: [1],
    });
    expect(summary).toMatchObject({ imported: 1, skipped: [{ issuer: 'first.example' }] });
    const again = await value('transfer.importOpen', {
      text: link('fifth.example', 'OBQXG43XN5ZGIMJSGMZDIMJSGMZDIMJS'),
    });
    expect(
      await value('transfer.importCommit', { importId: again.importId, onDuplicate: 'skip' }),
    ).toMatchObject({
      imported: 1,
    });
  });
});
