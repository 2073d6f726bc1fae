export type { Keychain } from './keychain';
export { KeychainUnavailableError } from './errors';
export { osKeychain, type OsKeychainOptions } from './os-keychain';
