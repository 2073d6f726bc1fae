import { HELPDESK_MESSAGES } from '../../../../shared/admin-api/messages';
import { useState, type FormEvent } from 'react';
import { callerNearMissSentence } from '../../../../shared/clock-drift';
import { messageOf } from '../../api/client';
import type { AdminUserView, TrustedDeviceView } from '../../../../shared/ipc/channels/helpdesk';
import { Dialog } from '../../components/Dialog';
import { useCapability, useConsoleCall } from './session';
import { ReasonField, useReason } from './ReasonField';
import { useStepUp } from './useStepUp';
import { FormError } from '../../components/FormError';
import { CurrentPasswordField } from './CurrentPasswordField';

/** The caller reads out a code; the server says right or wrong (and counts the attempt). */
export function VerifyCodeDialog({
  user,
  onClose,
  onChecked,
}: {
  user: AdminUserView;
  onClose: () => void;
  onChecked: () => void;
}): React.JSX.Element {
  const consoleCall = useConsoleCall();
  const [code, setCode] = useState('');
  const [answer, setAnswer] = useState<{ valid: boolean; phoneClockOffsetSeconds?: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setAnswer(null);
    try {
      setAnswer(await consoleCall('helpdesk.checkCode', { userId: user.id, code }));
      onChecked();
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={`Verify a code for ${user.name}`}
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
          <button
            type="submit"
            form="verify-code"
            className="button button--primary"
            disabled={busy || code.trim() === ''}
          >
            Check code
          </button>
        </>
      }
    >
      <form id="verify-code" className="form" onSubmit={(event) => void submit(event)}>
        <label className="field">
          <span className="field__label">Code the caller reads out</span>
          <input
            className="input input--code"
            inputMode="numeric"
            autoComplete="off"
            autoFocus
            value={code}
            onChange={(e) => {
              setCode(e.target.value);
              setAnswer(null);
            }}
          />
          <span className="field__hint">
            The server counts every check like a sign-in attempt, and each code works once.
          </span>
        </label>
      </form>
      {answer !== null ? (
        <p
          className={`helpdesk-verdict ${answer.valid ? 'helpdesk-verdict--ok' : 'helpdesk-verdict--bad'}`}
          role="status"
        >
          {answer.valid
            ? `✓ Right code — it is ${user.name}'s authenticator.`
            : answer.phoneClockOffsetSeconds !== undefined
              ? callerNearMissSentence(answer.phoneClockOffsetSeconds)
              : HELPDESK_MESSAGES.callerWrongCode}
        </p>
      ) : null}
      <FormError message={error} />
    </Dialog>
  );
}

const TITLES = {
  disable: 'Disable two-factor authentication',
  reset: 'Reset two-factor authentication',
  unlock: 'Unlock account',
  devices: 'Revoke trusted devices',
  device: 'Revoke a trusted device',
  revokeCode: 'Revoke a temporary code',
} as const;
type ReasonKind = keyof typeof TITLES;

/** Kinds where the server may ask for the admin's password again first (the step-up). */
const STEP_UP: ReadonlySet<ReasonKind> = new Set(['disable', 'reset', 'unlock', 'devices', 'device']);

/** What the dialog acts on besides the user: a device, a temporary code, a caller check that matched. */
export interface ReasonTarget {
  readonly device?: TrustedDeviceView;
  readonly codeId?: number;
  /** A matched caller check; it travels with a reset or disable into the audit record. */
  readonly callerCheckId?: number;
}

/**
 * Disable or reset 2FA, unlock, revoke trusted devices or a temporary code: names the user and the
 * consequence, needs a reason, asks for the admin's password up front when the server wants it.
 */
export function ReasonDialog({
  user,
  kind,
  target = {},
  onClose,
  onDone,
}: {
  user: AdminUserView;
  kind: ReasonKind;
  target?: ReasonTarget;
  onClose: () => void;
  /** The user as they are now; `revoked` is the number of devices revoked (kind "devices" only). */
  onDone: (user: AdminUserView, revoked?: number) => void;
}): React.JSX.Element {
  const consoleCall = useConsoleCall();
  const reason = useReason();
  const stepUp = useStepUp(STEP_UP.has(kind));
  const verifyCaller = useCapability('verifyCaller');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const deviceName = target.device?.name ?? 'this browser';
  const verb = {
    disable: `Disable 2FA for ${user.name}`,
    reset: `Reset 2FA for ${user.name}`,
    unlock: `Unlock ${user.name}`,
    devices: `Revoke ${user.name}'s trusted devices`,
    device: `Revoke ${deviceName}`,
    revokeCode: `Revoke this code of ${user.name}`,
  }[kind];
  const consequence = {
    disable: `${user.name} (${user.login}) will sign in with the password alone until they set up 2FA again. Do this only after checking who is asking.`,
    reset: `${user.name}'s (${user.login}) authenticator and recovery codes stop working now, their sessions and trusted devices end, and their next sign-in with the password must set up a new authenticator before anything else.`,
    unlock: `${user.name} (${user.login}) can try to sign in again at once.`,
    devices: `Every browser where ${user.name} (${user.login}) chose "don't ask again" will ask for the code at the next sign-in.`,
    device: `${deviceName} will ask ${user.name} (${user.login}) for the code at the next sign-in.`,
    revokeCode: `The temporary code stops working at once; ${user.name} (${user.login}) can no longer sign in with it.`,
  }[kind];

  const act = async (input: {
    userId: number;
    reason: string;
    password?: string;
  }): Promise<{ user: AdminUserView; revoked?: number }> => {
    const check = target.callerCheckId === undefined ? {} : { callerCheckId: target.callerCheckId };
    switch (kind) {
      case 'disable':
        return { user: await consoleCall('helpdesk.disableTwofa', { ...input, ...check }) };
      case 'reset':
        return { user: await consoleCall('helpdesk.resetTwofa', { ...input, ...check }) };
      case 'unlock':
        return { user: await consoleCall('helpdesk.unlock', input) };
      case 'devices':
        return { user, revoked: (await consoleCall('helpdesk.revokeDevices', input)).revoked };
      case 'device':
        await consoleCall('helpdesk.revokeDevice', { ...input, deviceId: target.device?.id ?? '' });
        return { user };
      case 'revokeCode':
        await consoleCall('helpdesk.revokeTemporaryCode', {
          userId: input.userId,
          reason: input.reason,
          codeId: target.codeId ?? 0,
        });
        return { user };
    }
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setError(null);
    if (!reason.check()) return;
    const problem = stepUp.missing();
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const done = await act({ userId: user.id, reason: reason.value.trim(), ...stepUp.input() });
      stepUp.confirmed();
      onDone(done.user, done.revoked);
    } catch (caught) {
      setError(stepUp.refused(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={TITLES[kind]}
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            form="reason-dialog"
            className={`button ${kind === 'disable' || kind === 'reset' ? 'button--danger' : 'button--primary'}`}
            disabled={busy}
          >
            {verb}
          </button>
        </>
      }
    >
      <form id="reason-dialog" className="form" noValidate onSubmit={(event) => void submit(event)}>
        <p>{consequence}</p>
        {(kind === 'disable' || kind === 'reset') && verifyCaller.offered ? (
          <p className="helpdesk-muted" data-testid="caller-check-note">
            {target.callerCheckId === undefined
              ? 'The caller was not verified by an emailed code; the audit record says so.'
              : 'The caller read back the emailed code: the audit record says the caller was verified.'}
          </p>
        ) : null}
        <ReasonField {...reason.field} />
        {stepUp.needed ? (
          <CurrentPasswordField value={stepUp.password} onChange={stepUp.setPassword} />
        ) : null}
      </form>
      <FormError message={error} />
    </Dialog>
  );
}
