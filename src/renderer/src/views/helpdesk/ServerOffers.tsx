import { useConsoleSession } from './session';

/** Everything the help desk can ask of this server, and for what it cannot, why. */
export function ServerOffers(): React.JSX.Element {
  const { capabilities, profile } = useConsoleSession();
  return (
    <section className="helpdesk-offers" aria-label="What this server offers">
      <h3 className="helpdesk-panel__subtitle">What {profile} offers</h3>
      <ul className="helpdesk-offers__list">
        {capabilities.map((capability) => (
          <li key={capability.name} data-offered={capability.offered}>
            <span aria-hidden="true">{capability.offered ? '✓' : '—'}</span> {capability.label}
            {capability.offered ? null : (
              <span className="helpdesk-muted"> · not offered: {capability.why}</span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
