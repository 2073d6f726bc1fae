import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, call, messageOf } from '../../api/client';
import type { ImportPreview, ImportPreviewEntry } from '../../../../shared/ipc/channels/transfer';
import { Dialog } from '../../components/Dialog';
import { FormError } from '../../components/FormError';
import { TextField } from '../../components/TextField';
import { useToast } from '../../components/toast';
import { useRichT, useT } from '../../i18n';
import type { MessageId } from '../../../../shared/i18n';
import './transfer.css';

/** What the person gave to import: files (opened, dropped, pasted) or pasted text. */
export interface ImportRequest {
  readonly files: readonly { name: string; data: Uint8Array<ArrayBuffer> }[];
  readonly text?: string;
  /** A Google Authenticator export a scan found: main holds it under this id. */
  readonly scanId?: string;
}

type Choice = 'skip' | 'keep-both' | 'replace';
const CHOICES: readonly { value: Choice; label: MessageId }[] = [
  { value: 'skip', label: 'settings.import.choice.skip' },
  { value: 'keep-both', label: 'settings.import.choice.keepBoth' },
  { value: 'replace', label: 'settings.import.choice.replace' },
];

const KIND: Partial<Record<string, MessageId>> = {
  totp: 'settings.import.kind.totp',
  hotp: 'settings.import.kind.hotp',
  steam: 'settings.import.kind.steam',
};

const PASSWORD_CODES = new Set(['PASSWORD_REQUIRED', 'WRONG_PASSWORD']);

/**
 * The import flow's window side: main reads and decrypts the files and sends a
 * preview (names and kinds, never secrets); the person picks what to do with
 * duplicates; one call then writes everything at once.
 */
export function ImportDialog({
  request,
  onClose,
  onImported,
}: {
  request: ImportRequest;
  onClose: () => void;
  onImported: () => void;
}): React.JSX.Element {
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [needsPassword, setNeedsPassword] = useState(false);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(true);
  const [forAll, setForAll] = useState<Choice>('skip');
  const [perEntry, setPerEntry] = useState<ReadonlyMap<number, Choice>>(new Map());
  // New accounts the person unticked; a duplicate's tick is its choice (unticked = Skip).
  const [unticked, setUnticked] = useState<ReadonlySet<number>>(new Set());
  const toast = useToast();
  const t = useT();
  const richT = useRichT();
  const importId = useRef<string | null>(null);

  const open = useCallback(
    (given?: string) =>
      call('transfer.importOpen', {
        files: request.files.map(({ name, data }) => ({ name, data })),
        ...(request.text !== undefined ? { text: request.text } : {}),
        ...(request.scanId !== undefined ? { scanId: request.scanId } : {}),
        ...(given !== undefined ? { password: given } : {}),
      })
        .then((found) => {
          importId.current = found.importId;
          setError(null);
          setPreview(found);
          setNeedsPassword(false);
        })
        .catch((caught: unknown) => {
          if (caught instanceof ApiError && caught.code === 'CANCELLED') return;
          if (caught instanceof ApiError && PASSWORD_CODES.has(caught.code)) setNeedsPassword(true);
          setError(messageOf(caught));
        })
        .finally(() => setBusy(false)),
    [request],
  );

  useEffect(() => {
    void open();
  }, [open]);

  const close = (): void => {
    if (importId.current !== null)
      void call('transfer.importCancel', { importId: importId.current }).catch(() => undefined);
    // Still reading (unlocking an Ente Auth export takes seconds): stop its key derivation too.
    else if (busy) void call('transfer.importStop').catch(() => undefined);
    onClose();
  };

  const unlock = (event: FormEvent): void => {
    event.preventDefault();
    if (password === '') return;
    setBusy(true);
    setError(null);
    void open(password);
  };

  const commit = (): void => {
    if (preview === null) return;
    setBusy(true);
    call('transfer.importCommit', {
      importId: preview.importId,
      onDuplicate: forAll,
      choices: [...perEntry].map(([index, choice]) => ({ index, choice })),
      selected: preview.entries.filter(isTicked).map((entry) => entry.index),
    })
      .then((summary) => {
        importId.current = null;
        toast({
          message:
            summary.skipped.length > 0
              ? t('settings.import.doneSkipped', {
                  count: summary.imported,
                  skipped: summary.skipped.length,
                })
              : t('settings.import.done', { count: summary.imported }),
        });
        onImported();
        onClose();
      })
      .catch((caught: unknown) => setError(messageOf(caught)))
      .finally(() => setBusy(false));
  };

  const duplicates = preview?.entries.filter((entry) => entry.duplicateOf !== null) ?? [];
  const choiceOf = (index: number): Choice => perEntry.get(index) ?? forAll;
  function isTicked(entry: ImportPreviewEntry): boolean {
    return entry.duplicateOf === null ? !unticked.has(entry.index) : choiceOf(entry.index) !== 'skip';
  }
  const willImport = preview === null ? 0 : preview.entries.filter(isTicked).length;
  // Ticking a duplicate keeps both, unless "for all of them" says Replace.
  const tickedChoice: Choice = forAll === 'skip' ? 'keep-both' : forAll;
  const tick = (entry: ImportPreviewEntry, on: boolean): void => {
    if (entry.duplicateOf === null) {
      const next = new Set(unticked);
      if (on) next.delete(entry.index);
      else next.add(entry.index);
      setUnticked(next);
    } else setPerEntry(new Map(perEntry).set(entry.index, on ? tickedChoice : 'skip'));
  };
  const tickAll = (on: boolean): void => {
    if (preview === null) return;
    setUnticked(
      on ? new Set() : new Set(preview.entries.filter((e) => e.duplicateOf === null).map((e) => e.index)),
    );
    setPerEntry(new Map(duplicates.map((entry) => [entry.index, on ? tickedChoice : 'skip'])));
  };
  const nameOf = (entry: ImportPreviewEntry): string =>
    [entry.issuer, entry.account].filter((part) => part !== '').join(' — ') ||
    t('settings.import.thisAccount');

  return (
    <Dialog
      title={t('settings.import.title')}
      size="large"
      onClose={close}
      actions={
        <>
          <button type="button" className="button" onClick={close}>
            {t('common.action.cancel')}
          </button>
          {preview !== null ? (
            <button
              type="button"
              className="button button--primary"
              disabled={busy || willImport === 0}
              onClick={commit}
            >
              {t('settings.import.submit', { count: willImport })}
            </button>
          ) : null}
        </>
      }
    >
      {needsPassword && preview === null ? (
        <form className="form" onSubmit={unlock} aria-label={t('settings.import.passwordForm')}>
          <TextField label={t('settings.import.password')} value={password} onChange={setPassword} secret />
          <div>
            <button type="submit" className="button button--primary" disabled={busy || password === ''}>
              {t('settings.import.open')}
            </button>
          </div>
        </form>
      ) : null}
      <FormError message={error} />
      {preview === null && !needsPassword && error === null ? (
        <p aria-live="polite">{t('settings.import.reading')}</p>
      ) : null}
      {preview === null && needsPassword && busy ? (
        <p aria-live="polite">{t('settings.import.unlocking')}</p>
      ) : null}
      {preview !== null ? (
        <div className="import-preview">
          {preview.warnings.map((warning) => (
            <p key={warning} className="field__hint">
              {warning}
            </p>
          ))}
          {duplicates.length > 0 ? (
            <label className="field import-preview__all">
              <span className="field__label">
                {t('settings.import.duplicates', { count: duplicates.length })}
              </span>
              <select
                className="input"
                value={forAll}
                onChange={(event) => {
                  setForAll(event.target.value as Choice);
                  setPerEntry(new Map());
                }}
              >
                {CHOICES.map(({ value, label }) => (
                  <option key={value} value={value}>
                    {t(label)}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <div className="import-preview__select" role="group" aria-label={t('settings.import.choose')}>
            <button type="button" className="button" onClick={() => tickAll(true)}>
              {t('settings.import.selectAll')}
            </button>
            <button type="button" className="button" onClick={() => tickAll(false)}>
              {t('settings.import.selectNone')}
            </button>
          </div>
          <table className="import-preview__table">
            <caption>{t('settings.import.found', { count: preview.entries.length })}</caption>
            <thead>
              <tr>
                <th scope="col">
                  <span className="visually-hidden">{t('settings.import.column.import')}</span>
                </th>
                <th scope="col">{t('settings.import.column.issuer')}</th>
                <th scope="col">{t('settings.import.column.account')}</th>
                <th scope="col">{t('settings.import.column.type')}</th>
                <th scope="col">{t('settings.import.column.duplicate')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.entries.map((entry) => {
                const kind = KIND[entry.type];
                return (
                  <tr key={entry.index}>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={t('settings.import.tick', { name: nameOf(entry) })}
                        checked={isTicked(entry)}
                        onChange={(event) => tick(entry, event.target.checked)}
                      />
                    </td>
                    <td translate="no">{entry.issuer || '—'}</td>
                    <td translate="no" dir={entry.account ? 'ltr' : undefined}>
                      {entry.account || '—'}
                    </td>
                    <td>{kind === undefined ? entry.type : t(kind)}</td>
                    <td>
                      {entry.duplicateOf === null ? (
                        t('settings.import.notDuplicate')
                      ) : (
                        <select
                          className="input"
                          aria-label={t('settings.import.duplicateChoice', {
                            name: entry.issuer || entry.account,
                          })}
                          value={choiceOf(entry.index)}
                          onChange={(event) =>
                            setPerEntry(new Map(perEntry).set(entry.index, event.target.value as Choice))
                          }
                        >
                          {CHOICES.map(({ value, label }) => (
                            <option key={value} value={value}>
                              {t(label)}
                            </option>
                          ))}
                        </select>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {preview.unreadable.length > 0 ? (
            <div className="import-preview__unreadable">
              <h3>{t('settings.import.unreadable', { count: preview.unreadable.length })}</h3>
              <ul>
                {preview.unreadable.map((failure, index) => (
                  <li key={index}>
                    {richT('settings.import.unreadableLine', {
                      label: failure.label,
                      reason: failure.reason,
                      b: (chunks) => <strong translate="no">{chunks}</strong>,
                    })}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </div>
      ) : null}
    </Dialog>
  );
}
