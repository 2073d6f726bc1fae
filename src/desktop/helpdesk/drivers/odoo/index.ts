import type { DriverEntry } from '../../driver';
import { chooseDatabase, isOdoo } from './discover';
import { odooDriver } from './odoo-driver';

/** Odoo 15 to 19 and Flectra (stock auth_totp), over the web client's JSON-RPC. */
export const odoo = {
  kind: 'odoo',
  label: 'Odoo / Flectra',
  detect: isOdoo,
  open: async (transport, options) =>
    odooDriver(transport, {
      db: options.db ?? (await chooseDatabase(transport)),
      ...(options.serverVersion ? { serverVersion: options.serverVersion } : {}),
    }),
} as const satisfies DriverEntry<'odoo'>;
