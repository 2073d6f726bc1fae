import type * as KeytarModule from 'keytar';
import { keytarInChild, type KeytarRequest } from './child-keychain';
import { words } from '../../shared/person-facing-error';
import { KeychainUnavailableError, noAnswer } from './errors';
import type { Keychain } from './keychain';

type Keytar = typeof KeytarModule;

export interface OsKeychainOptions {
  /**
   * How long one keychain call may take. A locked keyring may show an unlock
   * prompt, so this is generous; an unreachable D-Bus fails long before it.
   */
  timeoutMs?: number;
}

let keytarModule: Promise<Keytar> | undefined;
let inChildProcess = false;

/**
 * From now on, this process makes each keychain call in a child process that is
 * killed on timeout (the CLI: it must exit even when the keychain hangs). The
 * desktop app keeps calling keytar in process: it runs on, so a stuck call costs it
 * one thread, not its exit.
 */
export function keychainCallsInChildProcess(): void {
  inChildProcess = true;
}

/** keytar is a native module: load it on first use so a broken build is a keychain error, not a crash at import. */
function loadKeytar(): Promise<Keytar> {
  keytarModule ??= import('keytar').then(
    (module: Keytar & { default?: Keytar }) => module.default ?? module,
    (error: unknown) => {
      keytarModule = undefined;
      throw new KeychainUnavailableError(
        words('vault.keychain.detail.notLoaded', { reason: describe(error) }),
      );
    },
  );
  return keytarModule;
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // One line, bounded: these messages come from libsecret / D-Bus.
  return text.replace(/\s+/g, ' ').trim().slice(0, 200) || 'unknown error';
}

async function call<T>(
  timeoutMs: number,
  request: KeytarRequest,
  run: (keytar: Keytar) => Promise<T>,
): Promise<T> {
  if (inChildProcess) {
    try {
      return (await keytarInChild(request, timeoutMs)) as T;
    } catch (error) {
      if (error instanceof KeychainUnavailableError) throw error;
      throw new KeychainUnavailableError(describe(error));
    }
  }
  const keytar = await loadKeytar();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new KeychainUnavailableError(noAnswer(request.op, timeoutMs)));
    }, timeoutMs);
    // The timer alone must not keep a process alive. (keytar's own call cannot be
    // cancelled: it keeps a libuv thread until the D-Bus peer answers or goes away.)
    timer.unref();
  });
  try {
    return await Promise.race([run(keytar), timeout]);
  } catch (error) {
    if (error instanceof KeychainUnavailableError) throw error;
    throw new KeychainUnavailableError(describe(error));
  } finally {
    clearTimeout(timer);
  }
}

function checkAccount(account: string): void {
  if (account.length === 0 || account.length > 256) {
    throw new RangeError('A keychain account name must be 1 to 256 characters.');
  }
}

/** The OS keychain through keytar: Secret Service on Linux, Keychain on macOS, Credential Vault on Windows. */
export function osKeychain(service = 'Twofold', options: OsKeychainOptions = {}): Keychain {
  const timeoutMs = options.timeoutMs ?? 20_000;
  return {
    async get(account) {
      checkAccount(account);
      return call(timeoutMs, { op: 'get', service, account }, (keytar) =>
        keytar.getPassword(service, account),
      );
    },
    async set(account, secret) {
      checkAccount(account);
      await call(timeoutMs, { op: 'set', service, account, secret }, (keytar) =>
        keytar.setPassword(service, account, secret),
      );
    },
    async delete(account) {
      checkAccount(account);
      return call(timeoutMs, { op: 'delete', service, account }, (keytar) =>
        keytar.deletePassword(service, account),
      );
    },
  };
}
