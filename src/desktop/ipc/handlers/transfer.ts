import { confirmationOf, exporterFor } from '../../export/exporters';
import { writeExport } from '../../export/write';
import { commitImport, planImport, readImportFiles, unknownIndices } from '../../import/flow';
import { IMPORT_FORMATS } from '../../import/registry';
import type { ImportInput } from '../../import/types';
import type { DesktopServices } from '../../services/desktop-services';
import { PersonFacingError, words } from '../../../shared/person-facing-error';
import type { FeatureHandlers } from '../handler-types';

export const transferHandlers = {
  importFormats: () => IMPORT_FORMATS.map(({ id, label, help }) => ({ id, label, help })),

  async importOpen(s, { files, text, scanId, password }) {
    const inputs: ImportInput[] = files.map(({ name, data }) => ({
      bytes: data,
      ...(name !== undefined ? { fileName: name } : {}),
    }));
    if (text !== undefined && text.trim() !== '')
      inputs.push({ bytes: new TextEncoder().encode(text), fileName: 'pasted text' });
    if (scanId !== undefined) {
      const links = s.scannedExports.get(scanId);
      if (links === undefined)
        throw new PersonFacingError('SCAN_EXPIRED', words('vault.transfer.scanExpired'));
      inputs.push({ bytes: new TextEncoder().encode(links.join('\n')), fileName: 'the scanned QR code' });
    }
    if (inputs.length === 0)
      throw new PersonFacingError('NOTHING_TO_IMPORT', words('vault.transfer.nothingToImport'));
    // Off the main process (a worker derives the key), and stoppable from the dialog's Cancel.
    const signal = s.imports.startReading();
    let found;
    try {
      found = await readImportFiles(inputs, { ...(password !== undefined ? { password } : {}), signal });
    } finally {
      s.imports.doneReading(signal);
    }
    const plan = planImport(found, s.vaults.current().exportEntries());
    return {
      importId: s.imports.hold(plan),
      formats: [...found.formats],
      entries: plan.preview,
      unreadable: [...found.failures],
      warnings: [...found.warnings],
    };
  },

  async importCommit(s, { importId, onDuplicate, choices, selected }) {
    const plan = s.imports.get(importId);
    if (plan === undefined)
      throw new PersonFacingError('IMPORT_EXPIRED', words('vault.transfer.importExpired'));
    // Only the plan knows its rows: a row it does not have is refused, not quietly left out.
    if (unknownIndices(plan, [...(selected ?? []), ...choices.map(({ index }) => index)]).length > 0)
      throw new PersonFacingError('UNKNOWN_ENTRY', words('vault.transfer.unknownEntry'));
    const summary = await commitImport(s.vaults.current(), plan, {
      onDuplicate,
      perEntry: new Map(choices.map(({ index, choice }) => [index, choice])),
      ...(selected !== undefined ? { selected: new Set(selected) } : {}),
    });
    s.imports.drop(importId);
    if (summary.imported > 0) s.events.emit('entries.changed', { reason: 'added' });
    const { imported, replaced, skipped, unreadable } = summary;
    return { imported, replaced, skipped, unreadable: [...unreadable] };
  },

  importStop(s) {
    s.imports.stopReading();
    return { done: true as const };
  },

  importCancel(s, { importId }) {
    s.imports.drop(importId);
    return { done: true as const };
  },

  async export(s, { format, password, unencryptedConfirmed }) {
    const exporter = exporterFor(format);
    const list = s.vaults.current().exportEntries();
    if (list.length === 0) throw new PersonFacingError('EMPTY_VAULT', words('vault.transfer.emptyVault'));
    if (confirmationOf(exporter, list.length).unencrypted && unencryptedConfirmed !== true)
      throw new PersonFacingError('NOT_CONFIRMED', words('vault.transfer.notConfirmed'));
    const result = await exporter.build(list, password);
    const links = result.links ?? [];
    // A format of several files (QR codes) is shown in the window one by one, not saved.
    const out = exporter.folder
      ? null
      : await s.chooseLocation({ kind: 'file', suggestedName: exporter.defaultName });
    const paths = out === null ? [] : await writeExport(exporter, result, out);
    return { count: result.count, paths, left: result.left, links };
  },

  backupSettings: (s) => s.backups.state(),

  async updateBackupSettings(s, { chooseFolder, ...patch }) {
    let folder: string | undefined;
    if (chooseFolder === true) {
      const chosen = await s.chooseLocation({ kind: 'folder', suggestedName: 'backups' });
      if (chosen === null) return s.backups.state();
      folder = chosen;
    }
    const state = await s.backups.update({ ...patch, ...(folder !== undefined ? { folder } : {}) });
    // A new password: the newest backup is made with it at once, so it is the one the person knows.
    if (patch.password !== undefined && state.enabled && s.vaults.status().state === 'ready') {
      await s.backups.backupNow(() => s.vaults.current().exportEntries());
      return s.backups.state();
    }
    return state;
  },

  async backupNow(s) {
    return { path: await s.backups.backupNow(() => s.vaults.current().exportEntries()) };
  },

  verifyBackup: (s) => s.backups.verify(() => s.vaults.current().exportEntries()),

  answerBackupReminder: (s, { password }) =>
    s.backups.answerReminder(password, () => s.vaults.current().exportEntries()),
} satisfies FeatureHandlers<'transfer', DesktopServices>;
