import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const layersModule: string = join(ROOT, 'eslint/layers.js');
const { LAYERS } = (await import(layersModule)) as { LAYERS: Record<string, string[]> };
const eslint = new ESLint({ cwd: ROOT });

/** The layering reports for `code` linted as a file of src/<folder>: "rule: module" each. */
async function reports(folder: string, code: string): Promise<string[]> {
  // The server's rules are typed (projectService), so its probe takes the path of a file the
  // project has; nothing is written under src/ (that would make the prebuilt bins look stale).
  const file = folder === 'server' ? 'bin.ts' : '__layering-probe.ts';
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, 'src', folder, file) });
  const lines = code.split('\n');
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'twofold/layers' || m.ruleId === 'no-restricted-imports')
    .map((m) => `${m.ruleId}: ${/'([^']+)'/.exec(lines[m.line - 1] ?? '')?.[1] ?? '?'}`);
}

// One probe per folder of src/: what the table forbids there, and one thing it allows.
const PROBES: Record<string, { code: string; forbidden: string[] }> = {
  node: {
    code: `import { app } from 'electron';\nimport { Vault } from '../desktop/vault';\nimport { readFileSync } from 'node:fs';\nimport { x } from '../shared/otp/totp';\nexport const used = [app, Vault, readFileSync, x];\n`,
    forbidden: ['no-restricted-imports: electron', 'twofold/layers: ../desktop/vault'],
  },
  desktop: {
    code: `import { app } from 'electron';\nimport { startApp } from '../main/app/lifecycle';\nimport { readFileSync } from 'node:fs';\nimport { nodeOtpEngine } from '../node/otp-engine';\nexport const used = [app, startApp, readFileSync, nodeOtpEngine];\n`,
    forbidden: ['no-restricted-imports: electron', 'twofold/layers: ../main/app/lifecycle'],
  },
  main: {
    code: `import { app } from 'electron';\nimport { run } from '../cli/main';\nimport { buildApp } from '../server/app';\nimport { Vault } from '../desktop/vault';\nexport const used = [app, run, buildApp, Vault];\n`,
    forbidden: ['twofold/layers: ../cli/main', 'twofold/layers: ../server/app'],
  },
  preload: {
    code: `import { contextBridge } from 'electron';\nimport { Vault } from '../desktop/vault';\nimport { x } from '../shared/ipc/contract';\nexport const used = [contextBridge, Vault, x];\n`,
    forbidden: ['twofold/layers: ../desktop/vault'],
  },
  renderer: {
    code: `import { readFileSync } from 'fs';\nimport { join } from 'node:path';\nimport { ipcRenderer } from 'electron';\nimport { startApp } from '../main/app/lifecycle';\nimport { x } from '../shared/ipc/contract';\nexport const used = [readFileSync, join, ipcRenderer, startApp, x];\n`,
    forbidden: [
      'no-restricted-imports: fs',
      'no-restricted-imports: node:path',
      'no-restricted-imports: electron',
      'twofold/layers: ../main/app/lifecycle',
    ],
  },
  cli: {
    code: `import { app } from 'electron';\nimport { startApp } from '../main/app/lifecycle';\nimport { Vault } from '../desktop/vault';\nexport const used = [app, startApp, Vault];\n`,
    forbidden: ['no-restricted-imports: electron', 'twofold/layers: ../main/app/lifecycle'],
  },
  host: {
    code: `import { app } from 'electron';\nimport { startApp } from '../main/app/lifecycle';\nimport { Vault } from '../desktop/vault';\nexport const used = [app, startApp, Vault];\n`,
    forbidden: ['no-restricted-imports: electron', 'twofold/layers: ../main/app/lifecycle'],
  },
  extension: {
    code: `import { readFileSync } from 'node:fs';\nimport { Vault } from '../desktop/vault';\nimport { x } from '../shared/browser/messages';\nexport const used = [readFileSync, Vault, x];\n`,
    forbidden: ['no-restricted-imports: node:fs', 'twofold/layers: ../desktop/vault'],
  },
  server: {
    // A type-only import is a dependency too.
    code: `import { app } from 'electron';\nimport type { Vault } from '../desktop/vault';\nimport { nodeOtpEngine } from '../node/otp-engine';\nexport const used: [unknown, Vault?] = [app, nodeOtpEngine];\n`,
    forbidden: ['no-restricted-imports: electron', 'twofold/layers: ../desktop/vault'],
  },
};

describe('layering (eslint/layers.js) holds in every folder of src/', { timeout: 120_000 }, () => {
  it('every folder of the table has a probe here', () => {
    expect(Object.keys(PROBES).sort()).toEqual(
      Object.keys(LAYERS)
        .filter((f) => f !== 'shared')
        .sort(),
    );
  });

  for (const [folder, probe] of Object.entries(PROBES)) {
    it(`src/${folder}: the forbidden imports are reported, the allowed ones are not`, async () => {
      expect((await reports(folder, probe.code)).sort()).toEqual([...probe.forbidden].sort());
    });
  }

  it('a sub-folder that shares a top-level name is not mistaken for it (src/server/cli)', async () => {
    const [result] = await eslint.lintText(
      `import { x } from '../cli/options';\nexport const used = [x];\n`,
      {
        filePath: join(ROOT, 'src/server/db/__probe.ts'),
      },
    );
    expect(result?.messages.filter((m) => m.ruleId === 'twofold/layers')).toEqual([]);
  });
});
