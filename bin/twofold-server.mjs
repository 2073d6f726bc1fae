#!/usr/bin/env node
// Runs the account server's TypeScript entry directly (through tsx) so it works right after `npm install`.
import { register } from 'tsx/esm/api';

register();
await import('../src/server/bin.ts');
