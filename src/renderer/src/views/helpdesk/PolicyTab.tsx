import { PROOF_LABELS } from '../../../../shared/admin-api/vocabulary';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { messageOf } from '../../api/client';
import { CAPABILITY_LABELS } from '../../../../shared/admin-api/capabilities';
import type { PolicyView } from '../../../../shared/ipc/channels/helpdesk';
import { Dialog } from '../../components/Dialog';
import { FormError } from '../../components/FormError';
import { useToast } from '../../components/toast';
import { NotOffered } from './NotOffered';
import { ReasonField, useReason } from './ReasonField';
import { useCapability, useConsoleCall, useConsoleSession, useMyRole, when } from './session';

type RolePolicy = PolicyView['policies'][number];
type Role = RolePolicy['role'];

const ROLE_NAMES: Record<Role, string> = { user: 'Users', helpdesk: 'Help desk', admin: 'Administrators' };
const day = (iso: string): string => new Date(iso).toLocaleDateString(undefined, { dateStyle: 'medium' });

function graceText(policy: RolePolicy): string {
  if (!policy.required) return '—';
  if (policy.graceUntil) return `until ${day(policy.graceUntil)}`;
  const days = policy.graceDays ?? 0;
  if (days === 0) return 'none: enroll at the next sign-in';
  return `${days} day${days === 1 ? '' : 's'}${policy.since ? ` from ${day(policy.since)}` : ''}`;
}

/**
 * The 2FA enforcement policy per role, who is out of compliance and by when; administrators
 * change it (audited), everyone else sees it read-only and why.
 */
export function PolicyTab(): React.JSX.Element {
  const consoleCall = useConsoleCall();
  const { login } = useConsoleSession();
  const offered = useCapability('enforcementPolicy');
  // Whether this account may change the policy: the server's role rule.
  const myRole = useMyRole();
  const [policy, setPolicy] = useState<PolicyView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<RolePolicy | null>(null);

  const load = useCallback(() => {
    consoleCall('helpdesk.policy')
      .then((found) => {
        setPolicy(found);
        setError(null);
      })
      .catch((caught: unknown) => setError(messageOf(caught)));
  }, [consoleCall]);

  useEffect(() => {
    if (!offered.offered) return;
    load();
  }, [load, offered.offered]);

  if (!offered.offered) return <NotOffered what={CAPABILITY_LABELS.enforcementPolicy} why={offered.why} />;
  if (error && !policy) return <FormError message={error} />;
  if (!policy) return <p className="helpdesk-muted">Loading…</p>;
  const isAdmin = myRole === 'admin';
  const late = policy.outOfCompliance;

  return (
    <div className="helpdesk-policy">
      <section aria-label="2FA policy by role">
        <h3 className="helpdesk-panel__subtitle">Two-factor authentication by role</h3>
        <table className="helpdesk-table helpdesk-table--compact" aria-label="Policy">
          <thead>
            <tr>
              <th scope="col">Role</th>
              <th scope="col">2FA</th>
              <th scope="col">Grace period</th>
              <th scope="col">In force since</th>
              {isAdmin ? (
                <th scope="col">
                  <span className="visually-hidden">Change</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {policy.policies.map((row) => (
              <tr key={row.role} data-role={row.role}>
                <th scope="row">{ROLE_NAMES[row.role]}</th>
                <td>
                  <span className={`pill ${row.required ? 'pill--on' : 'pill--off'}`}>
                    {row.required ? 'Required' : 'Optional'}
                  </span>
                </td>
                <td>{graceText(row)}</td>
                <td>{row.updatedBy ? `${when(row.since)} by ${row.updatedBy}` : '—'}</td>
                {isAdmin ? (
                  <td>
                    <button
                      type="button"
                      className="button button--quiet"
                      aria-label={`Change the policy for ${ROLE_NAMES[row.role]}`}
                      onClick={() => setEditing(row)}
                    >
                      Change
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
        {isAdmin ? null : (
          <p className="helpdesk-muted" role="note" data-testid="policy-read-only">
            Read only: only administrators can change the 2FA policy, and you are signed in as {login}
            {myRole ? ` (${myRole === 'helpdesk' ? 'help desk' : myRole})` : ''}.
          </p>
        )}
      </section>
      {policy.resetPolicies !== undefined ? (
        <section aria-label="Before a reset">
          <h3 className="helpdesk-panel__subtitle">Before a reset, disable or temporary code</h3>
          <table className="helpdesk-table helpdesk-table--compact" aria-label="Proofs and cooldown">
            <thead>
              <tr>
                <th scope="col">Role</th>
                <th scope="col">Proofs enough</th>
                <th scope="col">Cooldown</th>
                <th scope="col">Set by</th>
              </tr>
            </thead>
            <tbody>
              {policy.resetPolicies.map((row) => (
                <tr key={row.role}>
                  <th scope="row">{ROLE_NAMES[row.role]}</th>
                  <td>{row.proofs.map((kind) => PROOF_LABELS[kind]).join('; ')}</td>
                  <td>
                    {row.cooldownMinutes === 0 ? 'none' : `${row.cooldownMinutes} min, the user can stop it`}
                  </td>
                  <td>{row.updatedBy ?? 'default'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="helpdesk-muted">
            Administrators change it with{' '}
            <code>twofold admin policy --role ROLE --proofs … --cooldown-minutes N</code>.
          </p>
        </section>
      ) : null}
      <section aria-label="Out of compliance">
        <h3 className="helpdesk-panel__subtitle">
          Out of compliance{late.total > 0 ? ` (${late.total})` : ''}
        </h3>
        {late.total === 0 ? (
          <p className="helpdesk-muted" data-testid="compliance-summary">
            {policy.policies.some((row) => row.required)
              ? 'Everyone in a role that requires 2FA has it.'
              : 'No role requires 2FA, so nobody is out of compliance.'}
          </p>
        ) : (
          <>
            <table className="helpdesk-table helpdesk-table--compact" aria-label="Accounts without 2FA">
              <thead>
                <tr>
                  <th scope="col">Login</th>
                  <th scope="col">Name</th>
                  <th scope="col">Role</th>
                  <th scope="col">Must enroll by</th>
                  <th scope="col">Now</th>
                </tr>
              </thead>
              <tbody>
                {late.users.map((user) => (
                  <tr key={user.id}>
                    <td className="helpdesk-table__login">{user.login}</td>
                    <td>{user.name}</td>
                    <td>{user.role}</td>
                    <td>{when(user.deadline)}</td>
                    <td>
                      <span className={`pill ${user.blocked ? 'pill--locked' : 'pill--off'}`}>
                        {user.blocked ? 'Can only enroll' : 'Reminded at sign-in'}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {late.total > late.users.length ? (
              <p className="helpdesk-muted">
                The {late.users.length} with the nearest deadlines of {late.total}.
              </p>
            ) : null}
          </>
        )}
      </section>
      {editing ? (
        <PolicyDialog
          policy={editing}
          onClose={() => setEditing(null)}
          onSaved={(next) => {
            setPolicy(next);
            setEditing(null);
          }}
        />
      ) : null}
    </div>
  );
}

/** An administrator changes one role's policy: required or not, the grace period, and why. */
function PolicyDialog({
  policy,
  onClose,
  onSaved,
}: {
  policy: RolePolicy;
  onClose: () => void;
  onSaved: (policy: PolicyView) => void;
}): React.JSX.Element {
  const consoleCall = useConsoleCall();
  const toast = useToast();
  const [required, setRequired] = useState(policy.required);
  const [graceKind, setGraceKind] = useState<'days' | 'date'>(policy.graceUntil ? 'date' : 'days');
  const [graceDays, setGraceDays] = useState(String(policy.graceDays ?? 14));
  const [graceUntil, setGraceUntil] = useState(policy.graceUntil?.slice(0, 10) ?? '');
  const reason = useReason();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const name = ROLE_NAMES[policy.role];

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setError(null);
    if (!reason.check()) return;
    const grace: { graceDays?: number; graceUntil?: string } = {};
    if (required && graceKind === 'days') {
      if (!/^\d{1,3}$/.test(graceDays.trim()) || Number(graceDays) > 365) {
        setError('The grace period is a whole number of days from 0 to 365.');
        return;
      }
      grace.graceDays = Number(graceDays);
    }
    if (required && graceKind === 'date') {
      if (graceUntil === '' || Number.isNaN(Date.parse(graceUntil))) {
        setError('Choose the date the grace period ends.');
        return;
      }
      grace.graceUntil = graceUntil;
    }
    setBusy(true);
    setError(null);
    try {
      const next = await consoleCall('helpdesk.setPolicy', {
        role: policy.role,
        required,
        ...grace,
        reason: reason.value.trim(),
      });
      toast({ message: `2FA is now ${required ? 'required' : 'optional'} for ${name.toLowerCase()}.` });
      onSaved(next);
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={`2FA policy for ${name.toLowerCase()}`}
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="policy-dialog" className="button button--primary" disabled={busy}>
            Save the policy for {name.toLowerCase()}
          </button>
        </>
      }
    >
      <form id="policy-dialog" className="form" noValidate onSubmit={(event) => void submit(event)}>
        <label className="helpdesk-choice">
          <input type="checkbox" checked={required} onChange={(e) => setRequired(e.target.checked)} />
          <span>Require two-factor authentication</span>
        </label>
        {required ? (
          <fieldset className="field">
            <legend className="field__label">Grace period</legend>
            <label className="helpdesk-choice">
              <input
                type="radio"
                name="grace"
                checked={graceKind === 'days'}
                onChange={() => setGraceKind('days')}
              />
              <span>A number of days</span>
            </label>
            {graceKind === 'days' ? (
              <input
                className="input"
                aria-label="Days of grace"
                inputMode="numeric"
                value={graceDays}
                onChange={(e) => setGraceDays(e.target.value)}
              />
            ) : null}
            <label className="helpdesk-choice">
              <input
                type="radio"
                name="grace"
                checked={graceKind === 'date'}
                onChange={() => setGraceKind('date')}
              />
              <span>Until a date</span>
            </label>
            {graceKind === 'date' ? (
              <input
                className="input"
                type="date"
                aria-label="Grace period ends"
                value={graceUntil}
                onChange={(e) => setGraceUntil(e.target.value)}
              />
            ) : null}
            <span className="field__hint">
              Inside the grace period people are reminded at each sign-in; after it they can only enroll.
            </span>
          </fieldset>
        ) : null}
        <ReasonField {...reason.field} rows={2} placeholder="e.g. Security baseline 2026, ticket 812" />
      </form>
      <FormError message={error} />
    </Dialog>
  );
}
