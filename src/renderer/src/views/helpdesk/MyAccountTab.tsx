import { useEffect, useState, type FormEvent } from 'react';
import { NotOffered } from './NotOffered';
import { ServerOffers } from './ServerOffers';
import { useCapability, useConsoleCall, useConsoleSession } from './session';
import { FormError } from '../../components/FormError';
import { CurrentPasswordField } from './CurrentPasswordField';
import { useStepUp } from './useStepUp';
import { RecoveryCodesSheet } from './RecoveryCodesSheet';
import { call } from '../../api/client';
import { useNavigation } from '../../app/navigation';

/** The vault entry that holds a code: enough to name it and show it in Codes. */
interface VaultEntryLabel {
  readonly id: string;
  readonly issuer: string;
  readonly account: string;
}

/** Turns on 2FA for the signed-in admin, straight into this authenticator; recovery codes shown once. */
export function MyAccountTab({ onEnrolled }: { onEnrolled?: () => void }): React.JSX.Element {
  const consoleCall = useConsoleCall();
  const { login, profile, url } = useConsoleSession();
  const { go } = useNavigation();
  const stepUp = useStepUp();
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
  // With 2FA on: the vault entry that holds my code here, if this computer has it.
  const [mine, setMine] = useState<VaultEntryLabel | null>(null);
  useEffect(() => {
    if (!alreadyOn) return;
    let live = true;
    call('helpdesk.vaultMatch', { url, login, ...(profile ? { profile } : {}) })
      .then(({ match }) => live && match && setMine(match))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [alreadyOn, url, login, profile]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ entry: VaultEntryLabel; codes: string[] } | null>(null);
  // Recovery codes on screen (new ones, or ones not yet confirmed saved): they come back until saved.
  const [newCodes, setNewCodes] = useState<string[] | null>(null);
  useEffect(() => {
    let live = true;
    consoleCall('helpdesk.recoveryCodesOnScreen')
      .then(({ codes }) => {
        if (live && codes) setNewCodes(codes);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [consoleCall]);
  const enrollSelf = useCapability('enrollSelf');
  const newRecoveryCodes = useCapability('newRecoveryCodes');

  /** A change the server may want the password for: asked up front, and again if it refuses. */
  const withPassword = async (
    event: FormEvent,
    run: (input: { password?: string }) => Promise<void>,
  ): Promise<void> => {
    event.preventDefault();
    setError(null);
    const missing = stepUp.missing();
    if (missing !== null) {
      setError(missing);
      return;
    }
    setBusy(true);
    try {
      await run(stepUp.input());
      stepUp.confirmed();
      stepUp.setPassword('');
    } catch (caught) {
      setError(stepUp.refused(caught));
    } finally {
      setBusy(false);
    }
  };

  const regenerate = (event: FormEvent) =>
    withPassword(event, async (input) => {
      setNewCodes((await consoleCall('helpdesk.newRecoveryCodes', input)).recoveryCodes);
    });

  const enable = (event: FormEvent) =>
    withPassword(event, async (input) => {
      const done = await consoleCall('helpdesk.enrollSelf', input);
      setResult({ entry: done.entry, codes: done.recoveryCodes });
      setMine(done.entry);
      onEnrolled?.();
    });

  if (result) {
    return (
      <section className="helpdesk-myaccount" aria-label="Two-factor authentication is on">
        <h2>Two-factor authentication is on for {login}</h2>
        <p>
          Twofold now holds the code for{' '}
          <strong>
            {result.entry.issuer}: {result.entry.account}
          </strong>{' '}
          in the Codes view; you will need it the next time you sign in.
        </p>
        {result.codes.length > 0 ? (
          <RecoveryCodesSheet
            codes={result.codes}
            onDone={() => {
              setResult(null);
              setNewCodes(null);
              setAlreadyOn(true);
            }}
          />
        ) : null}
      </section>
    );
  }

  if (newCodes) {
    return (
      <section className="helpdesk-myaccount" aria-label="New recovery codes">
        <h2>New recovery codes for {login}</h2>
        <p>The old recovery codes no longer work.</p>
        <RecoveryCodesSheet codes={newCodes} onDone={() => setNewCodes(null)} />
      </section>
    );
  }

  if (alreadyOn) {
    return (
      <section className="helpdesk-myaccount" aria-label="Your account">
        <h2>Your account: {login}</h2>
        {mine ? (
          <p>
            Two-factor authentication is on for {login} on {profile}. Its code is in Twofold&apos;s Codes
            view:{' '}
            <strong>
              {mine.issuer}: {mine.account}
            </strong>
            .{' '}
            <button type="button" className="button" onClick={() => go('codes', { entryId: mine.id })}>
              Show in Codes
            </button>
          </p>
        ) : (
          <p>
            Two-factor authentication is already on for {login} on {profile}, with its code in another
            authenticator. To move it to this computer, turn it off on the server first, then enable it here.
          </p>
        )}
        {newRecoveryCodes.offered ? (
          <form
            className="form"
            onSubmit={(event) => void regenerate(event)}
            aria-label="Generate new recovery codes"
          >
            <h3>Recovery codes</h3>
            <p>Lost or used up your recovery codes? Make new ones: the current codes stop working at once.</p>
            {stepUp.needed ? (
              <CurrentPasswordField value={stepUp.password} onChange={stepUp.setPassword} />
            ) : null}
            <FormError message={error} />
            <div className="form__actions">
              <button type="submit" className="button" disabled={busy}>
                Generate new recovery codes
              </button>
            </div>
          </form>
        ) : null}
        <ServerOffers />
      </section>
    );
  }

  if (!enrollSelf.offered) {
    return (
      <section className="helpdesk-myaccount" aria-label="Your account">
        <h2>Your account: {login}</h2>
        <NotOffered what="enrollSelf" why={enrollSelf.why} />
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
        {stepUp.needed ? (
          <CurrentPasswordField value={stepUp.password} onChange={stepUp.setPassword} />
        ) : null}
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
