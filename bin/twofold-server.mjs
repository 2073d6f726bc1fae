#!/usr/bin/env node
// The account server: the prebuilt bundle when it is up to date (plain Node, no TypeScript
// loader in production), else the sources through tsx in development (bin/prebuilt.mjs).
import { startBin } from './prebuilt.mjs';

await startBin('twofold-server');
