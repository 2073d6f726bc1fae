import { notOffered, OFFERED, type Capabilities } from '../../driver';

/** What Odoo 17 / Flectra's stock auth_totp lets an administrator do, and for the rest, why not. */
export const ODOO_CAPABILITIES: Capabilities = {
  users: OFFERED,
  disableTwofa: OFFERED,
  adoption: OFFERED,
  enrollSelf: OFFERED,
  newRecoveryCodes: notOffered('Odoo hands out no recovery codes.'),
  trustedDevices: OFFERED,
  checkCode: notOffered(
    "Odoo gives administrators no way to check a user's code; only the user's own sign-in checks it.",
  ),
  unlock: notOffered(
    'Odoo never locks an account: after 10 failed sign-ins it only makes that address wait a minute.',
  ),
  serverAudit: notOffered(
    "Odoo keeps no log of administrators' 2FA actions, so Twofold keeps its own tamper-evident log of what is done from this computer.",
  ),
  revokeDevice: notOffered("Odoo revokes a user's trusted devices all together, not one at a time."),
  temporaryAccess: notOffered(
    "Odoo has no temporary access codes; the way back in is to turn the user's 2FA off.",
  ),
  resetTwofa: notOffered(
    'Odoo cannot require a user to set up 2FA again; it can only turn it off, and the user turns it back on in their preferences.',
  ),
  signInHistory: notOffered(
    'Odoo records only when a user last signed in, not a history with addresses and the factor used.',
  ),
  enforcementPolicy: notOffered("Odoo's 2FA module has no per-role policy with a grace period."),
  verifyCaller: notOffered('Odoo cannot send the caller a one-time confirmation code.'),
  serverProof: notOffered(
    'Odoo cannot check or keep a proof of the caller’s identity: Twofold asks for one (identity document seen in person) before it turns 2FA off, and keeps it in its own log on this computer only.',
  ),
  fourEyes: notOffered('Odoo keeps no approval requests that a second staff member could approve.'),
  cooldown: notOffered(
    'Odoo turns 2FA off at once: it cannot delay it, nor mail the user a link to stop it.',
  ),
};
