import { useEffect, useId, useRef, useState } from 'react';
import { call, messageOf } from '../../api/client';
import { Badge } from '../codes/Badge';
import { matches } from '../codes/listModel';
import { useEntries } from '../codes/useEntries';
import { useT } from '../../i18n';
import './QuickAccess.css';

/**
 * The Quick access window: type to filter every account, ↑/↓ to choose, Enter copies the code
 * (main computes and copies it; no code or secret comes here) and hides the window, Escape hides it.
 */
export function QuickAccess(): React.JSX.Element {
  const t = useT();
  const { entries, error, reload } = useEntries();
  const [query, setQuery] = useState('');
  const [chosen, setChosen] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();

  // Each time the window comes back, it starts afresh on the current accounts.
  useEffect(() => {
    const onFocus = (): void => {
      setQuery('');
      setChosen(0);
      setProblem(null);
      reload();
      input.current?.focus();
    };
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, [reload]);

  const found = (entries ?? []).filter((entry) => entry.type !== 'hotp' && matches(entry, query));
  const current = found[Math.min(chosen, found.length - 1)];

  const hide = (): void => void call('app.hideQuickAccess').catch(() => undefined);
  const copy = async (id: string): Promise<void> => {
    try {
      await call('codes.copy', { id });
      setQuery('');
      setChosen(0);
      hide();
    } catch (caught) {
      setProblem(messageOf(caught, t));
    }
  };

  const onKeyDown = (event: React.KeyboardEvent): void => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setChosen((index) => Math.max(0, Math.min(found.length - 1, Math.min(index, found.length - 1) + step)));
    } else if (event.key === 'Enter' && current) {
      event.preventDefault();
      void copy(current.id);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      hide();
    }
  };

  const optionId = (id: string): string => `${listId}-${id}`;
  return (
    <main className="quick-access" onKeyDown={onKeyDown}>
      <input
        ref={input}
        className="input quick-access__search"
        type="search"
        role="combobox"
        aria-label={t('codes.quick.find')}
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={current ? optionId(current.id) : undefined}
        placeholder={t('codes.quick.placeholder')}
        autoFocus
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setChosen(0);
        }}
      />
      {error || problem ? (
        <p role="alert" className="quick-access__note">
          {problem ?? error}
        </p>
      ) : null}
      <ul id={listId} role="listbox" aria-label={t('codes.quick.list')} className="quick-access__list">
        {found.map((entry) => (
          <li
            key={entry.id}
            id={optionId(entry.id)}
            role="option"
            aria-selected={entry.id === current?.id}
            className="quick-access__option"
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => void copy(entry.id)}
          >
            <Badge issuer={entry.issuer} account={entry.account} />
            <span className="quick-access__names">
              <span className="quick-access__issuer" translate="no">
                {entry.issuer || entry.account}
              </span>
              {entry.issuer ? (
                <span className="quick-access__account" translate="no" dir="ltr">
                  {entry.account}
                </span>
              ) : null}
            </span>
          </li>
        ))}
      </ul>
      {entries && found.length === 0 ? <p className="quick-access__note">{t('codes.quick.none')}</p> : null}
    </main>
  );
}
