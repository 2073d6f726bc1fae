import { EventEmitter } from 'node:events';
import type { IpcMain, IpcMainEvent } from 'electron';
import { describe, expect, it } from 'vitest';
import { registerEventSubscriptions } from '../../src/main/ipc/subscriptions';
import type { TrustedTarget } from '../../src/main/ipc/sender';
import { EventHub } from '../../src/desktop/services/events';
import { APP_ENTRY_URL, APP_ORIGIN } from '../../src/desktop/security/origins';
import type { EventName } from '../../src/shared/ipc/contract';
import { createSubscriptionCounter, IPC_SUBSCRIPTIONS_ID } from '../../src/shared/ipc/subscriptions';

describe('the subscription counter (preload side)', () => {
  it('announces the set only when an event gains its first or loses its last listener', () => {
    const announced: EventName[][] = [];
    const counter = createSubscriptionCounter((events) => announced.push([...events].sort()));
    const stopA = counter.add('codes.tick');
    const stopB = counter.add('codes.tick');
    const stopC = counter.add('entries.changed');
    expect(announced).toEqual([['codes.tick'], ['codes.tick', 'entries.changed']]);
    stopA();
    stopA(); // twice counts once
    expect(announced).toHaveLength(2);
    stopB();
    expect(announced.at(-1)).toEqual(['entries.changed']);
    stopC();
    expect(announced.at(-1)).toEqual([]);
  });
});

describe('event subscriptions (main side)', () => {
  const trusted: TrustedTarget = { webContentsId: 7, origins: [APP_ORIGIN] };
  // Electron cannot run here: ipcMain is stood in for by an EventEmitter (on / removeListener / emit).
  const ipcMain = new EventEmitter();
  const subscriptions = registerEventSubscriptions(ipcMain as unknown as IpcMain, () => trusted);
  const send = (payload: unknown, { id = 7, url = APP_ENTRY_URL, parent = null as unknown } = {}) =>
    ipcMain.emit(
      IPC_SUBSCRIPTIONS_ID,
      { sender: { id }, senderFrame: { url, parent } } as unknown as IpcMainEvent,
      payload,
    );

  it('takes the set from the trusted window', () => {
    expect(subscriptions.wants('codes.tick')).toBe(false);
    send(['codes.tick', 'entries.changed']);
    expect(subscriptions.wants('codes.tick')).toBe(true);
    expect(subscriptions.wants('entries.offered')).toBe(false);
    send(['entries.changed']);
    expect(subscriptions.wants('codes.tick')).toBe(false);
  });

  it('ignores other windows, subframes, foreign pages and malformed sets', () => {
    send(['entries.changed']);
    send(['codes.tick'], { id: 8 });
    send(['codes.tick'], { parent: {} });
    send(['codes.tick'], { url: 'https://evil.example/' });
    send(['codes.tick', 'no.such-event']);
    send('codes.tick');
    send(Array.from({ length: 1000 }, () => 'codes.tick'));
    expect(subscriptions.wants('codes.tick')).toBe(false);
    expect(subscriptions.wants('entries.changed')).toBe(true);
  });

  it('stops listening when disposed', () => {
    subscriptions.dispose();
    expect(ipcMain.listenerCount(IPC_SUBSCRIPTIONS_ID)).toBe(0);
  });
});

describe('the event hub', () => {
  it('delivers an event only to listeners that want it, and says whether anyone does', () => {
    const hub = new EventHub();
    const window: string[] = [];
    const tray: string[] = [];
    hub.listen(
      (name) => window.push(name),
      (name) => name === 'codes.tick',
    );
    hub.listen(
      (name) => tray.push(name),
      (name) => name === 'entries.changed',
    );
    hub.emit('codes.tick', { codes: [], at: 0 });
    hub.emit('entries.changed', { reason: 'added' });
    expect(window).toEqual(['codes.tick']);
    expect(tray).toEqual(['entries.changed']);
    expect(hub.wants('vault.status')).toBe(false);
    expect(hub.wants('codes.tick')).toBe(true);
  });
});
