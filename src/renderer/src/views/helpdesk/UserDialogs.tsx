import { countOf } from '../../../../shared/words';
import type {
  AdminUserView,
  TemporaryCodeView,
  TrustedDeviceView,
} from '../../../../shared/ipc/channels/helpdesk';
import { ReasonDialog, VerifyCodeDialog } from './ActionDialogs';
import { pendingMessage, type MatchedCallerCheck } from './ProofField';
import { IssueTemporaryCodeDialog } from './TemporaryCodesSection';

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
                how: "the caller read out a right code from the user's authenticator",
              });
            onChecked();
          }}
        />
      ) : null}
      {open?.kind === 'disable' ? (
        <ReasonDialog
          user={user}
          kind="disable"
          target={{ callerCheck }}
          onClose={onClose}
          onDone={(updated, _revoked, pendingUntil) =>
            onDone(
              updated,
              pendingUntil === undefined
                ? `2FA is off for ${updated.name}; they can sign in with their password alone.`
                : pendingMessage(`Turning 2FA off for ${updated.name}`, pendingUntil),
              true,
            )
          }
        />
      ) : null}
      {open?.kind === 'reset' ? (
        <ReasonDialog
          user={user}
          kind="reset"
          target={{ callerCheck }}
          onClose={onClose}
          onDone={(updated, _revoked, pendingUntil) =>
            onDone(
              updated,
              pendingUntil === undefined
                ? `2FA is reset for ${updated.name}; their next sign-in sets up a new authenticator.`
                : pendingMessage(`The reset of ${updated.name}'s 2FA`, pendingUntil),
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
            onDone(
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
          onClose={onClose}
          onDone={(same) => onDone(same, `${open.device.name ?? 'The browser'} is no longer trusted.`)}
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
          onDone={(same) => onDone(same, `The temporary code of ${same.name} is revoked.`)}
        />
      ) : null}
      {open?.kind === 'unlock' ? (
        <ReasonDialog
          user={user}
          kind="unlock"
          onClose={onClose}
          onDone={(updated) => onDone(updated, `${updated.name} is unlocked.`)}
        />
      ) : null}
    </>
  );
}
