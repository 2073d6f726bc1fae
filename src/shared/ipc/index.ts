export * from './contract';
export * from './result';
export * from './api';
export * from './channels/schemas';
export { MAX_IMAGE_BYTES, scanResultSchema, type ScanResult } from './channels/scan';
export { CLIPBOARD_CLEAR_CHOICES, LOCK_AFTER_CHOICES, settingsSchema, type Settings } from './channels/app';
export { vaultStatusSchema, type VaultStatus } from './channels/vault';
export type { CodesSnapshot } from './channels/codes';
export { updateStatusSchema, type UpdateStatus } from './channels/updates';
