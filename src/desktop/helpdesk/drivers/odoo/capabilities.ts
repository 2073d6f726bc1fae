import { words } from '../../../../shared/person-facing-error';
import { notOffered, OFFERED, type Capabilities } from '../../driver';

/** What Odoo 17 / Flectra's stock auth_totp lets an administrator do, and for the rest, why not. */
export const ODOO_CAPABILITIES: Capabilities = {
  users: OFFERED,
  disableTwofa: OFFERED,
  adoption: OFFERED,
  enrollSelf: OFFERED,
  newRecoveryCodes: notOffered(words('helpdesk.capabilityWhy.odoo.newRecoveryCodes')),
  trustedDevices: OFFERED,
  checkCode: notOffered(words('helpdesk.capabilityWhy.odoo.checkCode')),
  unlock: notOffered(words('helpdesk.capabilityWhy.odoo.unlock')),
  serverAudit: notOffered(words('helpdesk.capabilityWhy.odoo.serverAudit')),
  revokeDevice: notOffered(words('helpdesk.capabilityWhy.odoo.revokeDevice')),
  temporaryAccess: notOffered(words('helpdesk.capabilityWhy.odoo.temporaryAccess')),
  resetTwofa: notOffered(words('helpdesk.capabilityWhy.odoo.resetTwofa')),
  signInHistory: notOffered(words('helpdesk.capabilityWhy.odoo.signInHistory')),
  enforcementPolicy: notOffered(words('helpdesk.capabilityWhy.odoo.enforcementPolicy')),
  verifyCaller: notOffered(words('helpdesk.capabilityWhy.odoo.verifyCaller')),
  serverProof: notOffered(words('helpdesk.capabilityWhy.odoo.serverProof')),
  fourEyes: notOffered(words('helpdesk.capabilityWhy.odoo.fourEyes')),
  cooldown: notOffered(words('helpdesk.capabilityWhy.odoo.cooldown')),
};
