import './EmptyState.css';

/** What to do first, in the seed's three steps. */
export function EmptyState({ onAdd }: { onAdd: () => void }): React.JSX.Element {
  return (
    <section className="empty-state" aria-labelledby="empty-title">
      <h2 id="empty-title">No accounts yet</h2>
      <ol className="empty-state__steps">
        <li>Open your account&apos;s security settings on the website or app you want to protect.</li>
        <li>Choose to enable two-factor authentication.</li>
        <li>Scan the code it shows with Twofold, or paste its link or secret.</li>
      </ol>
      <button type="button" className="button button--primary" onClick={onAdd}>
        Add an account
      </button>
    </section>
  );
}
