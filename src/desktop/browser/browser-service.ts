import { randomUUID } from 'node:crypto';
import type { Server } from 'node:net';
import type { BrowserStatus } from '../../shared/ipc/channels/browser';
import type { EventSink } from '../services/events';
import type { VaultSession } from '../services/vault-session';
import { answerRequest } from './answers';
import { serveBrowserHost } from './app-channel';
import { BROWSERS, installManifest, manifestStatus, removeManifest, type BrowserName } from './registration';
import { PersonFacingError, words } from '../../shared/person-facing-error';
import { readBrowserSettings, writeBrowserSettings } from './settings';

/** How long a first-time question waits for the person before it counts as Deny. */
const CONFIRM_MS = 60_000;

/**
 * The app's side of browser filling: answers the browser host over the local socket with the
 * open vault, asks the window to confirm a site the first time, and what Settings → Browser
 * shows and changes (the browsers with the host registered, filling on or off, allowed sites).
 */
export class BrowserService {
  readonly #pending = new Map<string, (allow: boolean) => void>();
  #server: Server | null = null;

  constructor(
    private readonly vaultPath: string,
    private readonly vaults: VaultSession,
    private readonly events: EventSink,
    /** The executable the manifests point at; null: this build does not register (use the CLI). */
    private readonly hostExecutable: string | null,
  ) {}

  /** Listens for the host; a failure (a folder it cannot write) leaves the host on its own. */
  async start(): Promise<void> {
    this.#server = await serveBrowserHost(this.vaultPath, (request) =>
      answerRequest(request, {
        vaultPath: this.vaultPath,
        vault: async () => {
          // The CLI may have changed the file since (an account added, a site linked).
          const vault = this.vaults.current();
          await vault.reloadIfChanged();
          return vault;
        },
        confirmSite: (site, issuer) => this.#confirm(site, issuer),
      }),
    ).catch(() => null);
  }

  close(): void {
    this.#server?.close();
    this.#server = null;
    for (const answer of this.#pending.values()) answer(false);
    this.#pending.clear();
  }

  async #confirm(site: string, issuer: string): Promise<boolean | null> {
    // No window to ask in: the host says how to allow the site instead.
    if (!this.events.wants('browser.confirmSite')) return null;
    const request = randomUUID();
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(false), CONFIRM_MS);
      const finish = (allow: boolean) => {
        clearTimeout(timer);
        this.#pending.delete(request);
        resolve(allow);
      };
      this.#pending.set(request, finish);
      this.events.emit('browser.confirmSite', { request, site, issuer });
    });
  }

  answer(request: string, allow: boolean): void {
    this.#pending.get(request)?.(allow);
  }

  async status(): Promise<BrowserStatus> {
    const settings = await readBrowserSettings(this.vaultPath);
    const browsers = await Promise.all(
      BROWSERS.map(async (name) => {
        try {
          const found = await manifestStatus(name);
          return { name, path: found.path, registered: found.registered };
        } catch {
          return { name, path: null, registered: false };
        }
      }),
    );
    return {
      browsers,
      canRegister: this.hostExecutable !== null,
      enabled: settings.enabled,
      allowedSites: settings.allowedSites,
    };
  }

  /** Registers (or removes) the host with one browser, for the person's own profile. */
  async register(browser: BrowserName, on: boolean): Promise<BrowserStatus> {
    if (on) {
      if (this.hostExecutable === null)
        throw new PersonFacingError(
          'NOT_PACKAGED',
          words('vault.browser.notPackaged', { command: 'twofold browser install' }),
        );
      await installManifest(browser, this.hostExecutable);
    } else await removeManifest(browser);
    return this.status();
  }

  async setEnabled(enabled: boolean): Promise<BrowserStatus> {
    await writeBrowserSettings(this.vaultPath, { ...(await readBrowserSettings(this.vaultPath)), enabled });
    return this.status();
  }

  async removeSite(site: string): Promise<BrowserStatus> {
    const settings = await readBrowserSettings(this.vaultPath);
    await writeBrowserSettings(this.vaultPath, {
      ...settings,
      allowedSites: settings.allowedSites.filter((allowed) => allowed !== site),
    });
    return this.status();
  }
}
