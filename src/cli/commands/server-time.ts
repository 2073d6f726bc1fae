import { clockNeedsWarning, clockOffsetFromDate, computerClockWarning } from '../../shared/clock-drift';
import { terminalSafe } from '../terminal-text';
import { UsageError } from '../usage-error';

const TIMEOUT_MS = 5_000;

/**
 * `--server-time URL`: reads the server's Date header and warns on stderr when this computer's
 * clock is more than 15 s from it, since the codes printed here would then be refused there.
 * Never stops the code from being printed: an unreachable server is a warning too.
 */
export async function warnAboutClock(raw: string): Promise<void> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(
      `--server-time needs a server address such as https://accounts.example.com, not "${raw}".`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`--server-time needs an http:// or https:// address, not ${url.protocol}//.`);
  }
  const warn = (text: string) => process.stderr.write(`twofold: warning: ${terminalSafe(text)}\n`);
  const sentAt = Date.now();
  let date: string | null;
  try {
    const response = await fetch(url, {
      method: 'HEAD',
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    date = response.headers.get('date');
  } catch {
    warn(
      `could not reach ${url.host} to compare clocks; the code below assumes this computer's clock is right.`,
    );
    return;
  }
  const offset = clockOffsetFromDate(date, sentAt, Date.now());
  if (offset === null) {
    warn(`${url.host} did not say its time (no Date header); the clocks were not compared.`);
    return;
  }
  if (clockNeedsWarning(offset)) warn(computerClockWarning(offset, url.host));
}
