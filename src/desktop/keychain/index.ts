export type { Keychain } from './keychain';
export { KeychainUnavailableError } from './errors';
export { keychainCallsInChildProcess, osKeychain, type OsKeychainOptions } from './os-keychain';
