#!/usr/bin/env node
// The `twofold` CLI: the prebuilt bundle when it is up to date (fast start), else the
// TypeScript sources through tsx, so it works right after `npm install` and never runs stale code.
import { freshCliBundle } from './cli-bundle.mjs';

const bundle = freshCliBundle();
if (bundle) {
  await import(bundle.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
