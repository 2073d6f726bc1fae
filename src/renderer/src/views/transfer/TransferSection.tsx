import { useEffect, useRef, useState } from 'react';
import { useIntl } from 'react-intl';
import { call, messageOf } from '../../api/client';
import type { BackupSettings, ImportFormatInfo } from '../../../../shared/ipc/channels/transfer';
import { FormError } from '../../components/FormError';
import { TextField } from '../../components/TextField';
import { useToast } from '../../components/toast';
import { EXPORT_FORMAT_IDS } from '../../../../shared/transfer/export-formats';
import { BackupHealth } from './BackupHealth';
import { EXPORT_FORMAT_MESSAGES, ExportDialog, type ExportFormat } from './ExportDialog';
import { ImportDialog, type ImportRequest } from './ImportDialog';
import { importRequestOf } from './readFiles';
import { dataChunks } from './richData';
import { useRichT, useT } from '../../i18n';
import './transfer.css';
import { importHelp } from './importHelp';

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
  const t = useT();
  const richT = useRichT();
  const intl = useIntl();
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
        if (list.length === 0) setError(t('settings.export.empty'));
        else setExporting({ format, count: list.length });
      })
      .catch((caught: unknown) => setError(messageOf(caught)));
  };

  const updateBackups = (patch: Parameters<typeof call<'transfer.updateBackupSettings'>>[1]): void => {
    call('transfer.updateBackupSettings', patch)
      .then((next) => {
        setBackups(next);
        setError(null);
        toast({ message: t('settings.backup.saved') });
      })
      .catch((caught: unknown) => setError(messageOf(caught)));
  };

  const backupNow = (): void => {
    call('transfer.backupNow')
      .then(({ path }) => {
        toast({ message: t('settings.backup.done', { path }) });
        // The health line shows the check that followed the write.
        return call('transfer.backupSettings').then(setBackups);
      })
      .catch((caught: unknown) => setError(messageOf(caught)));
  };

  return (
    <section className="settings__section" aria-labelledby="set-transfer">
      <h2 id="set-transfer">{t('settings.transfer.title')}</h2>
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
          {t('settings.import.label')}
        </span>
        {/* A button rather than the browser's own file control, with the chosen file's name beside it. */}
        <div className="settings__row">
          <label className="button">
            {t('settings.import.chooseFile')}
            <input
              type="file"
              multiple
              className="visually-hidden"
              aria-label={t('settings.import.label')}
              aria-describedby="set-import-hint"
              onChange={(event) => {
                const files = event.target.files;
                if (files && files.length > 0) pick(files);
                event.target.value = '';
              }}
            />
          </label>
          <span className="field__hint" data-testid="import-chosen">
            {chosen === null ? t('settings.import.orDrop') : <span translate="no">{chosen}</span>}
          </span>
        </div>
        <span id="set-import-hint" className="field__hint settings__hint">
          {t('settings.import.formatsHint', {
            formats: intl.formatList(
              importFormats.map((known) => known.label),
              { type: 'unit' },
            ),
          })}
        </span>
        {/* The importers' own list (main's registry), each with where that app keeps its export. */}
        <details className="transfer__formats">
          <summary>{t('settings.import.whereToFind')}</summary>
          <dl data-testid="import-formats">
            {importFormats.map((known) => (
              <div key={known.id}>
                <dt translate="no">{known.label}</dt>
                <dd>{importHelp(known, t)}</dd>
              </div>
            ))}
          </dl>
        </details>
      </div>
      <div className="field">
        <label className="field__label" htmlFor="set-export-format">
          {t('settings.export.label')}
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
                {t(EXPORT_FORMAT_MESSAGES[key].title)}
              </option>
            ))}
          </select>
          <button type="button" className="button" onClick={startExport}>
            {t('settings.export.start')}
          </button>
        </div>
      </div>
      <h3>{t('settings.backup.title')}</h3>
      {backups ? (
        <>
          <p className="field__hint">
            {richT('settings.backup.about', { folder: backups.folder, path: dataChunks })}
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
            <span>{t('settings.backup.automatic')}</span>
          </label>
          <div className="settings__row">
            <label className="field__label" htmlFor="set-backup-keep">
              {t('settings.backup.keep')}
            </label>
            <select
              id="set-backup-keep"
              className="input settings__select"
              value={backups.keep}
              onChange={(event) => updateBackups({ keep: Number(event.target.value) })}
            >
              {[3, 5, 10, 20, 50].map((keep) => (
                <option key={keep} value={keep}>
                  {t('settings.backup.keepCount', { count: keep })}
                </option>
              ))}
            </select>
            <button type="button" className="button" onClick={() => updateBackups({ chooseFolder: true })}>
              {t('settings.backup.chooseFolder')}
            </button>
          </div>
          <form
            className="form settings__form"
            aria-label={t('settings.backup.password')}
            onSubmit={(event) => {
              event.preventDefault();
              if (backupPassword.length < 8) return;
              updateBackups({ password: backupPassword });
              setBackupPassword('');
            }}
          >
            <TextField
              label={backups.hasPassword ? t('settings.backup.newPassword') : t('settings.backup.password')}
              value={backupPassword}
              onChange={setBackupPassword}
              inputRef={backupPasswordField}
              error={
                backupPassword !== '' && backupPassword.length < 8
                  ? t('settings.backup.tooShort', { min: 8 })
                  : undefined
              }
              secret
            />
            <div className="settings__row">
              <button type="submit" className="button" disabled={backupPassword.length < 8}>
                {t('settings.backup.setPassword')}
              </button>
              <button type="button" className="button" disabled={!backups.hasPassword} onClick={backupNow}>
                {t('settings.backup.now')}
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
