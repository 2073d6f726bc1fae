import type { Section } from './listModel';
import { AccountRow, type RowActions } from './AccountRow';
import type { CodeMap } from './useCodes';
import './AccountList.css';

interface AccountListProps {
  sections: readonly Section[];
  codes: CodeMap;
  actions: RowActions;
}

/** The accounts, under group headers when any account has a group. */
export function AccountList({ sections, codes, actions }: AccountListProps): React.JSX.Element {
  const headed = sections.some((section) => section.group !== '');
  return (
    <div className="account-list">
      <p id="codes-row-help" className="visually-hidden">
        Press Enter to copy the code. Alt+Up Arrow or Alt+Down Arrow moves the account.
      </p>
      {sections.map((section) => (
        <section key={section.group} aria-label={headed ? section.group || 'No group' : 'Accounts'}>
          {headed ? <h2 className="account-list__group">{section.group || 'No group'}</h2> : null}
          <ul className="account-list__rows">
            {section.entries.map((entry) => (
              <AccountRow key={entry.id} entry={entry} code={codes.get(entry.id)} actions={actions} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
