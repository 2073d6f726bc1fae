import { z } from 'zod';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Days between asking the backup password back, as Signal does with its PIN:
 * each right answer moves one step on, the last step repeats (monthly).
 */
export const REMINDER_DAYS = [1, 3, 7, 14, 30] as const;

export const reminderSchema = z.object({
  enabled: z.boolean(),
  /** Index into REMINDER_DAYS of the wait that runs now. */
  step: z
    .number()
    .int()
    .min(0)
    .max(REMINDER_DAYS.length - 1),
  /** When the password was set or last answered right: the wait counts from here. */
  since: z.string(),
});
export type Reminder = z.infer<typeof reminderSchema>;

/** A new backup password: asked back after a day. */
export function reminderForNewPassword(now: Date, enabled = true): Reminder {
  return { enabled, step: 0, since: now.toISOString() };
}

/** When the password is asked next; null when reminders are off. */
export function nextReminderAt(reminder: Reminder): Date | null {
  if (!reminder.enabled) return null;
  const days = REMINDER_DAYS[Math.min(reminder.step, REMINDER_DAYS.length - 1)] ?? 30;
  return new Date(Date.parse(reminder.since) + days * DAY_MS);
}

export function reminderDue(reminder: Reminder, now: Date): boolean {
  const next = nextReminderAt(reminder);
  return next !== null && now.getTime() >= next.getTime();
}

/** A right answer: the next wait is the following step's, from now. A wrong one changes nothing (it stays due). */
export function afterRightAnswer(reminder: Reminder, now: Date): Reminder {
  return {
    ...reminder,
    step: Math.min(reminder.step + 1, REMINDER_DAYS.length - 1),
    since: now.toISOString(),
  };
}
