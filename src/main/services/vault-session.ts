import type { VaultStatus } from '../../shared/ipc/channels/vault';
import type { Keychain } from '../keychain';
import { Vault } from '../vault';
import { UserError } from '../ipc/errors';

export interface VaultSessionOptions {
  path: string;
  /** null: no keychain at all (the vault is protected by `password` only). */
  keychain: Keychain | null;
  /** Creates or opens the vault with this password (test host without a keychain). */
  password?: string;
}

/**
 * The vault this app instance works on. Opening can fail (a locked keychain, a
 * damaged file): then the app still runs, shows why, and can unlock with the
 * vault's password; the file is never replaced.
 */
export class VaultSession {
  readonly #options: VaultSessionOptions;
  #vault: Vault | null = null;
  #problem: string | null = 'The vault has not been opened yet.';
  #state: VaultStatus['state'] = 'unavailable';

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
      throw new UserError('VAULT_EXISTS', 'There is already a vault; unlock it with its password.');
    }
    this.#set(await Vault.create({ path: this.#options.path, keychain: this.#options.keychain, password }));
    return this.status();
  }

  async unlock(password: string): Promise<VaultStatus> {
    const vault = await Vault.open({ path: this.#options.path, keychain: this.#options.keychain, password });
    this.#set(vault);
    return this.status();
  }

  status(): VaultStatus {
    return {
      state: this.#state,
      message: this.#problem,
      hasPassword: this.#vault?.hasPasswordSlot() ?? false,
    };
  }

  /** The open vault, or a refusal that says why there is none. */
  current(): Vault {
    if (this.#vault === null) {
      throw new UserError(
        this.#state === 'locked' ? 'VAULT_LOCKED' : 'VAULT_UNAVAILABLE',
        this.#problem ?? 'The vault is not open.',
      );
    }
    return this.#vault;
  }

  close(): void {
    this.#vault?.close();
    this.#vault = null;
  }

  #set(vault: Vault): void {
    this.#vault?.close();
    this.#vault = vault;
    this.#state = 'ready';
    this.#problem = null;
  }

  async #fail(error: unknown): Promise<void> {
    const name = error instanceof Error ? error.name : '';
    const code = (error as { code?: unknown }).code;
    if (name === 'KeychainUnavailableError') {
      // Said in words; the keychain's own detail (D-Bus, X11) means nothing to a person.
      const found = await Vault.peek(this.#options.path).catch(() => undefined);
      if (found === null) {
        this.#state = 'needs-password';
        this.#problem =
          'The system keychain is not available on this computer, so Twofold cannot keep your vault key in it.';
      } else if (found?.hasPasswordSlot) {
        this.#state = 'locked';
        this.#problem = 'The system keychain is not available on this computer.';
      } else {
        this.#state = 'unavailable';
        this.#problem =
          'The system keychain that holds your vault key is not available on this computer, and the vault has no password. ' +
          'Start Twofold where that keychain can be reached (on Linux, an unlocked GNOME Keyring or KWallet).';
      }
      return;
    }
    // Keychain trouble with an existing vault: its password (if it has one) still opens it.
    this.#state = code === 'LOCKED' || code === 'NO_SLOT' ? 'locked' : 'unavailable';
    this.#problem =
      code === 'LOCKED'
        ? 'Your vault is protected by a password.'
        : name === 'VaultError' && error instanceof Error
          ? error.message
          : 'The vault could not be opened.';
  }
}
