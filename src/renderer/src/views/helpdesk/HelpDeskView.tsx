import { ViewHeader } from '../../components/ViewHeader';
import { SearchField } from '../../components/SearchField';
import { useState } from 'react';

/** Placeholder: the help-desk console is built in its own issue, in this folder. */
export function HelpDeskView(): React.JSX.Element {
  const [query, setQuery] = useState('');
  return (
    <>
      <ViewHeader title="Help desk">
        <SearchField label="Search users" value={query} onChange={setQuery} />
      </ViewHeader>
      <section className="placeholder-view">
        <h2>Help desk is coming</h2>
        <p>Connect to your account server to find users, check their two-factor state and unlock accounts.</p>
      </section>
    </>
  );
}
