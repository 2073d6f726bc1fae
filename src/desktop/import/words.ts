// The nouns the import messages name a file and its parts by, each said in the app's language by
// one catalogue message with a `select`: the sentences take them as nested values.
import { words, type PersonFacingMessage } from '../../shared/person-facing-error';

/** What a file is, in "This Aegis vault file is encrypted" (`transfer.file.kind`). */
export type FileKind =
  | 'aegisVault'
  | 'twofasBackup'
  | 'andotpBackup'
  | 'protonExport'
  | 'authenticatorProBackup'
  | 'authySettings'
  | 'authySettingsFile'
  | 'enteExport'
  | 'bitwardenExport'
  | 'bitwardenCsv'
  | 'googleExport'
  | 'linkList';

/** What was being read as JSON or text, as a sentence's subject (`transfer.file.subject`). */
export type Subject =
  | 'file'
  | 'token'
  | 'authyTokenList'
  | 'codeDisplay'
  | 'decryptedVault'
  | 'decryptedTwofasBackup'
  | 'decryptedAndotpBackup'
  | 'decryptedExport'
  | 'decryptedBackup'
  | 'decryptedSecret'
  | 'decryptedEnteExport'
  | 'decryptedBitwardenExport';

/** A part of an encrypted file that is stored as base64 or hexadecimal (`transfer.file.part`). */
export type FilePart =
  | 'slotSalt'
  | 'slotNonce'
  | 'slotKey'
  | 'slotTag'
  | 'vaultNonce'
  | 'vaultDatabase'
  | 'vaultTag'
  | 'encryptedServices'
  | 'encryptedContent'
  | 'encryptedSecret'
  | 'encryptedData'
  | 'salt'
  | 'iv'
  | 'nonce'
  | 'mac'
  | 'sharedSecret';

export const fileKind = (kind: FileKind): PersonFacingMessage => words('transfer.file.kind', { kind });
export const subject = (what: Subject): PersonFacingMessage => words('transfer.file.subject', { what });
export const filePart = (part: FilePart): PersonFacingMessage => words('transfer.file.part', { part });
