import type { DriverEntry } from '../../driver';
import { chooseDatabase, isOdoo } from './discover';
import { odooDriver } from './odoo-driver';

/** Odoo 17 and Flectra (stock auth_totp), over the web client's JSON-RPC. */
export const odoo = {
  kind: 'odoo',
  label: 'Odoo / Flectra',
  detect: isOdoo,
  open: async (transport, options) =>
    odooDriver(transport, { db: options.db ?? (await chooseDatabase(transport)) }),
} as const satisfies DriverEntry<'odoo'>;
