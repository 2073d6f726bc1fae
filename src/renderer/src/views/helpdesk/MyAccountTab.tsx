import { useEffect, useState, type FormEvent } from 'react';
import { NotOffered } from './NotOffered';
import { ServerOffers } from './ServerOffers';
import { useCapability, useConsoleCall, useConsoleSession } from './session';
import { FormError } from '../../components/FormError';
import { useSubmission } from '../../components/FormDialog';
import { CurrentPasswordField } from './CurrentPasswordField';
import { useStepUp } from './useStepUp';
import { RecoveryCodesSheet } from './RecoveryCodesSheet';
import { call } from '../../api/client';
import { useNavigation } from '../../app/navigation';
import { useRichT, useT } from '../../i18n';

/** The vault entry that holds a code: enough to name it and show it in Codes. */
interface VaultEntryLabel {
  readonly id: string;
  readonly issuer: string;
  readonly account: string;
}

/** Turns on 2FA for the signed-in admin, straight into this authenticator; recovery codes shown once. */
export function MyAccountTab({ onEnrolled }: { onEnrolled?: () => void }): React.JSX.Element {
  const t = useT();
  const rich = useRichT();
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
  const submission = useSubmission();
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
  const withPassword = (event: FormEvent, run: (input: { password?: string }) => Promise<void>): void => {
    event.preventDefault();
    stepUp.submit(submission, run);
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
      <section className="helpdesk-myaccount" aria-label={t('helpdesk.me.onLabel')}>
        <h2>{t('helpdesk.me.onTitle', { login })}</h2>
        <p>
          {rich('helpdesk.me.holdsCode', {
            issuer: result.entry.issuer,
            account: result.entry.account,
            b: (chunks) => <strong translate="no">{chunks}</strong>,
          })}
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
      <section className="helpdesk-myaccount" aria-label={t('helpdesk.me.newCodesLabel')}>
        <h2>{t('helpdesk.me.newCodesTitle', { login })}</h2>
        <p>{t('helpdesk.me.oldCodesGone')}</p>
        <RecoveryCodesSheet codes={newCodes} onDone={() => setNewCodes(null)} />
      </section>
    );
  }

  if (alreadyOn) {
    return (
      <section className="helpdesk-myaccount" aria-label={t('helpdesk.me.label')}>
        <h2>{t('helpdesk.me.title', { login })}</h2>
        {mine ? (
          <p>
            {rich('helpdesk.me.onHere', {
              login,
              profile,
              issuer: mine.issuer,
              account: mine.account,
              b: (chunks) => <strong translate="no">{chunks}</strong>,
            })}{' '}
            <button type="button" className="button" onClick={() => go('codes', { entryId: mine.id })}>
              {t('helpdesk.me.showInCodes')}
            </button>
          </p>
        ) : (
          <p>{t('helpdesk.me.onElsewhere', { login, profile })}</p>
        )}
        {newRecoveryCodes.offered ? (
          <form className="form" onSubmit={regenerate} aria-label={t('helpdesk.me.generate')}>
            <h3>{t('helpdesk.me.recoveryTitle')}</h3>
            <p>{t('helpdesk.me.recoveryIntro')}</p>
            {stepUp.needed ? (
              <CurrentPasswordField value={stepUp.password} onChange={stepUp.setPassword} />
            ) : null}
            <FormError message={submission.error} />
            <div className="form__actions">
              <button type="submit" className="button" disabled={submission.busy}>
                {t('helpdesk.me.generate')}
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
      <section className="helpdesk-myaccount" aria-label={t('helpdesk.me.label')}>
        <h2>{t('helpdesk.me.title', { login })}</h2>
        <NotOffered what="enrollSelf" why={enrollSelf.why} />
        <ServerOffers />
      </section>
    );
  }

  return (
    <>
      <form className="form helpdesk-myaccount" onSubmit={enable} aria-label={t('helpdesk.me.enableLabel')}>
        <h2>{t('helpdesk.me.title', { login })}</h2>
        <p>{t('helpdesk.me.enableIntro', { profile })}</p>
        {stepUp.needed ? (
          <CurrentPasswordField value={stepUp.password} onChange={stepUp.setPassword} />
        ) : null}
        <FormError message={submission.error} />
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={submission.busy}>
            {t('helpdesk.me.enable')}
          </button>
        </div>
      </form>
      <ServerOffers />
    </>
  );
}
