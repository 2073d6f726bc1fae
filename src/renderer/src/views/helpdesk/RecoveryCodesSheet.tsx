import { countOf } from '../../../../shared/words';
import { useId, useState } from 'react';
import { messageOf } from '../../api/client';
import { FormError } from '../../components/FormError';
import { useConsoleCall } from './session';
import { useLeaveGuard } from '../../app/navigation';

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
          title: 'Leave without saving the recovery codes?',
          message:
            'You have not ticked “I have saved them”. Until you do, the codes come back on My account; once Twofold closes, they are gone for good.',
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
      return `Copied ${countOf(codes.length, 'code')} — the clipboard clears in ${clearsInSeconds} s.`;
    });
  const save = () =>
    keep(async () => {
      const { path } = await consoleCall('helpdesk.saveRecoveryCodes');
      return path === null ? null : `Saved to ${path} (readable by you only).`;
    });
  const done = () =>
    keep(async () => {
      await consoleCall('helpdesk.forgetRecoveryCodes');
      onDone();
      return null;
    });

  return (
    <div className="helpdesk-recovery-sheet">
      <p>
        Recovery codes — shown only now. Keep them somewhere safe; each works once if you lose this computer.
      </p>
      <ol className="helpdesk-recovery" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
      <div className="form__actions helpdesk-recovery-sheet__keep">
        <button type="button" className="button" onClick={() => void copy()}>
          Copy
        </button>
        <button type="button" className="button" onClick={() => void save()}>
          Save as text file
        </button>
        <button type="button" className="button" onClick={() => window.print()}>
          Print
        </button>
      </div>
      <p role="status" className="helpdesk-recovery-sheet__status">
        {status}
      </p>
      <FormError message={error} />
      <div className="helpdesk-recovery-sheet__done">
        <label className="settings__toggle">
          <input type="checkbox" checked={saved} onChange={(event) => setSaved(event.target.checked)} />
          <span>I have saved them</span>
        </label>
        {saved ? null : (
          <p id={why} className="field__hint">
            Tick “I have saved them” to finish: these codes are not shown again.
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
            Done
          </button>
        </div>
      </div>
    </div>
  );
}
