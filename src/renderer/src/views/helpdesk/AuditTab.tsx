import { useEffect, useState, type FormEvent } from 'react';
import { messageOf } from '../../api/client';
import type { AuditRecordView } from '../../../../shared/ipc/channels/helpdesk';
import { saveText, useCapability, useConsoleCall, useConsoleSession } from './session';
import type { MessageId } from '../../../../shared/i18n';
import { useRichT, useT } from '../../i18n';
import { useAuditActions, useAuditSentence } from './auditWords';
import { FormError } from '../../components/FormError';
import { When } from './When';

interface Filters {
  actor: string;
  target: string;
  action: string;
  from: string;
  to: string;
}

const EMPTY: Filters = { actor: '', target: '', action: '', from: '', to: '' };

function csvOf(records: readonly AuditRecordView[]): string {
  const cell = (value: string | null): string => {
    let text = value ?? '';
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const rows = records.map((r) =>
    [r.at, r.actor, r.action, r.target, r.reason, r.result, r.clientAddress].map(cell).join(','),
  );
  return ['at,actor,action,target,reason,result,client address', ...rows].join('\r\n') + '\r\n';
}

type ChainState = {
  whole: boolean;
  records: number;
  problem: string | null;
  forwarding?: { destination: string; backlog: number; lastError: string | null }[] | undefined;
};

/** Where this computer's log is forwarded (the organisation's managed setting) and what waits. */
function ForwardingNote({ chain }: { chain: ChainState | null }): React.JSX.Element | null {
  const t = useT();
  const forwarding = chain?.forwarding ?? [];
  if (forwarding.length === 0) return null;
  return (
    <ul className="helpdesk-forwarding" aria-label="Forwarding" role="status">
      {forwarding.map((status) => (
        <li key={status.destination} data-backlog={status.backlog}>
          {t('helpdesk.audit.forwarding', { destination: status.destination, count: status.backlog })}
          {status.lastError ? (
            <>
              {' '}
              <span className="helpdesk-forwarding__error">
                {t('helpdesk.audit.forwardingFailed', { error: status.lastError })}
              </span>
            </>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/**
 * For a server that keeps no audit log: says that what follows is Twofold's own record of this
 * computer's actions, and whether its hash chain (and head record) are whole.
 */
function LocalLogNote({ chain, why }: { chain: ChainState | null; why: string | null }): React.JSX.Element {
  const t = useT();
  const rich = useRichT();
  const { profile } = useConsoleSession();
  return (
    <section className="helpdesk-local-log" aria-label={t('helpdesk.audit.aboutLabel')}>
      <p>
        {rich('helpdesk.audit.localLog', { profile, b: (chunks) => <strong>{chunks}</strong> })}
        {why ? ` ${why}` : ''}
      </p>
      {chain === null ? null : chain.whole ? (
        <p className="helpdesk-verdict helpdesk-verdict--ok" role="status" data-chain="whole">
          {t('helpdesk.audit.chainWhole', { count: chain.records })}
        </p>
      ) : (
        <p className="helpdesk-verdict helpdesk-verdict--bad" role="status" data-chain="broken">
          {t('helpdesk.audit.chainBroken', { problem: chain.problem ?? '' })}
        </p>
      )}
    </section>
  );
}

/** The audit log with filters; exportable as CSV. */
export function AuditTab(): React.JSX.Element {
  const t = useT();
  const auditSentence = useAuditSentence();
  const auditActions = useAuditActions();
  const consoleCall = useConsoleCall();
  const serverAudit = useCapability('serverAudit');
  const [chain, setChain] = useState<ChainState | null>(null);
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [records, setRecords] = useState<AuditRecordView[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const query = Object.fromEntries(
      Object.entries(filters)
        .filter(([, value]) => value.trim() !== '')
        .map(([key, value]) => [
          key,
          key === 'to' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T23:59:59.999Z` : value.trim(),
        ]),
    );
    let live = true;
    consoleCall('helpdesk.audit', { ...query, limit: 500 })
      .then((found) => {
        if (!live) return;
        setRecords(found);
        setError(null);
      })
      .catch((caught: unknown) => live && setError(messageOf(caught)));
    // The local log is checked again with every reload of what it shows (kept for every server, and
    // forwarded where the organisation says so).
    consoleCall('helpdesk.auditVerify')
      .then((check) => live && setChain(check))
      .catch((caught: unknown) => live && setError(messageOf(caught)));
    return () => {
      live = false;
    };
  }, [consoleCall, filters, serverAudit.offered]);

  const apply = (event: FormEvent): void => {
    event.preventDefault();
    setFilters({ ...draft });
  };
  const field = (key: keyof Filters, label: MessageId, type = 'text', placeholder?: string) => (
    <label className="field">
      <span className="field__label">{t(label)}</span>
      <input
        className="input"
        type={type}
        value={draft[key]}
        placeholder={placeholder}
        onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
      />
    </label>
  );

  return (
    <div className="helpdesk-audit">
      {serverAudit.offered ? null : <LocalLogNote chain={chain} why={serverAudit.why} />}
      <ForwardingNote chain={chain} />
      <form className="helpdesk-filters" onSubmit={apply} aria-label={t('helpdesk.audit.filtersLabel')}>
        {field('actor', 'helpdesk.audit.actor', 'text', t('helpdesk.audit.actorPlaceholder'))}
        {field('target', 'helpdesk.audit.target')}
        <label className="field">
          <span className="field__label">{t('helpdesk.audit.action')}</span>
          <select
            className="input"
            value={draft.action}
            onChange={(e) => setDraft({ ...draft, action: e.target.value })}
          >
            <option value="">{t('helpdesk.audit.anyAction')}</option>
            {auditActions.map(({ action, name }) => (
              <option key={action} value={action}>
                {name}
              </option>
            ))}
          </select>
        </label>
        {field('from', 'helpdesk.audit.from', 'date')}
        {field('to', 'helpdesk.audit.to', 'date')}
        <div className="helpdesk-filters__buttons">
          <button type="submit" className="button button--primary">
            {t('helpdesk.audit.filter')}
          </button>
          <button
            type="button"
            className="button"
            disabled={!records || records.length === 0}
            onClick={() => records && saveText('twofold-audit.csv', csvOf(records))}
          >
            {t('helpdesk.action.exportCsv')}
          </button>
        </div>
      </form>
      <FormError message={error} />
      <table className="helpdesk-table" aria-label={t('helpdesk.audit.tableLabel')}>
        <thead>
          <tr>
            <th scope="col">{t('helpdesk.signIns.colWhen')}</th>
            <th scope="col">{t('helpdesk.audit.colWhat')}</th>
            <th scope="col">{t('helpdesk.reason.label')}</th>
            <th scope="col">{t('helpdesk.audit.colFrom')}</th>
          </tr>
        </thead>
        <tbody>
          {records?.map((record, index) => (
            <tr key={`${record.at}-${index}`}>
              <td>
                <When at={record.at} />
              </td>
              <td>{auditSentence(record)}</td>
              <td>{record.reason ?? ''}</td>
              <td translate="no" dir="ltr">
                {record.clientAddress ?? ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {records && records.length === 0 ? <p className="helpdesk-empty">{t('helpdesk.audit.empty')}</p> : null}
    </div>
  );
}
