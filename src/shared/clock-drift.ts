/**
 * Clocks that disagree, measured and put in words: an authenticator whose codes match a time
 * step other than the server's, and a computer whose clock differs from a server's Date header.
 * One place for the sentences, so the server's pages, the console and the CLI say the same.
 * Offsets are "their clock minus the reference clock", in seconds: negative runs late (behind).
 */
import { englishTranslate, type Translate } from './i18n/translate';

/** How far from the accepted window a refused code is still recognised (and explained, never accepted). */
export const NEAR_MISS_SECONDS = 600;

/** A computer clock this far from a server's is worth a warning: codes made there start to fail. */
export const CLOCK_WARNING_SECONDS = 15;

/** The size of an offset as a person would say it, rounded: seconds under two minutes, else minutes. */
export function durationAmount(seconds: number): {
  readonly unit: 'second' | 'minute';
  readonly value: number;
} {
  const abs = Math.abs(seconds);
  if (abs < 30) return { unit: 'second', value: Math.max(1, Math.round(abs)) };
  if (abs < 120) return { unit: 'second', value: Math.round(abs / 10) * 10 };
  return { unit: 'minute', value: Math.round(abs / 60) };
}

/** "90 s", "2 minutes": the size of an offset as a person would say it. */
export function durationWords(seconds: number): string {
  const { unit, value } = durationAmount(seconds);
  return unit === 'second' ? `${value} s` : `${value} minutes`;
}

/**
 * The user panel's sentence for a phone's measured offset, or for a phone in time
 * (within half a time step on average: the most a step can tell).
 */
export function phoneDriftSentence(offsetSeconds: number, period = 30): string {
  if (Math.abs(offsetSeconds) < period / 2) return "Codes from this user's phone match the server's clock.";
  return `Codes from this user's phone run about ${durationWords(offsetSeconds)} ${offsetSeconds < 0 ? 'late' : 'early'}.`;
}

/** The clock change that would make a near-miss code right: the opposite of the phone's offset. */
function correction(offsetSeconds: number): string {
  return `${durationWords(offsetSeconds)} ${offsetSeconds < 0 ? 'later' : 'earlier'}`;
}

/** The help desk's result for a caller's code that is wrong now but right for a phone clock this far off. */
export function callerNearMissSentence(offsetSeconds: number): string {
  return `✗ Wrong code; it would be right if the phone's clock were ${correction(offsetSeconds)} — ask them to turn on automatic time.`;
}

/** The sign-in page's words for the same near miss, to the person holding the phone. */
export function signInNearMissSentence(offsetSeconds: number): string {
  return `Wrong code — it would be right if your phone's clock were ${correction(offsetSeconds)}. Turn on automatic date and time on your phone, then enter the newest code.`;
}

/**
 * This computer's clock against a server's, from the server's Date header (whole seconds) and
 * when the request left and its answer came back (milliseconds, this computer's clock).
 * The server stamped its answer somewhere in between; its header drops the milliseconds, so
 * half a second is added back. Null when the header is missing or not a date.
 */
export function clockOffsetFromDate(
  dateHeader: string | null | undefined,
  sentAtMs: number,
  receivedAtMs: number,
): number | null {
  if (dateHeader === null || dateHeader === undefined) return null;
  const serverMs = Date.parse(dateHeader);
  if (Number.isNaN(serverMs)) return null;
  const localMs = (sentAtMs + receivedAtMs) / 2;
  return (localMs - (serverMs + 500)) / 1000;
}

/** Whether an offset from `clockOffsetFromDate` is worth a warning. */
export function clockNeedsWarning(offsetSeconds: number): boolean {
  return Math.abs(offsetSeconds) > CLOCK_WARNING_SECONDS;
}

/** The warning itself, naming the server, in `t`'s language (English unless given: the CLI's). */
export function computerClockWarning(
  offsetSeconds: number,
  server: string,
  t: Translate = englishTranslate,
): string {
  const { unit, value } = durationAmount(offsetSeconds);
  return t('helpdesk.clock.computerWarning', {
    duration: t(unit === 'second' ? 'helpdesk.clock.seconds' : 'helpdesk.clock.minutes', { value }),
    direction: offsetSeconds < 0 ? 'behind' : 'ahead',
    server,
  });
}
