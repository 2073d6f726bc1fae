import { useCallback, useEffect, useState } from 'react';
import { messageOf } from '../../api/client';
import type { ApprovalView, PendingActionView } from '../../../../shared/ipc/channels/helpdesk';
import { FormDialog, useSubmission } from '../../components/FormDialog';
import { FormError } from '../../components/FormError';
import { useToast } from '../../components/toast';
import { useRichT, useT, type Translate } from '../../i18n';
import { CurrentPasswordField } from './CurrentPasswordField';
import { guardedLabel } from './ProofField';
import { ReasonField, useReason } from './ReasonField';
import { useCapability, useConsoleCall, useConsoleSession, useWhen } from './session';
import { useStepUp } from './useStepUp';

/** "in 58 min", "in 2 h 5 min", "now": how long until a pending action takes effect. */
export function timeLeft(t: Translate, dueAt: string, now = Date.now()): string {
  const minutes = Math.ceil((Date.parse(dueAt) - now) / 60_000);
  if (minutes <= 0) return t('helpdesk.cooldown.now');
  return t('helpdesk.cooldown.timeLeft', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
}

/**
 * Four-eyes requests (another staff member's to approve, your own to follow) and the resets,
 * disables and temporary codes waiting out their cooldown, with their time left and a Cancel.
 */
export function RequestsTab(): React.JSX.Element {
  const t = useT();
  const rich = useRichT();
  const when = useWhen();
  const consoleCall = useConsoleCall();
  const toast = useToast();
  const { login } = useConsoleSession();
  const fourEyes = useCapability('fourEyes');
  const cooldown = useCapability('cooldown');
  const stepUp = useStepUp(true);
  const [approvals, setApprovals] = useState<readonly ApprovalView[]>([]);
  const [pending, setPending] = useState<readonly PendingActionView[]>([]);
  const [error, setError] = useState<string | null>(null);
  // Approving: its own state, so a refusal shows beside (not instead of) a failed reload.
  const submission = useSubmission();
  const [cancelling, setCancelling] = useState<PendingActionView | null>(null);
  const [now, setNow] = useState(() => Date.now());
  // Read again on Refresh and after an approval (the version moves).
  const [version, setVersion] = useState(0);
  const load = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => {
    let live = true;
    Promise.all([
      fourEyes.offered ? consoleCall('helpdesk.approvals') : Promise.resolve(null),
      cooldown.offered ? consoleCall('helpdesk.pendingActions', {}) : Promise.resolve(null),
    ])
      .then(([approvalsNow, pendingNow]) => {
        if (!live) return;
        if (approvalsNow !== null) setApprovals(approvalsNow);
        if (pendingNow !== null) setPending(pendingNow);
        setNow(Date.now());
      })
      .catch((caught: unknown) => live && setError(messageOf(caught)));
    return () => {
      live = false;
    };
  }, [consoleCall, fourEyes.offered, cooldown.offered, version]);

  useEffect(() => {
    // The time left moves on by itself.
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);

  const approve = (approval: ApprovalView): void => {
    stepUp.submit(submission, async (password) => {
      await consoleCall('helpdesk.approve', { approvalId: approval.id, ...password });
      toast({
        message: t('helpdesk.requests.approved', {
          requester: approval.requestedBy,
          action: guardedLabel(t, approval.action),
          login: approval.login,
        }),
      });
      load();
    });
  };

  if (!fourEyes.offered && !cooldown.offered) {
    return <p className="helpdesk-muted">{fourEyes.why ?? t('helpdesk.requests.notOffered')}</p>;
  }

  const waiting = pending.filter((action) => action.state === 'pending');
  const ended = pending.filter((action) => action.state !== 'pending');

  return (
    <div className="helpdesk-requests">
      <div className="helpdesk-actions">
        <button type="button" className="button button--quiet" onClick={load}>
          {t('helpdesk.requests.refresh')}
        </button>
      </div>
      {fourEyes.offered ? (
        <section aria-label={t('helpdesk.requests.approvalsLabel')}>
          <h3 className="helpdesk-panel__subtitle">{t('helpdesk.requests.approvalsTitle')}</h3>
          {approvals.length === 0 ? (
            <p className="helpdesk-muted">{t('helpdesk.requests.none')}</p>
          ) : (
            <ul className="helpdesk-audit-list" aria-label={t('helpdesk.requests.approvalsLabel')}>
              {approvals.map((approval) => (
                <li key={approval.id} className="helpdesk-item" data-testid={`approval-${approval.id}`}>
                  <span>
                    {t('helpdesk.requests.asks', {
                      id: approval.id,
                      requester: approval.requestedBy,
                      action: guardedLabel(t, approval.action),
                      name: approval.name,
                      login: approval.login,
                      role: t('helpdesk.policy.roleShort', { role: approval.role }),
                      reason: approval.reason,
                    })}
                  </span>{' '}
                  <span className="helpdesk-muted">
                    {approval.state === 'waiting'
                      ? t('helpdesk.requests.waiting', { until: when(approval.expiresAt) })
                      : approval.state === 'approved'
                        ? t('helpdesk.requests.approvedBy', { approver: approval.approvedBy ?? '?' })
                        : t('helpdesk.requests.state', { state: approval.state })}
                  </span>{' '}
                  {approval.state === 'waiting' && approval.requestedBy !== login ? (
                    <button type="button" className="button" onClick={() => approve(approval)}>
                      {t('helpdesk.requests.approve', { id: approval.id })}
                    </button>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          {stepUp.needed ? (
            <CurrentPasswordField value={stepUp.password} onChange={stepUp.setPassword} />
          ) : null}
        </section>
      ) : null}
      {cooldown.offered ? (
        <section aria-label={t('helpdesk.cooldown.waitingTitle')}>
          <h3 className="helpdesk-panel__subtitle">{t('helpdesk.cooldown.waitingTitle')}</h3>
          {waiting.length === 0 ? (
            <p className="helpdesk-muted">{t('helpdesk.cooldown.nothing')}</p>
          ) : (
            <ul className="helpdesk-audit-list" aria-label={t('helpdesk.cooldown.pendingLabel')}>
              {waiting.map((action) => (
                <li key={action.id} className="helpdesk-item" data-testid={`pending-${action.id}`}>
                  <span>
                    {rich('helpdesk.cooldown.pending', {
                      actor: action.actor,
                      action: guardedLabel(t, action.action),
                      login: action.login,
                      left: timeLeft(t, action.dueAt, now),
                      when: when(action.dueAt),
                      strong: (chunks) => <strong data-testid="time-left">{chunks}</strong>,
                    })}
                  </span>
                  <span className="helpdesk-muted">
                    {' '}
                    {t('helpdesk.cooldown.proof', { proof: action.proof })}
                  </span>{' '}
                  <button
                    type="button"
                    className="button button--danger"
                    onClick={() => setCancelling(action)}
                  >
                    {t('common.action.cancel')}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {ended.length > 0 ? (
            <ul className="helpdesk-audit-list" aria-label={t('helpdesk.cooldown.endedLabel')}>
              {ended.map((action) => (
                <li key={action.id} className="helpdesk-item helpdesk-muted">
                  {t('helpdesk.cooldown.ended', {
                    action: guardedLabel(t, action.action),
                    login: action.login,
                    actor: action.actor,
                    state: action.state,
                    by: action.endedBy ?? '?',
                  })}
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}
      <FormError message={submission.error ?? error} />
      {cancelling !== null ? (
        <CancelDialog
          action={cancelling}
          onClose={() => setCancelling(null)}
          onDone={(left) => {
            setCancelling(null);
            setPending(left);
            toast({ message: t('helpdesk.cooldown.cancelled') });
          }}
        />
      ) : null}
    </div>
  );
}

function CancelDialog({
  action,
  onClose,
  onDone,
}: {
  action: PendingActionView;
  onClose: () => void;
  onDone: (left: readonly PendingActionView[]) => void;
}): React.JSX.Element {
  const t = useT();
  const when = useWhen();
  const consoleCall = useConsoleCall();
  const reason = useReason();
  const submission = useSubmission();
  const submit = (): void => {
    if (!reason.check()) return;
    void submission.run(async () =>
      onDone(
        await consoleCall('helpdesk.cancelPending', { actionId: action.id, reason: reason.value.trim() }),
      ),
    );
  };
  return (
    <FormDialog
      title={t('helpdesk.cooldown.cancelTitle')}
      onClose={onClose}
      onSubmit={submit}
      cancelLabel={t('helpdesk.cooldown.keep')}
      submitLabel={t('helpdesk.cooldown.cancelIt')}
      busy={submission.busy}
      error={submission.error}
    >
      <p>
        {t('helpdesk.cooldown.cancelBody', {
          actor: action.actor,
          action: guardedLabel(t, action.action),
          login: action.login,
          when: when(action.dueAt),
        })}
      </p>
      <ReasonField {...reason.field} rows={2} placeholder={t('helpdesk.cooldown.cancelPlaceholder')} />
    </FormDialog>
  );
}
