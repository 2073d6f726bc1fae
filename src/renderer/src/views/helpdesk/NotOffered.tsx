/** What the signed-in server does not offer, said before anyone tries it. */
export function NotOffered({ what, why }: { what: string; why: string | null }): React.JSX.Element {
  return (
    <p className="helpdesk-not-offered" role="note">
      <strong>{what}:</strong> this server does not offer this{why ? ` — ${why}` : '.'}
    </p>
  );
}
