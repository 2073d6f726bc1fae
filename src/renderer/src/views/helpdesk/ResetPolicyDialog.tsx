import { useState } from 'react';
import type { PolicyView } from '../../../../shared/ipc/channels/helpdesk';
import { PROOF_KINDS, type ProofKind } from '../../../../shared/admin-api/vocabulary';
import { FormDialog, useSubmission } from '../../components/FormDialog';
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
 * The server checks the caller is an administrator who gave their password in the last 10 minutes,
 * audits the change and mails the other administrators.
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
  const submission = useSubmission();
  const role = rule.role;

  const toggle = (kind: ProofKind, on: boolean): void =>
    setProofs((now) => PROOF_KINDS.filter((k) => (k === kind ? on : now.includes(k))));

  const submit = (): void => {
    submission.setError(null);
    if (proofs.length === 0) {
      submission.setError(t('helpdesk.resetPolicy.noProof'));
      return;
    }
    const minutes = cooldown.trim();
    if (!/^\d{1,5}$/.test(minutes) || Number(minutes) > MAX_COOLDOWN_MINUTES) {
      submission.setError(t('helpdesk.resetPolicy.badCooldown', { max: MAX_COOLDOWN_MINUTES }));
      return;
    }
    if (!reason.check()) return;
    stepUp.submit(submission, async (password) => {
      const next = await consoleCall('helpdesk.setResetPolicy', {
        role,
        proofs: [...proofs],
        cooldownMinutes: Number(minutes),
        reason: reason.value.trim(),
        ...password,
      });
      toast({ message: t('helpdesk.resetPolicy.saved', { role }) });
      onSaved(next);
    });
  };

  return (
    <FormDialog
      title={t('helpdesk.resetPolicy.dialogTitle', { role })}
      onClose={onClose}
      onSubmit={submit}
      submitLabel={t('helpdesk.resetPolicy.save')}
      busy={submission.busy}
      error={submission.error}
    >
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
      {stepUp.needed ? <CurrentPasswordField value={stepUp.password} onChange={stepUp.setPassword} /> : null}
    </FormDialog>
  );
}
