import type { AdminConnection, Capabilities } from './driver';
import { words } from '../../shared/person-facing-error';
import { HelpdeskError } from './errors';
import type { Proof } from './helpdesk-tools';

/** The CLI's option for a proof seen in person (the console's form has its own field). */
const IN_PERSON_OPTION = '--in-person "NOTE"';

/** How a proof reads in a local record (the server's own words where it keeps them). */
export function proofWords(proof: Proof): string {
  if ('callerCheckId' in proof) return `caller check #${proof.callerCheckId}`;
  if ('approvalId' in proof) return `four-eyes: approval #${proof.approvalId}`;
  return `in person, identity document seen: ${proof.inPersonNote.trim()}`;
}

/**
 * Issue 25 on servers that cannot check a proof of the caller's identity (capability `serverProof`
 * not offered: Odoo, Flectra). Twofold enforces it itself, on this computer: turning 2FA off needs
 * an identity document seen in person (the only proof this computer can stand behind: such servers
 * check no caller codes and keep no approvals), and the proof is kept in the local audit log with
 * the reason. Anyone with the admin's password can still act on the server directly; only the
 * server could stop that. Servers that check proofs themselves get the connection unchanged.
 */
export function proofGuard(connection: AdminConnection, capabilities: Capabilities): AdminConnection {
  if (capabilities.serverProof.offered) return connection;
  const checked = (proof: Proof | undefined): string => {
    if (proof === undefined) {
      throw new HelpdeskError(
        'INVALID_INPUT',
        words('helpdesk.error.proofFirst', { option: IN_PERSON_OPTION }),
      );
    }
    if (!('inPersonNote' in proof) || proof.inPersonNote.trim().length < 5) {
      throw new HelpdeskError(
        'INVALID_INPUT',
        words('helpdesk.error.proofInPersonOnly', { option: IN_PERSON_OPTION }),
      );
    }
    return proofWords(proof);
  };
  return {
    ...connection,
    // The local log keeps the proof with the reason (the server takes neither).
    disableTwofa: (userId, reason, proof) =>
      connection.disableTwofa(userId, `${reason} (proof: ${checked(proof)})`),
  };
}
