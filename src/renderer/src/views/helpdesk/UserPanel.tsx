import { useCallback, useState } from 'react';
import { useIntl } from 'react-intl';
import { messageOf } from '../../api/client';
import type { AdminUserView } from '../../../../shared/ipc/channels/helpdesk';
import { useToast } from '../../components/toast';
import { CallerCheckSection, type MatchedCallerCheck } from './CallerCheckSection';
import { DevicesSection } from './DevicesSection';
import { SignInsSection } from './SignInsSection';
import { TemporaryCodesSection } from './TemporaryCodesSection';
import { NotOffered } from './NotOffered';
import { RecentActivity } from './RecentActivity';
import { UserDialogs, type Open } from './UserDialogs';
import { useEscapeToClose } from './useEscapeToClose';
import { authorityProblemKind, type ConsoleRole } from '../../../../shared/admin-api/authority';
import { useCapability, useConsoleCall, useConsoleSession } from './session';
import { useT } from '../../i18n';
import { useClockWords } from './clockWords';
import { useLoaded } from './useLoaded';
import { When } from './When';

interface UserPanelProps {
  readonly user: AdminUserView;
  /** The signed-in person's role, when known: some accounts are out of their reach. */
  readonly actorRole: ConsoleRole | null;
  readonly onChanged: (user: AdminUserView) => void;
  readonly onClose: () => void;
}

/** The selected user: 2FA state, dates, recovery codes left, recent audit entries, and the actions. */
export function UserPanel({ user, actorRole, onChanged, onClose }: UserPanelProps): React.JSX.Element {
  const t = useT();
  const intl = useIntl();
  const { drift: phoneDriftSentence } = useClockWords();
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
  const problem = authorityProblemKind({ login, role: actorRole }, user, { selfRule: refusesOwnAccount });
  const outOfReach = problem === null ? null : t(`helpdesk.authority.${problem}`);
  // Why an action is greyed out, said under the buttons and read with them.
  const whyNot = [
    outOfReach,
    outOfReach === null && !user.twofa.enabled && (checkCode.offered || disable.offered)
      ? t('helpdesk.user.whyNoTwofa', { name: user.name })
      : null,
    outOfReach === null && !user.locked && unlock.offered
      ? t('helpdesk.user.whyNotLocked', { name: user.name })
      : null,
  ].filter((line): line is string => line !== null);
  const whyId = `why-not-${user.id}`;

  return (
    <aside className="helpdesk-panel" aria-label={t('helpdesk.user.label', { name: user.name })}>
      <div className="helpdesk-panel__header">
        <div>
          <h2 translate="no">{user.name}</h2>
          <p className="helpdesk-muted">
            {t('helpdesk.user.loginRole', { login: user.login, role: user.role })}
          </p>
        </div>
        <button
          type="button"
          className="button button--quiet"
          aria-label={t('helpdesk.user.close')}
          onClick={onClose}
        >
          ✕
        </button>
      </div>
      <dl className="helpdesk-facts">
        <dt>{t('helpdesk.user.twofa')}</dt>
        <dd>
          <span className={`pill ${user.twofa.enabled ? 'pill--on' : 'pill--off'}`} data-testid="twofa-state">
            {user.twofa.enabled ? t('helpdesk.user.twofaOn') : t('helpdesk.user.twofaOff')}
          </span>
        </dd>
        <dt>{t('helpdesk.user.enabledAt')}</dt>
        <dd>
          <When at={user.twofa.enabledAt} />
        </dd>
        <dt>{t('helpdesk.user.lastUsed')}</dt>
        <dd>
          <When at={user.twofa.lastUsedAt} />
        </dd>
        {drift !== null ? (
          <>
            <dt>{t('helpdesk.user.phoneClock')}</dt>
            <dd data-testid="clock-drift">{phoneDriftSentence(drift.offsetSeconds)}</dd>
          </>
        ) : null}
        <dt>{t('helpdesk.user.recoveryLeft')}</dt>
        <dd>
          {user.twofa.enabled && user.twofa.recoveryCodesLeft != null
            ? intl.formatNumber(user.twofa.recoveryCodesLeft)
            : '—'}
        </dd>
        <dt>{t('helpdesk.user.account')}</dt>
        <dd>
          {user.locked ? (
            <span className="pill pill--locked">{t('helpdesk.user.locked')}</span>
          ) : (
            t('helpdesk.user.notLocked')
          )}
        </dd>
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
            {t('helpdesk.user.verify')}
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
            {t('helpdesk.user.reset')}
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
            {t('helpdesk.user.disable')}
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
            {t('helpdesk.user.unlock')}
          </button>
        ) : null}
        <button
          type="button"
          className="button button--quiet"
          disabled={outOfReach !== null}
          aria-describedby={outOfReach === null ? undefined : whyId}
          onClick={() => void refresh()}
        >
          {t('helpdesk.user.refresh')}
        </button>
      </div>
      {whyNot.length > 0 ? (
        <p id={whyId} className="helpdesk-muted helpdesk-why-not">
          {whyNot.join(' ')}
        </p>
      ) : null}
      {notOffered.map(([name, capability]) => (
        <NotOffered key={name} what={name} why={capability.why} />
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
