#!/usr/bin/env node
// Builds the browser extension (src/extension) into out/extension/chromium and
// out/extension/firefox: the same bundles, a manifest for each (Firefox's MV3 runs the
// background as an event page and names the extension by its gecko id).
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '..');
const src = resolve(root, 'src/extension');
// The ids live in TypeScript (the CLI writes them into host manifests): compile that one file.
const idsModule = await build({
  entryPoints: [resolve(root, 'src/shared/browser/extension-ids.ts')],
  write: false,
  format: 'esm',
  logLevel: 'warning',
});
const ids = await import(
  `data:text/javascript;base64,${Buffer.from(idsModule.outputFiles[0].text).toString('base64')}`
);
const { version } = JSON.parse(
  await import('node:fs/promises').then((fs) => fs.readFile(resolve(root, 'package.json'), 'utf8')),
);

const common = {
  manifest_version: 3,
  name: 'Twofold',
  description: 'Fills two-factor codes from your Twofold vault, only on the site each account is for.',
  version,
  // activeTab: the popup and the shortcut read the address of the tab they are used on;
  // storage: which frames have a code field, kept while the service worker sleeps.
  permissions: ['nativeMessaging', 'activeTab', 'storage'],
  action: { default_title: 'Twofold', default_popup: 'popup.html' },
  commands: {
    'fill-code': {
      suggested_key: { default: 'Alt+Shift+F' },
      description: 'Fill the focused code field from Twofold',
    },
  },
  content_scripts: [
    { matches: ['https://*/*', 'http://*/*'], js: ['content.js'], all_frames: true, run_at: 'document_idle' },
  ],
};

const manifests = {
  chromium: { ...common, key: ids.CHROMIUM_EXTENSION_KEY, background: { service_worker: 'background.js' } },
  firefox: {
    ...common,
    background: { scripts: ['background.js'] },
    browser_specific_settings: {
      gecko: {
        id: ids.FIREFOX_EXTENSION_ID,
        // 140 (the ESR of 2025): the first to read data_collection_permissions.
        strict_min_version: '140.0',
        // Twofold's extension sends nothing anywhere but to the native host on this computer.
        data_collection_permissions: { required: ['none'] },
      },
      // Firefox for Android has no native messaging; the key only keeps its minimum honest.
      gecko_android: { strict_min_version: '142.0' },
    },
  },
};

for (const [browser, manifest] of Object.entries(manifests)) {
  const out = resolve(root, 'out/extension', browser);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: {
      background: resolve(src, 'background.ts'),
      content: resolve(src, 'content.ts'),
      popup: resolve(src, 'popup.ts'),
    },
    outdir: out,
    bundle: true,
    format: 'iife',
    target: browser === 'firefox' ? 'firefox140' : 'chrome120',
    minify: true,
    logLevel: 'warning',
  });
  copyFileSync(resolve(src, 'popup.html'), resolve(out, 'popup.html'));
  writeFileSync(resolve(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}
console.log('extension built into out/extension/{chromium,firefox}');
