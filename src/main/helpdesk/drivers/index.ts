import type { AccountServerDriver, ServerKind } from '../driver';
import type { Transport } from '../transport';
import { adminV1Driver } from './twofold/admin-v1-driver';

export interface DriverOptions {
  /** The database to use on servers that hold several. */
  readonly db?: string;
}

/** The driver for a kind of server. */
export async function openDriver(
  kind: ServerKind,
  transport: Transport,
  _options: DriverOptions = {},
): Promise<AccountServerDriver> {
  switch (kind) {
    case 'twofold':
      return adminV1Driver(transport);
  }
}
