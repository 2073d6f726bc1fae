import { countOf } from '../../../../shared/words';
import { useCallback, useEffect, useRef, useState } from 'react';
import { messageOf } from '../../api/client';
import type {
  AdminUserView,
  AuditRecordView,
  TemporaryCodeView,
  TrustedDeviceView,
} from '../../../../shared/ipc/channels/helpdesk';
import { useToast } from '../../components/toast';
import { CAPABILITY_LABELS } from '../../../../shared/admin-api/capabilities';
import { ReasonDialog, VerifyCodeDialog } from './ActionDialogs';
import { CallerCheckSection, type MatchedCallerCheck } from './CallerCheckSection';
import { DevicesSection } from './DevicesSection';
import { SignInsSection } from './SignInsSection';
import { IssueTemporaryCodeDialog, TemporaryCodesSection } from './TemporaryCodesSection';
import { NotOffered } from './NotOffered';
import { auditSentence } from '../../../../shared/admin-api/audit-sentence';
import { authorityProblem, type ConsoleRole } from '../../../../shared/admin-api/authority';
import { useCapability, useConsoleCall, useConsoleSession, when } from './session';

interface UserPanelProps {
  readonly user: AdminUserView;
  /** The signed-in person's role, when known: some accounts are out of their reach. */
  readonly actorRole: ConsoleRole | null;
  readonly onChanged: (user: AdminUserView) => void;
  readonly onClose: () => void;
}

type Open =
  | { kind: 'verify' | 'disable' | 'reset' | 'unlock' | 'devices' | 'issueCode' }
  | { kind: 'device'; device: TrustedDeviceView }
  | { kind: 'revokeCode'; code: TemporaryCodeView }
  | null;

/** The selected user: 2FA state, dates, recovery codes left, recent audit entries, and the actions. */
export function UserPanel({ user, actorRole, onChanged, onClose }: UserPanelProps): React.JSX.Element {
  const consoleCall = useConsoleCall();
  const { login, refusesOwnAccount } = useConsoleSession();
  const toast = useToast();
  const [open, setOpen] = useState<Open>(null);
  const [audit, setAudit] = useState<AuditRecordView[] | null>(null);

  const [auditVersion, setAuditVersion] = useState(0);
  const loadAudit = useCallback(() => setAuditVersion((version) => version + 1), []);
  const checkCode = useCapability('checkCode');
  const disable = useCapability('disableTwofa');
  const unlock = useCapability('unlock');
  const devices = useCapability('trustedDevices');
  const reset = useCapability('resetTwofa');
  const temporaryAccess = useCapability('temporaryAccess');
  const signInHistory = useCapability('signInHistory');
  const verifyCaller = useCapability('verifyCaller');
  const notOffered = (
    [
      ['checkCode', checkCode],
      ['resetTwofa', reset],
      ['disableTwofa', disable],
      ['unlock', unlock],
      ['verifyCaller', verifyCaller],
      ['temporaryAccess', temporaryAccess],
      ['trustedDevices', devices],
      ['signInHistory', signInHistory],
    ] as const
  ).filter(([, capability]) => !capability.offered);
  // A matched caller check travels with the next reset or disable (into its audit record).
  const [callerCheck, setCallerCheck] = useState<MatchedCallerCheck | null>(null);
  const shut = (): void => setOpen(null);

  useEffect(() => {
    let live = true;
    consoleCall('helpdesk.audit', { target: user.login, limit: 10 })
      .then((records) => live && setAudit(records))
      .catch(() => live && setAudit([]));
    return () => {
      live = false;
    };
  }, [consoleCall, user.login, auditVersion]);

  const done = (updated: AdminUserView, message: string): void => {
    setOpen(null);
    onChanged(updated);
    toast({ message });
    loadAudit();
  };

  const refresh = async (): Promise<void> => {
    loadAudit();
    try {
      onChanged(await consoleCall('helpdesk.user', { id: user.id }));
    } catch (caught) {
      toast({ message: messageOf(caught) });
    }
  };

  // Escape closes the panel, unless a dialog is open or a field wants the key (the search clears).
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  }, [onClose]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      if (document.querySelector('dialog[open]')) return;
      const target = event.target as HTMLElement | null;
      if (target && ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) return;
      onCloseRef.current();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  // The server would refuse every action on this account (the help desk on an administrator, say).
  const outOfReach = authorityProblem({ login, role: actorRole }, user, { selfRule: refusesOwnAccount });
  // Why an action is greyed out, said under the buttons and read with them.
  const whyNot = [
    outOfReach,
    outOfReach === null && !user.twofa.enabled && (checkCode.offered || disable.offered)
      ? `${user.name} has no two-factor authentication to check or turn off.`
      : null,
    outOfReach === null && !user.locked && unlock.offered
      ? `${user.name}'s account is not locked, so there is nothing to unlock.`
      : null,
  ].filter((line): line is string => line !== null);
  const whyId = `why-not-${user.id}`;

  return (
    <aside className="helpdesk-panel" aria-label={`User ${user.name}`}>
      <div className="helpdesk-panel__header">
        <div>
          <h2>{user.name}</h2>
          <p className="helpdesk-muted">
            {user.login} · {user.role}
          </p>
        </div>
        <button
          type="button"
          className="button button--quiet"
          aria-label="Close user details"
          onClick={onClose}
        >
          ✕
        </button>
      </div>
      <dl className="helpdesk-facts">
        <dt>Two-factor</dt>
        <dd>
          <span className={`pill ${user.twofa.enabled ? 'pill--on' : 'pill--off'}`} data-testid="twofa-state">
            {user.twofa.enabled ? '2FA on' : '2FA off'}
          </span>
        </dd>
        <dt>Enabled</dt>
        <dd>{when(user.twofa.enabledAt)}</dd>
        <dt>Last used</dt>
        <dd>{when(user.twofa.lastUsedAt)}</dd>
        <dt>Recovery codes left</dt>
        <dd>{user.twofa.enabled ? (user.twofa.recoveryCodesLeft ?? '—') : '—'}</dd>
        <dt>Account</dt>
        <dd>{user.locked ? <span className="pill pill--locked">Locked</span> : 'Not locked'}</dd>
      </dl>
      <div className="helpdesk-actions">
        {checkCode.offered ? (
          <button
            type="button"
            className="button"
            disabled={!user.twofa.enabled || outOfReach !== null}
            aria-describedby={user.twofa.enabled && outOfReach === null ? undefined : whyId}
            onClick={() => setOpen({ kind: 'verify' })}
          >
            Verify a code
          </button>
        ) : null}
        {reset.offered ? (
          <button
            type="button"
            className="button button--danger"
            disabled={outOfReach !== null}
            aria-describedby={outOfReach === null ? undefined : whyId}
            onClick={() => setOpen({ kind: 'reset' })}
          >
            Reset 2FA
          </button>
        ) : null}
        {disable.offered ? (
          <button
            type="button"
            className="button button--danger"
            disabled={!user.twofa.enabled || outOfReach !== null}
            aria-describedby={user.twofa.enabled && outOfReach === null ? undefined : whyId}
            onClick={() => setOpen({ kind: 'disable' })}
          >
            Disable 2FA
          </button>
        ) : null}
        {unlock.offered ? (
          <button
            type="button"
            className="button"
            disabled={!user.locked || outOfReach !== null}
            aria-describedby={user.locked && outOfReach === null ? undefined : whyId}
            onClick={() => setOpen({ kind: 'unlock' })}
          >
            Unlock
          </button>
        ) : null}
        <button
          type="button"
          className="button button--quiet"
          disabled={outOfReach !== null}
          aria-describedby={outOfReach === null ? undefined : whyId}
          onClick={() => void refresh()}
        >
          Refresh
        </button>
      </div>
      {whyNot.length > 0 ? (
        <p id={whyId} className="helpdesk-muted helpdesk-why-not">
          {whyNot.join(' ')}
        </p>
      ) : null}
      {notOffered.map(([name, capability]) => (
        <NotOffered key={name} what={CAPABILITY_LABELS[name]} why={capability.why} />
      ))}
      {outOfReach === null ? (
        <>
          {verifyCaller.offered ? (
            <CallerCheckSection key={user.id} user={user} onResult={setCallerCheck} />
          ) : null}
          {temporaryAccess.offered ? (
            <TemporaryCodesSection
              user={user}
              version={auditVersion}
              onIssue={() => setOpen({ kind: 'issueCode' })}
              onRevoke={(code) => setOpen({ kind: 'revokeCode', code })}
            />
          ) : null}
          {devices.offered ? (
            <DevicesSection
              userId={user.id}
              version={auditVersion}
              onRevoke={(device) => setOpen({ kind: 'device', device })}
              onRevokeAll={() => setOpen({ kind: 'devices' })}
            />
          ) : null}
          {signInHistory.offered ? <SignInsSection userId={user.id} version={auditVersion} /> : null}
        </>
      ) : null}
      <section aria-label="Recent audit entries">
        <h3 className="helpdesk-panel__subtitle">Recent activity</h3>
        {audit === null ? (
          <p className="helpdesk-muted">Loading…</p>
        ) : audit.length === 0 ? (
          <p className="helpdesk-muted">Nothing recorded for this user yet.</p>
        ) : (
          <ul className="helpdesk-audit-list">
            {audit.map((record, index) => (
              <li key={`${record.at}-${index}`}>
                <span className="helpdesk-muted">{when(record.at)}</span> {auditSentence(record)}
                {record.reason ? <span className="helpdesk-muted"> — {record.reason}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      {open?.kind === 'verify' ? <VerifyCodeDialog user={user} onClose={shut} onChecked={loadAudit} /> : null}
      {open?.kind === 'disable' ? (
        <ReasonDialog
          user={user}
          kind="disable"
          target={callerCheck ? { callerCheckId: callerCheck.id } : {}}
          onClose={shut}
          onDone={(updated) => {
            // A caller check goes with one destructive action.
            setCallerCheck(null);
            done(updated, `2FA is off for ${updated.name}; they can sign in with their password alone.`);
          }}
        />
      ) : null}
      {open?.kind === 'reset' ? (
        <ReasonDialog
          user={user}
          kind="reset"
          target={callerCheck ? { callerCheckId: callerCheck.id } : {}}
          onClose={shut}
          onDone={(updated) => {
            setCallerCheck(null);
            done(
              updated,
              `2FA is reset for ${updated.name}; their next sign-in sets up a new authenticator.`,
            );
          }}
        />
      ) : null}
      {open?.kind === 'devices' ? (
        <ReasonDialog
          user={user}
          kind="devices"
          onClose={shut}
          onDone={(same, revoked) =>
            done(
              same,
              `${countOf(revoked ?? 0, 'trusted device')} of ${same.name} revoked; the next sign-in asks for the code.`,
            )
          }
        />
      ) : null}
      {open?.kind === 'device' ? (
        <ReasonDialog
          user={user}
          kind="device"
          target={{ device: open.device }}
          onClose={shut}
          onDone={(same) => done(same, `${open.device.name ?? 'The browser'} is no longer trusted.`)}
        />
      ) : null}
      {open?.kind === 'issueCode' ? (
        <IssueTemporaryCodeDialog user={user} onClose={shut} onIssued={loadAudit} />
      ) : null}
      {open?.kind === 'revokeCode' ? (
        <ReasonDialog
          user={user}
          kind="revokeCode"
          target={{ codeId: open.code.id }}
          onClose={shut}
          onDone={(same) => done(same, `The temporary code of ${same.name} is revoked.`)}
        />
      ) : null}
      {open?.kind === 'unlock' ? (
        <ReasonDialog
          user={user}
          kind="unlock"
          onClose={shut}
          onDone={(updated) => done(updated, `${updated.name} is unlocked.`)}
        />
      ) : null}
    </aside>
  );
}
