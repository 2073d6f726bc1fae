export { Vault, type PasswordChange } from './vault';
export { VaultError, type VaultErrorCode } from './errors';
export type { EntryCode, EntryPatch, NewEntry, VaultEntry, VaultEntryMeta, VaultOptions } from './types';
