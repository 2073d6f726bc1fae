import { useEffect, useRef, useState } from 'react';
import { messageOf } from '../../api/client';

export interface Loaded<T> {
  /** null until the first answer. */
  readonly value: T | null;
  /** What went wrong, in words; null when the last load worked. */
  readonly error: string | null;
}

/** Loads what a side-panel section shows, again whenever `key` changes; a late answer for an old key is dropped. */
export function useLoaded<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ value: null, error: null });
  const latest = useRef(load);
  useEffect(() => {
    latest.current = load;
  });
  useEffect(() => {
    let live = true;
    latest
      .current()
      .then((value) => live && setLoaded({ value, error: null }))
      .catch((caught: unknown) => live && setLoaded((before) => ({ ...before, error: messageOf(caught) })));
    return () => {
      live = false;
    };
  }, [key]);
  return loaded;
}
