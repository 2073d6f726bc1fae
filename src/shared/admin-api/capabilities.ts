import { z } from 'zod';
import { englishTranslate, type Translate } from '../i18n/translate';
import { sayIn, type PersonFacingMessage } from '../person-facing-error';

/**
 * What the help desk can ask of an account server. Every driver states each one as offered or
 * not offered with one sentence why, so the console and the CLI can say so before anyone clicks.
 * A new help-desk feature adds its name here (with a label); TypeScript then makes every driver state it.
 */
export const CAPABILITY_LABELS = {
  users: 'List users with their 2FA state',
  checkCode: 'Check a code the caller reads out',
  disableTwofa: "Turn off a user's 2FA",
  unlock: 'Unlock an account locked after failed attempts',
  serverAudit: 'An audit log kept by the server',
  adoption: '2FA adoption report',
  enrollSelf: 'Turn on 2FA for your own account, straight into the vault',
  newRecoveryCodes: 'Make new recovery codes for your own account',
  trustedDevices: "List a user's trusted devices and revoke them all",
  revokeDevice: 'Revoke one trusted device',
  temporaryAccess: 'Temporary access codes',
  resetTwofa: 'Reset 2FA and require re-enrollment',
  signInHistory: 'Sign-in history',
  enforcementPolicy: '2FA enforcement policy',
  verifyCaller: 'Verify the caller out of band',
  serverProof: 'A proof of the caller’s identity checked and kept by the server before a reset',
  fourEyes: "Four-eyes: a second staff member's approval",
  cooldown: 'A cooldown the user can stop from their email',
} as const;

export type CapabilityName = keyof typeof CAPABILITY_LABELS;
export const CAPABILITY_NAMES = Object.keys(CAPABILITY_LABELS) as CapabilityName[];

/** Not offered: `why` is the sentence in English (the CLI's), `words` the same to say in any language. */
export type Capability =
  | { readonly offered: true }
  | { readonly offered: false; readonly why: string; readonly words: PersonFacingMessage };
export type Capabilities = { readonly [name in CapabilityName]: Capability };

export const OFFERED: Capability = { offered: true };
export const notOffered = (why: PersonFacingMessage): Capability => ({
  offered: false,
  why: sayIn(englishTranslate, why),
  words: why,
});

/** How the console and the CLI see them: one row per capability, in a fixed order. */
export const capabilityViewSchema = z.object({
  name: z.enum(CAPABILITY_NAMES as [CapabilityName, ...CapabilityName[]]),
  label: z.string(),
  offered: z.boolean(),
  /** Why not, in one sentence; null when offered. */
  why: z.string().nullable(),
});
export type CapabilityView = z.infer<typeof capabilityViewSchema>;

/** The views with each "why not" said by `t` (English unless given: the CLI's language). */
export function capabilityViews(
  capabilities: Capabilities,
  t: Translate = englishTranslate,
): CapabilityView[] {
  return CAPABILITY_NAMES.map((name) => {
    const capability = capabilities[name];
    return {
      name,
      label: CAPABILITY_LABELS[name],
      offered: capability.offered,
      why: capability.offered ? null : sayIn(t, capability.words),
    };
  });
}
