import { useCallback, useEffect, useState } from 'react';
import { messageOf } from '../../api/client';
import type { AdminUserView, ApprovalView, ProofInput } from '../../../../shared/ipc/channels/helpdesk';
import type { GuardedAction } from '../../../../shared/admin-api/vocabulary';
import { reasonIsLongEnough } from './ReasonField';
import { useCapability, useConsoleCall, useConsoleSession, when } from './session';

/** A caller check that matched (emailed code read back, or a right code from the authenticator). */
export interface MatchedCallerCheck {
  readonly id: number;
  /** How the caller proved it, for the dialog to say. */
  readonly how: string;
}

type Choice = 'caller-check' | 'four-eyes' | 'in-person';

/**
 * How the caller's identity was checked before a reset, disable or temporary code (issue 25): a
 * caller check passed in the last 15 minutes, a second staff member's approval, or an identity
 * document seen in person. Twofold's server checks the choice against its policy; a server that
 * cannot (Odoo) gets only "in person", which Twofold records in its own log.
 */
export function useProof(user: AdminUserView, action: GuardedAction, callerCheck: MatchedCallerCheck | null) {
  const consoleCall = useConsoleCall();
  const { login } = useConsoleSession();
  const serverProof = useCapability('serverProof');
  const fourEyes = useCapability('fourEyes');
  const [choice, setChoice] = useState<Choice>(
    !serverProof.offered ? 'in-person' : callerCheck !== null ? 'caller-check' : 'four-eyes',
  );
  const [note, setNote] = useState('');
  const [approvals, setApprovals] = useState<readonly ApprovalView[]>([]);
  const [approvalId, setApprovalId] = useState<number | null>(null);
  const [asked, setAsked] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Read again on "Check again" and after asking (the version moves).
  const [version, setVersion] = useState(0);
  const loadApprovals = useCallback(() => setVersion((v) => v + 1), []);
  useEffect(() => {
    if (!fourEyes.offered) return undefined;
    let live = true;
    consoleCall('helpdesk.approvals')
      .then((all) => {
        if (!live) return;
        const mine = all.filter(
          (a) => a.userId === user.id && a.action === action && a.requestedBy === login,
        );
        setApprovals(mine);
        const usable = mine.find((a) => a.state === 'approved');
        if (usable) setApprovalId(usable.id);
      })
      .catch((caught: unknown) => live && setError(messageOf(caught)));
    return () => {
      live = false;
    };
  }, [consoleCall, fourEyes.offered, user.id, action, login, version]);

  const ask = async (reason: string): Promise<void> => {
    setError(null);
    if (!reasonIsLongEnough(reason)) {
      setError('Write the reason first (at least 10 characters): the approver reads it.');
      return;
    }
    try {
      const request = await consoleCall('helpdesk.requestApproval', {
        userId: user.id,
        action,
        reason: reason.trim(),
      });
      setAsked(
        `Request #${request.id} sent. Ask another staff member to approve it (Requests tab, or \`twofold admin approvals --approve ${request.id}\`), then press Check again.`,
      );
      loadApprovals();
    } catch (caught) {
      setError(messageOf(caught));
    }
  };

  /** The proof to send, or a sentence saying what is missing. */
  const input = (): { proof: ProofInput } | { problem: string } => {
    if (choice === 'caller-check') {
      return callerCheck === null
        ? {
            problem:
              'No caller check has passed yet: verify the caller first (emailed code, or a code from their authenticator).',
          }
        : { proof: { callerCheckId: callerCheck.id } };
    }
    if (choice === 'four-eyes') {
      return approvalId === null
        ? {
            problem:
              'No approved request yet: ask another staff member to approve one, then press Check again.',
          }
        : { proof: { approvalId } };
    }
    return note.trim().length < 5
      ? { problem: 'Say which identity document you saw (at least 5 characters).' }
      : { proof: { inPersonNote: note.trim() } };
  };

  return {
    input,
    field: {
      serverProof: serverProof.offered,
      serverProofWhy: serverProof.why,
      fourEyes: fourEyes.offered,
      choice,
      setChoice,
      note,
      setNote,
      callerCheck,
      approvals,
      approvalId,
      setApprovalId,
      asked,
      error,
      ask,
      reload: loadApprovals,
    },
  };
}

export function ProofField({
  field,
  reason,
}: {
  field: ReturnType<typeof useProof>['field'];
  /** The dialog's reason, sent with a request for approval. */
  reason: string;
}): React.JSX.Element {
  const options: { value: Choice; label: string; offered: boolean }[] = [
    { value: 'caller-check', label: 'Caller check passed (last 15 minutes)', offered: field.serverProof },
    {
      value: 'four-eyes',
      label: 'Approved by a second staff member',
      offered: field.serverProof && field.fourEyes,
    },
    { value: 'in-person', label: 'In person, identity document seen', offered: true },
  ];
  return (
    <fieldset className="field helpdesk-proof" data-testid="proof-field">
      <legend className="field__label">How was the caller’s identity checked?</legend>
      {!field.serverProof && field.serverProofWhy !== null ? (
        <p className="helpdesk-muted">{field.serverProofWhy}</p>
      ) : null}
      {options
        .filter((option) => option.offered)
        .map((option) => (
          <label key={option.value} className="helpdesk-proof__choice">
            <input
              type="radio"
              name="proof"
              value={option.value}
              checked={field.choice === option.value}
              onChange={() => field.setChoice(option.value)}
            />{' '}
            {option.label}
          </label>
        ))}
      {field.choice === 'caller-check' ? (
        <p className="helpdesk-muted" data-testid="proof-caller-check">
          {field.callerCheck === null
            ? 'No caller check has passed yet: use Verify the caller, or Verify a code with a code from their authenticator.'
            : `Caller check #${field.callerCheck.id} passed: ${field.callerCheck.how}.`}
        </p>
      ) : null}
      {field.choice === 'four-eyes' ? (
        <div className="helpdesk-proof__approvals">
          {field.approvals.length === 0 ? (
            <p className="helpdesk-muted">No request of yours for this yet.</p>
          ) : (
            <ul className="helpdesk-audit-list" aria-label="Your requests">
              {field.approvals.map((approval) => (
                <li key={approval.id} className="helpdesk-item">
                  <label>
                    <input
                      type="radio"
                      name="approval"
                      disabled={approval.state !== 'approved'}
                      checked={field.approvalId === approval.id}
                      onChange={() => field.setApprovalId(approval.id)}
                    />{' '}
                    Request #{approval.id}:{' '}
                    {approval.state === 'approved'
                      ? `approved by ${approval.approvedBy ?? '?'}, usable until ${when(approval.expiresAt)}`
                      : approval.state === 'waiting'
                        ? 'waiting for another staff member'
                        : approval.state}
                  </label>
                </li>
              ))}
            </ul>
          )}
          <div className="helpdesk-actions">
            <button type="button" className="button" onClick={() => void field.ask(reason)}>
              Ask for approval
            </button>
            <button type="button" className="button button--quiet" onClick={field.reload}>
              Check again
            </button>
          </div>
          {field.asked !== null ? (
            <p className="helpdesk-muted" role="status">
              {field.asked}
            </p>
          ) : null}
        </div>
      ) : null}
      {field.choice === 'in-person' ? (
        <label className="field">
          <span className="field__label">Identity document seen</span>
          <input
            className="input"
            value={field.note}
            placeholder="e.g. passport checked at the front desk"
            onChange={(e) => field.setNote(e.target.value)}
          />
        </label>
      ) : null}
      {field.error !== null ? (
        <p className="helpdesk-muted" role="alert">
          {field.error}
        </p>
      ) : null}
    </fieldset>
  );
}

/** "Takes effect … unless the user stops it": what a dialog says when the action waits out its cooldown. */
export function pendingMessage(what: string, dueAt: string): string {
  return `${what} waits until ${when(dueAt)}: the user was emailed a link to stop it, and the Requests tab can cancel it.`;
}
