import { useCallback, useEffect, useState } from 'react';
import { call, messageOf, subscribe } from '../../api/client';
import { useT } from '../../i18n';
import type { EntryMeta } from '../../../../shared/ipc';

export interface EntriesState {
  entries: EntryMeta[] | null;
  error: string | null;
  reload: () => void;
  /** Shows a change before main confirms it (e.g. a reorder), so the list never jumps back. */
  setLocal: (entries: EntryMeta[]) => void;
}

function byOrder(a: EntryMeta, b: EntryMeta): number {
  return a.order - b.order;
}

/** The vault's entries (no secrets), kept fresh through main's `entries.changed` event. */
export function useEntries(): EntriesState {
  const t = useT();
  const [entries, setEntries] = useState<EntryMeta[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  const reload = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => {
    let live = true;
    call('entries.list')
      .then((list) => {
        if (!live) return;
        setEntries([...list].sort(byOrder));
        setError(null);
      })
      .catch((caught: unknown) => {
        if (!live) return;
        setError(messageOf(caught, t));
        // Locked: no account names stay in the window either.
        setEntries(null);
      });
    return () => {
      live = false;
    };
  }, [version, t]);

  useEffect(() => subscribe('entries.changed', reload), [reload]);

  return { entries, error, reload, setLocal: setEntries };
}
