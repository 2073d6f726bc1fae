import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, call, messageOf } from '../../api/client';
import type { ImportPreview, ImportPreviewEntry } from '../../../../shared/ipc/channels/transfer';
import { Dialog } from '../../components/Dialog';
import { FormError } from '../../components/FormError';
import { TextField } from '../../components/TextField';
import { useToast } from '../../components/toast';
import './transfer.css';

/** What the person gave to import: files (opened, dropped, pasted) or pasted text. */
export interface ImportRequest {
  readonly files: readonly { name: string; data: Uint8Array<ArrayBuffer> }[];
  readonly text?: string;
  /** A Google Authenticator export a scan found: main holds it under this id. */
  readonly scanId?: string;
}

type Choice = 'skip' | 'keep-both' | 'replace';
const CHOICES: readonly { value: Choice; label: string }[] = [
  { value: 'skip', label: 'Skip' },
  { value: 'keep-both', label: 'Keep both' },
  { value: 'replace', label: 'Replace' },
];

const KIND: Record<string, string> = { totp: 'Time-based', hotp: 'Counter-based', steam: 'Steam Guard' };

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
        const skipped = summary.skipped.length > 0 ? `, ${summary.skipped.length} skipped` : '';
        toast({
          message: `Imported ${summary.imported} ${summary.imported === 1 ? 'account' : 'accounts'}${skipped}`,
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
    [entry.issuer, entry.account].filter((part) => part !== '').join(' — ') || 'this account';

  return (
    <Dialog
      title="Import accounts"
      size="large"
      onClose={close}
      actions={
        <>
          <button type="button" className="button" onClick={close}>
            Cancel
          </button>
          {preview !== null ? (
            <button
              type="button"
              className="button button--primary"
              disabled={busy || willImport === 0}
              onClick={commit}
            >
              Import {willImport} {willImport === 1 ? 'account' : 'accounts'}
            </button>
          ) : null}
        </>
      }
    >
      {needsPassword && preview === null ? (
        <form className="form" onSubmit={unlock} aria-label="Export password">
          <TextField label="Password of the export" value={password} onChange={setPassword} secret />
          <div>
            <button type="submit" className="button button--primary" disabled={busy || password === ''}>
              Open
            </button>
          </div>
        </form>
      ) : null}
      <FormError message={error} />
      {preview === null && !needsPassword && error === null ? <p aria-live="polite">Reading…</p> : null}
      {preview === null && needsPassword && busy ? (
        <p aria-live="polite">Unlocking… This can take several seconds; Cancel stops it.</p>
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
                {duplicates.length === 1 ? '1 account is' : `${duplicates.length} accounts are`} already in
                Twofold. For all of them:
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
                    {label}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <div className="import-preview__select" role="group" aria-label="Choose accounts">
            <button type="button" className="button" onClick={() => tickAll(true)}>
              Select all
            </button>
            <button type="button" className="button" onClick={() => tickAll(false)}>
              Select none
            </button>
          </div>
          <table className="import-preview__table">
            <caption>
              {preview.entries.length} {preview.entries.length === 1 ? 'account' : 'accounts'} found
            </caption>
            <thead>
              <tr>
                <th scope="col">
                  <span className="visually-hidden">Import</span>
                </th>
                <th scope="col">Issuer</th>
                <th scope="col">Account</th>
                <th scope="col">Type</th>
                <th scope="col">Already in Twofold</th>
              </tr>
            </thead>
            <tbody>
              {preview.entries.map((entry) => (
                <tr key={entry.index}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Import ${nameOf(entry)}`}
                      checked={isTicked(entry)}
                      onChange={(event) => tick(entry, event.target.checked)}
                    />
                  </td>
                  <td>{entry.issuer || '—'}</td>
                  <td>{entry.account || '—'}</td>
                  <td>{KIND[entry.type] ?? entry.type}</td>
                  <td>
                    {entry.duplicateOf === null ? (
                      'No'
                    ) : (
                      <select
                        className="input"
                        aria-label={`What to do with ${entry.issuer || entry.account}, already in Twofold`}
                        value={choiceOf(entry.index)}
                        onChange={(event) =>
                          setPerEntry(new Map(perEntry).set(entry.index, event.target.value as Choice))
                        }
                      >
                        {CHOICES.map(({ value, label }) => (
                          <option key={value} value={value}>
                            {label}
                          </option>
                        ))}
                      </select>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {preview.unreadable.length > 0 ? (
            <div className="import-preview__unreadable">
              <h3>
                {preview.unreadable.length === 1
                  ? '1 entry cannot be read'
                  : `${preview.unreadable.length} entries cannot be read`}{' '}
                (the others still import)
              </h3>
              <ul>
                {preview.unreadable.map((failure, index) => (
                  <li key={index}>
                    <strong>{failure.label}</strong>: {failure.reason}
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
