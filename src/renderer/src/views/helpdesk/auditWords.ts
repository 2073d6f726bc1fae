// The audit log's sentences in the active language: the shape of each sentence is the shared one
// (src/shared/admin-api/audit-sentence.ts); its words come from the catalogue, by the action's key.
import { useCallback, useMemo } from 'react';
import { useIntl } from 'react-intl';
import type { AuditRecordView } from '../../../../shared/ipc/channels/helpdesk';
import { AUDIT_ACTIONS, auditSentenceShape } from '../../../../shared/admin-api/audit-sentence';
import type { MessageId } from '../../../../shared/i18n';
import { useT } from '../../i18n';

interface ActionIds {
  readonly name: MessageId;
  readonly done: MessageId;
  readonly tried: MessageId;
  readonly failed?: MessageId;
}

/** Every audit action with words (the same keys as the shared table). */
const ACTION_IDS: Readonly<Record<string, ActionIds>> = {
  'web.login': {
    name: 'helpdesk.auditAction.webLogin.name',
    done: 'helpdesk.auditAction.webLogin.done',
    tried: 'helpdesk.auditAction.webLogin.tried',
  },
  'web.login.2fa': {
    name: 'helpdesk.auditAction.webLogin2fa.name',
    done: 'helpdesk.auditAction.webLogin2fa.done',
    tried: 'helpdesk.auditAction.webLogin2fa.tried',
  },
  'web.login.recovery-code': {
    name: 'helpdesk.auditAction.webLoginRecoveryCode.name',
    done: 'helpdesk.auditAction.webLoginRecoveryCode.done',
    tried: 'helpdesk.auditAction.webLoginRecoveryCode.tried',
  },
  'web.login.temporary-code': {
    name: 'helpdesk.auditAction.webLoginTemporaryCode.name',
    done: 'helpdesk.auditAction.webLoginTemporaryCode.done',
    tried: 'helpdesk.auditAction.webLoginTemporaryCode.tried',
  },
  'web.2fa.enable': {
    name: 'helpdesk.auditAction.web2faEnable.name',
    done: 'helpdesk.auditAction.web2faEnable.done',
    tried: 'helpdesk.auditAction.web2faEnable.tried',
  },
  'web.2fa.disable': {
    name: 'helpdesk.auditAction.web2faDisable.name',
    done: 'helpdesk.auditAction.web2faDisable.done',
    tried: 'helpdesk.auditAction.web2faDisable.tried',
  },
  'web.recovery.regenerate': {
    name: 'helpdesk.auditAction.webRecoveryRegenerate.name',
    done: 'helpdesk.auditAction.webRecoveryRegenerate.done',
    tried: 'helpdesk.auditAction.webRecoveryRegenerate.tried',
  },
  'auth.failures': {
    name: 'helpdesk.auditAction.authFailures.name',
    done: 'helpdesk.auditAction.authFailures.done',
    tried: 'helpdesk.auditAction.authFailures.tried',
  },
  'api.session': {
    name: 'helpdesk.auditAction.apiSession.name',
    done: 'helpdesk.auditAction.apiSession.done',
    tried: 'helpdesk.auditAction.apiSession.tried',
  },
  'api.step-up': {
    name: 'helpdesk.auditAction.apiStepUp.name',
    done: 'helpdesk.auditAction.apiStepUp.done',
    tried: 'helpdesk.auditAction.apiStepUp.tried',
  },
  'me.2fa.setup': {
    name: 'helpdesk.auditAction.me2faSetup.name',
    done: 'helpdesk.auditAction.me2faSetup.done',
    tried: 'helpdesk.auditAction.me2faSetup.tried',
  },
  'me.2fa.enable': {
    name: 'helpdesk.auditAction.me2faEnable.name',
    done: 'helpdesk.auditAction.me2faEnable.done',
    tried: 'helpdesk.auditAction.me2faEnable.tried',
  },
  'me.recovery.regenerate': {
    name: 'helpdesk.auditAction.meRecoveryRegenerate.name',
    done: 'helpdesk.auditAction.meRecoveryRegenerate.done',
    tried: 'helpdesk.auditAction.meRecoveryRegenerate.tried',
  },
  'session.signin': {
    name: 'helpdesk.auditAction.sessionSignin.name',
    done: 'helpdesk.auditAction.sessionSignin.done',
    tried: 'helpdesk.auditAction.sessionSignin.tried',
  },
  'self.2fa.enable': {
    name: 'helpdesk.auditAction.self2faEnable.name',
    done: 'helpdesk.auditAction.self2faEnable.done',
    tried: 'helpdesk.auditAction.self2faEnable.tried',
  },
  'self.recovery.regenerate': {
    name: 'helpdesk.auditAction.selfRecoveryRegenerate.name',
    done: 'helpdesk.auditAction.selfRecoveryRegenerate.done',
    tried: 'helpdesk.auditAction.selfRecoveryRegenerate.tried',
  },
  'user.2fa.check': {
    name: 'helpdesk.auditAction.user2faCheck.name',
    done: 'helpdesk.auditAction.user2faCheck.done',
    tried: 'helpdesk.auditAction.user2faCheck.tried',
    failed: 'helpdesk.auditAction.user2faCheck.failed',
  },
  'user.2fa.disable': {
    name: 'helpdesk.auditAction.user2faDisable.name',
    done: 'helpdesk.auditAction.user2faDisable.done',
    tried: 'helpdesk.auditAction.user2faDisable.tried',
  },
  'user.2fa.reset': {
    name: 'helpdesk.auditAction.user2faReset.name',
    done: 'helpdesk.auditAction.user2faReset.done',
    tried: 'helpdesk.auditAction.user2faReset.tried',
  },
  'user.temporary-code.issue': {
    name: 'helpdesk.auditAction.userTemporaryCodeIssue.name',
    done: 'helpdesk.auditAction.userTemporaryCodeIssue.done',
    tried: 'helpdesk.auditAction.userTemporaryCodeIssue.tried',
  },
  'user.temporary-code.revoke': {
    name: 'helpdesk.auditAction.userTemporaryCodeRevoke.name',
    done: 'helpdesk.auditAction.userTemporaryCodeRevoke.done',
    tried: 'helpdesk.auditAction.userTemporaryCodeRevoke.tried',
  },
  'user.device.revoke': {
    name: 'helpdesk.auditAction.userDeviceRevoke.name',
    done: 'helpdesk.auditAction.userDeviceRevoke.done',
    tried: 'helpdesk.auditAction.userDeviceRevoke.tried',
  },
  'user.devices.revoke': {
    name: 'helpdesk.auditAction.userDevicesRevoke.name',
    done: 'helpdesk.auditAction.userDevicesRevoke.done',
    tried: 'helpdesk.auditAction.userDevicesRevoke.tried',
  },
  'user.caller-check.send': {
    name: 'helpdesk.auditAction.userCallerCheckSend.name',
    done: 'helpdesk.auditAction.userCallerCheckSend.done',
    tried: 'helpdesk.auditAction.userCallerCheckSend.tried',
  },
  'user.caller-check.verify': {
    name: 'helpdesk.auditAction.userCallerCheckVerify.name',
    done: 'helpdesk.auditAction.userCallerCheckVerify.done',
    tried: 'helpdesk.auditAction.userCallerCheckVerify.tried',
    failed: 'helpdesk.auditAction.userCallerCheckVerify.failed',
  },
  'user.password': {
    name: 'helpdesk.auditAction.userPassword.name',
    done: 'helpdesk.auditAction.userPassword.done',
    tried: 'helpdesk.auditAction.userPassword.tried',
  },
  'user.unlock': {
    name: 'helpdesk.auditAction.userUnlock.name',
    done: 'helpdesk.auditAction.userUnlock.done',
    tried: 'helpdesk.auditAction.userUnlock.tried',
  },
  'policy.set': {
    name: 'helpdesk.auditAction.policySet.name',
    done: 'helpdesk.auditAction.policySet.done',
    tried: 'helpdesk.auditAction.policySet.tried',
  },
};

const idsOf = (action: string): ActionIds | undefined =>
  Object.hasOwn(ACTION_IDS, action) ? ACTION_IDS[action] : undefined;

/** `sentence(record)`: "root turned off two-factor authentication for alice", in the active language. */
export function useAuditSentence(): (record: AuditRecordView) => string {
  const t = useT();
  return useCallback(
    (record: AuditRecordView) => {
      const shape = auditSentenceShape(record);
      const ids = shape.kind === 'unknown' ? undefined : idsOf(shape.action);
      if (shape.kind === 'unknown' || !ids) {
        return t('helpdesk.audit.unknown', {
          actor: record.actor,
          what: shape.kind === 'unknown' ? shape.what : record.action,
          hasTarget: record.target ? 'yes' : 'no',
          target: record.target ?? '',
          hasResult: record.result === 'ok' ? 'no' : 'yes',
          result: record.result,
        });
      }
      if (shape.kind === 'counted') return t(ids.done);
      const target =
        'role' in shape.target
          ? t('helpdesk.audit.roleTarget', { role: shape.target.role })
          : 'account' in shape.target
            ? shape.target.account
            : t('helpdesk.audit.anAccount');
      const values = { actor: record.actor, target, outcome: shape.outcome };
      if (shape.kind === 'done') return t(ids.done, values);
      if (shape.kind === 'failed' && ids.failed) return t(ids.failed, values);
      return t(ids.tried, values);
    },
    [t],
  );
}

/** The audit filter's list of actions, by their name in the active language. */
export function useAuditActions(): readonly { readonly action: string; readonly name: string }[] {
  const t = useT();
  const { locale } = useIntl();
  return useMemo(
    () =>
      AUDIT_ACTIONS.map(({ action, name }) => {
        const ids = idsOf(action);
        return { action, name: ids ? t(ids.name) : name };
      }).sort((a, b) => a.name.localeCompare(b.name, locale)),
    [t, locale],
  );
}
