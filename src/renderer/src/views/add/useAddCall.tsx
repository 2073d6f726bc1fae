import { useState } from 'react';
import { ApiError, messageOf } from '../../api/client';
import type { EntryMeta } from '../../../../shared/ipc';
import { useT } from '../../i18n';

/** Main's code for a secret already in the vault, under any name (main compares; secrets stay there). */
const SAME_SECRET = 'DUPLICATE';

/** Main's question before adding a secret the vault already holds, and the way to say yes. */
export interface SameSecret {
  message: string;
  addAnyway: () => void;
}

/**
 * Adding one account from a form: busy while main works, main's refusal kept in
 * words for the form to show; on success the entry goes to `onAdded`. A secret the
 * vault already holds is asked about first (`sameSecret`); the request is then made
 * with `allowDuplicate`.
 */
export function useAddCall(onAdded: (entries: EntryMeta[]) => void): {
  busy: boolean;
  error: string | null;
  setError: (message: string | null) => void;
  sameSecret: SameSecret | null;
  add: (request: (allowDuplicate: boolean) => Promise<{ entry: EntryMeta }>) => void;
} {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setErrorState] = useState<string | null>(null);
  const [sameSecret, setSameSecret] = useState<SameSecret | null>(null);
  const setError = (message: string | null): void => {
    setErrorState(message);
    setSameSecret(null);
  };
  const run = (request: (allowDuplicate: boolean) => Promise<{ entry: EntryMeta }>, allow: boolean): void => {
    setBusy(true);
    setSameSecret(null);
    request(allow)
      .then(({ entry }) => onAdded([entry]))
      .catch((caught: unknown) => {
        if (caught instanceof ApiError && caught.code === SAME_SECRET)
          setSameSecret({ message: caught.message, addAnyway: () => run(request, true) });
        else setErrorState(messageOf(caught, t));
        setBusy(false);
      });
  };
  return { busy, error, setError, sameSecret, add: (request) => run(request, false) };
}

/** "This secret is already in Twofold as GitHub (alice) — add it anyway?" with its button. */
export function SameSecretWarning({ warning }: { warning: SameSecret | null }): React.JSX.Element | null {
  const t = useT();
  if (!warning) return null;
  return (
    <div className="form__actions" role="alert">
      <p className="field__error">{warning.message}</p>
      <button type="button" className="button" onClick={warning.addAnyway}>
        {t('codes.add.addAnyway')}
      </button>
    </div>
  );
}
