import { useState } from 'react';
import type { AdminUserView, ProofInput, TrustedDeviceView } from '../../../../shared/ipc/channels/helpdesk';
import type { MessageId } from '../../../../shared/i18n';
import { FormDialog, useSubmission } from '../../components/FormDialog';
import { useT } from '../../i18n';
import { useClockWords } from './clockWords';
import { useConsoleCall } from './session';
import { ProofField, useProof, type MatchedCallerCheck } from './ProofField';
import { ReasonField, useReason } from './ReasonField';
import { useStepUp } from './useStepUp';
import { CurrentPasswordField } from './CurrentPasswordField';

/** The caller reads out a code; the server says right or wrong (and counts the attempt). */
export function VerifyCodeDialog({
  user,
  onClose,
  onChecked,
}: {
  user: AdminUserView;
  onClose: () => void;
  /** `callerCheckId`: a right code is a caller check passed (a proof for 15 minutes). */
  onChecked: (callerCheckId?: number) => void;
}): React.JSX.Element {
  const t = useT();
  const { nearMiss } = useClockWords();
  const consoleCall = useConsoleCall();
  const [code, setCode] = useState('');
  const [answer, setAnswer] = useState<{ valid: boolean; phoneClockOffsetSeconds?: number } | null>(null);
  const submission = useSubmission();

  const submit = (): void => {
    setAnswer(null);
    void submission.run(async () => {
      const checked = await consoleCall('helpdesk.checkCode', { userId: user.id, code });
      setAnswer(checked);
      onChecked(checked.valid ? checked.callerCheckId : undefined);
    });
  };

  return (
    <FormDialog
      title={t('helpdesk.verify.title', { name: user.name })}
      onClose={onClose}
      onSubmit={submit}
      cancelLabel={t('common.action.close')}
      submitLabel={t('helpdesk.verify.check')}
      busy={submission.busy}
      submitDisabled={code.trim() === ''}
      error={submission.error}
      after={
        answer !== null ? (
          <p
            className={`helpdesk-verdict ${answer.valid ? 'helpdesk-verdict--ok' : 'helpdesk-verdict--bad'}`}
            role="status"
          >
            {answer.valid
              ? t('helpdesk.verify.right', { name: user.name })
              : answer.phoneClockOffsetSeconds !== undefined
                ? nearMiss(answer.phoneClockOffsetSeconds)
                : t('helpdesk.verify.wrong')}
          </p>
        ) : null
      }
    >
      <label className="field">
        <span className="field__label">{t('helpdesk.verify.codeLabel')}</span>
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
        <span className="field__hint">{t('helpdesk.verify.hint')}</span>
      </label>
    </FormDialog>
  );
}

const TITLES = {
  disable: 'helpdesk.reasonDialog.disableTitle',
  reset: 'helpdesk.reasonDialog.resetTitle',
  unlock: 'helpdesk.reasonDialog.unlockTitle',
  devices: 'helpdesk.reasonDialog.devicesTitle',
  device: 'helpdesk.reasonDialog.deviceTitle',
  revokeCode: 'helpdesk.reasonDialog.revokeCodeTitle',
} as const satisfies Record<string, MessageId>;
type ReasonKind = keyof typeof TITLES;

/** The reason dialog's kinds that are guarded actions (a proof first, a cooldown after), by their API name. */
export const GUARDED_ACTION = { disable: 'disable-2fa', reset: 'reset-2fa' } as const;

/** Kinds where the server may ask for the admin's password again first (the step-up). */
const STEP_UP: ReadonlySet<ReasonKind> = new Set(['disable', 'reset', 'unlock', 'devices', 'device']);

/** What the dialog acts on besides the user: a device, a temporary code, a caller check that matched. */
export interface ReasonTarget {
  readonly device?: TrustedDeviceView;
  readonly codeId?: number;
  /** A matched caller check: one proof a reset or disable can rest on. */
  readonly callerCheck?: MatchedCallerCheck | null;
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
  /**
   * The user as they are now; `revoked` is the number of devices revoked (kind "devices" only);
   * `pendingUntil` when a reset or disable waits out a cooldown.
   */
  onDone: (user: AdminUserView, revoked?: number, pendingUntil?: string) => void;
}): React.JSX.Element {
  const t = useT();
  const consoleCall = useConsoleCall();
  const reason = useReason();
  const stepUp = useStepUp(STEP_UP.has(kind));
  const guarded = kind === 'disable' || kind === 'reset';
  const proof = useProof(
    user,
    kind === 'disable' ? GUARDED_ACTION.disable : GUARDED_ACTION.reset,
    target.callerCheck ?? null,
  );
  const submission = useSubmission();
  const deviceName = target.device?.name ?? t('helpdesk.devices.thisBrowser');
  const who = { name: user.name, login: user.login, device: deviceName };
  const verb = t(
    (
      {
        disable: 'helpdesk.reasonDialog.disableVerb',
        reset: 'helpdesk.reasonDialog.resetVerb',
        unlock: 'helpdesk.reasonDialog.unlockVerb',
        devices: 'helpdesk.reasonDialog.devicesVerb',
        device: 'helpdesk.reasonDialog.deviceVerb',
        revokeCode: 'helpdesk.reasonDialog.revokeCodeVerb',
      } as const
    )[kind],
    who,
  );
  const consequence = t(
    (
      {
        disable: 'helpdesk.reasonDialog.disableConsequence',
        reset: 'helpdesk.reasonDialog.resetConsequence',
        unlock: 'helpdesk.reasonDialog.unlockConsequence',
        devices: 'helpdesk.reasonDialog.devicesConsequence',
        device: 'helpdesk.reasonDialog.deviceConsequence',
        revokeCode: 'helpdesk.reasonDialog.revokeCodeConsequence',
      } as const
    )[kind],
    who,
  );

  const act = async (input: {
    userId: number;
    reason: string;
    password?: string;
    proof?: ProofInput;
  }): Promise<{ user: AdminUserView; revoked?: number; pendingUntil?: string }> => {
    switch (kind) {
      case 'disable': {
        const { pending, ...updated } = await consoleCall('helpdesk.disableTwofa', input);
        return { user: updated, ...(pending ? { pendingUntil: pending.dueAt } : {}) };
      }
      case 'reset': {
        const { pending, ...updated } = await consoleCall('helpdesk.resetTwofa', input);
        return { user: updated, ...(pending ? { pendingUntil: pending.dueAt } : {}) };
      }
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

  const submit = (): void => {
    submission.setError(null);
    if (!reason.check()) return;
    const given = guarded ? proof.input() : null;
    if (given !== null && 'problem' in given) {
      submission.setError(given.problem);
      return;
    }
    stepUp.submit(submission, async (password) => {
      const done = await act({
        userId: user.id,
        reason: reason.value.trim(),
        ...password,
        ...(given !== null && 'proof' in given ? { proof: given.proof } : {}),
      });
      onDone(done.user, done.revoked, done.pendingUntil);
    });
  };

  return (
    <FormDialog
      title={t(TITLES[kind])}
      onClose={onClose}
      onSubmit={submit}
      submitLabel={verb}
      tone={guarded ? 'danger' : 'primary'}
      busy={submission.busy}
      error={submission.error}
    >
      <p>{consequence}</p>
      <ReasonField {...reason.field} />
      {guarded ? <ProofField field={proof.field} reason={reason.value} /> : null}
      {stepUp.needed ? <CurrentPasswordField value={stepUp.password} onChange={stepUp.setPassword} /> : null}
    </FormDialog>
  );
}
