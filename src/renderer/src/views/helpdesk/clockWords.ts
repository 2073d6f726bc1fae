// The console's words for a phone whose clock is off, in the active language (the same rounding as
// the server's pages and the CLI: src/shared/clock-drift.ts).
import { useCallback } from 'react';
import { durationAmount } from '../../../../shared/clock-drift';
import { useT } from '../../i18n';

export function useClockWords(): {
  /** The user panel's sentence for a phone's measured offset (in time within half a step). */
  drift: (offsetSeconds: number, period?: number) => string;
  /** The verdict for a caller's code that is wrong now but right for a phone clock this far off. */
  nearMiss: (offsetSeconds: number) => string;
} {
  const t = useT();
  const duration = useCallback(
    (seconds: number): string => {
      const { unit, value } = durationAmount(seconds);
      return unit === 'second'
        ? t('helpdesk.clock.seconds', { value })
        : t('helpdesk.clock.minutes', { value });
    },
    [t],
  );
  const drift = useCallback(
    (offsetSeconds: number, period = 30): string => {
      if (Math.abs(offsetSeconds) < period / 2) return t('helpdesk.clock.inTime');
      const values = { duration: duration(offsetSeconds) };
      return offsetSeconds < 0 ? t('helpdesk.clock.late', values) : t('helpdesk.clock.early', values);
    },
    [t, duration],
  );
  const nearMiss = useCallback(
    (offsetSeconds: number): string => {
      // The clock change that would make the code right: the opposite of the phone's offset.
      const values = { duration: duration(offsetSeconds) };
      return offsetSeconds < 0
        ? t('helpdesk.clock.nearMissLater', values)
        : t('helpdesk.clock.nearMissEarlier', values);
    },
    [t, duration],
  );
  return { drift, nearMiss };
}
