import { useId, useState } from 'react';
import { messageOf } from '../../api/client';
import { FormError } from '../../components/FormError';
import { useConsoleCall } from './session';
import { useLeaveGuard } from '../../app/navigation';
import { useT } from '../../i18n';

/**
 * Recovery codes, shown once, with the ways to keep them: Copy and Save as text file go
 * through main (which holds the codes the server sent), Print prints this sheet only, and
 * Done stays off until "I have saved them" is ticked.
 */
export function RecoveryCodesSheet({
  codes,
  onDone,
}: {
  codes: readonly string[];
  onDone: () => void;
}): React.JSX.Element {
  const t = useT();
  const consoleCall = useConsoleCall();
  const [saved, setSaved] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const why = useId();
  // Until "I have saved them": leaving the tab, the view or the window asks first.
  useLeaveGuard(
    saved
      ? null
      : {
          title: t('helpdesk.recovery.leaveTitle'),
          message: t('helpdesk.recovery.leaveMessage'),
        },
  );

  const keep = async (how: () => Promise<string | null>): Promise<void> => {
    setError(null);
    setStatus(null);
    try {
      setStatus(await how());
    } catch (caught) {
      setError(messageOf(caught));
    }
  };
  const copy = () =>
    keep(async () => {
      const { clearsInSeconds } = await consoleCall('helpdesk.copyRecoveryCodes');
      return t('helpdesk.recovery.copied', { count: codes.length, seconds: clearsInSeconds });
    });
  const save = () =>
    keep(async () => {
      const { path } = await consoleCall('helpdesk.saveRecoveryCodes');
      return path === null ? null : t('helpdesk.recovery.saved', { path });
    });
  const done = () =>
    keep(async () => {
      await consoleCall('helpdesk.forgetRecoveryCodes');
      onDone();
      return null;
    });

  return (
    <div className="helpdesk-recovery-sheet">
      <p>{t('helpdesk.recovery.intro')}</p>
      <ol className="helpdesk-recovery" aria-label={t('helpdesk.me.recoveryTitle')} translate="no" dir="ltr">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
      <div className="form__actions helpdesk-recovery-sheet__keep">
        <button type="button" className="button" onClick={() => void copy()}>
          {t('common.action.copy')}
        </button>
        <button type="button" className="button" onClick={() => void save()}>
          {t('helpdesk.recovery.save')}
        </button>
        <button type="button" className="button" onClick={() => window.print()}>
          {t('helpdesk.recovery.print')}
        </button>
      </div>
      <p role="status" className="helpdesk-recovery-sheet__status">
        {status}
      </p>
      <FormError message={error} />
      <div className="helpdesk-recovery-sheet__done">
        <label className="settings__toggle">
          <input type="checkbox" checked={saved} onChange={(event) => setSaved(event.target.checked)} />
          <span>{t('helpdesk.recovery.savedThem')}</span>
        </label>
        {saved ? null : (
          <p id={why} className="field__hint">
            {t('helpdesk.recovery.tickHint')}
          </p>
        )}
        <div className="form__actions">
          <button
            type="button"
            className="button button--primary"
            disabled={!saved}
            aria-describedby={saved ? undefined : why}
            onClick={() => void done()}
          >
            {t('common.action.done')}
          </button>
        </div>
      </div>
    </div>
  );
}
