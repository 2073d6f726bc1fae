import { useState } from 'react';
import { call, messageOf } from '../../api/client';
import type { EntryMeta, PendingAccount } from '../../../../shared/ipc';
import { FormError } from '../../components/FormError';
import { useTrackOffers } from './pendingTracker';

interface CandidateListProps {
  accounts: readonly PendingAccount[];
  onAdded: (entries: EntryMeta[]) => void;
}

function describe(account: PendingAccount): string {
  const { issuer, account: login } = account.preview;
  return issuer && login ? `${issuer} — ${login}` : issuer || login || 'Unnamed account';
}

/**
 * Accounts found by a scan or offered by an opened link, each with a checkbox:
 * nothing is added until the person confirms. Duplicates start unchecked.
 */
export function CandidateList({ accounts, onAdded }: CandidateListProps): React.JSX.Element {
  const [chosen, setChosen] = useState<ReadonlySet<string>>(
    () => new Set(accounts.filter((a) => a.preview.duplicateOf === null).map((a) => a.pendingId)),
  );
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useTrackOffers(accounts.map((account) => account.pendingId));

  const toggle = (id: string, on: boolean): void => {
    setChosen((previous) => {
      const next = new Set(previous);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  };

  const add = (): void => {
    setBusy(true);
    call('entries.addPending', { pendingIds: [...chosen], allowDuplicate: true })
      .then(({ added, failed }) => {
        if (failed.length > 0) {
          setError(failed.map((f) => f.message).join(' '));
          setBusy(false);
        }
        if (added.length > 0) onAdded(added);
      })
      .catch((caught: unknown) => {
        setError(messageOf(caught));
        setBusy(false);
      });
  };

  return (
    <div className="candidates">
      <fieldset className="candidates__list">
        <legend className="field__label">
          {accounts.length === 1
            ? 'Add this account?'
            : `Found ${accounts.length} accounts — choose which to add`}
        </legend>
        {accounts.map((account) => (
          <label key={account.pendingId} className="candidates__item">
            <input
              type="checkbox"
              checked={chosen.has(account.pendingId)}
              onChange={(event) => toggle(account.pendingId, event.target.checked)}
            />
            <span>
              <strong>{describe(account)}</strong>
              {account.preview.duplicateOf !== null ? (
                <span className="field__hint"> · already in Twofold</span>
              ) : null}
              {account.preview.warnings.map((warning) => (
                <span key={warning} className="field__hint candidates__warning">
                  {warning}
                </span>
              ))}
            </span>
          </label>
        ))}
      </fieldset>
      <FormError message={error} />
      <div className="form__actions">
        <button
          type="button"
          className="button button--primary"
          disabled={chosen.size === 0 || busy}
          onClick={add}
        >
          {chosen.size === 1 ? 'Add 1 account' : `Add ${chosen.size} accounts`}
        </button>
      </div>
    </div>
  );
}
