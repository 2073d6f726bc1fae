import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDatedServer, type DatedServer } from '../support/dated-server';
import { runBin } from '../support/run-bin';

// RFC 6238's SHA1 vector at T = 59 s: the code itself does not depend on either clock.
const URI = 'otpauth://totp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8';

/** `twofold code --server-time URL` against a loopback server whose Date header is off. */
describe('twofold code --server-time', { timeout: 120_000 }, () => {
  let server: DatedServer;
  beforeAll(async () => {
    server = await startDatedServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  const code = (url = server.url) =>
    runBin('twofold', ['code', '--uri', URI, '--time', '59', '--server-time', url]);

  it("warns on stderr when this computer's clock is 40 s ahead of the server's, and still prints the code", async () => {
    server.offsetSeconds = -40;
    const result = await code();
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('94287082\n');
    expect(result.stderr).toBe(
      `twofold: warning: This computer's clock is 40 s ahead of ${server.host}'s. Codes made here may be refused: turn on automatic date and time.\n`,
    );
  });

  it('says "behind" in minutes for a server 3 minutes ahead', async () => {
    server.offsetSeconds = 180;
    const result = await code();
    expect(result.stdout).toBe('94287082\n');
    expect(result.stderr).toContain("This computer's clock is 3 minutes behind");
  });

  it('stays quiet within 15 s', async () => {
    server.offsetSeconds = 5;
    const result = await code();
    expect(result).toMatchObject({ status: 0, stdout: '94287082\n', stderr: '' });
  });

  it('says when the server gives no time or cannot be reached, and still prints the code', async () => {
    server.offsetSeconds = null;
    const silent = await code();
    expect(silent.stdout).toBe('94287082\n');
    expect(silent.stderr).toContain('did not say its time (no Date header)');
    const down = await code('http://127.0.0.1:1');
    expect(down.stdout).toBe('94287082\n');
    expect(down.stderr).toContain('could not reach 127.0.0.1:1');
  });

  it('refuses an address that is not http(s)', async () => {
    const result = await code('ftp://example.org');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--server-time needs an http:// or https:// address');
  });
});
