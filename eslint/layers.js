// Which top-level folder of src/ may import which (README, "Layout"). One table, read by
// eslint.config.js, which turns each row into no-restricted-imports patterns for that folder.
// Type-only imports count: an `import type` from a forbidden folder is still a dependency.
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';

/** folder -> the other folders of src/ it may import. A folder may always import itself. */
export const LAYERS = {
  shared: [],
  node: ['shared'],
  desktop: ['node', 'shared'],
  main: ['desktop', 'node', 'shared'],
  preload: ['shared'],
  renderer: ['shared'],
  cli: ['desktop', 'node', 'shared'],
  host: ['desktop', 'node', 'shared'],
  server: ['node', 'shared'],
  extension: ['shared'],
};

/** The Electron shell: the only folders that may import `electron` (and electron-updater). */
export const ELECTRON_SHELL = ['main', 'preload'];

/** Folders that run where there is no Node: no built-ins, by bare name or node: prefix. */
export const NO_NODE = ['shared', 'renderer', 'extension'];

const WHY = {
  shared: 'src/shared runs everywhere: pass platform services in from the caller.',
  node: 'src/node is Node platform code shared by desktop, CLI and server.',
  desktop:
    'src/desktop is plain Node (used by the Electron shell, the CLI and the test host): put Electron behind an adapter in src/main.',
  main: 'src/main is the Electron main process.',
  preload: 'The preload only bridges the contract in src/shared.',
  renderer: 'The renderer reaches the main process only through window.twofold.',
  cli: 'The CLI runs without Electron: it uses src/desktop, src/node and src/shared.',
  host: 'The test host runs without Electron: it uses src/desktop, src/node and src/shared.',
  server:
    'The server runs without the desktop: what it shares with the desktop and the CLI lives in src/node.',
  extension:
    'The browser extension runs in web pages and a service worker: it reaches the vault only through the native host.',
};

const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'));

/** no-restricted-imports options for files of `folder`, plus any `extra` paths and patterns. */
export function layerImports(folder, extra = {}) {
  const why = `${WHY[folder]} (eslint/layers.js)`;
  const paths = [...(extra.paths ?? [])];
  const patterns = [...(extra.patterns ?? [])];
  if (!ELECTRON_SHELL.includes(folder)) {
    paths.push(...['electron', 'electron-updater'].map((name) => ({ name, message: why })));
    patterns.push({ group: ['electron/*'], message: why });
  }
  if (NO_NODE.includes(folder)) {
    paths.push(...nodeBuiltins.map((name) => ({ name, message: `${why} No Node built-ins here.` })));
    patterns.push({ group: ['node:*'], message: `${why} No Node built-ins here.` });
  }
  return ['error', { paths, patterns }];
}

const SRC = resolve(import.meta.dirname, '../src');

/** The top-level folder of src/ that `path` lies in, or null outside src/. */
function folderOf(path) {
  const rel = relative(SRC, path);
  return rel.startsWith('..') || rel === '' ? null : rel.split(sep)[0];
}

/**
 * twofold/layers: a relative import that lands in another folder of src/ than the table allows.
 * Resolved from the file's own place, so a sub-folder that shares a name (src/server/cli) is not
 * mistaken for a top-level one.
 */
export const layersPlugin = {
  rules: {
    layers: {
      meta: {
        type: 'problem',
        schema: [],
        messages: {
          forbidden:
            '{{from}} may not import from src/{{to}} ({{spec}}). {{why}} Allowed: {{allowed}} (eslint/layers.js).',
        },
      },
      create(context) {
        const from = folderOf(context.filename);
        if (!from || !(from in LAYERS)) return {};
        const check = (node, source) => {
          if (!source || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
          const to = folderOf(resolve(dirname(context.filename), source.value));
          if (!to || to === from || LAYERS[from].includes(to)) return;
          const allowed = LAYERS[from].length
            ? LAYERS[from].map((f) => `src/${f}`).join(', ')
            : 'nothing outside itself';
          context.report({
            node: source,
            messageId: 'forbidden',
            data: { from: `src/${from}`, to, spec: source.value, why: WHY[from], allowed },
          });
        };
        return {
          ImportDeclaration: (node) => check(node, node.source),
          ExportNamedDeclaration: (node) => check(node, node.source),
          ExportAllDeclaration: (node) => check(node, node.source),
          ImportExpression: (node) => check(node, node.source),
          TSImportType: (node) => check(node, node.argument?.literal ?? node.argument),
        };
      },
    },
  },
};
