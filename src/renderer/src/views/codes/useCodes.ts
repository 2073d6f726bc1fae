import { useCallback, useEffect, useRef, useState } from 'react';
import { call } from '../../api/client';
import type { EntryCode } from '../../../../shared/ipc';

export type CodeMap = ReadonlyMap<string, EntryCode>;

/** Milliseconds until the next step boundary of any of these periods. */
function msToNextBoundary(periods: ReadonlySet<number>): number {
  const now = Date.now();
  let soonest = Number.POSITIVE_INFINITY;
  for (const period of periods) {
    const ms = period * 1000;
    soonest = Math.min(soonest, ms - (now % ms));
  }
  return Number.isFinite(soonest) ? soonest : 30_000;
}

/**
 * Current and next codes, computed in main. Fetched again at each step boundary
 * (not every second): a code only changes then. Entries whose code did not
 * change keep the same object, so their rows do not re-render.
 */
export function useCodes(
  periodsKey: string,
  entriesVersion: unknown,
): {
  codes: CodeMap;
  setCode: (code: EntryCode) => void;
} {
  const [codes, setCodes] = useState<CodeMap>(new Map());
  const hotpCodes = useRef(new Map<string, EntryCode>());

  const merge = useCallback((incoming: readonly EntryCode[]) => {
    setCodes((previous) => {
      const next = new Map<string, EntryCode>();
      for (const code of incoming) {
        const old = previous.get(code.id);
        // HOTP codes only exist once asked for; keep the one shown until asked again.
        const kept = code.code === null ? (hotpCodes.current.get(code.id) ?? code) : code;
        next.set(code.id, old && old.code === kept.code && old.nextCode === kept.nextCode ? old : kept);
      }
      return next;
    });
  }, []);

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const periods = new Set(periodsKey.split(',').filter(Boolean).map(Number));
    const refresh = (): void => {
      call('codes.now')
        .then((snapshot) => {
          if (live) merge(snapshot.codes);
        })
        .catch(() => {
          // The next boundary tries again; the list keeps the last codes meanwhile.
        })
        .finally(() => {
          if (live) timer = setTimeout(refresh, msToNextBoundary(periods) + 20);
        });
    };
    refresh();
    // Timers stall while the computer sleeps: fetch again as soon as the window is back.
    const onVisible = (): void => {
      if (document.visibilityState !== 'visible') return;
      clearTimeout(timer);
      refresh();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      live = false;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [periodsKey, entriesVersion, merge]);

  const setCode = useCallback((code: EntryCode) => {
    hotpCodes.current.set(code.id, code);
    setCodes((previous) => new Map(previous).set(code.id, code));
  }, []);

  return { codes, setCode };
}
