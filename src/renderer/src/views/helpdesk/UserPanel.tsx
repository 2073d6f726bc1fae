import { useCallback, useState } from 'react';
import { messageOf } from '../../api/client';
import type { AdminUserView } from '../../../../shared/ipc/channels/helpdesk';
import { useToast } from '../../components/toast';
import { CAPABILITY_LABELS } from '../../../../shared/admin-api/capabilities';
import { CallerCheckSection, type MatchedCallerCheck } from './CallerCheckSection';
import { DevicesSection } from './DevicesSection';
import { SignInsSection } from './SignInsSection';
import { TemporaryCodesSection } from './TemporaryCodesSection';
import { NotOffered } from './NotOffered';
import { RecentActivity } from './RecentActivity';
import { UserDialogs, type Open } from './UserDialogs';
import { useEscapeToClose } from './useEscapeToClose';
import { authorityProblem, type ConsoleRole } from '../../../../shared/admin-api/authority';
import { useCapability, useConsoleCall, useConsoleSession, when } from './session';
import { phoneDriftSentence } from '../../../../shared/clock-drift';
import { useLoaded } from './useLoaded';

interface UserPanelProps {
  readonly user: AdminUserView;
  /** The signed-in person's role, when known: some accounts are out of their reach. */
  readonly actorRole: ConsoleRole | null;
  readonly onChanged: (user: AdminUserView) => void;
  readonly onClose: () => void;
}

/** The selected user: 2FA state, dates, recovery codes left, recent audit entries, and the actions. */
export function UserPanel({ user, actorRole, onChanged, onClose }: UserPanelProps): React.JSX.Element {
  const consoleCall = useConsoleCall();
  const { login, refusesOwnAccount } = useConsoleSession();
  const toast = useToast();
  const [open, setOpen] = useState<Open>(null);

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

  useEscapeToClose(onClose);

  // The list leaves it out: the user's own page says how far their phone's clock is off,
  // read again after each check (a near miss is a measurement too).
  const { value: detail } = useLoaded(
    () => consoleCall('helpdesk.user', { id: user.id }),
    `${user.id}:${auditVersion}`,
  );
  const drift = detail?.id === user.id && user.twofa.enabled ? (detail.twofa.clockDrift ?? null) : null;

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
        {drift !== null ? (
          <>
            <dt>Phone clock</dt>
            <dd data-testid="clock-drift">{phoneDriftSentence(drift.offsetSeconds)}</dd>
          </>
        ) : null}
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
      <RecentActivity login={user.login} version={auditVersion} />
      <UserDialogs
        open={open}
        user={user}
        callerCheck={callerCheck}
        onClose={shut}
        onChecked={loadAudit}
        onCallerCheck={setCallerCheck}
        onDone={(updated, message, spentCallerCheck) => {
          // A caller check goes with one destructive action.
          if (spentCallerCheck) setCallerCheck(null);
          done(updated, message);
        }}
      />
    </aside>
  );
}
