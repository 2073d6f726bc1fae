import type { EntryMeta } from '../../../../shared/ipc';
import type { ScanResult } from '../../../../shared/ipc';
import { CandidateList } from './CandidateList';
import { MIGRATION_MESSAGE } from './linkCheck';

/** What a scan found: accounts to choose from, and in words what else was there. */
export function ScanOutcome({
  result,
  onAdded,
}: {
  result: ScanResult;
  onAdded: (entries: EntryMeta[]) => void;
}): React.JSX.Element {
  return (
    <div className="form" aria-live="polite">
      {result.notices.map((notice) => (
        <p key={notice.message} className={notice.kind === 'none' ? 'field__error' : 'field__hint'}>
          {notice.kind === 'migration' ? MIGRATION_MESSAGE : notice.message}
        </p>
      ))}
      {result.accounts.length > 0 ? <CandidateList accounts={result.accounts} onAdded={onAdded} /> : null}
      {result.accounts.length === 0 && result.notices.length === 0 ? (
        <p className="field__error">
          No QR code was found. Make sure the whole code is visible and try again.
        </p>
      ) : null}
    </div>
  );
}
