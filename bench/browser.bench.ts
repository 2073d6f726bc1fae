// Browser filling benchmark: the time from a click on "Fill code from Twofold" to the filled
// field in Chromium with the extension (median of 20), against the baseline the browser
// cannot go below, in the same run: starting the native host and one request and answer on
// its stdio (Chromium starts a host for each sendNativeMessage). Run: npm run bench:browser
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { encodeFrame, FrameReader } from '../src/desktop/browser/framing';
import { chromiumUnavailable } from '../test/support/chromium';
import { openExtensionLab } from '../test/support/extension-lab';
import { ROOT } from '../test/support/run-bin';
import { medians } from './support/medians';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);

const unavailable = chromiumUnavailable();
if (unavailable) {
  console.log(`skipped: ${unavailable}`);
  process.exit(0);
}

const lab = await openExtensionLab();
try {
  const page = await lab.context.newPage();
  await page.goto(lab.https('github.com', '/plain'));
  const button = page.getByRole('button', { name: 'Fill code from Twofold' });
  await button.waitFor({ timeout: 15_000 });
  const field = page.locator('#code');

  const hostRoundTrip = () =>
    new Promise<void>((resolve, reject) => {
      const url = lab.https('github.com', '/plain');
      const child = spawn(
        process.execPath,
        [
          join(ROOT, 'bin/twofold.mjs'),
          'browser',
          'host',
          '--vault',
          lab.vault,
          '--',
          'chrome-extension://x/',
        ],
        { env: { ...process.env, ...lab.env }, stdio: ['pipe', 'pipe', 'ignore'] },
      );
      const reader = new FrameReader(1024 * 1024);
      child.stdout.on('data', (chunk: Buffer) => {
        const frame = reader.push(chunk)[0];
        if (!frame) return;
        child.stdin.end();
        if (frame.kind === 'message' && (JSON.parse(frame.text) as { ok: boolean }).ok) resolve();
        else reject(new Error(`the host answered ${frame.kind === 'message' ? frame.text : 'oversized'}`));
      });
      child.on('error', reject);
      child.stdin.write(encodeFrame({ type: 'code', id: 1, url, topUrl: url }));
    });

  // The field is emptied after each fill, outside the measured time.
  const clickToFilled = async () => {
    await button.click();
    await page.waitForFunction(
      () =>
        (
          globalThis as unknown as { document: { querySelector(s: string): { value: string } } }
        ).document.querySelector('#code').value.length === 6,
      undefined,
      { polling: 'raf', timeout: 15_000 },
    );
    return { untimed: () => field.fill('') };
  };

  const [host, fill] = await medians(RUNS, hostRoundTrip, clickToFilled);
  // The filled code is the right one (checked against oathtool), not just six digits.
  const before = lab.oathtool();
  await clickToFilled();
  const code = await field.inputValue();
  if (![before, lab.oathtool()].includes(code)) throw new Error(`the field holds ${code}, not the code`);
  console.log(`native host start + one answer: median ${host.toFixed(0)} ms of ${RUNS}`);
  console.log(`click to filled field:          median ${fill.toFixed(0)} ms of ${RUNS}`);
  console.log(`ratio (fill / host round trip): ${(fill / host).toFixed(2)}`);
} finally {
  await lab.close();
}
