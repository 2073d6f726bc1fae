import type { AccountServerDriver, ServerKind } from '../driver';
import type { Transport } from '../transport';
import { chooseDatabase, isOdoo } from './odoo/discover';
import { odooDriver } from './odoo/odoo-driver';
import { adminV1Driver } from './twofold/admin-v1-driver';

export interface DriverOptions {
  /** The database to use on servers that hold several; asked of the server when not given. */
  readonly db?: string;
}

/** The driver for a kind of server. */
export async function openDriver(
  kind: ServerKind,
  transport: Transport,
  options: DriverOptions = {},
): Promise<AccountServerDriver> {
  switch (kind) {
    case 'twofold':
      return adminV1Driver(transport);
    case 'odoo':
      return odooDriver(transport, { db: options.db ?? (await chooseDatabase(transport)) });
  }
}

/** Which kind of server answers at this address: Odoo/Flectra by its version route, else Twofold's. */
export async function detectKind(transport: Transport): Promise<ServerKind> {
  return (await isOdoo(transport)) ? 'odoo' : 'twofold';
}
