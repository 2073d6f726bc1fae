// `npm run host`: serves the built renderer with the real IPC handlers over loopback,
// for Playwright in Debian's Chromium (no Electron binary here).
import { parseArgs } from 'node:util';
import { startHost } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    home: { type: 'string' },
    password: { type: 'string' },
    screen: { type: 'string', multiple: true },
    seed: { type: 'string' },
    'test-endpoints': { type: 'boolean' },
    'screen-dir': { type: 'string' },
    renderer: { type: 'string' },
  },
});

function whole(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) {
    console.error(`--${name} must be a whole number, not "${value}".`);
    process.exit(2);
  }
  return number;
}

const host = await startHost({
  ...(values.home !== undefined ? { home: values.home } : {}),
  ...(values.password !== undefined ? { password: values.password } : {}),
  ...(values.screen !== undefined ? { screens: values.screen } : {}),
  ...(values['screen-dir'] !== undefined ? { screenDir: values['screen-dir'] } : {}),
  testEndpoints: values['test-endpoints'] === true,
  ...(values.renderer !== undefined ? { rendererDir: values.renderer } : {}),
  port: whole('port', values.port) ?? 0,
  seed: whole('seed', values.seed) ?? 0,
});
// The token is part of the printed URL: only a program shown it can talk to this host.
console.log(`listening on ${host.pageUrl}`);
console.log(`programs: send the header X-Twofold-Token: ${host.token}`);
const status = host.services.vaults.status();
if (status.state !== 'ready') console.error(`vault: ${status.message ?? status.state}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void host.close().then(() => process.exit(0));
  });
}
