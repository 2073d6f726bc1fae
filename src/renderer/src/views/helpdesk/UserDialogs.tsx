import type {
  AdminUserView,
  TemporaryCodeView,
  TrustedDeviceView,
} from '../../../../shared/ipc/channels/helpdesk';
import { GUARDED_ACTION, ReasonDialog, VerifyCodeDialog } from './ActionDialogs';
import { usePendingMessage, type MatchedCallerCheck } from './ProofField';
import { IssueTemporaryCodeDialog } from './TemporaryCodesSection';
import { useT } from '../../i18n';

/** Which of the user panel's dialogs is open. */
export type Open =
  | { kind: 'verify' | 'disable' | 'reset' | 'unlock' | 'devices' | 'issueCode' }
  | { kind: 'device'; device: TrustedDeviceView }
  | { kind: 'revokeCode'; code: TemporaryCodeView }
  | null;

interface UserDialogsProps {
  readonly open: Open;
  readonly user: AdminUserView;
  /** A matched caller check, which goes with the next reset or disable (into its audit record). */
  readonly callerCheck: MatchedCallerCheck | null;
  readonly onClose: () => void;
  /** Something was recorded without changing the user (a code checked, a temporary code issued). */
  readonly onChecked: () => void;
  /** A right code from the user's authenticator: a caller check passed. */
  readonly onCallerCheck: (check: MatchedCallerCheck) => void;
  /** Done: the user as they are now, what to tell the admin, and whether the caller check was spent. */
  readonly onDone: (user: AdminUserView, message: string, spentCallerCheck?: boolean) => void;
}

/** The user panel's action dialogs: verify a code, and the actions that need a reason. */
export function UserDialogs({
  open,
  user,
  callerCheck,
  onClose,
  onChecked,
  onCallerCheck,
  onDone,
}: UserDialogsProps): React.JSX.Element {
  const t = useT();
  const pendingMessage = usePendingMessage();
  const guarded = open?.kind === 'disable' || open?.kind === 'reset' ? open.kind : null;
  return (
    <>
      {open?.kind === 'verify' ? (
        <VerifyCodeDialog
          user={user}
          onClose={onClose}
          onChecked={(callerCheckId) => {
            if (callerCheckId !== undefined)
              onCallerCheck({
                id: callerCheckId,
                how: 'authenticator',
              });
            onChecked();
          }}
        />
      ) : null}
      {guarded !== null ? (
        <ReasonDialog
          key={guarded}
          user={user}
          kind={guarded}
          target={{ callerCheck }}
          onClose={onClose}
          onDone={(updated, _revoked, pendingUntil) =>
            onDone(
              updated,
              pendingUntil !== undefined
                ? pendingMessage(GUARDED_ACTION[guarded], updated.name, pendingUntil)
                : guarded === 'disable'
                  ? t('helpdesk.done.disabled', { name: updated.name })
                  : t('helpdesk.done.reset', { name: updated.name }),
              true,
            )
          }
        />
      ) : null}
      {open?.kind === 'devices' ? (
        <ReasonDialog
          user={user}
          kind="devices"
          onClose={onClose}
          onDone={(same, revoked) =>
            onDone(same, t('helpdesk.done.devices', { count: revoked ?? 0, name: same.name }))
          }
        />
      ) : null}
      {open?.kind === 'device' ? (
        <ReasonDialog
          user={user}
          kind="device"
          target={{ device: open.device }}
          onClose={onClose}
          onDone={(same) =>
            onDone(
              same,
              open.device.name
                ? t('helpdesk.done.device', { device: open.device.name })
                : t('helpdesk.done.deviceUnnamed'),
            )
          }
        />
      ) : null}
      {open?.kind === 'issueCode' ? (
        <IssueTemporaryCodeDialog
          user={user}
          callerCheck={callerCheck}
          onClose={onClose}
          onIssued={onChecked}
        />
      ) : null}
      {open?.kind === 'revokeCode' ? (
        <ReasonDialog
          user={user}
          kind="revokeCode"
          target={{ codeId: open.code.id }}
          onClose={onClose}
          onDone={(same) => onDone(same, t('helpdesk.done.revokeCode', { name: same.name }))}
        />
      ) : null}
      {open?.kind === 'unlock' ? (
        <ReasonDialog
          user={user}
          kind="unlock"
          onClose={onClose}
          onDone={(updated) => onDone(updated, t('helpdesk.done.unlocked', { name: updated.name }))}
        />
      ) : null}
    </>
  );
}
