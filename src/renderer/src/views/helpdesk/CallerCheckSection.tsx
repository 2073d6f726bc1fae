import { useState, type FormEvent } from 'react';
import { messageOf } from '../../api/client';
import type { AdminUserView } from '../../../../shared/ipc/channels/helpdesk';
import { FormError } from '../../components/FormError';
import type { MessageId } from '../../../../shared/i18n';
import { useT } from '../../i18n';
import { useConsoleCall } from './session';

import type { MatchedCallerCheck } from './ProofField';

export type { MatchedCallerCheck };

const NOT_MATCHED: Record<'wrong' | 'expired' | 'too-many-attempts' | 'unknown', MessageId> = {
  wrong: 'helpdesk.caller.wrong',
  expired: 'helpdesk.caller.expired',
  'too-many-attempts': 'helpdesk.caller.tooMany',
  unknown: 'helpdesk.caller.unknown',
};

/**
 * Verifies the caller out of band before a destructive action: the server emails the user a
 * one-time code, the caller reads it back, the console says whether it matched.
 */
export function CallerCheckSection({
  user,
  onResult,
}: {
  user: AdminUserView;
  /** A matched check (or null when the latest did not match), for the next reset or disable. */
  onResult: (check: MatchedCallerCheck | null) => void;
}): React.JSX.Element {
  const t = useT();
  const consoleCall = useConsoleCall();
  const [sent, setSent] = useState<{ id: number; sentTo: string } | null>(null);
  const [code, setCode] = useState('');
  const [verdict, setVerdict] = useState<{ matched: boolean; text: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const send = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    setVerdict(null);
    onResult(null);
    try {
      const started = await consoleCall('helpdesk.startCallerCheck', { userId: user.id });
      setSent({ id: started.id, sentTo: started.sentTo });
      setCode('');
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };

  const check = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!sent) return;
    setBusy(true);
    setError(null);
    try {
      const answer = await consoleCall('helpdesk.verifyCallerCheck', {
        userId: user.id,
        checkId: sent.id,
        code,
      });
      const matched = answer.result === 'matched';
      setVerdict({
        matched,
        text:
          answer.result === 'matched'
            ? t('helpdesk.caller.matched', { name: user.name })
            : t(NOT_MATCHED[answer.result]),
      });
      onResult(matched ? { id: sent.id, how: 'email' } : null);
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-label={t('helpdesk.caller.title')}>
      <h3 className="helpdesk-panel__subtitle">{t('helpdesk.caller.title')}</h3>
      <p className="helpdesk-muted">{t('helpdesk.caller.intro', { name: user.name })}</p>
      <button type="button" className="button" disabled={busy} onClick={() => void send()}>
        {sent ? t('helpdesk.caller.sendAgain') : t('helpdesk.caller.send')}
      </button>
      {sent ? (
        <form className="form helpdesk-inline-form" noValidate onSubmit={(event) => void check(event)}>
          <p className="helpdesk-muted" role="status">
            {t('helpdesk.caller.sent', { to: sent.sentTo, minutes: 10 })}
          </p>
          <label className="field">
            <span className="field__label">{t('helpdesk.caller.codeLabel')}</span>
            <input
              className="input input--code"
              inputMode="numeric"
              autoComplete="off"
              value={code}
              onChange={(e) => {
                setCode(e.target.value);
                setVerdict(null);
              }}
            />
          </label>
          <button type="submit" className="button button--primary" disabled={busy || code.trim() === ''}>
            {t('helpdesk.caller.check')}
          </button>
        </form>
      ) : null}
      {verdict ? (
        <p
          className={`helpdesk-verdict ${verdict.matched ? 'helpdesk-verdict--ok' : 'helpdesk-verdict--bad'}`}
          role="status"
          data-testid="caller-verdict"
        >
          {verdict.matched ? '✓ ' : '✗ '}
          {verdict.text}
        </p>
      ) : null}
      <FormError message={error} />
    </section>
  );
}
