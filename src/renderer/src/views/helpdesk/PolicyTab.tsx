import { useCallback, useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import { messageOf } from '../../api/client';
import type { PolicyView } from '../../../../shared/ipc/channels/helpdesk';
import { FormDialog, useSubmission } from '../../components/FormDialog';
import { FormError } from '../../components/FormError';
import { useToast } from '../../components/toast';
import { useRichT, useT, type Translate } from '../../i18n';
import { NotOffered } from './NotOffered';
import { proofKey } from './ProofField';
import { ReasonField, useReason } from './ReasonField';
import { ResetPolicyDialog } from './ResetPolicyDialog';
import { CurrentPasswordField } from './CurrentPasswordField';
import { useStepUp } from './useStepUp';
import { useCapability, useConsoleCall, useConsoleSession, useMyRole, useWhen } from './session';
import { When } from './When';

type RolePolicy = PolicyView['policies'][number];
type ResetRule = NonNullable<PolicyView['resetPolicies']>[number];

function graceText(policy: RolePolicy, t: Translate, day: (iso: string) => string): string {
  if (!policy.required) return '—';
  if (policy.graceUntil) return t('helpdesk.policy.graceUntil', { date: day(policy.graceUntil) });
  const days = policy.graceDays ?? 0;
  if (days === 0) return t('helpdesk.policy.graceNone');
  return policy.since
    ? t('helpdesk.policy.graceDaysFrom', { days, date: day(policy.since) })
    : t('helpdesk.policy.graceDays', { days });
}

/**
 * The 2FA enforcement policy per role, who is out of compliance and by when; administrators
 * change it (audited), everyone else sees it read-only and why.
 */
export function PolicyTab(): React.JSX.Element {
  const t = useT();
  const rich = useRichT();
  const intl = useIntl();
  const when = useWhen();
  const day = (iso: string): string => intl.formatDate(iso, { dateStyle: 'medium' });
  const consoleCall = useConsoleCall();
  const { login } = useConsoleSession();
  const offered = useCapability('enforcementPolicy');
  // Whether this account may change the policy: the server's role rule.
  const myRole = useMyRole();
  const [policy, setPolicy] = useState<PolicyView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<RolePolicy | null>(null);
  const [editingReset, setEditingReset] = useState<ResetRule | null>(null);

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

  if (!offered.offered) return <NotOffered what="enforcementPolicy" why={offered.why} />;
  if (error && !policy) return <FormError message={error} />;
  if (!policy) return <p className="helpdesk-muted">{t('common.state.loading')}</p>;
  const isAdmin = myRole === 'admin';
  const late = policy.outOfCompliance;

  return (
    <div className="helpdesk-policy">
      <section aria-label={t('helpdesk.policy.byRoleLabel')}>
        <h3 className="helpdesk-panel__subtitle">{t('helpdesk.policy.byRoleTitle')}</h3>
        <table
          className="helpdesk-table helpdesk-table--compact"
          aria-label={t('helpdesk.policy.tableLabel')}
        >
          <thead>
            <tr>
              <th scope="col">{t('helpdesk.policy.colRole')}</th>
              <th scope="col">{t('helpdesk.policy.colTwofa')}</th>
              <th scope="col">{t('helpdesk.policy.colGrace')}</th>
              <th scope="col">{t('helpdesk.policy.colSince')}</th>
              {isAdmin ? (
                <th scope="col">
                  <span className="visually-hidden">{t('helpdesk.policy.change')}</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {policy.policies.map((row) => (
              <tr key={row.role} data-role={row.role}>
                <th scope="row">{t('helpdesk.policy.roleName', { role: row.role })}</th>
                <td>
                  <span className={`pill ${row.required ? 'pill--on' : 'pill--off'}`}>
                    {row.required ? t('helpdesk.policy.required') : t('helpdesk.policy.optional')}
                  </span>
                </td>
                <td>{graceText(row, t, day)}</td>
                <td>
                  {row.updatedBy
                    ? t('helpdesk.policy.sinceBy', { when: when(row.since), by: row.updatedBy })
                    : '—'}
                </td>
                {isAdmin ? (
                  <td>
                    <button
                      type="button"
                      className="button button--quiet"
                      aria-label={t('helpdesk.policy.changeFor', { role: row.role })}
                      onClick={() => setEditing(row)}
                    >
                      {t('helpdesk.policy.change')}
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
        {isAdmin ? null : (
          <p className="helpdesk-muted" role="note" data-testid="policy-read-only">
            {myRole
              ? t('helpdesk.policy.readOnlyRole', { login, role: myRole })
              : t('helpdesk.policy.readOnly', { login })}
          </p>
        )}
      </section>
      {policy.resetPolicies !== undefined ? (
        <section aria-label={t('helpdesk.proof.policyLabel')}>
          <h3 className="helpdesk-panel__subtitle">{t('helpdesk.proof.policyTitle')}</h3>
          <table
            className="helpdesk-table helpdesk-table--compact"
            aria-label={t('helpdesk.proof.policyTable')}
          >
            <thead>
              <tr>
                <th scope="col">{t('helpdesk.proof.policyRole')}</th>
                <th scope="col">{t('helpdesk.proof.policyProofs')}</th>
                <th scope="col">{t('helpdesk.cooldown.column')}</th>
                <th scope="col">{t('helpdesk.proof.policySetBy')}</th>
                {isAdmin ? (
                  <th scope="col">
                    <span className="visually-hidden">{t('helpdesk.policy.change')}</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {policy.resetPolicies.map((row) => (
                <tr key={row.role}>
                  <th scope="row">{t('helpdesk.policy.roleName', { role: row.role })}</th>
                  <td>
                    {intl.formatList(
                      row.proofs.map((kind) => t('helpdesk.proof.kind', { kind: proofKey(kind) })),
                      { type: 'disjunction' },
                    )}
                  </td>
                  <td>
                    {row.cooldownMinutes === 0
                      ? t('helpdesk.cooldown.none')
                      : t('helpdesk.cooldown.minutes', { minutes: row.cooldownMinutes })}
                  </td>
                  <td>
                    {row.updatedBy === null ? (
                      t('helpdesk.proof.policyDefault')
                    ) : (
                      <span translate="no">{row.updatedBy}</span>
                    )}
                  </td>
                  {isAdmin ? (
                    <td>
                      <button
                        type="button"
                        className="button button--quiet"
                        aria-label={t('helpdesk.resetPolicy.changeFor', { role: row.role })}
                        onClick={() => setEditingReset(row)}
                      >
                        {t('helpdesk.policy.change')}
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
          <p className="helpdesk-muted">
            {rich('helpdesk.proof.policyHow', {
              command: () => (
                <code translate="no" dir="ltr">
                  twofold admin policy --role ROLE --proofs … --cooldown-minutes N
                </code>
              ),
            })}
          </p>
        </section>
      ) : null}
      <section aria-label={t('helpdesk.policy.lateLabel')}>
        <h3 className="helpdesk-panel__subtitle">
          {late.total > 0
            ? t('helpdesk.policy.lateTitleCount', { count: late.total })
            : t('helpdesk.policy.lateLabel')}
        </h3>
        {late.total === 0 ? (
          <p className="helpdesk-muted" data-testid="compliance-summary">
            {policy.policies.some((row) => row.required)
              ? t('helpdesk.policy.allCompliant')
              : t('helpdesk.policy.noneRequired')}
          </p>
        ) : (
          <>
            <table
              className="helpdesk-table helpdesk-table--compact"
              aria-label={t('helpdesk.policy.lateTableLabel')}
            >
              <thead>
                <tr>
                  <th scope="col">{t('helpdesk.policy.colLogin')}</th>
                  <th scope="col">{t('helpdesk.policy.colName')}</th>
                  <th scope="col">{t('helpdesk.policy.colRole')}</th>
                  <th scope="col">{t('helpdesk.policy.colDeadline')}</th>
                  <th scope="col">{t('helpdesk.policy.colNow')}</th>
                </tr>
              </thead>
              <tbody>
                {late.users.map((user) => (
                  <tr key={user.id}>
                    <td className="helpdesk-table__login" translate="no" dir="ltr">
                      {user.login}
                    </td>
                    <td translate="no">{user.name}</td>
                    <td>{t('helpdesk.policy.roleShort', { role: user.role })}</td>
                    <td>
                      <When at={user.deadline} />
                    </td>
                    <td>
                      <span className={`pill ${user.blocked ? 'pill--locked' : 'pill--off'}`}>
                        {user.blocked ? t('helpdesk.policy.blocked') : t('helpdesk.policy.reminded')}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {late.total > late.users.length ? (
              <p className="helpdesk-muted">
                {t('helpdesk.policy.nearest', { shown: late.users.length, total: late.total })}
              </p>
            ) : null}
          </>
        )}
      </section>
      {editingReset ? (
        <ResetPolicyDialog
          rule={editingReset}
          onClose={() => setEditingReset(null)}
          onSaved={(next) => {
            setPolicy(next);
            setEditingReset(null);
          }}
        />
      ) : null}
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
  const t = useT();
  const consoleCall = useConsoleCall();
  const toast = useToast();
  const [required, setRequired] = useState(policy.required);
  const [graceKind, setGraceKind] = useState<'days' | 'date'>(policy.graceUntil ? 'date' : 'days');
  const [graceDays, setGraceDays] = useState(String(policy.graceDays ?? 14));
  const [graceUntil, setGraceUntil] = useState(policy.graceUntil?.slice(0, 10) ?? '');
  const reason = useReason();
  const stepUp = useStepUp(true);
  const submission = useSubmission();
  const role = policy.role;

  const submit = (): void => {
    submission.setError(null);
    if (!reason.check()) return;
    const grace: { graceDays?: number; graceUntil?: string } = {};
    if (required && graceKind === 'days') {
      if (!/^\d{1,3}$/.test(graceDays.trim()) || Number(graceDays) > 365) {
        submission.setError(t('helpdesk.policy.badDays', { max: 365 }));
        return;
      }
      grace.graceDays = Number(graceDays);
    }
    if (required && graceKind === 'date') {
      if (graceUntil === '' || Number.isNaN(Date.parse(graceUntil))) {
        submission.setError(t('helpdesk.policy.noDate'));
        return;
      }
      grace.graceUntil = graceUntil;
    }
    stepUp.submit(submission, async (password) => {
      const next = await consoleCall('helpdesk.setPolicy', {
        role: policy.role,
        required,
        ...grace,
        reason: reason.value.trim(),
        ...password,
      });
      toast({
        message: required
          ? t('helpdesk.policy.savedRequired', { role })
          : t('helpdesk.policy.savedOptional', { role }),
      });
      onSaved(next);
    });
  };

  return (
    <FormDialog
      title={t('helpdesk.policy.dialogTitle', { role })}
      onClose={onClose}
      onSubmit={submit}
      submitLabel={t('helpdesk.policy.save', { role })}
      busy={submission.busy}
      error={submission.error}
    >
      <label className="helpdesk-choice">
        <input type="checkbox" checked={required} onChange={(e) => setRequired(e.target.checked)} />
        <span>{t('helpdesk.policy.require')}</span>
      </label>
      {required ? (
        <fieldset className="field">
          <legend className="field__label">{t('helpdesk.policy.colGrace')}</legend>
          <label className="helpdesk-choice">
            <input
              type="radio"
              name="grace"
              checked={graceKind === 'days'}
              onChange={() => setGraceKind('days')}
            />
            <span>{t('helpdesk.policy.kindDays')}</span>
          </label>
          {graceKind === 'days' ? (
            <input
              className="input"
              aria-label={t('helpdesk.policy.daysLabel')}
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
            <span>{t('helpdesk.policy.kindDate')}</span>
          </label>
          {graceKind === 'date' ? (
            <input
              className="input"
              type="date"
              aria-label={t('helpdesk.policy.dateLabel')}
              value={graceUntil}
              onChange={(e) => setGraceUntil(e.target.value)}
            />
          ) : null}
          <span className="field__hint">{t('helpdesk.policy.graceHint')}</span>
        </fieldset>
      ) : null}
      <ReasonField {...reason.field} rows={2} placeholder={t('helpdesk.policy.reasonPlaceholder')} />
      {stepUp.needed ? <CurrentPasswordField value={stepUp.password} onChange={stepUp.setPassword} /> : null}
    </FormDialog>
  );
}
