import { words } from '../../shared/person-facing-error';
import type { AdminConnection, Capabilities, CapabilityName } from './driver';
import { HelpdeskError } from './errors';

/**
 * Which capability each connection method belongs to: the one table the gate, the console and the CLI
 * read. A method not named here every driver has (finding users, step-up, sign-out).
 */
export const METHOD_CAPABILITY = {
  users: 'users',
  checkCode: 'checkCode',
  disableTwofa: 'disableTwofa',
  unlock: 'unlock',
  audit: 'serverAudit',
  adoption: 'adoption',
  setupSelf: 'enrollSelf',
  enableSelf: 'enrollSelf',
  newRecoveryCodes: 'newRecoveryCodes',
  devices: 'trustedDevices',
  revokeDevices: 'trustedDevices',
  revokeDevice: 'revokeDevice',
  temporaryCodes: 'temporaryAccess',
  issueTemporaryCode: 'temporaryAccess',
  revokeTemporaryCode: 'temporaryAccess',
  resetTwofa: 'resetTwofa',
  signIns: 'signInHistory',
  policy: 'enforcementPolicy',
  setPolicy: 'enforcementPolicy',
  startCallerCheck: 'verifyCaller',
  verifyCallerCheck: 'verifyCaller',
  requestApproval: 'fourEyes',
  approvals: 'fourEyes',
  approve: 'fourEyes',
  pendingActions: 'cooldown',
  cancelPending: 'cooldown',
  setResetPolicy: 'serverProof',
} as const satisfies Partial<Record<keyof AdminConnection, CapabilityName>>;

/** A connection method that belongs to a capability. */
export type GatedMethod = keyof typeof METHOD_CAPABILITY;

/** What a driver's `connect` gives: every method, except those of the capabilities it does not offer. */
export type DriverConnection = Omit<AdminConnection, GatedMethod> &
  Partial<Pick<AdminConnection, GatedMethod>>;

/** The methods of a capability, in table order. */
export function methodsOf(capability: CapabilityName): GatedMethod[] {
  return (Object.keys(METHOD_CAPABILITY) as GatedMethod[]).filter(
    (method) => METHOD_CAPABILITY[method] === capability,
  );
}

/** Whether the server offers what `method` does. */
export function offers(capabilities: Capabilities, method: GatedMethod): boolean {
  return capabilities[METHOD_CAPABILITY[method]].offered;
}

/** Throws NOT_OFFERED, with the driver's sentence, when the server does not offer what `method` does. */
export function requireOffered(capabilities: Capabilities, method: GatedMethod): void {
  const capability = capabilities[METHOD_CAPABILITY[method]];
  if (!capability.offered)
    throw new HelpdeskError('NOT_OFFERED', words('helpdesk.error.notOffered', { why: capability.words }));
}

/**
 * The connection with every method of a capability the driver states as not offered refusing with the
 * driver's sentence before anything is sent; the driver leaves those methods out.
 */
export function gated(connection: DriverConnection, capabilities: Capabilities): AdminConnection {
  const whole: Record<string, unknown> = { ...connection };
  for (const method of Object.keys(METHOD_CAPABILITY) as GatedMethod[]) {
    if (!offers(capabilities, method)) {
      whole[method] = async () => requireOffered(capabilities, method);
    } else if (typeof connection[method] !== 'function') {
      throw new Error(`The driver states ${METHOD_CAPABILITY[method]} as offered but has no ${method}.`);
    }
  }
  return whole as unknown as AdminConnection;
}
