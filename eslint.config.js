import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

import { LAYERS, layerImports, layersPlugin } from './eslint/layers.js';

// The server's services talk to the database only through the stores in src/server/db,
// which hold every SQL statement; they never see the database itself.
const STORES_ONLY = 'Only src/server/db talks to the database: add a store method there (see db/stores.ts).';
const databaseDrivers = ['pg', 'better-sqlite3'].map((name) => ({ name, message: STORES_ONLY }));
const databaseInternals = {
  group: ['**/db/sql', '**/db/sqlite/**', '**/db/postgres/**', '**/db/dialect', '**/db/migrate'],
  message: STORES_ONLY,
};
// SQL written as a string or template outside src/server/db: a statement's first words.
const SQL_START = '/^\\s*(SELECT|INSERT\\s+INTO|UPDATE\\s+\\w+\\s+SET|DELETE\\s+FROM|WITH\\s+\\w+\\s+AS)\\b/';
const sqlText = [
  { selector: `Literal[value=${SQL_START}]`, message: STORES_ONLY },
  { selector: `TemplateLiteral > TemplateElement:first-child[value.raw=${SQL_START}]`, message: STORES_ONLY },
];

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'dist/**', 'test-results/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  // Layering (eslint/layers.js): every folder of src/ imports only what its row allows. The
  // shared, renderer and server blocks below add their own rules, so they repeat their row.
  ...Object.keys(LAYERS).map((folder) => ({
    files: [`src/${folder}/**/*.{ts,tsx,mts,js,mjs}`],
    plugins: { twofold: layersPlugin },
    rules: { 'twofold/layers': 'error', 'no-restricted-imports': layerImports(folder) },
  })),
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': layerImports('shared'),
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'localStorage', 'process', 'Buffer', 'require'].map(
          (name) => ({
            name,
            message: 'src/shared runs everywhere: no DOM or Node globals.',
          }),
        ),
      ],
    },
  },
  {
    // The browser extension: a content script in pages and a service worker.
    files: ['src/extension/**/*.ts'],
    languageOptions: {
      globals: {
        chrome: 'readonly',
        document: 'readonly',
        HTMLInputElement: 'readonly',
        HTMLElement: 'readonly',
        InputEvent: 'readonly',
        Event: 'readonly',
        MutationObserver: 'readonly',
      },
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        navigator: 'readonly',
        HTMLElement: 'readonly',
        requestAnimationFrame: 'readonly',
        cancelAnimationFrame: 'readonly',
      },
    },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': layerImports('renderer'),
    },
  },
  {
    // The server runs without the desktop: what it shares with the desktop and the CLI lives in src/node.
    // Its store is asynchronous (SQLite or PostgreSQL): a promise left unawaited is a write
    // that may not have happened when the answer says it did.
    files: ['src/server/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      'no-restricted-imports': layerImports('server', {
        paths: databaseDrivers,
        patterns: [databaseInternals],
      }),
      'no-restricted-syntax': ['error', ...sqlText],
    },
  },
  {
    // Where the database is: the stores, the composition root that builds them from it, and
    // `twofold-server copy`, which reads a SQLite file table by table into PostgreSQL.
    files: ['src/server/db/**/*.ts', 'src/server/context.ts', 'src/server/cli/copy.ts'],
    rules: {
      'no-restricted-imports': layerImports('server'),
      'no-restricted-syntax': 'off',
    },
  },
);
