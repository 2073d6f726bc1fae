export * from './driver';
export { HelpdeskError, HELPDESK_ERROR_CODES, isHelpdeskError, type HelpdeskErrorCode } from './errors';
export { adminV1Driver } from './drivers/twofold/admin-v1-driver';
export { DRIVERS, SERVER_KINDS, openDriver, type ServerKind } from './drivers';
export { createTransport, checkServerUrl, type Transport } from './transport';
export { ProfileStore, defaultProfilesPath, profileNameFor, type ServerProfile } from './profiles';
export { CredentialStore } from './credentials';
export { HelpdeskClient, withStepUp, type HelpdeskSession, type SignInInput } from './session';
export { enrollSelf, type EnrollVault, type EnrolledSelf } from './self-enroll';
export { matchVaultEntry, type EntryLabel } from './vault-match';
export { usersCsv, allUsers } from './csv';
export { HelpdeskConsole, type ConsoleVault, type ConsoleState } from './console';
export {
  LocalAuditLog,
  defaultAuditLogPath,
  helpdeskAuditLog,
  type ChainCheck,
  type LocalAction,
  type LogHead,
  type WitnessCheck,
  type WitnessedHead,
} from './audit-log';
export { serverName } from './audited-connection';
export { proofGuard, proofWords } from './proof-guard';
export {
  gated,
  METHOD_CAPABILITY,
  methodsOf,
  offers,
  requireOffered,
  type DriverConnection,
  type GatedMethod,
} from './capability-gate';
export { detectKind } from './drivers';
export {
  parseLifetime,
  SIGN_IN_FACTORS,
  type Approval,
  type GuardedOutcome,
  type PendingAction,
  type Proof,
  type ResetPolicy,
  type ResetPolicyChange,
  type CallerCheckResult,
  type CallerCheckStarted,
  type HelpdeskTools,
  type PolicyChange,
  type PolicyRole,
  type SignIn,
  type SignInFactor,
  type TemporaryCode,
  type TemporaryCodeIssued,
  type TwofaPolicy,
} from './helpdesk-tools';
