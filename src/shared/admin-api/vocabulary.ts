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

export const TEMPORARY_CODE_STATES = ['active', 'used', 'expired', 'revoked'] as const;

/** A temporary access code lasts 10 minutes to 8 hours and works at most 10 times (the reference server's rule). */
export const TEMPORARY_CODE_MINUTES = { min: 10, max: 480 } as const;
export const TEMPORARY_CODE_MAX_USES = 10;

export const CALLER_CHECK_RESULTS = ['matched', 'wrong', 'expired', 'too-many-attempts', 'unknown'] as const;
export type CallerCheckResultName = (typeof CALLER_CHECK_RESULTS)[number];

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
