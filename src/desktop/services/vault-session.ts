import type { VaultStatus } from '../../shared/ipc/channels/vault';
import type { Keychain } from '../keychain';
import { KEYRINGS, KeychainUnavailableError } from '../keychain/errors';
import { Vault } from '../vault';
import { VaultError } from '../vault/errors';
import { englishTranslate, type Translate } from '../../shared/i18n/translate';
import { PersonFacingError, sayIn, words, type PersonFacingMessage } from '../../shared/person-facing-error';

/** Why the vault was locked while open: said on the Unlock page. */
export type LockReason = 'person' | 'idle' | 'screen-lock' | 'suspend';

const LOCKED_BECAUSE = {
  person: 'vault.session.locked',
  idle: 'vault.session.lockedIdle',
  'screen-lock': 'vault.session.lockedScreen',
  suspend: 'vault.session.lockedSleep',
} as const satisfies Record<LockReason, string>;

export interface VaultSessionOptions {
  path: string;
  /** null: no keychain at all (the vault is protected by `password` only). */
  keychain: Keychain | null;
  /** Creates or opens the vault with this password (test host without a keychain). */
  password?: string;
  /** The app's language, which `status().message` is said in (English without one). */
  language?: Translate;
}

/**
 * The vault this app instance works on. Opening can fail (a locked keychain, a
 * damaged file): then the app still runs, shows why, and can unlock with the
 * vault's password; the file is never replaced.
 */
export class VaultSession {
  readonly #options: VaultSessionOptions;
  #vault: Vault | null = null;
  /** Why the vault is not open: words, said in the app's language when asked (it may change meanwhile). */
  #problem: PersonFacingMessage | string | null = words('vault.session.notOpenedYet');
  #state: VaultStatus['state'] = 'unavailable';
  /** Locked on purpose (Lock now, idle, screen lock): its password slot is known to exist. */
  #lockedWithPassword = false;

  constructor(options: VaultSessionOptions) {
    this.#options = options;
  }

  get path(): string {
    return this.#options.path;
  }

  async open(): Promise<VaultStatus> {
    try {
      this.#set(
        await Vault.openOrCreate({
          path: this.#options.path,
          keychain: this.#options.keychain,
          ...(this.#options.password !== undefined ? { password: this.#options.password } : {}),
        }),
      );
    } catch (error) {
      await this.#fail(error);
    }
    return this.status();
  }

  /** First run without a keychain: creates the vault with a password slot (and a keychain slot if one appears). */
  async create(password: string): Promise<VaultStatus> {
    if (this.#state !== 'needs-password') {
      throw new PersonFacingError('VAULT_EXISTS', words('vault.session.exists'));
    }
    this.#set(await Vault.create({ path: this.#options.path, keychain: this.#options.keychain, password }));
    return this.status();
  }

  async unlock(password: string): Promise<VaultStatus> {
    let vault: Vault;
    try {
      vault = await Vault.open({ path: this.#options.path, keychain: this.#options.keychain, password });
    } catch (error) {
      // The vault's own message names its file; the person only needs to try again.
      if (error instanceof VaultError && error.code === 'WRONG_PASSWORD') {
        throw new PersonFacingError('WRONG_PASSWORD', words('vault.unlock.wrongPassword'));
      }
      throw error;
    }
    this.#set(vault);
    return this.status();
  }

  /**
   * Wipes the vault key and the decrypted entries from memory; only the vault
   * password opens it again (never the keychain, which would undo the lock at
   * once). Refused without a password slot: there would be nothing to lock with.
   */
  async lock(reason: LockReason): Promise<VaultStatus> {
    const vault = this.#vault;
    if (vault === null || this.#state !== 'ready') return this.status();
    if (!vault.hasPasswordSlot()) {
      throw new PersonFacingError('NO_PASSWORD', words('vault.session.lockNeedsPassword'));
    }
    this.#vault = null;
    this.#state = 'locked';
    this.#problem = words(LOCKED_BECAUSE[reason]);
    this.#lockedWithPassword = true;
    await vault.closeAfterPending();
    return this.status();
  }

  /** Open and protected by a password: the only state "Lock" applies to. */
  get lockable(): boolean {
    return this.#vault !== null && this.#vault.hasPasswordSlot();
  }

  status(): VaultStatus {
    return {
      state: this.#state,
      message: this.#problem === null ? null : this.#say(this.#problem),
      hasPassword: this.#vault?.hasPasswordSlot() ?? this.#lockedWithPassword,
    };
  }

  /** The open vault, or a refusal that says why there is none. */
  current(): Vault {
    if (this.#vault === null) {
      throw new PersonFacingError(
        this.#state === 'locked' ? 'VAULT_LOCKED' : 'VAULT_UNAVAILABLE',
        this.#problem ?? words('vault.session.notOpen'),
      );
    }
    return this.#vault;
  }

  close(): void {
    this.#vault?.close();
    this.#vault = null;
  }

  #say(message: PersonFacingMessage | string): string {
    return typeof message === 'string' ? message : sayIn(this.#options.language ?? englishTranslate, message);
  }

  #set(vault: Vault): void {
    this.#vault?.close();
    this.#vault = vault;
    this.#state = 'ready';
    this.#problem = null;
    this.#lockedWithPassword = false;
  }

  async #fail(error: unknown): Promise<void> {
    if (error instanceof KeychainUnavailableError) {
      // Said in words; the keychain's own detail (D-Bus, X11) means nothing to a person.
      const found = await Vault.peek(this.#options.path).catch(() => undefined);
      if (found === null) {
        this.#state = 'needs-password';
        this.#problem = words('vault.session.noKeychainForNew');
      } else if (found?.hasPasswordSlot) {
        this.#state = 'locked';
        this.#problem = words('vault.session.noKeychain');
      } else {
        this.#state = 'unavailable';
        this.#problem = words('vault.session.noKeychainNoPassword', {
          gnome: 'GNOME Keyring',
          kde: KEYRINGS.kde,
        });
      }
      return;
    }
    // Keychain trouble with an existing vault: its password (if it has one) still opens it.
    const code = error instanceof VaultError ? error.code : undefined;
    this.#state = code === 'LOCKED' || code === 'NO_SLOT' ? 'locked' : 'unavailable';
    this.#problem =
      code === 'LOCKED'
        ? words('vault.session.protected')
        : error instanceof VaultError
          ? (error.words ?? error.message)
          : words('vault.session.notOpened');
  }
}
