// The audit log's sentences in the active language: the shape of each sentence is the shared one
// (src/shared/admin-api/audit-sentence.ts); its words come from the catalogue, by the action's key
// (src/shared/i18n/audit-words.ts).
import { useCallback, useMemo } from 'react';
import { useIntl } from 'react-intl';
import type { AuditRecordView } from '../../../../shared/ipc/channels/helpdesk';
import { AUDIT_ACTIONS, auditSentenceShape } from '../../../../shared/admin-api/audit-sentence';
import { auditActionIds } from '../../../../shared/i18n/audit-words';
import { useT } from '../../i18n';

/** `sentence(record)`: "root turned off two-factor authentication for alice", in the active language. */
export function useAuditSentence(): (record: AuditRecordView) => string {
  const t = useT();
  return useCallback(
    (record: AuditRecordView) => {
      const shape = auditSentenceShape(record);
      const ids = shape.kind === 'unknown' ? undefined : auditActionIds(shape.action);
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
        const ids = auditActionIds(action);
        return { action, name: ids ? t(ids.name) : name };
      }).sort((a, b) => a.name.localeCompare(b.name, locale)),
    [t, locale],
  );
}
