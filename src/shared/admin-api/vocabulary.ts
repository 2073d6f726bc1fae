import { z } from 'zod';

// The help desk's words, written once: the account server, the drivers, the IPC contract, the CLI
// and the console all take them from here.

/** The roles an account has on an account server, from least to most power. */
export const ROLES = ['user', 'helpdesk', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES);

/** The user list's 2FA filter. */
export const TWOFA_FILTERS = ['enabled', 'disabled'] as const;
export type TwofaFilter = (typeof TWOFA_FILTERS)[number];

/** How the user list sorts. */
export const USER_SORT_KEYS = ['login', 'name', 'role', 'twofa', 'lastUsedAt', 'locked'] as const;
export type UserSortKey = (typeof USER_SORT_KEYS)[number];

/** What a sign-in was completed with. */
export const SIGN_IN_FACTORS = ['password', 'totp', 'recovery', 'temporary-code', 'trusted-device'] as const;
export type SignInFactor = (typeof SIGN_IN_FACTORS)[number];

export const TEMPORARY_CODE_STATES = ['active', 'used', 'expired', 'revoked', 'pending'] as const;

/** A temporary access code lasts 10 minutes to 8 hours and works at most 10 times (the reference server's rule). */
export const TEMPORARY_CODE_MINUTES = { min: 10, max: 480 } as const;
export const TEMPORARY_CODE_MAX_USES = 10;

export const CALLER_CHECK_RESULTS = ['matched', 'wrong', 'expired', 'too-many-attempts', 'unknown'] as const;
export type CallerCheckResultName = (typeof CALLER_CHECK_RESULTS)[number];

/** The actions on another account that need a recorded proof of the caller's identity (issue 25). */
export const GUARDED_ACTIONS = ['reset-2fa', 'disable-2fa', 'temp-code'] as const;
export type GuardedAction = (typeof GUARDED_ACTIONS)[number];
export const GUARDED_ACTION_LABELS: Readonly<Record<GuardedAction, string>> = {
  'reset-2fa': 'reset 2FA',
  'disable-2fa': 'turn off 2FA',
  'temp-code': 'issue a temporary access code',
};

/**
 * The proofs of a caller's identity: a caller check passed in the last 15 minutes (an emailed code
 * or a code from their authenticator), a second staff member's approval, or seen in person.
 */
export const PROOF_KINDS = ['caller-check', 'four-eyes', 'in-person'] as const;
export type ProofKind = (typeof PROOF_KINDS)[number];
export const PROOF_LABELS: Readonly<Record<ProofKind, string>> = {
  'caller-check': 'a caller check passed in the last 15 minutes',
  'four-eyes': "a second staff member's approval",
  'in-person': 'in person, identity document seen',
};

/** A caller check counts as a proof this long after it matched; an approval this long after it was given. */
export const CALLER_CHECK_PROOF_MINUTES = 15;
export const APPROVAL_VALID_MINUTES = 30;

/** Where a guarded action stands: waiting out its cooldown, done, cancelled by staff, stopped by the user. */
export const PENDING_ACTION_STATES = ['pending', 'done', 'cancelled', 'stopped'] as const;
export type PendingActionState = (typeof PENDING_ACTION_STATES)[number];

/**
 * A kind of account server, as profiles and the IPC contract carry it. Which kinds exist is the
 * desktop's driver registry (src/desktop/helpdesk/drivers): a kind it does not know is refused there.
 */
export const serverKindSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,31}$/, 'A server kind is a short lower-case name such as "twofold".');

/** A role's people, as lists and filters name them. */
export const ROLE_PLURALS: Readonly<Record<Role, string>> = {
  user: 'Users',
  helpdesk: 'Help desk',
  admin: 'Admins',
};
