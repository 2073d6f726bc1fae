import { z } from 'zod';
import { words } from '../../../../shared/person-facing-error';
import { HelpdeskError } from '../../errors';
import type { Transport } from '../../transport';
import { OdooFault, OdooSession } from './rpc';

/** The CLI's option that names the database (the sign-in form's field is "Database"). */
const DB_OPTION = '--db NAME';

const versionSchema = z.object({ server_version: z.string() }).passthrough();

/** Whether an Odoo or Flectra server answers here (its version route needs no session). */
export async function isOdoo(transport: Transport): Promise<boolean> {
  try {
    const result = await new OdooSession(transport).call('/web/webclient/version_info', {});
    // Not gated on the number: Flectra numbers its own releases.
    return versionSchema.safeParse(result).success;
  } catch (error) {
    if (error instanceof HelpdeskError && error.code === 'SERVER_DOWN') throw error;
    return false;
  }
}

/** The server's database when it holds exactly one; otherwise asks the person to name it. */
export async function chooseDatabase(transport: Transport): Promise<string> {
  let names: string[];
  try {
    names = z.array(z.string()).parse(await new OdooSession(transport).call('/web/database/list', {}));
  } catch (error) {
    if (error instanceof OdooFault || error instanceof z.ZodError || error instanceof HelpdeskError) {
      if (error instanceof HelpdeskError && error.code === 'SERVER_DOWN') throw error;
      throw new HelpdeskError(
        'PROFILE',
        words('helpdesk.error.odoo.noDatabaseList', { origin: transport.origin, option: DB_OPTION }),
      );
    }
    throw error;
  }
  if (names.length === 1 && names[0]) return names[0];
  if (names.length === 0)
    throw new HelpdeskError('PROFILE', words('helpdesk.error.odoo.noDatabase', { origin: transport.origin }));
  throw new HelpdeskError(
    'PROFILE',
    words('helpdesk.error.odoo.severalDatabases', {
      origin: transport.origin,
      names: names.join(', '),
      option: DB_OPTION,
    }),
  );
}
