import { useState, type FormEvent } from 'react';
import type { PolicyView } from '../../../../shared/ipc/channels/helpdesk';
import { PROOF_KINDS, type ProofKind } from '../../../../shared/admin-api/vocabulary';
import { Dialog } from '../../components/Dialog';
import { FormError } from '../../components/FormError';
import { useToast } from '../../components/toast';
import { useT } from '../../i18n';
import { proofKey } from './ProofField';
import { CurrentPasswordField } from './CurrentPasswordField';
import { ReasonField, useReason } from './ReasonField';
import { useConsoleCall } from './session';
import { useStepUp } from './useStepUp';

type ResetRule = NonNullable<PolicyView['resetPolicies']>[number];

/** A week: the server's bound on a cooldown. */
const MAX_COOLDOWN_MINUTES = 7 * 24 * 60;

/**
 * An administrator changes which proofs of the caller's identity are enough before a reset,
 * disable or temporary code of a role's accounts, and how long it waits (the user may stop it).
 * The server checks the caller is an administrator and audits the change.
 */
export function ResetPolicyDialog({
  rule,
  onClose,
  onSaved,
}: {
  rule: ResetRule;
  onClose: () => void;
  onSaved: (policy: PolicyView) => void;
}): React.JSX.Element {
  const t = useT();
  const consoleCall = useConsoleCall();
  const toast = useToast();
  const [proofs, setProofs] = useState<readonly ProofKind[]>(rule.proofs);
  const [cooldown, setCooldown] = useState(String(rule.cooldownMinutes));
  const reason = useReason();
  const stepUp = useStepUp(true);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const role = rule.role;

  const toggle = (kind: ProofKind, on: boolean): void =>
    setProofs((now) => PROOF_KINDS.filter((k) => (k === kind ? on : now.includes(k))));

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setError(null);
    if (proofs.length === 0) {
      setError(t('helpdesk.resetPolicy.noProof'));
      return;
    }
    const minutes = cooldown.trim();
    if (!/^\d{1,5}$/.test(minutes) || Number(minutes) > MAX_COOLDOWN_MINUTES) {
      setError(t('helpdesk.resetPolicy.badCooldown', { max: MAX_COOLDOWN_MINUTES }));
      return;
    }
    if (!reason.check()) return;
    const problem = stepUp.missing();
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    try {
      const next = await consoleCall('helpdesk.setResetPolicy', {
        role,
        proofs: [...proofs],
        cooldownMinutes: Number(minutes),
        reason: reason.value.trim(),
        ...stepUp.input(),
      });
      stepUp.confirmed();
      toast({ message: t('helpdesk.resetPolicy.saved', { role }) });
      onSaved(next);
    } catch (caught) {
      setError(stepUp.refused(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={t('helpdesk.resetPolicy.dialogTitle', { role })}
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('common.action.cancel')}
          </button>
          <button type="submit" form="reset-policy-dialog" className="button button--primary" disabled={busy}>
            {t('helpdesk.resetPolicy.save')}
          </button>
        </>
      }
    >
      <form id="reset-policy-dialog" className="form" noValidate onSubmit={(event) => void submit(event)}>
        <fieldset className="field">
          <legend className="field__label">{t('helpdesk.resetPolicy.proofsLegend')}</legend>
          {PROOF_KINDS.map((kind) => (
            <label key={kind} className="helpdesk-choice">
              <input
                type="checkbox"
                checked={proofs.includes(kind)}
                onChange={(e) => toggle(kind, e.target.checked)}
              />
              <span>{t('helpdesk.proof.kind', { kind: proofKey(kind) })}</span>
            </label>
          ))}
        </fieldset>
        <label className="field">
          <span className="field__label">{t('helpdesk.resetPolicy.cooldownLabel')}</span>
          <input
            className="input"
            inputMode="numeric"
            value={cooldown}
            onChange={(e) => setCooldown(e.target.value)}
          />
          <span className="field__hint">{t('helpdesk.resetPolicy.cooldownHint')}</span>
        </label>
        <ReasonField {...reason.field} rows={2} placeholder={t('helpdesk.policy.reasonPlaceholder')} />
        {stepUp.needed ? (
          <CurrentPasswordField value={stepUp.password} onChange={stepUp.setPassword} />
        ) : null}
      </form>
      <FormError message={error} />
    </Dialog>
  );
}
