import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { messageOf } from '../../api/client';
import type { ApprovalView, PendingActionView } from '../../../../shared/ipc/channels/helpdesk';
import { GUARDED_ACTION_LABELS } from '../../../../shared/admin-api/vocabulary';
import { Dialog } from '../../components/Dialog';
import { FormError } from '../../components/FormError';
import { useToast } from '../../components/toast';
import { CurrentPasswordField } from './CurrentPasswordField';
import { ReasonField, useReason } from './ReasonField';
import { useCapability, useConsoleCall, useConsoleSession, when } from './session';
import { useStepUp } from './useStepUp';

/** "in 58 min", "in 2 h 5 min", "now": how long until a pending action takes effect. */
export function timeLeft(dueAt: string, now = Date.now()): string {
  const minutes = Math.ceil((Date.parse(dueAt) - now) / 60_000);
  if (minutes <= 0) return 'now';
  if (minutes < 60) return `in ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `in ${hours} h` : `in ${hours} h ${minutes % 60} min`;
}

/**
 * Four-eyes requests (another staff member's to approve, your own to follow) and the resets,
 * disables and temporary codes waiting out their cooldown, with their time left and a Cancel.
 */
export function RequestsTab(): React.JSX.Element {
  const consoleCall = useConsoleCall();
  const toast = useToast();
  const { login } = useConsoleSession();
  const fourEyes = useCapability('fourEyes');
  const cooldown = useCapability('cooldown');
  const stepUp = useStepUp(true);
  const [approvals, setApprovals] = useState<readonly ApprovalView[]>([]);
  const [pending, setPending] = useState<readonly PendingActionView[]>([]);
  const [error, setError] = useState<string | null>(null);
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

  const approve = async (approval: ApprovalView): Promise<void> => {
    setError(null);
    const problem = stepUp.missing();
    if (problem) {
      setError(problem);
      return;
    }
    try {
      await consoleCall('helpdesk.approve', { approvalId: approval.id, ...stepUp.input() });
      stepUp.confirmed();
      toast({
        message: `Approved: ${approval.requestedBy} may ${GUARDED_ACTION_LABELS[approval.action]} for ${approval.login}.`,
      });
      load();
    } catch (caught) {
      setError(stepUp.refused(caught));
    }
  };

  if (!fourEyes.offered && !cooldown.offered) {
    return (
      <p className="helpdesk-muted">
        {fourEyes.why ?? 'This server offers neither approvals nor cooldowns.'}
      </p>
    );
  }

  const waiting = pending.filter((action) => action.state === 'pending');
  const ended = pending.filter((action) => action.state !== 'pending');

  return (
    <div className="helpdesk-requests">
      <div className="helpdesk-actions">
        <button type="button" className="button button--quiet" onClick={load}>
          Refresh
        </button>
      </div>
      {fourEyes.offered ? (
        <section aria-label="Approval requests">
          <h3 className="helpdesk-panel__subtitle">Approval requests (four-eyes)</h3>
          {approvals.length === 0 ? (
            <p className="helpdesk-muted">No requests in the last 24 hours.</p>
          ) : (
            <ul className="helpdesk-audit-list" aria-label="Approval requests">
              {approvals.map((approval) => (
                <li key={approval.id} className="helpdesk-item" data-testid={`approval-${approval.id}`}>
                  <span>
                    #{approval.id}: {approval.requestedBy} asks to {GUARDED_ACTION_LABELS[approval.action]}{' '}
                    for {approval.name} ({approval.login}, {approval.role}) — “{approval.reason}”
                  </span>{' '}
                  <span className="helpdesk-muted">
                    {approval.state === 'waiting'
                      ? `waiting, until ${when(approval.expiresAt)}`
                      : approval.state === 'approved'
                        ? `approved by ${approval.approvedBy ?? '?'}`
                        : approval.state}
                  </span>{' '}
                  {approval.state === 'waiting' && approval.requestedBy !== login ? (
                    <button type="button" className="button" onClick={() => void approve(approval)}>
                      Approve #{approval.id}
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
        <section aria-label="Waiting out the cooldown">
          <h3 className="helpdesk-panel__subtitle">Waiting out the cooldown</h3>
          {waiting.length === 0 ? (
            <p className="helpdesk-muted">Nothing is waiting.</p>
          ) : (
            <ul className="helpdesk-audit-list" aria-label="Pending actions">
              {waiting.map((action) => (
                <li key={action.id} className="helpdesk-item" data-testid={`pending-${action.id}`}>
                  <span>
                    {action.actor}: {GUARDED_ACTION_LABELS[action.action]} for {action.login} — takes effect{' '}
                    <strong data-testid="time-left">{timeLeft(action.dueAt, now)}</strong> (
                    {when(action.dueAt)})
                  </span>
                  <span className="helpdesk-muted"> Proof: {action.proof}</span>{' '}
                  <button
                    type="button"
                    className="button button--danger"
                    onClick={() => setCancelling(action)}
                  >
                    Cancel
                  </button>
                </li>
              ))}
            </ul>
          )}
          {ended.length > 0 ? (
            <ul className="helpdesk-audit-list" aria-label="Ended lately">
              {ended.map((action) => (
                <li key={action.id} className="helpdesk-item helpdesk-muted">
                  {GUARDED_ACTION_LABELS[action.action]} for {action.login} by {action.actor}:{' '}
                  {action.state === 'done'
                    ? 'took effect'
                    : action.state === 'stopped'
                      ? 'stopped by the user (“This was not me”)'
                      : `cancelled by ${action.endedBy ?? '?'}`}
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}
      <FormError message={error} />
      {cancelling !== null ? (
        <CancelDialog
          action={cancelling}
          onClose={() => setCancelling(null)}
          onDone={(left) => {
            setCancelling(null);
            setPending(left);
            toast({ message: 'Cancelled: it will not take effect.' });
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
  const consoleCall = useConsoleCall();
  const reason = useReason();
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!reason.check()) return;
    try {
      onDone(
        await consoleCall('helpdesk.cancelPending', { actionId: action.id, reason: reason.value.trim() }),
      );
    } catch (caught) {
      setError(messageOf(caught));
    }
  };
  return (
    <Dialog
      title="Cancel a waiting action"
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            Keep it
          </button>
          <button type="submit" form="cancel-pending" className="button button--primary">
            Cancel it
          </button>
        </>
      }
    >
      <form id="cancel-pending" className="form" noValidate onSubmit={(event) => void submit(event)}>
        <p>
          {action.actor} asked to {GUARDED_ACTION_LABELS[action.action]} for {action.login}; it would take
          effect at {when(action.dueAt)}.
        </p>
        <ReasonField
          {...reason.field}
          rows={2}
          placeholder="e.g. The user called back: they found their phone"
        />
      </form>
      <FormError message={error} />
    </Dialog>
  );
}
