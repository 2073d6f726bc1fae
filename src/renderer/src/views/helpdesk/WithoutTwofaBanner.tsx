/**
 * Shown above the console for as long as the signed-in admin's own account has no 2FA: the admin API
 * is then one password away, so every sign-in says so and offers the way to turn it on.
 */
export function WithoutTwofaBanner({
  login,
  canEnroll,
  onSetUp,
}: {
  login: string;
  canEnroll: boolean;
  onSetUp: () => void;
}): React.JSX.Element {
  return (
    <section
      className="helpdesk-banner"
      role="region"
      aria-label="Your account has no two-factor authentication"
    >
      <p>
        <strong>Your account {login} has no two-factor authentication.</strong> Anyone who learns its password
        can use the help desk as you.{' '}
        {canEnroll
          ? 'Turn it on here: the secret goes straight into this computer’s vault.'
          : 'Turn it on in your account’s security settings on the server.'}
      </p>
      {canEnroll ? (
        <button type="button" className="button button--primary" onClick={onSetUp}>
          Set up two-factor authentication
        </button>
      ) : null}
    </section>
  );
}
