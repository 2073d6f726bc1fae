#!/usr/bin/env node
// The `twofold` CLI: the prebuilt bundle when it is up to date, else the sources (bin/prebuilt.mjs).
import { startBin } from './prebuilt.mjs';

await startBin('twofold');
