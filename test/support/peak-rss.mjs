// Preloaded with `node --import` by runBin's `measure` option: when the process exits,
// its peak resident set size (kilobytes, from getrusage) goes to the file the parent named.
import { writeFileSync } from 'node:fs';

const target = process.env.TWOFOLD_TEST_PEAK_RSS_FILE;
if (target) {
  process.on('exit', () => writeFileSync(target, String(process.resourceUsage().maxRSS)));
}
