import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatch } from '../../src/desktop/ipc/dispatch';
import { registerIpcDoor } from '../../src/main/ipc/door';
import { desktopHandlers } from '../../src/desktop/ipc/handlers';
import { isTrustedSender, type TrustedTarget } from '../../src/main/ipc/sender';
import { APP_ENTRY_URL, APP_ORIGIN } from '../../src/desktop/security/origins';
import { createTwofoldApi } from '../../src/shared/ipc/api';
import {
  channelNames,
  eventNames,
  ipcChannelId,
  ipcContract,
  type ChannelName,
} from '../../src/shared/ipc/contract';
import type { IpcResult } from '../../src/shared/ipc/result';
import { testServices, type TestServices } from './support/services';

const LINK = 'otpauth://totp/Example:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example';
const trusted: TrustedTarget = { webContentsId: 7, origins: [APP_ORIGIN] };

describe('the contract', () => {
  it('has a handler for every channel and no handler without a channel', () => {
    const handled = Object.entries(desktopHandlers).flatMap(([feature, table]) =>
      Object.keys(table).map((method) => `${feature}.${method}`),
    );
    expect(handled.sort()).toEqual([...channelNames].sort());
  });

  it("keeps each feature's handlers in one file of ipc/handlers, named after the feature", async () => {
    for (const [feature, table] of Object.entries(desktopHandlers)) {
      const file = (await import(`../../src/desktop/ipc/handlers/${feature}.ts`)) as Record<string, unknown>;
      expect(file[`${feature}Handlers`], feature).toBe(table);
    }
  });

  it('becomes window.twofold with exactly one method per channel, plus on()', async () => {
    const calls: string[] = [];
    const api = createTwofoldApi({
      invoke: async (name) => {
        calls.push(name);
        return { ok: true, value: null };
      },
      subscribe: () => () => {},
    });
    const exposed = Object.entries(api).flatMap(([key, value]) =>
      typeof value === 'function' ? [key] : Object.keys(value as object).map((method) => `${key}.${method}`),
    );
    expect(exposed.sort()).toEqual([...channelNames, 'on'].sort());
    expect(Object.isFrozen(api)).toBe(true);
    await api.entries.list();
    expect(calls).toEqual(['entries.list']);
    expect(() => api.on('nope.event' as never, () => {})).toThrow(/no event named/);
    expect(eventNames).toContain('codes.tick');
  });

  it('turns a failed transport into an error result, not a throw', async () => {
    const api = createTwofoldApi({
      invoke: () => Promise.reject(new Error('gone')),
      subscribe: () => () => {},
    });
    const result = await api.app.info();
    expect(result).toEqual({
      ok: false,
      error: { code: 'unavailable', message: expect.stringMatching(/could not reach/) },
    });
  });

  it('names every channel feature.method', () => {
    for (const name of channelNames) expect(name).toMatch(/^[a-z]+\.[A-Za-z]+$/);
    expect(Object.keys(ipcContract)).toEqual(
      expect.arrayContaining(['entries', 'codes', 'scan', 'app', 'vault']),
    );
  });
});

describe('isTrustedSender', () => {
  const good = { webContentsId: 7, frameUrl: APP_ENTRY_URL, isTopFrame: true };

  it('trusts our window top frame on our origin', () => {
    expect(isTrustedSender(good, trusted)).toBe(true);
  });

  it.each([
    ['another window', { ...good, webContentsId: 8 }],
    ['a subframe', { ...good, isTopFrame: false }],
    ['a destroyed frame', { ...good, frameUrl: null }],
    ['a web page', { ...good, frameUrl: 'https://evil.example/' }],
    ['a file URL', { ...good, frameUrl: 'file:///tmp/x.html' }],
    ['a look-alike host', { ...good, frameUrl: 'twofold-app://app.evil/index.html' }],
  ])('refuses %s', (_what, sender) => {
    expect(isTrustedSender(sender, trusted)).toBe(false);
  });

  it('refuses everyone when there is no window', () => {
    expect(isTrustedSender(good, null)).toBe(false);
  });
});

describe('the door and dispatch over real services', () => {
  let t: TestServices;
  type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<IpcResult<unknown>>;
  const registered = new Map<string, Handler>();
  // Electron cannot run here: ipcMain is stood in for by a map with the same two methods the door uses.
  const ipcMain = {
    handle: (channel: string, handler: Handler) => registered.set(channel, handler),
    removeHandler: (channel: string) => registered.delete(channel),
  } as unknown as IpcMain;
  const mainFrame = { url: APP_ENTRY_URL, parent: null };
  const event = (frame: { url: string; parent: unknown } | null, id = 7) =>
    ({ sender: { id, mainFrame }, senderFrame: frame }) as unknown as IpcMainInvokeEvent;
  const call = (
    name: ChannelName,
    input?: unknown,
    frame: { url: string; parent: unknown } | null = mainFrame,
  ) => registered.get(ipcChannelId(name))!(event(frame), ...(input === undefined ? [] : [input]));

  beforeAll(async () => {
    t = await testServices();
    registerIpcDoor(ipcMain, createDispatch(desktopHandlers, t.services), () => trusted);
  });
  afterAll(() => t.cleanup());

  it('registers every contract channel under its own prefix', () => {
    expect([...registered.keys()].sort()).toEqual(channelNames.map(ipcChannelId).sort());
  });

  it('answers a trusted call', async () => {
    const added = await call('entries.addFromUri', { uri: LINK });
    expect(added).toMatchObject({
      ok: true,
      value: { entry: { issuer: 'Example', account: 'alice@example.com' } },
    });
    const list = await call('entries.list');
    expect(list.ok && (list.value as unknown[]).length).toBe(1);
  });

  it('refuses a subframe, a foreign page and another window before reading input', async () => {
    const subframe = { url: APP_ENTRY_URL, parent: mainFrame };
    for (const result of [
      await call('entries.list', undefined, subframe),
      await call('entries.list', undefined, { url: 'https://evil.example/', parent: null }),
      await registered.get(ipcChannelId('entries.list'))!(event(mainFrame, 99)),
    ]) {
      expect(result).toEqual({
        ok: false,
        error: { code: 'untrusted-sender', message: 'This request did not come from the Twofold window.' },
      });
    }
  });

  it('rejects bad input with a message that names the field', async () => {
    expect(await call('entries.addFromUri', {})).toEqual({
      ok: false,
      error: { code: 'bad-input', message: 'uri: Paste an otpauth:// link.' },
    });
    expect(await call('entries.addFromUri', { uri: 'https://example.com' })).toMatchObject({
      ok: false,
      error: { code: 'bad-input', message: expect.stringMatching(/otpauth/) },
    });
    expect(await call('entries.remove', { id: '' })).toMatchObject({
      ok: false,
      error: { code: 'bad-input', message: 'id: An entry id is needed.' },
    });
    expect(await call('entries.list', { sneaky: true })).toMatchObject({
      ok: false,
      error: { code: 'bad-input' },
    });
    expect(await call('scan.image', { data: 'not bytes' })).toMatchObject({
      ok: false,
      error: { code: 'bad-input', message: 'data: The image did not arrive as bytes.' },
    });
  });

  it('refuses more than one argument', async () => {
    const result = await registered.get(ipcChannelId('entries.list'))!(event(mainFrame), undefined, 'extra');
    expect(result).toMatchObject({ ok: false, error: { code: 'bad-input' } });
  });

  it('explains a manual secret with a wrong character', async () => {
    const result = await call('entries.add', { issuer: 'X', account: 'y', secret: 'JBSW Y3DP EHPK 3PX1' });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'bad-input', message: expect.stringContaining('did you mean I?') },
    });
  });

  it('passes vault refusals through with their code and words', async () => {
    const result = await call('entries.remove', { id: 'no-such-id' });
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(result.ok ? '' : result.error.message).not.toMatch(/at |Error:/);
  });

  it('refuses an unknown channel through dispatch', async () => {
    const dispatch = createDispatch(desktopHandlers, t.services);
    expect(await dispatch('entries.format', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown-channel' },
    });
    expect(await dispatch('__proto__.constructor', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown-channel' },
    });
  });

  it('hides the text of unexpected errors', async () => {
    const logged: string[] = [];
    const broken = {
      ...desktopHandlers,
      app: {
        ...desktopHandlers.app,
        info: () => {
          throw new Error('secret=JBSWY3DPEHPK3PXP at /internal/path');
        },
      },
    };
    const result = await createDispatch(broken, t.services, (line) => logged.push(line))(
      'app.info',
      undefined,
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain('JBSWY3DPEHPK3PXP');
    expect(logged.join('\n')).not.toContain('JBSWY3DPEHPK3PXP');
  });

  it('removes every channel again', () => {
    const door = registerIpcDoor(ipcMain, createDispatch(desktopHandlers, t.services), () => trusted);
    door();
    expect(registered.size).toBe(0);
  });
});
