import { join } from 'node:path';
import { AutoBackups } from '../export/auto-backup';
import { BrowserService } from '../browser/browser-service';
import { HelpdeskConsole } from '../helpdesk/console';
import { PendingImports, ScannedExports } from '../import/flow/pending';
import { PersonFacingError, words } from '../../shared/person-facing-error';
import type { Keychain } from '../keychain';
import type { Bitmap } from '../qr/bitmap';
import { isAllowedExternalUrl } from '../security/external-links';
import { ClipboardService, type ClipboardPort } from './clipboard';
import type { EventSink } from './events';
import { PendingAccounts } from './pending';
import { SettingsStore } from './settings';
import { DesktopLanguage } from '../i18n/desktop-language';
import {
  QuickAccessShortcut,
  RecordedGlobalShortcuts,
  RecordedQuickAccess,
  type GlobalShortcutPort,
  type QuickAccessWindowPort,
} from '../quick-access/quick-access';
import { CodeTicker } from './ticker';
import { RemovedEntries } from './trash';
import { VaultSession, type LockReason } from './vault-session';
import type { VaultStatus } from '../../shared/ipc/channels/vault';
import { AutoLock, noPowerMonitor, type PowerMonitorPort } from './auto-lock';
import { UpdateService, type UpdaterPort } from '../updates/update-service';
import { SyncService } from './sync-service';

/** Captures every display at native resolution ("the screen" is a PNG file in the test host). */
export interface ScreenCapturePort {
  capture(): Promise<Bitmap[]>;
}

export interface AppInfo {
  readonly version: string;
  readonly platform: string;
  readonly home: string;
  readonly shell: 'electron' | 'host';
  /** The OS's preferred languages, most wanted first; empty where the shell cannot tell. */
  readonly systemLocales: string[];
}

/** What the IPC handlers work with; built the same way by Electron main and the test host. */
export interface DesktopServices {
  readonly info: AppInfo;
  readonly vaults: VaultSession;
  readonly pending: PendingAccounts;
  readonly trash: RemovedEntries;
  readonly clipboard: ClipboardService;
  readonly screen: ScreenCapturePort;
  readonly settings: SettingsStore;
  /** The app's language for what main shows itself (the tray menu); follows Settings → Language. */
  readonly language: DesktopLanguage;
  readonly events: EventSink;
  readonly ticker: CodeTicker;
  readonly helpdesk: HelpdeskConsole;
  readonly updates: UpdateService;
  readonly imports: PendingImports;
  /** Google Authenticator exports a scan found, until the window imports them by id. */
  readonly scannedExports: ScannedExports;
  readonly backups: AutoBackups;
  /** Folder sync of the vault with the person's other computers (Settings → Sync). */
  readonly sync: SyncService;
  /** The Quick access window (a global shortcut or the tray opens it; it hides itself after a copy). */
  readonly quickAccess: QuickAccessWindowPort;
  /** Locks after idle minutes and on screen lock or sleep, as Settings say. */
  readonly autoLock: AutoLock;
  /** Answers Twofold's browser host over a local socket; Settings → Browser. */
  readonly browser: BrowserService;
  /**
   * Locks the vault (its key and decrypted entries leave memory) and tells every
   * window; refused when the vault has no password to unlock it with.
   */
  lock(reason: LockReason): Promise<VaultStatus>;
  /**
   * Copies an account's current (or next) code, for the window, Quick access and the tray;
   * resolves to the seconds until the clipboard is cleared.
   */
  copyCode(id: string, next?: boolean): Promise<number>;
  /** The global shortcut that opens it, kept registered as the settings say; its state says why the OS refused one. */
  readonly quickAccessShortcut: QuickAccessShortcut;
  /** What the shortcut and the tray do: Quick access, or the Unlock page while locked. */
  openQuickAccess(): void;
  /** Where to write an export or keep backups: a dialog in the app, a folder under home in the test host. */
  chooseLocation(request: LocationRequest): Promise<string | null>;
  openExternal(url: string): Promise<void>;
}

export interface LocationRequest {
  readonly kind: 'file' | 'folder';
  /** A file name to offer (file) or the folder's name under home (test host). */
  readonly suggestedName: string;
}

/** The platform pieces that differ between Electron and the test host. */
export interface DesktopPorts {
  readonly info: AppInfo;
  readonly vaultPath: string;
  readonly keychain: Keychain | null;
  readonly password?: string;
  readonly clipboard: ClipboardPort;
  /** Tests only: a fixed clipboard delay instead of the person's setting. */
  readonly clipboardClearMs?: number;
  readonly screen: ScreenCapturePort;
  readonly events: EventSink;
  /** The packaged app's updater; absent (updates off) in development, the test host and builds without a feed. */
  readonly updater?: UpdaterPort | null;
  /** Opens a URL that already passed the allowlist. */
  readonly openUrl: (url: string) => Promise<void>;
  /** The Quick access window; absent (the test host), a stand-in that counts shows and hides. */
  readonly quickAccess?: QuickAccessWindowPort;
  /** Idle time, screen lock and sleep (Electron's powerMonitor); absent: never idle (the test host). */
  readonly power?: PowerMonitorPort;
  /** The OS's global shortcuts (Electron's globalShortcut); absent (the test host), a stand-in. */
  readonly globalShortcuts?: GlobalShortcutPort;
  /** Brings the main window forward (the shortcut's answer while locked); absent: nothing to show. */
  readonly showWindow?: () => void;
  /** What the browser host manifests point at (the packaged executable); null or absent: the app does not register. */
  readonly browserHost?: string | null;
  /** Asks where to write (Electron's save and folder dialogs); null when cancelled. Absent: under home. */
  readonly chooseLocation?: (request: LocationRequest) => Promise<string | null>;
}

export async function createDesktopServices(ports: DesktopPorts): Promise<DesktopServices> {
  // Made before the settings are read: its `t` follows the language once applied (below).
  const language = new DesktopLanguage(ports.info.systemLocales);
  const vaults = new VaultSession({
    path: ports.vaultPath,
    keychain: ports.keychain,
    language: language.t,
    ...(ports.password !== undefined ? { password: ports.password } : {}),
  });
  await vaults.open();
  const settings = await SettingsStore.load(ports.info.home, ports.info.platform);
  const ticker = new CodeTicker(vaults, ports.events);
  // Before the backups: their status sentences are said in the app's language.
  await language.apply(settings.get().language);
  settings.onChange((next) => {
    if (next.language !== language.setting) void language.apply(next.language);
  });
  const backups = await AutoBackups.load(ports.info.home, ports.keychain, { t: language.t });
  const chooseLocation =
    ports.chooseLocation ??
    (async ({ suggestedName }: LocationRequest) => join(ports.info.home, 'exports', suggestedName));
  // Set after `events` exists: a sync that merged the other computers' changes tells the window.
  let sync: SyncService | null = null;
  // Any change to the entries makes the ticker's cached codes stale (and is backed up when asked).
  const events: EventSink = {
    emit(name, payload) {
      if (name === 'entries.changed' || name === 'vault.status') ticker.invalidate();
      // A change made here goes to the sync folder a moment later ('reloaded' came from there, or a lock).
      if (
        name === 'entries.changed' &&
        vaults.status().state === 'ready' &&
        (payload as { reason?: string }).reason !== 'reloaded'
      )
        sync?.changed();
      // A locked vault has nothing to back up (lock writes any backup still due first).
      if (name === 'entries.changed' && vaults.status().state === 'ready')
        backups.changed(() => vaults.current().exportEntries());
      // A backup skipped while the vault was locked is written once it is open again.
      if (name === 'vault.status' && vaults.status().state === 'ready' && backups.state().skipped !== null)
        backups.changed(() => vaults.current().exportEntries());
      ports.events.emit(name, payload);
    },
    wants: (name) => ports.events.wants(name),
  };
  const quickAccess = ports.quickAccess ?? new RecordedQuickAccess();
  const lock = async (reason: LockReason): Promise<VaultStatus> => {
    if (vaults.lockable) await backups.flush(() => vaults.current().exportEntries()).catch(() => undefined);
    const status = await vaults.lock(reason);
    quickAccess.hide();
    events.emit('vault.status', status);
    // The window reloads its list and gets "locked": no account stays on screen.
    events.emit('entries.changed', { reason: 'reloaded' });
    return status;
  };
  const autoLock = new AutoLock({
    power: ports.power ?? noPowerMonitor,
    settings: () => settings.get(),
    lockable: () => vaults.lockable,
    lock,
  });
  // While locked, the window with its Unlock page comes instead of an empty search.
  const openQuickAccess = (): void =>
    vaults.status().state === 'ready' ? quickAccess.show() : ports.showWindow?.();
  const quickAccessShortcut = new QuickAccessShortcut(
    ports.globalShortcuts ?? new RecordedGlobalShortcuts(),
    openQuickAccess,
    ports.info.platform,
  );
  quickAccessShortcut.apply(settings.get());
  settings.onChange((next) => quickAccessShortcut.apply(next));
  // The person's setting, read at each copy; a fixed delay only where a test asks for one.
  const clipboard = new ClipboardService(
    ports.clipboard,
    ports.clipboardClearMs ?? (() => settings.get().clipboardClearSeconds * 1000),
  );
  const copyCode = async (id: string, next = false): Promise<number> => {
    const code = ticker.codes().find((entry) => entry.id === id);
    if (!code) throw new PersonFacingError('NOT_FOUND', words('vault.entry.gone'));
    const text = next ? code.nextCode : code.code;
    if (text === null) {
      throw new PersonFacingError('NO_CODE', words('vault.entry.counterFirst'));
    }
    return clipboard.copySecretText(text);
  };
  const startedSync = new SyncService({
    vaults,
    keychain: ports.keychain,
    chooseLocation,
    merged: () => events.emit('entries.changed', { reason: 'reloaded' }),
  });
  sync = startedSync;
  startedSync.start();
  const browser = new BrowserService(ports.vaultPath, vaults, events, ports.browserHost ?? null);
  await browser.start();
  return {
    info: ports.info,
    browser,
    vaults,
    pending: new PendingAccounts(),
    trash: new RemovedEntries(),
    clipboard,
    screen: ports.screen,
    settings,
    language,
    events,
    ticker,
    helpdesk: new HelpdeskConsole({
      keychain: ports.keychain,
      home: ports.info.home,
      vault: () => vaults.current(),
      vaultChanged: () => events.emit('entries.changed', { reason: 'added' }),
      language: () => language.locale,
    }),
    updates: new UpdateService({
      updater: ports.updater ?? null,
      currentVersion: ports.info.version,
      automatic: () => settings.get().checkForUpdates,
    }),
    imports: new PendingImports(),
    scannedExports: new ScannedExports(),
    backups,
    quickAccess,
    autoLock,
    lock,
    copyCode,
    quickAccessShortcut,
    openQuickAccess,
    sync: startedSync,
    chooseLocation,
    async openExternal(url) {
      if (!isAllowedExternalUrl(url)) {
        throw new PersonFacingError('NOT_ALLOWED', words('vault.app.onlyOwnLinks'));
      }
      await ports.openUrl(url);
    },
  };
}
