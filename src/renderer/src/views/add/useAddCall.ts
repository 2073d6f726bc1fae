import { useState } from 'react';
import { messageOf } from '../../api/client';
import type { EntryMeta } from '../../../../shared/ipc';

/**
 * Adding one account from a form: busy while main works, main's refusal kept in
 * words for the form to show; on success the entry goes to `onAdded`.
 */
export function useAddCall(onAdded: (entries: EntryMeta[]) => void): {
  busy: boolean;
  error: string | null;
  setError: (message: string | null) => void;
  add: (request: () => Promise<{ entry: EntryMeta }>) => void;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const add = (request: () => Promise<{ entry: EntryMeta }>): void => {
    setBusy(true);
    request()
      .then(({ entry }) => onAdded([entry]))
      .catch((caught: unknown) => {
        setError(messageOf(caught));
        setBusy(false);
      });
  };
  return { busy, error, setError, add };
}
