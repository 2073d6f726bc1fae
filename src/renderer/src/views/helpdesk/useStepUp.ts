import { useState } from 'react';
import { ApiError, messageOf } from '../../api/client';
import type { Submission } from '../../components/FormDialog';
import { useT } from '../../i18n';
import { useConsoleSession } from './session';
import { passwordConfirmed, passwordLikelyNeeded } from './stepUp';

/**
 * The admin's own password for an action the server may want a fresh identity check for: asked up
 * front when the last check is likely over, and asked for after the server refuses without one.
 */
export function useStepUp(mayNeed = true) {
  const t = useT();
  const { profile } = useConsoleSession();
  const [password, setPassword] = useState('');
  const [needed, setNeeded] = useState(() => mayNeed && passwordLikelyNeeded(profile));
  const given = needed && password !== '';
  /** Words to show when the password is asked for but empty, else null. */
  const missing = (): string | null => (needed && password === '' ? t('helpdesk.stepUp.missing') : null);
  /** What the channel gets: the password, when asked for. */
  const input = (): { password?: string } => (given ? { password } : {});
  /** The action went through: the password is fresh for a while. */
  const confirmed = (): void => {
    if (given) passwordConfirmed(profile);
  };
  /** The action failed: the words to show; asks for the password when the server wants it. */
  const refused = (caught: unknown): string => {
    setPassword('');
    if (caught instanceof ApiError && caught.code === 'STEP_UP_REQUIRED') {
      setNeeded(true);
      return needed ? caught.message : t('helpdesk.stepUp.asked');
    }
    return messageOf(caught);
  };
  return {
    needed,
    password,
    setPassword,
    missing,
    input,
    confirmed,
    refused,
    /**
     * Runs `action` as the form's submission with the password when it is asked for: an empty one is
     * refused at once, and the server's refusal becomes the form's error (asking for the password
     * when the server wants it).
     */
    submit: (submission: Submission, action: (password: { password?: string }) => Promise<void>): void => {
      const problem = missing();
      if (problem) {
        submission.setError(problem);
        return;
      }
      void submission.run(async () => {
        await action(input());
        confirmed();
        setPassword('');
      }, refused);
    },
  };
}
