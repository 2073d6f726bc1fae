import type { DesktopServices } from '../../services/desktop-services';
import type { ContractHandlers } from '../handler-types';
import { appHandlers } from './app';
import { browserHandlers } from './browser';
import { codesHandlers } from './codes';
import { entriesHandlers } from './entries';
import { helpdeskHandlers } from './helpdesk';
import { scanHandlers } from './scan';
import { updatesHandlers } from './updates';
import { transferHandlers } from './transfer';
import { vaultHandlers } from './vault';
import { syncHandlers } from './sync';

/** Every channel's handler, by feature; Electron's door and the test host both serve this table. */
export const desktopHandlers: ContractHandlers<DesktopServices> = {
  app: appHandlers,
  vault: vaultHandlers,
  entries: entriesHandlers,
  codes: codesHandlers,
  scan: scanHandlers,
  helpdesk: helpdeskHandlers,
  updates: updatesHandlers,
  transfer: transferHandlers,
  sync: syncHandlers,
  browser: browserHandlers,
};
