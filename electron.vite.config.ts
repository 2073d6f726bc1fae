import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src/main/index.ts') } },
    },
  },
  preload: {
    // FormatJS warns in development by `process.env.NODE_ENV`: a sandboxed preload has no env to read.
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      // A sandboxed preload can require only 'electron': bundle zod (the contract) into it, and
      // FormatJS, which the contract's errors reach (PersonFacingError keeps an English message).
      externalizeDeps: {
        exclude: ['zod', '@formatjs/intl', '@formatjs/icu-messageformat-parser', 'intl-messageformat'],
      },
      // A sandboxed preload cannot be an ES module.
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      // A smaller bundle parses faster at start-up.
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
    plugins: [react()],
  },
});
