// The Electron binary is not fetched at `npm install` (its install script is
// denied in package.json so that installs work on machines without internet).
// `npm start` fetches it on first use where the network allows.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const electronDir = dirname(require.resolve('electron/package.json'));
if (!existsSync(join(electronDir, 'path.txt'))) {
  console.log('Fetching the Electron binary (first start only)…');
  const result = spawnSync(process.execPath, [join(electronDir, 'install.js')], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(
      'Could not fetch Electron. Check the network, or run the app in a browser with `npm run host`.',
    );
    process.exit(1);
  }
}
