import codes from './codes.json';
import common from './common.json';
import helpdesk from './helpdesk.json';
import server from './server.json';
import settings from './settings.json';
import transfer from './transfer.json';
import vault from './vault.json';

export default { ...common, ...codes, ...settings, ...vault, ...transfer, ...helpdesk, ...server };
