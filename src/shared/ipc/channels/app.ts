import { z } from 'zod';
import { LOCALES, PSEUDO_LOCALE } from '../../i18n/locales';
import { channel, feature } from '../channel';
import { done, noInput } from './schemas';
import { acceleratorProblem } from '../../accelerator';

/** How long a copied code stays on the clipboard, in seconds (it is also cleared on quit). */
export const CLIPBOARD_CLEAR_CHOICES = [10, 20, 30, 45, 60, 90] as const;

/** "Lock after N minutes idle": 0 is off. */
export const LOCK_AFTER_CHOICES = [0, 1, 5, 15, 60] as const;

export const settingsSchema = z.object({
  /** Closing the window keeps Twofold in the tray. */
  closeToTray: z.boolean(),
  clipboardClearSeconds: z.literal(CLIPBOARD_CLEAR_CHOICES, {
    error: `Choose one of ${CLIPBOARD_CLEAR_CHOICES.join(', ')} seconds.`,
  }),
  /** Lock a password-protected vault after this many minutes without keyboard or mouse input (0: never). */
  lockAfterMinutes: z.literal(LOCK_AFTER_CHOICES, {
    error: `Choose one of ${LOCK_AFTER_CHOICES.join(', ')} minutes.`,
  }),
  /** Lock a password-protected vault when the screen locks or the computer sleeps. */
  lockOnScreenLock: z.boolean(),
  /** Read the update feed at start and every few hours (builds with a feed only). */
  checkForUpdates: z.boolean(),
  /** A global shortcut opens the Quick access window (search over all accounts, Enter copies). */
  quickAccess: z.boolean(),
  /** That shortcut, in Electron's accelerator syntax; '' for none (the tray menu still opens it). */
  quickAccessShortcut: z
    .string({ error: 'The shortcut must be text.' })
    .max(64, 'That shortcut is too long.')
    .superRefine((value, ctx) => {
      const problem = value === '' ? null : acceleratorProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  /** The app's language: `system` follows the OS; the pseudo-locale is for finding untranslated text. */
  language: z.enum(['system', ...LOCALES, PSEUDO_LOCALE], { error: 'Choose one of the languages listed.' }),
});
export type Settings = z.infer<typeof settingsSchema>;

export const appFeature = feature({
  channels: {
    info: channel({
      input: noInput,
      output: z.object({
        version: z.string(),
        platform: z.string(),
        /** Where all of Twofold's state lives. */
        home: z.string(),
        /** `host` when served by the test host in a browser. */
        shell: z.enum(['electron', 'host']),
        /** The OS's preferred languages, most wanted first (empty: the renderer asks the browser). */
        systemLocales: z.array(z.string().max(64)).max(32),
      }),
    }),
    settings: channel({ input: noInput, output: settingsSchema }),
    updateSettings: channel({ input: settingsSchema.partial(), output: settingsSchema }),
    /** Why the OS refused the Quick access shortcut (taken by another app, or a Wayland desktop); null when not. */
    quickAccessProblem: channel({ input: noInput, output: z.object({ problem: z.string().nullable() }) }),
    /** Hides the Quick access window (after a copy, or on Escape). */
    hideQuickAccess: channel({ input: noInput, output: done }),
    /** Opens an https link from the allowlist in the OS browser. */
    openExternal: channel({
      input: z.object({ url: z.string().max(2048, 'That link is too long.') }),
      output: done,
    }),
  },
  events: {},
});
