import { useState, type FormEvent } from 'react';
import { messageOf } from '../../api/client';
import {
  TEMPORARY_CODE_MAX_USES,
  type AdminUserView,
  type TemporaryCodeView,
} from '../../../../shared/ipc/channels/helpdesk';
import { Dialog } from '../../components/Dialog';
import { FormError } from '../../components/FormError';
import { useToast } from '../../components/toast';
import { CurrentPasswordField } from './CurrentPasswordField';
import { ReasonField, useReason } from './ReasonField';
import { ProofField, useProof, type MatchedCallerCheck } from './ProofField';
import { useConsoleCall, when } from './session';
import { useLoaded } from './useLoaded';
import { useStepUp } from './useStepUp';

/** Lifetimes the help desk picks from (the server allows 10 minutes to 8 hours). */
const LIFETIMES = [
  [10, '10 minutes'],
  [30, '30 minutes'],
  [60, '1 hour'],
  [120, '2 hours'],
  [240, '4 hours'],
  [480, '8 hours'],
] as const;

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
  const consoleCall = useConsoleCall();
  const { value: codes, error } = useLoaded(
    () => consoleCall('helpdesk.temporaryCodes', { userId: user.id }),
    `${user.id}:${version}`,
  );

  const active = codes?.filter((code) => code.state === 'active') ?? [];
  const whyId = `why-no-code-${user.id}`;
  return (
    <section aria-label="Temporary access codes">
      <h3 className="helpdesk-panel__subtitle">Temporary access</h3>
      {error ? (
        <p className="helpdesk-muted">{error}</p>
      ) : codes === null ? (
        <p className="helpdesk-muted">Loading…</p>
      ) : active.length === 0 ? (
        <p className="helpdesk-muted">No temporary code is active.</p>
      ) : (
        <ul className="helpdesk-audit-list" aria-label="Active temporary codes">
          {active.map((code) => (
            <li key={code.id} className="helpdesk-item">
              <span>
                Until {when(code.expiresAt)} · {code.uses} of {code.usesAllowed} use
                {code.usesAllowed === 1 ? '' : 's'} spent{' '}
                <span className="helpdesk-muted">
                  — by {code.createdBy}: {code.reason}
                </span>
              </span>
              <button type="button" className="button button--quiet" onClick={() => onRevoke(code)}>
                Revoke
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
        Issue a temporary code
      </button>
      {user.twofa.enabled ? null : (
        <p id={whyId} className="helpdesk-muted">
          {user.name} has no 2FA: the password alone signs them in, so there is nothing to bypass.
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
  const consoleCall = useConsoleCall();
  const toast = useToast();
  const reason = useReason();
  const proof = useProof(user, 'temp-code', callerCheck);
  const [lifetime, setLifetime] = useState(60);
  const [uses, setUses] = useState(1);
  const stepUp = useStepUp();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
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

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const usesOk = Number.isInteger(uses) && uses >= 1 && uses <= TEMPORARY_CODE_MAX_USES;
    setError(null);
    if (!reason.check()) return;
    const given = proof.input();
    const problem = !usesOk
      ? `A temporary code works from 1 to ${TEMPORARY_CODE_MAX_USES} times.`
      : 'problem' in given
        ? given.problem
        : stepUp.missing();
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const answer = await consoleCall('helpdesk.issueTemporaryCode', {
        userId: user.id,
        reason: reason.value.trim(),
        lifetimeMinutes: lifetime,
        uses,
        ...stepUp.input(),
        ...('proof' in given ? { proof: given.proof } : {}),
      });
      stepUp.confirmed();
      setIssued(answer);
      onIssued();
    } catch (caught) {
      setError(stepUp.refused(caught));
    } finally {
      setBusy(false);
    }
  };

  const copy = async (): Promise<void> => {
    if (!issued) return;
    try {
      const { clearsInSeconds } = await consoleCall('helpdesk.copyTemporaryCode', { codeId: issued.id });
      toast({ message: `Copied — clears in ${clearsInSeconds} s` });
    } catch (caught) {
      setError(messageOf(caught));
    }
  };

  if (issued) {
    return (
      <Dialog
        title={`Temporary code for ${user.name}`}
        onClose={close}
        actions={
          <button type="button" className="button button--primary" onClick={close}>
            Done
          </button>
        }
      >
        <p>Read this code to {user.name} now: it is shown only this once and cannot be looked up later.</p>
        <p className="helpdesk-temp-code" data-testid="temporary-code">
          {issued.code}
        </p>
        {issued.activeFrom !== undefined ? (
          <p className="helpdesk-muted" data-testid="temporary-code-waits">
            It works only from {when(issued.activeFrom)}: {user.name} was emailed a link to stop it until
            then.
          </p>
        ) : null}
        <p className="helpdesk-muted">
          It works until {when(issued.expiresAt)} for{' '}
          {issued.uses === 1 ? 'one sign-in' : `${issued.uses} sign-ins`}, and signing in with it leads
          straight to setting up a new authenticator.
        </p>
        <button type="button" className="button" data-autofocus onClick={() => void copy()}>
          Copy
        </button>
        <FormError message={error} />
      </Dialog>
    );
  }

  return (
    <Dialog
      title="Issue a temporary access code"
      onClose={close}
      actions={
        <>
          <button type="button" className="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" form="temp-code-dialog" className="button button--primary" disabled={busy}>
            Issue a code for {user.name}
          </button>
        </>
      }
    >
      <form id="temp-code-dialog" className="form" noValidate onSubmit={(event) => void submit(event)}>
        <p>
          {user.name} ({user.login}) signs in with the password and this code instead of the authenticator,
          then must set up a new authenticator. Their email tells them a code was issued.
        </p>
        <ReasonField {...reason.field} rows={2} />
        <ProofField field={proof.field} reason={reason.value} />
        <label className="field">
          <span className="field__label">Valid for</span>
          <select className="input" value={lifetime} onChange={(e) => setLifetime(Number(e.target.value))}>
            {LIFETIMES.map(([minutes, label]) => (
              <option key={minutes} value={minutes}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">Sign-ins it allows</span>
          <input
            className="input"
            type="number"
            min={1}
            max={TEMPORARY_CODE_MAX_USES}
            value={Number.isNaN(uses) ? '' : uses}
            onChange={(e) => setUses(e.target.valueAsNumber)}
          />
          <span className="field__hint">One by default; at most {TEMPORARY_CODE_MAX_USES}.</span>
        </label>
        {stepUp.needed ? (
          <CurrentPasswordField value={stepUp.password} onChange={stepUp.setPassword} />
        ) : null}
      </form>
      <FormError message={error} />
    </Dialog>
  );
}
