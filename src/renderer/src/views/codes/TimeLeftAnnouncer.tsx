import { useEffect, useState } from 'react';
import type { EntryMeta } from '../../../../shared/ipc';
import { remainingIn, useNowSeconds } from '../../lib/clock';
import { useT } from '../../i18n';
import { displayName } from './AccountRow';

/** Seconds left at which the focused code's time is said again (besides focus and a new code). */
const SAID_AT_SECONDS_LEFT: readonly number[] = [10];

/** The entry whose row holds the focus, followed as focus moves (rows come and go as the list scrolls). */
function useFocusedEntryId(): string | null {
  const [id, setId] = useState<string | null>(null);
  useEffect(() => {
    const update = (): void =>
      setId(
        document.activeElement?.closest<HTMLElement>('.account-list [data-entry-id]')?.dataset.entryId ??
          null,
      );
    // On focusout the next element is not focused yet: look once it is.
    const later = (): void => void setTimeout(update, 0);
    document.addEventListener('focusin', update);
    document.addEventListener('focusout', later);
    update();
    return () => {
      document.removeEventListener('focusin', update);
      document.removeEventListener('focusout', later);
    };
  }, []);
  return id;
}

/**
 * Time left of the focused time-based code, for screen readers: a polite live region (the ring
 * itself is hidden from them) that speaks when a row gets focus, when its code changes and at
 * 10 seconds left — never each second, so it does not talk over everything else.
 */
export function TimeLeftAnnouncer({ entries }: { entries: readonly EntryMeta[] }): React.JSX.Element {
  const t = useT();
  const focusedId = useFocusedEntryId();
  const entry = entries.find((candidate) => candidate.id === focusedId && candidate.type !== 'hotp');
  const now = useNowSeconds();
  const [said, setSaid] = useState<{ id: string | null; step: number; text: string }>({
    id: null,
    step: 0,
    text: '',
  });

  // Worked out while rendering (once a second, this component only): what to say changes only
  // on focus, on a new code and at the thresholds, so the region's text stays put in between.
  const id = entry?.id ?? null;
  let next = said;
  if (!entry) {
    if (said.id !== null) next = { id: null, step: 0, text: '' };
  } else {
    const left = remainingIn(entry.period, now);
    const step = Math.floor(now / entry.period);
    if (said.id !== id) next = { id, step, text: t('codes.timeLeft.seconds', { seconds: left }) };
    else if (said.step !== step)
      next = { id, step, text: t('codes.timeLeft.newCode', { name: displayName(entry, t), seconds: left }) };
    else if (SAID_AT_SECONDS_LEFT.includes(left))
      next = { id, step, text: t('codes.timeLeft.seconds', { seconds: left }) };
  }
  if (next.id !== said.id || next.step !== said.step || next.text !== said.text) setSaid(next);

  return (
    <div id="codes-time-left" className="visually-hidden" aria-live="polite" aria-atomic="true">
      {next.text}
    </div>
  );
}
