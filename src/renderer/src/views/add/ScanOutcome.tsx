import { useEffect, useRef } from 'react';
import type { EntryMeta } from '../../../../shared/ipc';
import type { ScanResult } from '../../../../shared/ipc';
import type { ImportRequest } from '../transfer/ImportDialog';
import { CandidateList } from './CandidateList';
import { useT } from '../../i18n';

/** What a scan found: accounts to choose from, a Google Authenticator export to import, and in words the rest. */
export function ScanOutcome({
  result,
  onAdded,
  onImport,
}: {
  result: ScanResult;
  onAdded: (entries: EntryMeta[]) => void;
  /** Opens the import flow with an export the scan found (held in main under its scan id). */
  onImport?: ((request: ImportRequest) => void) | undefined;
}): React.JSX.Element {
  const t = useT();
  const scanId = result.notices.find((notice) => notice.kind === 'migration')?.scanId;
  const importable = onImport !== undefined && scanId !== undefined;
  // An export and nothing else: straight to its preview. Beside accounts to add, the button does it.
  const opened = useRef(false);
  useEffect(() => {
    if (!opened.current && onImport && scanId !== undefined && result.accounts.length === 0) {
      opened.current = true;
      onImport({ files: [], scanId });
    }
  }, [onImport, scanId, result.accounts.length]);
  // A scan that found accounts: focus the first one's checkbox, so Space and Tab act on the result.
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (result.accounts.length > 0) box.current?.querySelector<HTMLElement>('input, button')?.focus();
  }, [result]);
  return (
    <div className="form" aria-live="polite" ref={box}>
      {result.notices.map((notice) => (
        <p key={notice.message} className={notice.kind === 'none' ? 'field__error' : 'field__hint'}>
          {notice.kind === 'migration' && !importable ? t('codes.link.migration') : notice.message}
        </p>
      ))}
      {importable ? (
        <div className="form__actions">
          <button
            type="button"
            className="button button--primary"
            onClick={() => onImport({ files: [], scanId })}
          >
            {t('codes.add.importThese')}
          </button>
        </div>
      ) : null}
      {result.accounts.length > 0 ? <CandidateList accounts={result.accounts} onAdded={onAdded} /> : null}
      {result.accounts.length === 0 && result.notices.length === 0 ? (
        <p className="field__error">{t('codes.scan.none')}</p>
      ) : null}
    </div>
  );
}
