import { z } from 'zod';
import { channel, event, feature } from '../channel';
import { done, noInput } from './schemas';

/** The browsers whose native-messaging host Twofold registers (the CLI's --browser names). */
export const BROWSER_NAMES = ['chrome', 'chromium', 'edge', 'brave', 'firefox'] as const;

export const browserStatusSchema = z.object({
  browsers: z.array(
    z.object({
      name: z.enum(BROWSER_NAMES),
      /** Where the host manifest is (or would be); null where the installer registers it (Windows). */
      path: z.string().nullable(),
      registered: z.boolean(),
    }),
  ),
  /** This build can register itself as the host (the packaged app; a development build uses the CLI). */
  canRegister: z.boolean(),
  /** Off: the host refuses every request. */
  enabled: z.boolean(),
  /** The sites the person allowed the extension to fill codes on. */
  allowedSites: z.array(z.string()),
});
export type BrowserStatus = z.infer<typeof browserStatusSchema>;

const site = z.string().min(1).max(253);

export const browserFeature = feature({
  channels: {
    status: channel({ input: noInput, output: browserStatusSchema }),
    /** Registers the host with a browser (on) or removes it. */
    register: channel({
      input: z.object({ browser: z.enum(BROWSER_NAMES), on: z.boolean() }),
      output: browserStatusSchema,
    }),
    setEnabled: channel({ input: z.object({ enabled: z.boolean() }), output: browserStatusSchema }),
    removeSite: channel({ input: z.object({ site }), output: browserStatusSchema }),
    /** The person's answer to a `confirmSite` question. */
    answerSite: channel({
      input: z.object({ request: z.string().min(1).max(64), allow: z.boolean() }),
      output: done,
    }),
  },
  events: {
    /** The extension asks for a code on a site for the first time: Allow or Deny, in the app. */
    confirmSite: event(z.object({ request: z.string(), site, issuer: z.string() })),
  },
});
