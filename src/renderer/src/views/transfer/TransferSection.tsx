import { useEffect, useRef, useState } from 'react';
import { call, messageOf } from '../../api/client';
import type { BackupSettings, ImportFormatInfo } from '../../../../shared/ipc/channels/transfer';
import { FormError } from '../../components/FormError';
import { TextField } from '../../components/TextField';
import { useToast } from '../../components/toast';
import { EXPORT_FORMAT_IDS, EXPORT_FORMATS } from '../../../../shared/transfer/export-formats';
import { BackupHealth } from './BackupHealth';
import { ExportDialog, type ExportFormat } from './ExportDialog';
import { ImportDialog, type ImportRequest } from './ImportDialog';
import { importRequestOf } from './readFiles';
import './transfer.css';

/** Settings → Import and Export: bring accounts in, take them out, and keep backups. */
export function TransferSection(): React.JSX.Element {
  const [importing, setImporting] = useState<ImportRequest | null>(null);
  const [format, setFormat] = useState<ExportFormat>('aegis');
  const [exporting, setExporting] = useState<{ format: ExportFormat; count: number } | null>(null);
  const [backups, setBackups] = useState<BackupSettings | null>(null);
  const [importFormats, setImportFormats] = useState<readonly ImportFormatInfo[]>([]);
  const [backupPassword, setBackupPassword] = useState('');
  const backupPasswordField = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const toast = useToast();
  const [over, setOver] = useState(false);
  const [chosen, setChosen] = useState<string | null>(null);
  const pick = (files: FileList): void => {
    setChosen([...files].map((file) => file.name).join(', '));
    void importRequestOf(files).then(setImporting);
  };

  useEffect(() => {
    call('transfer.importFormats')
      .then(setImportFormats)
      .catch((caught: unknown) => setError(messageOf(caught)));
    call('transfer.backupSettings')
      .then(setBackups)
      .catch((caught: unknown) => setError(messageOf(caught)));
  }, []);

  const startExport = (): void => {
    call('entries.list')
      .then((list) => {
        if (list.length === 0) setError('The vault is empty; there is nothing to export.');
        else setExporting({ format, count: list.length });
      })
      .catch((caught: unknown) => setError(messageOf(caught)));
  };

  const updateBackups = (patch: Parameters<typeof call<'transfer.updateBackupSettings'>>[1]): void => {
    call('transfer.updateBackupSettings', patch)
      .then((next) => {
        setBackups(next);
        setError(null);
        toast({ message: 'Backup settings saved' });
      })
      .catch((caught: unknown) => setError(messageOf(caught)));
  };

  const backupNow = (): void => {
    call('transfer.backupNow')
      .then(({ path }) => {
        toast({ message: `Backed up to ${path}` });
        // The health line shows the check that followed the write.
        return call('transfer.backupSettings').then(setBackups);
      })
      .catch((caught: unknown) => setError(messageOf(caught)));
  };

  return (
    <section className="settings__section" aria-labelledby="set-transfer">
      <h2 id="set-transfer">Import and Export</h2>
      <div
        className={`field transfer__drop${over ? ' transfer__drop--over' : ''}`}
        onDragOver={(event) => {
          if (!event.dataTransfer.types.includes('Files')) return;
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(event) => {
          setOver(false);
          if (event.dataTransfer.files.length === 0) return;
          event.preventDefault();
          event.stopPropagation();
          pick(event.dataTransfer.files);
        }}
      >
        <span className="field__label" id="set-import-label">
          Import from another authenticator or a Twofold backup
        </span>
        {/* A button rather than the browser's own file control, with the chosen file's name beside it. */}
        <div className="settings__row">
          <label className="button">
            Choose a file…
            <input
              type="file"
              multiple
              className="visually-hidden"
              aria-label="Import from another authenticator or a Twofold backup"
              aria-describedby="set-import-hint"
              onChange={(event) => {
                const files = event.target.files;
                if (files && files.length > 0) pick(files);
                event.target.value = '';
              }}
            />
          </label>
          <span className="field__hint" data-testid="import-chosen">
            {chosen ?? 'or drop it here'}
          </span>
        </div>
        <span id="set-import-hint" className="field__hint settings__hint">
          {importFormats.map((known) => known.label).join(', ')}. You see every account before anything is
          added.
        </span>
        {/* The importers' own list (main's registry), each with where that app keeps its export. */}
        <details className="transfer__formats">
          <summary>Where to find the export in each app</summary>
          <dl data-testid="import-formats">
            {importFormats.map((known) => (
              <div key={known.id}>
                <dt>{known.label}</dt>
                <dd>{known.help}</dd>
              </div>
            ))}
          </dl>
        </details>
      </div>
      <div className="field">
        <label className="field__label" htmlFor="set-export-format">
          Export every account as
        </label>
        <div className="settings__row">
          <select
            id="set-export-format"
            className="input settings__select"
            value={format}
            onChange={(event) => setFormat(event.target.value as ExportFormat)}
          >
            {EXPORT_FORMAT_IDS.map((key) => (
              <option key={key} value={key}>
                {EXPORT_FORMATS[key].title}
              </option>
            ))}
          </select>
          <button type="button" className="button" onClick={startExport}>
            Export…
          </button>
        </div>
      </div>
      <h3>Backups</h3>
      {backups ? (
        <>
          <p className="field__hint">
            Encrypted with a backup password (not the keychain), so a backup opens on another computer.
            Restore one with Import above. Folder: {backups.folder}
          </p>
          {backups.problem ? <p className="field__error">{backups.problem}</p> : null}
          <BackupHealth
            backups={backups}
            onChange={setBackups}
            onChangePassword={() => backupPasswordField.current?.focus()}
            onError={setError}
          />
          <label className="settings__toggle">
            <input
              type="checkbox"
              checked={backups.enabled}
              onChange={(event) => updateBackups({ enabled: event.target.checked })}
            />
            <span>Back up automatically after each change</span>
          </label>
          <div className="settings__row">
            <label className="field__label" htmlFor="set-backup-keep">
              Keep the last
            </label>
            <select
              id="set-backup-keep"
              className="input settings__select"
              value={backups.keep}
              onChange={(event) => updateBackups({ keep: Number(event.target.value) })}
            >
              {[3, 5, 10, 20, 50].map((keep) => (
                <option key={keep} value={keep}>
                  {keep} backups
                </option>
              ))}
            </select>
            <button type="button" className="button" onClick={() => updateBackups({ chooseFolder: true })}>
              Choose folder…
            </button>
          </div>
          <form
            className="form settings__form"
            aria-label="Backup password"
            onSubmit={(event) => {
              event.preventDefault();
              if (backupPassword.length < 8) return;
              updateBackups({ password: backupPassword });
              setBackupPassword('');
            }}
          >
            <TextField
              label={backups.hasPassword ? 'New backup password' : 'Backup password'}
              value={backupPassword}
              onChange={setBackupPassword}
              inputRef={backupPasswordField}
              error={
                backupPassword !== '' && backupPassword.length < 8 ? 'Use at least 8 characters.' : undefined
              }
              secret
            />
            <div className="settings__row">
              <button type="submit" className="button" disabled={backupPassword.length < 8}>
                Set backup password
              </button>
              <button type="button" className="button" disabled={!backups.hasPassword} onClick={backupNow}>
                Back up now
              </button>
            </div>
          </form>
        </>
      ) : null}
      <FormError message={error} />
      {importing ? (
        <ImportDialog request={importing} onClose={() => setImporting(null)} onImported={() => undefined} />
      ) : null}
      {exporting ? (
        <ExportDialog format={exporting.format} count={exporting.count} onClose={() => setExporting(null)} />
      ) : null}
    </section>
  );
}
