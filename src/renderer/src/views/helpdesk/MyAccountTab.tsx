import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, messageOf } from '../../api/client';
import { CAPABILITY_LABELS } from '../../../../shared/admin-api/capabilities';
import { NotOffered } from './NotOffered';
import { ServerOffers } from './ServerOffers';
import { useCapability, useConsoleCall, useConsoleSession } from './session';
import { FormError } from '../../components/FormError';
import { CurrentPasswordField } from './CurrentPasswordField';
import { passwordConfirmed, passwordLikelyNeeded } from './stepUp';

/** Turns on 2FA for the signed-in admin, straight into this authenticator; recovery codes shown once. */
export function MyAccountTab({ onEnrolled }: { onEnrolled?: () => void }): React.JSX.Element {
  const consoleCall = useConsoleCall();
  const { login, profile } = useConsoleSession();
  const [password, setPassword] = useState('');
  const [needPassword, setNeedPassword] = useState(() => passwordLikelyNeeded(profile));
  // Whether 2FA is already on for me: then there is nothing to enable.
  const [alreadyOn, setAlreadyOn] = useState<boolean | null>(null);
  useEffect(() => {
    let live = true;
    consoleCall('helpdesk.users', { q: login, pageSize: 100 })
      .then(({ users }) => {
        if (live) setAlreadyOn(users.find((user) => user.login === login)?.twofa.enabled ?? false);
      })
      .catch(() => {
        if (live) setAlreadyOn(false);
      });
    return () => {
      live = false;
    };
  }, [consoleCall, login]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ label: string; codes: string[] } | null>(null);
  const enrollSelf = useCapability('enrollSelf');

  const enable = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (needPassword && password === '') {
        setError('Enter your own password: the server asks for it again before this change.');
        return;
      }
      const done = await consoleCall('helpdesk.enrollSelf', needPassword && password ? { password } : {});
      if (needPassword && password) passwordConfirmed(profile);
      setResult({ label: `${done.entry.issuer}: ${done.entry.account}`, codes: done.recoveryCodes });
      onEnrolled?.();
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'STEP_UP_REQUIRED') {
        setNeedPassword(true);
        setError(needPassword ? caught.message : 'Confirm it is you: enter your own password.');
      } else {
        setError(messageOf(caught));
      }
    } finally {
      setPassword('');
      setBusy(false);
    }
  };

  if (result) {
    return (
      <section className="helpdesk-myaccount" aria-label="Two-factor authentication is on">
        <h2>Two-factor authentication is on for {login}</h2>
        <p>
          Twofold now holds the code for <strong>{result.label}</strong> in the Codes view; you will need it
          the next time you sign in.
        </p>
        {result.codes.length > 0 ? (
          <>
            <p>
              Recovery codes — shown only now. Keep them somewhere safe; each works once if you lose this
              computer.
            </p>
            <ol className="helpdesk-recovery" aria-label="Recovery codes">
              {result.codes.map((code) => (
                <li key={code}>{code}</li>
              ))}
            </ol>
          </>
        ) : null}
      </section>
    );
  }

  if (alreadyOn) {
    return (
      <section className="helpdesk-myaccount" aria-label="Your account">
        <h2>Your account: {login}</h2>
        <p>
          Two-factor authentication is already on for {login} on {profile}. To move it to this computer, turn
          it off on the server first, then enable it here.
        </p>
        <ServerOffers />
      </section>
    );
  }

  if (!enrollSelf.offered) {
    return (
      <section className="helpdesk-myaccount" aria-label="Your account">
        <h2>Your account: {login}</h2>
        <NotOffered what={CAPABILITY_LABELS.enrollSelf} why={enrollSelf.why} />
        <ServerOffers />
      </section>
    );
  }

  return (
    <>
      <form
        className="form helpdesk-myaccount"
        onSubmit={(event) => void enable(event)}
        aria-label="Enable two-factor authentication on my account"
      >
        <h2>Your account: {login}</h2>
        <p>
          Turn on two-factor authentication for your own account on {profile}. Twofold asks the server for a
          new secret, keeps it in this computer&apos;s vault and confirms it with its first code — there is
          nothing to scan.
        </p>
        {needPassword ? <CurrentPasswordField value={password} onChange={setPassword} /> : null}
        <FormError message={error} />
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            Enable two-factor authentication
          </button>
        </div>
      </form>
      <ServerOffers />
    </>
  );
}
