import { useState } from 'react';
import { useIntl } from 'react-intl';
import { messageOf } from '../../api/client';
import {
  TEMPORARY_CODE_MAX_USES,
  type AdminUserView,
  type TemporaryCodeView,
} from '../../../../shared/ipc/channels/helpdesk';
import { Dialog } from '../../components/Dialog';
import { FormDialog, useSubmission } from '../../components/FormDialog';
import { FormError } from '../../components/FormError';
import { useToast } from '../../components/toast';
import { useT } from '../../i18n';
import { CurrentPasswordField } from './CurrentPasswordField';
import { ReasonField, useReason } from './ReasonField';
import { ProofField, useProof, type MatchedCallerCheck } from './ProofField';
import { useConsoleCall, useWhen } from './session';
import { useLoaded } from './useLoaded';
import { useStepUp } from './useStepUp';

/** Lifetimes the help desk picks from, in minutes (the server allows 10 minutes to 8 hours). */
const LIFETIMES = [10, 30, 60, 120, 240, 480] as const;

/**
 * Temporary access codes (Entra's Temporary Access Pass): the active ones, listed without the code
 * and revocable, and a button to issue one.
 */
export function TemporaryCodesSection({
  user,
  version,
  onIssue,
  onRevoke,
}: {
  user: AdminUserView;
  version: number;
  onIssue: () => void;
  onRevoke: (code: TemporaryCodeView) => void;
}): React.JSX.Element {
  const t = useT();
  const when = useWhen();
  const consoleCall = useConsoleCall();
  const { value: codes, error } = useLoaded(
    () => consoleCall('helpdesk.temporaryCodes', { userId: user.id }),
    `${user.id}:${version}`,
  );

  const active = codes?.filter((code) => code.state === 'active') ?? [];
  const whyId = `why-no-code-${user.id}`;
  return (
    <section aria-label={t('helpdesk.capability.temporaryAccess')}>
      <h3 className="helpdesk-panel__subtitle">{t('helpdesk.temporary.title')}</h3>
      {error ? (
        <p className="helpdesk-muted">{error}</p>
      ) : codes === null ? (
        <p className="helpdesk-muted">{t('common.state.loading')}</p>
      ) : active.length === 0 ? (
        <p className="helpdesk-muted">{t('helpdesk.temporary.empty')}</p>
      ) : (
        <ul className="helpdesk-audit-list" aria-label={t('helpdesk.temporary.listLabel')}>
          {active.map((code) => (
            <li key={code.id} className="helpdesk-item">
              <span>
                {t('helpdesk.temporary.item', {
                  until: when(code.expiresAt),
                  uses: code.uses,
                  allowed: code.usesAllowed,
                })}{' '}
                <span className="helpdesk-muted">
                  {t('helpdesk.temporary.byWhom', { by: code.createdBy, reason: code.reason })}
                </span>
              </span>
              <button type="button" className="button button--quiet" onClick={() => onRevoke(code)}>
                {t('helpdesk.action.revoke')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <button
        type="button"
        className="button"
        disabled={!user.twofa.enabled}
        aria-describedby={user.twofa.enabled ? undefined : whyId}
        onClick={onIssue}
      >
        {t('helpdesk.temporary.issue')}
      </button>
      {user.twofa.enabled ? null : (
        <p id={whyId} className="helpdesk-muted">
          {t('helpdesk.temporary.noTwofa', { name: user.name })}
        </p>
      )}
    </section>
  );
}

/** Issues a temporary code: reason, lifetime and uses first; then the code, shown once, with Copy. */
export function IssueTemporaryCodeDialog({
  user,
  onClose,
  onIssued,
  callerCheck,
}: {
  user: AdminUserView;
  onClose: () => void;
  onIssued: () => void;
  /** A caller check passed: one proof the code can rest on. */
  callerCheck: MatchedCallerCheck | null;
}): React.JSX.Element {
  const t = useT();
  const intl = useIntl();
  const when = useWhen();
  const consoleCall = useConsoleCall();
  const toast = useToast();
  const reason = useReason();
  const proof = useProof(user, 'temp-code', callerCheck);
  const [lifetime, setLifetime] = useState(60);
  const [uses, setUses] = useState(1);
  const stepUp = useStepUp();
  const submission = useSubmission();
  const [issued, setIssued] = useState<{
    id: number;
    code: string;
    expiresAt: string;
    uses: number;
    activeFrom?: string;
  } | null>(null);

  // The code lives in main only while this dialog shows it.
  const close = (): void => {
    if (issued) void consoleCall('helpdesk.forgetTemporaryCode').catch(() => undefined);
    onClose();
  };

  const submit = (): void => {
    const usesOk = Number.isInteger(uses) && uses >= 1 && uses <= TEMPORARY_CODE_MAX_USES;
    submission.setError(null);
    if (!reason.check()) return;
    const given = proof.input();
    const problem = !usesOk
      ? t('helpdesk.temporary.badUses', { max: TEMPORARY_CODE_MAX_USES })
      : 'problem' in given
        ? given.problem
        : null;
    if (problem) {
      submission.setError(problem);
      return;
    }
    stepUp.submit(submission, async (password) => {
      const answer = await consoleCall('helpdesk.issueTemporaryCode', {
        userId: user.id,
        reason: reason.value.trim(),
        lifetimeMinutes: lifetime,
        uses,
        ...password,
        ...('proof' in given ? { proof: given.proof } : {}),
      });
      setIssued(answer);
      onIssued();
    });
  };

  const copy = async (): Promise<void> => {
    if (!issued) return;
    try {
      const { clearsInSeconds } = await consoleCall('helpdesk.copyTemporaryCode', { codeId: issued.id });
      toast({ message: t('helpdesk.temporary.copied', { seconds: clearsInSeconds }) });
    } catch (caught) {
      submission.setError(messageOf(caught));
    }
  };

  if (issued) {
    return (
      <Dialog
        title={t('helpdesk.temporary.shownTitle', { name: user.name })}
        onClose={close}
        actions={
          <button type="button" className="button button--primary" onClick={close}>
            {t('common.action.done')}
          </button>
        }
      >
        <p>{t('helpdesk.temporary.readNow', { name: user.name })}</p>
        <p className="helpdesk-temp-code" data-testid="temporary-code" translate="no" dir="ltr">
          {issued.code}
        </p>
        {issued.activeFrom !== undefined ? (
          <p className="helpdesk-muted" data-testid="temporary-code-waits">
            {t('helpdesk.cooldown.codeWaits', { from: when(issued.activeFrom), name: user.name })}
          </p>
        ) : null}
        <p className="helpdesk-muted">
          {t('helpdesk.temporary.worksUntil', { until: when(issued.expiresAt), uses: issued.uses })}
        </p>
        <button type="button" className="button" data-autofocus onClick={() => void copy()}>
          {t('common.action.copy')}
        </button>
        <FormError message={submission.error} />
      </Dialog>
    );
  }

  return (
    <FormDialog
      title={t('helpdesk.temporary.dialogTitle')}
      onClose={close}
      onSubmit={submit}
      submitLabel={t('helpdesk.temporary.issueFor', { name: user.name })}
      busy={submission.busy}
      error={submission.error}
    >
      <p>{t('helpdesk.temporary.explain', { name: user.name, login: user.login })}</p>
      <ReasonField {...reason.field} rows={2} />
      <ProofField field={proof.field} reason={reason.value} />
      <label className="field">
        <span className="field__label">{t('helpdesk.temporary.validFor')}</span>
        <select className="input" value={lifetime} onChange={(e) => setLifetime(Number(e.target.value))}>
          {LIFETIMES.map((minutes) => (
            <option key={minutes} value={minutes}>
              {minutes < 60
                ? intl.formatNumber(minutes, { style: 'unit', unit: 'minute', unitDisplay: 'long' })
                : intl.formatNumber(minutes / 60, { style: 'unit', unit: 'hour', unitDisplay: 'long' })}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field__label">{t('helpdesk.temporary.usesLabel')}</span>
        <input
          className="input"
          type="number"
          min={1}
          max={TEMPORARY_CODE_MAX_USES}
          value={Number.isNaN(uses) ? '' : uses}
          onChange={(e) => setUses(e.target.valueAsNumber)}
        />
        <span className="field__hint">
          {t('helpdesk.temporary.usesHint', { max: TEMPORARY_CODE_MAX_USES })}
        </span>
      </label>
      {stepUp.needed ? <CurrentPasswordField value={stepUp.password} onChange={stepUp.setPassword} /> : null}
    </FormDialog>
  );
}
