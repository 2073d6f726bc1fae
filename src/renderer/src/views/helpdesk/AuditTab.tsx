import { countOf } from '../../../../shared/words';
import { useEffect, useState, type FormEvent } from 'react';
import { messageOf } from '../../api/client';
import type { AuditRecordView } from '../../../../shared/ipc/channels/helpdesk';
import { saveText, useCapability, useConsoleCall, useConsoleSession, when } from './session';
import { AUDIT_ACTIONS, auditSentence } from '../../../../shared/admin-api/audit-sentence';
import { FormError } from '../../components/FormError';
import { useT } from '../../i18n';

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
  const { profile } = useConsoleSession();
  return (
    <section className="helpdesk-local-log" aria-label="About this log">
      <p>
        <strong>This is Twofold&apos;s own local record of the actions taken from this computer</strong> on{' '}
        {profile}; actions taken elsewhere are not in it.{why ? ` ${why}` : ''}
      </p>
      {chain === null ? null : chain.whole ? (
        <p className="helpdesk-verdict helpdesk-verdict--ok" role="status" data-chain="whole">
          Whole: none of its {countOf(chain.records, 'record')} has been changed, removed or inserted.
        </p>
      ) : (
        <p className="helpdesk-verdict helpdesk-verdict--bad" role="status" data-chain="broken">
          Broken: the log on this computer has been tampered with — {chain.problem}. Do not rely on what it
          shows.
        </p>
      )}
    </section>
  );
}

/** The audit log with filters; exportable as CSV. */
export function AuditTab(): React.JSX.Element {
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
  const field = (key: keyof Filters, label: string, type = 'text', placeholder?: string) => (
    <label className="field">
      <span className="field__label">{label}</span>
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
      <form className="helpdesk-filters" onSubmit={apply} aria-label="Audit filters">
        {field('actor', 'Actor', 'text', 'login or name')}
        {field('target', 'Target')}
        <label className="field">
          <span className="field__label">Action</span>
          <select
            className="input"
            value={draft.action}
            onChange={(e) => setDraft({ ...draft, action: e.target.value })}
          >
            <option value="">Any action</option>
            {AUDIT_ACTIONS.map(({ action, name }) => (
              <option key={action} value={action}>
                {name}
              </option>
            ))}
          </select>
        </label>
        {field('from', 'From', 'date')}
        {field('to', 'To', 'date')}
        <div className="helpdesk-filters__buttons">
          <button type="submit" className="button button--primary">
            Filter
          </button>
          <button
            type="button"
            className="button"
            disabled={!records || records.length === 0}
            onClick={() => records && saveText('twofold-audit.csv', csvOf(records))}
          >
            Export CSV
          </button>
        </div>
      </form>
      <FormError message={error} />
      <table className="helpdesk-table" aria-label="Audit log">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">What happened</th>
            <th scope="col">Reason</th>
            <th scope="col">From</th>
          </tr>
        </thead>
        <tbody>
          {records?.map((record, index) => (
            <tr key={`${record.at}-${index}`}>
              <td>{when(record.at)}</td>
              <td>{auditSentence(record)}</td>
              <td>{record.reason ?? ''}</td>
              <td>{record.clientAddress ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {records && records.length === 0 ? (
        <p className="helpdesk-empty">Nothing recorded for these filters.</p>
      ) : null}
    </div>
  );
}
