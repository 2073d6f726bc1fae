import { useState } from 'react';
import { call, messageOf } from '../../api/client';
import type { EntryMeta, PendingAccount } from '../../../../shared/ipc';
import { FormError } from '../../components/FormError';
import { useTrackOffers } from './pendingTracker';
import { useT, type Translate } from '../../i18n';

interface CandidateListProps {
  accounts: readonly PendingAccount[];
  onAdded: (entries: EntryMeta[]) => void;
}

function describe(account: PendingAccount, t: Translate): string {
  const { issuer, account: login } = account.preview;
  return issuer && login
    ? t('codes.candidate.name', { issuer, login })
    : issuer || login || t('codes.candidate.unnamed');
}

/**
 * Accounts found by a scan or offered by an opened link, each with a checkbox:
 * nothing is added until the person confirms. Duplicates start unchecked.
 */
export function CandidateList({ accounts, onAdded }: CandidateListProps): React.JSX.Element {
  const t = useT();
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
        setError(messageOf(caught, t));
        setBusy(false);
      });
  };

  return (
    <div className="candidates">
      <fieldset className="candidates__list">
        <legend className="field__label">
          {accounts.length === 1
            ? t('codes.candidate.confirmOne')
            : t('codes.candidate.chooseMany', { count: accounts.length })}
        </legend>
        {accounts.map((account) => (
          <label key={account.pendingId} className="candidates__item">
            <input
              type="checkbox"
              checked={chosen.has(account.pendingId)}
              onChange={(event) => toggle(account.pendingId, event.target.checked)}
            />
            <span>
              <strong translate="no">{describe(account, t)}</strong>
              {account.preview.duplicateOf !== null ? (
                <span className="field__hint"> {t('codes.candidate.duplicate')}</span>
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
          {t('codes.candidate.add', { count: chosen.size })}
        </button>
      </div>
    </div>
  );
}
