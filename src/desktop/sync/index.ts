export { FolderSync, SNAPSHOT_EVERY, type SyncDevice, type SyncReport, type SyncStatus } from './folder-sync';
export { SyncError, type SyncErrorCode } from './errors';
export type { Notice } from './local-state';
