import { useEffect, useState } from 'react';
import type { AuditRecordView } from '../../../../shared/ipc/channels/helpdesk';
import { useAuditSentence } from './auditWords';
import { useT } from '../../i18n';
import { useConsoleCall } from './session';
import { When } from './When';

/** The user panel's last ten audit entries about this login; `version` changes after each action. */
export function RecentActivity({ login, version }: { login: string; version: number }): React.JSX.Element {
  const t = useT();
  const auditSentence = useAuditSentence();
  const consoleCall = useConsoleCall();
  const [audit, setAudit] = useState<AuditRecordView[] | null>(null);

  useEffect(() => {
    let live = true;
    consoleCall('helpdesk.audit', { target: login, limit: 10 })
      .then((records) => live && setAudit(records))
      .catch(() => live && setAudit([]));
    return () => {
      live = false;
    };
  }, [consoleCall, login, version]);

  return (
    <section aria-label={t('helpdesk.recent.label')}>
      <h3 className="helpdesk-panel__subtitle">{t('helpdesk.recent.title')}</h3>
      {audit === null ? (
        <p className="helpdesk-muted">{t('common.state.loading')}</p>
      ) : audit.length === 0 ? (
        <p className="helpdesk-muted">{t('helpdesk.recent.empty')}</p>
      ) : (
        <ul className="helpdesk-audit-list">
          {audit.map((record, index) => (
            <li key={`${record.at}-${index}`}>
              <span className="helpdesk-muted">
                <When at={record.at} />
              </span>{' '}
              {auditSentence(record)}
              {record.reason ? <span className="helpdesk-muted"> — {record.reason}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
