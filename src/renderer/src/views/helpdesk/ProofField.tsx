import { useCallback, useEffect, useState } from 'react';
import { messageOf } from '../../api/client';
import type { AdminUserView, ApprovalView, ProofInput } from '../../../../shared/ipc/channels/helpdesk';
import type { GuardedAction } from '../../../../shared/admin-api/vocabulary';
import type { MessageId } from '../../../../shared/i18n';
import { useT, type Translate } from '../../i18n';
import { reasonIsLongEnough } from './ReasonField';
import { useCapability, useConsoleCall, useConsoleSession, useWhen } from './session';

/** A caller check that matched (emailed code read back, or a right code from the authenticator). */
export interface MatchedCallerCheck {
  readonly id: number;
  /** How the caller proved it, for the dialog to say: the emailed code, or a code from their authenticator. */
  readonly how: 'email' | 'authenticator';
}

type Choice = 'caller-check' | 'four-eyes' | 'in-person';

/** The `select` key of a proof in the catalogue's messages (`helpdesk.proof.kind`). */
export function proofKey(kind: Choice): 'callerCheck' | 'fourEyes' | 'inPerson' {
  return kind === 'caller-check' ? 'callerCheck' : kind === 'four-eyes' ? 'fourEyes' : 'inPerson';
}

/** What a reset, disable or temporary code is called inside a sentence (`helpdesk.guarded.*`). */
export function guardedLabel(t: Translate, action: GuardedAction): string {
  const id: MessageId =
    action === 'reset-2fa'
      ? 'helpdesk.guarded.reset'
      : action === 'disable-2fa'
        ? 'helpdesk.guarded.disable'
        : 'helpdesk.guarded.temporary';
  return t(id);
}

/**
 * How the caller's identity was checked before a reset, disable or temporary code (issue 25): a
 * caller check passed in the last 15 minutes, a second staff member's approval, or an identity
 * document seen in person. Twofold's server checks the choice against its policy; a server that
 * cannot (Odoo) gets only "in person", which Twofold records in its own log.
 */
export function useProof(user: AdminUserView, action: GuardedAction, callerCheck: MatchedCallerCheck | null) {
  const t = useT();
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
      setError(t('helpdesk.proof.reasonFirst'));
      return;
    }
    try {
      const request = await consoleCall('helpdesk.requestApproval', {
        userId: user.id,
        action,
        reason: reason.trim(),
      });
      setAsked(
        t('helpdesk.proof.asked', {
          id: request.id,
          command: `twofold admin approvals --approve ${request.id}`,
        }),
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
        ? { problem: t('helpdesk.proof.noCallerCheck') }
        : { proof: { callerCheckId: callerCheck.id } };
    }
    if (choice === 'four-eyes') {
      return approvalId === null ? { problem: t('helpdesk.proof.noApproval') } : { proof: { approvalId } };
    }
    return note.trim().length < 5
      ? { problem: t('helpdesk.proof.noDocument') }
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
  const t = useT();
  const when = useWhen();
  const options: { value: Choice; label: string; offered: boolean }[] = [
    { value: 'caller-check', label: t('helpdesk.proof.choiceCallerCheck'), offered: field.serverProof },
    {
      value: 'four-eyes',
      label: t('helpdesk.proof.choiceFourEyes'),
      offered: field.serverProof && field.fourEyes,
    },
    { value: 'in-person', label: t('helpdesk.proof.choiceInPerson'), offered: true },
  ];
  return (
    <fieldset className="field helpdesk-proof" data-testid="proof-field">
      <legend className="field__label">{t('helpdesk.proof.legend')}</legend>
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
            ? t('helpdesk.proof.noCallerCheckHint')
            : t('helpdesk.proof.callerCheckPassed', { id: field.callerCheck.id, how: field.callerCheck.how })}
        </p>
      ) : null}
      {field.choice === 'four-eyes' ? (
        <div className="helpdesk-proof__approvals">
          {field.approvals.length === 0 ? (
            <p className="helpdesk-muted">{t('helpdesk.proof.noRequest')}</p>
          ) : (
            <ul className="helpdesk-audit-list" aria-label={t('helpdesk.proof.yourRequests')}>
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
                    {approval.state === 'approved'
                      ? t('helpdesk.proof.requestApproved', {
                          id: approval.id,
                          approver: approval.approvedBy ?? '?',
                          until: when(approval.expiresAt),
                        })
                      : t('helpdesk.proof.requestState', { id: approval.id, state: approval.state })}
                  </label>
                </li>
              ))}
            </ul>
          )}
          <div className="helpdesk-actions">
            <button type="button" className="button" onClick={() => void field.ask(reason)}>
              {t('helpdesk.proof.ask')}
            </button>
            <button type="button" className="button button--quiet" onClick={field.reload}>
              {t('helpdesk.proof.checkAgain')}
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
          <span className="field__label">{t('helpdesk.proof.document')}</span>
          <input
            className="input"
            value={field.note}
            placeholder={t('helpdesk.proof.documentPlaceholder')}
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

/**
 * What a dialog says when the action waits out its cooldown: "… waits until …: the user was
 * emailed a link to stop it".
 */
export function usePendingMessage(): (action: GuardedAction, name: string, dueAt: string) => string {
  const t = useT();
  const when = useWhen();
  return (action, name, dueAt) =>
    t('helpdesk.cooldown.waits', {
      action: action === 'reset-2fa' ? 'reset' : action === 'disable-2fa' ? 'disable' : 'temporary',
      name,
      until: when(dueAt),
    });
}
