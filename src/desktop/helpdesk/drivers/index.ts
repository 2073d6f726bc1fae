import { gated } from '../capability-gate';
import type { AccountServerDriver, DriverEntry, DriverOptions } from '../driver';
import { words } from '../../../shared/person-facing-error';
import { HelpdeskError } from '../errors';
import type { Transport } from '../transport';
import { odoo } from './odoo';
import { twofold } from './twofold';

/**
 * Every kind of account server there is a driver for, in the order detection asks them: a new kind is
 * its folder here and one line in this list. Twofold's own comes last, as it takes whatever is left.
 */
export const DRIVERS = [odoo, twofold] as const satisfies readonly DriverEntry[];

export type ServerKind = (typeof DRIVERS)[number]['kind'];
export const SERVER_KINDS = DRIVERS.map((entry) => entry.kind) as [ServerKind, ...ServerKind[]];

export type { DriverOptions };

function entryOf(kind: string): (typeof DRIVERS)[number] {
  const entry = DRIVERS.find((candidate) => candidate.kind === kind);
  if (!entry)
    throw new HelpdeskError(
      'PROFILE',
      words('helpdesk.error.noDriver', { kind, kinds: SERVER_KINDS.join(', ') }),
    );
  return entry;
}

/** The driver for a kind of server, its connections gated by what it offers (capability-gate.ts). */
export async function openDriver(
  kind: string,
  transport: Transport,
  options: DriverOptions = {},
): Promise<AccountServerDriver & { readonly kind: ServerKind }> {
  const entry = entryOf(kind);
  const driver = await entry.open(transport, options);
  return {
    ...driver,
    kind: entry.kind,
    connect: (token) => gated(driver.connect(token), driver.capabilities),
  };
}

/** Which kind of server answers at this address: the first driver in the registry that recognises it. */
export async function detectKind(transport: Transport): Promise<ServerKind> {
  for (const entry of DRIVERS) if (await entry.detect(transport)) return entry.kind;
  return twofold.kind;
}
